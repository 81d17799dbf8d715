package dlcourse.cnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.data.Mnist;
import dlcourse.data.TrainTest;
import dlcourse.nn.Layer;
import dlcourse.nn.Momentum;
import dlcourse.nn.Parameter;
import dlcourse.nn.SoftmaxCrossEntropy;
import dlcourse.nn.Trainer;
import dlcourse.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tech.tablesaw.api.Table;

class LeNet5OriginalTest {

    /** Checks the gradient that backward set on {@code p}, treating forward(x) . upstream as the loss. */
    static void assertParameterGradient(String what, Layer layer, Parameter p, Tensor x, Tensor upstream) {
        layer.forward(x);
        layer.backward(upstream);
        Tensor analytic = p.grad();
        Tensor original = p.value();
        GradientCheck.assertBackward(what, v -> {
            p.setValue(v);
            Tensor out = layer.forward(x);
            p.setValue(original);
            return out;
        }, original, upstream, analytic);
    }

    @Nested
    @DisplayName("ScaledTanh")
    class ScaledTanhTest {
        @ParameterizedTest(name = "f({0}) = {1}")
        @CsvSource({"0, 0", "1, 1.0000", "-1, -1.0000", "30, 1.7159"})
        @DisplayName("is 1.7159 tanh(2a/3): f(0) = 0, f(+-1) = +-1, f(large) = A")
        void values(double a, double expected) {
            assertEquals(expected, new ScaledTanh().value(a), 1e-4);
        }

        @Test
        @DisplayName("backward passes the gradient check")
        void backward() {
            ScaledTanh f = new ScaledTanh();
            Tensor x = Tensor.randn(new Random(1), 1.5, 3, 7);
            Tensor up = Tensor.randn(new Random(2), 1, 3, 7);
            f.forward(x);
            GradientCheck.assertBackward("ScaledTanh dX", f::forward, x, up, f.backward(up));
        }
    }

