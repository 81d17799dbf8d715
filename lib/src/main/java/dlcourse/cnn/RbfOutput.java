package dlcourse.cnn;

import dlcourse.nn.Layer;
import dlcourse.tensor.Tensor;
import java.util.Random;

/**
 * LeNet-5's output layer of Euclidean radial basis function units (LeCun et al. 1998, section II.B): unit i measures
 * the squared distance between the F6 vector x and its fixed code w_i,
 * <pre>
 * y_i = sum over j of (x_j - w_ij)^2          x [N, 84], w [10, 84], y [N, 10]
 * </pre>
 * so the class whose code lies nearest wins. This layer returns the scores z_i = -y_i: the nearest code gets the
 * largest score, and softmax cross-entropy on z is the paper's training criterion (its equation 9,
 * E = y_correct + log(e^-j + sum_i e^-y_i)) without the constant j of the "rubbish" class.
 *
 * <p><b>The documented substitute.</b> The paper's codes are 7x12 bitmaps of stylised characters drawn by hand, with
 * entries -1 and +1, kept fixed. Those bitmaps are not reproduced here: {@link #randomCodes} draws each code's 84
 * entries as -1 or +1 from a seed. Like the paper's, they are fixed (no parameters), and their entries are +-1,
 * where F6's scaled tanh is steepest in curvature and does not saturate.
 *
 * <p>Taught in {@code notebooks/09-lenet5.ipynb} (section "The faithful LeNet-5").
 */
public final class RbfOutput implements Layer {
    private final double[][] codes;
    private Cache cache;

    /** The input, which the gradient needs. */
    private record Cache(Tensor x) {}

    /** RBF units with the given fixed codes w [K, D], one row per class. */
    public RbfOutput(Tensor codes) {
        codes.requireShape("RbfOutput (codes w [K, D])", -1, -1);
        this.codes = codes.toArray2d();
    }

    /** K codes of D entries, each -1 or +1, drawn from a generator seeded with {@code seed}. */
    public static RbfOutput randomCodes(int classes, int features, long seed) {
        Random rng = new Random(seed);
        double[][] w = new double[classes][features];
        for (double[] code : w) {
            for (int j = 0; j < features; j++) {
                code[j] = rng.nextBoolean() ? 1 : -1;
            }
        }
        return new RbfOutput(Tensor.of(w));
    }

    /** Scores z [N, K] = minus the squared distances from x [N, D] to the codes. */
    @Override
    public Tensor forward(Tensor x) {
        x.requireShape("RbfOutput.forward (F6 outputs [N, D])", -1, codes[0].length);
        double[][] rows = x.toArray2d();
        double[][] z = new double[rows.length][codes.length];
        for (int n = 0; n < rows.length; n++) {
            for (int i = 0; i < codes.length; i++) {
                double y = 0;
                for (int j = 0; j < codes[i].length; j++) {
                    double d = rows[n][j] - codes[i][j];
                    // y_i = sum_j (x_j - w_ij)^2
                    y += d * d;
                }
                z[n][i] = -y;
            }
        }
        cache = new Cache(x);
        return Tensor.of(z);
    }

    /** dX [N, D] for dZ [N, K]; the codes are fixed, so there is no parameter gradient. */
    @Override
    public Tensor backward(Tensor dZ) {
        if (cache == null) {
            throw new IllegalStateException("RbfOutput.backward called before forward: run forward on a batch first");
        }
        double[][] rows = cache.x().toArray2d();
        dZ.requireShape("RbfOutput.backward (dZ)", rows.length, codes.length);
        double[][] g = dZ.toArray2d();
        double[][] dX = new double[rows.length][codes[0].length];
        for (int n = 0; n < rows.length; n++) {
            for (int i = 0; i < codes.length; i++) {
                for (int j = 0; j < codes[i].length; j++) {
                    // forward was: z_i = -sum_j (x_j - w_ij)^2, so dz_i/dx_j = -2 (x_j - w_ij)
                    dX[n][j] += g[n][i] * -2 * (rows[n][j] - codes[i][j]);
                }
            }
        }
        return Tensor.of(dX);
    }

    /** The fixed codes w [K, D]. */
    public Tensor codes() {
        return Tensor.of(codes);
    }

    @Override
    public String describe() {
        return "RbfOutput(" + codes[0].length + " -> " + codes.length + ", fixed +-1 codes)";
    }
}
