package dlcourse.kernel.engine;

import dlcourse.kernel.agent.CellAgent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * One JShell and the execution JVM behind it. When that JVM dies, this runtime is over and the session starts a new
 * one (fresh state). The JShell compiles in the kernel process against the agent jar and the user's class path only.
 */
final class JShellRuntime {
    /** Imports every cell starts with: IJava's usual ones and the notebook statics. */
    static final List<String> STARTUP_IMPORTS = List.of(
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.io.*;",
            "import java.math.*;",
            "import java.nio.file.*;",
            "import static dlcourse.kernel.agent.Notebook.*;");

    private static final Object CLASS_PATH_LOCK = new Object();

    final JShell jshell;
    private final ExecutionJvmControl control;
    private volatile boolean closed;
    private long taggedRun;
    private int snippetsRun;
    private boolean warned;
    private volatile List<String> knownState = List.of();

    private JShellRuntime(JShell jshell, ExecutionJvmControl control) {
        this.jshell = jshell;
        this.control = control;
        jshell.onShutdown(j -> closed = true);
    }

    /**
     * Starts JShell and its execution JVM, adds the class path and runs the startup imports (which also warms up
     * the compiler).
     */
    static JShellRuntime start(ExecutionOptions options, ExecutionOutputs outputs, InputStream userInput,
                               List<Path> classpath) throws IOException {
        ExecutionJvmProvider provider = new ExecutionJvmProvider(options, outputs, userInput);
        provider.prelaunch();
        JShell jshell;
        synchronized (CLASS_PATH_LOCK) {
            // JShell's compiler starts from java.class.path: show it the agent only, never the kernel's own jars.
            System.setProperty("java.class.path", ExecutionJvm.agentJar().toString());
            jshell = JShell.builder()
                    .executionEngine(provider, Map.of())
                    .compilerOptions(options.compilerOptions().toArray(String[]::new))
                    .out(new PrintStream(PrintStream.nullOutputStream()))
                    .err(new PrintStream(PrintStream.nullOutputStream()))
                    .build();
        }
        try {
            for (Path path : classpath) {
                jshell.addToClasspath(path.toString());
            }
            for (String startupImport : STARTUP_IMPORTS) {
                for (SnippetEvent event : jshell.eval(startupImport)) {
                    if (event.status() == Snippet.Status.REJECTED) {
                        throw new IOException("the startup import '" + startupImport + "' did not compile: "
                                + jshell.diagnostics(event.snippet()).map(d -> d.getMessage(null)).toList()
                                + (options.compilerOptions().isEmpty() ? "" : " (compiler options "
                                + options.compilerOptions() + ", from JJAVA_COMPILER_OPTS?)"));
                    }
                }
            }
        } catch (IllegalStateException e) {
            jshell.close();
            provider.abandon();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("the execution JVM could not start: " + cause.getMessage(), cause);
        } catch (IOException | RuntimeException e) {
            jshell.close();
            provider.abandon();
            throw e;
        }
        warmUp(jshell);
        ExecutionJvmControl control = provider.control();
        if (control == null) {
            jshell.close();
            throw new IOException("the execution JVM could not start");
        }
        return new JShellRuntime(jshell, control);
    }

    /**
     * Runs one expression end to end (compile, load, invoke) and forgets it, so that the user's first cell does
     * not pay for the first use of those paths in both JVMs.
     */
    private static void warmUp(JShell jshell) {
        for (SnippetEvent event : jshell.eval("\"warm\".length()")) {
            if (event.snippet() != null && event.causeSnippet() == null) {
                jshell.drop(event.snippet());
            }
        }
    }

    /** True once the execution JVM has exited or JShell has closed. */
    boolean isDead() {
        return closed || !control.jvm().isAlive();
    }

    /** The execution JVM's exit status (waits up to 2 s for it), or -1 if unknown. */
    int exitStatus() {
        return control.jvm().exitStatus(2000);
    }

    /** Interrupts the running cell through the debugger. */
    void stopCell() throws Exception {
        control.jvm().stopper().stopRunningCell();
    }

    /** Ends the execution JVM at once. */
    void kill() {
        control.jvm().kill();
    }

    /**
     * Tells the agent that the cell with this run number starts, so that its output is tagged with it, and the
     * output limit (characters, 0 for none), beyond which the agent need not send text.
     */
    void cellStarts(long runId, long outputLimit) throws Exception {
        if (taggedRun != runId) {
            control.extensionCommand(CellAgent.CELL_STARTS, new long[] {runId, outputLimit});
            taggedRun = runId;
        }
    }

    /** Evaluates one snippet of a cell, counting it. */
    List<SnippetEvent> eval(String source) {
        snippetsRun++;
        return jshell.eval(source);
    }

    /** True the first time this is called with at least {@code threshold} snippets run. */
    boolean crossedWarning(int threshold) {
        if (warned || snippetsRun < threshold) {
            return false;
        }
        warned = true;
        return true;
    }

    /** How many snippets of cells this runtime has run. */
    int snippetsRun() {
        return snippetsRun;
    }

    /** Remembers what the session defines now, to name it if this JVM dies; call after each cell. */
    void rememberState() {
        try {
            knownState = state(jshell);
        } catch (IllegalStateException closedJShell) {
            // keep what was known
        }
    }

    /** What this runtime's state held: the variables, methods and classes, as far as known. */
    List<String> lostState() {
        try {
            if (!closed) {
                return state(jshell);
            }
        } catch (IllegalStateException closedJShell) {
            // use what was remembered after the last cell
        }
        return knownState;
    }

    /** "variables a, b; methods f(int); classes P" parts, one per kind that has members. */
    private static List<String> state(JShell jshell) {
        List<String> parts = new ArrayList<>();
        List<String> vars = jshell.variables().filter(v -> !v.name().startsWith("$")).map(v -> v.name()).toList();
        List<String> methods = jshell.methods().map(m -> m.name() + "(" + m.parameterTypes() + ")").toList();
        List<String> types = jshell.types().map(t -> t.name()).toList();
        if (!vars.isEmpty()) {
            parts.add((vars.size() == 1 ? "variable " : "variables ") + String.join(", ", vars));
        }
        if (!methods.isEmpty()) {
            parts.add((methods.size() == 1 ? "method " : "methods ") + String.join(", ", methods));
        }
        if (!types.isEmpty()) {
            parts.add((types.size() == 1 ? "class " : "classes ") + String.join(", ", types));
        }
        return List.copyOf(parts);
    }

    /** Asks the agent to render the last snippet's value; the JSON of a MIME bundle, or null if it had none. */
    String renderLastValue() throws Exception {
        return (String) control.extensionCommand(CellAgent.RENDER_LAST_VALUE, null);
    }

    void close() {
        try {
            jshell.close();
        } catch (RuntimeException e) {
            // closing a dead JShell
        }
        control.jvm().kill();
    }
}
