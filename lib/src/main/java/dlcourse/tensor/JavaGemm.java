package dlcourse.tensor;

/**
 * The {@code java} back end of {@link MatMul}: C (+)= op(A) op(B) in plain Java, on one thread (the caller
 * splits rows of C over the cores). For machines without a native BLAS and without the Vector API.
 *
 * <p>What makes it fast, in order of effect: the loop order i-p-j streams through rows of B and C, so the
 * innermost loop is a contiguous "C row += a * B row" that the JIT compiles to vector instructions; and four
 * rows of C are updated together, so each row of B is loaded once for four rows. When op(B) = B^T, B is
 * transposed once into a scratch array (K N copies for M K N multiply-adds) so that its rows stream too.
 */
final class JavaGemm {
    private JavaGemm() {}

    /** Rows of C updated together by the kernel. */
    private static final int ROWS = 4;

    static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, int aOffset, int lda,
                     double[] b, int bOffset, int ldb, boolean accumulate, double[] c, int cOffset, int ldc) {
        if (transposeB) {
            // op(B)[p][j] = B[j][p]: one copy so that the kernel can stream rows of op(B)
            double[] bT = new double[k * n];
            for (int j = 0; j < n; j++) {
                int row = bOffset + j * ldb;
                for (int p = 0; p < k; p++) {
                    bT[p * n + j] = b[row + p];
                }
            }
            b = bT;
            bOffset = 0;
            ldb = n;
        }
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOffset + i * ldc, cOffset + i * ldc + n, 0.0);
            }
        }
        // op(A)[i][p] sits at a[aOffset + i * rowStride + p * colStride]
        int rowStride = transposeA ? 1 : lda;
        int colStride = transposeA ? lda : 1;
        int i = 0;
        for (; i + ROWS <= m; i += ROWS) {
            int c0 = cOffset + i * ldc;
            int c1 = c0 + ldc;
            int c2 = c1 + ldc;
            int c3 = c2 + ldc;
            for (int p = 0; p < k; p++) {
                int at = aOffset + i * rowStride + p * colStride;
                double a0 = a[at];
                double a1 = a[at + rowStride];
                double a2 = a[at + 2 * rowStride];
                double a3 = a[at + 3 * rowStride];
                int bRow = bOffset + p * ldb;
                for (int j = 0; j < n; j++) {
                    double bpj = b[bRow + j];
                    c[c0 + j] += a0 * bpj;
                    c[c1 + j] += a1 * bpj;
                    c[c2 + j] += a2 * bpj;
                    c[c3 + j] += a3 * bpj;
                }
            }
        }
        for (; i < m; i++) {
            int cRow = cOffset + i * ldc;
            for (int p = 0; p < k; p++) {
                double aip = a[aOffset + i * rowStride + p * colStride];
                int bRow = bOffset + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bRow + j];
                }
            }
        }
    }

    /**
     * The same kernel in float32 for {@link Precision#FLOAT32}: C = op(A) op(B), overwritten.
     */
    static void gemmSingle(boolean transposeA, boolean transposeB, int m, int n, int k, float[] a, int aOffset,
                           int lda, float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        if (transposeB) {
            float[] bT = new float[k * n];
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    bT[p * n + j] = b[bOffset + j * ldb + p];
                }
            }
            b = bT;
            bOffset = 0;
            ldb = n;
        }
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(c, cOffset + i * ldc, cOffset + i * ldc + n, 0.0f);
        }
        int rowStride = transposeA ? 1 : lda;
        int colStride = transposeA ? lda : 1;
        int i = 0;
        for (; i + ROWS <= m; i += ROWS) {
            int c0 = cOffset + i * ldc;
            int c1 = c0 + ldc;
            int c2 = c1 + ldc;
            int c3 = c2 + ldc;
            for (int p = 0; p < k; p++) {
                int at = aOffset + i * rowStride + p * colStride;
                float a0 = a[at];
                float a1 = a[at + rowStride];
                float a2 = a[at + 2 * rowStride];
                float a3 = a[at + 3 * rowStride];
                int bRow = bOffset + p * ldb;
                for (int j = 0; j < n; j++) {
                    float bpj = b[bRow + j];
                    c[c0 + j] += a0 * bpj;
                    c[c1 + j] += a1 * bpj;
                    c[c2 + j] += a2 * bpj;
                    c[c3 + j] += a3 * bpj;
                }
            }
        }
        for (; i < m; i++) {
            int cRow = cOffset + i * ldc;
            for (int p = 0; p < k; p++) {
                float aip = a[aOffset + i * rowStride + p * colStride];
                int bRow = bOffset + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bRow + j];
                }
            }
        }
    }
}
