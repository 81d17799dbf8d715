package dlcourse.cnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.tensor.Precision;
import dlcourse.tensor.Tensor;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The float32 fast paths of the convolution ({@link Im2colFloat32}) and of pooling ({@code PoolFast}) in
 * {@link Precision#FLOAT32} against the float64 paths on the same inputs (rounded to float32 first, so that both
 * see the same numbers): the results agree within float32's rounding, are stored in float32 (which the float64
 * path never does, so a float32 path that silently did not run fails), and differ from the float64 results by a
 * nonzero amount where a sum is rounded.
 */
class Float32PathsTest {
    /**
     * Relative to the largest magnitude of the float64 result: each float32 product and partial sum keeps 2^-24
     * (6e-8); a sum of K = 150 such terms drifts by at most some K 2^-24 = 1e-5 of the largest term in the worst
     * case and by far less in practice (measured below 1e-6 here), so 1e-5 passes any order of summation a BLAS
     * chooses while an error of float16 size (1e-3) or a wrong index fails.
     */
    static final double TOLERANCE = 1e-5;

    @AfterEach
    void float64Again() {
        Precision.set(Precision.FLOAT64);
    }

    static <T> T in(Precision precision, Supplier<T> work) {
        try (Precision.Scope scope = Precision.using(precision)) {
            return work.get();
        }
    }

