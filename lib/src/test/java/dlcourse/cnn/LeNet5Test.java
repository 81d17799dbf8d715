package dlcourse.cnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.nn.Momentum;
import dlcourse.nn.SoftmaxCrossEntropy;
import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LeNet5Test {

    @Nested
    @DisplayName("architecture")
    class Architecture {
        @Test
        @DisplayName("maps 32x32 digits through C1 28x28x6, S2 14x14x6, C3 10x10x16, S4 5x5x16, C5 120, F6 84 to 10 scores")
        void shapes() {
            LeNet5 net = LeNet5.create(1);
            Tensor scores = net.forward(Tensor.uniform(new Random(2), 0, 1, 3, 1, 32, 32));
            Map<String, Tensor> maps = net.featureMaps();
            assertAll(
                    () -> assertArrayEquals(new int[] {3, 10}, scores.shape()),
                    () -> assertArrayEquals(new int[] {3, 6, 28, 28}, maps.get("C1").shape()),
                    () -> assertArrayEquals(new int[] {3, 6, 14, 14}, maps.get("S2").shape()),
                    () -> assertArrayEquals(new int[] {3, 16, 10, 10}, maps.get("C3").shape()),
                    () -> assertArrayEquals(new int[] {3, 16, 5, 5}, maps.get("S4").shape()),
                    () -> assertArrayEquals(new int[] {3, 120, 1, 1}, maps.get("C5").shape()),
                    () -> assertArrayEquals(new int[] {3, 84}, maps.get("F6").shape()),
                    () -> assertEquals(scores, maps.get("output")),
                    () -> assertArrayEquals(new int[] {6, 1, 5, 5}, net.c1Filters().shape()),
                    () -> assertArrayEquals(new int[] {16, 1, 10, 10}, net.imageMaps("C3 activation", 2).shape()),
                    () -> assertEquals(maps.get("S2").get(1, 4, 3, 7), net.imageMaps("S2", 1).get(4, 0, 3, 7)),
                    () -> assertThrows(IllegalArgumentException.class, () -> net.imageMaps("F6", 0)));
        }

        @Test
        @DisplayName("has 61,706 parameters: 156 + 2,416 + 48,120 + 10,164 + 850")
        void parameterCount() {
            assertAll(
                    () -> assertEquals(61_706, LeNet5.create(1).parameterCount()),
                    () -> assertEquals(10, LeNet5.create(1).parameters().size()));
        }

        @Test
        @DisplayName("the same seed gives the same network, another seed another one")
        void seeded() {
            assertAll(
                    () -> assertEquals(LeNet5.create(3).c1Filters(), LeNet5.create(3).c1Filters()),
                    () -> assertTrue(!LeNet5.create(3).c1Filters().equals(LeNet5.create(4).c1Filters())));
        }

        @Test
        @DisplayName("padTo32 puts a 28x28 digit in the middle of a 32x32 frame of zeros")
        void padding() {
            Tensor digits = Tensor.uniform(new Random(5), 0.1, 1, 2, 784);
            Tensor padded = LeNet5.padTo32(digits);
            assertAll(
                    () -> assertArrayEquals(new int[] {2, 1, 32, 32}, padded.shape()),
                    () -> assertEquals(digits.get(1, 0), padded.get(1, 0, 2, 2)),
                    () -> assertEquals(digits.get(1, 783), padded.get(1, 0, 29, 29)),
                    () -> assertEquals(digits.get(0, 28 * 5 + 7), padded.get(0, 0, 7, 9)),
                    () -> assertEquals(0, padded.get(0, 0, 1, 15)),
                    () -> assertEquals(0, padded.get(0, 0, 30, 15)),
                    () -> assertEquals(digits.sum(), padded.sum(), 1e-9));
        }

        @Test
        @DisplayName("takes MNIST rows [N, 784] as they come, pads them itself and gives dX in their shape")
        void acceptsRows() {
            Tensor rows = Tensor.uniform(new Random(3), 0, 1, 2, 784);
            Tensor dY = Tensor.randn(new Random(4), 1, 2, 10);
            LeNet5 net = LeNet5.create(1);
            Tensor fromRows = net.forward(rows);
            Tensor dXRows = net.backward(dY);
            Tensor fromPadded = net.forward(LeNet5.padTo32(rows));
            Tensor dXPadded = net.backward(dY);
            assertAll(
                    () -> assertEquals(fromPadded, fromRows),
                    () -> assertArrayEquals(new int[] {2, 784}, dXRows.shape()),
                    () -> assertEquals(dXPadded.get(1, 0, 2 + 3, 2 + 4), dXRows.get(1, 3 * 28 + 4)));
        }

        @Test
        @DisplayName("refuses other shapes, naming the ones it takes")
        void refusesOtherShapes() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LeNet5.create(1).forward(Tensor.zeros(1, 3, 32, 32)));
            assertTrue(e.getMessage().contains("expected digits [N, 1, 32, 32], [N, 1, 28, 28] or [N, 784] but got [1, 3, 32, 32]"),
                    e.getMessage());
        }
    }

    @Nested
    @DisplayName("backward")
    class Backward {
        @Test
        @DisplayName("the C1 filter gradient, which needs every later stage's backward, passes the gradient check (tanh version, smooth everywhere)")
        void filterGradient() {
            LeNet5 net = LeNet5.createTanh(6);
            Tensor x = Tensor.uniform(new Random(7), 0, 1, 2, 1, 32, 32);
            Tensor dY = Tensor.randn(new Random(8), 1, 2, 10);
            net.forward(x);
            net.backward(dY);
            var W = net.parameters().get(0);
            Tensor dW = W.grad();
            Tensor original = W.value();
            GradientCheck.assertBackward("LeNet5 dW of C1", w -> {
                W.setValue(w);
                Tensor out = net.forward(x);
                W.setValue(original);
                return out;
            }, original, dY, dW);
        }

        @Test
        @DisplayName("backwardParameters sets the same gradients as backward, without dX")
        void parametersOnly() {
            Tensor x = Tensor.uniform(new Random(11), 0, 1, 3, 1, 32, 32);
            Tensor dY = Tensor.randn(new Random(12), 1, 3, 10);
            LeNet5 full = LeNet5.create(13);
            LeNet5 partial = LeNet5.create(13);
            full.forward(x);
            full.backward(dY);
            partial.forward(x);
            partial.backwardParameters(dY);
            for (int i = 0; i < full.parameters().size(); i++) {
                Tensor expected = full.parameters().get(i).grad();
                Tensor actual = partial.parameters().get(i).grad();
                assertTrue(expected.allClose(actual, 0.0), "gradient of parameter " + i);
            }
        }
    }

    @Nested
    @DisplayName("training")
    class Training {
        @Test
        @DisplayName("a few steps of momentum SGD drive the loss on a fixed batch down clearly")
        void learns() {
            Random rng = new Random(9);
            // 30 noisy images of ten classes: class k is a bright square at one of ten positions
            int n = 30;
            double[][][][] images = new double[n][1][32][32];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 10;
                int top = 4 + 4 * (labels[i] / 5) * 2;
                int left = 2 + 5 * (labels[i] % 5);
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        boolean inSquare = y >= top && y < top + 6 && x >= left && x < left + 6;
                        images[i][0][y][x] = (inSquare ? 1 : 0) + 0.2 * rng.nextGaussian();
                    }
                }
            }
            Tensor x = Tensor.of(images);
            LeNet5 net = LeNet5.create(10);
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            Momentum optimizer = new Momentum(0.05, 0.9);
            double first = 0;
            double last = 0;
            for (int step = 0; step < 25; step++) {
                // forward
                last = loss.forward(net.forward(x), labels);
                if (step == 0) {
                    first = last;
                }
                // backward
                net.backward(loss.backward());
                // update
                optimizer.step(net.parameters());
            }
            int[] predicted = net.forward(x).argmaxRows();
            int correct = 0;
            for (int i = 0; i < n; i++) {
                correct += predicted[i] == labels[i] ? 1 : 0;
            }
            double firstLoss = first;
            double lastLoss = last;
            int right = correct;
            assertAll(
                    () -> assertTrue(firstLoss > 2.0, "starts near log(10) = 2.3, got " + firstLoss),
                    () -> assertTrue(lastLoss < 0.5 * firstLoss, "loss fell from " + firstLoss + " to " + lastLoss),
                    () -> assertTrue(right >= 24, right + " of 30 right after training"));
        }
    }

    @Test
    @DisplayName("the Trainer fits it on 1,280 real MNIST digits in two epochs to well above chance (10%) on 500 others")
    void trainsOnRealDigits() {
        dlcourse.data.TrainTest data = dlcourse.data.Mnist.load(42);
        LeNet5 net = LeNet5.create(1);
        tech.tablesaw.api.Table history = new dlcourse.nn.Trainer(net, new SoftmaxCrossEntropy(), new Momentum(0.05, 0.9))
                .epochs(2).batchSize(64).seed(1).progress(dlcourse.nn.ProgressListener.silent())
                .fit(data.train().slice(0, 1280), data.test().slice(0, 500));
        double firstLoss = history.doubleColumn("loss").get(0);
        double lastTrainLoss = dlcourse.nn.Trainer.last(history, "train", "loss");
        double testAccuracy = dlcourse.nn.Trainer.last(history, "test", "accuracy");
        assertAll(
                () -> assertTrue(lastTrainLoss < 0.6 * firstLoss, "train loss " + firstLoss + " -> " + lastTrainLoss),
                () -> assertTrue(testAccuracy > 0.6, "test accuracy " + testAccuracy + ", chance is 0.1"));
    }

    @Test
    @DisplayName("lists its stages by their names on LeCun's figure")
    void stages() {
        assertEquals(List.of("C1", "C1 activation", "S2", "C3", "C3 activation", "S4", "C5", "C5 activation", "flatten",
                "F6", "F6 activation", "output"), List.copyOf(LeNet5.create(1).layers().keySet()));
    }
}
