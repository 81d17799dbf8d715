package dlcourse.check;

import dlcourse.tensor.Tensor;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.opentest4j.AssertionFailedError;

/**
 * The one gradient checker of the course: compares an analytic gradient (what a {@code backward} returns)
 * with the numerical gradient from central differences,
 * <pre>
 * df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2h)
 * </pre>
 * element by element, by the relative error |a - n| / max(|a|, |n|, FLOOR). The floor keeps entries that
 * are almost zero from turning round-off into a large relative error.
 *
 * <p>Every layer's test uses {@link #assertBackward}: for a random upstream gradient G it checks the
 * layer's dX against the numerical gradient of the scalar sum(forward(x) * G).
 */
public final class GradientCheck {
    private GradientCheck() {}

    /** The step h of the central differences. */
    public static final double STEP = 1e-5;
    /** The default tolerance on the relative error, for double precision. */
    public static final double TOLERANCE = 1e-6;
    /** Below this magnitude, errors are measured absolutely. */
    public static final double FLOOR = 1e-3;

    /** The outcome of one comparison: the worst element, where it is, and both values there. */
    public record Result(String what, double maxRelativeError, int worstIndex, double analytic, double numeric,
                         double tolerance) {
        /** True if the worst relative error is within the tolerance. */
        public boolean passed() {
            return maxRelativeError <= tolerance;
        }

        @Override
        public String toString() {
            return String.format("%s: max relative error %.2e (tolerance %.0e) at flat index %d: analytic %.8g, numeric %.8g",
                    what, maxRelativeError, tolerance, worstIndex, analytic, numeric);
        }
    }

    /** The numerical gradient of a scalar function f at x, by central differences; same shape as x. */
    public static Tensor numericalGradient(ToDoubleFunction<Tensor> f, Tensor x) {
        double[] point = x.toArray();
        double[] gradient = new double[point.length];
        int[] shape = x.shape();
        for (int i = 0; i < point.length; i++) {
            double saved = point[i];
            point[i] = saved + STEP;
            double plus = f.applyAsDouble(Tensor.wrap(point.clone(), shape));
            point[i] = saved - STEP;
            double minus = f.applyAsDouble(Tensor.wrap(point.clone(), shape));
            point[i] = saved;
            // df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / 2h
            gradient[i] = (plus - minus) / (2 * STEP);
        }
        return Tensor.wrap(gradient, shape);
    }

    /**
     * The numerical Jacobian of f at x: entry [i, j] is d f(x)_i / d x_j, shape [size of f(x), size of x].
     */
    public static Tensor numericalJacobian(Function<Tensor, Tensor> f, Tensor x) {
        double[] point = x.toArray();
        int[] shape = x.shape();
        int outputs = f.apply(x).size();
        double[] jacobian = new double[outputs * point.length];
        for (int j = 0; j < point.length; j++) {
            double saved = point[j];
            point[j] = saved + STEP;
            double[] plus = f.apply(Tensor.wrap(point.clone(), shape)).toArray();
            point[j] = saved - STEP;
            double[] minus = f.apply(Tensor.wrap(point.clone(), shape)).toArray();
            point[j] = saved;
            for (int i = 0; i < outputs; i++) {
                jacobian[i * point.length + j] = (plus[i] - minus[i]) / (2 * STEP);
            }
        }
        return Tensor.wrap(jacobian, outputs, point.length);
    }

    /** Compares an analytic tensor with a numerical one of the same shape. */
    public static Result compare(String what, Tensor analytic, Tensor numeric, double tolerance) {
        analytic.requireShape(what + " (analytic gradient vs numerical)", numeric.shape());
        double worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < analytic.size(); i++) {
            double a = analytic.get(i);
            double n = numeric.get(i);
            double error = Math.abs(a - n) / Math.max(FLOOR, Math.max(Math.abs(a), Math.abs(n)));
            if (Double.isNaN(error) || error > worst) {
                worst = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
                worstIndex = i;
            }
        }
        return new Result(what, worst, worstIndex, analytic.get(worstIndex), numeric.get(worstIndex), tolerance);
    }

    /** Checks that {@code dX} is the gradient of the scalar function f at x. */
    public static Result check(String what, ToDoubleFunction<Tensor> f, Tensor x, Tensor dX) {
        return compare(what, dX, numericalGradient(f, x), TOLERANCE);
    }

    /** Fails with the worst element, both values and the tolerance unless dX is the gradient of f at x. */
    public static void assertGradient(String what, ToDoubleFunction<Tensor> f, Tensor x, Tensor dX) {
        Result result = check(what, f, x, dX);
        if (!result.passed()) {
            throw new AssertionFailedError(result.toString());
        }
    }

    /**
     * Checks a layer's backward pass: {@code dX} must be the gradient of sum(forward(x) * upstream) at x,
     * which is what backward(upstream) computes when the loss's gradient at the output is {@code upstream}.
     */
    public static void assertBackward(String what, Function<Tensor, Tensor> forward, Tensor x, Tensor upstream,
                                      Tensor dX) {
        assertGradient(what, input -> forward.apply(input).times(upstream).sum(), x, dX);
    }

    /** Fails unless {@code jacobian} equals the numerical Jacobian of f at x within the tolerance. */
    public static void assertJacobian(String what, Function<Tensor, Tensor> f, Tensor x, Tensor jacobian) {
        Result result = compare(what, jacobian, numericalJacobian(f, x), TOLERANCE);
        if (!result.passed()) {
            throw new AssertionFailedError(result.toString());
        }
    }
}
