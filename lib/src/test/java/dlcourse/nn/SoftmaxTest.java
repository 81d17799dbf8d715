package dlcourse.nn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dlcourse.check.GradientCheck;
import dlcourse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SoftmaxTest {

    @Nested
    @DisplayName("forward")
    class Forward {
        @Test
        @DisplayName("the lecture's example: softmax([1, 2, 3]) = [0.09, 0.24, 0.67] to two decimals")
        void lectureExample() {
            Tensor s = Softmax.apply(Tensor.of(1, 2, 3));
            assertAll(
                    () -> assertEquals(0.09, s.get(0), 0.005),
                    () -> assertEquals(0.24, s.get(1), 0.005),
                    () -> assertEquals(0.67, s.get(2), 0.005),
                    () -> assertEquals(1.0, s.sum(), 1e-12));
        }

        @Test
        @DisplayName("is stable for large scores: [1000, 1001, 1002] gives the same as [1, 2, 3]")
        void stable() {
            Tensor large = Softmax.apply(Tensor.of(1000, 1001, 1002));
            assertAll(
                    () -> assertFalse(large.hasNonFinite(), large.toString()),
                    () -> assertEquals(Softmax.apply(Tensor.of(1, 2, 3)).toString(), large.toString()));
        }

        @Test
        @DisplayName("works row by row on a batch [N, K]")
        void rows() {
            Tensor z = Tensor.of(new double[][] {{1, 2, 3}, {0, 0, 0}});
            Tensor s = new Softmax().forward(z);
            assertAll(
                    () -> assertEquals(1.0 / 3, s.get(1, 0), 1e-12),
                    () -> assertEquals(Softmax.apply(Tensor.of(1, 2, 3)).get(2), s.get(0, 2), 1e-12));
        }
    }

    @Nested
    @DisplayName("Jacobian")
    class Jacobian {
        private final Tensor z = Tensor.of(1, 2, 3);
        private final Tensor s = Softmax.apply(z);
        private final Tensor J = Softmax.jacobian(z);

        @Test
        @DisplayName("diagonal is equation (1): sigma_j (1 - sigma_j)")
        void diagonal() {
            assertAll(
                    () -> assertEquals(s.get(0) * (1 - s.get(0)), J.get(0, 0), 1e-15),
                    () -> assertEquals(s.get(1) * (1 - s.get(1)), J.get(1, 1), 1e-15),
                    () -> assertEquals(s.get(2) * (1 - s.get(2)), J.get(2, 2), 1e-15));
        }

        @Test
        @DisplayName("off-diagonal is equation (2): -sigma_i sigma_j")
        void offDiagonal() {
            assertAll(
                    () -> assertEquals(-s.get(0) * s.get(1), J.get(0, 1), 1e-15),
                    () -> assertEquals(-s.get(2) * s.get(0), J.get(2, 0), 1e-15),
                    () -> assertEquals(J.get(1, 2), J.get(2, 1), 1e-15));
        }

        @Test
        @DisplayName("equals the numerical Jacobian")
        void numerical() {
            GradientCheck.assertJacobian("softmax", Softmax::apply, Tensor.of(0.3, -1.2, 2.0, 0.7), Softmax.jacobian(Tensor.of(0.3, -1.2, 2.0, 0.7)));
        }

        @Test
        @DisplayName("softmax Jacobian is diag(s) - s s^T")
        void closedForm() {
            Tensor col = s.reshape(3, 1);
            Tensor expected = Tensor.of(new double[][] {{s.get(0), 0, 0}, {0, s.get(1), 0}, {0, 0, s.get(2)}})
                    .minus(col.matmul(col.transpose()));
            assertEquals(true, expected.allClose(J, 1e-15), J.toString());
        }
    }

    @Test
    @DisplayName("backward passes the gradient check")
    void backward() {
        Random rng = new Random(5);
        Tensor z = Tensor.randn(rng, 2, 3, 4);
        Tensor dS = Tensor.randn(rng, 1, 3, 4);
        Softmax softmax = new Softmax();
        softmax.forward(z);
        GradientCheck.assertBackward("Softmax", new Softmax()::forward, z, dS, softmax.backward(dS));
    }
}
