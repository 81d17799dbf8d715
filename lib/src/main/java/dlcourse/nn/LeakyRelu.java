package dlcourse.nn;

import dlcourse.tensor.Tensor;

/**
 * The leaky ReLU, f(x) = max(slope x, x) with a small slope (0.01 by default), applied element-wise:
 * negative inputs keep a small gradient, so the unit cannot "die". Derivative: 1 for x &gt; 0, slope otherwise.
 * Shapes: any, e.g. [N, H] to [N, H].
 *
 * <p>Taught in {@code notebooks/02-activation-functions.ipynb} (section "Leaky ReLU").
 */
public final class LeakyRelu implements Activation {
    /** The lecture's slope: f(x) = max(0.01 x, x). */
    public static final double DEFAULT_SLOPE = 0.01;

    private record Cache(Tensor x) {}

    private final double slope;
    private Cache cache;

    /** The lecture's leaky ReLU, slope 0.01. */
    public LeakyRelu() {
        this(DEFAULT_SLOPE);
    }

    /** A leaky ReLU with the given slope for negative inputs, in [0, 1). */
    public LeakyRelu(double slope) {
        if (!(slope >= 0 && slope < 1)) {
            throw new IllegalArgumentException("LeakyRelu: slope must be in [0, 1), got " + slope
                    + "; the lecture uses 0.01");
        }
        this.slope = slope;
    }

    public double slope() {
        return slope;
    }

    @Override
    public double value(double x) {
        // f(x) = max(slope x, x)
        return x > 0 ? x : slope * x;
    }

    @Override
    public double derivative(double x) {
        return x > 0 ? 1 : slope;
    }

    @Override
    public Tensor forward(Tensor x) {
        cache = new Cache(x);
        return x.map(this::value);
    }

    @Override
    public Tensor backward(Tensor dY) {
        Cache c = Layers.requireCache(cache, this);
        dY.requireShape("LeakyRelu.backward (dY)", c.x().shape());
        // forward was: y = max(slope x, x)
        return dY.zipWith(c.x(), (g, x) -> x > 0 ? g : slope * g, "LeakyRelu.backward");
    }

    @Override
    public String describe() {
        return "LeakyRelu(slope " + slope + ")";
    }
}
