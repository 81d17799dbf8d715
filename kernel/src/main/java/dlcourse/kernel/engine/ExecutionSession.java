package dlcourse.kernel.engine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

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
 * the cell ends with {@link CellStatus#JVM_DIED} and an error that names the variables, methods and classes that were
 * lost, and the next cell runs in a fresh JVM (with the same class path). A JVM that dies while no cell runs (a
 * thread called {@code System.exit}, it was killed) is announced within a second on the last cell's live listener,
 * and again at the start of the next cell, whose result says {@link CellResult#jvmReplaced()}. {@link #interrupt()}
 * and the per-cell time limit stop a cell ({@link StopPolicy}); the cell pipeline ({@link CellPipeline}) turns
 * code into outputs.
 *
 * <p>Output: each cell's stream text is capped at {@link ExecutionOptions#outputLimit()} characters, with a note.
 * Output of a thread that a cell started goes to that cell's live listener, also after the cell ended (the Jupyter
 * kernel sends it with that cell's parent header); it is not added to the finished cell's {@link CellResult}.
 *
 * <p>Thread safety: {@link #execute} runs one cell at a time; {@link #interrupt()} may come from any thread.
 *
 * <p>Side effect: JShell's compiler takes its starting class path from the {@code java.class.path} system property,
 * so a session sets that property to the agent jar alone (that is what keeps the caller's libraries out of user
 * code). Code in the same JVM that reads {@code java.class.path} afterwards sees that value.
 */
public final class ExecutionSession implements AutoCloseable {
    /** How many finished cells keep receiving the output of threads they started. */
    static final int CELLS_FOLLOWED = 256;
    private static final long IDLE_CHECK_MILLIS = 300;

    private final ExecutionOptions options;
    private final ExecutionOutputs outputs = new ExecutionOutputs();
    private final UserInput input = new UserInput();
    private final List<Path> classpath = new CopyOnWriteArrayList<>();
    private final AtomicInteger cellCounter = new AtomicInteger();
    private final AtomicLong runIds = new AtomicLong();
    private final ReentrantLock executeLock = new ReentrantLock();
    private final Map<Long, CellRun> recentRuns = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CellRun> eldest) {
            return size() > CELLS_FOLLOWED;
        }
    };
    private final RuntimeSlot runtimes;
    private final CellPipeline pipeline;
    private final StopPolicy stops;
    private final ScheduledFuture<?> idleCheck;
    private volatile CellRun currentRun;
    private volatile CellRun lastRun;
    private volatile boolean closed;

    private ExecutionSession(ExecutionOptions options) {
        this.options = options;
        this.classpath.addAll(options.classpath());
        // where each snippet came from, for stack traces; forgotten with the runtime that ran them
        Map<String, SnippetLocation> locations = new ConcurrentHashMap<>();
        this.runtimes = new RuntimeSlot(options, outputs, input, classpath, locations::clear);
        this.pipeline = new CellPipeline(options, runtimes, classpath, locations);
        this.stops = new StopPolicy(options.cellTimeout(), runtimes);
        outputs.router(this::listenerFor);
        this.idleCheck = stops.every(IDLE_CHECK_MILLIS, this::checkWhileIdle);
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
     * @param live       receives outputs as they happen (on another thread), and the output of threads this cell
     *                   started after it ended; {@link OutputListener#NONE} for none
     * @param cellNumber the number errors use for this cell (Jupyter's execution count)
     */
    public CellResult execute(String code, OutputListener live, int cellNumber) {
        if (closed) {
            throw new IllegalStateException("this execution session is closed");
        }
        executeLock.lock();
        try {
            cellCounter.set(cellNumber);
            CellRun run = new CellRun(live, cellNumber, runIds.incrementAndGet(), options.outputLimit());
            synchronized (recentRuns) {
                recentRuns.put(run.runId, run);
            }
            currentRun = run;
            long start = System.nanoTime();
            ScheduledFuture<?> timer = null;
            try {
                announceLossBetweenCells(run);
                recycleAtSnippetLimit(run);
                // the time limit is the cell's own: a JVM still starting (first cell, after a reset) does not count
                runtimes.awaitQuietly();
                timer = stops.arm(run);
                pipeline.run(run, code);
                warnBeforeSnippetLimit(run);
            } catch (RuntimeException e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                run.fail(CellStatus.ERRORED, CellOutput.error("KernelError",
                        "the kernel failed while running the cell: " + e, trace.toString().lines().toList()));
            } finally {
                if (timer != null) {
                    timer.cancel(false);
                }
                lastRun = run;
                currentRun = null;
            }
            return run.finish(System.nanoTime() - start);
        } finally {
            executeLock.unlock();
        }
    }

    /** Interrupts the running cell, if any; returns at once. */
    public void interrupt() {
        CellRun run = currentRun;
        if (run != null) {
            stops.requestStop(run, CellStatus.INTERRUPTED);
        }
    }

    /** Completion, inspection and completeness checks on the current JShell, for the Jupyter kernel. */
    public CodeAssist codeAssist() {
        JShellRuntime rt = runtimes.ready();
        return new CodeAssist(rt == null ? null : rt.jshell, pipeline.magicNames());
    }

    @Override
    public void close() {
        closed = true;
        idleCheck.cancel(false);
        runtimes.close();
        stops.close();
    }

    // ------------------------------------------------------------------ output of threads, resets between cells

    /** Where output tagged with this run number goes: that cell while it runs or after, else the cell running now. */
    private OutputListener listenerFor(long runId) {
        CellRun running = currentRun;
        if (running != null && running.runId == runId) {
            return running;
        }
        CellRun origin;
        synchronized (recentRuns) {
            origin = recentRuns.get(runId);
        }
        if (origin != null) {
            return origin;
        }
        CellRun fallback = running != null ? running : lastRun;
        return fallback != null ? fallback : OutputListener.NONE;
    }

    /** At the start of a cell: if the JVM died after the last cell, say so first and what was lost. */
    private void announceLossBetweenCells(CellRun run) {
        JShellRuntime rt = runtimes.ready();
        if (rt != null && rt.isDead()) {
            runtimes.replaceBetweenCells(rt);
        }
        StateLoss loss = runtimes.takeUnannounced();
        if (loss != null) {
            run.jvmReplaced();
            run.output(CellOutput.stream("stderr", lossBetweenCells(loss) + " This cell runs in a fresh one.\n"));
        }
    }

    /**
     * At the start of a cell: if the runtime has run {@link ExecutionOptions#snippetLimit()} snippets, replace it
     * (JShell never forgets a snippet, so its memory only grows) and say so, naming what was lost.
     */
    private void recycleAtSnippetLimit(CellRun run) {
        int limit = options.snippetLimit();
        JShellRuntime rt = runtimes.ready();
        if (limit <= 0 || rt == null || rt.isDead() || rt.snippetsRun() < limit) {
            return;
        }
        StateLoss loss = runtimes.replace(rt);
        run.jvmReplaced();
        run.output(CellOutput.stream("stderr", String.format("The kernel started a fresh execution JVM before this"
                + " cell: the session had run %,d snippets, its limit (DLCOURSE_SNIPPET_LIMIT), and JShell keeps"
                + " every snippet it ever ran, so memory would only grow. The state is gone (%s).%n", rt.snippetsRun(),
                loss.whatWasLost())));
    }

    /** After a cell: once the runtime has run 90% of its snippet limit, say what will happen at the limit. */
    private void warnBeforeSnippetLimit(CellRun run) {
        int limit = options.snippetLimit();
        JShellRuntime rt = runtimes.ready();
        if (limit <= 0 || rt == null || rt.isDead() || !rt.crossedWarning(limit - limit / 10)) {
            return;
        }
        run.output(CellOutput.stream("stderr", String.format("Note: this session has run %,d snippets; after %,d"
                + " (DLCOURSE_SNIPPET_LIMIT) the kernel starts a fresh execution JVM to keep its memory bounded, and"
                + " the variables, methods and classes defined so far will be lost (the kernel will say so).%n",
                rt.snippetsRun(), limit)));
    }

    /** While no cell runs: a JVM that died is announced on the last cell at once, and replaced. */
    private void checkWhileIdle() {
        if (closed || !executeLock.tryLock()) {
            return;
        }
        try {
            JShellRuntime rt = runtimes.ready();
            if (rt == null || !rt.isDead()) {
                return;
            }
            StateLoss loss = runtimes.replaceBetweenCells(rt);
            CellRun last = lastRun;
            if (loss != null && last != null) {
                last.output(CellOutput.stream("stderr", "\n" + lossBetweenCells(loss)
                        + " A fresh one is starting for the next cell.\n"));
            }
        } catch (RuntimeException e) {
            System.err.println("dlcourse kernel: checking the execution JVM failed: " + e);
        } finally {
            executeLock.unlock();
        }
    }

    private static String lossBetweenCells(StateLoss loss) {
        return "The execution JVM ended while no cell was running"
                + (loss.exitStatus() >= 0 ? " (exit status " + loss.exitStatus() + ")" : "")
                + ", for example System.exit in a thread or the process was killed: its state is gone ("
                + loss.whatWasLost() + ").";
    }
}
