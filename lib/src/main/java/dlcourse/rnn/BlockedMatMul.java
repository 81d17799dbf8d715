package dlcourse.rnn;

import java.util.stream.IntStream;

/**
 * Fast path only: C = A B on row-major arrays, blocked for the cache, for {@link FusedLstm}. Shapes: A is
 * [M, K], B is [K, N], C is [M, N]; the reference is the triple loop C[i][j] = sum over p of A[i][p] B[p][j]
 * in {@link dlcourse.tensor.Tensor#matmul}, and a test holds the two equal.
 *
 * <p>Two ideas: K is cut into blocks of {@link #K_BLOCK} rows of B, so that the block stays in the cache
 * while every row of A passes over it; and four rows of C are updated together, so each value of B read from
 * memory serves four multiply-adds. Blocks of rows of C go to different threads.
 *
 * <p>This sits beside the shared {@code MatMul} while that one is the simple version; once it is as fast,
 * FusedLstm can call it instead.
 */
final class BlockedMatMul {
    private BlockedMatMul() {}

    /** Rows of B per cache block: 64 rows of 512 doubles are 256 KiB. */
    private static final int K_BLOCK = 64;
    /** Products below this many multiply-adds stay on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 18;

    /** C = A B into a new array. */
    static double[] multiply(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        int quads = (m + 3) / 4;
        int threads = (long) m * k * n < PARALLEL_THRESHOLD ? 1
                : Math.min(quads, Runtime.getRuntime().availableProcessors());
        if (threads == 1) {
            multiplyRows(a, b, c, 0, m, k, n);
        } else {
            IntStream.range(0, threads).parallel().forEach(part -> {
                int from = 4 * (int) ((long) quads * part / threads);
                int to = Math.min(m, 4 * (int) ((long) quads * (part + 1) / threads));
                multiplyRows(a, b, c, from, to, k, n);
            });
        }
        return c;
    }

    /** C = A^T B into a new array, for A [K, M] (so A^T is [M, K]) and B [K, N]. */
    static double[] multiplyTransposedA(double[] a, double[] b, int m, int k, int n) {
        return multiply(transpose(a, k, m), b, m, k, n);
    }

    /** The transpose of a row-major [rows, cols] array. */
    static double[] transpose(double[] a, int rows, int cols) {
        double[] out = new double[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = a[r * cols + c];
            }
        }
        return out;
    }

    /** Rows [from, to) of C, K block by K block, four rows at a time. */
    private static void multiplyRows(double[] a, double[] b, double[] c, int from, int to, int k, int n) {
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            int i = from;
            for (; i + 3 < to; i += 4) {
                int c0 = i * n;
                int c1 = c0 + n;
                int c2 = c1 + n;
                int c3 = c2 + n;
                for (int p = p0; p < p1; p++) {
                    double a0 = a[i * k + p];
                    double a1 = a[(i + 1) * k + p];
                    double a2 = a[(i + 2) * k + p];
                    double a3 = a[(i + 3) * k + p];
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
                for (int p = p0; p < p1; p++) {
                    double aip = a[i * k + p];
                    int bRow = p * n;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bRow + j];
                    }
                }
            }
        }
    }
}
