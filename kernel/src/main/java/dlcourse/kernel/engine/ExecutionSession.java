package dlcourse.kernel.engine;

import com.google.gson.JsonParser;
import dlcourse.kernel.magic.CellPart;
import dlcourse.kernel.magic.CellParser;
import dlcourse.kernel.magic.MagicException;
import dlcourse.kernel.magic.Magics;
import dlcourse.kernel.magic.MavenMagic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.spi.ExecutionControl;

/**
 * Runs notebook cells, one at a time, in a separate execution JVM: the engine under the Jupyter kernel, the
 * notebook runner and the autograder.
 *
 * <pre>{@code
 * ExecutionOptions options = ExecutionOptions.builder()
 *         .jvmOptions(List.of("-Xmx512m")).cellTimeout(Duration.ofSeconds(30)).build();
 * try (ExecutionSession session = ExecutionSession.start(options)) {
 *     CellResult r = session.execute("int twice(int x) { return 2 * x; }\ntwice(21)");
 *     r.status();        // COMPLETED
 *     r.resultText();    // Optional[42]
 *     r.outputs();       // nbformat outputs: streams, display_data, execute_result, error
 * }
 * }</pre>
 *
 * <p>A cell is Java code (statements, declarations, a last expression whose value is shown by type) mixed with
 * IJava magics ({@code %jars}, {@code %classpath}, {@code %maven}, {@code %load}, {@code %time}, {@code %%time}).
 * User code runs in the execution JVM; its {@code System.out}/{@code System.err} and its displays reach this
 * process on separate channels, so nothing a cell prints can pose as a result, an error or a status.
 *
 * <p>The session survives what a cell does to its JVM: after {@code System.exit}, {@code Runtime.halt} or a crash,
 * the cell ends with {@link CellStatus#JVM_DIED} and an error saying the state was reset, and the next cell runs in
 * a fresh JVM (with the same class path). {@link #interrupt()} (and the per-cell time limit) throws a stop signal
 * into the cell through the debugger; a cell that does not stop within {@value #STOP_GRACE_MILLIS} ms has its JVM
 * replaced. Thread safety: {@link #execute} runs one cell at a time; {@link #interrupt()} may come from any thread.
 *
 * <p>Side effect: JShell's compiler takes its starting class path from the {@code java.class.path} system property,
 * so a session sets that property to the agent jar alone (that is what keeps the caller's libraries out of user
 * code). Code in the same JVM that reads {@code java.class.path} afterwards sees that value.
 */
public final class ExecutionSession implements AutoCloseable {
    static final long STOP_GRACE_MILLIS = 1500;
    private static final long STOP_RETRY_MILLIS = 200;

    private final ExecutionOptions options;
    private final ExecutionOutputs outputs = new ExecutionOutputs();
    private final UserInput input = new UserInput();
    private final List<Path> classpath = new CopyOnWriteArrayList<>();
    private final Magics magics = Magics.standard(new MavenMagic());
    private final Map<String, SnippetLocation> locations = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;
    private final AtomicInteger cellCounter = new AtomicInteger();
    private final Object executeLock = new Object();
    private final RuntimeSlot runtimes;
    private volatile CellRun currentRun;
    private volatile boolean closed;

