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
 * matrices of one group stay in the cache. Taught in notebook {@code 08-convolutional-networks}, section
 * "Making convolution fast".
 */
final class Im2col {
    private Im2col() {}

    /** Aim for about this many columns L per group of images. */
    private static final int TARGET_COLUMNS = 512;

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
            // at least two groups per worker when the batch allows, so that no core waits
            perGroup = Math.max(1, Math.min(perGroup, (n + 2 * workers - 1) / (2 * workers)));
            int groups = (n + perGroup - 1) / perGroup;
            return new Sizes(n, x.dim(1), x.dim(2), x.dim(3), W.dim(0), W.dim(2), W.dim(3), g.outH(), g.outW(),
                    stride, g.top(), g.left(), perGroup, groups);
        }
    }

    // ------------------------------------------------------------------------------------- forward

    static Tensor convForward(Tensor x, Tensor W, Tensor b, int stride, Padding.Geometry g) {
        Sizes s = Sizes.of(x, W, stride, g);
        double[] X = x.rawData();
        double[] w = W.rawData();
        double[] bias = b.rawData();
        double[] Y = new double[s.n() * s.f() * s.outArea()];
        forEachWorker(s.groups(), (from, to) -> {
            for (int group = from; group < to; group++) {
                int n0 = s.firstImage(group);
                int count = s.imagesIn(group);
                int L = count * s.outArea();
                double[] cols = new double[s.k() * L];
                im2col(X, s, n0, count, cols);
                double[] out = new double[s.f() * L];
                // out [F, L] = W [F, K] cols [K, L] + b
                for (int f = 0; f < s.f(); f++) {
                    java.util.Arrays.fill(out, f * L, (f + 1) * L, bias[f]);
                    for (int k = 0; k < s.k(); k++) {
                        axpy(w[f * s.k() + k], cols, k * L, out, f * L, L);
                    }
                }
                // out is [F, (image, y, x)]; Y is [(image, F), (y, x)]
                for (int i = 0; i < count; i++) {
                    for (int f = 0; f < s.f(); f++) {
                        System.arraycopy(out, f * L + i * s.outArea(), Y, ((n0 + i) * s.f() + f) * s.outArea(),
                                s.outArea());
                    }
                }
            }
        });
        return Tensor.wrap(Y, s.n(), s.f(), s.outH(), s.outW());
    }

    // ------------------------------------------------------------------------------------- backward

    static ConvGradients convBackward(Tensor x, Tensor W, Tensor dY, int stride, Padding.Geometry g) {
        Sizes s = Sizes.of(x, W, stride, g);
        double[] X = x.rawData();
        double[] w = W.rawData();
        double[] dYData = dY.rawData();
        double[] dX = new double[X.length];
        int workers = Math.min(s.groups(), Runtime.getRuntime().availableProcessors());
        double[][] dWPerWorker = new double[workers][s.f() * s.k()];
        double[][] dbPerWorker = new double[workers][s.f()];
        IntStream.range(0, workers).parallel().forEach(worker -> {
            double[] dW = dWPerWorker[worker];
            double[] db = dbPerWorker[worker];
            int from = (int) ((long) s.groups() * worker / workers);
            int to = (int) ((long) s.groups() * (worker + 1) / workers);
            for (int group = from; group < to; group++) {
                int n0 = s.firstImage(group);
                int count = s.imagesIn(group);
                int L = count * s.outArea();
                // dYc [F, L], the group's dY in the layout of out
                double[] dYc = new double[s.f() * L];
                for (int i = 0; i < count; i++) {
                    for (int f = 0; f < s.f(); f++) {
                        System.arraycopy(dYData, ((n0 + i) * s.f() + f) * s.outArea(), dYc, f * L + i * s.outArea(),
                                s.outArea());
                    }
                }
                double[] cols = new double[s.k() * L];
                im2col(X, s, n0, count, cols);
                for (int f = 0; f < s.f(); f++) {
                    // db[f] = sum of dY over images and positions
                    for (int j = 0; j < L; j++) {
                        db[f] += dYc[f * L + j];
                    }
                    // dW [F, K] += dY [F, L] cols^T [L, K]
                    for (int k = 0; k < s.k(); k++) {
                        dW[f * s.k() + k] += dot(dYc, f * L, cols, k * L, L);
                    }
                }
                // dcols [K, L] = W^T [K, F] dY [F, L]
                double[] dcols = cols; // cols is no longer needed: reuse its memory
                java.util.Arrays.fill(dcols, 0.0);
                for (int k = 0; k < s.k(); k++) {
                    for (int f = 0; f < s.f(); f++) {
                        axpy(w[f * s.k() + k], dYc, f * L, dcols, k * L, L);
                    }
                }
                col2im(dcols, s, n0, count, dX);
            }
        });
        double[] dW = new double[s.f() * s.k()];
        double[] db = new double[s.f()];
        for (int worker = 0; worker < workers; worker++) {
            for (int i = 0; i < dW.length; i++) {
                dW[i] += dWPerWorker[worker][i];
            }
            for (int f = 0; f < db.length; f++) {
                db[f] += dbPerWorker[worker][f];
            }
        }
        return new ConvGradients(Tensor.wrap(dX, x.shape()), Tensor.wrap(dW, W.shape()), Tensor.wrap(db, s.f()));
    }

    // ------------------------------------------------------------------------------------- im2col / col2im

    /**
     * cols[k, i*OH*OW + oy*OW + ox] = X[n0 + i, c, oy*s + ky - top, ox*s + kx - left] with k = (c*KH + ky)*KW + kx,
     * zero where that cell is padding. {@code cols} must be zero-filled on entry.
     */
    private static void im2col(double[] X, Sizes s, int n0, int count, double[] cols) {
        int L = count * s.outArea();
        for (int c = 0; c < s.c(); c++) {
            for (int ky = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++) {
                    int rowStart = ((c * s.kh() + ky) * s.kw() + kx) * L;
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
                            int dst = rowStart + i * s.outArea() + oy * s.outW();
                            if (s.stride() == 1) {
                                if (oxTo > oxFrom) {
                                    System.arraycopy(X, src + oxFrom, cols, dst + oxFrom, oxTo - oxFrom);
                                }
                            } else {
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    cols[dst + ox] = X[src + ox * s.stride()];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The reverse of im2col: dX[n0 + i, c, iy, ix] += dcols[k, ...] for every place that cell was copied to. */
    private static void col2im(double[] dcols, Sizes s, int n0, int count, double[] dX) {
        int L = count * s.outArea();
        for (int c = 0; c < s.c(); c++) {
            for (int ky = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++) {
                    int rowStart = ((c * s.kh() + ky) * s.kw() + kx) * L;
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
                            int src = rowStart + i * s.outArea() + oy * s.outW();
                            for (int ox = oxFrom; ox < oxTo; ox++) {
                                dX[dstX + ox * s.stride()] += dcols[src + ox];
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

    /** y[yAt .. yAt+n) += a * x[xAt .. xAt+n). */
    private static void axpy(double a, double[] x, int xAt, double[] y, int yAt, int n) {
        if (a == 0.0) {
            return;
        }
        for (int j = 0; j < n; j++) {
            y[yAt + j] += a * x[xAt + j];
        }
    }

    /** The dot product of x[xAt .. xAt+n) and y[yAt .. yAt+n), with four partial sums for speed. */
    private static double dot(double[] x, int xAt, double[] y, int yAt, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += x[xAt + j] * y[yAt + j];
            s1 += x[xAt + j + 1] * y[yAt + j + 1];
            s2 += x[xAt + j + 2] * y[yAt + j + 2];
            s3 += x[xAt + j + 3] * y[yAt + j + 3];
        }
        for (; j < n; j++) {
            s0 += x[xAt + j] * y[yAt + j];
        }
        return (s0 + s1) + (s2 + s3);
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
