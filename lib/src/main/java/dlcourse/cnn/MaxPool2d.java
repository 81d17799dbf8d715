package dlcourse.cnn;

import dlcourse.nn.Layer;
import dlcourse.tensor.Tensor;

/**
 * Max pooling: each output cell is the largest input value in its window, channel by channel. It keeps the
 * strongest response of a feature detector in a neighbourhood and forgets exactly where it was, which makes
 * the features invariant to small shifts (the lecture's "role of pooling"). Taught in notebook
 * {@code notebooks/08-convolution-and-pooling.ipynb} (sections "Pooling" and "Stride"); written by hand,
 * forward and backward with SAME padding, in the assignment {@code exercises/06-convolution.ipynb}.
 *
 * <pre>
 * Y[n, c, y, x] = max over the real cells (iy, ix) of the window of X[n, c, iy, ix],
 *                 iy = y*s + wy - top,  ix = x*s + wx - left
 * </pre>
 * Shapes: input X [N, C, H, W], output Y [N, C, OH, OW] with OH = floor((H + top + bottom - K) / s) + 1 (see
 * {@link Padding}). Padded cells never win: a window that hangs over the border takes the maximum of its real
 * cells only (so a window of negative values is not turned into 0 by its padding). On the lecture's
 * non-negative examples that is the same as zero padding.
 *
 * <p>Backward: the gradient of a maximum goes to the cell that won, and to none of the others; the winners are
 * remembered in the cache.
 */
public final class MaxPool2d implements Layer {
    private final int window;
    private final int stride;
    private final Padding padding;
    private Cache cache;

    /**
     * The input shape and, per output cell, where the winning input cell was: as a flat index into X (from the
     * fast {@link #forward}) or as its row and column (from {@link #forwardLoops}).
     */
    private record Cache(int[] inputShape, int[] flatWinners, int[][][][] winnerY, int[][][][] winnerX) {}

    private MaxPool2d(int window, int stride, Padding padding) {
        if (window < 1 || stride < 1) {
            throw new IllegalArgumentException("MaxPool2d: window and stride must be 1 or more, got window=" + window
                    + ", stride=" + stride);
        }
        this.window = window;
        this.stride = stride;
        this.padding = padding;
    }

    /** A window x window max pooling moving by {@code stride}, e.g. {@code MaxPool2d.of(2, 2, Padding.VALID)}. */
    public static MaxPool2d of(int window, int stride, Padding padding) {
        return new MaxPool2d(window, stride, padding);
    }

    /** Y [N, C, OH, OW] for X [N, C, H, W], by the fast path (the same loops on flat arrays). */
    @Override
    public Tensor forward(Tensor x) {
        x.requireShape("MaxPool2d.forward (input [N, C, H, W])", -1, -1, -1, -1);
        Padding.Geometry g = padding.resolve("MaxPool2d.forward", x.dim(2), x.dim(3), window, window, stride);
        PoolFast.MaxResult result = PoolFast.maxForward(x, window, stride, g, "MaxPool2d.forward");
        cache = new Cache(x.shape(), result.winners(), null, null);
        return result.y();
    }

    /** dX for dY: each output cell's gradient goes to the input cell that won. */
    @Override
    public Tensor backward(Tensor dY) {
        Cache c = requireCache(dY, "MaxPool2d.backward");
        if (c.flatWinners() == null) {
            return backwardLoops(dY);
        }
        return PoolFast.maxBackward(dY, c.flatWinners(), c.inputShape());
    }

