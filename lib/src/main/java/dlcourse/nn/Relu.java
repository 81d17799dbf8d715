package dlcourse.nn;

import dlcourse.tensor.Tensor;

/**
 * The rectified linear unit, f(x) = max(0, x), applied element-wise. Its derivative is 1 for x &gt; 0 and 0
 * otherwise, including at x = 0 (the convention of the common frameworks).
 * Shapes: any, e.g. [N, H] to [N, H].
 *
 * <p>Taught in {@code notebooks/02-activation-functions.ipynb} (section "ReLU").
 */
public final class Relu implements Activation {
    private record Cache(Tensor x) {}

    private Cache cache;

    @Override
    public double value(double x) {
        // f(x) = max(0, x)
        return x > 0 ? x : 0;
    }

    @Override
    public double derivative(double x) {
        return x > 0 ? 1 : 0;
    }

    @Override
    public Tensor forward(Tensor x) {
        cache = new Cache(x);
        // f(x) = max(0, x) for every element
        return x.atLeast(0);
    }

    @Override
    public Tensor backward(Tensor dY) {
        Cache c = Layers.requireCache(cache, this);
        dY.requireShape("Relu.backward (dY)", c.x().shape());
        // forward was: y = max(0, x), so the gradient passes where x > 0 and stops elsewhere
        return dY.wherePositive(c.x());
    }
}
