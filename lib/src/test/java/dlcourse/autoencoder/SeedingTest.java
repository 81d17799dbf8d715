package dlcourse.autoencoder;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dlcourse.data.Batches;
import dlcourse.nn.Sgd;
import dlcourse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * One seed starts one random stream; weights, corruption and batch order each take their own numbers from it
 * (as {@link StackedAutoencoder#pretrain} does), instead of three copies of the same stream.
 */
class SeedingTest {
    private final Tensor x = Tensor.uniform(new Random(5), 0, 1, 20, 6);

    @Test
    @DisplayName("Bottleneck.train seeds the weights with the stream's first number and shuffles with the rest")
    void bottleneck() {
        Random rng = new Random(9);
        Autoencoder expected = Autoencoder.create(6, 3, rng.nextLong());
        Sgd sgd = new Sgd(0.5);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int[] batch : Batches.shuffled(20, 5, rng)) {
                expected.trainStep(x.select(batch), ReconstructionLoss.SQUARED_ERROR, sgd);
            }
        }
        Autoencoder trained = Bottleneck.train(x, 3, 2, 0.5, 5, 9);
        assertAll(
                () -> assertEquals(expected.W().value(), trained.W().value()),
                () -> assertEquals(expected.WPrime().value(), trained.WPrime().value()),
                () -> assertNotEquals(Autoencoder.create(6, 3, 9).W().value(), Bottleneck.train(x, 3, 0, 0.5, 5, 9).W().value(),
                        "the weights are not seeded with the seed itself"));
    }

    @Test
    @DisplayName("DenoisingAutoencoder.train gives weights, corruption and batch order their own numbers")
    void denoising() {
        Random rng = new Random(9);
        DenoisingAutoencoder expected = new DenoisingAutoencoder(Autoencoder.create(6, 3, rng.nextLong()),
                Corruption.masking(0.3), ReconstructionLoss.SQUARED_ERROR, rng.nextLong());
        Sgd sgd = new Sgd(0.5);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int[] batch : Batches.shuffled(20, 5, rng)) {
                expected.trainStep(x.select(batch), sgd);
            }
        }
        DenoisingAutoencoder trained = DenoisingAutoencoder.train(x, 3, Corruption.masking(0.3),
                ReconstructionLoss.SQUARED_ERROR, 2, 0.5, 5, 9);
        assertAll(
                () -> assertEquals(expected.autoencoder().W().value(), trained.autoencoder().W().value()),
                () -> assertEquals(expected.autoencoder().WPrime().value(), trained.autoencoder().WPrime().value()));
    }

    @Test
    @DisplayName("compareSensitivity gives both models the stream's first number for weights and its second for batches")
    void contractive() {
        Random seeds = new Random(9);
        long weightSeed = seeds.nextLong();
        long batchSeed = seeds.nextLong();
        ContractiveAutoencoder plain = new ContractiveAutoencoder(Autoencoder.create(6, 3, weightSeed), 0,
                ReconstructionLoss.SQUARED_ERROR);
        Sgd sgd = new Sgd(0.5);
        Random rng = new Random(batchSeed);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int[] batch : Batches.shuffled(20, 5, rng)) {
                plain.trainStep(x.select(batch), sgd);
            }
        }
        Table table = ContractiveAutoencoder.compareSensitivity(x, x, 3, 0.1, 2, 0.5, 5, 9);
        assertEquals(Bottleneck.reconstructionError(plain.autoencoder(), x),
                table.doubleColumn("reconstructionError").get(0), 0.0);
    }
}
