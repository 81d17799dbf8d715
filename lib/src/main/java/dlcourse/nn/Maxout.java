package dlcourse.nn;

import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * A maxout layer: each of the H output units is the largest of k linear pieces,
 * <pre>
 * y_h = max(x w_{h,1} + b_{h,1}, ..., x w_{h,k} + b_{h,k})
 * </pre>
 * (the lecture's max(w_1^T x + b_1, w_2^T x + b_2) is k = 2). It generalizes ReLU and leaky ReLU and has k
 * times the parameters of a {@link Dense} layer.
 * <pre>
 * x [N, D]   W [D, H*k]   b [H*k]   z = x W + b [N, H*k]   y [N, H]
 * </pre>
 * Column h*k + p of W and b is piece p of unit h.
 *
 * <p>Taught in {@code notebooks/02-activation-functions.ipynb} (section "Maxout").
 */
public final class Maxout implements Layer {
    /** What backward needs: the input and, per example and unit, which piece won. */
    private record Cache(Tensor x, int[][] winner) {}

    private final int units;
    private final int pieces;
    private final Parameter W;
    private final Parameter b;
    private Cache cache;

    /** D inputs, H output units, k pieces per unit, weights drawn from {@code rng}. */
    public Maxout(int inputs, int units, int pieces, Random rng) {
        this(Tensor.randn(rng, Math.sqrt(1.0 / checkPositive("inputs", inputs)), inputs,
                checkPositive("units", units) * checkPositive("pieces k", pieces)),
                Tensor.randn(rng, 0.1, units * pieces), pieces);
    }

    /** The given weights W [D, H*k] and bias b [H*k], k pieces per unit. */
    public Maxout(Tensor W, Tensor b, int pieces) {
        checkPositive("pieces k", pieces);
        if (W.rank() != 2 || W.dim(1) % pieces != 0) {
            throw new IllegalArgumentException("Maxout: expected W of shape [D, H*k] with k = " + pieces
                    + " but got " + Tensor.describe(W.shape()));
        }
        b.requireShape("Maxout (bias b)", W.dim(1));
        this.pieces = pieces;
        this.units = W.dim(1) / pieces;
        this.W = new Parameter("W", W);
        this.b = new Parameter("b", b);
    }

    public Parameter W() {
        return W;
    }

    public Parameter b() {
        return b;
    }

    /** y [N, H] from x [N, D]. */
    @Override
    public Tensor forward(Tensor x) {
        x.requireShape("Maxout.forward (x)", -1, W.value().dim(0));
        int n = x.dim(0);
        // z = x W + b: all k pieces of every unit
        Tensor z = x.matmul(W.value()).plusRow(b.value());
        double[][] y = new double[n][units];
        int[][] winner = new int[n][units];
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < units; h++) {
                // y_h = max over p of z_{h,p}
                int best = 0;
                for (int p = 1; p < pieces; p++) {
                    if (z.get(i, h * pieces + p) > z.get(i, h * pieces + best)) {
                        best = p;
                    }
                }
                winner[i][h] = best;
                y[i][h] = z.get(i, h * pieces + best);
            }
        }
        cache = new Cache(x, winner);
        return Tensor.of(y);
    }

    /** Given dY [N, H], sets dW and db, returns dX [N, D]. */
    @Override
    public Tensor backward(Tensor dY) {
        Cache c = Layers.requireCache(cache, this);
        int n = c.x().dim(0);
        dY.requireShape("Maxout.backward (dY)", n, units);
        // forward was: y_h = max_p z_{h,p}, so dZ is dY at the winning piece and 0 at the others
        double[][] dZRows = new double[n][units * pieces];
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < units; h++) {
                dZRows[i][h * pieces + c.winner()[i][h]] = dY.get(i, h);
            }
        }
        Tensor dZ = Tensor.of(dZRows);
        // z = x W + b
        W.setGrad(c.x().matmulTransposeA(dZ));
        b.setGrad(dZ.sum(0));
        return dZ.matmulTransposeB(W.value());
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(W, b);
    }

    @Override
    public String describe() {
        return "Maxout(" + W.value().dim(0) + " -> " + units + ", k = " + pieces + ")";
    }

    private static int checkPositive(String what, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("Maxout: the number of " + what + " must be positive, got " + n);
        }
        return n;
    }
}
