package dlcourse.cnn;

import dlcourse.nn.Layer;
import dlcourse.nn.Parameter;
import dlcourse.tensor.Tensor;
import java.util.List;

/**
 * LeNet-5's trainable subsampling (layers S2 and S4 of LeCun et al. 1998): each output adds up a 2x2 block of its
 * input map, multiplies the sum by the map's trainable coefficient and adds the map's trainable bias:
 * <pre>
 * Y[n, c, y, x] = coef[c] * (X[n, c, 2y, 2x] + X[n, c, 2y, 2x+1] + X[n, c, 2y+1, 2x] + X[n, c, 2y+1, 2x+1]) + bias[c]
 * </pre>
 * Shapes: X [N, C, H, W] with H and W even, Y [N, C, H/2, W/2], coef [C], bias [C]: two parameters per map
 * (12 for S2, 32 for S4). In the paper a squashing function follows; here that is a separate {@link ScaledTanh}.
 * The block sums come from {@link AvgPool2d} (sum = 4 times the mean), so the fast path is the pooling layer's.
 *
 * <p>Taught in {@code notebooks/09-lenet5.ipynb} (section "The faithful LeNet-5").
 */
public final class Subsampling implements Layer {
    private final Parameter coef;
    private final Parameter bias;
    private final AvgPool2d mean = AvgPool2d.of(2, 2, Padding.VALID);
    private Cache cache;

    /** The block sums, which the coefficient's gradient needs. */
    private record Cache(Tensor sums) {}

    /** A subsampling layer for {@code maps} input maps, coefficients starting at {@code coef0}, biases at 0. */
    public Subsampling(int maps, double coef0) {
        if (maps < 1) {
            throw new IllegalArgumentException("Subsampling: the number of maps must be 1 or more, got " + maps);
        }
        coef = new Parameter("coef", Tensor.full(coef0, maps));
        bias = new Parameter("bias", Tensor.zeros(maps));
    }

    /** Y [N, C, H/2, W/2] for X [N, C, H, W]. */
    @Override
    public Tensor forward(Tensor x) {
        x.requireShape("Subsampling.forward (input [N, C, H, W])", -1, coef.count(), -1, -1);
        if (x.dim(2) % 2 != 0 || x.dim(3) % 2 != 0) {
            throw new IllegalArgumentException("Subsampling.forward: maps must have an even height and width to split"
                    + " into 2x2 blocks, got " + x.dim(2) + "x" + x.dim(3));
        }
        // sum of each 2x2 block = 4 * its mean
        Tensor sums = mean.forward(x).times(4);
        cache = new Cache(sums);
        double[][][][] Y = sums.toArray4d();
        for (int n = 0; n < Y.length; n++) {
            for (int c = 0; c < Y[n].length; c++) {
                double k = coef.value().get(c);
                double b = bias.value().get(c);
                for (double[] row : Y[n][c]) {
                    for (int xo = 0; xo < row.length; xo++) {
                        // Y = coef[c] * sum + bias[c]
                        row[xo] = k * row[xo] + b;
                    }
                }
            }
        }
        return Tensor.of(Y);
    }

    /** dX [N, C, H, W] for dY [N, C, H/2, W/2]; sets dcoef and dbias. */
    @Override
    public Tensor backward(Tensor dY) {
        if (cache == null) {
            throw new IllegalStateException("Subsampling.backward called before forward: run forward on a batch first");
        }
        Tensor sums = cache.sums();
        dY.requireShape("Subsampling.backward (dY)", sums.shape());
        double[][][][] g = dY.toArray4d();
        double[][][][] s = sums.toArray4d();
        int maps = coef.count();
        double[] dCoef = new double[maps];
        double[] dBias = new double[maps];
        for (int n = 0; n < g.length; n++) {
            for (int c = 0; c < maps; c++) {
                double k = coef.value().get(c);
                for (int y = 0; y < g[n][c].length; y++) {
                    for (int xo = 0; xo < g[n][c][y].length; xo++) {
                        // forward was: Y = coef * sum + bias
                        dCoef[c] += g[n][c][y][xo] * s[n][c][y][xo];
                        dBias[c] += g[n][c][y][xo];
                        g[n][c][y][xo] *= k;    // dSum = dY * coef
                    }
                }
            }
        }
        coef.setGrad(Tensor.of(dCoef));
        bias.setGrad(Tensor.of(dBias));
        // sum = 4 * mean, so dX = 4 * (the mean's backward of dSum)
        return mean.backward(Tensor.of(g)).times(4);
    }

    /** The coefficients [C]. */
    public Parameter coef() {
        return coef;
    }

    /** The biases [C]. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(coef, bias);
    }

    @Override
    public String describe() {
        return "Subsampling(" + coef.count() + " maps, 2x2 sum x coefficient + bias)";
    }
}
