package dlcourse.autoencoder;

import static dlcourse.autoencoder.ParameterCheck.assertParameterGradient;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.nn.BinaryCrossEntropy;
import dlcourse.nn.Sgd;
import dlcourse.nn.SquaredError;
import dlcourse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AutoencoderTest {
    private final Random rng = new Random(7);
    private final Tensor x = Tensor.uniform(rng, 0, 1, 4, 6);

    @Nested
    @DisplayName("forward")
    class Forward {
        @Test
        @DisplayName("encodes [N, D] to [N, H] with h = s(xW + b) and decodes back to [N, D]")
        void shapesAndEquation() {
            Autoencoder ae = Autoencoder.create(6, 3, 1);
            Tensor h = ae.encode(x);
            Tensor a = x.matmul(ae.W().value()).plusRow(ae.b().value());
            double expected = 1 / (1 + Math.exp(-a.get(2, 1)));
            Tensor z = ae.forward(x);
            assertAll(
                    () -> assertArrayEquals(new int[] {4, 3}, h.shape()),
                    () -> assertArrayEquals(new int[] {4, 6}, z.shape()),
                    () -> assertEquals(expected, h.get(2, 1), 1e-12),
                    () -> assertTrue(z.allClose(ae.decode(h), 1e-12), "forward = decode(encode(x))"),
                    () -> assertTrue(z.min() > 0 && z.max() < 1, "a sigmoid output lies in (0, 1)"));
        }

        @Test
        @DisplayName("UFLDL initialisation: weights within sqrt(6 / (D + H + 1)), zero biases, same seed same weights")
        void initialisation() {
            Autoencoder ae = Autoencoder.create(6, 3, 5);
            double r = Math.sqrt(6.0 / 10);
            assertAll(
                    () -> assertTrue(ae.W().value().map(Math::abs).max() <= r),
                    () -> assertEquals(0, ae.b().value().map(Math::abs).max()),
                    () -> assertEquals(ae.W().value(), Autoencoder.create(6, 3, 5).W().value()));
        }

        @Test
        @DisplayName("a wrong input width is rejected with the expected and actual shape")
        void wrongShape() {
            Autoencoder ae = Autoencoder.create(6, 3, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ae.forward(Tensor.zeros(2, 5)));
            assertAll(
                    () -> assertTrue(e.getMessage().contains("Autoencoder.forward"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("[*, 6]") && e.getMessage().contains("[2, 5]"), e.getMessage()));
        }

        @Test
        @DisplayName("backward before forward says to call forward first")
        void backwardFirst() {
            assertThrows(IllegalStateException.class, () -> Autoencoder.create(6, 3, 1).backward(Tensor.zeros(4, 6)));
        }
    }

    @Nested
    @DisplayName("backward")
    class Backward {
        @ParameterizedTest(name = "{0} output")
        @EnumSource(Autoencoder.Output.class)
        @DisplayName("dX, dW, db, dW', db' all pass the gradient check")
        void gradients(Autoencoder.Output output) {
            Autoencoder ae = Autoencoder.create(6, 3, output, 3);
            Tensor upstream = Tensor.randn(rng, 1, 4, 6);
            ae.forward(x);
            Tensor dX = ae.backward(upstream);
            Tensor dW = ae.W().grad();
            Tensor db = ae.b().grad();
            Tensor dWPrime = ae.WPrime().grad();
            Tensor dbPrime = ae.bPrime().grad();
            java.util.function.DoubleSupplier objective = () -> ae.decode(ae.encode(x)).times(upstream).sum();
            assertAll(
                    () -> GradientCheck.assertBackward("Autoencoder dX", t -> ae.decode(ae.encode(t)), x, upstream, dX),
                    () -> assertParameterGradient("dW", ae.W(), objective, dW),
                    () -> assertParameterGradient("db", ae.b(), objective, db),
                    () -> assertParameterGradient("dW'", ae.WPrime(), objective, dWPrime),
                    () -> assertParameterGradient("db'", ae.bPrime(), objective, dbPrime));
        }

        @Test
        @DisplayName("backwardParameters sets the same gradients as backward, without dX")
        void parametersOnly() {
            Autoencoder ae = Autoencoder.create(6, 3, 3);
            Tensor upstream = Tensor.randn(rng, 1, 4, 6);
            ae.forward(x);
            ae.backward(upstream);
            java.util.List<Tensor> full = ae.parameters().stream().map(p -> p.grad()).toList();
            ae.forward(x);
            ae.backwardParameters(upstream, null);
            for (int i = 0; i < full.size(); i++) {
                assertTrue(full.get(i).allClose(ae.parameters().get(i).grad(), 1e-12), "parameter " + i);
            }
        }

        @Test
        @DisplayName("an extra gradient at h enters the encoder's gradients (checked against sum(h * G))")
        void extraHiddenGradient() {
            Autoencoder ae = Autoencoder.create(6, 3, 3);
            Tensor g = Tensor.randn(rng, 1, 4, 3);
            ae.forward(x);
            ae.backward(Tensor.zeros(4, 6), g);
            Tensor dW = ae.W().grad();
            assertAll(
                    () -> assertParameterGradient("dW from dHExtra", ae.W(), () -> ae.encode(x).times(g).sum(), dW),
                    () -> assertEquals(0, ae.WPrime().grad().map(Math::abs).max(), "the decoder gets nothing from h's penalty"));
        }
    }

    @Nested
    @DisplayName("reconstruction losses")
    class Losses {
        private final Tensor z = Tensor.uniform(rng, 0.05, 0.95, 4, 6);

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReconstructionLoss.class)
        @DisplayName("the gradient passes the gradient check")
        void gradient(ReconstructionLoss loss) {
            GradientCheck.assertGradient(loss.name(), t -> loss.loss(x, t), z, loss.gradient(x, z));
        }

        @Test
        @DisplayName("squared error is the lecture's sum_i ||z_i - x_i||^2 averaged, twice the library's 1/2 form")
        void squaredError() {
            SquaredError half = new SquaredError();
            double expected = 0;
            for (int i = 0; i < 4; i++) {
                expected += z.row(i).minus(x.row(i)).squaredNorm();
            }
            double lectureForm = expected / 4;
            assertAll(
                    () -> assertEquals(lectureForm, ReconstructionLoss.SQUARED_ERROR.loss(x, z), 1e-12),
                    () -> assertEquals(2 * half.forward(z, x), ReconstructionLoss.SQUARED_ERROR.loss(x, z), 1e-12));
        }

        @Test
        @DisplayName("the half squared error is exactly the library's SquaredError, value and gradient")
        void halfSquaredError() {
            SquaredError half = new SquaredError();
            double value = half.forward(z, x);
            Tensor dZ = half.backward();
            assertAll(
                    () -> assertEquals(value, ReconstructionLoss.HALF_SQUARED_ERROR.loss(x, z), 1e-12),
                    () -> assertEquals(ReconstructionLoss.SQUARED_ERROR.loss(x, z) / 2,
                            ReconstructionLoss.HALF_SQUARED_ERROR.loss(x, z), 1e-12),
                    () -> assertTrue(dZ.allClose(ReconstructionLoss.HALF_SQUARED_ERROR.gradient(x, z), 1e-12)));
        }

        @Test
        @DisplayName("cross-entropy L_H(x, z) equals the library's binary cross-entropy, value and gradient")
        void crossEntropy() {
            BinaryCrossEntropy bce = new BinaryCrossEntropy();
            double value = bce.forward(z, x);
            assertAll(
                    () -> assertEquals(value, ReconstructionLoss.CROSS_ENTROPY.loss(x, z), 1e-10),
                    () -> assertTrue(bce.backward().allClose(ReconstructionLoss.CROSS_ENTROPY.gradient(x, z), 1e-10)));
        }

        @Test
        @DisplayName("x and z of different shapes are rejected")
        void shapes() {
            assertThrows(IllegalArgumentException.class, () -> ReconstructionLoss.SQUARED_ERROR.loss(x, Tensor.zeros(4, 5)));
        }
    }

    @Test
    @DisplayName("training on real structure lowers the reconstruction error")
    void trainingLowersError() {
        // inputs with 2 underlying factors in 6 dimensions: a 3-unit bottleneck can rebuild them
        Tensor factors = Tensor.uniform(new Random(2), 0, 1, 64, 2);
        Tensor mix = Tensor.uniform(new Random(3), 0, 0.5, 2, 6);
        Tensor data = factors.matmul(mix);
        Autoencoder ae = Autoencoder.create(6, 3, 4);
        Sgd sgd = new Sgd(0.5);
        double before = ReconstructionLoss.SQUARED_ERROR.loss(data, ae.forward(data));
        for (int step = 0; step < 3000; step++) {
            ae.trainStep(data, ReconstructionLoss.SQUARED_ERROR, sgd);
        }
        double after = ReconstructionLoss.SQUARED_ERROR.loss(data, ae.forward(data));
        assertTrue(after < before / 10, "error before " + before + ", after " + after);
    }

    @Test
    @DisplayName("features are the columns of W, one unit-norm row per hidden unit")
    void features() {
        Autoencoder ae = Autoencoder.create(6, 3, 1);
        Tensor f = ae.features();
        double scale = Math.sqrt(ae.W().value().columns(1, 2).squaredNorm());
        assertAll(
                () -> assertArrayEquals(new int[] {3, 6}, f.shape()),
                () -> assertEquals(1, f.row(2).squaredNorm(), 1e-12),
                () -> assertEquals(ae.W().value().get(4, 1) / scale, f.get(1, 4), 1e-12));
    }
}
