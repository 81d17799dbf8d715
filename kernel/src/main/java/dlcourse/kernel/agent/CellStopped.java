package dlcourse.kernel.agent;

/** Thrown into a running cell when the user interrupts it; the kernel reports the cell as interrupted. */
final class CellStopped extends Error {
    private static final long serialVersionUID = 1L;

    CellStopped() {
        super("the cell was interrupted", null, false, false);
    }
}
