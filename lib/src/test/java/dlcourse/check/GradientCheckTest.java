package dlcourse.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class GradientCheckTest {
    private final Tensor x = Tensor.randn(new Random(1), 1, 3, 4);

    @Test
    @DisplayName("accepts the true gradient of sum(x^3), which is 3x^2")
    void acceptsTrueGradient() {
        GradientCheck.assertGradient("x^3", t -> t.map(v -> v * v * v).sum(), x, x.map(v -> 3 * v * v));
    }

    @Test
    @DisplayName("rejects a wrong gradient and says where and by how much")
    void rejectsWrongGradient() {
        GradientCheck.Result result = GradientCheck.check("x^3", t -> t.map(v -> v * v * v).sum(), x,
                x.map(v -> 2 * v * v));
        assertFalse(result.passed(), result.toString());
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> GradientCheck.assertGradient("x^3",
                t -> t.map(v -> v * v * v).sum(), x, x.map(v -> 2 * v * v)));
        assertTrue(result.toString().contains("max relative error"), result.toString());
        assertTrue(result.toString().matches(".* at \\[\\d, \\d\\]: .*"), "a position as [i, j]: " + result);
        assertTrue(e.getMessage().startsWith("x^3: your gradient does not match the numerical one"), e.getMessage());
    }

    @Test
    @DisplayName("a gradient N times too large, or with the wrong sign, is named as such; other errors list positions")
    void diagnosesGradients() {
        java.util.function.ToDoubleFunction<Tensor> mean = t -> t.map(v -> v * v).sum() / 3;
        Tensor right = x.times(2.0 / 3);
        String noMean = assertThrows(AssertionFailedError.class,
                () -> GradientCheck.assertGradient("dL/dx", mean, x, x.times(2), "divide by N")).getMessage();
        String sign = assertThrows(AssertionFailedError.class,
                () -> GradientCheck.assertGradient("dL/dx", mean, x, right.times(-1))).getMessage();
        double[] bent = right.toArray();
        bent[5] += 1;
        String other = assertThrows(AssertionFailedError.class,
                () -> GradientCheck.assertGradient("dL/dx", mean, x, Tensor.wrap(bent, 3, 4))).getMessage();
        assertTrue(noMean.contains("exactly 3 times too large") && noMean.endsWith("Hint: divide by N"), noMean);
        assertTrue(sign.contains("exactly minus the expected one: a sign error"), sign);
        assertTrue(other.contains("1 of 12 values differs") && other.contains("at [1, 1] expected"), other);
        GradientCheck.assertGradient("dL/dx", mean, x, right);
    }

    @Test
    @DisplayName("the Jacobian of an element-wise square is diag(2x)")
    void jacobian() {
        Tensor v = Tensor.of(1, -2, 3);
        Tensor expected = Tensor.of(new double[][] {{2, 0, 0}, {0, -4, 0}, {0, 0, 6}});
        GradientCheck.assertJacobian("square", t -> t.times(t), v, expected);
        assertThrows(AssertionFailedError.class,
                () -> GradientCheck.assertJacobian("square", t -> t.times(t), v, expected.times(1.01)));
    }
}
