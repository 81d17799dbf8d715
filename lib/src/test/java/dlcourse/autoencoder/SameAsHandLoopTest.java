package dlcourse.autoencoder;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dlcourse.data.Batches;
import dlcourse.nn.Sgd;
import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The loops that now run through the Trainer give exactly the weights of the loops they replaced (written out
 * here as they were), so the notebooks' seeded figures stay as they were.
 */
class SameAsHandLoopTest {

    @Test
    @DisplayName("EightThreeEight.train: full-batch steps through the Trainer equal the hand-written steps bit for bit")
    void eightThreeEight() {
        Autoencoder byHand = Autoencoder.create(8, 3, 4);
        Sgd sgd = new Sgd(2.0);
        for (int step = 0; step < 300; step++) {
            byHand.trainStep(EightThreeEight.inputs(), ReconstructionLoss.SQUARED_ERROR, sgd);
        }
        Autoencoder trained = EightThreeEight.train(4, 300, 2.0);
        assertAll(
                () -> assertEquals(byHand.W().value(), trained.W().value()),
                () -> assertEquals(byHand.b().value(), trained.b().value()),
                () -> assertEquals(byHand.WPrime().value(), trained.WPrime().value()),
                () -> assertEquals(byHand.bPrime().value(), trained.bPrime().value()));
    }

    @Test
    @DisplayName("StackedAutoencoder.pretrain: sparse pretraining through the Trainer equals the hand-written loop")
    void stackedPretraining() {
        Tensor x = Tensor.uniform(new Random(8), 0, 1, 30, 10);
        StackedAutoencoder.Config config = new StackedAutoencoder.Config(new int[] {6, 4}, 2, 1.0, 0.1, 0.5, 1e-4, 1,
                1, 0.5, 7, 3);
        Random rng = new Random(config.seed());
        Tensor input = x;
        List<Autoencoder> expected = new java.util.ArrayList<>();
        for (int h : config.hiddenSizes()) {
            Autoencoder ae = Autoencoder.create(input.cols(), h, rng.nextLong());
            SparseAutoencoder sparse = SparseAutoencoder.kl(ae, config.rho(), config.beta(), config.weightDecay());
            Sgd sgd = new Sgd(config.pretrainLearningRate());
            for (int epoch = 0; epoch < config.pretrainEpochs(); epoch++) {
                for (int[] batch : Batches.shuffled(input.rows(), config.batchSize(), rng)) {
                    sparse.trainStep(input.select(batch), sgd);
                }
            }
            expected.add(ae);
            input = ae.encode(input);
        }
        List<Autoencoder> trained = StackedAutoencoder.pretrain(x, 3, config).autoencoders();
        assertAll(
                () -> assertEquals(expected.get(0).W().value(), trained.get(0).W().value()),
                () -> assertEquals(expected.get(1).W().value(), trained.get(1).W().value()),
                () -> assertEquals(expected.get(1).bPrime().value(), trained.get(1).bPrime().value()));
    }
}
