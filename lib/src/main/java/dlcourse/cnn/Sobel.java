package dlcourse.cnn;

import dlcourse.tensor.Tensor;

/**
 * The Sobel filters, the lecture's example of hand-crafted features: two 3x3 filters that respond to edges,
 * the kind of filter that a convolution layer learns by itself in its first layer. Taught in notebook
 * {@code notebooks/08-convolution-and-pooling.ipynb} (section "A hand-crafted filter: Sobel").
 *
 * <pre>
 * Gx = [[-1, 0, 1],        Gy = [[-1, -2, -1],
 *       [-2, 0, 2],              [ 0,  0,  0],
 *       [-1, 0, 1]]              [ 1,  2,  1]]
 * </pre>
 * Gx responds where brightness rises from left to right (a vertical edge), Gy where it rises from top to
 * bottom (a horizontal edge); the edge strength is sqrt(Gx^2 + Gy^2). The filters are applied as
 * {@link Conv2d} does (cross-correlation, no flip).
 */
public final class Sobel {
    private Sobel() {}

    /** Gx [3, 3]: the change from left to right, smoothed over three rows. */
    public static Tensor gx() {
        return Tensor.of(new double[][] {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}});
    }

    /** Gy [3, 3]: the change from top to bottom, smoothed over three columns. */
    public static Tensor gy() {
        return Tensor.of(new double[][] {{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}});
    }

    /**
     * A convolution layer holding the two filters: grey images [N, 1, H, W] give [N, 2, H, W], channel 0 the
     * Gx response and channel 1 the Gy response (SAME padding, stride 1).
     */
    public static Conv2d layer() {
        double[] weights = new double[18];
        System.arraycopy(gx().rawData(), 0, weights, 0, 9);
        System.arraycopy(gy().rawData(), 0, weights, 9, 9);
        return Conv2d.withWeights(Tensor.wrap(weights, 2, 1, 3, 3), Tensor.zeros(2), 1, Padding.SAME);
    }

    /** The edge strength sqrt(Gx^2 + Gy^2) of grey images [N, 1, H, W], as [N, 1, H, W]. */
    public static Tensor magnitude(Tensor images) {
        images.requireShape("Sobel.magnitude (grey images [N, 1, H, W])", -1, 1, -1, -1);
        Tensor responses = layer().forward(images);
        int n = images.dim(0);
        int h = images.dim(2);
        int w = images.dim(3);
        double[][][][] out = new double[n][1][h][w];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // |G| = sqrt(Gx^2 + Gy^2)
                    out[i][0][y][x] = Math.hypot(responses.get(i, 0, y, x), responses.get(i, 1, y, x));
                }
            }
        }
        return Tensor.of(out);
    }
}
