package dlcourse.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.nn.Parameter;
import dlcourse.nn.Sgd;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Tensors stored in float32 ({@link Precision#FLOAT32}): a one-operation element-wise result is the float64
 * result on the same float32 operands rounded once (IEEE float32 arithmetic), a compound one rounds after each
 * operation, results stay in float32, a float32 tensor reads as the exact widening of its values, and a retired
 * tensor refuses every read.
 */
class Float32StorageTest {
    @AfterEach
    void float64Again() {
        Precision.set(Precision.FLOAT64);
    }

    private static Tensor random(long seed, int... shape) {
        return Tensor.randn(new Random(seed), 3, shape);
    }

    /** The float64 values of {@code t} rounded to float32 and widened back: what float32 storage holds. */
    private static double[] rounded(Tensor t) {
        double[] out = t.toArray();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) out[i];
        }
        return out;
    }

    private static void assertFloat32Result(String what, double[] expected, Tensor actual) {
        assertEquals(Precision.FLOAT32, actual.storage(), what + " is stored in float32");
        double[] got = actual.toArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals((float) expected[i], (float) got[i], what + " at " + i);
            assertEquals(got[i], (double) (float) got[i], what + " at " + i + " holds a float32 value");
        }
    }

    @Test
    @DisplayName("each element-wise operation in float32 is the float64 one on the rounded operands, rounded once")
    void elementWiseOperationsRoundOnce() {
        Tensor a = random(1, 7, 9000);   // large enough to be split over the cores
        Tensor b = random(2, 7, 9000).plus(10);
        Tensor a32 = Tensor.wrap(rounded(a), 7, 9000);
        Tensor b32 = Tensor.wrap(rounded(b), 7, 9000);
        List<BinaryOperator<Tensor>> binary = List.of(Tensor::plus, Tensor::minus, Tensor::times, Tensor::dividedBy,
                (x, y) -> x.plusScaled(-0.5, y), (x, y) -> x.wherePositive(y.minus(Tensor.full(10, 7, 9000))),
                (x, y) -> x.zipWith(y, (p, q) -> p * q + 1, "zip"));
        for (int k = 0; k < binary.size(); k++) {
            Tensor expected = binary.get(k).apply(a32, b32);   // float64 on the float32 values
            Tensor actual;
            try (Precision.Scope scope = Precision.using(Precision.FLOAT32)) {
                actual = binary.get(k).apply(a, b);
            }
            assertFloat32Result("binary operation " + k, expected.toArray(), actual);
        }
        List<UnaryOperator<Tensor>> unary = List.of(x -> x.times(0.75), x -> x.plus(0.5), x -> x.atLeast(0),
                x -> x.map(Math::exp), x -> x.plusRow(Tensor.of(new double[9000])), x -> x.scaleRows(Tensor.full(2, 7)));
        for (int k = 0; k < unary.size(); k++) {
            Tensor expected = unary.get(k).apply(a32);
            Tensor actual;
            try (Precision.Scope scope = Precision.using(Precision.FLOAT32)) {
                actual = unary.get(k).apply(a);
            }
            assertFloat32Result("unary operation " + k, expected.toArray(), actual);
        }
        // a factor that float32 cannot hold is rounded first, as PyTorch rounds a learning rate: W + (-0.1f) dW
        Tensor update;
        try (Precision.Scope scope = Precision.using(Precision.FLOAT32)) {
            update = a.plusScaled(-0.1, b);
        }
        double[] av = rounded(a);
        double[] bv = rounded(b);
        for (int i = 0; i < av.length; i += 97) {
            assertEquals((float) av[i] + (float) -0.1 * (float) bv[i], (float) update.get(i), "plusScaled at " + i);
        }
    }

    @Test
    @DisplayName("atLeast keeps its NaN rule in float32: NaN becomes the floor")
    void atLeastNaN() {
        try (Precision.Scope scope = Precision.using(Precision.FLOAT32)) {
            Tensor y = Tensor.of(Double.NaN, -2, 3).atLeast(0);
            assertArrayEquals(new double[] {0, 0, 3}, y.toArray());
            assertTrue(Tensor.of(1, Double.POSITIVE_INFINITY).times(1).hasNonFinite());
            assertFalse(Tensor.of(1, 2).times(1).hasNonFinite());
        }
    }

    @Test
    @DisplayName("a product in float32 is stored in float32 and reads as the exact widening of its values")
    void productsStayInFloat32() {
        Tensor x = random(3, 64, 100);
        Tensor w = random(4, 100, 30);
        Tensor y;
        try (Precision.Scope scope = Precision.using(Precision.FLOAT32)) {
            y = x.matmul(w);
            assertEquals(Precision.FLOAT32, y.storage());
            assertEquals(Precision.FLOAT32, x.matmulTransposeA(x).storage());
            assertEquals(Precision.FLOAT32, y.matmulTransposeB(y).storage());
        }
        float[] singles = y.rawSingles();
        double[] doubles = y.rawData();
        for (int i = 0; i < singles.length; i++) {
            assertEquals((double) singles[i], doubles[i]);
            assertEquals((double) singles[i], y.get(i));
        }
        // the same product in float64 agrees to float32's rounding
        assertTrue(y.allClose(x.matmul(w), 1e-4 * x.matmul(w).max()));
        // back in float64, arithmetic on a float32 tensor reads its exact values and stores float64
        Tensor sum = y.plus(y);
        assertEquals(Precision.FLOAT64, sum.storage());
        assertEquals(2.0 * singles[5], sum.get(5));
        assertEquals(Precision.FLOAT64, x.storage());
    }

    @Test
    @DisplayName("a retired tensor and its reshaped views refuse every read; copy() keeps the values; float64 is never retired")
    void retiredTensorsRefuseReads() {
        Tensor kept;
        Tensor view;
        Tensor y;
        try (Precision.Scope scope = Precision.using(Precision.FLOAT32)) {
            y = random(5, 128, 64).times(1);
            kept = y.copy();
            view = y.reshape(64, 128);
            y.retire();
        }
        for (Tensor dead : List.of(y, view)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> dead.get(0));
            assertTrue(e.getMessage().contains("copy()"), e.getMessage());
            assertThrows(IllegalStateException.class, dead::toArray);
            assertThrows(IllegalStateException.class, dead::rawSingles);
            assertThrows(IllegalStateException.class, () -> dead.plus(dead));
            assertThrows(IllegalStateException.class, dead::toString);
        }
        assertEquals(128 * 64, kept.size());
        assertFalse(kept.hasNonFinite());
        Tensor float64 = random(6, 10, 10);
        float64.retire();
        assertEquals(float64.toArray()[3], float64.get(3));
    }

    @Test
    @DisplayName("memory of a retired tensor that held NaN serves the next result of its size without leaking a NaN into it")
    void reusedMemoryIsOverwritten() {
        try (Precision.Scope scope = Precision.using(Precision.FLOAT32)) {
            for (int round = 0; round < 3; round++) {
                for (int k = 0; k < 20; k++) {
                    Tensor.full(Double.NaN, 64, 256).times(1).retire();
                }
                Tensor x = random(7, 64, 30);
                Tensor w = random(8, 30, 256);
                Tensor y = x.matmul(w);
                assertFalse(y.hasNonFinite(), "a product written into reused memory holds NaN");
                assertTrue(y.allClose(Tensor.wrap(x.toArray(), 64, 30).matmul(w), 1e-3 * 30 * 9));
                Tensor.full(Double.NaN, 64, 256).times(1).retire();
                assertFalse(y.plus(y).hasNonFinite());
                assertFalse(y.atLeast(0).hasNonFinite());
                assertFalse(y.plusRow(Tensor.zeros(256)).hasNonFinite());
            }
        }
    }

    @Test
    @DisplayName("a parameter retires its replaced value and gradient in float32 only, and copies a float32 tensor it is given")
    void parametersRetireInFloat32Only() {
        Tensor w0 = random(9, 50, 100);
        Parameter p64 = new Parameter("W", w0);
        p64.setGrad(random(10, 50, 100));
        Tensor before64 = p64.value();
        new Sgd(0.1).step(List.of(p64));
        assertEquals(w0.get(7), before64.get(7), "in float64 the old value stays readable");

        try (Precision.Scope scope = Precision.using(Precision.FLOAT32)) {
            Parameter p = new Parameter("W", w0);
            p.setGrad(random(11, 50, 100).times(1));
            Sgd sgd = new Sgd(0.1);
            Tensor g1 = p.grad().copy();
            sgd.step(List.of(p));                      // the first value was float64: it stays readable
            assertEquals((float) w0.get(7) + (float) -0.1 * (float) g1.get(7), (float) p.value().get(7));
            assertEquals(before64.get(7), w0.get(7));
            Tensor first = p.value();
            Tensor firstCopy = first.copy();
            Tensor grad = p.grad();
            p.setGrad(random(12, 50, 100).times(1));
            assertThrows(IllegalStateException.class, () -> grad.get(0), "a replaced gradient is retired");
            sgd.step(List.of(p));
            assertThrows(IllegalStateException.class, () -> first.get(0), "a replaced value is retired");
            assertEquals((float) (firstCopy.get(7) - 0.1 * p.grad().get(7)), (float) p.value().get(7));

            // a tensor given to a parameter (by its constructor or setValue) is copied, so its updates never
            // retire the caller's tensor: a restored value stays readable after more training
            Tensor shared = random(13, 5, 5).times(1);
            Parameter q = new Parameter("W", shared);
            q.setGrad(random(14, 5, 5).times(1));
            sgd.step(List.of(q));
            sgd.step(List.of(q));
            assertEquals(random(13, 5, 5).times(1).get(3), shared.get(3), "the parameter copied the tensor it was given");
            Tensor saved = q.value();
            q.setValue(random(15, 5, 5).times(1));
            q.setValue(saved);                        // restoring a value: the one in the parameter is a copy
            sgd.step(List.of(q));
            sgd.step(List.of(q));
            assertEquals(saved.copy().get(3), saved.get(3), "setValue copies, so an update leaves the saved value");
            assertSame(Precision.FLOAT32, q.value().storage());
        }
    }

    @Test
    @DisplayName("MatMul.gemm on float32 arrays equals the float32 triple loop, with transposes, offsets and accumulate")
    void float32Gemm() {
        Random rng = new Random(15);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int m = 37, n = 29, k = 53;
                float[] a = new float[3 + m * k];
                float[] b = new float[5 + k * n];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) rng.nextGaussian();
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) rng.nextGaussian();
                }
                float[] expected = new float[m * n];
                MatMul.referenceSingle(ta, tb, m, n, k, a, 3, ta ? m : k, b, 5, tb ? k : n, expected, 0, n);
                float[] c = new float[2 + m * n];
                java.util.Arrays.fill(c, Float.NaN);
                MatMul.gemm(ta, tb, m, n, k, a, 3, ta ? m : k, b, 5, tb ? k : n, false, c, 2, n);
                float[] twice = c.clone();
                MatMul.gemm(ta, tb, m, n, k, a, 3, ta ? m : k, b, 5, tb ? k : n, true, twice, 2, n);
                for (int i = 0; i < m * n; i++) {
                    assertEquals(expected[i], c[2 + i], 1e-4 * k, "C at " + i + " (transposes " + ta + ", " + tb + ")");
                    assertEquals(2 * expected[i], twice[2 + i], 2e-4 * k, "accumulated C at " + i);
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatMul.gemm(false, false, 4, 4, 4, new float[15], 0, 4, new float[16], 0, 4, false, new float[16], 0, 4));
        assertTrue(e.getMessage().contains("A (4 x 4"), e.getMessage());
    }

    @Test
    @DisplayName("plusScaledInPlace: plusScaled's values; in float32 over the old array, which is then unreadable; float64 untouched")
    void plusScaledInPlace() {
        Tensor g = random(16, 40, 60);
        Tensor w64 = random(17, 40, 60);
        Tensor r64 = w64.plusScaledInPlace(-0.1, g);
        assertEquals(w64.plusScaled(-0.1, g), r64);
        assertEquals(random(17, 40, 60), w64, "in float64 the old tensor is left as it is");
        try (Precision.Scope scope = Precision.using(Precision.FLOAT32)) {
            Tensor w = random(17, 40, 60).times(1);
            Tensor expected = w.plusScaled(-0.1, g);
            float[] array = w.rawSingles();
            Tensor r = w.plusScaledInPlace(-0.1, g);
            assertSame(array, r.rawSingles(), "the result keeps the old value's memory");
            assertArrayEquals(expected.toArray(), r.toArray());
            assertThrows(IllegalStateException.class, () -> w.get(0));
            Tensor again = r.plusScaledInPlace(-0.1, g);
            assertThrows(IllegalStateException.class, () -> r.get(0));
            assertEquals((float) ((float) expected.get(5) + (float) -0.1 * (float) g.get(5)), (float) again.get(5));
            Tensor fromDouble = random(17, 40, 60);   // stored in float64: a new array, the old one stays
            fromDouble.plusScaledInPlace(-0.1, g);
            assertEquals(random(17, 40, 60).get(3), fromDouble.get(3));
        }
    }
}
