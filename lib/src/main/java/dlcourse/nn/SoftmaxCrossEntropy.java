package dlcourse.nn;

import dlcourse.data.OneHot;
import dlcourse.tensor.Tensor;

/**
 * Softmax followed by cross-entropy, on the scores (logits) z of the last {@link Dense} layer, averaged over
 * the batch:
 * <pre>
 * p = softmax(z)      L = -1/N sum_n sum_k y_nk log p_nk      dL/dz = (p - y) / N
 * </pre>
 * Computing both in one step gives that simple gradient and a stable log: log p_k = z_k - max(z) -
 * log(sum_j e^{z_j - max(z)}). Targets y are one-hot rows (or any probability rows); {@link #forward(Tensor, int[])}
 * takes class labels instead. Shapes: z [N, K], y [N, K].
 *
 * <p>Taught in {@code notebooks/03-softmax.ipynb} (section "Which digits get confused").
 */
public final class SoftmaxCrossEntropy implements Loss {
    private record Cache(Tensor p, Tensor y) {}

    private Cache cache;

    @Override
    public double forward(Tensor z, Tensor y) {
        Losses.requireMatrix("SoftmaxCrossEntropy", z);
        y.requireShape("SoftmaxCrossEntropy.forward (target y, to match the scores z)", z.shape());
        requireProbabilityRows(y);
        int n = z.dim(0);
        int k = z.dim(1);
        Softmax.WithLog softmax = Softmax.withLog(z);
        Tensor logP = softmax.logP();
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                // - y_k log p_k, with log p_k = z_k - log sum_j e^{z_j}
                if (y.get(i, j) != 0) {
                    total -= y.get(i, j) * logP.get(i, j);
                }
            }
        }
        cache = new Cache(softmax.p(), y);
        return total / n;
    }

    /**
     * (p - y) / N is the gradient only when every row of y is a probability distribution: entries >= 0 that sum
     * to 1 (within 1e-9).
     */
    private static void requireProbabilityRows(Tensor y) {
        for (int i = 0; i < y.dim(0); i++) {
            double sum = 0;
            for (int j = 0; j < y.dim(1); j++) {
                double yij = y.get(i, j);
                if (!(yij >= 0)) {
                    throw new IllegalArgumentException("SoftmaxCrossEntropy.forward: target row " + i + " has the entry "
                            + yij + " at column " + j + "; targets must be one-hot or probability rows (entries >= 0"
                            + " summing to 1)");
                }
                sum += yij;
            }
            if (Math.abs(sum - 1) > 1e-9) {
                throw new IllegalArgumentException("SoftmaxCrossEntropy.forward: target row " + i + " sums to " + sum
                        + ", expected 1; targets must be one-hot or probability rows (use OneHot.encode for labels)");
            }
        }
    }

    /** The loss for class labels: y is the one-hot encoding of {@code labels} (each in [0, K)). */
    public double forward(Tensor z, int[] labels) {
        Losses.requireMatrix("SoftmaxCrossEntropy", z);
        return forward(z, OneHot.encode(labels, z.dim(1)));
    }

    @Override
    public Tensor backward() {
        Cache c = Losses.requireCache(cache, this);
        // dL/dz = (p - y) / N
        return c.p().minus(c.y()).times(1.0 / c.p().dim(0));
    }

    /** The predicted probabilities softmax(z) of the last forward, [N, K]. */
    public Tensor probabilities() {
        return Losses.requireCache(cache, this).p();
    }
}
