package dlcourse.tensor;

/**
 * The one matrix multiply of the library: C = op(A) op(B), or C += op(A) op(B), on row-major arrays, where
 * op(X) is X or its transpose X^T. Every layer's product goes through here ({@link Tensor#matmul}, the
 * convolution's im2col products, the LSTM's gate products), so there is one place where the speed lives.
 *
 * <p><b>The text.</b> What it computes is the triple loop in {@link #reference}:
 * <pre>
 * for i in 0..M-1, for j in 0..N-1:  C[i][j] (+)= sum over p in 0..K-1 of op(A)[i][p] * op(B)[p][j]
 * </pre>
 * Shapes: op(A) is [M, K], op(B) is [K, N], C is [M, N]. Each matrix sits in its array at an offset with a
 * row stride ("leading dimension", as BLAS calls it), so a product can read and write a block of a bigger
 * array, e.g. one image of a batch, without copying it out.
 *
 * <p><b>The fast path.</b> The same product computed by a BLAS (Basic Linear Algebra Subprograms) library,
 * {@code dev.ludovic.netlib:blas}, through one of its back ends, chosen once when the class loads:
 * <ul>
 *   <li>{@code native}: the machine's own BLAS through JNI (Debian's package {@code libopenblas0-pthread}
 *       provides {@code libblas.so.3}); tens of GFLOPS per core, threaded by OpenBLAS itself;</li>
 *   <li>{@code vector}: netlib's Java implementation on the Vector API (needs the JVM option
 *       {@code --add-modules jdk.incubator.vector}), split over the cores by {@link Parallel};</li>
 *   <li>{@code java}: a plain Java loop blocked for the cache and the JIT (four rows of C at a time, the
 *       inner loop streaming along rows), split over the cores by {@link Parallel}; no option needed;</li>
 *   <li>{@code reference}: the triple loop itself, for checking and teaching.</li>
 * </ul>
 * By default the first of native, vector, java that works is used. The system property
 * {@code -Ddlcourse.matmul=reference|java|vector|native} forces one (in a notebook: {@code JJAVA_JVM_OPTS}); a
 * forced back end that cannot load fails with a message that says how to get it. {@link #backend()} and
 * {@code java -cp ... dlcourse.tensor.MatMulInfo} tell which one runs. Tests hold every back end equal to the
 * reference loop within the rounding that a different order of summation allows.
 *
 * <p><b>Precision.</b> In {@link Precision#FLOAT32} ({@code -Ddlcourse.precision=float32}) the same products
 * run in single precision: the operands are rounded to float32 (a {@link Tensor} stored in float64 keeps its
 * rounded copy, so a weight matrix is rounded once), the back end's {@code sgemm} multiplies them. The product
 * of two tensors ({@link Tensor#matmul}) is stored in float32; a product on raw float64 arrays (the
 * convolution's, the LSTM's) is stored back in float64, and one too small to pay for the rounding (fewer than
 * {@link #MULTIPLY_ADDS_PER_ROUNDED_VALUE} multiply-adds per value rounded) stays in float64. By default
 * ({@link Precision#FLOAT64}) nothing is rounded.
 *
 * <p><b>Threads.</b> The native BLAS starts its own threads (OpenBLAS: one per core), so the library never
 * calls {@code MatMul} from inside a {@link Parallel} loop with a product large enough for OpenBLAS to thread;
 * see {@link Parallel} for the one rule.
 */
public final class MatMul {
    private MatMul() {}

    /** The back ends, from the plain loop to the machine's BLAS. */
    public enum Backend {
        /** The triple loop of {@link MatMul#reference}. */
        REFERENCE,
        /** A plain Java loop blocked for the cache, split over the cores. */
        JAVA,
        /** netlib's Vector API implementation (JVM option {@code --add-modules jdk.incubator.vector}). */
        VECTOR,
        /** The machine's BLAS through JNI (OpenBLAS: {@code libopenblas0-pthread} on Debian/Ubuntu). */
        NATIVE;

        /** The name used by {@code -Ddlcourse.matmul=NAME}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The system property that forces a back end by name. */
    public static final String PROPERTY = "dlcourse.matmul";

    private static final Blas.Loaded ACTIVE = Blas.choose(System.getProperty(PROPERTY, "auto"));

    /** The back end that computes every product of this JVM. */
    public static Backend backend() {
        return ACTIVE.backend();
    }

    /** The back end and where it comes from, e.g. "native (libblas.so.3: .../openblas-pthread/libblas.so.3)". */
    public static String describeBackend() {
        return ACTIVE.backend().label() + " (" + ACTIVE.detail() + ")";
    }

    /** Whether {@code backend} can run in this JVM (for tests that compare back ends). */
    public static boolean available(Backend backend) {
        return Blas.load(backend).error() == null;
    }

