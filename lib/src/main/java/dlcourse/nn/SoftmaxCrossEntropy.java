package dlcourse.nn;

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
        int n = z.dim(0);
        int k = z.dim(1);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, z.get(i, j));
            }
            double sumExp = 0;
            for (int j = 0; j < k; j++) {
                sumExp += Math.exp(z.get(i, j) - max);
            }
            double logSumExp = max + Math.log(sumExp);
            for (int j = 0; j < k; j++) {
                // - y_k log p_k, with log p_k = z_k - log sum_j e^{z_j}
                if (y.get(i, j) != 0) {
                    total -= y.get(i, j) * (z.get(i, j) - logSumExp);
                }
            }
        }
        cache = new Cache(Softmax.apply(z), y);
        return total / n;
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
