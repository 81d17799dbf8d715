package dlcourse.check;

import dlcourse.nn.Layer;
import dlcourse.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;
import org.opentest4j.AssertionFailedError;

/**
 * Checks for graded exercises: each failure message says what was checked, what was expected, what came
 * back, and a hint, so a student knows what to fix.
 * <pre>
 * Checks.assertClose("softmax([1, 2, 3])", Tensor.of(0.090, 0.245, 0.665), mySoftmax(Tensor.of(1, 2, 3)), 1e-3,
 *         "divide e^{z_j} by the sum of e^{z_k} over all k");
 * </pre>
 * Failures are JUnit's {@link AssertionFailedError}, so test cells and graders treat them like any assertion.
 *
 * <p>Used by the exercises of every notebook; introduced in {@code notebooks/00-getting-started.ipynb} (section "Graded exercises and their checks").
 */
public final class Checks {
    private Checks() {}

    /** Fails unless {@code actual} has {@code expected}'s shape and every element is within {@code tolerance}. */
    public static void assertClose(String what, Tensor expected, Tensor actual, double tolerance, String hint) {
        if (actual == null) {
            throw fail(what, "got null instead of a tensor of shape " + Tensor.describe(expected.shape())
                    + "; did the method return its result?", hint);
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw fail(what, "expected shape " + Tensor.describe(expected.shape()) + " but got shape "
                    + Tensor.describe(actual.shape()), hint);
        }
        int worst = -1;
        double worstError = 0;
        for (int i = 0; i < expected.size(); i++) {
            double error = Math.abs(expected.get(i) - actual.get(i));
            if (Double.isNaN(error) || error > worstError) {
                worstError = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
                worst = i;
            }
        }
        if (worstError > tolerance) {
            throw fail(what, String.format("expected%n%s%nbut got%n%s%nlargest difference %.3g at flat index %d"
                            + " (expected %.6g, got %.6g; tolerance %.1g)", expected, actual, worstError, worst,
                    expected.get(worst), actual.get(worst), tolerance), hint);
        }
    }

    /** Fails unless |expected - actual| &lt;= tolerance. */
    public static void assertClose(String what, double expected, double actual, double tolerance, String hint) {
        if (!(Math.abs(expected - actual) <= tolerance)) {
            throw fail(what, String.format("expected %.6g but got %.6g (tolerance %.1g)", expected, actual, tolerance),
                    hint);
        }
    }

    /** Fails unless {@code actual} is at least {@code minimum} (an accuracy a trained model must reach, say). */
    public static void assertAtLeast(String what, double minimum, double actual, String hint) {
        if (!(actual >= minimum)) {
            throw fail(what, String.format("expected at least %.4g but got %.4g", minimum, actual), hint);
        }
    }

    /** Fails unless the tensor has the given shape (-1 for any length). */
    public static void assertShape(String what, Tensor actual, int[] expected, String hint) {
        if (actual == null) {
            throw fail(what, "got null instead of a tensor of shape " + Tensor.describe(expected), hint);
        }
        boolean ok = actual.rank() == expected.length;
        for (int i = 0; ok && i < expected.length; i++) {
            ok = expected[i] < 0 || expected[i] == actual.dim(i);
        }
        if (!ok) {
            throw fail(what, "expected shape " + Tensor.describe(expected) + " but got " + Tensor.describe(actual.shape()),
                    hint);
        }
    }

    /** Fails unless the tensor has no NaN or infinite element. */
    public static void assertFinite(String what, Tensor actual, String hint) {
        if (actual.hasNonFinite()) {
            throw fail(what, "found NaN or infinite values in\n" + actual, hint);
        }
    }

    /**
     * Fails unless a layer's backward pass agrees with central differences: dX for a random upstream gradient,
     * checked like {@link GradientCheck#assertBackward}. {@code forward} computes the same layer's output
     * without side effects on {@code layer} (e.g. {@code new Tanh()::forward}).
     */
    public static void assertBackwardCorrect(String what, Function<Tensor, Tensor> forward, Layer layer, Tensor x,
                                             Tensor dY, String hint) {
        Tensor dX;
        try {
            layer.forward(x);
            dX = layer.backward(dY);
        } catch (RuntimeException e) {
            throw fail(what, "forward/backward threw " + e, hint);
        }
        GradientCheck.Result result = GradientCheck.check(what, in -> forward.apply(in).times(dY).sum(), x, dX);
        if (!result.passed()) {
            throw fail(what, "dX does not match the numerical gradient: " + result, hint);
        }
    }

    private static AssertionFailedError fail(String what, String problem, String hint) {
        return new AssertionFailedError(what + ": " + problem + (hint == null || hint.isBlank() ? "" : "\nHint: " + hint));
    }
}