    @Nested
    @DisplayName("Subsampling")
    class SubsamplingTest {
        @Test
        @DisplayName("multiplies each 2x2 block's sum by the map's coefficient and adds its bias")
        void forward() {
            Subsampling s = new Subsampling(2, 0.5);
            s.bias().setValue(Tensor.of(1, -1));
            s.coef().setValue(Tensor.of(0.5, 2));
            double[][][][] x = new double[1][2][2][4];
            x[0][0] = new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}};
            x[0][1] = new double[][] {{1, 1, 0, 0}, {1, 1, 0, 1}};
            Tensor y = s.forward(Tensor.of(x));
            assertAll(
                    () -> assertArrayEquals(new int[] {1, 2, 1, 2}, y.shape()),
                    () -> assertEquals(0.5 * 14 + 1, y.get(0, 0, 0, 0), 1e-12),
                    () -> assertEquals(0.5 * 22 + 1, y.get(0, 0, 0, 1), 1e-12),
                    () -> assertEquals(2 * 4 - 1, y.get(0, 1, 0, 0), 1e-12),
                    () -> assertEquals(2 * 1 - 1, y.get(0, 1, 0, 1), 1e-12));
        }

        @Test
        @DisplayName("dX, dcoef and dbias pass the gradient check")
        void backward() {
            Subsampling s = new Subsampling(3, 0.3);
            s.coef().setValue(Tensor.of(0.3, -0.7, 1.2));
            s.bias().setValue(Tensor.of(0.1, 0.2, -0.3));
            Tensor x = Tensor.randn(new Random(3), 1, 2, 3, 4, 6);
            Tensor up = Tensor.randn(new Random(4), 1, 2, 3, 2, 3);
            s.forward(x);
            Tensor dX = s.backward(up);
            assertAll(
                    () -> GradientCheck.assertBackward("Subsampling dX", s::forward, x, up, dX),
                    () -> assertParameterGradient("Subsampling dcoef", s, s.coef(), x, up),
                    () -> assertParameterGradient("Subsampling dbias", s, s.bias(), x, up));
        }

        @Test
        @DisplayName("refuses maps of odd size and the wrong number of maps, saying which")
        void refuses() {
            Subsampling s = new Subsampling(6, 0.25);
            IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                    () -> s.forward(Tensor.zeros(1, 6, 5, 4)));
            assertAll(
                    () -> assertTrue(odd.getMessage().contains("even height and width"), odd.getMessage()),
                    () -> assertThrows(IllegalArgumentException.class, () -> s.forward(Tensor.zeros(1, 4, 4, 4))));
        }
    }

    @Nested
    @DisplayName("PartialConv2d")
    class PartialConv2dTest {
        @Test
        @DisplayName("LeNet-5's C3 table connects 60 of the 96 map pairs: 1,516 parameters")
        void counts() {
            PartialConv2d c3 = PartialConv2d.lenetC3(new Random(1));
            int count = c3.parameters().stream().mapToInt(Parameter::count).sum();
            assertEquals(1_516, count);
        }

        @Test
        @DisplayName("equals a full convolution whose filters are zero where the table has no connection")
        void equalsMaskedConvolution() {
            PartialConv2d c3 = PartialConv2d.lenetC3(new Random(2));
            Tensor x = Tensor.randn(new Random(3), 1, 2, 6, 14, 14);
            Tensor full = c3.fullWeights();
            Conv2d reference = Conv2d.withWeights(full, Tensor.zeros(16), 1, Padding.VALID);
            assertAll(
                    () -> assertTrue(c3.forward(x).allClose(reference.forwardLoops(x), 1e-12)),
                    () -> assertEquals(0.0, full.get(0, 3, 2, 2)),
                    () -> assertEquals(0.0, full.get(5, 2, 0, 4)),
                    () -> assertTrue(full.get(15, 3, 1, 1) != 0.0));
        }

        @Test
        @DisplayName("dX, each map's dW and db pass the gradient check")
        void backward() {
            PartialConv2d conv = new PartialConv2d(new int[][] {{0}, {1, 2}, {0, 2}}, 3, 3, new Random(5));
            Tensor x = Tensor.randn(new Random(6), 1, 2, 3, 6, 5);
            Tensor up = Tensor.randn(new Random(7), 1, 2, 3, 4, 3);
            conv.forward(x);
            Tensor dX = conv.backward(up);
            assertAll(
                    () -> GradientCheck.assertBackward("PartialConv2d dX", conv::forward, x, up, dX),
                    () -> assertParameterGradient("PartialConv2d dW0", conv, conv.parameters().get(0), x, up),
                    () -> assertParameterGradient("PartialConv2d dW1", conv, conv.parameters().get(1), x, up),
                    () -> assertParameterGradient("PartialConv2d dW2", conv, conv.parameters().get(2), x, up),
                    () -> assertParameterGradient("PartialConv2d db", conv, conv.parameters().get(3), x, up));
        }

        @Test
        @DisplayName("refuses a table that names a map the input does not have")
        void refusesBadTable() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new PartialConv2d(new int[][] {{0, 6}}, 6, 5, new Random(1)));
            assertTrue(e.getMessage().contains("reads input map 6, outside 0..5"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("RbfOutput")
    class RbfOutputTest {
        @Test
        @DisplayName("scores minus the squared distance to each code; the nearest code scores highest")
        void forward() {
            RbfOutput rbf = new RbfOutput(Tensor.of(new double[][] {{1, 1, -1}, {-1, 1, 1}}));
            Tensor z = rbf.forward(Tensor.of(new double[][] {{1, 0.5, -1}}));
            assertAll(
                    () -> assertEquals(-0.25, z.get(0, 0), 1e-12),
                    () -> assertEquals(-(4 + 0.25 + 4), z.get(0, 1), 1e-12),
                    () -> assertEquals(0, z.argmaxRows()[0]));
        }

        @Test
        @DisplayName("dX passes the gradient check; the codes stay fixed (no parameters)")
        void backward() {
            RbfOutput rbf = RbfOutput.randomCodes(10, 84, 1998);
            Tensor x = Tensor.randn(new Random(8), 1, 3, 84);
            Tensor up = Tensor.randn(new Random(9), 1, 3, 10);
            rbf.forward(x);
            Tensor dX = rbf.backward(up);
            assertAll(
                    () -> GradientCheck.assertBackward("RbfOutput dX", rbf::forward, x, up, dX),
                    () -> assertTrue(rbf.parameters().isEmpty()),
                    () -> assertEquals(84 * 10, rbf.codes().map(Math::abs).sum(), 1e-12));
        }
    }

    @Nested
    @DisplayName("the network")
    class Network {
        @Test
        @DisplayName("has the paper's 60,000 parameters: C1 156, S2 12, C3 1,516, S4 32, C5 48,120, F6 10,164")
        void parameterCount() {
            LeNet5Original net = LeNet5Original.create(1);
            assertAll(
                    () -> assertEquals(60_000, net.parameterCount()),
                    () -> assertEquals(Map.of("C1", 156, "S2", 12, "C3", 1_516, "S4", 32, "C5", 48_120, "F6", 10_164),
                            net.parameterCounts()));
        }

        @Test
        @DisplayName("maps digits [N, 784] through the paper's shapes to 10 scores and frames them at -0.1 / 1.175")
        void shapes() {
            LeNet5Original net = LeNet5Original.create(1);
            Tensor digits = Tensor.uniform(new Random(2), 0, 1, 2, 784);
            Tensor scores = net.forward(digits);
            Map<String, Tensor> maps = net.featureMaps();
            Tensor framed = LeNet5Original.frame(digits);
            assertAll(
                    () -> assertArrayEquals(new int[] {2, 10}, scores.shape()),
                    () -> assertArrayEquals(new int[] {2, 6, 14, 14}, maps.get("S2").shape()),
                    () -> assertArrayEquals(new int[] {2, 16, 10, 10}, maps.get("C3").shape()),
                    () -> assertArrayEquals(new int[] {2, 16, 5, 5}, maps.get("S4").shape()),
                    () -> assertArrayEquals(new int[] {2, 84}, maps.get("F6 activation").shape()),
                    () -> assertEquals(-0.1, framed.get(1, 0, 0, 31), 1e-12),
                    () -> assertEquals(-0.1 + 1.275 * digits.get(1, 28 * 3 + 4), framed.get(1, 0, 5, 6), 1e-12),
                    () -> assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 1, 32, 32))));
        }

        @Test
        @DisplayName("with softmax cross-entropy on top, the C1 and S2 gradients, through every later stage, and dX pass the gradient check")
        void gradients() {
            // The raw RBF scores are about -100, so each carries a rounding error near 100 * 2.2e-16; divided by the
            // step 1e-5 that is about 2e-9 in a numerical derivative, 2e-6 relative to the checker's floor of 1e-3.
            // A bounded loss on top and a tolerance of 1e-5 leave room for that and still catch any wrong term.
            LeNet5Original net = LeNet5Original.create(3);
            Tensor x = Tensor.uniform(new Random(4), 0, 1, 2, 784);
            int[] labels = {3, 7};
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            loss.forward(net.forward(x), labels);
            Tensor dX = net.backward(loss.backward());
            Parameter c1 = net.parameters().get(0);
            Parameter s2 = net.parameters().get(2);
            Tensor dC1 = c1.grad();
            Tensor dS2 = s2.grad();
            assertAll(
                    () -> assertClose("LeNet5Original dX", dX,
                            GradientCheck.numericalGradient(v -> loss.forward(net.forward(v), labels), x)),
                    () -> assertClose("LeNet5Original dW of C1", dC1,
                            GradientCheck.numericalGradient(v -> lossWith(net, c1, v, x, labels), c1.value())),
                    () -> assertClose("LeNet5Original dcoef of S2", dS2,
                            GradientCheck.numericalGradient(v -> lossWith(net, s2, v, x, labels), s2.value())));
        }

        private void assertClose(String what, Tensor analytic, Tensor numeric) {
            GradientCheck.Result result = GradientCheck.compare(what, analytic, numeric, 1e-5);
            assertTrue(result.passed(), result.toString());
        }

        private double lossWith(LeNet5Original net, Parameter p, Tensor value, Tensor x, int[] labels) {
            Tensor original = p.value();
            p.setValue(value);
            double L = new SoftmaxCrossEntropy().forward(net.forward(x), labels);
            p.setValue(original);
            return L;
        }

        @Test
        @DisplayName("the Trainer fits it on 1,280 real MNIST digits in two epochs to well above chance on 500 others")
        void trainsOnRealDigits() {
            TrainTest data = Mnist.load(42);
            Table history = new Trainer(LeNet5Original.create(1), new SoftmaxCrossEntropy(), new Momentum(0.01, 0.9))
                    .epochs(2).batchSize(32).seed(1)
                    .fit(data.train().slice(0, 1280), data.test().slice(0, 500));
            double accuracy = Trainer.last(history, "test", "accuracy");
            assertTrue(accuracy > 0.6, "test accuracy " + accuracy + " (chance is 0.1; 0.81 measured)");
        }
    }
}
