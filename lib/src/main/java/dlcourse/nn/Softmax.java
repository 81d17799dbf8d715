package dlcourse.nn;

import dlcourse.tensor.Tensor;

/**
 * Softmax over the K scores z of each example,
 * <pre>
 * sigma(z)_j = e^{z_j} / sum_k e^{z_k}
 * </pre>
 * computed stably: subtracting max(z) first changes nothing mathematically but keeps e^{z} from overflowing,
 * so scores like [1000, 1001, 1002] work. Shapes: z [N, K] to [N, K] (or a single vector [K] to [K]).
 *
 * <p>Its Jacobian follows the lecture's equations (1) and (2):
 * <pre>
 * d sigma_j / d z_j = sigma_j (1 - sigma_j)     (1)
 * d sigma_i / d z_j = -sigma_i sigma_j, i != j    (2)
 * </pre>
 * together diag(sigma) - sigma sigma^T.
 *
 * <p>Taught in {@code notebooks/03-softmax.ipynb} (section "Softmax and its Jacobian").
 */
public final class Softmax implements Layer {
    private record Cache(Tensor s) {}

    private Cache cache;

    /** The softmax of each row of z [N, K], or of a vector z [K]. */
    public static Tensor apply(Tensor z) {
        if (z.rank() == 1) {
            return apply(z.reshape(1, z.size())).reshape(z.size());
        }
        return withLog(z).p();
    }

    /**
     * log sigma(z) for each row of z [N, K] (or a vector [K]), computed stably as
     * log sigma(z)_j = z_j - max(z) - log sum_k e^{z_k - max(z)}: finite even where sigma(z)_j underflows to 0.
     */
    public static Tensor logSoftmax(Tensor z) {
        if (z.rank() == 1) {
            return logSoftmax(z.reshape(1, z.size())).reshape(z.size());
        }
        return withLog(z).logP();
    }

    /** The probabilities p = sigma(z) and their logarithms log p, both [N, K]. */
    public record WithLog(Tensor p, Tensor logP) {}

    /**
     * sigma(z) and log sigma(z) of each row of z [N, K] together, from one set of exponentials (what
     * {@link SoftmaxCrossEntropy} needs).
     */
    public static WithLog withLog(Tensor z) {
        z.requireShape("Softmax (z)", -1, -1);
        int n = z.dim(0);
        int k = z.dim(1);
        double[][] p = new double[n][k];
        double[][] logP = new double[n][k];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, z.get(i, j));
            }
            double total = 0;
            for (int j = 0; j < k; j++) {
                // e^{z_j - max(z)}: the same ratios as e^{z_j}, without overflow
                p[i][j] = Math.exp(z.get(i, j) - max);
                total += p[i][j];
            }
            double logTotal = Math.log(total);
            for (int j = 0; j < k; j++) {
                // sigma(z)_j = e^{z_j} / sum_k e^{z_k}
                p[i][j] /= total;
                // log sigma(z)_j = z_j - max(z) - log sum_k e^{z_k - max(z)}
                logP[i][j] = z.get(i, j) - max - logTotal;
            }
        }
        return new WithLog(Tensor.of(p), Tensor.of(logP));
    }

    /**
     * The Jacobian of softmax at z [K]: a matrix [K, K] whose entry [i, j] is d sigma(z)_i / d z_j, from
     * equations (1) and (2).
     */
    public static Tensor jacobian(Tensor z) {
        z.requireShape("Softmax.jacobian (z)", -1);
        Tensor s = apply(z);
        int k = z.size();
        double[][] J = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (i == j) {
                    // (1): d sigma_j / d z_j = sigma_j (1 - sigma_j)
                    J[i][j] = s.get(j) * (1 - s.get(j));
                } else {
                    // (2): d sigma_i / d z_j = -sigma_i sigma_j
                    J[i][j] = -s.get(i) * s.get(j);
                }
            }
        }
        return Tensor.of(J);
    }

    /** sigma(z) for z [N, K]. */
    @Override
    public Tensor forward(Tensor z) {
        z.requireShape("Softmax.forward (z)", -1, -1);
        Tensor s = apply(z);
        cache = new Cache(s);
        return s;
    }

    /**
     * dZ [N, K] from dS [N, K]: each row is J^T dS with the Jacobian above, which simplifies to
     * dZ_j = sigma_j (dS_j - sum_i dS_i sigma_i).
     */
    @Override
    public Tensor backward(Tensor dS) {
        Cache c = Layers.requireCache(cache, this);
        Tensor s = c.s();
        dS.requireShape("Softmax.backward (dS)", s.shape());
        int n = s.dim(0);
        int k = s.dim(1);
        double[][] dZ = new double[n][k];
        for (int row = 0; row < n; row++) {
            double dot = 0;
            for (int i = 0; i < k; i++) {
                dot += dS.get(row, i) * s.get(row, i);
            }
            for (int j = 0; j < k; j++) {
                // dZ_j = sum_i dS_i d sigma_i/d z_j = sigma_j (dS_j - sum_i dS_i sigma_i), by (1) and (2)
                dZ[row][j] = s.get(row, j) * (dS.get(row, j) - dot);
            }
        }
        return Tensor.of(dZ);
    }
}
