package dlcourse.cnn;

import dlcourse.nn.Layer;
import dlcourse.nn.Parameter;
import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * A convolution layer: F filters, each of C x KH x KW weights plus one bias, slide over a batch of images
 * and give F feature maps. The same filter (shared weights) looks at every position, each output cell sees
 * only a KH x KW neighbourhood (local connectivity): the lecture's "detect the same feature at different
 * positions". Taught in {@code notebooks/08-convolution-and-pooling.ipynb} (sections "Convolution as a
 * sliding dot product" and "Six 5x5 filters"); the loops of {@link #forwardLoops} are the assignment
 * {@code exercises/06-convolution.ipynb}.
 *
 * <pre>
 * Y[n, f, y, x] = b[f] + sum over c, ky, kx of W[f, c, ky, kx] * X[n, c, y*s + ky - top, x*s + kx - left]
 * </pre>
 * where cells outside the image count as 0 (zero padding). Like every deep-learning library this is a
 * cross-correlation (the filter is not flipped); a learned filter does not care.
 *
 * <p>Shapes: input X [N, C, H, W], weights W [F, C, KH, KW], bias b [F], output Y [N, F, OH, OW] with
 * <pre>
 * OH = floor((H + top + bottom - KH) / s) + 1     (OW alike)
 * </pre>
 * and the padding from {@link Padding}: VALID (none), SAME (OH = ceil(H / s)) or explicit p (OH =
 * floor((H + 2p - KH) / s) + 1). The lecture's example: six 5x5 filters over a 32x32 image, VALID, stride 1,
 * give 28x28x6, since 32 - 5 + 1 = 28.
 *
 * <p>Two implementations sit side by side. {@link #forwardLoops} and {@link #backwardLoops} are the text: the
 * equation above as seven nested loops. {@link #forward} and {@link #backward} (what training uses) take the
 * fast path in {@link Im2col}: each image's KH x KW patches are unrolled into the columns of a matrix so that
 * the whole layer becomes one matrix product per group of images, spread over the cores. A test holds the two
 * equal.
 */
public final class Conv2d implements Layer {
    private final Parameter W;
    private final Parameter b;
    private final int stride;
    private final Padding padding;
    private Cache cache;

    /** What backward needs: the input and where the windows went. */
    private record Cache(Tensor x, Padding.Geometry geometry) {}

    private Conv2d(Tensor W, Tensor b, int stride, Padding padding) {
        if (W.rank() != 4) {
            throw new IllegalArgumentException("Conv2d: expected weights W of shape [F, C, KH, KW] but got "
                    + Tensor.describe(W.shape()));
        }
        b.requireShape("Conv2d bias b (one per filter)", W.dim(0));
        if (stride < 1) {
            throw new IllegalArgumentException("Conv2d: stride must be 1 or more, got " + stride);
        }
        this.W = new Parameter("W", W);
        this.b = new Parameter("b", b);
        this.stride = stride;
        this.padding = padding;
    }

    /**
     * F random filters of C x K x K for inputs of C channels. Weights are drawn from N(0, 2 / (C K K)) (He
     * initialisation, which keeps the variance of the outputs near that of the inputs under ReLU); biases
     * start at 0.
     */
    public static Conv2d create(Random rng, int inChannels, int numFilters, int kernelSize, int stride,
                                Padding padding) {
        if (inChannels < 1 || numFilters < 1 || kernelSize < 1) {
            throw new IllegalArgumentException("Conv2d.create: channels, filters and kernel size must be 1 or more,"
                    + " got C="
                    + inChannels + ", F=" + numFilters + ", K=" + kernelSize);
        }
        double std = Math.sqrt(2.0 / (inChannels * kernelSize * kernelSize));
        return new Conv2d(Tensor.randn(rng, std, numFilters, inChannels, kernelSize, kernelSize),
                Tensor.zeros(numFilters), stride, padding);
    }

    /** A layer with the given filters W [F, C, KH, KW] and biases b [F] (e.g. hand-crafted Sobel filters). */
    public static Conv2d withWeights(Tensor W, Tensor b, int stride, Padding padding) {
        return new Conv2d(W, b, stride, padding);
    }

    // ------------------------------------------------------------------------------------- fast path

    /** Y = conv(X, W) + b, input [N, C, H, W], output [N, F, OH, OW], by im2col and matrix products. */
    @Override
    public Tensor forward(Tensor x) {
        Padding.Geometry g = geometryFor(x, "Conv2d.forward");
        cache = new Cache(x, g);
        return Im2col.convForward(x, W.value(), b.value(), stride, g);
    }

    /** dX for dY [N, F, OH, OW]; sets dW and db. The fast counterpart of {@link #backwardLoops}. */
    @Override
    public Tensor backward(Tensor dY) {
        Cache c = requireCache(dY, "Conv2d.backward");
        Im2col.ConvGradients grads = Im2col.convBackward(c.x(), W.value(), dY, stride, c.geometry(), true);
        W.setGrad(grads.dW());
        b.setGrad(grads.db());
        return grads.dX();
    }

    /**
     * Sets dW and db like {@link #backward} but skips dX: for the first layer of a network, whose input (the
     * images) is not trained, so nothing needs dX. It saves about a third of the layer's backward work.
     */
    public void backwardParametersOnly(Tensor dY) {
        Cache c = requireCache(dY, "Conv2d.backwardParametersOnly");
        Im2col.ConvGradients grads = Im2col.convBackward(c.x(), W.value(), dY, stride, c.geometry(), false);
        W.setGrad(grads.dW());
        b.setGrad(grads.db());
    }

    // ------------------------------------------------------------------------------------- the text

    /** The same as {@link #forward}, written as the equation's loops: slow, for reading and for tests. */
    public Tensor forwardLoops(Tensor x) {
        Padding.Geometry g = geometryFor(x, "Conv2d.forwardLoops");
        cache = new Cache(x, g);
        Tensor w = W.value();
        int numImages = x.dim(0);
        int numChannels = x.dim(1);
        int numFilters = w.dim(0);
        int kh = w.dim(2);
        int kw = w.dim(3);
        double[][][][] Y = new double[numImages][numFilters][g.outH()][g.outW()];
        for (int n = 0; n < numImages; n++) {
            for (int f = 0; f < numFilters; f++) {
                for (int y = 0; y < g.outH(); y++) {
                    for (int xo = 0; xo < g.outW(); xo++) {
                        // Y[n,f,y,x] = b[f] + sum_{c,ky,kx} W[f,c,ky,kx] * X[n, c, y*s + ky - top, x*s + kx - left]
                        double sum = b.value().get(f);
                        for (int c = 0; c < numChannels; c++) {
                            for (int ky = 0; ky < kh; ky++) {
                                for (int kx = 0; kx < kw; kx++) {
                                    int iy = y * stride + ky - g.top();
                                    int ix = xo * stride + kx - g.left();
                                    if (inside(x, iy, ix)) { // outside the image is zero padding
                                        sum += w.get(f, c, ky, kx) * x.get(n, c, iy, ix);
                                    }
                                }
                            }
                        }
                        Y[n][f][y][xo] = sum;
                    }
                }
            }
        }
        return Tensor.of(Y);
    }

    /**
     * The same as {@link #backward}, as loops: every output cell's gradient g = dY[n, f, y, x] flows back along
     * the products that made it.
     */
    public Tensor backwardLoops(Tensor dY) {
        Cache cached = requireCache(dY, "Conv2d.backwardLoops");
        Tensor x = cached.x();
        Padding.Geometry g = cached.geometry();
        Tensor w = W.value();
        int numFilters = w.dim(0);
        int numChannels = w.dim(1);
        int kh = w.dim(2);
        int kw = w.dim(3);
        double[][][][] dX = new double[x.dim(0)][numChannels][x.dim(2)][x.dim(3)];
        double[][][][] dW = new double[numFilters][numChannels][kh][kw];
        double[] db = new double[numFilters];
        for (int n = 0; n < x.dim(0); n++) {
            for (int f = 0; f < numFilters; f++) {
                for (int y = 0; y < g.outH(); y++) {
                    for (int xo = 0; xo < g.outW(); xo++) {
                        double grad = dY.get(n, f, y, xo);
                        // forward: Y[n,f,y,x] = b[f] + ...  so  db[f] += dY[n,f,y,x]
                        db[f] += grad;
                        for (int c = 0; c < numChannels; c++) {
                            for (int ky = 0; ky < kh; ky++) {
                                for (int kx = 0; kx < kw; kx++) {
                                    int iy = y * stride + ky - g.top();
                                    int ix = xo * stride + kx - g.left();
                                    if (inside(x, iy, ix)) {
                                        // forward: ... + W[f,c,ky,kx] * X[n,c,iy,ix]
                                        dW[f][c][ky][kx] += grad * x.get(n, c, iy, ix);
                                        dX[n][c][iy][ix] += grad * w.get(f, c, ky, kx);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        this.W.setGrad(Tensor.of(dW));
        this.b.setGrad(Tensor.of(db));
        return Tensor.of(dX);
    }

    // ------------------------------------------------------------------------------------- access

    /** The output shape [N, F, OH, OW] for an input of shape [N, C, H, W]. */
    public int[] outputShape(int... inputShape) {
        Padding.Geometry g = geometryFor(Tensor.zeros(inputShape), "Conv2d.outputShape");
        return new int[] {inputShape[0], W.value().dim(0), g.outH(), g.outW()};
    }

    /** The filters W [F, C, KH, KW], e.g. to show the learned filters as images. */
    public Tensor filters() {
        return W.value();
    }

    /** The biases b [F]. */
    public Tensor bias() {
        return b.value();
    }

    public int stride() {
        return stride;
    }

    public Padding padding() {
        return padding;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(W, b);
    }

    @Override
    public String describe() {
        Tensor w = W.value();
        return "Conv2d(" + w.dim(1) + " -> " + w.dim(0) + ", " + w.dim(2) + "x" + w.dim(3) + ", stride " + stride
                + ", " + padding + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    // ------------------------------------------------------------------------------------- helpers

    private Padding.Geometry geometryFor(Tensor x, String operation) {
        Tensor w = W.value();
        x.requireShape(operation + " (input [N, C, H, W] with C = " + w.dim(1) + ")", -1, w.dim(1), -1, -1);
        return padding.resolve(operation, x.dim(2), x.dim(3), w.dim(2), w.dim(3), stride);
    }

    private Cache requireCache(Tensor dY, String operation) {
        if (cache == null) {
            throw new IllegalStateException(operation + ": call forward first, backward needs its input");
        }
        dY.requireShape(operation + " (dY, the shape of the last output)", cache.x().dim(0), W.value().dim(0),
                cache.geometry().outH(), cache.geometry().outW());
        return cache;
    }

    private static boolean inside(Tensor x, int iy, int ix) {
        return iy >= 0 && iy < x.dim(2) && ix >= 0 && ix < x.dim(3);
    }
}
