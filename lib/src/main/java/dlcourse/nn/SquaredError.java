package dlcourse.nn;

import dlcourse.tensor.Tensor;

/**
 * The squared error, averaged over the N examples of a batch:
 * <pre>
 * L = 1/N sum_n 1/2 ||yHat_n - y_n||^2        dL/dyHat = (yHat - y) / N
 * </pre>
 * Shapes: yHat [N, K], y [N, K].
 *
 * <p>Taught in {@code notebooks/01-multilayer-networks.ipynb}, beside cross-entropy.
 */
public final class SquaredError implements Loss {
    private record Cache(Tensor yHat, Tensor y) {}

    private Cache cache;

    @Override
    public double forward(Tensor yHat, Tensor y) {
        Losses.requireMatrix("SquaredError", yHat);
        y.requireShape("SquaredError.forward (target y, to match yHat)", yHat.shape());
        cache = new Cache(yHat, y);
        // L = 1/N sum_n 1/2 ||yHat_n - y_n||^2
        return 0.5 * yHat.minus(y).squaredNorm() / yHat.dim(0);
    }

    @Override
    public Tensor backward() {
        Cache c = Losses.requireCache(cache, this);
        // dL/dyHat = (yHat - y) / N
        return c.yHat().minus(c.y()).times(1.0 / c.yHat().dim(0));
    }
}