    private ExecutionSession(ExecutionOptions options) {
        this.options = options;
        this.classpath.addAll(options.classpath());
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "execution-session-watchdog");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.watchdog = pool;
        this.runtimes = new RuntimeSlot(options, outputs, input, classpath, locations::clear);
    }

    /**
     * Starts a session and waits until its execution JVM is ready.
     *
     * @throws IOException if the execution JVM cannot start (the message says why, for example a bad JVM option)
     */
    public static ExecutionSession start(ExecutionOptions options) throws IOException {
        ExecutionSession session = new ExecutionSession(options);
        try {
            session.runtimes.await();
        } catch (IOException e) {
            session.close();
            throw e;
        } catch (InterruptedException e) {
            session.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the execution JVM started", e);
        }
        return session;
    }

    /**
     * Starts a session whose execution JVM starts in the background; the first {@link #execute} waits for it, and
     * reports in its error output if it could not start.
     */
    public static ExecutionSession startInBackground(ExecutionOptions options) {
        return new ExecutionSession(options);
    }

    /** The options this session was started with. */
    public ExecutionOptions options() {
        return options;
    }

    /** The user's class path now: the options' entries and what magics added. */
    public List<Path> classpath() {
        return List.copyOf(classpath);
    }

    /** Where cells' {@code System.in} reads from (by default nothing: end of input). */
    public void input(LineReader reader) {
        input.reader(reader);
    }

    /** Runs a cell and returns its outputs. */
    public CellResult execute(String code) {
        return execute(code, OutputListener.NONE);
    }

    /** Runs a cell, passing each output to {@code live} as it happens, and returns them all. */
    public CellResult execute(String code, OutputListener live) {
        return execute(code, live, cellCounter.get() + 1);
    }

    /**
     * Runs a cell.
     *
     * @param code       the cell's source
     * @param live       receives outputs as they happen (on another thread); {@link OutputListener#NONE} for none
     * @param cellNumber the number errors use for this cell (Jupyter's execution count)
     */
    public CellResult execute(String code, OutputListener live, int cellNumber) {
        if (closed) {
            throw new IllegalStateException("this execution session is closed");
        }
        synchronized (executeLock) {
            cellCounter.set(cellNumber);
            CellRun run = new CellRun(this, live, cellNumber);
            currentRun = run;
            outputs.listener(run);
            ScheduledFuture<?> timer = null;
            Duration limit = options.cellTimeout();
            if (!limit.isZero()) {
                timer = watchdog.schedule(() -> requestStop(run, CellStatus.TIMED_OUT), limit.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            long start = System.nanoTime();
            try {
                runCell(run, code);
            } catch (RuntimeException e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                run.fail(CellStatus.ERRORED, CellOutput.error("KernelError",
                        "the kernel failed while running the cell: " + e, trace.toString().lines().toList()));
            } finally {
                if (timer != null) {
                    timer.cancel(false);
                }
                run.finished = true;
                currentRun = null;
                outputs.listener(OutputListener.NONE);
            }
            return new CellResult(run.status(), run.outputs(), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Interrupts the running cell, if any; returns at once. */
    public void interrupt() {
        CellRun run = currentRun;
        if (run != null) {
            requestStop(run, CellStatus.INTERRUPTED);
        }
    }

    /** Completion, inspection and completeness checks on the current JShell, for the Jupyter kernel. */
    public CodeAssist codeAssist() {
        JShellRuntime rt = runtimes.ready();
        return new CodeAssist(rt == null ? null : rt.jshell, magics.names());
    }

    @Override
    public void close() {
        closed = true;
        runtimes.close();
        watchdog.shutdownNow();
    }

    // ------------------------------------------------------------------ running cells

    private void runCell(CellRun run, String code) {
        List<CellPart> parts = CellParser.parse(code);
        int lastCode = -1;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).kind() != CellPart.Kind.LINE_MAGIC) {
                lastCode = i;
            }
        }
        for (int i = 0; i < parts.size(); i++) {
            CellPart part = parts.get(i);
            boolean ok;
            try {
                switch (part.kind()) {
                    case CODE:
                        ok = runCode(run, part.body(), null, part.firstLine(), i == lastCode);
                        break;
                    case LINE_MAGIC:
                        magics.runLine(run, part.name(), part.arguments(), part.firstLine());
                        ok = true;
                        break;
                    default:
                        magics.runCell(run, part.name(), part.arguments(), part.body(), part.firstLine());
                        ok = true;
                }
            } catch (MagicException e) {
                if (run.status() == CellStatus.COMPLETED) {
                    run.fail(CellStatus.ERRORED, CellOutput.error("MagicException", e.getMessage(),
                            List.of("error: " + e.getMessage())));
                }
                ok = false;
            }
            if (!ok || run.status() != CellStatus.COMPLETED) {
                return;
            }
        }
    }

    /** Runs code as part of a cell; false if it failed (the error is recorded in the run). */
    boolean runCode(CellRun run, String code, String origin, int firstLine, boolean renderLast) {
        JShellRuntime rt = awaitRuntime(run);
        if (rt == null) {
            return false;
        }
        SnippetEvent lastEvent = null;
        boolean lastEndsWithSemicolon = false;
        for (SnippetSplitter.Piece piece : SnippetSplitter.split(code, rt.jshell.sourceCodeAnalysis())) {
            SnippetLocation where = new SnippetLocation(run.cellNumber, origin, firstLine + piece.firstLine());
            if (piece.incomplete()) {
                run.fail(CellStatus.ERRORED, ErrorFormatter.incomplete(piece.source(), where, run.cellNumber));
                return false;
            }
            if (run.stopReason != null) {
                return endStopped(run, rt);
            }
            List<SnippetEvent> events;
            try {
                events = rt.jshell.eval(piece.source());
            } catch (IllegalStateException closedJShell) {
                events = List.of();
            }
            if (rt.isDead()) {
                return endDead(run, rt);
            }
            if (run.stopReason != null) {
                return endStopped(run, rt);
            }
            for (SnippetEvent event : events) {
                if (event.causeSnippet() == null && event.snippet() != null) {
                    locations.put(event.snippet().id(), where);
                }
            }
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) {
                    continue;
                }
                if (event.exception() != null) {
                    run.fail(CellStatus.ERRORED, ErrorFormatter.runtimeError(event.exception(), locations, run.cellNumber));
                    return false;
                }
                if (event.status() == Snippet.Status.REJECTED) {
                    run.fail(CellStatus.ERRORED, ErrorFormatter.compileError(rt.jshell, event.snippet(), piece.source(),
                            where, run.cellNumber));
                    return false;
                }
                if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                        || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    run.output(CellOutput.stream("stderr", Unresolved.note(rt.jshell, event.snippet())));
                }
                lastEvent = event;
            }
            lastEndsWithSemicolon = piece.endsWithSemicolon();
        }
        // as in IPython, a trailing ';' keeps the value to itself: display(chart); shows no id below the chart
        if (renderLast && lastEvent != null && isExpression(lastEvent.snippet()) && !lastEndsWithSemicolon) {
            return renderResult(run, rt);
        }
        return true;
    }

    private static boolean isExpression(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || (snippet.kind() == Snippet.Kind.VAR && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    }

    private boolean renderResult(CellRun run, JShellRuntime rt) {
        try {
            String json = rt.renderLastValue();
            if (json != null) {
                Map<String, String> data = new LinkedHashMap<>();
                JsonParser.parseString(json).getAsJsonObject().entrySet()
                        .forEach(e -> data.put(e.getKey(), e.getValue().getAsString()));
                run.output(CellOutput.executeResult(data));
            }
            return true;
        } catch (ExecutionControl.StoppedException e) {
            return endStopped(run, rt);
        } catch (Exception e) {
            if (rt.isDead()) {
                return endDead(run, rt);
            }
            if (run.stopReason != null) {
                return endStopped(run, rt);
            }
            run.output(CellOutput.stream("stderr", "(the result could not be shown: " + e + ")\n"));
            return true;
        }
    }

    private boolean endStopped(CellRun run, JShellRuntime rt) {
        if (rt.isDead()) {
            return endDead(run, rt);
        }
        CellStatus reason = run.stopReason;
        if (reason == CellStatus.TIMED_OUT) {
            run.fail(reason, CellOutput.error("CellTimeout", "the cell ran longer than its limit of "
                    + seconds(options.cellTimeout()) + " and was stopped", List.of(
                    "CellTimeout: the cell ran longer than its limit of " + seconds(options.cellTimeout())
                            + " and was stopped; the session's state is kept")));
        } else if (reason == null) {
            // a stop that the session never asked for: the cell's own code threw the signal
            String message = ExecutionJvmControl.unrequestedStop().getMessage();
            run.fail(CellStatus.ERRORED, CellOutput.error(ExecutionJvmControl.UNREQUESTED_STOP, message,
                    List.of(ExecutionJvmControl.UNREQUESTED_STOP + ": " + message)));
        } else {
            run.fail(CellStatus.INTERRUPTED, CellOutput.error("Interrupted", "the cell was interrupted",
                    List.of("Interrupted: the cell was interrupted; the session's state is kept")));
        }
        return false;
    }

    private boolean endDead(CellRun run, JShellRuntime rt) {
        int exitStatus = rt.exitStatus();
        runtimes.replace(rt);
        String reset = "its state (variables, methods, classes, imports) was reset; the next cell runs in a fresh one";
        if (run.stopReason == CellStatus.TIMED_OUT) {
            String message = "the cell ran longer than its limit of " + seconds(options.cellTimeout())
                    + " and did not stop, so its execution JVM was replaced: " + reset;
            run.fail(CellStatus.TIMED_OUT, CellOutput.error("CellTimeout", message, List.of("CellTimeout: " + message)));
        } else if (run.stopReason == CellStatus.INTERRUPTED) {
            String message = "the cell did not stop when interrupted, so its execution JVM was replaced: " + reset;
            run.fail(CellStatus.INTERRUPTED, CellOutput.error("ExecutionJvmReplaced", message,
                    List.of("ExecutionJvmReplaced: " + message)));
        } else {
            String message = "the execution JVM exited with status " + exitStatus
                    + " while the cell ran (System.exit, Runtime.halt or a crash), so " + reset;
            run.fail(CellStatus.JVM_DIED, CellOutput.error("ExecutionJvmExited", message,
                    List.of("ExecutionJvmExited: " + message)));
        }
        return false;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    // ------------------------------------------------------------------ stopping

    private void requestStop(CellRun run, CellStatus reason) {
        synchronized (run) {
            if (run.finished || run.stopReason != null) {
                return;
            }
            run.stopReason = reason;
        }
        JShellRuntime rt = runtimes.ready();
        if (rt == null) {
            return;
        }
        long deadline = System.nanoTime() + STOP_GRACE_MILLIS * 1_000_000L;
        watchdog.execute(() -> {
            while (!run.finished && System.nanoTime() < deadline && !rt.isDead()) {
                try {
                    rt.stopCell();
                } catch (Exception e) {
                    if (!run.finished && !rt.isDead()) {
                        System.err.println("dlcourse kernel: could not interrupt through the debugger: " + e);
                    }
                }
                sleep(STOP_RETRY_MILLIS);
            }
        });
        watchdog.schedule(() -> {
            if (!run.finished) {
                rt.kill();
            }
        }, STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the runtime

    void addToClasspath(List<Path> paths) {
        // wait for a starting runtime: it took its class path when it started, so it must hear of these paths
        JShellRuntime rt = runtimes.awaitQuietly();
        for (Path path : paths) {
            Path absolute = path.toAbsolutePath().normalize();
            if (!classpath.contains(absolute)) {
                classpath.add(absolute);
                if (rt != null && !rt.isDead()) {
                    rt.jshell.addToClasspath(absolute.toString());
                }
            }
        }
    }

    /** Waits for the runtime; if it could not start, records the error in the run (the next cell tries again). */
    private JShellRuntime awaitRuntime(CellRun run) {
        try {
            return runtimes.await();
        } catch (IOException e) {
            run.fail(CellStatus.ERRORED, CellOutput.error("ExecutionJvmUnavailable", e.getMessage(),
                    List.of("ExecutionJvmUnavailable: " + e.getMessage())));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.fail(CellStatus.INTERRUPTED, CellOutput.error("Interrupted", "interrupted while waiting for the execution JVM",
                    List.of("Interrupted: interrupted while waiting for the execution JVM")));
            return null;
        }
    }
}
