package dlcourse.autoencoder;

import dlcourse.tensor.Tensor;

/**
 * The reconstruction error L_H(x, z) between an input x and its reconstruction z, both [N, D], averaged over
 * the N examples of the batch. The lecture names two choices (notebook {@code 05-autoencoder-variants},
 * section "Denoising autoencoder procedure"):
 * <pre>
 * squared error:  L = (1/N) sum_i ||z_i - x_i||^2
 * cross-entropy:  L = -(1/N) sum_i sum_k [x_ik log z_ik + (1 - x_ik) log(1 - z_ik)]
 * </pre>
 * Cross-entropy needs x and z in [0, 1] (a sigmoid output); z is clipped to [EPSILON, 1 - EPSILON] so that
 * log never sees 0.
 */
public enum ReconstructionLoss {
    SQUARED_ERROR {
        @Override
        public double loss(Tensor x, Tensor z) {
            check(x, z, "loss");
            // L = (1/N) sum_i ||z_i - x_i||^2
            return z.minus(x).squaredNorm() / x.dim(0);
        }

        @Override
        public Tensor gradient(Tensor x, Tensor z) {
            check(x, z, "gradient");
            // dL/dz = 2 (z - x) / N
            return z.minus(x).times(2.0 / x.dim(0));
        }
    },
    CROSS_ENTROPY {
        @Override
        public double loss(Tensor x, Tensor z) {
            check(x, z, "loss");
            // L = -(1/N) sum [x log z + (1 - x) log(1 - z)]
            Tensor terms = x.zipWith(z, (xk, zk) -> {
                double zc = clip(zk);
                return xk * Math.log(zc) + (1 - xk) * Math.log(1 - zc);
            }, "ReconstructionLoss.CROSS_ENTROPY");
            return -terms.sum() / x.dim(0);
        }

        @Override
        public Tensor gradient(Tensor x, Tensor z) {
            check(x, z, "gradient");
            // dL/dz = (1/N) (z - x) / (z (1 - z))
            double n = x.dim(0);
            return x.zipWith(z, (xk, zk) -> {
                double zc = clip(zk);
                return (zc - xk) / (zc * (1 - zc)) / n;
            }, "ReconstructionLoss.CROSS_ENTROPY");
        }
    };

    /** How far z is kept from 0 and 1 inside the logarithms of the cross-entropy. */
    public static final double EPSILON = 1e-12;

    /** L_H(x, z), averaged over the batch. */
    public abstract double loss(Tensor x, Tensor z);

    /** dL_H/dz [N, D]. */
    public abstract Tensor gradient(Tensor x, Tensor z);

    static double clip(double z) {
        return Math.min(1 - EPSILON, Math.max(EPSILON, z));
    }

    final void check(Tensor x, Tensor z, String what) {
        x.requireShape("ReconstructionLoss." + name() + "." + what + " (x is [N, D])", -1, -1);
        z.requireShape("ReconstructionLoss." + name() + "." + what + " (z must match x)", x.shape());
    }
}
