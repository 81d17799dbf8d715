package dlcourse.cnn;

import dlcourse.tensor.Tensor;
import java.util.stream.IntStream;

/**
 * The fast path of {@link Conv2d}: im2col and matrix products on row-major arrays, spread over the cores.
 * The readable version is {@link Conv2d#forwardLoops} / {@link Conv2d#backwardLoops}; a test holds them equal.
 *
 * <p>The idea: for a group of G images, unroll every KH x KW x C patch the filters look at into one column of
 * a matrix {@code cols} [K, L] with K = C KH KW and L = G OH OW. A filter is a row of W viewed as [F, K], so
 * the whole convolution of the group is one product
 * <pre>
 * out [F, L] = W [F, K] cols [K, L] + b          (forward)
 * dW  [F, K] += dY [F, L] cols^T [L, K]           (backward, weights)
 * dcols [K, L] = W^T [K, F] dY [F, L]             (backward, input; col2im adds dcols back into dX)
 * </pre>
 * Groups of images are independent, so they run in parallel, one accumulator of dW per worker. Group sizes
 * keep L near a few hundred columns: long enough rows for the inner loops to vectorise, small enough that the
 * matrices of one group stay in the cache. Mentioned in
 * {@code notebooks/08-convolution-and-pooling.ipynb} (section "Convolution as a sliding dot product", after the loops).
 */
final class Im2col {
    private Im2col() {}

    /** Aim for about this many columns L per group of images. */
    private static final int TARGET_COLUMNS = 512;
    /** Below this many weights per filter, dW is computed by dot products instead of a transposed product. */
    private static final int DOT_PRODUCT_BELOW_K = 64;

    /** dX [N, C, H, W], dW [F, C, KH, KW] and db [F] of one backward pass. */
    record ConvGradients(Tensor dX, Tensor dW, Tensor db) {}

    /** All the sizes of one convolution, and how images are grouped. */
    private record Sizes(int n, int c, int h, int w, int f, int kh, int kw, int outH, int outW, int stride, int top,
                         int left, int imagesPerGroup, int groups) {
        int k() {
            return c * kh * kw;
        }

        int outArea() {
            return outH * outW;
        }

        int firstImage(int group) {
            return group * imagesPerGroup;
        }

        int imagesIn(int group) {
            return Math.min(imagesPerGroup, n - group * imagesPerGroup);
        }

        static Sizes of(Tensor x, Tensor W, int stride, Padding.Geometry g) {
            int n = x.dim(0);
            int outArea = g.outH() * g.outW();
            int workers = Runtime.getRuntime().availableProcessors();
            int perGroup = Math.max(1, (TARGET_COLUMNS + outArea - 1) / outArea);
            // at least one group per worker when the batch allows, so that no core waits
            perGroup = Math.max(1, Math.min(perGroup, (n + workers - 1) / workers));
            int groups = (n + perGroup - 1) / perGroup;
            return new Sizes(n, x.dim(1), x.dim(2), x.dim(3), W.dim(0), W.dim(2), W.dim(3), g.outH(), g.outW(),
                    stride, g.top(), g.left(), perGroup, groups);
        }
    }

    // ------------------------------------------------------------------------------------- forward

    static Tensor convForward(Tensor x, Tensor W, Tensor b, int stride, Padding.Geometry g) {
        Sizes s = Sizes.of(x, W, stride, g);
        double[] X = x.rawData();
        double[][] w = rows(W.rawData(), s.f(), s.k());
        double[] bias = b.rawData();
        double[] Y = new double[s.n() * s.f() * s.outArea()];
        forEachWorker(s.groups(), (from, to) -> {
            for (int group = from; group < to; group++) {
                int n0 = s.firstImage(group);
                int count = s.imagesIn(group);
                int L = count * s.outArea();
                double[][] cols = im2col(X, s, n0, count);
                double[][] out = new double[s.f()][L];
                for (int f = 0; f < s.f(); f++) {
                    java.util.Arrays.fill(out[f], bias[f]);
                }
                // out [F, L] = W [F, K] cols [K, L] + b
                multiplyAdd(w, cols, out);
                // out is [F, (image, y, x)]; Y is [(image, F), (y, x)]
                for (int i = 0; i < count; i++) {
                    for (int f = 0; f < s.f(); f++) {
                        System.arraycopy(out[f], i * s.outArea(), Y, ((n0 + i) * s.f() + f) * s.outArea(), s.outArea());
                    }
                }
            }
        });
        return Tensor.wrap(Y, s.n(), s.f(), s.outH(), s.outW());
    }

