package dlcourse.rnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.nn.Adam;
import dlcourse.nn.Momentum;
import dlcourse.nn.Optimizer;
import dlcourse.nn.Parameter;
import dlcourse.tensor.Precision;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link FusedLstm} in {@link Precision#FLOAT32} (its float32 path, {@link FusedLstmFloat32}) against its float64
 * path on the same inputs and weights, rounded to float32 first so that both start from the same numbers.
 */
class FusedLstmFloat32Test {
    /**
     * Relative to the largest magnitude of the float64 result: float32 keeps 2^-24 (6e-8) of every operand and
     * partial sum and the non-linearities are within 4e-7; the comparisons here differ by some 1e-7 to 1e-6 of
     * the largest magnitude, so 1e-5 leaves a margin while an error of float16's size (1e-3) fails.
     */
    private static final double RELATIVE = 1e-5;

    @AfterEach
    void float64Again() {
        Precision.set(Precision.FLOAT64);
    }

    /** What one forward and backward pass gives: every h_t, every dx_t, copies of the gradients, the norms. */
    private record Pass(List<Tensor> hs, List<Tensor> dXs, List<Tensor> grads, double[] norms) {}

    private static Pass pass(FusedLstm lstm, List<Tensor> xs, List<Tensor> upstream) {
        List<Tensor> hs = lstm.forwardSequence(xs);
        List<Tensor> dXs = lstm.backwardSequence(upstream);
        List<Tensor> grads = lstm.parameters().stream().map(p -> p.grad().copy()).toList();
        return new Pass(hs, dXs, grads, lstm.gradientNormsPerStep());
    }

    private static <T> T inFloat32(Supplier<T> work) {
        try (Precision.Scope scope = Precision.using(Precision.FLOAT32)) {
            return work.get();
        }
    }

    /** A float64 tensor holding {@code t}'s values rounded to float32. */
    private static Tensor rounded(Tensor t) {
        double[] values = t.toArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) values[i];
        }
        return Tensor.wrap(values, t.shape());
    }

    private static List<Tensor> rounded(List<Tensor> ts) {
        return ts.stream().map(FusedLstmFloat32Test::rounded).toList();
    }

    /** An LSTM whose weights are float32 numbers, with random (not only the initial) biases. */
    private static LstmCell roundedCell(int d, int h, Random rng) {
        LstmCell cell = new LstmCell(d, h, rng);
        for (Parameter p : cell.parameters()) {
            Tensor value = p.value().rank() == 1 ? p.value().plus(Tensor.randn(rng, 0.5, p.value().shape())) : p.value();
            p.setValue(rounded(value));
        }
        return cell;
    }

    /** The largest |float32 - float64| of one pair, after checking it is within {@link #RELATIVE} of the scale. */
    private static double assertClose(String what, Tensor float64, Tensor float32) {
        assertTrue(float64.hasShape(float32.shape()), what + ": shapes differ");
        double scale = Math.max(Math.abs(float64.max()), Math.abs(float64.min()));
        double worst = 0;
        for (int i = 0; i < float64.size(); i++) {
            worst = Math.max(worst, Math.abs(float64.get(i) - float32.get(i)));
        }
        assertTrue(worst <= RELATIVE * Math.max(scale, 1e-6), what + ": float32 differs from float64 by " + worst
                + ", more than " + RELATIVE + " of the largest magnitude " + scale);
        return worst;
    }

    private static List<Executable> compare(Pass f64, Pass f32, int steps) {
        List<Executable> checks = new ArrayList<>();
        double[] worstH = new double[1];
        for (int t = 0; t < steps; t++) {
            int step = t;
            checks.add(() -> worstH[0] = Math.max(worstH[0],
                    assertClose("h at step " + step, f64.hs().get(step), f32.hs().get(step))));
            checks.add(() -> assertClose("dX at step " + step, f64.dXs().get(step), f32.dXs().get(step)));
            checks.add(() -> assertEquals(Precision.FLOAT32, f32.hs().get(step).storage(), "h_t stored in float32"));
            checks.add(() -> assertEquals(Precision.FLOAT32, f32.dXs().get(step).storage(), "dx_t stored in float32"));
        }
        for (int p = 0; p < f64.grads().size(); p++) {
            int parameter = p;
            checks.add(() -> assertClose("gradient " + parameter, f64.grads().get(parameter),
                    f32.grads().get(parameter)));
        }
        checks.add(() -> {
            double scale = 0;
            for (double norm : f64.norms()) {
                scale = Math.max(scale, norm);
            }
            assertArrayEquals(f64.norms(), f32.norms(), RELATIVE * scale, "||dL/dh_t||");
        });
        // last, after the h_t checks have run: a float32 path that silently ran in float64 would match exactly
        checks.add(() -> assertTrue(worstH[0] > 0, "the float32 hidden states equal the float64 ones exactly:"
                + " the float32 path did not run"));
        return checks;
    }

    @Nested
    @DisplayName("one forward and backward pass")
    class OnePass {
        @Test
        @DisplayName("h_t, dx_t, every gate's dW and db and ||dL/dh_t|| agree with float64 within float32's rounding")
        void agreesWithFloat64() {
            Random rng = new Random(21);
            LstmCell cell = roundedCell(5, 7, rng);
            List<Tensor> xs = rounded(RecurrentChecks.randomSteps(rng, 6, 3, 5));
            List<Tensor> upstream = rounded(RecurrentChecks.randomSteps(rng, 6, 3, 7));
            Pass f64 = pass(new FusedLstm(cell), xs, upstream);
            Pass f32 = inFloat32(() -> pass(new FusedLstm(cell), xs, upstream));
            List<Executable> checks = compare(f64, f32, 6);
            for (Parameter p : cell.parameters()) {
                checks.add(() -> assertEquals(Precision.FLOAT32, p.grad().storage(), "d" + p.name() + " in float32"));
            }
            assertAll(checks.stream());
        }

        @Test
        @DisplayName("at the benchmark's hidden size and with saturated gates (pre-activations up to +-30)")
        void largerAndSaturated() {
            Random rng = new Random(22);
            LstmCell cell = roundedCell(8, 128, rng);
            List<Tensor> xs = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                xs.add(rounded(Tensor.randn(rng, t % 3 == 0 ? 10 : 1, 4, 8)));
            }
            List<Tensor> upstream = rounded(RecurrentChecks.randomSteps(rng, 12, 4, 128));
            Pass f64 = pass(new FusedLstm(cell), xs, upstream);
            Pass f32 = inFloat32(() -> pass(new FusedLstm(cell), xs, upstream));
            assertAll(compare(f64, f32, 12).stream());
        }
    }

    @Nested
    @DisplayName("kept arrays")
    class KeptArrays {
        /**
         * A few units of float32's last bit on these values (below 10): the Vector API's exp and tanh may round
         * differently once the JIT compiles them, between two passes; state left over from an earlier pass would
         * be off by far more.
         */
        static final double LAST_BITS = 1e-5;

        @Test
        @DisplayName("a pass after others (same and other sizes) gives what a new instance gives (to float32's last bit)")
        void reuseChangesNothing() {
            Random rng = new Random(23);
            LstmCell cell = roundedCell(3, 6, rng);
            List<Tensor> first = RecurrentChecks.randomSteps(rng, 5, 4, 3);
            List<Tensor> second = RecurrentChecks.randomSteps(rng, 5, 4, 3);
            List<Tensor> otherBatch = RecurrentChecks.randomSteps(rng, 7, 2, 3);
            List<Tensor> up5 = RecurrentChecks.randomSteps(rng, 5, 4, 6);
            List<Tensor> up7 = RecurrentChecks.randomSteps(rng, 7, 2, 6);
            FusedLstm used = new FusedLstm(cell);
            Pass again = inFloat32(() -> {
                pass(used, first, up5);
                pass(used, otherBatch, up7);
                pass(used, first, up5);
                return pass(used, second, up5);
            });
            Pass fresh = inFloat32(() -> pass(new FusedLstm(cell), second, up5));
            List<Executable> checks = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                int step = t;
                checks.add(() -> assertArrayEquals(fresh.hs().get(step).toArray(), again.hs().get(step).toArray(), LAST_BITS, "h"));
                checks.add(() -> assertArrayEquals(fresh.dXs().get(step).toArray(), again.dXs().get(step).toArray(),
                        LAST_BITS, "dX"));
            }
            for (int p = 0; p < fresh.grads().size(); p++) {
                int parameter = p;
                checks.add(() -> assertArrayEquals(fresh.grads().get(parameter).toArray(),
                        again.grads().get(parameter).toArray(), LAST_BITS, "gradient " + parameter));
            }
            checks.add(() -> assertArrayEquals(fresh.norms(), again.norms(), LAST_BITS));
            assertAll(checks.stream());
        }

        @Test
        @DisplayName("backwardSequenceParameters sets exactly backwardSequence's gradients and norms, without dx_t")
        void parametersOnly() {
            Random rng = new Random(27);
            LstmCell cell = roundedCell(3, 5, rng);
            List<Tensor> xs = RecurrentChecks.randomSteps(rng, 4, 2, 3);
            List<Tensor> upstream = RecurrentChecks.randomSteps(rng, 4, 2, 5);
            FusedLstm lstm = new FusedLstm(cell);
            Pass full = inFloat32(() -> pass(lstm, xs, upstream));
            Pass parametersOnly = inFloat32(() -> {
                lstm.forwardSequence(xs);
                lstm.backwardSequenceParameters(upstream);
                return new Pass(List.of(), List.of(), lstm.parameters().stream().map(p -> p.grad().copy()).toList(),
                        lstm.gradientNormsPerStep());
            });
            List<Executable> checks = new ArrayList<>();
            for (int p = 0; p < full.grads().size(); p++) {
                int parameter = p;
                checks.add(() -> assertArrayEquals(full.grads().get(parameter).toArray(),
                        parametersOnly.grads().get(parameter).toArray(), "gradient " + parameter));
                checks.add(() -> assertEquals(Precision.FLOAT32, parametersOnly.grads().get(parameter).storage()));
            }
            checks.add(() -> assertArrayEquals(full.norms(), parametersOnly.norms()));
            assertAll(checks.stream());
        }

        @Test
        @DisplayName("backward follows the precision of the forward pass it differentiates")
        void backwardInForwardsPrecision() {
            Random rng = new Random(24);
            LstmCell cell = roundedCell(3, 4, rng);
            List<Tensor> xs = RecurrentChecks.randomSteps(rng, 3, 2, 3);
            List<Tensor> upstream = RecurrentChecks.randomSteps(rng, 3, 2, 4);
            FusedLstm lstm = new FusedLstm(cell);
            inFloat32(() -> lstm.forwardSequence(xs));
            List<Tensor> dXs = lstm.backwardSequence(upstream);   // now float64
            assertEquals(Precision.FLOAT32, dXs.get(0).storage());
            lstm.forwardSequence(xs);
            List<Tensor> dXs64 = inFloat32(() -> lstm.backwardSequence(upstream));
            assertEquals(Precision.FLOAT64, dXs64.get(0).storage());
        }
    }

    @Nested
    @DisplayName("training in float32")
    class Training {
        /** Four steps of loss, gradient clipping and an update; the loss of every step and the weights after. */
        private record Trained(double[] losses, double[] norms, List<Tensor> weights) {}

        private Trained train(Supplier<Optimizer> optimizer, double clipNorm) {
            Random rng = new Random(25);
            List<Tensor> xs = rounded(RecurrentChecks.randomSteps(rng, 9, 6, 4));
            int[] labels = {0, 1, 2, 0, 1, 2};
            Random init = new Random(26);
            LstmCell cell = roundedCell(4, 10, init);
            SequenceClassifier model = new SequenceClassifier(new FusedLstm(cell), 3, init);
            for (Parameter p : model.parameters()) {
                p.setValue(rounded(p.value()));
            }
            Optimizer update = optimizer.get();
            double[] losses = new double[4];
            double[] norms = new double[4];
            for (int step = 0; step < 4; step++) {
                // forward and backward through time
                losses[step] = model.lossAndGradients(xs, labels);
                norms[step] = GradientClipping.clipGlobalNorm(model.parameters(), clipNorm);
                // update
                update.step(model.parameters());
            }
            return new Trained(losses, norms, model.parameters().stream().map(p -> p.value().copy()).toList());
        }

        private void assertAgree(Supplier<Optimizer> optimizer, double clipNorm) {
            Trained f64 = train(optimizer, clipNorm);
            Trained f32 = inFloat32(() -> train(optimizer, clipNorm));
            List<Executable> checks = new ArrayList<>();
            checks.add(() -> assertArrayEquals(f64.losses(), f32.losses(), 1e-5, "losses"));
            checks.add(() -> assertTrue(f32.losses()[3] < f32.losses()[0], "the float32 loss falls"));
            checks.add(() -> assertArrayEquals(f64.norms(), f32.norms(), 1e-5 * f64.norms()[0], "gradient norms"));
            for (int p = 0; p < f64.weights().size(); p++) {
                int parameter = p;
                checks.add(() -> assertClose("weights " + parameter + " after 4 steps", f64.weights().get(parameter),
                        f32.weights().get(parameter)));
                checks.add(() -> assertEquals(Precision.FLOAT32, f32.weights().get(parameter).storage()));
            }
            assertAll(checks.stream());
        }

        @Test
        @DisplayName("with global-norm clipping (that clips) and momentum: losses and weights agree with float64")
        void clippingAndMomentum() {
            double clipNorm = 0.05;
            assertTrue(inFloat32(() -> train(() -> new Momentum(0.5, 0.9), clipNorm)).norms()[0] > clipNorm,
                    "the first gradient is larger than the clipping norm");
            assertAgree(() -> new Momentum(0.5, 0.9), clipNorm);
        }

        @Test
        @DisplayName("with clipping and Adam, as the long-lag experiment trains")
        void clippingAndAdam() {
            assertAgree(() -> new Adam(0.01), 1.0);
        }
    }

    @Nested
    @DisplayName("the float32 non-linearities")
    class NonLinearities {
        /** tanh of one value through the array function the LSTM uses. */
        private float tanhOf(float z) {
            float[] a = {z};
            FusedLstmFloat32.tanh(a, 0, 1);
            return a[0];
        }

        @Test
        @DisplayName("tanh is within 4e-7 of Math.tanh and at most 1 on every 7th float in [1e-3, 20], and odd to 1 ulp")
        void tanh() {
            int from = Float.floatToIntBits(1e-3f);
            int count = (Float.floatToIntBits(20f) - from) / 7 + 1;
            float[] z = new float[count];
            float[] minus = new float[count];
            for (int k = 0; k < count; k++) {
                z[k] = Float.intBitsToFloat(from + 7 * k);
                minus[k] = -z[k];
            }
            float[] t = z.clone();
            float[] tMinus = minus.clone();
            FusedLstmFloat32.tanh(t, 0, count);
            FusedLstmFloat32.tanh(tMinus, 0, count);
            double worst = 0;
            for (int k = 0; k < count; k++) {
                worst = Math.max(worst, Math.abs(t[k] - Math.tanh(z[k])));
                if (t[k] > 1 || Math.abs(t[k] + tMinus[k]) > Math.ulp(t[k])) {   // odd to a unit in the last place
                    throw new AssertionError("tanh(" + z[k] + ") = " + t[k] + ", tanh(-z) = " + tMinus[k]);
                }
            }
            double largest = worst;
            assertAll(
                    () -> assertTrue(largest < 4e-7, "tanh off by " + largest),
                    () -> assertEquals(0f, tanhOf(0f)),
                    () -> assertEquals(1e-20f, tanhOf(1e-20f), 1e-26f, "tanh(z) = z for a tiny z"),
                    () -> assertEquals(1f, tanhOf(Float.POSITIVE_INFINITY), 4e-7f),
                    () -> assertEquals(-1f, tanhOf(-1e30f), 4e-7f),
                    () -> assertTrue(Float.isNaN(tanhOf(Float.NaN)), "NaN stays NaN"));
        }

        @Test
        @DisplayName("the array sigmoid is within 3e-7 of 1 / (1 + e^-z) on [-40, 40] and stays in [0, 1]")
        void sigmoid() {
            int count = 800_001;
            float[] z = new float[count + 2];
            for (int k = 0; k < count; k++) {
                z[k] = (k - 400_000) * 1e-4f;
            }
            z[count] = Float.NEGATIVE_INFINITY;
            z[count + 1] = Float.MAX_VALUE;
            float[] s = z.clone();
            FusedLstmFloat32.sigmoid(s, 0, s.length);
            double worst = 0;
            for (int k = 0; k < count; k++) {
                worst = Math.max(worst, Math.abs(s[k] - 1 / (1 + Math.exp(-(double) z[k]))));
                assertTrue(s[k] >= 0 && s[k] <= 1, "sigmoid(" + z[k] + ") = " + s[k]);
            }
            double largest = worst;
            assertAll(
                    () -> assertTrue(largest < 3e-7, "sigmoid off by " + largest),
                    () -> assertEquals(0.5f, s[400_000], "sigmoid(0)"),
                    () -> assertEquals(0f, s[count], 3e-7f, "sigmoid(-inf)"),
                    () -> assertEquals(1f, s[count + 1], 3e-7f, "sigmoid(max)"));
        }
    }
}
