package dlcourse.cnn;

import dlcourse.nn.Activation;
import dlcourse.tensor.Tensor;

/**
 * LeNet-5's squashing function, a scaled hyperbolic tangent applied element-wise (LeCun et al. 1998, appendix A):
 * <pre>
 * f(a) = A tanh(S a),   A = 1.7159,  S = 2/3
 * </pre>
 * With these constants f(1) = 1 and f(-1) = -1, the second derivative is largest near +-1, and the gain near zero
 * is A S = 1.14, so unit-variance inputs give outputs of about unit variance. Shapes: any, e.g. [N, C, H, W] to
 * [N, C, H, W].
 *
 * <p>Taught in {@code notebooks/09-lenet5.ipynb} (section "The faithful LeNet-5").
 */
public final class ScaledTanh implements Activation {
    /** The amplitude A: outputs lie in (-A, A). */
    public static final double A = 1.7159;
    /** The slope S of the inner tanh. */
    public static final double S = 2.0 / 3.0;

    private record Cache(Tensor y) {}

    private Cache cache;

    @Override
    public double value(double a) {
        // f(a) = A tanh(S a)
        return A * Math.tanh(S * a);
    }

    @Override
    public double derivative(double a) {
        double t = Math.tanh(S * a);
        // f'(a) = A S (1 - tanh^2(S a))
        return A * S * (1 - t * t);
    }

    @Override
    public Tensor forward(Tensor x) {
        // f(a) = A tanh(S a)
        Tensor y = x.map(a -> A * Math.tanh(S * a));
        cache = new Cache(y);
        return y;
    }

    @Override
    public Tensor backward(Tensor dY) {
        if (cache == null) {
            throw new IllegalStateException("ScaledTanh.backward called before forward: run forward on a batch first");
        }
        dY.requireShape("ScaledTanh.backward (dY)", cache.y().shape());
        // forward was: y = A tanh(S a), so dA = dY * A S (1 - (y / A)^2) = dY * S (A - y^2 / A)
        return dY.zipWith(cache.y(), (g, y) -> g * S * (A - y * y / A), "ScaledTanh.backward");
    }

    @Override
    public String describe() {
        return "ScaledTanh(1.7159 tanh(2a/3))";
    }
}