    /** The same as {@link #forward}, as the equation's loops: for reading and for tests. */
    public Tensor forwardLoops(Tensor x) {
        x.requireShape("MaxPool2d.forwardLoops (input [N, C, H, W])", -1, -1, -1, -1);
        Padding.Geometry g = padding.resolve("MaxPool2d.forwardLoops", x.dim(2), x.dim(3), window, window, stride);
        int numImages = x.dim(0);
        int numChannels = x.dim(1);
        double[][][][] Y = new double[numImages][numChannels][g.outH()][g.outW()];
        int[][][][] winnerY = new int[numImages][numChannels][g.outH()][g.outW()];
        int[][][][] winnerX = new int[numImages][numChannels][g.outH()][g.outW()];
        for (int n = 0; n < numImages; n++) {
            for (int c = 0; c < numChannels; c++) {
                for (int y = 0; y < g.outH(); y++) {
                    for (int xo = 0; xo < g.outW(); xo++) {
                        // Y[n,c,y,x] = max over the window's real cells of X[n,c,iy,ix]
                        double best = Double.NEGATIVE_INFINITY;
                        int bestY = -1;
                        int bestX = -1;
                        int realCells = 0;
                        for (int wy = 0; wy < window; wy++) {
                            for (int wx = 0; wx < window; wx++) {
                                int iy = y * stride + wy - g.top();
                                int ix = xo * stride + wx - g.left();
                                if (iy < 0 || iy >= x.dim(2) || ix < 0 || ix >= x.dim(3)) {
                                    continue; // padding never wins
                                }
                                realCells++;
                                if (x.get(n, c, iy, ix) > best) {
                                    best = x.get(n, c, iy, ix);
                                    bestY = iy;
                                    bestX = ix;
                                }
                            }
                        }
                        if (realCells == 0) {
                            throw new IllegalArgumentException("MaxPool2d.forward: a " + window + "x" + window
                                    + " window lies wholly in the padding " + padding
                                    + "; use padding smaller than the window");
                        }
                        if (bestY < 0) { // only NaN inputs: propagate NaN, route the gradient to the first real cell
                            best = Double.NaN;
                            bestY = Math.max(0, y * stride - g.top());
                            bestX = Math.max(0, xo * stride - g.left());
                        }
                        Y[n][c][y][xo] = best;
                        winnerY[n][c][y][xo] = bestY;
                        winnerX[n][c][y][xo] = bestX;
                    }
                }
            }
        }
        cache = new Cache(x.shape(), null, winnerY, winnerX);
        return Tensor.of(Y);
    }

    /** The same as {@link #backward}, as loops, after {@link #forwardLoops}. */
    public Tensor backwardLoops(Tensor dY) {
        Cache cache = requireCache(dY, "MaxPool2d.backwardLoops");
        if (cache.winnerY() == null) {
            throw new IllegalStateException("MaxPool2d.backwardLoops: call forwardLoops first (forward keeps the"
                    + " winners in the fast path's form)");
        }
        int[] in = cache.inputShape();
        int outH = dY.dim(2);
        int outW = dY.dim(3);
        double[][][][] dX = new double[in[0]][in[1]][in[2]][in[3]];
        for (int n = 0; n < in[0]; n++) {
            for (int c = 0; c < in[1]; c++) {
                for (int y = 0; y < outH; y++) {
                    for (int xo = 0; xo < outW; xo++) {
                        // forward: Y[n,c,y,x] = X[n,c,winnerY,winnerX], so only the winner gets dY
                        dX[n][c][cache.winnerY()[n][c][y][xo]][cache.winnerX()[n][c][y][xo]] += dY.get(n, c, y, xo);
                    }
                }
            }
        }
        return Tensor.of(dX);
    }

    private Cache requireCache(Tensor dY, String operation) {
        if (cache == null) {
            throw new IllegalStateException(operation + ": call forward first, backward needs the winners");
        }
        int[] out = outputShape(cache.inputShape());
        dY.requireShape(operation + " (dY, the shape of the last output)", out);
        return cache;
    }

    /** The output shape [N, C, OH, OW] for an input of shape [N, C, H, W]. */
    public int[] outputShape(int... inputShape) {
        Padding.Geometry g = padding.resolve("MaxPool2d.outputShape", inputShape[2], inputShape[3], window, window,
                stride);
        return new int[] {inputShape[0], inputShape[1], g.outH(), g.outW()};
    }

    @Override
    public String describe() {
        return "MaxPool2d(" + window + "x" + window + ", stride " + stride + ", " + padding + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
