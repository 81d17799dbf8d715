package dlcourse.nn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.data.Dataset;
import dlcourse.data.Mnist;
import dlcourse.data.ToySets;
import dlcourse.data.TrainTest;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class TrainerTest {

    @Test
    @DisplayName("a 784-64-10 network learns the MNIST subset: above 90% test accuracy after 3 epochs")
    void mnist() {
        TrainTest data = Mnist.load(1);
        Mlp net = Mlp.dense(new Random(1), Relu::new, 784, 64, 10);
        List<String> lines = new ArrayList<>();
        Table history = new Trainer(net, new SoftmaxCrossEntropy(), new Momentum(0.05, 0.9))
                .epochs(3).batchSize(64).seed(1)
                .progress(new ProgressListener() {
                    @Override
                    public void onEpoch(EpochResult result) {
                        lines.add(result.toString());
                    }
                })
                .fit(data.train(), data.test());
        double testAccuracy = Trainer.last(history, "test", "accuracy");
        assertAll(
                () -> assertEquals(List.of("epoch", "split", "loss", "accuracy"), history.columnNames()),
                () -> assertEquals(6, history.rowCount()),
                () -> assertTrue(testAccuracy > 0.90, "test accuracy " + testAccuracy + "\n" + history),
                () -> assertTrue(history.doubleColumn("loss").get(4) < history.doubleColumn("loss").get(0),
                        "training loss should fall:\n" + history),
                () -> assertEquals(3, lines.size()),
                () -> assertTrue(lines.get(2).startsWith("epoch 3/3  train loss"), lines.get(2)));
    }

    @Test
    @DisplayName("the same seed gives the same history")
    void repeatable() {
        Dataset xor = ToySets.xor(80, 0.2, 2);
        assertEquals(run(xor).toString(), run(xor).toString());
    }

    private static Table run(Dataset data) {
        Mlp net = Mlp.dense(new Random(5), Tanh::new, 2, 6, 2);
        return new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(0.3)).epochs(5).batchSize(8).seed(3)
                .progress(ProgressListener.silent()).fit(data, data);
    }

    @Test
    @DisplayName("one sigmoid output with binary cross-entropy trains on two blobs")
    void binaryOutput() {
        Dataset blobs = ToySets.blobs(100, 0.5, 4);
        Mlp net = Mlp.of(new Dense(2, 1, new Random(2)), new Sigmoid());
        Table history = new Trainer(net, new BinaryCrossEntropy(), new Sgd(0.5)).epochs(20).batchSize(10)
                .progress(ProgressListener.silent()).fit(blobs);
        assertTrue(Trainer.last(history, "train", "accuracy") > 0.95, history.toString());
    }

    @Nested
    @DisplayName("when the loss is not finite")
    class Divergence {
        @Test
        @DisplayName("training stops at that step with a message naming it and what to check")
        void stops() {
            Dataset blobs = ToySets.blobs(64, 0.5, 4).select(new int[] {0, 1, 2, 3, 4, 5, 6, 7});
            // scaled far beyond [0, 1]: a large learning rate then overflows the squared error
            Dataset huge = new Dataset(blobs.x().times(1e150), blobs.labels(), blobs.classNames());
            Mlp net = Mlp.of(new Dense(2, 2, new Random(1)));
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> new Trainer(net, new SquaredError(), new Sgd(10)).epochs(5).batchSize(4)
                            .progress(ProgressListener.silent()).fit(huge));
            assertAll(
                    () -> assertTrue(e.getMessage().contains("at step " + e.step()), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("learning rate (10)"), e.getMessage()),
                    () -> assertTrue(e.step() <= 3, "step " + e.step()),
                    () -> assertEquals(e.step() > 2 ? 1 : 0, e.history().rowCount()));
        }
    }

    @Nested
    @DisplayName("never trains silently on bad numbers")
    class BadNumbers {
        private final TrainTest digits = Mnist.load(1);

        @Test
        @DisplayName("one NaN pixel among 2,000 training images is refused, naming the example and the pixel")
        void nanPixel() {
            Dataset train = digits.train().slice(0, 2000);
            double[] pixels = train.x().toArray();
            pixels[17 * 784 + 3 * 28 + 5] = Double.NaN;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Dataset(Tensor.wrap(pixels, 2000, 784), train.labels(), train.classNames()));
            assertAll(
                    () -> assertTrue(e.getMessage().contains("example 17 holds NaN at feature 89"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("1 value of the inputs"), e.getMessage()));
            IllegalArgumentException images = assertThrows(IllegalArgumentException.class,
                    () -> new Dataset(Tensor.wrap(pixels, 2000, 1, 28, 28), train.labels(), train.classNames()));
            assertTrue(images.getMessage().contains("example 17 holds NaN at position [0, 3, 5] (of an example of"
                    + " shape [1, 28, 28])"), images.getMessage());
        }

        @Test
        @DisplayName("a data set changed after it was made is checked again by fit, naming the training set")
        void changedAfterwards() {
            double[] pixels = digits.train().slice(0, 200).x().toArray();
            Dataset train = new Dataset(Tensor.wrap(pixels, 200, 784), digits.train().slice(0, 200).labels(),
                    digits.train().classNames());
            pixels[3 * 784 + 10] = Double.POSITIVE_INFINITY;   // wrap shares the array
            Mlp net = Mlp.dense(new Random(1), Relu::new, 784, 16, 10);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(0.1)).epochs(1)
                            .progress(ProgressListener.silent()).fit(train, digits.test()));
            assertTrue(e.getMessage().startsWith("Trainer.fit: the training set: example 3 holds +infinity at"
                    + " feature 10"), e.getMessage());
        }

        @Test
        @DisplayName("SGD at a learning rate of 1e6 stops within the first epoch and suggests a smaller rate")
        void hugeLearningRate() {
            Dataset train = digits.train().slice(0, 2000);
            Mlp net = Mlp.dense(new Random(1), Relu::new, 784, 16, 10);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(1e6)).epochs(20).batchSize(64)
                            .progress(ProgressListener.silent()).fit(train, digits.test()));
            assertAll(
                    () -> assertEquals(1, e.epoch(), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("learning rate 10 times smaller than 1000000")
                            || e.getMessage().contains("learning rate (1000000) too large"), e.getMessage()),
                    () -> assertTrue(net.parameters().stream().noneMatch(p -> p.value().hasNonFinite()),
                            "training stops before a NaN is written into a weight"));
        }

        @Test
        @DisplayName("a loss that grows 100-fold while staying finite stops training, saying it grew")
        void lossGrows() {
            Dataset blobs = ToySets.blobs(64, 0.5, 4);
            Mlp net = Mlp.of(new Dense(2, 2, new Random(1)));
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> new Trainer(net, new SquaredError(), new Sgd(1.5)).epochs(50).batchSize(64)
                            .progress(ProgressListener.silent()).fit(blobs));
            assertAll(
                    () -> assertEquals(TrainingDivergedException.Reason.LOSS_GREW, e.reason(), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("the loss is growing"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("learning rate 10 times smaller than 1.5"),
                            e.getMessage()));
        }

        @Test
        @DisplayName("the same run with the growth rule off goes on until the numbers overflow")
        void growthRuleOff() {
            Dataset blobs = ToySets.blobs(64, 0.5, 4);
            Mlp net = Mlp.of(new Dense(2, 2, new Random(1)));
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> new Trainer(net, new SquaredError(), new Sgd(1.5)).epochs(5000).batchSize(64)
                            .divergenceFactor(0).progress(ProgressListener.silent()).fit(blobs));
            assertEquals(TrainingDivergedException.Reason.NOT_FINITE, e.reason(), e.getMessage());
        }

        @Test
        @DisplayName("a divergence factor of 1 or less is refused")
        void badFactor() {
            Trainer trainer = new Trainer(Mlp.of(new Dense(2, 2, new Random(1))), new SquaredError(), new Sgd(0.1));
            assertThrows(IllegalArgumentException.class, () -> trainer.divergenceFactor(0.5));
            assertThrows(IllegalArgumentException.class, () -> trainer.divergenceFactor(Double.NaN));
        }
    }

    @Test
    @DisplayName("a one-output model on three classes is refused, pointing to K outputs and SoftmaxCrossEntropy")
    void oneOutputManyClasses() {
        Tensor x = Tensor.randn(new Random(3), 1, 6, 2);
        Dataset three = Dataset.of(x, new int[] {0, 1, 2, 0, 1, 2}, 3);
        Mlp net = Mlp.of(new Dense(2, 1, new Random(1)), new Sigmoid());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(net, new BinaryCrossEntropy(), new Sgd(0.1)).progress(ProgressListener.silent()).fit(three));
        assertAll(
                () -> assertTrue(e.getMessage().contains("3 classes"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("last layer's size 3"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("SoftmaxCrossEntropy"), e.getMessage()));
    }

    @Test
    @DisplayName("a model whose output size differs from the number of classes is a clear error")
    void wrongOutputs() {
        Dataset xor = ToySets.xor(8, 0.1, 1);
        Mlp net = Mlp.of(new Dense(2, 3, new Random(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(0.1)).progress(ProgressListener.silent()).fit(xor));
        assertTrue(e.getMessage().contains("3 outputs") && e.getMessage().contains("2 classes"), e.getMessage());
    }

    @Test
    @DisplayName("without a listener of its own, the trainer prints one plain line per epoch")
    void plainLines() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Dataset blobs = ToySets.blobs(40, 0.5, 4);
        new Trainer(Mlp.of(new Dense(2, 2, new Random(1))), new SoftmaxCrossEntropy(), new Sgd(0.1)).epochs(3)
                .batchSize(10).progress(ProgressListener.printing(new java.io.PrintStream(bytes, true))).fit(blobs, blobs);
        String[] lines = bytes.toString().strip().split("\\R");
        assertAll(
                () -> assertEquals(3, lines.length, bytes.toString()),
                () -> assertTrue(lines[0].matches("epoch 1/3  train loss \\d\\.\\d{4}  accuracy \\d\\.\\d{4}"
                        + "  test loss \\d\\.\\d{4}  accuracy \\d\\.\\d{4}  \\(\\d+\\.\\d s\\)"), lines[0]));
    }

    @Test
    @DisplayName("the progress bar redraws in place with the epoch, a bar and the loss")
    void progressBar() {
        List<String> frames = new ArrayList<>();
        Dataset blobs = ToySets.blobs(100, 0.5, 4);
        new Trainer(Mlp.of(new Dense(2, 2, new Random(1))), new SoftmaxCrossEntropy(), new Sgd(0.1)).epochs(2)
                .batchSize(10).progress(new ProgressBar(bar -> frames.add(bar.toString()))).fit(blobs, blobs);
        String last = frames.get(frames.size() - 1);
        assertAll(
                // 10 batches per epoch, each redrawn, plus one frame per finished epoch
                () -> assertEquals(22, frames.size()),
                () -> assertTrue(frames.get(0).startsWith("epoch 1/2 [##------------------]  10%  loss "), frames.get(0)),
                () -> assertTrue(last.startsWith("epoch 2/2 [####################] 100%"), last),
                () -> assertTrue(last.contains("test accuracy"), last));
    }
}
