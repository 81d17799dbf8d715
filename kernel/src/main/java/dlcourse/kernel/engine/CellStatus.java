package dlcourse.kernel.engine;

/** How a cell ended. */
public enum CellStatus {
    /** Every snippet ran without an error. */
    COMPLETED,
    /** A snippet did not compile or threw; the cell's outputs end with an {@code error} output. */
    ERRORED,
    /** The user (or Jupyter) interrupted the cell. */
    INTERRUPTED,
    /** The cell ran longer than the session's per-cell time limit and was stopped. */
    TIMED_OUT,
    /** The execution JVM exited or was replaced while the cell ran; the session's state was reset. */
    JVM_DIED;

    /** True unless the cell completed. */
    public boolean failed() {
        return this != COMPLETED;
    }
}
