package dlcourse.kernel.engine;

import java.util.List;

/**
 * What was lost when an execution JVM ended: its exit status and the definitions of the session at that time.
 *
 * @param exitStatus the exit status of the JVM, or -1 if it was ended by the kernel or is unknown
 * @param lost       "variables a, b", "methods f(int)", "classes P": one entry per kind, empty if there was nothing
 */
record StateLoss(int exitStatus, List<String> lost) {
    StateLoss {
        lost = List.copyOf(lost);
    }

    /** "the variables a, b; methods f(int) are gone" or "nothing was defined yet". */
    String whatWasLost() {
        return lost.isEmpty() ? "nothing had been defined yet, so nothing was lost"
                : "lost: " + String.join("; ", lost) + "; run the cells that define them again";
    }
}
