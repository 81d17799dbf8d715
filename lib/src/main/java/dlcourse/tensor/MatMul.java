package dlcourse.tensor;

import java.util.stream.IntStream;

/**
 * The fast path behind {@link Tensor#matmul}, {@link Tensor#matmulTransposeA} and
 * {@link Tensor#matmulTransposeB}: C = A B on row-major arrays, split over the machine's cores.
 *
 * <p>The reference version is the triple loop in the Javadoc of {@link Tensor#matmul}; a test holds all three
 * equal to it. Shapes: A is [M, K], B is [K, N], C is [M, N].
 *
 * <p>What makes it fast, in order of effect: the loop order i-p-j streams through rows of B and C, so the
 * innermost loop is a contiguous "C row += a * B row" that the JIT compiles to vector instructions; four
 * rows of C are updated together, so each row of B is loaded once for four rows (a 4 x N register block,
 * about 1.35 times faster than one row at a time on this course's machines); and blocks of rows of C are
 * computed on separate cores (the common fork-join pool). The sums are accumulated in the same order as
 * the reference loop, p = 0, 1, ..., K-1, so results are identical to it for finite inputs.
 *
 * <p>One shortcut: where A's entries are 0 (most pixels of a digit, dead ReLUs) their products are not added
 * at all. For finite B that changes nothing, since adding 0 * b = 0 leaves a sum that started at +0 exactly
 * as it was, and it makes first layers on MNIST markedly faster. For non-finite B it differs from the
 * reference loop: there 0 * NaN = NaN and 0 * Infinity = NaN reach C, here they are skipped, so
 * [0, 1] x [NaN; 1] gives 1 rather than NaN. A NaN in the weights still shows wherever an input is nonzero.
 */
public final class MatMul {
    private MatMul() {}

    /** Products below this many multiply-adds are computed on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 16;

    /** Rows of C updated together by the kernel. */
    private static final int ROWS = 4;

    /**
     * Computes C = A B into a new array.
     *
     * @param a A, row-major [M, K]
     * @param b B, row-major [K, N]
     * @return C, row-major [M, N]
     */
    public static double[] multiply(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        // A[i, p] sits at a[i * k + p]: row stride k, column stride 1
        forRowBlocks(m, k, n, (from, to) -> kernel(a, k, 1, b, c, from, to, k, n));
        return c;
    }

    /**
     * Computes C = A^T B into a new array without forming A^T.
     *
     * @param a A, row-major [K, M]
     * @param b B, row-major [K, N]
     * @return C, row-major [M, N]
     */
    public static double[] multiplyTransposeA(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        // (A^T)[i, p] = A[p, i] sits at a[p * m + i]: row stride 1, column stride m
        forRowBlocks(m, k, n, (from, to) -> kernel(a, 1, m, b, c, from, to, k, n));
        return c;
    }

    /**
     * Computes C = A B^T into a new array.
     *
     * @param a A, row-major [M, K]
     * @param b B, row-major [N, K]
     * @return C, row-major [M, N]
     */
    public static double[] multiplyTransposeB(double[] a, double[] b, int m, int k, int n) {
        // one transpose of B (K * N copies) buys the streaming kernel for the M * K * N multiply-adds
        double[] bT = new double[k * n];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                bT[p * n + j] = b[j * k + p];
            }
        }
        return multiply(a, bT, m, k, n);
    }

    private interface RowBlock {
        void compute(int from, int to);
    }

    /** Runs {@code block} over row ranges of C, in parallel when the product is large enough. */
    private static void forRowBlocks(int m, int k, int n, RowBlock block) {
        int cores = Runtime.getRuntime().availableProcessors();
        if ((long) m * k * n < PARALLEL_THRESHOLD || m < 2 * ROWS || cores == 1) {
            block.compute(0, m);
            return;
        }
        // about two blocks per core, each a multiple of the kernel's 4 rows
        int blocks = Math.min(2 * cores, (m + ROWS - 1) / ROWS);
        int rowsPerBlock = ((m + blocks - 1) / blocks + ROWS - 1) / ROWS * ROWS;
        int count = (m + rowsPerBlock - 1) / rowsPerBlock;
        IntStream.range(0, count).parallel().forEach(t -> {
            int from = t * rowsPerBlock;
            block.compute(from, Math.min(m, from + rowsPerBlock));
        });
    }

    /**
     * C[i, :] = sum over p of A'[i, p] * B[p, :] for rows i in [from, to), where A'[i, p] is
     * a[i * rowStride + p * colStride] (A itself, or A^T read in place).
     */
    private static void kernel(double[] a, int rowStride, int colStride, double[] b, double[] c, int from, int to,
                               int k, int n) {
        int i = from;
        for (; i + ROWS <= to; i += ROWS) {
            int c0 = i * n;
            int c1 = c0 + n;
            int c2 = c1 + n;
            int c3 = c2 + n;
            for (int p = 0; p < k; p++) {
                int at = i * rowStride + p * colStride;
                double a0 = a[at];
                double a1 = a[at + rowStride];
                double a2 = a[at + 2 * rowStride];
                double a3 = a[at + 3 * rowStride];
                if (a0 == 0.0 && a1 == 0.0 && a2 == 0.0 && a3 == 0.0) {
                    continue; // nothing to add: most pixels of a digit are 0, and so are dead ReLUs
                }
                int bRow = p * n;
                for (int j = 0; j < n; j++) {
                    double bpj = b[bRow + j];
                    c[c0 + j] += a0 * bpj;
                    c[c1 + j] += a1 * bpj;
                    c[c2 + j] += a2 * bpj;
                    c[c3 + j] += a3 * bpj;
                }
            }
        }
        for (; i < to; i++) {
            int cRow = i * n;
            for (int p = 0; p < k; p++) {
                double aip = a[i * rowStride + p * colStride];
                if (aip == 0.0) {
                    continue;
                }
                int bRow = p * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bRow + j];
                }
            }
        }
    }
}
