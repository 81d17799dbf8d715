package dlcourse.autoencoder;

import static dlcourse.autoencoder.ParameterCheck.assertParameterGradient;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.nn.Sgd;
import dlcourse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SparseAutoencoderTest {
    private final Random rng = new Random(11);
    private final Tensor a = Tensor.uniform(rng, 0.05, 0.95, 5, 4);
    private final Tensor x = Tensor.uniform(rng, 0, 1, 5, 6);

    @Nested
    @DisplayName("the lecture's L1 penalty lambda sum_j |a_j|")
    class L1 {
        @Test
        @DisplayName("is lambda times the sum of |a| averaged over the batch")
        void value() {
            Tensor signed = Tensor.of(new double[][] {{0.5, -1}, {0, 2}});
            assertEquals(0.1 * 3.5 / 2, SparsityPenalty.l1(signed, 0.1), 1e-12);
        }

        @Test
        @DisplayName("its gradient (lambda / N) sign(a) passes the gradient check")
        void gradient() {
            Tensor signed = Tensor.randn(rng, 1, 5, 4);
            GradientCheck.assertGradient("l1", t -> SparsityPenalty.l1(t, 0.3), signed, SparsityPenalty.l1Gradient(signed, 0.3));
        }
    }

    @Nested
    @DisplayName("the KL penalty beta sum_j KL(rho || rhoHat_j)")
    class Kl {
        @ParameterizedTest(name = "KL({0} || {1}) = {2}")
        @CsvSource({
                "0.01, 0.01, 0",
                "0.5,  0.5,  0",
                "0.5,  0.25, 0.1438410362",
                "0.01, 0.5,  0.6371456462",
                "0.2,  0.1,  0.0444030076"})
        @DisplayName("KL of Bernoulli means")
        void divergence(double rho, double rhoHat, double expected) {
            assertEquals(expected, SparsityPenalty.klDivergence(rho, rhoHat), 1e-6);
        }

        @Test
        @DisplayName("rhoHat is the batch mean of each unit's activation")
        void averageActivation() {
            Tensor h = Tensor.of(new double[][] {{0.1, 0.4}, {0.3, 0.6}});
            assertTrue(Tensor.of(0.2, 0.5).allClose(SparsityPenalty.averageActivation(h), 1e-12));
        }

        @Test
        @DisplayName("its gradient passes the gradient check with UFLDL's rho = 0.01, beta = 3")
        void gradient() {
            GradientCheck.assertGradient("kl", t -> SparsityPenalty.kl(t, 0.01, 3), a, SparsityPenalty.klGradient(a, 0.01, 3));
        }

        @Test
        @DisplayName("is zero exactly when every unit's average is rho")
        void zeroAtTarget() {
            Tensor h = Tensor.full(0.2, 3, 4);
            assertAll(
                    () -> assertEquals(0, SparsityPenalty.kl(h, 0.2, 3), 1e-12),
                    () -> assertTrue(SparsityPenalty.kl(a, 0.2, 3) > 0));
        }

        @Test
        @DisplayName("a rho outside (0, 1) is rejected by name")
        void badRho() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparsityPenalty.kl(a, 0, 3));
            assertTrue(e.getMessage().contains("rho"), e.getMessage());
        }
    }

    @Test
    @DisplayName("weight decay (lambda / 2)||W||^2 has gradient lambda W")
    void weightDecay() {
        Tensor W = Tensor.randn(rng, 1, 3, 4);
        GradientCheck.assertGradient("weight decay", t -> SparsityPenalty.weightDecay(t, 1e-2), W,
                SparsityPenalty.weightDecayGradient(W, 1e-2));
    }

    @Nested
    @DisplayName("training with the penalties")
    class Training {
        @Test
        @DisplayName("the whole KL objective's parameter gradients pass the gradient check")
        void klObjectiveGradients() {
            SparseAutoencoder sparse = SparseAutoencoder.kl(Autoencoder.create(6, 4, 2), 0.1, 3, 1e-2);
            sparse.computeGradients(x);
            Autoencoder ae = sparse.autoencoder();
            Tensor dW = ae.W().grad();
            Tensor db = ae.b().grad();
            Tensor dWPrime = ae.WPrime().grad();
            assertAll(
                    () -> assertParameterGradient("dW", ae.W(), () -> sparse.objective(x).total(), dW),
                    () -> assertParameterGradient("db", ae.b(), () -> sparse.objective(x).total(), db),
                    () -> assertParameterGradient("dW'", ae.WPrime(), () -> sparse.objective(x).total(), dWPrime));
        }

        @Test
        @DisplayName("the L1 objective's encoder gradient passes the gradient check")
        void l1ObjectiveGradients() {
            SparseAutoencoder sparse = SparseAutoencoder.l1(Autoencoder.create(6, 4, 2), 0.05);
            sparse.computeGradients(x);
            Autoencoder ae = sparse.autoencoder();
            Tensor dW = ae.W().grad();
            assertParameterGradient("dW", ae.W(), () -> sparse.objective(x).total(), dW);
        }

        @Test
        @DisplayName("training with UFLDL's defaults drives the average activation towards rho = 0.01")
        void drivesActivationsDown() {
            Tensor data = Tensor.uniform(new Random(4), 0, 1, 32, 10);
            SparseAutoencoder sparse = SparseAutoencoder.klWithUfldlDefaults(Autoencoder.create(10, 8, 1));
            double before = SparsityPenalty.averageActivation(sparse.autoencoder().encode(data)).mean();
            Sgd sgd = new Sgd(0.05);
            for (int step = 0; step < 400; step++) {
                sparse.trainStep(data, sgd);
            }
            double after = SparsityPenalty.averageActivation(sparse.autoencoder().encode(data)).mean();
            assertTrue(before > 0.3 && after < 0.05, "mean activation before " + before + ", after " + after);
        }
    }

    @Nested
    @DisplayName("the objective's sizes match the forms they come from")
    class Sizes {
        @Test
        @DisplayName("the KL form uses UFLDL's half squared error (1/N) sum 1/2 ||z - x||^2, the L1 form the lecture's without the 1/2")
        void reconstructionTerms() {
            Autoencoder ae = Autoencoder.create(6, 4, 3);
            Tensor z = ae.decode(ae.encode(x));
            double noHalf = z.minus(x).squaredNorm() / x.rows();
            SparseAutoencoder kl = SparseAutoencoder.kl(ae, 0.1, 3, 1e-4);
            SparseAutoencoder l1 = SparseAutoencoder.l1(ae, 0.1);
            assertAll(
                    () -> assertEquals(ReconstructionLoss.HALF_SQUARED_ERROR, kl.reconstructionLoss()),
                    () -> assertEquals(noHalf / 2, kl.objective(x).reconstruction(), 1e-12),
                    () -> assertEquals(ReconstructionLoss.SQUARED_ERROR, l1.reconstructionLoss()),
                    () -> assertEquals(noHalf, l1.objective(x).reconstruction(), 1e-12));
        }

        @Test
        @DisplayName("the weight decay term is (lambda / 2)(||W||^2 + ||W'||^2)")
        void weightDecayTerm() {
            Autoencoder ae = Autoencoder.create(6, 4, 3);
            SparseAutoencoder kl = SparseAutoencoder.kl(ae, 0.1, 3, 0.2);
            double expected = 0.1 * (ae.W().value().squaredNorm() + ae.WPrime().value().squaredNorm());
            assertAll(
                    () -> assertEquals(expected, kl.weightDecayTerm(), 1e-12),
                    () -> assertEquals(expected, kl.objective(x).weightDecay(), 1e-12));
        }
    }

    @Nested
    @DisplayName("hyper-parameters out of range are rejected by name")
    class BadHyperParameters {
        @ParameterizedTest(name = "rho = {0}, beta = {1}, decay = {2} names {3}")
        @CsvSource({
                "0.1, -3, 1e-4, beta",
                "0.1, 3, -1e-4, decayLambda",
                "0.1, NaN, 1e-4, beta",
                "1.0, 3, 1e-4, rho"})
        @DisplayName("the KL form")
        void kl(double rho, double beta, double decay, String name) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SparseAutoencoder.kl(Autoencoder.create(6, 4, 2), rho, beta, decay));
            assertAll(
                    () -> assertTrue(e.getMessage().contains(name), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("SparseAutoencoder.kl"), e.getMessage()));
        }

        @Test
        @DisplayName("the L1 form with a negative lambda")
        void l1() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SparseAutoencoder.l1(Autoencoder.create(6, 4, 2), -0.1));
            assertTrue(e.getMessage().contains("lambda must be a finite number >= 0"), e.getMessage());
        }
    }

    @Test
    @DisplayName("the activation histogram counts every activation once, in the right bin")
    void histogram() {
        Tensor h = Tensor.of(new double[][] {{0.05, 0.15, 0.95}, {0.0, 1.0, 0.55}});
        tech.tablesaw.api.Table table = SparseAutoencoder.activationHistogram("toy", h, 10);
        assertAll(
                () -> assertEquals(10, table.rowCount()),
                () -> assertEquals(6, table.intColumn("count").sum()),
                () -> assertEquals(2, table.intColumn("count").get(0), "0.05 and 0.0"),
                () -> assertEquals(2, table.intColumn("count").get(9), "0.95 and 1.0"),
                () -> assertEquals(1, table.intColumn("count").get(5), "0.55"),
                () -> assertEquals(1.0 / 6, table.doubleColumn("fraction").get(1), 1e-12));
    }
}
