package dlcourse.nn;

import dlcourse.tensor.Tensor;

/**
 * The hyperbolic tangent, applied element-wise; squashes numbers into (-1, 1), zero-centred.
 * Shapes: any, e.g. [N, H] to [N, H].
 *
 * <p>Taught in {@code notebooks/02-activation-functions.ipynb} (section "tanh").
 */
public final class Tanh implements Activation {
    private record Cache(Tensor y) {}

    private Cache cache;

    @Override
    public double value(double x) {
        return Math.tanh(x);
    }

    @Override
    public double derivative(double x) {
        double t = Math.tanh(x);
        // tanh'(x) = 1 - tanh(x)^2
        return 1 - t * t;
    }

    @Override
    public Tensor forward(Tensor x) {
        // y = tanh(x) for every element
        Tensor y = x.tanh();
        cache = new Cache(y);
        return y;
    }

    @Override
    public Tensor backward(Tensor dY) {
        Cache c = Layers.requireCache(cache, this);
        dY.requireShape("Tanh.backward (dY)", c.y().shape());
        // forward was: y = tanh(x), so dX = dY * (1 - y^2)
        return dY.timesTanhSlope(c.y());
    }
}
