package dlcourse.grader.run;

/**
 * One execution JVM that runs notebook cells in order, each cell seeing what earlier cells defined.
 * The grader talks to it only through cell source in and {@link CellOutcome} out: whether a cell completed is
 * decided outside the student's JVM, so nothing a submission prints or redefines can fake it.
 */
public interface Sandbox extends AutoCloseable {

    /** Runs one cell's source (several statements and declarations, IJava's {@code %jars} magic). */
    CellOutcome execute(String cellSource);

    /** False once the JVM has ended; a dead sandbox is replaced, not reused. */
    boolean alive();

    @Override
    void close();

    /** Starts sandboxes: one per submission, and a fresh one when a submission ends its JVM. */
    interface Factory {
        Sandbox start(SandboxOptions options);
    }
}
