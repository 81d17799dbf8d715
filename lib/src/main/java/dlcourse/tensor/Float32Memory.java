package dlcourse.tensor;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The float32 arrays of retired tensors ({@link Tensor#retire}), kept for the next float32 result of the same
 * size. A training step in {@link Precision#FLOAT32} replaces every weight matrix and gradient by a new one
 * of the same size; writing the new one into the memory of the one it replaces, which the processor still
 * holds in its cache, instead of into fresh memory (which Java must also fill with zeros first) saves most
 * of the time an update takes outside the matrix products.
 *
 * <p>An array taken from here is not cleared: every caller overwrites all of it. Only arrays of at least
 * {@link #SMALLEST} values are kept (a small array costs little to make), at most {@link #KEPT} of them, the
 * most recently retired first.
 */
final class Float32Memory {
    private Float32Memory() {}

    /** Arrays shorter than this are left to the garbage collector. */
    static final int SMALLEST = 4096;

    /** At most this many arrays are kept. */
    static final int KEPT = 16;

    private static final ArrayDeque<float[]> KEPT_ARRAYS = new ArrayDeque<>();

    /** An array of exactly {@code length} values: a kept one (holding old values) or a new one. */
    static float[] take(int length) {
        if (length >= SMALLEST) {
            synchronized (KEPT_ARRAYS) {
                for (Iterator<float[]> it = KEPT_ARRAYS.iterator(); it.hasNext(); ) {
                    float[] array = it.next();
                    if (array.length == length) {
                        it.remove();
                        return array;
                    }
                }
            }
        }
        return new float[length];
    }

    /** Keeps {@code array} for a later {@link #take}; its owner must never read or write it again. */
    static void giveBack(float[] array) {
        if (array.length < SMALLEST) {
            return;
        }
        synchronized (KEPT_ARRAYS) {
            KEPT_ARRAYS.addFirst(array);
            if (KEPT_ARRAYS.size() > KEPT) {
                KEPT_ARRAYS.removeLast();
            }
        }
    }
}
