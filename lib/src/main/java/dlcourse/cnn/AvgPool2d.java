package dlcourse.cnn;

import dlcourse.nn.Layer;
import dlcourse.tensor.Tensor;

/**
 * Average pooling: each output cell is the mean of the input values in its window, channel by channel; the
 * "subsampling" layers S2 and S4 of LeNet-5 average this way. Taught in notebook
 * {@code notebooks/08-convolution-and-pooling.ipynb} (sections "Pooling" and "Padding"); LeNet-5's S2 and S4
 * in {@code notebooks/09-lenet5.ipynb}.
 *
 * <pre>
 * Y[n, c, y, x] = (1 / count) * sum over the real cells (iy, ix) of the window of X[n, c, iy, ix],
 *                 iy = y*s + wy - top,  ix = x*s + wx - left,  count = number of real cells in the window
 * </pre>
 * Shapes: input X [N, C, H, W], output Y [N, C, OH, OW] with OH = floor((H + top + bottom - K) / s) + 1 (see
 * {@link Padding}). Padded cells are not counted: the lecture's 2x2, stride 1, SAME example divides the
 * window {3, 0, 6, 0} at the right border by 2, not by 4, and gets 4.5.
 *
 * <p>Backward: each real cell of a window receives dY / count of that window.
 */
public final class AvgPool2d implements Layer {
    private final int window;
    private final int stride;
    private final Padding padding;
    private Cache cache;

    /** The input shape and the geometry of the windows. */
    private record Cache(int[] inputShape, Padding.Geometry geometry) {}

    private AvgPool2d(int window, int stride, Padding padding) {
        if (window < 1 || stride < 1) {
            throw new IllegalArgumentException("AvgPool2d: window and stride must be 1 or more, got window=" + window
                    + ", stride=" + stride);
        }
        this.window = window;
        this.stride = stride;
        this.padding = padding;
    }

    /** A window x window average pooling moving by {@code stride}, e.g. {@code AvgPool2d.of(2, 2, Padding.VALID)}. */
    public static AvgPool2d of(int window, int stride, Padding padding) {
        return new AvgPool2d(window, stride, padding);
    }

    /** Y [N, C, OH, OW] for X [N, C, H, W], by the fast path (the same loops on flat arrays). */
    @Override
    public Tensor forward(Tensor x) {
        x.requireShape("AvgPool2d.forward (input [N, C, H, W])", -1, -1, -1, -1);
        Padding.Geometry g = padding.resolve("AvgPool2d.forward", x.dim(2), x.dim(3), window, window, stride);
        cache = new Cache(x.shape(), g);
        return PoolFast.avgForward(x, window, stride, g, "AvgPool2d.forward");
    }

    /** dX for dY: each real cell of a window gets dY / count, by the fast path. */
    @Override
    public Tensor backward(Tensor dY) {
        Cache c = requireCache(dY, "AvgPool2d.backward");
        return PoolFast.avgBackward(dY, c.inputShape(), window, stride, c.geometry());
    }

    /** The same as {@link #forward}, as the equation's loops: for reading and for tests. */
    public Tensor forwardLoops(Tensor x) {
        x.requireShape("AvgPool2d.forwardLoops (input [N, C, H, W])", -1, -1, -1, -1);
        Padding.Geometry g = padding.resolve("AvgPool2d.forwardLoops", x.dim(2), x.dim(3), window, window, stride);
        double[][][][] Y = new double[x.dim(0)][x.dim(1)][g.outH()][g.outW()];
        for (int n = 0; n < x.dim(0); n++) {
            for (int c = 0; c < x.dim(1); c++) {
                for (int y = 0; y < g.outH(); y++) {
                    for (int xo = 0; xo < g.outW(); xo++) {
                        // Y[n,c,y,x] = (1/count) sum over the window's real cells of X[n,c,iy,ix]
                        double sum = 0;
                        int count = 0;
                        for (int wy = 0; wy < window; wy++) {
                            for (int wx = 0; wx < window; wx++) {
                                int iy = y * stride + wy - g.top();
                                int ix = xo * stride + wx - g.left();
                                if (iy >= 0 && iy < x.dim(2) && ix >= 0 && ix < x.dim(3)) {
                                    sum += x.get(n, c, iy, ix);
                                    count++;
                                }
                            }
                        }
                        if (count == 0) {
                            throw new IllegalArgumentException("AvgPool2d.forward: a " + window + "x" + window
                                    + " window lies wholly in the padding " + padding
                                    + "; use padding smaller than the window");
                        }
                        Y[n][c][y][xo] = sum / count;
                    }
                }
            }
        }
        cache = new Cache(x.shape(), g);
        return Tensor.of(Y);
    }

    /** The same as {@link #backward}, as loops. */
    public Tensor backwardLoops(Tensor dY) {
        Cache cache = requireCache(dY, "AvgPool2d.backwardLoops");
        int[] in = cache.inputShape();
        Padding.Geometry g = cache.geometry();
        double[][][][] dX = new double[in[0]][in[1]][in[2]][in[3]];
        for (int n = 0; n < in[0]; n++) {
            for (int c = 0; c < in[1]; c++) {
                for (int y = 0; y < g.outH(); y++) {
                    for (int xo = 0; xo < g.outW(); xo++) {
                        int top = y * stride - g.top();
                        int left = xo * stride - g.left();
                        int rows = Math.min(in[2], top + window) - Math.max(0, top);
                        int cols = Math.min(in[3], left + window) - Math.max(0, left);
                        // forward: Y = (1/count) sum of the real cells, so each gets dY / count
                        double share = dY.get(n, c, y, xo) / (rows * cols);
                        for (int iy = Math.max(0, top); iy < Math.min(in[2], top + window); iy++) {
                            for (int ix = Math.max(0, left); ix < Math.min(in[3], left + window); ix++) {
                                dX[n][c][iy][ix] += share;
                            }
                        }
                    }
                }
            }
        }
        return Tensor.of(dX);
    }

    private Cache requireCache(Tensor dY, String operation) {
        if (cache == null) {
            throw new IllegalStateException(operation + ": call forward first, backward needs the input shape");
        }
        Padding.Geometry g = cache.geometry();
        dY.requireShape(operation + " (dY, the shape of the last output)", cache.inputShape()[0],
                cache.inputShape()[1], g.outH(), g.outW());
        return cache;
    }

    /** The output shape [N, C, OH, OW] for an input of shape [N, C, H, W]. */
    public int[] outputShape(int... inputShape) {
        Padding.Geometry g = padding.resolve("AvgPool2d.outputShape", inputShape[2], inputShape[3], window, window,
                stride);
        return new int[] {inputShape[0], inputShape[1], g.outH(), g.outW()};
    }

    @Override
    public String describe() {
        return "AvgPool2d(" + window + "x" + window + ", stride " + stride + ", " + padding + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
