package dlcourse.tensor;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MatMulTest {

    /**
     * How far a sum of K products may move when added in another order: each partial sum rounds by at most
     * one unit in the last place, so |error| <= K * eps * sum of |a_ip b_pj| (a standard bound, loose in
     * practice). Checked per element against that element's own sum of magnitudes.
     */
    static void assertCloseToReference(double[] expected, double[] actual, double[] magnitudes, int k, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double bound = (k + 2) * Math.ulp(1.0) * magnitudes[i] + Double.MIN_NORMAL;
            double error = Math.abs(expected[i] - actual[i]);
            if (!(error <= bound)) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", the reference loop gives "
                        + expected[i] + " (difference " + error + " > bound " + bound + ")");
            }
        }
    }

    /** Shapes: square, the MLP's and LeNet-5's, odd sizes around the kernel's 4-row blocks, and a single value. */
    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        int[][] sizes = {{1, 1, 1}, {3, 5, 2}, {7, 1, 9}, {64, 784, 256}, {64, 256, 10}, {6, 784, 25}, {16, 100, 150},
                {130, 67, 33}, {5, 517, 300}};
        for (MatMul.Backend backend : MatMul.Backend.values()) {
            for (int[] s : sizes) {
                for (int transposes = 0; transposes < 4; transposes++) {
                    out.add(Arguments.of(backend, s[0], s[1], s[2], (transposes & 1) != 0, (transposes & 2) != 0));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: M={1}, N={2}, K={3}, A^T {4}, B^T {5}")
    @MethodSource("shapes")
    @DisplayName("every back end equals the reference triple loop within the rounding of another summation order")
    void everyBackendEqualsReference(MatMul.Backend backend, int m, int n, int k, boolean tA, boolean tB) {
        assumeTrue(MatMul.available(backend), backend + " is not available in this JVM");
        Random rng = new Random(m * 31L + n * 7L + k + (tA ? 1000 : 0) + (tB ? 2000 : 0));
        // A and B each sit inside a bigger array, at an offset and with a row stride larger than a row
        int aRows = tA ? k : m;
        int aCols = tA ? m : k;
        int bRows = tB ? n : k;
        int bCols = tB ? k : n;
        int lda = aCols + 3;
        int ldb = bCols + 1;
        int ldc = n + 2;
        double[] a = gaussian(rng, 5 + aRows * lda);
        double[] b = gaussian(rng, 2 + bRows * ldb);
        double[] c0 = gaussian(rng, 4 + m * ldc);
        for (boolean accumulate : new boolean[] {false, true}) {
            double[] expected = c0.clone();
            MatMul.reference(tA, tB, m, n, k, a, 5, lda, b, 2, ldb, accumulate, expected, 4, ldc);
            double[] magnitudes = c0.clone();
            for (int i = 0; i < magnitudes.length; i++) {
                magnitudes[i] = accumulate ? Math.abs(magnitudes[i]) : 0;
            }
            double[] absA = abs(a);
            double[] absB = abs(b);
            MatMul.reference(tA, tB, m, n, k, absA, 5, lda, absB, 2, ldb, true, magnitudes, 4, ldc);
            double[] actual = c0.clone();
            MatMul.gemmWith(backend, tA, tB, m, n, k, a, 5, lda, b, 2, ldb, accumulate, actual, 4, ldc);
            String what = backend + (accumulate ? " C += op(A) op(B)" : " C = op(A) op(B)");
            assertCloseToReference(expected, actual, magnitudes, k, what);
            // C's values outside the [M, N] block (the offset and the row padding) are left as they were
            for (int i = 0; i < actual.length; i++) {
                int row = (i - 4) / ldc;
                int col = (i - 4) % ldc;
                if (i < 4 || col >= n || row >= m) {
                    assertEquals(c0[i], actual[i], what + ": value " + i + " outside C was changed");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}: M={1}, N={2}, K={3}, A^T {4}, B^T {5}")
    @MethodSource("shapes")
    @DisplayName("in float32 every back end equals the float64 reference within float32's rounding, and is not float64")
    void float32EqualsReferenceWithinSinglePrecision(MatMul.Backend backend, int m, int n, int k, boolean tA,
                                                     boolean tB) {
        assumeTrue(MatMul.available(backend), backend + " is not available in this JVM");
        Random rng = new Random(m * 31L + n * 7L + k + (tA ? 1000 : 0) + (tB ? 2000 : 0));
        int aRows = tA ? k : m, aCols = tA ? m : k, bRows = tB ? n : k, bCols = tB ? k : n;
        int lda = aCols + 2, ldb = bCols + 1, ldc = n + 3;
        double[] a = gaussian(rng, 5 + aRows * lda);
        double[] b = gaussian(rng, 2 + bRows * ldb);
        double[] c0 = gaussian(rng, 4 + m * ldc);
        for (boolean accumulate : new boolean[] {false, true}) {
            double[] expected = c0.clone();
            MatMul.reference(tA, tB, m, n, k, a, 5, lda, b, 2, ldb, accumulate, expected, 4, ldc);
            double[] actual = c0.clone();
            try (Precision.Scope single = Precision.using(Precision.FLOAT32)) {
                MatMul.gemmWith(backend, tA, tB, m, n, k, a, 5, lda, b, 2, ldb, accumulate, actual, 4, ldc);
            }
            double worst = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double magnitude = 0;
                    for (int p = 0; p < k; p++) {
                        double aip = tA ? a[5 + p * lda + i] : a[5 + i * lda + p];
                        double bpj = tB ? b[2 + j * ldb + p] : b[2 + p * ldb + j];
                        magnitude += Math.abs(aip * bpj);
                    }
                    int at = 4 + i * ldc + j;
                    // operands rounded to float32 (2 roundings per product), K float32 additions, the accumulate
                    double bound = (k + 4) * Math.ulp(1.0f) * (magnitude + (accumulate ? Math.abs(c0[at]) : 0));
                    double error = Math.abs(expected[at] - actual[at]);
                    worst = Math.max(worst, error);
                    if (!(error <= bound)) {
                        throw new AssertionError(backend + " float32: C[" + i + "][" + j + "] is " + actual[at]
                                + ", the float64 reference gives " + expected[at] + " (difference " + error
                                + " > bound " + bound + ")");
                    }
                }
            }
            for (int at = 0; at < c0.length; at++) {
                boolean inside = at >= 4 && (at - 4) / ldc < m && (at - 4) % ldc < n;
                if (!inside) {
                    assertEquals(c0[at], actual[at], "float32 product wrote outside C at " + at);
                }
            }
            if (k >= 2) {
                // random float64 operands lose bits when rounded to float32: a result equal to the float64 one
                // everywhere would mean the float32 path did not run
                assertTrue(worst > 0, backend + " float32 gave exactly the float64 result");
            }
        }
    }

    @Test
    @DisplayName("a product with an Operand equals the one with its array: exactly in float64, within rounding in float32")
    void operands() {
        Random rng = new Random(12);
        // large enough to run in float32 (MatMul.worthRounding) whether or not an operand is rounded already
        int size = 128;
        double[] a = gaussian(rng, 3 + size * size);
        double[] b = gaussian(rng, 1 + size * size);
        double[] plain = new double[size * size];
        MatMul.gemm(false, false, size, size, size, a, 3, size, b, 1, size, false, plain, 0, size);
        double[] viaA = new double[size * size];
        MatMul.gemm(false, false, size, size, size, MatMul.Operand.of(a), 3, size, b, 1, size, false, viaA, 0, size);
        double[] viaB = new double[size * size];
        MatMul.gemm(false, false, size, size, size, a, 3, size, MatMul.Operand.of(b), 1, size, false, viaB, 0, size);
        assertAll(
                () -> assertArrayEquals(plain, viaA, "A as an operand, float64"),
                () -> assertArrayEquals(plain, viaB, "B as an operand, float64"));
        try (Precision.Scope single = Precision.using(Precision.FLOAT32)) {
            MatMul.Operand aOperand = MatMul.Operand.of(a);
            double[] packed = new double[size * size];
            MatMul.gemm(false, false, size, size, size, a, 3, size, b, 1, size, false, packed, 0, size);
            for (int round = 0; round < 2; round++) {
                double[] fromOperand = new double[size * size];
                MatMul.gemm(false, false, size, size, size, aOperand, 3, size, b, 1, size, false, fromOperand, 0, size);
                double[] fromOperandB = new double[size * size];
                MatMul.gemm(false, false, size, size, size, a, 3, size, MatMul.Operand.of(b), 1, size, false, fromOperandB, 0,
                        size);
                // the same float32 operands, the same sgemm: the same result as when the arrays are rounded per call
                assertArrayEquals(packed, fromOperand, "A as an operand, float32, use " + (round + 1));
                assertArrayEquals(packed, fromOperandB, "B as an operand, float32");
            }
            boolean differs = false;
            for (int i = 0; i < plain.length; i++) {
                assertEquals(plain[i], packed[i], (size + 4) * Math.ulp(1.0f) * size * 3, "float32 product " + i);
                differs |= plain[i] != packed[i];
            }
            assertTrue(differs, "the float32 product equals the float64 one exactly");
        }
        assertThrows(IllegalArgumentException.class, () -> MatMul.Operand.of((double[]) null));
    }

    @Test
    @DisplayName("in float32 a product too small to pay for rounding its operands stays float64, a large one does not")
    void float32OnlyWhereItPays() {
        Random rng = new Random(13);
        // LeNet-5's per-image C1 product, 6 x 784 x 25: under 5 multiply-adds per rounded value
        assertTrue(!MatMul.worthRounding(6, 784, 25, false, true));
        // the MLP's first layer, 64 x 256 x 784: 48 per rounded value
        assertTrue(MatMul.worthRounding(64, 256, 784, true, true));
        double[][] results = new double[2][];
        for (int[] size : new int[][] {{6, 784, 25}, {64, 256, 784}}) {
            int m = size[0], n = size[1], k = size[2];
            double[] a = gaussian(rng, m * k);
            double[] b = gaussian(rng, k * n);
            double[] float64 = new double[m * n];
            MatMul.gemm(false, false, m, n, k, a, 0, k, b, 0, n, false, float64, 0, n);
            double[] float32 = new double[m * n];
            try (Precision.Scope single = Precision.using(Precision.FLOAT32)) {
                MatMul.gemm(false, false, m, n, k, a, 0, k, b, 0, n, false, float32, 0, n);
            }
            boolean small = m == 6;
            assertEquals(small, java.util.Arrays.equals(float64, float32),
                    m + " x " + n + " x " + k + (small ? " should stay float64" : " should run in float32"));
        }
    }

    @Test
    @DisplayName("in float32 Tensor.matmul and its transposed forms equal the float64 ones within float32's rounding")
    void tensorProductsFloat32() {
        Random rng = new Random(8);
        Tensor a = Tensor.randn(rng, 1, 33, 70);
        Tensor b = Tensor.randn(rng, 1, 70, 21);
        Tensor expected = a.matmul(b);
        Tensor product;
        Tensor viaA;
        Tensor viaB;
        try (Precision.Scope single = Precision.using(Precision.FLOAT32)) {
            product = a.matmul(b);
            viaA = a.transpose().matmulTransposeA(b);
            viaB = a.matmulTransposeB(b.transpose());
        }
        // |error| <= (K + 4) eps_32 sum |a b|, and sum |a b| is about K * 0.8 for unit normals: 1e-3 is loose
        assertAll(
                () -> assertTrue(expected.allClose(product, 1e-3), "matmul"),
                () -> assertTrue(expected.allClose(viaA, 1e-3), "matmulTransposeA"),
                () -> assertTrue(expected.allClose(viaB, 1e-3), "matmulTransposeB"),
                () -> assertTrue(!expected.allClose(product, 1e-12), "float32 gave the float64 result"),
                () -> assertEquals(Precision.FLOAT64, Precision.current(), "the scope restored float64"));
    }

    @Test
    @DisplayName("the reference loop computes the lecture-sized example [[1, 2], [3, 4]] [[5, 6], [7, 8]]")
    void referenceByHand() {
        double[] c = new double[4];
        MatMul.reference(false, false, 2, 2, 2, new double[] {1, 2, 3, 4}, 0, 2, new double[] {5, 6, 7, 8}, 0, 2,
                false, c, 0, 2);
        assertEquals(List.of(19.0, 22.0, 43.0, 50.0), List.of(c[0], c[1], c[2], c[3]));
    }

    @Test
    @DisplayName("Tensor.matmul and its transposed forms equal the reference through the active back end")
    void tensorProducts() {
        Random rng = new Random(7);
        Tensor a = Tensor.randn(rng, 1, 33, 70);
        Tensor b = Tensor.randn(rng, 1, 70, 21);
        double[] expected = new double[33 * 21];
        MatMul.reference(false, false, 33, 21, 70, a.toArray(), 0, 70, b.toArray(), 0, 21, false, expected, 0, 21);
        Tensor reference = Tensor.of(expected).reshape(33, 21);
        assertAll(
                () -> assertTrue(reference.allClose(a.matmul(b), 1e-12), "matmul"),
                () -> assertTrue(reference.allClose(a.transpose().matmulTransposeA(b), 1e-12), "matmulTransposeA"),
                () -> assertTrue(reference.allClose(a.matmulTransposeB(b.transpose()), 1e-12), "matmulTransposeB"));
    }

    @Test
    @DisplayName("NaN and infinity propagate as in the reference loop: 0 * NaN is NaN")
    void nonFinite() {
        Tensor a = Tensor.of(new double[][] {{0, 1}, {2, 1}});
        Tensor b = Tensor.of(new double[][] {{Double.NaN}, {1}});
        Tensor product = a.matmul(b);
        assertAll(
                () -> assertTrue(Double.isNaN(product.get(0, 0)), "0 * NaN + 1 is NaN, got " + product.get(0, 0)),
                () -> assertTrue(Double.isNaN(product.get(1, 0)), "2 * NaN + 1 is NaN"));
    }

    @Test
    @DisplayName("K = 0 gives zeros (or leaves C when accumulating); M = 0 or N = 0 does nothing")
    void emptySums() {
        double[] c = {5, 5};
        MatMul.gemm(false, false, 1, 2, 0, new double[0], 0, 1, new double[0], 0, 2, true, c, 0, 2);
        assertEquals(5, c[0]);
        MatMul.gemm(false, false, 1, 2, 0, new double[0], 0, 1, new double[0], 0, 2, false, c, 0, 2);
        assertEquals(0, c[1]);
        assertEquals(0, MatMul.multiply(new double[0], new double[0], 0, 3, 0).length);
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {
        @Test
        @DisplayName("mismatched inner sizes name the operation and both shapes")
        void mismatch() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.zeros(2, 3).matmulTransposeB(Tensor.zeros(4, 2)));
            assertTrue(e.getMessage().contains("matmulTransposeB") && e.getMessage().contains("[2, 3]")
                    && e.getMessage().contains("[4, 2]"), e.getMessage());
        }

        @Test
        @DisplayName("an array too short for its matrix names the matrix, its size and the array's length")
        void tooShort() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MatMul.gemm(false, false, 2, 2, 2, new double[3], 0, 2, new double[4], 0, 2, false,
                            new double[4], 0, 2));
            assertTrue(e.getMessage().contains("A (2 x 2") && e.getMessage().contains("array has 3"), e.getMessage());
        }

        @Test
        @DisplayName("a row stride shorter than a row is refused")
        void shortStride() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MatMul.gemm(false, false, 2, 3, 2, new double[4], 0, 2, new double[6], 0, 2, false,
                            new double[6], 0, 3));
            assertTrue(e.getMessage().contains("B is stored as 2 x 3") && e.getMessage().contains("at least 3"),
                    e.getMessage());
        }

        @Test
        @DisplayName("an unknown back end name lists the valid ones")
        void unknownBackend() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Blas.choose("cuda"));
            assertTrue(e.getMessage().contains("reference, java, vector, native"), e.getMessage());
        }
    }

    @Test
    @DisplayName("the active back end is the one -Ddlcourse.matmul names, else the fastest that loads")
    void activeBackend() {
        String forced = System.getProperty(MatMul.PROPERTY);
        if (forced != null && !forced.isBlank() && !forced.equals("auto")) {
            assertEquals(forced, MatMul.backend().label());
        } else if (MatMul.available(MatMul.Backend.NATIVE)) {
            assertEquals(MatMul.Backend.NATIVE, MatMul.backend());
        } else {
            assertTrue(MatMul.backend() == MatMul.Backend.VECTOR || MatMul.backend() == MatMul.Backend.JAVA,
                    MatMul.describeBackend());
        }
        assertTrue(MatMul.describeBackend().startsWith(MatMul.backend().label() + " ("), MatMul.describeBackend());
    }

    @Test
    @DisplayName("MatMulInfo's fix line carries the reason and the remedy, or names the option that forces another back end")
    void fixLine() {
        String why = "no native BLAS could be loaded (x); install OpenBLAS: sudo apt-get install libopenblas0-pthread";
        String missing = MatMulInfo.fixLine(why);
        String forced = MatMulInfo.fixLine(null);
        assertAll(
                () -> assertTrue(missing.startsWith("fix: " + why) && missing.contains("restart"), missing),
                () -> assertTrue(forced.startsWith("fix: ") && forced.contains("-D" + MatMul.PROPERTY), forced));
    }

    private static double[] gaussian(Random rng, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = rng.nextGaussian();
        }
        return out;
    }

    private static double[] abs(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.abs(values[i]);
        }
        return out;
    }
}
