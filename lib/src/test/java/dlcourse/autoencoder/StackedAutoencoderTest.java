package dlcourse.autoencoder;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.data.Dataset;
import dlcourse.data.Mnist;
import dlcourse.data.TrainTest;
import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class StackedAutoencoderTest {
    private static Dataset train;
    private static Dataset test;
    private static final StackedAutoencoder.Config CONFIG =
            new StackedAutoencoder.Config(new int[] {48, 24}, 4, 1.0, 0.1, 0.5, 1e-4, 10, 8, 0.5, 32, 3);

    @BeforeAll
    static void loadDigits() {
        TrainTest data = Mnist.load(42);
        train = data.train().slice(0, 1000);
        test = data.test().slice(0, 500);
    }

    @Test
    @DisplayName("greedy pretraining stacks autoencoders whose inputs are the previous hidden values")
    void greedyStack() {
        StackedAutoencoder stacked = StackedAutoencoder.pretrain(train.x(), 10, CONFIG);
        List<Autoencoder> aes = stacked.autoencoders();
        Tensor h1 = aes.get(0).encode(train.x());
        Autoencoder untrained = Autoencoder.create(48, 24, 99);
        assertAll(
                () -> assertEquals(2, aes.size()),
                () -> assertEquals(784, aes.get(0).numInputs()),
                () -> assertEquals(48, aes.get(1).numInputs()),
                () -> assertEquals(List.of(1000, 24), List.of(stacked.features(train.x()).rows(), stacked.features(train.x()).cols())),
                () -> assertTrue(ReconstructionLoss.SQUARED_ERROR.loss(h1, aes.get(1).forward(h1))
                                < ReconstructionLoss.SQUARED_ERROR.loss(h1, untrained.forward(h1)),
                        "the second autoencoder learned to rebuild the first one's hidden values"));
    }

    @Test
    @DisplayName("softmax training leaves the encoders frozen; fine-tuning changes them")
    void freezeThenFineTune() {
        StackedAutoencoder stacked = StackedAutoencoder.pretrain(train.x(), 10, CONFIG);
        Tensor before = stacked.autoencoders().get(0).W().value();
        stacked.trainSoftmax(train, 1, 0.5, 32, 1);
        Tensor afterSoftmax = stacked.autoencoders().get(0).W().value();
        stacked.fineTune(train, 1, 0.5, 32, 1);
        assertAll(
                () -> assertEquals(before, afterSoftmax),
                () -> assertNotEquals(before, stacked.autoencoders().get(0).W().value()));
    }

    @Test
    @DisplayName("scores (inference) leaves the softmax layer's training cache alone")
    void scoresKeepCache() {
        StackedAutoencoder net = StackedAutoencoder.randomInit(6, 3,
                new StackedAutoencoder.Config(new int[] {4}, 1, 0.5, 0.1, 0.5, 1e-4, 1, 1, 0.5, 8, 2));
        Random rng = new Random(4);
        Tensor hBatch = Tensor.uniform(rng, 0, 1, 5, 4);
        Tensor dY = Tensor.randn(rng, 1, 5, 3);
        net.softmaxLayer().forward(hBatch);
        Tensor other = Tensor.uniform(rng, 0, 1, 7, 6);
        Tensor scores = net.scores(other);
        net.softmaxLayer().backward(dY);
        Tensor expectedScores = net.features(other).matmul(net.softmaxLayer().W().value())
                .plusRow(net.softmaxLayer().b().value());
        assertAll(
                () -> assertTrue(hBatch.transpose().matmul(dY).allClose(net.softmaxLayer().W().grad(), 1e-12),
                        "dW = h^T dY of the training batch, not of the inference inputs"),
                () -> assertEquals(expectedScores, scores));
    }

    @Test
    @DisplayName("the comparison table: fine-tuning improves on the frozen pretrained features, all well above chance")
    void comparison() {
        Table table = StackedAutoencoder.compare(train, test, CONFIG);
        double random = table.doubleColumn("testAccuracy").get(0);
        double pretrained = table.doubleColumn("testAccuracy").get(1);
        double fineTuned = table.doubleColumn("testAccuracy").get(2);
        assertAll(
                () -> assertEquals(3, table.rowCount()),
                () -> assertTrue(random > 0.5 && pretrained > 0.5, table.print()),
                () -> assertTrue(fineTuned > pretrained, table.print()),
                () -> assertTrue(fineTuned > 0.75, table.print()));
    }
}
