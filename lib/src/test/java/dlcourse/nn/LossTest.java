package dlcourse.nn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.data.OneHot;
import dlcourse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LossTest {
    private final Random rng = new Random(11);

    @Nested
    @DisplayName("squared error")
    class Squared {
        @Test
        @DisplayName("is 1/N sum 1/2 ||yHat - y||^2 on a hand-worked example")
        void value() {
            // (1/2)(1 + 4) for row 1, (1/2)(9) for row 2, mean over 2 rows: 3.5
            double loss = new SquaredError().forward(Tensor.of(new double[][] {{1, 2}, {3, 0}}),
                    Tensor.of(new double[][] {{0, 0}, {0, 0}}));
            assertEquals(3.5, loss, 1e-12);
        }

        @Test
        @DisplayName("backward passes the gradient check")
        void gradient() {
            Tensor yHat = Tensor.randn(rng, 1, 4, 3);
            Tensor y = Tensor.randn(rng, 1, 4, 3);
            SquaredError loss = new SquaredError();
            loss.forward(yHat, y);
            GradientCheck.assertGradient("SquaredError", p -> new SquaredError().forward(p, y), yHat, loss.backward());
        }
    }

    @Nested
    @DisplayName("binary cross-entropy")
    class Binary {
        @Test
        @DisplayName("is -log 0.8 for p = 0.8, y = 1 and -log 0.8 for p = 0.2, y = 0")
        void value() {
            double loss = new BinaryCrossEntropy().forward(Tensor.of(new double[][] {{0.8}, {0.2}}),
                    Tensor.of(new double[][] {{1}, {0}}));
            assertEquals(-Math.log(0.8), loss, 1e-12);
        }

        @Test
        @DisplayName("backward passes the gradient check")
        void gradient() {
            Tensor p = Tensor.uniform(rng, 0.1, 0.9, 5, 1);
            Tensor y = Tensor.of(new double[][] {{1}, {0}, {0}, {1}, {1}});
            BinaryCrossEntropy loss = new BinaryCrossEntropy();
            loss.forward(p, y);
            GradientCheck.assertGradient("BinaryCrossEntropy", q -> new BinaryCrossEntropy().forward(q, y), p, loss.backward());
        }

        @Test
        @DisplayName("a confident wrong answer is large but finite; values outside [0, 1] are refused")
        void edges() {
            double loss = new BinaryCrossEntropy().forward(Tensor.of(new double[][] {{0.0}}), Tensor.of(new double[][] {{1}}));
            assertAll(
                    () -> assertTrue(Double.isFinite(loss) && loss > 20, "loss " + loss),
                    () -> assertTrue(assertThrows(IllegalArgumentException.class, () -> new BinaryCrossEntropy()
                            .forward(Tensor.of(new double[][] {{1.5}}), Tensor.of(new double[][] {{1}})))
                            .getMessage().contains("Sigmoid")));
        }
    }

    @Test
    @DisplayName("binary cross-entropy refuses targets outside [0, 1], such as a label 2")
    void binaryTargets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BinaryCrossEntropy()
                .forward(Tensor.of(new double[][] {{0.5}, {0.5}}), Tensor.of(new double[][] {{1}, {2}})));
        assertTrue(e.getMessage().contains("targets y in [0, 1]") && e.getMessage().contains("SoftmaxCrossEntropy"),
                e.getMessage());
    }

    @Nested
    @DisplayName("softmax cross-entropy")
    class SoftmaxCe {
        @Test
        @DisplayName("is -log softmax(z)_label, here -log 0.665 for z = [1, 2, 3] and label 2")
        void value() {
            double loss = new SoftmaxCrossEntropy().forward(Tensor.of(new double[][] {{1, 2, 3}}), new int[] {2});
            assertEquals(-Math.log(Softmax.apply(Tensor.of(1, 2, 3)).get(2)), loss, 1e-12);
            assertEquals(0.4076, loss, 1e-4);
        }

        @Test
        @DisplayName("its gradient is (p - y) / N and passes the gradient check")
        void gradient() {
            Tensor z = Tensor.randn(rng, 2, 4, 3);
            Tensor y = OneHot.encode(new int[] {0, 2, 1, 2}, 3);
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            loss.forward(z, y);
            Tensor dZ = loss.backward();
            assertAll(
                    () -> assertTrue(dZ.allClose(Softmax.apply(z).minus(y).times(0.25), 1e-15)),
                    () -> GradientCheck.assertGradient("SoftmaxCrossEntropy", s -> new SoftmaxCrossEntropy().forward(s, y), z, dZ));
        }

        @Test
        @DisplayName("stays finite for scores like 1000")
        void stable() {
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            double value = loss.forward(Tensor.of(new double[][] {{1000, 1001, 1002}}), new int[] {0});
            assertAll(
                    () -> assertEquals(2.4076, value, 1e-4),
                    () -> assertFalse(loss.backward().hasNonFinite()));
        }

        @Test
        @DisplayName("soft targets that are probability rows are accepted and keep the gradient (p - y) / N")
        void softTargets() {
            Tensor z = Tensor.randn(rng, 1, 2, 3);
            Tensor y = Tensor.of(new double[][] {{0.2, 0.3, 0.5}, {0, 0.9, 0.1}});
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            loss.forward(z, y);
            GradientCheck.assertGradient("SoftmaxCrossEntropy", s -> new SoftmaxCrossEntropy().forward(s, y), z, loss.backward());
        }

        @Test
        @DisplayName("targets whose rows do not sum to 1 or have negative entries are refused, naming the row")
        void badTargetRows() {
            Tensor z = Tensor.zeros(2, 3);
            IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                    () -> new SoftmaxCrossEntropy().forward(z, Tensor.of(new double[][] {{1, 0, 0}, {1, 1, 0}})));
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                    () -> new SoftmaxCrossEntropy().forward(z, Tensor.of(new double[][] {{1.5, -0.5, 0}, {1, 0, 0}})));
            assertAll(
                    () -> assertTrue(sum.getMessage().contains("target row 1 sums to 2.0"), sum.getMessage()),
                    () -> assertTrue(negative.getMessage().contains("target row 0 has the entry -0.5"), negative.getMessage()));
        }

        @Test
        @DisplayName("logSoftmax is log of softmax, finite where softmax underflows to 0")
        void logSoftmax() {
            Tensor z = Tensor.of(new double[][] {{1, 2, 3}, {0, 800, -800}});
            Tensor logP = Softmax.logSoftmax(z);
            assertAll(
                    () -> assertEquals(Math.log(Softmax.apply(z).get(0, 1)), logP.get(0, 1), 1e-12),
                    () -> assertEquals(0, Softmax.apply(z).get(1, 2)),
                    () -> assertEquals(-1600, logP.get(1, 2), 1e-9),
                    () -> assertEquals(Softmax.logSoftmax(Tensor.of(1, 2, 3)).get(2), logP.get(0, 2), 1e-15));
        }

        @Test
        @DisplayName("a label outside [0, K) is refused with its index")
        void badLabel() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SoftmaxCrossEntropy().forward(Tensor.zeros(2, 3), new int[] {0, 3}));
            assertTrue(e.getMessage().contains("label 3 at index 1"), e.getMessage());
        }
    }
}
