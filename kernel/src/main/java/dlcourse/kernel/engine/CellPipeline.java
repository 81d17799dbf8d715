package dlcourse.kernel.engine;

import com.google.gson.JsonParser;
import dlcourse.kernel.magic.CellPart;
import dlcourse.kernel.magic.CellParser;
import dlcourse.kernel.magic.MagicContext;
import dlcourse.kernel.magic.MagicException;
import dlcourse.kernel.magic.Magics;
import dlcourse.kernel.magic.MavenMagic;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;

/**
 * The way from a cell's text to its outputs: parse it into code and magics, split the code into JShell snippets,
 * evaluate them, render the last expression, and turn what went wrong (a compile error, an exception, a stop the
 * engine asked for, a JVM that died) into the cell's error output. Whether and when to stop a cell is decided
 * elsewhere ({@link StopPolicy}); this class only reads the decision from the {@link CellRun}.
 */
final class CellPipeline {
    private final ExecutionOptions options;
    private final RuntimeSlot runtimes;
    private final List<Path> classpath;
    private final Magics magics = Magics.standard(new MavenMagic());
    private final Map<String, SnippetLocation> locations;

    /**
     * @param classpath the session's class path, which magics add to
     * @param locations where each active snippet came from (the session clears it when a runtime is replaced)
     */
    CellPipeline(ExecutionOptions options, RuntimeSlot runtimes, List<Path> classpath,
                 Map<String, SnippetLocation> locations) {
        this.options = options;
        this.runtimes = runtimes;
        this.classpath = classpath;
        this.locations = locations;
    }

    /** The names of the magics, for completion. */
    Set<String> magicNames() {
        return magics.names();
    }

    /** Runs a cell's code and magics in order, stopping at the first failure (recorded in {@code run}). */
    void run(CellRun run, String code) {
        List<CellPart> parts = CellParser.parse(code);
        int lastCode = -1;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).kind() != CellPart.Kind.LINE_MAGIC) {
                lastCode = i;
            }
        }
        Context context = new Context(run);
        for (int i = 0; i < parts.size(); i++) {
            CellPart part = parts.get(i);
            boolean ok;
            try {
                switch (part.kind()) {
                    case CODE:
                        ok = runCode(run, part.body(), null, part.firstLine(), i == lastCode);
                        break;
                    case LINE_MAGIC:
                        magics.runLine(context, part.name(), part.arguments(), part.firstLine());
                        ok = true;
                        break;
                    default:
                        magics.runCell(context, part.name(), part.arguments(), part.body(), part.firstLine());
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
                break;
            }
        }
        JShellRuntime rt = runtimes.ready();
        if (rt != null && !rt.isDead()) {
            rt.rememberState();
        }
    }

    /** What a magic sees of the cell that runs it. */
    private final class Context implements MagicContext {
        private final CellRun run;

        Context(CellRun run) {
            this.run = run;
        }

        @Override
        public Path magicBase() {
            return options.magicBase();
        }

        @Override
        public void addToClasspath(List<Path> paths) {
            CellPipeline.this.addToClasspath(paths);
        }

        @Override
        public boolean runCode(String code, String origin, int firstLine) {
            return CellPipeline.this.runCode(run, code, origin, firstLine, origin == null);
        }

        @Override
        public void print(String text) {
            run.output(CellOutput.stream("stdout", text));
        }
    }

    /** Runs code as part of a cell; false if it failed (the error is recorded in the run). */
    private boolean runCode(CellRun run, String code, String origin, int firstLine, boolean renderLast) {
        JShellRuntime rt = awaitRuntime(run);
        if (rt == null) {
            return false;
        }
        try {
            rt.cellStarts(run.runId, options.outputLimit());
        } catch (Exception e) {
            if (rt.isDead()) {
                return endDead(run, rt);
            }
            run.output(CellOutput.stream("stderr", "(the kernel could not tag this cell's output: " + e + ")\n"));
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
                events = rt.eval(piece.source());
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
                if (event.snippet() == null) {
                    continue;
                }
                if (event.causeSnippet() == null && event.status().isActive()) {
                    locations.put(event.snippet().id(), where);
                } else if (!event.status().isActive()) {
                    locations.remove(event.snippet().id()); // overwritten or dropped: never named in a stack again
                }
            }
            String dropped = VariableLoss.describe(events);
            if (dropped != null) {
                run.output(CellOutput.stream("stderr", dropped));
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
                || (snippet instanceof VarSnippet && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
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
        StateLoss loss = runtimes.replace(rt);
        run.jvmReplaced();
        String reset = "its state was reset (" + loss.whatWasLost() + "); the next cell runs in a fresh one";
        if (run.stopReason == CellStatus.TIMED_OUT) {
            String message = "the cell ran longer than its limit of " + seconds(options.cellTimeout())
                    + " and did not stop, so its execution JVM was replaced: " + reset;
            run.fail(CellStatus.TIMED_OUT, CellOutput.error("CellTimeout", message, List.of("CellTimeout: " + message)));
        } else if (run.stopReason == CellStatus.INTERRUPTED) {
            String message = "the cell did not stop when interrupted, so its execution JVM was replaced: " + reset;
            run.fail(CellStatus.INTERRUPTED, CellOutput.error("ExecutionJvmReplaced", message,
                    List.of("ExecutionJvmReplaced: " + message)));
        } else {
            String message = "the execution JVM exited with status " + loss.exitStatus()
                    + " while the cell ran (System.exit, Runtime.halt or a crash), so " + reset;
            run.fail(CellStatus.JVM_DIED, CellOutput.error("ExecutionJvmExited", message,
                    List.of("ExecutionJvmExited: " + message)));
        }
        return false;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private void addToClasspath(List<Path> paths) {
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