    // ------------------------------------------------------------------------------------- backward

    /** The gradients; dX is null when {@code inputGradient} is false (the first layer of a network needs none). */
    static ConvGradients convBackward(Tensor x, Tensor W, Tensor dY, int stride, Padding.Geometry g,
                                      boolean inputGradient) {
        Sizes s = Sizes.of(x, W, stride, g);
        double[] X = x.rawData();
        double[][] wT = transpose(rows(W.rawData(), s.f(), s.k()));
        double[] dYData = dY.rawData();
        double[] dX = inputGradient ? new double[X.length] : null;
        int workers = Math.min(s.groups(), Runtime.getRuntime().availableProcessors());
        double[][][] dWPerWorker = new double[workers][s.f()][s.k()];
        double[][] dbPerWorker = new double[workers][s.f()];
        IntStream.range(0, workers).parallel().forEach(worker -> {
            double[][] dW = dWPerWorker[worker];
            double[] db = dbPerWorker[worker];
            int from = (int) ((long) s.groups() * worker / workers);
            int to = (int) ((long) s.groups() * (worker + 1) / workers);
            for (int group = from; group < to; group++) {
                int n0 = s.firstImage(group);
                int count = s.imagesIn(group);
                int L = count * s.outArea();
                // dYc [F, L], the group's dY in the layout of out
                double[][] dYc = new double[s.f()][L];
                for (int i = 0; i < count; i++) {
                    for (int f = 0; f < s.f(); f++) {
                        System.arraycopy(dYData, ((n0 + i) * s.f() + f) * s.outArea(), dYc[f], i * s.outArea(),
                                s.outArea());
                    }
                }
                // db[f] = sum of dY over images and positions
                for (int f = 0; f < s.f(); f++) {
                    for (int j = 0; j < L; j++) {
                        db[f] += dYc[f][j];
                    }
                }
                // dW [F, K] += dY [F, L] cols^T [L, K]
                if (s.k() >= DOT_PRODUCT_BELOW_K) {
                    // long filters: rows of patches [L, K] make this a product whose inner loop runs along K
                    multiplyAdd(dYc, patches(X, s, n0, count), dW);
                } else {
                    // short filters (C1's 25 weights): dot products of the rows of dY and cols
                    multiplyAddTransposed(dYc, im2col(X, s, n0, count), dW);
                }
                if (inputGradient) {
                    // dcols [K, L] = W^T [K, F] dY [F, L]; col2im adds each column back where im2col took it from
                    double[][] dcols = new double[s.k()][L];
                    multiplyAdd(wT, dYc, dcols);
                    col2im(dcols, s, n0, count, dX);
                }
            }
        });
        double[] dW = new double[s.f() * s.k()];
        double[] db = new double[s.f()];
        for (int worker = 0; worker < workers; worker++) {
            for (int f = 0; f < s.f(); f++) {
                for (int k = 0; k < s.k(); k++) {
                    dW[f * s.k() + k] += dWPerWorker[worker][f][k];
                }
                db[f] += dbPerWorker[worker][f];
            }
        }
        return new ConvGradients(inputGradient ? Tensor.wrap(dX, x.shape()) : null, Tensor.wrap(dW, W.shape()),
                Tensor.wrap(db, s.f()));
    }

    // ------------------------------------------------------------------------------------- im2col / col2im

