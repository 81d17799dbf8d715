package dlcourse.rnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.nn.Parameter;
import dlcourse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
    private static Parameter withGrad(String name, double... grad) {
        Parameter p = new Parameter(name, Tensor.zeros(grad.length));
        p.setGrad(Tensor.of(grad));
        return p;
    }

    @Test
    @DisplayName("gradients with global norm 5 clipped to 1 keep their direction and reach norm 1")
    void clipsLargeGradients() {
        Parameter a = withGrad("a", 3, 0);
        Parameter b = withGrad("b", 0, 4);
        double before = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);
        assertAll(
                () -> assertEquals(5.0, before, 1e-12),
                () -> assertTrue(Tensor.of(0.6, 0).allClose(a.grad(), 1e-15), a.grad().toString()),
                () -> assertTrue(Tensor.of(0, 0.8).allClose(b.grad(), 1e-15), b.grad().toString()));
    }

    @Test
    @DisplayName("gradients below the limit are left alone; a non-positive limit is rejected")
    void leavesSmallGradients() {
        Parameter a = withGrad("a", 0.3, 0.4);
        assertAll(
                () -> assertEquals(0.5, GradientClipping.clipGlobalNorm(List.of(a), 1.0), 1e-12),
                () -> assertEquals(Tensor.of(0.3, 0.4), a.grad()),
                () -> assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGlobalNorm(List.of(a), 0)));
    }
}
