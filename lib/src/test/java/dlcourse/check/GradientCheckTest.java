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
        assertTrue(e.getMessage().contains("max relative error"), e.getMessage());
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
