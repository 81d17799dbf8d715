package dlcourse.nn;

import dlcourse.tensor.Tensor;

/**
 * Binary cross-entropy between predicted probabilities p (the output of a {@link Sigmoid}) and targets y in
 * {0, 1}, averaged over the batch:
 * <pre>
 * L = -1/N sum [ y log p + (1 - y) log(1 - p) ]      dL/dp = (p - y) / (p (1 - p)) / N
 * </pre>
 * Probabilities are clipped into [1e-12, 1 - 1e-12] so that a confident wrong answer gives a large but
 * finite loss. Shapes: p [N, K], y [N, K] (usually K = 1).
 *
 * <p>Taught in {@code notebooks/01-multilayer-networks.ipynb} (section "XOR with backpropagation").
 */
public final class BinaryCrossEntropy implements Loss {
    private static final double EPS = 1e-12;

    private record Cache(Tensor p, Tensor y) {}

    private Cache cache;

    @Override
    public double forward(Tensor p, Tensor y) {
        Losses.requireMatrix("BinaryCrossEntropy", p);
        y.requireShape("BinaryCrossEntropy.forward (target y, to match p)", p.shape());
        if (p.min() < 0 || p.max() > 1) {
            throw new IllegalArgumentException("BinaryCrossEntropy: expected probabilities in [0, 1] but got values in ["
                    + p.min() + ", " + p.max() + "]; put a Sigmoid before this loss");
        }
        if (!(y.min() >= 0 && y.max() <= 1)) {
            throw new IllegalArgumentException("BinaryCrossEntropy: expected targets y in [0, 1] but got values in ["
                    + y.min() + ", " + y.max() + "]; for more than two classes use a last layer with one output per"
                    + " class and SoftmaxCrossEntropy");
        }
        Tensor clipped = p.map(v -> Math.min(1 - EPS, Math.max(EPS, v)));
        cache = new Cache(clipped, y);
        // L = -1/N sum [ y log p + (1 - y) log(1 - p) ]
        Tensor terms = y.zipWith(clipped, (t, q) -> t * Math.log(q) + (1 - t) * Math.log(1 - q), "BinaryCrossEntropy");
        return -terms.sum() / p.dim(0);
    }

    @Override
    public Tensor backward() {
        Cache c = Losses.requireCache(cache, this);
        int n = c.p().dim(0);
        // dL/dp = (p - y) / (p (1 - p)) / N
        return c.p().zipWith(c.y(), (q, t) -> (q - t) / (q * (1 - q)) / n, "BinaryCrossEntropy.backward");
    }
}
