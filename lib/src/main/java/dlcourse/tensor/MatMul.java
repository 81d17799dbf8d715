package dlcourse.tensor;

import java.util.stream.IntStream;

/**
 * The fast path behind {@link Tensor#matmul}: C = A B on row-major arrays, split over the machine's cores.
 *
 * <p>The reference version is the triple loop in the Javadoc of {@link Tensor#matmul}; a test holds the two
 * equal. Shapes: A is [M, K], B is [K, N], C is [M, N].
 */
public final class MatMul {
    private MatMul() {}

    /** Rows of C below this many multiply-adds are computed on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 16;

    /**
     * Computes C = A B into a new array.
     *
     * @param a A, row-major [M, K]
     * @param b B, row-major [K, N]
     * @return C, row-major [M, N]
     */
    public static double[] multiply(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        if ((long) m * k * n < PARALLEL_THRESHOLD || m < 2) {
            multiplyRows(a, b, c, 0, m, k, n);
        } else {
            int chunks = Math.min(m, 4 * Runtime.getRuntime().availableProcessors());
            IntStream.range(0, chunks).parallel().forEach(chunk -> {
                int from = (int) ((long) m * chunk / chunks);
                int to = (int) ((long) m * (chunk + 1) / chunks);
                multiplyRows(a, b, c, from, to, k, n);
            });
        }
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
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < m; i++) {
                double api = a[p * m + i];
                if (api == 0.0) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += api * b[p * n + j];
                }
            }
        }
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
        double[] bT = new double[k * n];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                bT[p * n + j] = b[j * k + p];
            }
        }
        return multiply(a, bT, m, k, n);
    }

    /** C[i, :] += A[i, p] * B[p, :] for rows i in [from, to): the i-p-j order streams through B's rows. */
    private static void multiplyRows(double[] a, double[] b, double[] c, int from, int to, int k, int n) {
        for (int i = from; i < to; i++) {
            int cRow = i * n;
            for (int p = 0; p < k; p++) {
                double aip = a[i * k + p];
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
