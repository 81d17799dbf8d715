package dlcourse.cnn;

import dlcourse.tensor.MatMul;
import dlcourse.tensor.Parallel;
import dlcourse.tensor.Precision;
import dlcourse.tensor.Tensor;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link Im2col} in {@link Precision#FLOAT32}: the same im2col, the same products and the same col2im, on float32
 * arrays from end to end. The input, the filters and dY are read where they lie ({@link Tensor#rawSingles}), the
 * patches are unrolled into a float32 buffer, the products are the back end's sgemm on float32 arrays
 * ({@link MatMul#gemm(boolean, boolean, int, int, int, float[], int, int, float[], int, int, boolean, float[], int,
 * int) MatMul.gemm}), and Y, dX, dW and db are stored in float32 ({@link Tensor#wrapSingles}).
 *
 * <p>Why it is faster: the float64 path in float32 precision read a float32 input through its float64 widening
 * (a copy of the whole batch), unrolled the patches in float64 (twice the bytes), ran C1's and C3's per-image
 * products in dgemm (too small to pay for rounding their operands to float32) and stored Y in float64, which the
 * next layer (ReLU in float32) then rounded again: extra passes over every activation, each as large as the
 * layer's output. Here each value is read once and written once in float32, and the products run in sgemm; the
 * scratch buffers are kept per thread and reused, so no step allocates them again. Measured on LeNet-5 (batch
 * 64, one thread, under load), this alone took C1's forward from about 2.0 to 0.9 ms a step and its backward
 * from 1.8 to 0.9 ms; the further steps below say what each gained.
 *
 * <p>Results agree with the float64 path to float32's rounding (a sum of K products, each rounded to 2^-24);
 * {@code Float32PathsTest} holds them together.
 */
final class Im2colFloat32 {
    private Im2colFloat32() {}

    /**
     * The largest product (multiply-adds) that OpenBLAS runs on the calling thread: above it (65,536 times its
     * GEMM_MULTITHREAD_THRESHOLD of 4) it spreads the product over its own threads; the same number as
     * {@code Parallel}'s rule 3.
     */
    private static final long BLAS_SINGLE_THREAD_WORK = 65536L * 4;

    /**
     * Per-thread scratch: [0] one image's patches cols [K, L], [1] their gradient dcols [K, L] (or [K, LW]), [2]
     * the wide dY [F, LW] (see {@link #wide}), [3] rows of dcols placed as in one image's dX and [5] that dX
     * (see wideCol2im), [4] one image's [dW^T; db] [K + 1, F].
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[6][0]);

    private static float[] scratch(int which, int length) {
        float[][] buffers = SCRATCH.get();
        if (buffers[which].length < length) {
            buffers[which] = new float[length];
        }
        return buffers[which];
    }

    // ------------------------------------------------------------------------------------- forward

    /** Y [N, F, OH, OW] = conv(X, W) + b, stored in float32. */
    static Tensor convForward(Tensor x, Tensor W, Tensor b, Im2col.Sizes s) {
        float[] X = x.rawSingles();
        float[] w = W.rawSingles();
        float[] bias = b.rawSingles();
        int k = s.k();
        int l = s.l();
        int f = s.f();
        float[] Y = new float[s.n() * f * l];
        if (l == 1) {
            onePositionForward(X, w, bias, s, Y);
            return Tensor.wrapSingles(Y, s.n(), f, 1, 1);
        }
        Parallel.forRange(s.n(), s.workPerImage(), true, (from, to) -> {
            float[] cols = scratch(0, k * l);
            for (int image = from; image < to; image++) {
                int yAt = image * f * l;
                im2col(X, s, image, cols, 0);
                // Y_n [F, L] = W [F, K] cols_n [K, L], written straight into Y ...
                MatMul.gemm(false, false, f, l, k, w, 0, k, cols, 0, l, false, Y, yAt, l);
                // ... + b, while the image's outputs are still in the cache
                for (int filter = 0; filter < f; filter++) {
                    float bf = bias[filter];
                    for (int j = yAt + filter * l; j < yAt + (filter + 1) * l; j++) {
                        Y[j] += bf;
                    }
                }
            }
        });
        return Tensor.wrapSingles(Y, s.n(), f, s.outH(), s.outW());
    }

    // ------------------------------------------------------------------------------------- backward

    /** dX (null unless {@code inputGradient}), dW and db, all stored in float32. */
    static Im2col.ConvGradients convBackward(Tensor x, Tensor W, Tensor dY, Im2col.Sizes s, boolean inputGradient) {
        float[] X = x.rawSingles();
        float[] w = W.rawSingles();
        float[] G = dY.rawSingles();
        int k = s.k();
        int l = s.l();
        int f = s.f();
        float[] dX = inputGradient ? new float[X.length] : null;
        if (l == 1) {
            return onePositionBackward(X, w, G, s, dX, x.shape(), W.shape());
        }
        // each range of images adds into its own dW^T and db (float32, as sgemm leaves them); keyed by the range's
        // first image so that they are added up in the same order on every run
        Map<Integer, float[]> partials = new TreeMap<>();
        boolean wideInputGradient = inputGradient && wide(s);
        int lw = wideInputGradient ? wideLength(s) : l;
        // The wide dcols in blocks of columns, each small enough that OpenBLAS runs it on the calling thread, and
        // the work of an image given to Parallel is its largest single product: Parallel splits the images over
        // the cores only when no product of an item is one that OpenBLAS spreads over the cores itself (its
        // rule 3). Counting an image's products together (C3 with dX: 480,000 multiply-adds) kept C3's backward
        // on one thread, while each of its products is below the limit once dcols is cut in two (measured with 2
        // threads, under load: C3's backward with dX as one range took 94% of its one-thread time, split over
        // the two cores some 65%). The scratch arrays of dY and dcols get LW values of slack, as MatMul wants a
        // block's full last row stride inside the array.
        int blocks = wideInputGradient
                ? (int) Math.max(1, ((long) k * lw * f + BLAS_SINGLE_THREAD_WORK - 1) / BLAS_SINGLE_THREAD_WORK) : 1;
        int blockColumns = (lw + blocks - 1) / blocks;
        long work = Math.max((long) (k + 1) * f * l,
                inputGradient ? (long) k * f * (wideInputGradient ? blockColumns : l) : 0);
        Parallel.forRange(s.n(), work, true, (from, to) -> {
            // cols [K + 1, L]: the patches, then a row of ones, so that the product below that gives dW^T gives
            // db in its last row (db[f] = dY_n [f, :] . ones): the sum of dY runs inside sgemm; with a loop of
            // its own (in float64), LeNet-5's step took some 4% longer (one thread, under load)
            float[] cols = scratch(0, (k + 1) * l);
            java.util.Arrays.fill(cols, k * l, (k + 1) * l, 1f);
            float[] dcols = inputGradient ? scratch(1, k * lw + lw) : null;
            float[] dYw = wideInputGradient ? scratch(2, f * lw + lw) : null;
            float[] aligned = wideInputGradient ? scratch(3, s.c() * s.h() * s.w()) : null;
            float[] dXn = wideInputGradient ? scratch(5, s.c() * s.h() * s.w()) : null;
            if (wideInputGradient) {
                // the columns ox >= OW stay 0 for every image: only the real ones are written below
                java.util.Arrays.fill(dYw, 0, f * lw, 0f);
            }
            float[] dWdb = new float[(k + 1) * f];
            float[] dWdbN = scratch(4, (k + 1) * f);
            for (int image = from; image < to; image++) {
                int yAt = image * f * l;
                im2col(X, s, image, cols, 0);
                // [dW^T; db] [K + 1, F] += [cols_n; ones] [K + 1, L] dY_n^T [L, F] (see transposed): the product
                // into dWdbN, then added with one index for both arrays, which the JIT vectorises (see
                // wideCol2im); MatMul's accumulating form adds at offsets, in scalar code. A loop of its own:
                // sharing addInPlace with wideCol2im's short runs made C3's backward slower (measured)
                MatMul.gemm(false, true, k + 1, f, l, cols, 0, l, G, yAt, l, false, dWdbN, 0, f);
                for (int i = 0; i < (k + 1) * f; i++) {
                    dWdb[i] += dWdbN[i];
                }
                if (wideInputGradient) {
                    for (int filter = 0; filter < f; filter++) {
                        for (int oy = 0; oy < s.outH(); oy++) {
                            System.arraycopy(G, yAt + filter * l + oy * s.outW(), dYw, filter * lw + oy * s.w(),
                                    s.outW());
                        }
                    }
                    // dcols [K, LW] = W^T [K, F] dY_n [F, LW]; col2im adds each row back where it was read from
                    for (int c0 = 0; c0 < lw; c0 += blockColumns) {
                        int columns = Math.min(blockColumns, lw - c0);
                        MatMul.gemm(true, false, k, columns, f, w, 0, k, dYw, c0, lw, false, dcols, c0, lw);
                    }
                    wideCol2im(dcols, s, image, dX, dXn, aligned);
                } else if (inputGradient) {
                    // dcols [K, L] = W^T [K, F] dY_n [F, L]; col2im adds each column back where im2col took it from
                    MatMul.gemm(true, false, k, l, f, w, 0, k, G, yAt, l, false, dcols, 0, l);
                    col2im(dcols, 0, s, image, dX);
                }
            }
            synchronized (partials) {
                partials.put(from, dWdb);
            }
        });
        float[] dWdb = sumInOrder(partials.values(), (k + 1) * f);
        float[] dW = transposed(java.util.Arrays.copyOf(dWdb, k * f), k, f);
        float[] db = java.util.Arrays.copyOfRange(dWdb, k * f, (k + 1) * f);
        return new Im2col.ConvGradients(inputGradient ? Tensor.wrapSingles(dX, x.shape()) : null,
                Tensor.wrapSingles(dW, W.shape()), Tensor.wrapSingles(db, f));
    }

    /**
     * The matrix [cols, rows] for a matrix [rows, cols]. The weight gradient is computed as dW^T [K, F] = cols dY^T
     * and turned round once at the end: sgemm ran that orientation faster than dW [F, K] = dY cols^T (measured
     * for one image's product alone: C3 some 75 against 52 GFLOPS, C1 97 against 79; in the layer, C3's backward
     * took about a tenth less CPU time, C1's was unchanged), and the turn costs F K moves.
     */
    static float[] transposed(float[] a, int rows, int cols) {
        float[] out = new float[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = a[i * cols + j];
            }
        }
        return out;
    }

    /** The element-wise sum of the parts, in their order (one part: itself, no copy). */
    private static float[] sumInOrder(Iterable<float[]> parts, int length) {
        float[] total = null;
        for (float[] part : parts) {
            if (total == null) {
                total = part;
                continue;
            }
            for (int i = 0; i < length; i++) {
                total[i] += part[i];
            }
        }
        return total == null ? new float[length] : total;
    }

    // ------------------------------------------------------------------------------------- the wide layout

    /*
     * dX for stride 1 without padding and short rows (LeNet-5's C3, OW = 10). col2im adds row (c, ky, kx) of
     * dcols [K, L] back into dX[n, c] as OH runs of OW values: for C3, 1,500 additions of 10 values per image,
     * whose fixed cost per run exceeded the additions. In the wide layout dY_n is spread over LW = (OH - 1) W + OW
     * positions j = oy W + ox, ox running across the whole width W, with zeros at ox >= OW; then dcols [K, LW] =
     * W^T dY_n has row (c, ky, kx) landing on dX[n, c] from ky W + kx onwards as one contiguous run of LW values
     * (150 runs of 136 values for C3). The positions ox >= OW wrap into the next row but carry dY = 0, so they add
     * nothing; their price is (W - OW) / W more columns in the product (C3: 40%). Measured under load, the dX
     * part of C3's backward took some 5% less CPU time this way (three runs each). (Used for the forward too,
     * the wide layout lost to the narrow im2col with its row shift, so the forward and dW stay narrow.)
     */

    /** Whether dX takes the wide layout: stride 1, no padding on any side, and rows short enough to pay. */
    private static boolean wide(Im2col.Sizes s) {
        return s.outW() < 16 && s.stride() == 1 && s.top() == 0 && s.left() == 0 && s.outH() == s.h() - s.kh() + 1
                && s.outW() == s.w() - s.kw() + 1;
    }

    /** LW = (OH - 1) W + OW, the positions of one image in the wide layout. */
    private static int wideLength(Im2col.Sizes s) {
        return (s.outH() - 1) * s.w() + s.outW();
    }

    /**
     * dX[image, c] from ky W + kx on += row (c, ky, kx) of dcols [K, LW]. The image's dX is gathered in
     * {@code dXn} [C, H, W] and each row of dcols is first copied to the same place in {@code aligned} [C, H, W],
     * then added with one index for both arrays: JDK 17's JIT leaves {@code dX[at + j] += dcols[row + j]} scalar
     * (it cannot rule out that two float arrays read at different offsets are one array), while the copy
     * (System.arraycopy) and {@code dXn[i] += aligned[i]} run on vector instructions. Measured under load (three
     * runs each), the dX part of C3's backward took some 30% less CPU time this way. Both scratch arrays hold one
     * image, and images do not overlap in dX, so the image's dX is copied into place at the end.
     */
    private static void wideCol2im(float[] dcols, Im2col.Sizes s, int image, float[] dX, float[] dXn,
                                   float[] aligned) {
        int lw = wideLength(s);
        int imageSize = s.c() * s.h() * s.w();
        java.util.Arrays.fill(dXn, 0, imageSize, 0f);
        int row = 0;
        for (int c = 0; c < s.c(); c++) {
            int plane = c * s.h() * s.w();
            for (int ky = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++, row += lw) {
                    int at = plane + ky * s.w() + kx;
                    System.arraycopy(dcols, row, aligned, at, lw);
                    addInPlace(dXn, aligned, at, at + lw);
                }
            }
        }
        System.arraycopy(dXn, 0, dX, image * imageSize, imageSize);
    }

    /** a[i] += b[i] for i in from .. to-1: one index for both arrays, so that the JIT vectorises the loop. */
    private static void addInPlace(float[] a, float[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] += b[i];
        }
    }

    // ------------------------------------------------------------------------------------- one position

    /*
     * L = 1 (LeNet-5's C5: 5x5 filters on 5x5 maps, VALID): a dense layer on the patches P [N, K]. When the one
     * window is the whole image (no padding, stride irrelevant), the patch of image n is image n itself in the
     * same order (k = (c KH + ky) KW + kx), so P is X and no im2col copy is made.
     */

    private static boolean patchIsImage(Im2col.Sizes s) {
        return s.top() == 0 && s.left() == 0 && s.kh() == s.h() && s.kw() == s.w();
    }

    /** P [N, K]: X itself when the window is the whole image, else unrolled. */
    private static float[] patches(float[] X, Im2col.Sizes s) {
        if (patchIsImage(s)) {
            return X;
        }
        int k = s.k();
        float[] P = new float[s.n() * k];
        Parallel.forRange(s.n(), k, (from, to) -> {
            for (int image = from; image < to; image++) {
                im2col(X, s, image, P, image * k);
            }
        });
        return P;
    }

    /** Y [N, F] = P [N, K] W^T [K, F] + b. */
    private static void onePositionForward(float[] X, float[] w, float[] bias, Im2col.Sizes s, float[] Y) {
        int n = s.n();
        int k = s.k();
        int f = s.f();
        MatMul.gemm(false, true, n, f, k, patches(X, s), 0, k, w, 0, k, false, Y, 0, f);
        for (int image = 0; image < n; image++) {
            for (int filter = 0; filter < f; filter++) {
                Y[image * f + filter] += bias[filter];
            }
        }
    }

    /** dW [F, K] = dY^T [F, N] P [N, K], db = column sums of dY, dP [N, K] = dY [N, F] W [F, K] then col2im. */
    private static Im2col.ConvGradients onePositionBackward(float[] X, float[] w, float[] G, Im2col.Sizes s,
                                                          float[] dX, int[] xShape, int[] wShape) {
        int n = s.n();
        int k = s.k();
        int f = s.f();
        float[] dW = new float[f * k];
        MatMul.gemm(true, false, f, k, n, G, 0, f, patches(X, s), 0, k, false, dW, 0, k);
        double[] dbSum = new double[f];
        for (int image = 0; image < n; image++) {
            for (int filter = 0; filter < f; filter++) {
                dbSum[filter] += G[image * f + filter];
            }
        }
        float[] db = new float[f];
        for (int filter = 0; filter < f; filter++) {
            db[filter] = (float) dbSum[filter];
        }
        if (dX != null) {
            if (patchIsImage(s)) {
                // dP is dX itself, in the same order
                MatMul.gemm(false, false, n, k, f, G, 0, f, w, 0, k, false, dX, 0, k);
            } else {
                float[] dP = new float[n * k];
                MatMul.gemm(false, false, n, k, f, G, 0, f, w, 0, k, false, dP, 0, k);
                Parallel.forRange(n, k, (from, to) -> {
                    for (int image = from; image < to; image++) {
                        col2im(dP, image * k, s, image, dX);
                    }
                });
            }
        }
        return new Im2col.ConvGradients(dX == null ? null : Tensor.wrapSingles(dX, xShape),
                Tensor.wrapSingles(dW, wShape), Tensor.wrapSingles(db, f));
    }

    // ------------------------------------------------------------------------------------- im2col / col2im

    /** {@link Im2col}'s im2col on float32 arrays: one image's patches into cols [K, L], zero in the padding. */
    private static void im2col(float[] X, Im2col.Sizes s, int image, float[] cols, int colsAt) {
        int l = s.l();
        for (int c = 0; c < s.c(); c++) {
            int imageStart = (image * s.c() + c) * s.h();
            for (int ky = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++) {
                    int row = colsAt + ((c * s.kh() + ky) * s.kw() + kx) * l;
                    int oxFrom = Im2col.firstInside(kx - s.left(), s.stride());
                    int oxTo = Math.min(s.outW(), Im2col.lastInside(kx - s.left(), s.stride(), s.w()) + 1);
                    int oyFrom = 0;
                    if (s.stride() == 1 && ky > 0) {
                        // with stride 1, row (c, ky, kx) at oy is row (c, ky - 1, kx) at oy + 1 (padding included):
                        // one long copy within cols instead of OH - 1 short ones from X (C1: 180 copies per image
                        // in place of 700); only the last oy is read from X
                        int previous = row - s.kw() * l;
                        System.arraycopy(cols, previous + s.outW(), cols, row, (s.outH() - 1) * s.outW());
                        oyFrom = s.outH() - 1;
                    }
                    for (int oy = oyFrom; oy < s.outH(); oy++) {
                        int dst = row + oy * s.outW();
                        int iy = oy * s.stride() + ky - s.top();
                        if (iy < 0 || iy >= s.h() || oxTo <= oxFrom) {
                            java.util.Arrays.fill(cols, dst, dst + s.outW(), 0f);
                            continue;
                        }
                        java.util.Arrays.fill(cols, dst, dst + oxFrom, 0f);
                        java.util.Arrays.fill(cols, dst + oxTo, dst + s.outW(), 0f);
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

    /** {@link Im2col}'s col2im on float32 arrays: dX[image, ...] += every place its cells were copied to. */
    private static void col2im(float[] dcols, int dcolsAt, Im2col.Sizes s, int image, float[] dX) {
        int l = s.l();
        for (int c = 0; c < s.c(); c++) {
            int imageStart = (image * s.c() + c) * s.h();
            for (int ky = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++) {
                    int row = dcolsAt + ((c * s.kh() + ky) * s.kw() + kx) * l;
                    int oxFrom = Im2col.firstInside(kx - s.left(), s.stride());
                    int oxTo = Math.min(s.outW(), Im2col.lastInside(kx - s.left(), s.stride(), s.w()) + 1);
                    for (int oy = 0; oy < s.outH(); oy++) {
                        int iy = oy * s.stride() + ky - s.top();
                        if (iy < 0 || iy >= s.h()) {
                            continue;
                        }
                        int dstX = (imageStart + iy) * s.w() + kx - s.left();
                        int src = row + oy * s.outW();
                        if (s.stride() == 1) {
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
}
