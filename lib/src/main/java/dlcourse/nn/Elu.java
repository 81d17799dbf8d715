package dlcourse.nn;

import dlcourse.tensor.Tensor;

/**
 * The exponential linear unit, applied element-wise:
 * <pre>
 * f(x) = x                   if x &gt; 0
 *        alpha (e^x - 1)     if x &lt;= 0
 * </pre>
 * with alpha = 1 by default. Derivative: 1 for x &gt; 0, alpha e^x otherwise. Shapes: any, e.g. [N, H] to [N, H].
 *
 * <p>Taught in {@code notebooks/02-activation-functions.ipynb} (section "ELU").
 */
public final class Elu implements Activation {
    private record Cache(Tensor x) {}

    private final double alpha;
    private Cache cache;

    /** ELU with alpha = 1. */
    public Elu() {
        this(1.0);
    }

    /** ELU with the given alpha &gt; 0. */
    public Elu(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("Elu: alpha must be a positive number, got " + alpha
                    + "; the usual value is 1");
        }
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public double value(double x) {
        // f(x) = x if x > 0, alpha (exp(x) - 1) if x <= 0
        return x > 0 ? x : alpha * Math.expm1(x);
    }

    @Override
    public double derivative(double x) {
        return x > 0 ? 1 : alpha * Math.exp(x);
    }

    @Override
    public Tensor forward(Tensor x) {
        cache = new Cache(x);
        return x.map(this::value);
    }

    @Override
    public Tensor backward(Tensor dY) {
        Cache c = Layers.requireCache(cache, this);
        dY.requireShape("Elu.backward (dY)", c.x().shape());
        // forward was: y = x if x > 0, alpha (exp(x) - 1) otherwise
        return dY.zipWith(c.x(), (g, x) -> x > 0 ? g : g * alpha * Math.exp(x), "Elu.backward");
    }

    @Override
    public String describe() {
        return "Elu(alpha " + alpha + ")";
    }
}
