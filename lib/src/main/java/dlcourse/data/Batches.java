package dlcourse.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded mini-batches: the indices 0..N-1 shuffled, then cut into batches of B (the last one may be smaller).
 *
 * <p>Taught in {@code notebooks/03-softmax.ipynb} (section "Which digits get confused").
 */
public final class Batches {
    private Batches() {}

    /** A random permutation of 0..n-1 (Fisher-Yates), drawn from rng. */
    public static int[] permutation(int n, Random rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The indices of n examples shuffled by rng and cut into batches of batchSize. */
    public static List<int[]> shuffled(int n, int batchSize, Random rng) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("Batches: batch size must be positive, got " + batchSize);
        }
        int[] order = permutation(n, rng);
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int[] batch = new int[Math.min(batchSize, n - from)];
            System.arraycopy(order, from, batch, 0, batch.length);
            batches.add(batch);
        }
        return batches;
    }
}
