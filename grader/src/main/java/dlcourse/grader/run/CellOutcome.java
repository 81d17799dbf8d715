package dlcourse.grader.run;

/**
 * What running one cell in an execution JVM came to.
 *
 * @param status  how it ended
 * @param message for anything but {@link Status#COMPLETED}: what went wrong, as a student can read it
 *                (the exception and its message, the compiler's complaint, the time limit)
 * @param stdout  what the cell printed (System.out and System.err), cut at a limit
 * @param millis  wall time of the cell
 */
public record CellOutcome(Status status, String message, String stdout, long millis) {

    /** How a cell ended. Only COMPLETED counts as a passed test. */
    public enum Status {
        /** every statement ran, no exception */
        COMPLETED,
        /** an exception, or code that does not compile */
        ERRORED,
        /** still running at the per-cell time limit; stopped */
        TIMED_OUT,
        /** the execution JVM ended (System.exit, Runtime.halt, a crash) or had to be killed */
        DIED
    }

    public boolean completed() {
        return status == Status.COMPLETED;
    }
}
