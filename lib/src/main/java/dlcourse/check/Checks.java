package dlcourse.check;

import dlcourse.nn.Layer;
import dlcourse.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
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

    /**
     * A wrong answer a test knows how to recognise: the mistake in words (as in "forgetting the 1/N") and the
     * answer that mistake gives for the test's input. A failure whose answer matches says "your answer matches a
     * known mistake: forgetting the 1/N".
     */
    public record Mistake(String mistake, Tensor answer) {
        public Mistake {
            if (mistake == null || mistake.isBlank()) {
                throw new IllegalArgumentException("a Mistake needs a description, e.g. \"forgetting the 1/N\"");
            }
        }
    }

    /** A known mistake and the answer it gives, for {@link #assertClose(String, Tensor, Tensor, double, String, Mistake...)}. */
    public static Mistake mistake(String mistake, Tensor answer) {
        return new Mistake(mistake, answer);
    }

    /**
     * Fails unless {@code actual} has {@code expected}'s shape and every element is within {@code tolerance}.
     * The message names the shape of the mistake when it has a common one (NaN or infinity from an overflow,
     * one of the {@code known} mistakes, a sign error, a constant factor, a transpose, a flipped kernel, a shift by
     * one row or column); otherwise it gives the first differing positions as [i, j] with both values, and
     * how many differ. It never prints a whole tensor.
     */
    public static void assertClose(String what, Tensor expected, Tensor actual, double tolerance, String hint,
                                   Mistake... known) {
        if (actual == null) {
            throw fail(what, "got null instead of a tensor of shape " + Tensor.describe(expected.shape())
                    + "; did the method return its result?", hint);
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw fail(what, "expected shape " + Tensor.describe(expected.shape()) + " but got shape "
                    + Tensor.describe(actual.shape()) + shapeNote(expected.shape(), actual.shape()), hint);
        }
        String problem = Diagnosis.of(expected, actual, tolerance, false, List.of(known));
        if (problem != null) {
            throw fail(what, problem, hint);
        }
    }

    /**
     * Fails unless |expected - actual| &lt;= tolerance. The message names one of the {@code known} mistakes (each
     * answer a single number, e.g. {@link Mistakes#leakyReluAsRelu}) when the answer is that one, else an
     * overflow, a sign error or a whole-number factor when it is one.
     */
    public static void assertClose(String what, double expected, double actual, double tolerance, String hint,
                                   Mistake... known) {
        if (!(Math.abs(expected - actual) <= tolerance)) {
            String shape = "";
            for (Mistake k : known) {
                if (k.answer() != null && k.answer().size() == 1
                        && Math.abs(k.answer().toArray()[0] - actual) <= tolerance) {
                    throw fail(what, String.format("expected %s but got %s: your answer matches a known mistake: %s",
                            Diagnosis.number(expected), Diagnosis.number(actual), k.mistake()), hint);
                }
            }
            if (!Double.isFinite(actual) && Double.isFinite(expected)) {
                shape = ": an overflow, most likely (Math.exp(z) is infinite for z above about 709)";
            } else if (expected != 0 && Math.abs(expected + actual) <= tolerance) {
                shape = ": minus the expected value, a sign error";
            } else if (expected != 0 && actual != 0) {
                double r = actual / expected;
                if (r > 1.5 && Math.abs(r - Math.rint(r)) < 1e-6 * r) {
                    shape = ": exactly " + (long) Math.rint(r) + " times too large";
                } else if (r > 0 && r < 0.75 && Math.abs(1 / r - Math.rint(1 / r)) < 1e-6 / r) {
                    shape = ": exactly " + (long) Math.rint(1 / r) + " times too small";
                }
            }
            throw fail(what, String.format("expected %s but got %s (tolerance %.0e)%s", Diagnosis.number(expected),
                    Diagnosis.number(actual), tolerance, shape), hint);
        }
    }

    /** Fails unless {@code actual} is at least {@code minimum} (an accuracy a trained model must reach, say). */
    public static void assertAtLeast(String what, double minimum, double actual, String hint) {
        if (!(actual >= minimum)) {
            throw fail(what, String.format("expected at least %.4g but got %.4g", minimum, actual), hint);
        }
    }

    /** Fails unless {@code minimum <= actual <= maximum} (a count that randomness should keep near its mean, say). */
    public static void assertBetween(String what, double minimum, double maximum, double actual, String hint) {
        if (!(actual >= minimum && actual <= maximum)) {
            throw fail(what, String.format("expected between %.4g and %.4g but got %.4g", minimum, maximum, actual), hint);
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
        if (actual == null) {
            throw fail(what, "got null instead of a tensor; did the method return its result?", hint);
        }
        double[] values = actual.toArray();
        int count = 0;
        int first = -1;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                count++;
                first = first < 0 ? i : first;
            }
        }
        if (count > 0) {
            throw fail(what, String.format("%d of %d values are NaN or infinite, the first at %s (%s): an overflow,"
                            + " most likely (Math.exp(z) is infinite for z above about 709)", count, values.length,
                    Diagnosis.position(first, actual.shape()), Diagnosis.number(values[first])), hint);
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
            throw fail(what, "forward or backward stopped with: " + e.getMessage(), hint);
        }
        GradientCheck.assertBackward(what, forward, x, dY, dX, hint);
    }

    /** What a wrong shape most likely means: a transpose, or one row per example where one value per unit belongs. */
    static String shapeNote(int[] expected, int[] actual) {
        if (actual.length == expected.length + 1 && Arrays.equals(expected, Arrays.copyOfRange(actual, 1, actual.length))) {
            return " (one row per example: sum over the batch, sum(0), to get one value per unit)";
        }
        if (actual.length == 2 && expected.length == 2 && actual[0] == expected[1] && actual[1] == expected[0]) {
            return " (rows and columns swapped: a transpose?)";
        }
        return "";
    }

    static AssertionFailedError fail(String what, String problem, String hint) {
        return new AssertionFailedError(what + ": " + problem + (hint == null || hint.isBlank() ? "" : "\nHint: " + hint));
    }
}