    // ------------------------------------------------------------------------------------- the text

    /**
     * The reference: C (+)= op(A) op(B) by the triple loop. op(A)[i][p] is {@code a[aOffset + i*lda + p]}, or
     * {@code a[aOffset + p*lda + i]} when {@code transposeA}; likewise for B; C[i][j] is
     * {@code c[cOffset + i*ldc + j]}.
     */
    public static void reference(boolean transposeA, boolean transposeB, int m, int n, int k,
                                 double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                                 boolean accumulate, double[] c, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double aip = transposeA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    double bpj = transposeB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    sum += aip * bpj;
                }
                int at = cOffset + i * ldc + j;
                c[at] = accumulate ? c[at] + sum : sum;
            }
        }
    }

    // ------------------------------------------------------------------------------------- the fast path

    /**
     * C = op(A) op(B), or C += op(A) op(B) when {@code accumulate}, by the active back end; the arguments
     * mean what they mean in {@link #reference}. op(A) is [M, K], op(B) is [K, N], C is [M, N].
     */
    public static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k,
                            double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                            boolean accumulate, double[] c, int cOffset, int ldc) {
        check(transposeA, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOffset + i * ldc, cOffset + i * ldc + n, 0.0);
                }
            }
            return;
        }
        if (Precision.current() == Precision.FLOAT32 && worthRounding(m, n, k, true, true)) {
            single(ACTIVE.single(), transposeA, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, accumulate, c,
                    cOffset, ldc);
            return;
        }
        ACTIVE.blas().gemm(transposeA, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, accumulate, c,
                cOffset, ldc);
    }

    /**
     * C = op(A) op(B), or C += op(A) op(B) when {@code accumulate}, on float32 arrays, by the active back end's
     * sgemm: the product of the fast paths that keep their operands in float32 ({@link Precision#FLOAT32}). The
     * arguments mean what they mean in {@link #reference}.
     */
    public static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k,
                            float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                            boolean accumulate, float[] c, int cOffset, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("MatMul.gemm: sizes must not be negative, got M=" + m + ", N=" + n
                    + ", K=" + k);
        }
        requireFits("A", a.length, aOffset, lda, transposeA ? k : m, transposeA ? m : k);
        requireFits("B", b.length, bOffset, ldb, transposeB ? n : k, transposeB ? k : n);
        requireFits("C", c.length, cOffset, ldc, m, n);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOffset + i * ldc, cOffset + i * ldc + n, 0f);
                }
            }
            return;
        }
        if (!accumulate) {
            ACTIVE.single().gemm(transposeA, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
            return;
        }
        float[][] scratch = SCRATCH.get();
        if (scratch[2].length < m * n) {
            scratch[2] = new float[m * n];
        }
        float[] product = scratch[2];
        ACTIVE.single().gemm(transposeA, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, product, 0, n);
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] += product[i * n + j];
            }
        }
    }

    // ------------------------------------------------------------------------------------- float32

    /**
     * At least this many multiply-adds per value that a float32 product must round (an operand that is not an
     * {@link Operand}, and the result): below it the rounding and copying cost more than sgemm saves over dgemm
     * (dgemm does a multiply-add in about 0.02 ns here, sgemm in half that; rounding a value costs some 0.3 ns),
     * and the product runs in float64, which is never less accurate. LeNet-5's per-image convolution products
     * (6 x 784 x 25: 5 per value) stay in float64; the dense layers' (64 x 784 x 256: 48) and the LSTM's steps
     * (32 x 512 x 160: over 100) run in float32.
     */
    static final int MULTIPLY_ADDS_PER_ROUNDED_VALUE = 32;

    /** Whether a float32 product of this size pays for the rounding of the operands it must copy. */
    static boolean worthRounding(int m, int n, int k, boolean roundsA, boolean roundsB) {
        long rounded = (long) m * n + (roundsA ? (long) m * k : 0) + (roundsB ? (long) k * n : 0);
        return (long) m * n * k >= MULTIPLY_ADDS_PER_ROUNDED_VALUE * rounded;
    }

    /** Per-thread scratch arrays for the float32 operands and result, grown when needed and reused. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    /**
     * C (+)= op(A) op(B) in float32 ({@link Precision#FLOAT32}): op(A) and op(B) are rounded to float32 into
     * packed scratch arrays, multiplied by the back end's sgemm, and the float32 result is stored into (or
     * added to) C.
     */
    private static void single(Blas.Single single, boolean transposeA, boolean transposeB, int m, int n, int k,
                               double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                               boolean accumulate, double[] c, int cOffset, int ldc) {
        single(single, transposeA, transposeB, m, n, k, a, null, aOffset, lda, b, null, bOffset, ldb, accumulate, c,
                cOffset, ldc);
    }

    /** As above; an operand given as an {@link Operand} (not null) uses its float32 copy, made once, in place. */
    private static void single(Blas.Single single, boolean transposeA, boolean transposeB, int m, int n, int k,
                               double[] a, Operand aOperand, int aOffset, int lda, double[] b, Operand bOperand,
                               int bOffset, int ldb, boolean accumulate, double[] c, int cOffset, int ldc) {
        float[][] scratch = SCRATCH.get();
        float[] fa;
        float[] fb;
        int faOffset = 0;
        int fbOffset = 0;
        int faLd = transposeA ? m : k;
        int fbLd = transposeB ? k : n;
        if (aOperand != null) {
            fa = aOperand.single();
            faOffset = aOffset;
            faLd = lda;
        } else {
            fa = scratch[0] = pack(scratch[0], a, aOffset, lda, transposeA ? k : m, faLd);
        }
        if (bOperand != null) {
            fb = bOperand.single();
            fbOffset = bOffset;
            fbLd = ldb;
        } else {
            fb = scratch[1] = pack(scratch[1], b, bOffset, ldb, transposeB ? n : k, fbLd);
        }
        if (scratch[2].length < m * n) {
            scratch[2] = new float[m * n];
        }
        float[] fc = scratch[2];
        single.gemm(transposeA, transposeB, m, n, k, fa, faOffset, faLd, fb, fbOffset, fbLd, fc, 0, n);
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc;
            int from = i * n;
            if (accumulate) {
                for (int j = 0; j < n; j++) {
                    c[row + j] += fc[from + j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] = fc[from + j];
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------- operands used many times

    /**
     * A matrix that a run of products reads many times and that nobody changes meanwhile, such as the LSTM's
     * gate weights (read at every time step) or a convolution's filters (read for every image): in
     * {@link Precision#FLOAT32} it is rounded to float32 once, at its first product, not at every product.
     * Wrap a fresh array with {@link #of} and do not change it afterwards.
     */
    public static final class Operand {
        private final double[] values;
        private final Tensor tensor;
        private volatile float[] single;

        private Operand(double[] values, Tensor tensor) {
            this.values = values;
            this.tensor = tensor;
        }

        /** An operand over a tensor's values (row-major); its float32 copy is the tensor's own, kept with it. */
        public static Operand of(Tensor tensor) {
            if (tensor == null) {
                throw new IllegalArgumentException("MatMul.Operand.of: expected a tensor, got null");
            }
            return new Operand(tensor.rawData(), tensor);
        }

        /** An operand over {@code values}, which must not change while the operand is used. */
        public static Operand of(double[] values) {
            if (values == null) {
                throw new IllegalArgumentException("MatMul.Operand.of: expected an array, got null");
            }
            return new Operand(values, null);
        }

        /** The float64 values. */
        public double[] values() {
            return values;
        }

        float[] single() {
            if (tensor != null) {
                return tensor.singles();
            }
            float[] f = single;
            if (f == null) {
                f = new float[values.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) values[i];
                }
                single = f;
            }
            return f;
        }
    }

    /** {@link #gemm(boolean, boolean, int, int, int, double[], int, int, double[], int, int, boolean, double[], int,
     * int) gemm} with A an {@link Operand}. */
    public static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k,
                            Operand a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                            boolean accumulate, double[] c, int cOffset, int ldc) {
        if (Precision.current() != Precision.FLOAT32 || m == 0 || n == 0 || k == 0
                || !worthRounding(m, n, k, false, true)) {
            gemm(transposeA, transposeB, m, n, k, a.values, aOffset, lda, b, bOffset, ldb, accumulate, c, cOffset, ldc);
            return;
        }
        check(transposeA, transposeB, m, n, k, a.values, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        single(ACTIVE.single(), transposeA, transposeB, m, n, k, null, a, aOffset, lda, b, null, bOffset, ldb,
                accumulate, c, cOffset, ldc);
    }

    /** {@link #gemm(boolean, boolean, int, int, int, double[], int, int, double[], int, int, boolean, double[], int,
     * int) gemm} with B an {@link Operand}. */
    public static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k,
                            double[] a, int aOffset, int lda, Operand b, int bOffset, int ldb,
                            boolean accumulate, double[] c, int cOffset, int ldc) {
        if (Precision.current() != Precision.FLOAT32 || m == 0 || n == 0 || k == 0
                || !worthRounding(m, n, k, true, false)) {
            gemm(transposeA, transposeB, m, n, k, a, aOffset, lda, b.values, bOffset, ldb, accumulate, c, cOffset, ldc);
            return;
        }
        check(transposeA, transposeB, m, n, k, a, aOffset, lda, b.values, bOffset, ldb, c, cOffset, ldc);
        single(ACTIVE.single(), transposeA, transposeB, m, n, k, a, null, aOffset, lda, null, b, bOffset, ldb,
                accumulate, c, cOffset, ldc);
    }

    /**
     * op(A) op(B) in float32 into a new float32 array [M, N], for whole row-major operands already rounded to
     * float32 (op(A) [M, K], op(B) [K, N]): the product of two tensors in {@link Precision#FLOAT32}, whose result
     * stays in float32.
     */
    static float[] productSingle(boolean transposeA, boolean transposeB, int m, int n, int k, float[] a, float[] b) {
        if (m == 0 || n == 0 || k == 0) {
            return new float[m * n];
        }
        float[] c = Float32Memory.take(m * n);   // overwritten whole by the product
        ACTIVE.single().gemm(transposeA, transposeB, m, n, k, a, 0, transposeA ? m : k, b, 0, transposeB ? k : n, c,
                0, n);
        return c;
    }

    /** A rows x cols block of {@code source} (row stride ld) rounded to float32, packed row by row (into {@code into}
     * when it is large enough). */
    private static float[] pack(float[] into, double[] source, int offset, int ld, int rows, int cols) {
        float[] out = into.length >= rows * cols ? into : new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            int from = offset + i * ld;
            int to = i * cols;
            for (int j = 0; j < cols; j++) {
                out[to + j] = (float) source[from + j];
            }
        }
        return out;
    }

    /** The reference in float32 on packed operands: the triple loop summing in float. */
    static void referenceSingle(boolean transposeA, boolean transposeB, int m, int n, int k, float[] a, int aOffset,
                                int lda, float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    float aip = transposeA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    float bpj = transposeB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    sum += aip * bpj;
                }
                c[cOffset + i * ldc + j] = sum;
            }
        }
    }

    /** C = A B into a new array: A row-major [M, K], B row-major [K, N], C row-major [M, N]. */
    public static double[] multiply(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        gemm(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n);
        return c;
    }

    /** C = A^T B into a new array without forming A^T: A row-major [K, M], B [K, N], C [M, N]. */
    public static double[] multiplyTransposeA(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        gemm(true, false, m, n, k, a, 0, m, b, 0, n, false, c, 0, n);
        return c;
    }

    /** C = A B^T into a new array without forming B^T: A row-major [M, K], B [N, K], C [M, N]. */
    public static double[] multiplyTransposeB(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        gemm(false, true, m, n, k, a, 0, k, b, 0, k, false, c, 0, n);
        return c;
    }

    /** The product by a named back end in the current {@link Precision}, for tests that hold each back end equal to
     * the reference. */
    static void gemmWith(Backend backend, boolean transposeA, boolean transposeB, int m, int n, int k,
                         double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                         boolean accumulate, double[] c, int cOffset, int ldc) {
        check(transposeA, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        Blas.Loaded loaded = Blas.load(backend);
        if (loaded.error() != null) {
            throw new IllegalStateException(loaded.error());
        }
        if (Precision.current() == Precision.FLOAT32) {
            single(loaded.single(), transposeA, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, accumulate, c,
                    cOffset, ldc);
            return;
        }
        loaded.blas().gemm(transposeA, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, accumulate, c,
                cOffset, ldc);
    }

    /** Bad sizes or strides fail here with a message that names them, before any back end reads memory. */
    private static void check(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, int aOffset,
                              int lda, double[] b, int bOffset, int ldb, double[] c, int cOffset, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("MatMul.gemm: sizes must not be negative, got M=" + m + ", N=" + n
                    + ", K=" + k);
        }
        requireFits("A", a, aOffset, lda, transposeA ? k : m, transposeA ? m : k);
        requireFits("B", b, bOffset, ldb, transposeB ? n : k, transposeB ? k : n);
        requireFits("C", c, cOffset, ldc, m, n);
    }

    /**
     * A matrix of {@code rows} x {@code cols} stored from {@code offset} with row stride {@code ld} must fit its
     * array, counting whole rows: offset + rows * ld values, as netlib checks it.
     */
    private static void requireFits(String name, double[] array, int offset, int ld, int rows, int cols) {
        requireFits(name, array.length, offset, ld, rows, cols);
    }

    /** {@link #requireFits(String, double[], int, int, int, int)} for an array of {@code length} values. */
    private static void requireFits(String name, int length, int offset, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (ld < cols) {
            throw new IllegalArgumentException("MatMul.gemm: " + name + " is stored as " + rows + " x " + cols
                    + " but its row stride is " + ld + "; the row stride must be at least " + cols);
        }
        long end = offset + (long) rows * ld;
        if (offset < 0 || end > length) {
            throw new IllegalArgumentException("MatMul.gemm: " + name + " (" + rows + " x " + cols + " at offset "
                    + offset + ", row stride " + ld + ") needs " + end + " values but its array has "
                    + length);
        }
    }
}