    /** Normal values rounded to float32, stored in float64: an input both precisions read exactly. */
    static Tensor roundedRandn(Random rng, int... shape) {
        double[] values = Tensor.randn(rng, 1, shape).toArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) values[i];
        }
        return Tensor.wrap(values, shape);
    }

    /** The largest |a - b| relative to the largest |b|; asserts the shapes match. */
    static double relativeDifference(Tensor a, Tensor b) {
        assertArrayEquals(b.shape(), a.shape(), "shape");
        double[] x = a.toArray();
        double[] y = b.toArray();
        double largest = 0;
        double difference = 0;
        for (int i = 0; i < x.length; i++) {
            largest = Math.max(largest, Math.abs(y[i]));
            difference = Math.max(difference, Math.abs(x[i] - y[i]));
        }
        return difference / Math.max(largest, Double.MIN_NORMAL);
    }

    /** The outputs and gradients of one forward and backward pass. */
    record Pass(Tensor y, Tensor dX, Tensor dW, Tensor db) {}

    static Pass convPass(Precision precision, Tensor W, Tensor b, int stride, Padding padding, Tensor x,
                         Tensor dY, boolean inputGradient) {
        return in(precision, () -> {
            Conv2d conv = Conv2d.withWeights(W, b, stride, padding);
            Tensor y = conv.forward(x);
            Tensor dX = null;
            if (inputGradient) {
                dX = conv.backward(dY);
            } else {
                conv.backwardParametersOnly(dY);
            }
            return new Pass(y, dX, conv.parameters().get(0).grad(), conv.parameters().get(1).grad());
        });
    }

    @ParameterizedTest(name = "C={0} -> F={1}, {2}x{3} image, {4}x{4} filters, stride {5}, padding {6}, dX {7}")
    @CsvSource({
            "1, 6, 32, 32, 5, 1, valid, false",   // LeNet-5's C1 (training skips dX)
            "6, 16, 14, 14, 5, 1, valid, true",   // C3 (dX in the wide layout)
            "3, 4, 12, 9, 3, 1, valid, false",    // short rows without dX (no wide layout)
            "16, 120, 5, 5, 5, 1, valid, true",   // C5: one position, the patch is the image
            "3, 4, 3, 3, 5, 1, 1, true",          // one position inside padding: the patch is unrolled
            "2, 3, 9, 7, 3, 2, same, true",
            "2, 3, 7, 6, 4, 1, same, true",        // stride 1, padding on all sides, unequal (an even filter)
            "2, 5, 8, 8, 3, 1, 2, true"})
    @DisplayName("convolution in float32 agrees with float64 within float32's rounding, and is stored in float32")
    void convolution(int c, int f, int h, int w, int k, int stride, String paddingName, boolean inputGradient) {
        Padding padding = switch (paddingName) {
            case "valid" -> Padding.VALID;
            case "same" -> Padding.SAME;
            default -> Padding.explicit(Integer.parseInt(paddingName));
        };
        Random rng = new Random(h * 31 + c);
        int n = 9;   // more than one image per thread, so the per-range partial sums are exercised
        Tensor x = roundedRandn(rng, n, c, h, w);
        Tensor W = roundedRandn(rng, f, c, k, k);
        Tensor b = roundedRandn(rng, f);
        int[] outShape = Conv2d.withWeights(W, b, stride, padding).outputShape(n, c, h, w);
        Tensor dY = roundedRandn(rng, outShape);
        Pass f64 = convPass(Precision.FLOAT64, W, b, stride, padding, x, dY, inputGradient);
        Pass f32 = convPass(Precision.FLOAT32, W, b, stride, padding, x, dY, inputGradient);
        assertAll(
                () -> assertEquals(Precision.FLOAT64, f64.y().storage(), "the float64 path stores float64"),
                () -> assertEquals(Precision.FLOAT32, f32.y().storage(), "Y stored in float32"),
                () -> assertEquals(Precision.FLOAT32, f32.dW().storage(), "dW stored in float32"),
                () -> assertEquals(Precision.FLOAT32, f32.db().storage(), "db stored in float32"),
                () -> assertTrue(relativeDifference(f32.y(), f64.y()) <= TOLERANCE,
                        "Y differs by " + relativeDifference(f32.y(), f64.y())),
                () -> assertTrue(relativeDifference(f32.y(), f64.y()) > 0,
                        "Y equals the float64 result exactly: were its sums rounded to float32?"),
                () -> assertTrue(relativeDifference(f32.dW(), f64.dW()) <= TOLERANCE,
                        "dW differs by " + relativeDifference(f32.dW(), f64.dW())),
                () -> assertTrue(relativeDifference(f32.dW(), f64.dW()) > 0, "dW equals the float64 result exactly"),
                () -> assertTrue(relativeDifference(f32.db(), f64.db()) <= TOLERANCE,
                        "db differs by " + relativeDifference(f32.db(), f64.db())),
                () -> {
                    if (inputGradient) {
                        assertEquals(Precision.FLOAT32, f32.dX().storage(), "dX stored in float32");
                        double d = relativeDifference(f32.dX(), f64.dX());
                        assertTrue(d <= TOLERANCE && d > 0, "dX differs by " + d);
                    } else {
                        assertNull(f32.dX());
                    }
                });
    }

    @Test
    @DisplayName("in float64 a convolution of a float32-stored input still computes in float64 (results unchanged)")
    void float64PrecisionStaysFloat64() {
        Random rng = new Random(5);
        Tensor x = roundedRandn(rng, 3, 2, 8, 8);
        Tensor stored32 = in(Precision.FLOAT32, () -> x.plus(0.0));   // the same values, stored in float32
        assertEquals(Precision.FLOAT32, stored32.storage());
        Conv2d conv = Conv2d.create(new Random(6), 2, 4, 3, 1, Padding.SAME);
        Tensor fromFloat64 = conv.forward(x);
        Tensor fromFloat32 = conv.forward(stored32);
        assertAll(
                () -> assertEquals(Precision.FLOAT64, fromFloat32.storage()),
                () -> assertEquals(fromFloat64, fromFloat32, "bit for bit the float64 result"));
    }

    @ParameterizedTest(name = "{0}x{0} window, stride {1}, padding {2}, {3}x{4} input")
    @CsvSource({
            "2, 2, valid, 28, 28",   // LeNet-5's S2
            "2, 2, valid, 11, 9",    // odd sides: a row and a column are left over
            "2, 2, same, 5, 5",      // the last windows reach into the padding
            "3, 2, same, 7, 6",
            "2, 1, valid, 4, 4"})
    @DisplayName("average pooling in float32 agrees with float64 within float32's rounding, forward and backward")
    void averagePooling(int window, int stride, String paddingName, int h, int w) {
        Padding padding = switch (paddingName) {
            case "valid" -> Padding.VALID;
            case "same" -> Padding.SAME;
            default -> Padding.explicit(Integer.parseInt(paddingName));
        };
        Random rng = new Random(h * 7 + w);
        Tensor x = roundedRandn(rng, 4, 3, h, w);
        AvgPool2d pool = AvgPool2d.of(window, stride, padding);
        Tensor dY = roundedRandn(rng, pool.outputShape(4, 3, h, w));
        Tensor[] f64 = in(Precision.FLOAT64, () -> new Tensor[] {pool.forward(x), pool.backward(dY)});
        Tensor[] f32 = in(Precision.FLOAT32, () -> new Tensor[] {pool.forward(x), pool.backward(dY)});
        assertAll(
                () -> assertEquals(Precision.FLOAT32, f32[0].storage(), "Y stored in float32"),
                () -> assertEquals(Precision.FLOAT32, f32[1].storage(), "dX stored in float32"),
                () -> assertTrue(relativeDifference(f32[0], f64[0]) <= TOLERANCE,
                        "Y differs by " + relativeDifference(f32[0], f64[0])),
                () -> assertTrue(relativeDifference(f32[1], f64[1]) <= TOLERANCE,
                        "dX differs by " + relativeDifference(f32[1], f64[1])));
    }

    @ParameterizedTest(name = "{0}x{0} window, stride {1}, padding {2}, {3}x{4} input")
    @CsvSource({
            "2, 2, valid, 28, 28",
            "3, 2, same, 7, 6",      // overlapping windows: a cell can win twice and gets both gradients
            "2, 1, valid, 5, 4"})
    @DisplayName("max pooling in float32 picks the same winners as float64 and is stored in float32")
    void maxPooling(int window, int stride, String paddingName, int h, int w) {
        Padding padding = switch (paddingName) {
            case "valid" -> Padding.VALID;
            case "same" -> Padding.SAME;
            default -> Padding.explicit(Integer.parseInt(paddingName));
        };
        Random rng = new Random(h * 5 + w);
        Tensor x = roundedRandn(rng, 3, 2, h, w);
        MaxPool2d pool = MaxPool2d.of(window, stride, padding);
        Tensor dY = roundedRandn(rng, pool.outputShape(3, 2, h, w));
        Tensor[] f64 = in(Precision.FLOAT64, () -> new Tensor[] {pool.forward(x), pool.backward(dY)});
        Tensor[] f32 = in(Precision.FLOAT32, () -> new Tensor[] {pool.forward(x), pool.backward(dY)});
        assertAll(
                () -> assertEquals(Precision.FLOAT32, f32[0].storage(), "Y stored in float32"),
                () -> assertEquals(Precision.FLOAT32, f32[1].storage(), "dX stored in float32"),
                // a maximum is one of its (float32) inputs: nothing to round
                () -> assertEquals(f64[0], f32[0], "Y equals the float64 Y"),
                () -> assertTrue(relativeDifference(f32[1], f64[1]) <= TOLERANCE,
                        "dX differs by " + relativeDifference(f32[1], f64[1])));
    }

    @Test
    @DisplayName("LeNet-5's S2 in float32 differs from float64 only by the rounding of each average")
    void averagePoolingRounds() {
        Random rng = new Random(11);
        Tensor x = Tensor.randn(rng, 1, 2, 6, 28, 28);   // not rounded: the float32 path rounds the input first
        AvgPool2d pool = AvgPool2d.of(2, 2, Padding.VALID);
        Tensor y64 = in(Precision.FLOAT64, () -> pool.forward(x));
        Tensor y32 = in(Precision.FLOAT32, () -> pool.forward(x));
        double d = relativeDifference(y32, y64);
        assertTrue(d > 0 && d <= TOLERANCE, "S2 differs by " + d);
    }

    /** The gradients of a LeNet-5 after a few float32 SGD steps from seed 5 on fixed batches, copied out. */
    private static java.util.List<double[]> lenetGradientsAfterSteps(Tensor images, int[] labels) {
        LeNet5 net = LeNet5.create(5);
        dlcourse.nn.SoftmaxCrossEntropy loss = new dlcourse.nn.SoftmaxCrossEntropy();
        dlcourse.nn.Sgd sgd = new dlcourse.nn.Sgd(0.05);
        for (int step = 0; step < 3; step++) {
            loss.forward(net.forward(images), labels);
            Tensor dY = loss.backward();
            net.backwardParameters(dY);
            assertTrue(dY.size() > 0 && !Double.isNaN(dY.get(0)), "the caller's dY stays readable");
            sgd.step(net.parameters());
        }
        java.util.List<double[]> grads = new java.util.ArrayList<>();
        for (dlcourse.nn.Parameter p : net.parameters()) {
            grads.add(p.grad().toArray());
        }
        return grads;
    }

    @Test
    @DisplayName("LeNet-5 in float32 reuses its between-stage gradients' memory without changing any gradient")
    void lenetReusesGradientMemory() {
        Random rng = new Random(9);
        Tensor images = Tensor.uniform(rng, 0, 1, 16, 1, 32, 32);
        int[] labels = new int[16];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(10);
        }
        try (Precision.Scope scope = Precision.using(Precision.FLOAT32)) {
            java.util.List<double[]> first = lenetGradientsAfterSteps(images, labels);
            // memory of every size a step uses, filled with NaN and retired: a reused array that is read before it
            // is written would put a NaN into the gradients of the second run
            for (int size : new int[] {16 * 6 * 28 * 28, 16 * 6 * 14 * 14, 16 * 16 * 10 * 10, 16 * 16 * 5 * 5,
                    16 * 120, 16 * 84}) {
                for (int k = 0; k < 2; k++) {   // 12 arrays: all kept (Float32Memory keeps up to 16)
                    Tensor.full(Double.NaN, size).times(1).retire();
                }
            }
            java.util.List<double[]> second = lenetGradientsAfterSteps(images, labels);
            for (int p = 0; p < first.size(); p++) {
                assertArrayEquals(first.get(p), second.get(p), "gradient " + p + " of the second run");
            }
        }
    }
}
