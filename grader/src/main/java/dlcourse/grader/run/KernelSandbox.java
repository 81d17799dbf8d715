package dlcourse.grader.run;

import dlcourse.kernel.engine.CellOutput;
import dlcourse.kernel.engine.CellResult;
import dlcourse.kernel.engine.ExecutionOptions;
import dlcourse.kernel.engine.ExecutionSession;
import dlcourse.kernel.engine.OsSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A sandbox on the course kernel's engine ({@link ExecutionSession}): the same execution JVM that runs cells in
 * Jupyter, here with the grader's heap cap, time limit and an empty working directory, inside the OS sandbox
 * ({@link OsSandbox}, grader policy: own PID and network namespaces, only the system, the JDK and the library
 * visible, the working directory its only writable folder, a memory cap for every process). Relative paths in
 * {@code %jars} / {@code %classpath} lines are made absolute against the source notebook's folder first, since
 * the working directory is not that folder. A JVM that fails to start is tried once more.
 */
public final class KernelSandbox implements Sandbox {
    private final ExecutionSession session;
    private final SandboxOptions options;
    private volatile boolean dead;

    private KernelSandbox(SandboxOptions options) {
        this.options = options;
        ExecutionOptions engine = ExecutionOptions.builder()
                .classpath(options.classpath())
                .jvmOptions(List.of("-Xmx" + options.heapMb() + "m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Djava.awt.headless=true"))
                .cellTimeout(options.cellTimeout())
                .workingDirectory(options.workDir())
                .magicBase(options.magicBase())
                .sandbox(OsSandbox.Policy.grader(options.sandbox(), options.libraryPaths(), options.memoryLimitMb()))
                .build();
        ExecutionSession started;
        try {
            started = ExecutionSession.start(engine);
        } catch (IOException first) {
            try {
                started = ExecutionSession.start(engine); // a start can fail for a passing reason (load, a port)
            } catch (IOException second) {
                throw new UncheckedIOException("could not start an execution JVM (tried twice): " + second.getMessage(),
                        second);
            }
        }
        this.session = started;
    }

    /** Starts one execution session. */
    public static KernelSandbox start(SandboxOptions options) {
        return new KernelSandbox(options);
    }

    public static Sandbox.Factory factory() {
        return KernelSandbox::start;
    }

    @Override
    public CellOutcome execute(String cellSource) {
        if (dead) {
            return new CellOutcome(CellOutcome.Status.DIED, "the execution JVM had already ended", "", 0);
        }
        CellResult result = session.execute(cellSource);
        String printed = result.streamText("stdout") + result.streamText("stderr");
        long millis = result.elapsed().toMillis();
        String message = result.error().map(KernelSandbox::describe).orElse(null);
        return switch (result.status()) {
            case COMPLETED -> new CellOutcome(CellOutcome.Status.COMPLETED, null, printed, millis);
            case ERRORED -> new CellOutcome(CellOutcome.Status.ERRORED, message, printed, millis);
            case TIMED_OUT, INTERRUPTED -> {
                if (result.jvmReplaced()) {
                    dead = true; // the engine had to replace the JVM: the cells before are gone
                    yield new CellOutcome(CellOutcome.Status.DIED, "still running after the time limit of "
                            + options.cellTimeout().toSeconds() + " s and could not be stopped; hint: look for a loop"
                            + " that never ends", printed, millis);
                }
                yield new CellOutcome(CellOutcome.Status.TIMED_OUT, "still running after the time limit of "
                        + options.cellTimeout().toSeconds() + " s, so it was stopped; hint: look for a loop that never"
                        + " ends or work that grows too fast", printed, millis);
            }
            case JVM_DIED -> {
                dead = true;
                yield new CellOutcome(CellOutcome.Status.DIED, "the execution JVM ended during this cell (System.exit,"
                        + " Runtime.halt or a crash); hint: do not end the JVM, return or throw instead", printed, millis);
            }
        };
    }

    /**
     * The error as a student reads it in the feedback: class and message; for code that does not compile, the
     * compiler's lines (which symbol, where), since its one-line message ("cannot find symbol") names neither.
     */
    private static String describe(CellOutput error) {
        String evalue = error.evalue() == null ? "" : error.evalue().strip();
        if ("CompilationException".equals(error.ename()) && !error.traceback().isEmpty()) {
            return "the code does not compile:\n" + String.join("\n", error.traceback()).strip();
        }
        return evalue.isEmpty() ? error.ename() : error.ename() + ": " + evalue;
    }

    @Override
    public boolean alive() {
        return !dead;
    }

    @Override
    public void close() {
        dead = true;
        session.close();
    }
}
