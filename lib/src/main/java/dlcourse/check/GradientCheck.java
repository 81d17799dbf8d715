package dlcourse.check;

import dlcourse.tensor.Precision;
import dlcourse.tensor.Tensor;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

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
 *
 * <p>Gradient checks are a float64 tool: a difference quotient with a step of 1e-5 cannot resolve a function
 * computed to float32's 1e-7. The numerical gradients here are always computed in {@link Precision#FLOAT64},
 * whatever {@code -Ddlcourse.precision} says; compute the analytic gradient you check in float64 too.
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
                         double tolerance, int[] shape) {
        /** True if the worst relative error is within the tolerance. */
        public boolean passed() {
            return maxRelativeError <= tolerance;
        }

        @Override
        public String toString() {
            return String.format("%s: max relative error %.2e (tolerance %.0e) at %s: analytic %.8g, numeric %.8g",
                    what, maxRelativeError, tolerance, Diagnosis.position(worstIndex, shape), analytic, numeric);
        }
    }

    /** The numerical gradient of a scalar function f at x, by central differences; same shape as x. */
    public static Tensor numericalGradient(ToDoubleFunction<Tensor> f, Tensor x) {
        try (Precision.Scope float64 = Precision.using(Precision.FLOAT64)) {
            return numericalGradientFloat64(f, x);
        }
    }

    private static Tensor numericalGradientFloat64(ToDoubleFunction<Tensor> f, Tensor x) {
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
        try (Precision.Scope float64 = Precision.using(Precision.FLOAT64)) {
            return numericalJacobianFloat64(f, x);
        }
    }

    private static Tensor numericalJacobianFloat64(Function<Tensor, Tensor> f, Tensor x) {
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
        return new Result(what, worst, worstIndex, analytic.get(worstIndex), numeric.get(worstIndex), tolerance,
                analytic.shape());
    }

    /** Checks that {@code dX} is the gradient of the scalar function f at x. */
    public static Result check(String what, ToDoubleFunction<Tensor> f, Tensor x, Tensor dX) {
        return compare(what, dX, numericalGradient(f, x), TOLERANCE);
    }

    /** Fails unless dX is the gradient of f at x; the message says what is wrong (see {@link #assertGradient(String, ToDoubleFunction, Tensor, Tensor, String, Checks.Mistake...)}). */
    public static void assertGradient(String what, ToDoubleFunction<Tensor> f, Tensor x, Tensor dX) {
        assertGradient(what, f, x, dX, null);
    }

    /**
     * Fails unless {@code dX} is the gradient of the scalar function f at x. The message names the shape of the
     * mistake when it has a common one (a constant factor such as a missing 1/N, a sign error, a transpose, NaN
     * from an overflow, one of the {@code known} mistakes), else the first differing positions as [i, j] with
     * your value and the numerical one, and how many differ; then the hint.
     */
    public static void assertGradient(String what, ToDoubleFunction<Tensor> f, Tensor x, Tensor dX, String hint,
                                      Checks.Mistake... known) {
        if (dX == null) {
            throw Checks.fail(what, "got null instead of a gradient of shape " + Tensor.describe(x.shape())
                    + "; did the method return its result?", hint);
        }
        if (!java.util.Arrays.equals(dX.shape(), x.shape())) {
            throw Checks.fail(what, "the gradient has shape " + Tensor.describe(dX.shape()) + " but must have the shape of"
                    + " what it differentiates, " + Tensor.describe(x.shape()) + Checks.shapeNote(x.shape(), dX.shape()), hint);
        }
        Tensor numeric = numericalGradient(f, x);
        String problem = Diagnosis.of(numeric, dX, TOLERANCE, true, java.util.List.of(known));
        if (problem != null) {
            String precision = Precision.current() == Precision.FLOAT32 ? " (the products run in float32 now,"
                    + " -Ddlcourse.precision=float32: compute the gradient you check in float64, inside"
                    + " try (var s = Precision.using(Precision.FLOAT64)) { ... })" : "";
            throw Checks.fail(what, "your gradient does not match the numerical one (central differences): " + problem
                    + precision, hint);
        }
    }

    /**
     * Checks a layer's backward pass: {@code dX} must be the gradient of sum(forward(x) * upstream) at x,
     * which is what backward(upstream) computes when the loss's gradient at the output is {@code upstream}.
     */
    public static void assertBackward(String what, Function<Tensor, Tensor> forward, Tensor x, Tensor upstream,
                                      Tensor dX) {
        assertBackward(what, forward, x, upstream, dX, null);
    }

    /** {@link #assertBackward(String, Function, Tensor, Tensor, Tensor)} with a hint and known mistakes. */
    public static void assertBackward(String what, Function<Tensor, Tensor> forward, Tensor x, Tensor upstream,
                                      Tensor dX, String hint, Checks.Mistake... known) {
        assertGradient(what, input -> forward.apply(input).times(upstream).sum(), x, dX, hint, known);
    }

    /** Fails unless {@code jacobian} equals the numerical Jacobian of f at x within the tolerance. */
    public static void assertJacobian(String what, Function<Tensor, Tensor> f, Tensor x, Tensor jacobian) {
        assertJacobian(what, f, x, jacobian, null);
    }

    /** {@link #assertJacobian(String, Function, Tensor, Tensor)} with a hint and known mistakes. */
    public static void assertJacobian(String what, Function<Tensor, Tensor> f, Tensor x, Tensor jacobian, String hint,
                                      Checks.Mistake... known) {
        Tensor numeric = numericalJacobian(f, x);
        if (jacobian == null || !java.util.Arrays.equals(jacobian.shape(), numeric.shape())) {
            throw Checks.fail(what, jacobian == null ? "got null instead of a Jacobian" : "the Jacobian has shape "
                    + Tensor.describe(jacobian.shape()) + " but must be " + Tensor.describe(numeric.shape()), hint);
        }
        String problem = Diagnosis.of(numeric, jacobian, TOLERANCE, true, java.util.List.of(known));
        if (problem != null) {
            throw Checks.fail(what, "your Jacobian does not match the numerical one (central differences): " + problem,
                    hint);
        }
    }
}
