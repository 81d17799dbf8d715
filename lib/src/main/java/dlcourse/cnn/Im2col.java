package dlcourse.cnn;

import dlcourse.tensor.MatMul;
import dlcourse.tensor.Parallel;
import dlcourse.tensor.Precision;
import dlcourse.tensor.Tensor;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fast path of {@link Conv2d}: im2col and the library's one multiply, {@link MatMul}. The readable version
 * is {@link Conv2d#forwardLoops} / {@link Conv2d#backwardLoops}; a test holds them equal.
 *
 * <p>The idea: for one image, unroll every KH x KW x C patch the filters look at into one column of a matrix
 * {@code cols} [K, L] with K = C KH KW and L = OH OW. A filter is a row of W viewed as [F, K], and one image's
 * output [F, OH, OW] is [F, L] in memory, so the convolution of an image is one product, and its backward two:
 * <pre>
 * Y_n   [F, L]  = W [F, K] cols_n [K, L] + b          (forward: one multiply)
 * dW    [F, K] += dY_n [F, L] cols_n^T [L, K]         (backward, weights)
 * dcols [K, L]  = W^T [K, F] dY_n [F, L]              (backward, input; col2im adds dcols back into dX_n)
 * </pre>
 * The products read W, Y_n and dY_n where they lie in the tensors' arrays (at the image's offset) and take
 * W^T and cols^T as "transposed" arguments: nothing is copied or transposed on a call but the im2col itself.
 * Images are independent, so they are split over the cores by {@link Parallel} (each range with its own
 * cols buffer and its own dW and db, added up in a fixed order after). In {@link Precision#FLOAT32} the same
 * steps run on float32 arrays end to end in {@link Im2colFloat32}. Mentioned in
 * {@code notebooks/08-convolution-and-pooling.ipynb} (section "Convolution as a sliding dot product", after the loops).
 */
final class Im2col {
    private Im2col() {}

    /** dX [N, C, H, W], dW [F, C, KH, KW] and db [F] of one backward pass. */
    record ConvGradients(Tensor dX, Tensor dW, Tensor db) {}

    /** All the sizes of one convolution. */
    record Sizes(int n, int c, int h, int w, int f, int kh, int kw, int outH, int outW, int stride, int top,
                 int left) {
        /** K = C KH KW, the length of a patch and of a filter. */
        int k() {
            return c * kh * kw;
        }

        /** L = OH OW, the number of patches of one image. */
        int l() {
            return outH * outW;
        }

        /** The multiply-adds of one image's product F K L. */
        long workPerImage() {
            return (long) f * k() * l();
        }

        static Sizes of(Tensor x, Tensor W, int stride, Padding.Geometry g) {
            return new Sizes(x.dim(0), x.dim(1), x.dim(2), x.dim(3), W.dim(0), W.dim(2), W.dim(3), g.outH(), g.outW(),
                    stride, g.top(), g.left());
        }
    }

    // ------------------------------------------------------------------------------------- forward

    static Tensor convForward(Tensor x, Tensor W, Tensor b, int stride, Padding.Geometry g) {
        Sizes s = Sizes.of(x, W, stride, g);
        if (Precision.current() == Precision.FLOAT32) {
            return Im2colFloat32.convForward(x, W, b, s);
        }
        double[] X = x.rawData();
        double[] w = W.rawData();
        // the filters are read for every image: in float32 they are rounded once (MatMul.Operand)
        MatMul.Operand filters = MatMul.Operand.of(W);
        double[] bias = b.rawData();
        int k = s.k();
        int l = s.l();
        double[] Y = new double[s.n() * s.f() * l];
        if (l == 1) {
            return Tensor.wrap(onePositionForward(X, w, bias, s), s.n(), s.f(), 1, 1);
        }
        Parallel.forRange(s.n(), s.workPerImage(), true, (from, to) -> {
            double[] cols = new double[k * l];
            for (int image = from; image < to; image++) {
                int yAt = image * s.f() * l;
                for (int f = 0; f < s.f(); f++) {
                    java.util.Arrays.fill(Y, yAt + f * l, yAt + (f + 1) * l, bias[f]);
                }
                im2col(X, s, image, cols, 0);
                // Y_n [F, L] = W [F, K] cols_n [K, L] + b
                MatMul.gemm(false, false, s.f(), l, k, filters, 0, k, cols, 0, l, true, Y, yAt, l);
            }
        });
        return Tensor.wrap(Y, s.n(), s.f(), s.outH(), s.outW());
    }

    // ------------------------------------------------------------------------------------- backward

    /** The gradients; dX is null when {@code inputGradient} is false (the first layer of a network needs none). */
    static ConvGradients convBackward(Tensor x, Tensor W, Tensor dY, int stride, Padding.Geometry g,
                                      boolean inputGradient) {
        Sizes s = Sizes.of(x, W, stride, g);
        if (Precision.current() == Precision.FLOAT32) {
            return Im2colFloat32.convBackward(x, W, dY, s, inputGradient);
        }
        double[] X = x.rawData();
        double[] w = W.rawData();
        MatMul.Operand filters = MatMul.Operand.of(W);
        double[] dYData = dY.rawData();
        int k = s.k();
        int l = s.l();
        int f = s.f();
        double[] dX = inputGradient ? new double[X.length] : null;
        if (l == 1) {
            return onePositionBackward(X, w, dYData, s, dX, x.shape(), W.shape());
        }
        // each range of images adds into its own dW and db (one array: dW [F, K], then db [F]); keyed by the
        // range's first image so that they are added up in the same order on every run
        Map<Integer, double[]> partials = new TreeMap<>();
        long work = (inputGradient ? 2 : 1) * s.workPerImage();
        Parallel.forRange(s.n(), work, true, (from, to) -> {
            double[] cols = new double[k * l];
            double[] dcols = inputGradient ? new double[k * l] : null;
            double[] dWdb = new double[f * k + f];
            for (int image = from; image < to; image++) {
                int yAt = image * f * l;
                im2col(X, s, image, cols, 0);
                // dW [F, K] += dY_n [F, L] cols_n^T [L, K]
                MatMul.gemm(false, true, f, k, l, dYData, yAt, l, cols, 0, l, true, dWdb, 0, k);
                // db[f] = sum of dY over images and positions
                for (int filter = 0; filter < f; filter++) {
                    double sum = 0;
                    for (int j = yAt + filter * l; j < yAt + (filter + 1) * l; j++) {
                        sum += dYData[j];
                    }
                    dWdb[f * k + filter] += sum;
                }
                if (inputGradient) {
                    // dcols [K, L] = W^T [K, F] dY_n [F, L]; col2im adds each column back where im2col took it from
                    MatMul.gemm(true, false, k, l, f, filters, 0, k, dYData, yAt, l, false, dcols, 0, l);
                    col2im(dcols, 0, s, image, dX);
                }
            }
            synchronized (partials) {
                partials.put(from, dWdb);
            }
        });
        double[] dW = new double[f * k];
        double[] db = new double[f];
        for (double[] part : partials.values()) {
            for (int i = 0; i < f * k; i++) {
                dW[i] += part[i];
            }
            for (int filter = 0; filter < f; filter++) {
                db[filter] += part[f * k + filter];
            }
        }
        return new ConvGradients(inputGradient ? Tensor.wrap(dX, x.shape()) : null, Tensor.wrap(dW, W.shape()),
                Tensor.wrap(db, f));
    }

    // ------------------------------------------------------------------------------------- one position

    /*
     * When the window fits the input once (L = 1, as LeNet-5's C5: 5x5 filters on 5x5 maps), each image has one
     * patch, and the convolution is a dense layer on the patches P [N, K]: one multiply for the whole batch
     * rather than N matrix-vector products. Y [N, F] is then already Y [N, F, 1, 1].
     */

    /** Y [N, F] = P [N, K] W^T [K, F] + b. */
    private static double[] onePositionForward(double[] X, double[] w, double[] bias, Sizes s) {
        int n = s.n();
        int k = s.k();
        int f = s.f();
        double[] P = patches(X, s);
        double[] Y = new double[n * f];
        for (int image = 0; image < n; image++) {
            System.arraycopy(bias, 0, Y, image * f, f);
        }
        MatMul.gemm(false, true, n, f, k, P, 0, k, w, 0, k, true, Y, 0, f);
        return Y;
    }

    /** dW [F, K] = dY^T [F, N] P [N, K], db = column sums of dY, dP [N, K] = dY [N, F] W [F, K] then col2im. */
    private static ConvGradients onePositionBackward(double[] X, double[] w, double[] dY, Sizes s, double[] dX,
                                                     int[] xShape, int[] wShape) {
        int n = s.n();
        int k = s.k();
        int f = s.f();
        double[] P = patches(X, s);
        double[] dW = new double[f * k];
        MatMul.gemm(true, false, f, k, n, dY, 0, f, P, 0, k, false, dW, 0, k);
        double[] db = new double[f];
        for (int image = 0; image < n; image++) {
            for (int filter = 0; filter < f; filter++) {
                db[filter] += dY[image * f + filter];
            }
        }
        if (dX != null) {
            double[] dP = new double[n * k];
            MatMul.gemm(false, false, n, k, f, dY, 0, f, w, 0, k, false, dP, 0, k);
            Parallel.forRange(n, k, (from, to) -> {
                for (int image = from; image < to; image++) {
                    col2im(dP, image * k, s, image, dX);
                }
            });
        }
        return new ConvGradients(dX == null ? null : Tensor.wrap(dX, xShape), Tensor.wrap(dW, wShape),
                Tensor.wrap(db, f));
    }

    /** P [N, K]: row n is image n's one patch (im2col with L = 1). */
    private static double[] patches(double[] X, Sizes s) {
        int k = s.k();
        double[] P = new double[s.n() * k];
        Parallel.forRange(s.n(), k, (from, to) -> {
            for (int image = from; image < to; image++) {
                im2col(X, s, image, P, image * k);
            }
        });
        return P;
    }

    // ------------------------------------------------------------------------------------- im2col / col2im

    /**
     * cols[k * L + oy*OW + ox] = X[image, c, oy*s + ky - top, ox*s + kx - left] with k = (c*KH + ky)*KW + kx,
     * zero where that cell is padding: [K, L] for one image, written into {@code cols}.
     */
    private static void im2col(double[] X, Sizes s, int image, double[] cols, int colsAt) {
        int l = s.l();
        for (int c = 0; c < s.c(); c++) {
            int imageStart = (image * s.c() + c) * s.h();
            for (int ky = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++) {
                    int row = colsAt + ((c * s.kh() + ky) * s.kw() + kx) * l;
                    int oxFrom = firstInside(kx - s.left(), s.stride());
                    int oxTo = Math.min(s.outW(), lastInside(kx - s.left(), s.stride(), s.w()) + 1);
                    for (int oy = 0; oy < s.outH(); oy++) {
                        int dst = row + oy * s.outW();
                        int iy = oy * s.stride() + ky - s.top();
                        if (iy < 0 || iy >= s.h() || oxTo <= oxFrom) {
                            java.util.Arrays.fill(cols, dst, dst + s.outW(), 0.0);
                            continue;
                        }
                        java.util.Arrays.fill(cols, dst, dst + oxFrom, 0.0);
                        java.util.Arrays.fill(cols, dst + oxTo, dst + s.outW(), 0.0);
                        int src = (imageStart + iy) * s.w() + kx - s.left();
                        if (s.stride() == 1) {
                            System.arraycopy(X, src + oxFrom, cols, dst + oxFrom, oxTo - oxFrom);
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

    /** The reverse of im2col: dX[image, c, iy, ix] += dcols[k * L + ...] for every place that cell was copied to. */
    private static void col2im(double[] dcols, int dcolsAt, Sizes s, int image, double[] dX) {
        int l = s.l();
        for (int c = 0; c < s.c(); c++) {
            int imageStart = (image * s.c() + c) * s.h();
            for (int ky = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++) {
                    int row = dcolsAt + ((c * s.kh() + ky) * s.kw() + kx) * l;
                    int oxFrom = firstInside(kx - s.left(), s.stride());
                    int oxTo = Math.min(s.outW(), lastInside(kx - s.left(), s.stride(), s.w()) + 1);
                    for (int oy = 0; oy < s.outH(); oy++) {
                        int iy = oy * s.stride() + ky - s.top();
                        if (iy < 0 || iy >= s.h()) {
                            continue;
                        }
                        int dstX = (imageStart + iy) * s.w() + kx - s.left();
                        int src = row + oy * s.outW();
                        if (s.stride() == 1) { // contiguous: a loop the JIT vectorises
                            for (int ox = oxFrom; ox < oxTo; ox++) {
                                dX[dstX + ox] += dcols[src + ox];
                            }
                        } else {
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
    static int firstInside(int offset, int stride) {
        return offset >= 0 ? 0 : (-offset + stride - 1) / stride;
    }

    /** The last ox with ox*s + offset <= width - 1 (may be negative: none). */
    static int lastInside(int offset, int stride, int width) {
        return Math.floorDiv(width - 1 - offset, stride);
    }
}
