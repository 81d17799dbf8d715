package dlcourse.autoencoder;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.nn.Sgd;
import dlcourse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DenoisingAutoencoderTest {
    private final Tensor x = Tensor.uniform(new Random(3), 0.1, 1, 50, 20);

    @Nested
    @DisplayName("masking noise")
    class Masking {
        @ParameterizedTest(name = "fraction {0} of 20 inputs zeroes {1} per example")
        @CsvSource({"0, 0", "0.25, 5", "0.5, 10", "1, 20"})
        @DisplayName("zeroes exactly round(fraction * D) inputs of every example and keeps the rest")
        void zeroesFraction(double fraction, int zeroed) {
            Tensor xTilde = Corruption.maskingNoise(x, fraction, new Random(1));
            for (int i = 0; i < x.rows(); i++) {
                int zeros = 0;
                for (int k = 0; k < x.cols(); k++) {
                    if (xTilde.get(i, k) == 0) {
                        zeros++;
                    } else {
                        assertEquals(x.get(i, k), xTilde.get(i, k), "kept inputs are unchanged");
                    }
                }
                assertEquals(zeroed, zeros, "example " + i);
            }
        }

        @Test
        @DisplayName("picks different inputs in different examples, and leaves x unchanged")
        void random() {
            Tensor copy = Tensor.wrap(x.toArray(), x.shape());
            Tensor xTilde = Corruption.masking(0.3).corrupt(x, new Random(5));
            assertAll(
                    () -> assertNotEquals(zeroPattern(xTilde, 0), zeroPattern(xTilde, 1)),
                    () -> assertEquals(copy, x));
        }

        @Test
        @DisplayName("a fraction outside [0, 1] is rejected")
        void badFraction() {
            assertThrows(IllegalArgumentException.class, () -> Corruption.masking(1.5));
        }

        private String zeroPattern(Tensor t, int row) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < t.cols(); k++) {
                sb.append(t.get(row, k) == 0 ? '0' : '1');
            }
            return sb.toString();
        }
    }

    @Test
    @DisplayName("Gaussian noise has mean 0 and the given standard deviation")
    void gaussian() {
        Tensor zeros = Tensor.zeros(200, 50);
        Tensor noise = Corruption.gaussianNoise(zeros, 0.3, new Random(9));
        double mean = noise.mean();
        double std = Math.sqrt(noise.squaredNorm() / noise.size() - mean * mean);
        assertAll(() -> assertEquals(0, mean, 0.01), () -> assertEquals(0.3, std, 0.01));
    }

    @Test
    @DisplayName("one training step computes the loss against the CLEAN input and lowers it")
    void trainStepUsesCleanTarget() {
        Autoencoder ae = Autoencoder.create(20, 8, 2);
        Tensor xTilde = Corruption.maskingNoise(x, 0.3, new Random(2));
        double expected = ReconstructionLoss.CROSS_ENTROPY.loss(x, ae.decode(ae.encode(xTilde)));
        double loss = DenoisingAutoencoder.trainStep(ae, x, xTilde, ReconstructionLoss.CROSS_ENTROPY, new Sgd(0.1));
        double after = ReconstructionLoss.CROSS_ENTROPY.loss(x, ae.decode(ae.encode(xTilde)));
        assertAll(() -> assertEquals(expected, loss, 1e-12), () -> assertTrue(after < loss, after + " < " + loss));
    }

    @Test
    @DisplayName("a trained denoiser rebuilds masked inputs better than the corrupted input itself")
    void denoises() {
        // data on a low-dimensional structure: 3 factors mixed into 20 inputs, so zeroed inputs can be inferred
        Tensor factors = Tensor.uniform(new Random(4), 0, 1, 200, 3);
        Tensor data = factors.matmul(Tensor.uniform(new Random(5), 0, 0.6, 3, 20)).map(v -> Math.min(v, 1));
        DenoisingAutoencoder dae = new DenoisingAutoencoder(Autoencoder.create(20, 10, 3), Corruption.masking(0.25),
                ReconstructionLoss.SQUARED_ERROR, 6);
        Sgd sgd = new Sgd(0.5);
        for (int epoch = 0; epoch < 300; epoch++) {
            for (int from = 0; from < 200; from += 50) {
                dae.trainStep(data.slice(from, from + 50), sgd);
            }
        }
        Tensor corrupted = Corruption.maskingNoise(data, 0.25, new Random(8));
        double corruptedError = ReconstructionLoss.SQUARED_ERROR.loss(data, corrupted);
        double rebuiltError = ReconstructionLoss.SQUARED_ERROR.loss(data, dae.autoencoder().forward(corrupted));
        assertTrue(rebuiltError < corruptedError / 2, "rebuilt " + rebuiltError + " vs corrupted " + corruptedError);
    }

    @Test
    @DisplayName("on real digits, a denoiser trained on masked digits rebuilds them closer than the masked input")
    void denoisesDigits() {
        dlcourse.data.TrainTest data = dlcourse.data.Mnist.load(42);
        DenoisingAutoencoder dae = DenoisingAutoencoder.train(data.train().x().slice(0, 1000), 64, Corruption.masking(0.3),
                ReconstructionLoss.SQUARED_ERROR, 6, 0.5, 20, 1);
        tech.tablesaw.api.Table table = dae.denoisingTable("masking 0.3", data.test().x().slice(0, 200), 2);
        assertTrue(table.doubleColumn("rebuiltError").get(0) < 0.9 * table.doubleColumn("corruptedError").get(0),
                table.print());
    }
}