    /**
     * cols[k][i*OH*OW + oy*OW + ox] = X[n0 + i, c, oy*s + ky - top, ox*s + kx - left] with k = (c*KH + ky)*KW + kx,
     * zero where that cell is padding: [K, L] for the {@code count} images from n0.
     */
    private static double[][] im2col(double[] X, Sizes s, int n0, int count) {
        double[][] cols = new double[s.k()][count * s.outArea()];
        for (int c = 0; c < s.c(); c++) {
            for (int ky = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++) {
                    double[] row = cols[(c * s.kh() + ky) * s.kw() + kx];
                    int oxFrom = firstInside(kx - s.left(), s.stride());
                    int oxTo = Math.min(s.outW(), lastInside(kx - s.left(), s.stride(), s.w()) + 1);
                    for (int i = 0; i < count; i++) {
                        int imageStart = ((n0 + i) * s.c() + c) * s.h();
                        for (int oy = 0; oy < s.outH(); oy++) {
                            int iy = oy * s.stride() + ky - s.top();
                            if (iy < 0 || iy >= s.h()) {
                                continue;
                            }
                            int src = (imageStart + iy) * s.w() + kx - s.left();
                            int dst = i * s.outArea() + oy * s.outW();
                            if (s.stride() == 1) {
                                if (oxTo > oxFrom) {
                                    System.arraycopy(X, src + oxFrom, row, dst + oxFrom, oxTo - oxFrom);
                                }
                            } else {
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    row[dst + ox] = X[src + ox * s.stride()];
                                }
                            }
                        }
                    }
                }
            }
        }
        return cols;
    }

    /**
     * The transpose of {@link #im2col}, built directly: patches[i*OH*OW + oy*OW + ox][k] with the same k, one
     * row per output position holding the K = C KH KW input values its window sees.
     */
    private static double[][] patches(double[] X, Sizes s, int n0, int count) {
        double[][] patches = new double[count * s.outArea()][s.k()];
        int l = 0;
        for (int i = 0; i < count; i++) {
            for (int oy = 0; oy < s.outH(); oy++) {
                for (int ox = 0; ox < s.outW(); ox++, l++) {
                    double[] patch = patches[l];
                    int iy0 = oy * s.stride() - s.top();
                    int ix0 = ox * s.stride() - s.left();
                    if (iy0 >= 0 && iy0 + s.kh() <= s.h() && ix0 >= 0 && ix0 + s.kw() <= s.w()) {
                        // the window lies inside the image (always, with VALID padding): copy rows of KW values
                        int k = 0;
                        for (int c = 0; c < s.c(); c++) {
                            int src = (((n0 + i) * s.c() + c) * s.h() + iy0) * s.w() + ix0;
                            for (int ky = 0; ky < s.kh(); ky++, src += s.w()) {
                                for (int kx = 0; kx < s.kw(); kx++) {
                                    patch[k++] = X[src + kx];
                                }
                            }
                        }
                        continue;
                    }
                    int k = 0;
                    for (int c = 0; c < s.c(); c++) {
                        int imageStart = ((n0 + i) * s.c() + c) * s.h();
                        for (int ky = 0; ky < s.kh(); ky++) {
                            int iy = iy0 + ky;
                            if (iy < 0 || iy >= s.h()) {
                                k += s.kw();
                                continue;
                            }
                            int rowStart = (imageStart + iy) * s.w();
                            for (int kx = 0; kx < s.kw(); kx++, k++) {
                                int ix = ix0 + kx;
                                if (ix >= 0 && ix < s.w()) {
                                    patch[k] = X[rowStart + ix];
                                }
                            }
                        }
                    }
                }
            }
        }
        return patches;
    }

    /** The reverse of im2col: dX[n0 + i, c, iy, ix] += dcols[k][...] for every place that cell was copied to. */
    private static void col2im(double[][] dcols, Sizes s, int n0, int count, double[] dX) {
        for (int c = 0; c < s.c(); c++) {
            for (int ky = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++) {
                    double[] row = dcols[(c * s.kh() + ky) * s.kw() + kx];
                    int oxFrom = firstInside(kx - s.left(), s.stride());
                    int oxTo = Math.min(s.outW(), lastInside(kx - s.left(), s.stride(), s.w()) + 1);
                    for (int i = 0; i < count; i++) {
                        int imageStart = ((n0 + i) * s.c() + c) * s.h();
                        for (int oy = 0; oy < s.outH(); oy++) {
                            int iy = oy * s.stride() + ky - s.top();
                            if (iy < 0 || iy >= s.h()) {
                                continue;
                            }
                            int dstX = (imageStart + iy) * s.w() + kx - s.left();
                            int src = i * s.outArea() + oy * s.outW();
                            if (s.stride() == 1) { // contiguous: a loop the JIT vectorises
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    dX[dstX + ox] += row[src + ox];
                                }
                            } else {
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    dX[dstX + ox * s.stride()] += row[src + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The first ox with ox*s + offset >= 0. */
    private static int firstInside(int offset, int stride) {
        return offset >= 0 ? 0 : (-offset + stride - 1) / stride;
    }

    /** The last ox with ox*s + offset <= width - 1 (may be negative: none). */
    private static int lastInside(int offset, int stride, int width) {
        return Math.floorDiv(width - 1 - offset, stride);
    }

    // ------------------------------------------------------------------------------------- kernels

    /**
     * C [M][L] += A [M][P] B [P][L], rows as separate arrays. Four rows of C at a time share each load of a
     * row of B, and the inner loop over j runs along rows, where the JIT uses vector instructions.
     */
    private static void multiplyAdd(double[][] A, double[][] B, double[][] C) {
        int m = 0;
        for (; m + 3 < C.length; m += 4) {
            double[] c0 = C[m];
            double[] c1 = C[m + 1];
            double[] c2 = C[m + 2];
            double[] c3 = C[m + 3];
            for (int p = 0; p < B.length; p++) {
                double a0 = A[m][p];
                double a1 = A[m + 1][p];
                double a2 = A[m + 2][p];
                double a3 = A[m + 3][p];
                double[] b = B[p];
                for (int j = 0; j < b.length; j++) {
                    double v = b[j];
                    c0[j] += a0 * v;
                    c1[j] += a1 * v;
                    c2[j] += a2 * v;
                    c3[j] += a3 * v;
                }
            }
        }
        for (; m < C.length; m++) {
            double[] c0 = C[m];
            for (int p = 0; p < B.length; p++) {
                double a0 = A[m][p];
                double[] b = B[p];
                for (int j = 0; j < b.length; j++) {
                    c0[j] += a0 * b[j];
                }
            }
        }
    }

    /**
     * C [M][P] += A [M][L] B^T with B [P][L]: dot products of rows, two rows of A by two rows of B at a time
     * (four independent sums). Better than {@link #multiplyAdd} on a transposed B when P is short.
     */
    private static void multiplyAddTransposed(double[][] A, double[][] B, double[][] C) {
        int m = 0;
        for (; m < C.length; m += 2) {
            boolean pairM = m + 1 < C.length;
            double[] a0 = A[m];
            double[] a1 = pairM ? A[m + 1] : A[m];
            for (int p = 0; p < B.length; p += 2) {
                boolean pairP = p + 1 < B.length;
                double[] b0 = B[p];
                double[] b1 = pairP ? B[p + 1] : B[p];
                double s00 = 0;
                double s01 = 0;
                double s10 = 0;
                double s11 = 0;
                for (int j = 0; j < a0.length; j++) {
                    double x0 = a0[j];
                    double x1 = a1[j];
                    double y0 = b0[j];
                    double y1 = b1[j];
                    s00 += x0 * y0;
                    s01 += x0 * y1;
                    s10 += x1 * y0;
                    s11 += x1 * y1;
                }
                C[m][p] += s00;
                if (pairP) {
                    C[m][p + 1] += s01;
                }
                if (pairM) {
                    C[m + 1][p] += s10;
                    if (pairP) {
                        C[m + 1][p + 1] += s11;
                    }
                }
            }
        }
    }

    /** A flat row-major [rows, cols] array as rows. */
    private static double[][] rows(double[] flat, int rows, int cols) {
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = java.util.Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
        return out;
    }

    /** The transpose of a matrix held as rows. */
    private static double[][] transpose(double[][] a) {
        int cols = a.length == 0 ? 0 : a[0].length;
        double[][] t = new double[cols][a.length];
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < cols; c++) {
                t[c][r] = a[r][c];
            }
        }
        return t;
    }

    /** Runs body(from, to) over [0, groups) split between the cores. */
    private static void forEachWorker(int groups, GroupRange body) {
        int workers = Math.min(groups, Runtime.getRuntime().availableProcessors());
        if (workers <= 1) {
            body.run(0, groups);
            return;
        }
        IntStream.range(0, workers).parallel().forEach(worker -> body.run(
                (int) ((long) groups * worker / workers), (int) ((long) groups * (worker + 1) / workers)));
    }

    @FunctionalInterface
    private interface GroupRange {
        void run(int from, int to);
    }
}
