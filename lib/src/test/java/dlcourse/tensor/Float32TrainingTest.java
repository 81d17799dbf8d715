package dlcourse.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.autoencoder.Autoencoder;
import dlcourse.autoencoder.ReconstructionLoss;
import dlcourse.check.GradientCheck;
import dlcourse.cnn.LeNet5;
import dlcourse.nn.Dense;
import dlcourse.nn.Mlp;
import dlcourse.nn.Momentum;
import dlcourse.nn.Parameter;
import dlcourse.nn.Relu;
import dlcourse.nn.Sgd;
import dlcourse.nn.SoftmaxCrossEntropy;
import dlcourse.rnn.FusedLstm;
import dlcourse.rnn.LstmCell;
import dlcourse.rnn.SequenceClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The float32 precision ({@link Precision#FLOAT32}: the products in sgemm) against the float64 default on the
 * four benchmarked networks: the same network from the same seed, the same batch, once in each precision; the
 * outputs, the gradients and the weights after a few training steps must agree within float32's rounding, and
 * must not be identical (which would mean the float32 path did not run).
 */
class Float32TrainingTest {
    /**
     * Forward and one backward, relative to the largest magnitude: float32 keeps 2^-24 (6e-8) of each operand and
     * partial sum; the forward passes measured here differ by 1e-7 to 6e-7 of it, and every comparison passes at
     * 1e-6, so 1e-5 leaves a factor 10 for other BLAS kernels while a float32 error of 1e-4 (a product computed at
     * half precision, say) fails.
     */
    static final double ONE_PASS = 1e-5;
    /** A few training steps: the rounding of each step is carried into the next (measured within 1e-6 too). */
    static final double STEPS = 1e-5;

    @AfterEach
    void float64Again() {
        Precision.set(Precision.FLOAT64);
    }

    /** Runs {@code work} in the given precision and restores the previous one. */
    static <T> T in(Precision precision, java.util.function.Supplier<T> work) {
        try (Precision.Scope scope = Precision.using(precision)) {
            return work.get();
        }
    }

    /**
     * float32 and float64 tensors agree to {@code relative} of the float64 tensor's largest magnitude; returns the
     * largest difference.
     */
    static double assertAgree(String what, Tensor float64, Tensor float32, double relative) {
        assertTrue(float64.hasShape(float32.shape()), what + ": shapes differ");
        double scale = Math.max(Math.abs(float64.max()), Math.abs(float64.min()));
        double worst = 0;
        for (int i = 0; i < float64.size(); i++) {
            worst = Math.max(worst, Math.abs(float64.get(i) - float32.get(i)));
        }
        assertTrue(worst <= relative * Math.max(scale, 1e-6), what + ": float32 differs from float64 by " + worst
                + ", more than " + relative + " of the largest magnitude " + scale);
        return worst;
    }

    /** Outputs, gradients (one list per precision, same order) and weights of one comparison. */
    static void assertAll(String network, Tensor out64, Tensor out32, List<Tensor> grads64, List<Tensor> grads32,
                          List<Parameter> after64, List<Parameter> after32) {
        double forward = assertAgree(network + " forward", out64, out32, ONE_PASS);
        assertTrue(forward > 0, network + ": the float32 forward pass equals the float64 one exactly; the float32"
                + " products did not run");
        for (int i = 0; i < grads64.size(); i++) {
            assertAgree(network + " gradient " + i, grads64.get(i), grads32.get(i), ONE_PASS);
        }
        for (int i = 0; i < after64.size(); i++) {
            assertAgree(network + " " + after64.get(i).name() + " after training steps", after64.get(i).value(),
                    after32.get(i).value(), STEPS);
        }
    }

    /** Copies of the gradients (training on in float32 retires the gradients themselves, see Tensor.retire). */
    static List<Tensor> grads(List<Parameter> parameters) {
        List<Tensor> out = new ArrayList<>();
        for (Parameter p : parameters) {
            out.add(p.grad().copy());
        }
        return out;
    }

    static Tensor images(Random rng, int... shape) {
        return Tensor.uniform(rng, 0, 1, shape);
    }

    static int[] labels(Random rng, int n, int classes) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextInt(classes);
        }
        return out;
    }

    record Run(Tensor output, List<Tensor> grads, List<Parameter> after) {}

    @Test
    @DisplayName("MLP 784-256-10: forward, backward and 5 SGD steps in float32 agree with float64")
    void mlp() {
        Random rng = new Random(1);
        Tensor x = images(rng, 64, 784);
        int[] y = labels(rng, 64, 10);
        Function<Precision, Run> run = precision -> in(precision, () -> {
            Mlp net = Mlp.dense(new Random(3), Relu::new, 784, 256, 10);
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            Tensor out = net.forward(x);
            loss.forward(out, y);
            net.backward(loss.backward());
            List<Tensor> grads = grads(net.parameters());
            Sgd sgd = new Sgd(0.1);
            sgd.step(net.parameters());
            for (int step = 0; step < 4; step++) {
                loss.forward(net.forward(x), y);
                net.backward(loss.backward());
                sgd.step(net.parameters());
            }
            return new Run(out, grads, net.parameters());
        });
        Run f64 = run.apply(Precision.FLOAT64);
        Run f32 = run.apply(Precision.FLOAT32);
        assertAll("MLP", f64.output(), f32.output(), f64.grads(), f32.grads(), f64.after(), f32.after());
    }

    @Test
    @DisplayName("LeNet-5: forward, backward and 3 momentum steps in float32 agree with float64")
    void lenet5() {
        Random rng = new Random(2);
        Tensor x = images(rng, 16, 1, 32, 32);
        int[] y = labels(rng, 16, 10);
        Function<Precision, Run> run = precision -> in(precision, () -> {
            LeNet5 net = LeNet5.create(5);
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            Tensor out = net.forward(x);
            loss.forward(out, y);
            net.backwardParameters(loss.backward());
            List<Tensor> grads = grads(net.parameters());
            Momentum momentum = new Momentum(0.05, 0.9);
            momentum.step(net.parameters());
            for (int step = 0; step < 2; step++) {
                loss.forward(net.forward(x), y);
                net.backwardParameters(loss.backward());
                momentum.step(net.parameters());
            }
            return new Run(out, grads, net.parameters());
        });
        Run f64 = run.apply(Precision.FLOAT64);
        Run f32 = run.apply(Precision.FLOAT32);
        assertAll("LeNet-5", f64.output(), f32.output(), f64.grads(), f32.grads(), f64.after(), f32.after());
    }

    @Test
    @DisplayName("autoencoder 784-256-784: forward, backward and 5 SGD steps in float32 agree with float64")
    void autoencoder() {
        Random rng = new Random(3);
        Tensor x = images(rng, 64, 784);
        Function<Precision, Run> run = precision -> in(precision, () -> {
            Autoencoder ae = Autoencoder.create(784, 256, 7);
            Tensor out = ae.forward(x);
            ReconstructionLoss loss = ReconstructionLoss.SQUARED_ERROR;
            ae.backwardParameters(loss.gradient(x, out), null);
            List<Tensor> grads = grads(ae.parameters());
            Sgd sgd = new Sgd(0.1);
            sgd.step(ae.parameters());
            for (int step = 0; step < 4; step++) {
                ae.trainStep(x, loss, sgd);
            }
            return new Run(out, grads, ae.parameters());
        });
        Run f64 = run.apply(Precision.FLOAT64);
        Run f32 = run.apply(Precision.FLOAT32);
        assertAll("autoencoder", f64.output(), f32.output(), f64.grads(), f32.grads(), f64.after(), f32.after());
    }

    @Test
    @DisplayName("LSTM sequence classifier (fused): scores, gradients through time and 3 SGD steps in float32 agree")
    void lstm() {
        Random rng = new Random(4);
        List<Tensor> xs = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            xs.add(Tensor.randn(rng, 1, 8, 16));
        }
        int[] y = labels(rng, 8, 5);
        Function<Precision, Run> run = precision -> in(precision, () -> {
            Random init = new Random(9);
            SequenceClassifier model = new SequenceClassifier(new FusedLstm(new LstmCell(16, 32, init)), 5, init);
            Tensor out = model.scores(xs);
            model.lossAndGradients(xs, y);
            List<Tensor> grads = grads(model.parameters());
            Sgd sgd = new Sgd(0.05);
            sgd.step(model.parameters());
            for (int step = 0; step < 2; step++) {
                model.lossAndGradients(xs, y);
                sgd.step(model.parameters());
            }
            return new Run(out, grads, model.parameters());
        });
        Run f64 = run.apply(Precision.FLOAT64);
        Run f32 = run.apply(Precision.FLOAT32);
        assertAll("LSTM", f64.output(), f32.output(), f64.grads(), f32.grads(), f64.after(), f32.after());
    }

    @Test
    @DisplayName("gradient checks stay float64: the numerical gradient is computed in float64 even in float32")
    void gradientChecksStayFloat64() {
        Random rng = new Random(5);
        Dense layer = new Dense(20, 7, rng);
        Tensor x = Tensor.randn(rng, 1, 4, 20);
        Tensor upstream = Tensor.randn(rng, 1, 4, 7);
        layer.forward(x);
        Tensor dX = layer.backward(upstream);
        Precision.set(Precision.FLOAT32);
        Tensor numeric = GradientCheck.numericalGradient(input -> layer.forward(input).times(upstream).sum(), x);
        assertEquals(Precision.FLOAT32, Precision.current(), "the check restored the caller's precision");
        // in float32 the difference quotient would be off by about 1e-7 / 1e-5 = 1e-2; in float64 by 1e-9
        assertTrue(GradientCheck.compare("Dense dX", dX, numeric, GradientCheck.TOLERANCE).passed(),
                "the numerical gradient was not computed in float64");
    }

    @Test
    @DisplayName("a precision is chosen by name; a wrong name says which names exist")
    void names() {
        assertEquals(Precision.FLOAT32, Precision.parse("float32"));
        assertEquals(Precision.FLOAT32, Precision.parse(" FLOAT "));
        assertEquals(Precision.FLOAT64, Precision.parse(null));
        assertEquals(Precision.FLOAT64, Precision.parse("double"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("half"));
        assertTrue(e.getMessage().contains("-Ddlcourse.precision=half") && e.getMessage().contains("float32")
                && e.getMessage().contains("float64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Precision.set(null));
    }
}
