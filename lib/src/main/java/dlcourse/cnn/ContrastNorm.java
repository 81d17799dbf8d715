package dlcourse.cnn;

import dlcourse.nn.Layer;
import dlcourse.tensor.Tensor;

/**
 * Contrast normalization, the lecture's "equalizes the feature maps": values are shifted to mean 0 and scaled
 * to variance 1 within a group, so that a dim and a bright version of the same pattern give the same
 * response. Taught in
 * {@code notebooks/08-convolution-and-pooling.ipynb} (section "Contrast normalization").
 *
 * <p>Two groupings, for feature maps X [N, C, H, W]:
 * <ul>
 *   <li>{@link #withinMaps()}: each feature map of each image on its own, over its H x W positions. A map
 *       that is weak everywhere is stretched to the same range as a strong one.</li>
 *   <li>{@link #acrossMaps()}: at each position (y, x) of each image, over the C maps. Maps compete: what
 *       counts is how a map's response compares with the other maps' responses at the same place.</li>
 * </ul>
 * <pre>
 * mu = (1/m) sum over the group of x        sigma^2 = (1/m) sum over the group of (x - mu)^2
 * y  = (x - mu) / sqrt(sigma^2 + eps)        (m values per group, eps keeps a flat group finite)
 * </pre>
 * Backward, with the same groups and g = dY:
 * <pre>
 * dX = (g - mean(g) - y * mean(g * y)) / sqrt(sigma^2 + eps)
 * </pre>
 * Shapes: Y and dX have the shape of X. The original convolutional networks (Jarrett et al. 2009) weight
 * each group with a Gaussian window over a neighbourhood; the plain mean over the whole map or over the maps
 * at one position is the simplest instance and what this layer computes.
 */
public final class ContrastNorm implements Layer {
    /** The default eps, small next to the variance of typical feature maps. */
    public static final double EPS = 1e-5;

    private final boolean acrossMaps;
    private final double eps;
    private Cache cache;

    /** The normalized output y and 1 / sqrt(sigma^2 + eps) of every value's group, both [N, C, H, W]. */
    private record Cache(double[][][][] y, double[][][][] invStd) {}

    private ContrastNorm(boolean acrossMaps, double eps) {
        if (!(eps > 0)) {
            throw new IllegalArgumentException("ContrastNorm: eps must be positive, got " + eps + "; 1e-5 is usual");
        }
        this.acrossMaps = acrossMaps;
        this.eps = eps;
    }

    /** Normalization within each feature map (over H x W), eps = {@link #EPS}. */
    public static ContrastNorm withinMaps() {
        return new ContrastNorm(false, EPS);
    }

    /** Normalization across the feature maps at each position (over C), eps = {@link #EPS}. */
    public static ContrastNorm acrossMaps() {
        return new ContrastNorm(true, EPS);
    }

    /** The same with a chosen eps. */
    public ContrastNorm withEps(double newEps) {
        return new ContrastNorm(acrossMaps, newEps);
    }

    @Override
    public Tensor forward(Tensor x) {
        x.requireShape("ContrastNorm.forward (feature maps [N, C, H, W])", -1, -1, -1, -1);
        double[][][][] X = x.toArray4d();
        int[] s = x.shape();
        double[][][][] Y = new double[s[0]][s[1]][s[2]][s[3]];
        double[][][][] invStd = new double[s[0]][s[1]][s[2]][s[3]];
        forEachGroup(s, group -> {
            // mu = (1/m) sum x
            double mu = 0;
            for (int[] at : group) {
                mu += X[at[0]][at[1]][at[2]][at[3]];
            }
            mu /= group.length;
            // sigma^2 = (1/m) sum (x - mu)^2
            double variance = 0;
            for (int[] at : group) {
                double d = X[at[0]][at[1]][at[2]][at[3]] - mu;
                variance += d * d;
            }
            variance /= group.length;
            double scale = 1 / Math.sqrt(variance + eps);
            // y = (x - mu) / sqrt(sigma^2 + eps)
            for (int[] at : group) {
                Y[at[0]][at[1]][at[2]][at[3]] = (X[at[0]][at[1]][at[2]][at[3]] - mu) * scale;
                invStd[at[0]][at[1]][at[2]][at[3]] = scale;
            }
        });
        cache = new Cache(Y, invStd);
        return Tensor.of(Y);
    }

    @Override
    public Tensor backward(Tensor dY) {
        if (cache == null) {
            throw new IllegalStateException("ContrastNorm.backward: call forward first, backward needs its output");
        }
        double[][][][] Y = cache.y();
        int[] s = {Y.length, Y[0].length, Y[0][0].length, Y[0][0][0].length};
        dY.requireShape("ContrastNorm.backward (dY, the shape of the last output)", s);
        double[][][][] G = dY.toArray4d();
        double[][][][] dX = new double[s[0]][s[1]][s[2]][s[3]];
        forEachGroup(s, group -> {
            double meanG = 0;
            double meanGY = 0;
            for (int[] at : group) {
                meanG += G[at[0]][at[1]][at[2]][at[3]];
                meanGY += G[at[0]][at[1]][at[2]][at[3]] * Y[at[0]][at[1]][at[2]][at[3]];
            }
            meanG /= group.length;
            meanGY /= group.length;
            // dX = (g - mean(g) - y * mean(g y)) / sqrt(sigma^2 + eps)
            for (int[] at : group) {
                double g = G[at[0]][at[1]][at[2]][at[3]];
                double y = Y[at[0]][at[1]][at[2]][at[3]];
                dX[at[0]][at[1]][at[2]][at[3]] = (g - meanG - y * meanGY) * cache.invStd()[at[0]][at[1]][at[2]][at[3]];
            }
        });
        return Tensor.of(dX);
    }

    /** Calls body with the [n, c, y, x] positions of each group: a map (within) or a pixel's C values (across). */
    private void forEachGroup(int[] s, java.util.function.Consumer<int[][]> body) {
        for (int n = 0; n < s[0]; n++) {
            if (acrossMaps) {
                for (int y = 0; y < s[2]; y++) {
                    for (int x = 0; x < s[3]; x++) {
                        int[][] group = new int[s[1]][];
                        for (int c = 0; c < s[1]; c++) {
                            group[c] = new int[] {n, c, y, x};
                        }
                        body.accept(group);
                    }
                }
            } else {
                for (int c = 0; c < s[1]; c++) {
                    int[][] group = new int[s[2] * s[3]][];
                    for (int y = 0; y < s[2]; y++) {
                        for (int x = 0; x < s[3]; x++) {
                            group[y * s[3] + x] = new int[] {n, c, y, x};
                        }
                    }
                    body.accept(group);
                }
            }
        }
    }

    @Override
    public String describe() {
        return "ContrastNorm(" + (acrossMaps ? "across maps" : "within maps") + ", eps " + eps + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
