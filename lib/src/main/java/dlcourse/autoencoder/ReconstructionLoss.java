package dlcourse.autoencoder;

import dlcourse.nn.BinaryCrossEntropy;
import dlcourse.nn.Loss;
import dlcourse.tensor.Tensor;

/**
 * The reconstruction error L_H(x, z) between an input x and its reconstruction z, both [N, D], averaged over
 * the N examples of the batch. The lecture names two choices (notebook {@code 05-autoencoder-variants},
 * section "Denoising autoencoder procedure"):
 * <pre>
 * squared error:       L = (1/N) sum_i ||z_i - x_i||^2
 * cross-entropy:       L = -(1/N) sum_i sum_k [x_ik log z_ik + (1 - x_ik) log(1 - z_ik)]
 * </pre>
 * and UFLDL's sparse autoencoder uses a third, the squared error with a half in front:
 * <pre>
 * half squared error:  L = (1/N) sum_i 1/2 ||z_i - x_i||^2
 * </pre>
 * <b>A factor 2 to watch:</b> the lecture's {@link #SQUARED_ERROR} has no 1/2, so its value and gradient are
 * twice those of {@link dlcourse.nn.SquaredError} (notebook 01's loss, which has the 1/2) on the same numbers.
 * {@link #HALF_SQUARED_ERROR} is exactly {@code nn.SquaredError}; {@link SparseAutoencoder#kl} uses it because
 * UFLDL's defaults rho, beta and the weight decay were tuned against the loss with the 1/2.
 *
 * <p>Cross-entropy needs x and z in [0, 1] (a sigmoid output); it is {@link BinaryCrossEntropy} with the
 * reconstruction z as the prediction and the input x as the target, so z is clipped to
 * [EPSILON, 1 - EPSILON] so that log never sees 0.
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
    HALF_SQUARED_ERROR {
        @Override
        public double loss(Tensor x, Tensor z) {
            check(x, z, "loss");
            // L = (1/N) sum_i 1/2 ||z_i - x_i||^2
            return 0.5 * z.minus(x).squaredNorm() / x.dim(0);
        }

        @Override
        public Tensor gradient(Tensor x, Tensor z) {
            check(x, z, "gradient");
            // dL/dz = (z - x) / N
            return z.minus(x).times(1.0 / x.dim(0));
        }
    },
    CROSS_ENTROPY {
        @Override
        public double loss(Tensor x, Tensor z) {
            check(x, z, "loss");
            // L = -(1/N) sum [x log z + (1 - x) log(1 - z)]: binary cross-entropy with prediction z, target x
            return new BinaryCrossEntropy().forward(z, x);
        }

        @Override
        public Tensor gradient(Tensor x, Tensor z) {
            check(x, z, "gradient");
            // dL/dz = (1/N) (z - x) / (z (1 - z))
            BinaryCrossEntropy bce = new BinaryCrossEntropy();
            bce.forward(z, x);
            return bce.backward();
        }
    };

    /** How far z is kept from 0 and 1 inside the logarithms of the cross-entropy. */
    public static final double EPSILON = 1e-12;

    /** L_H(x, z), averaged over the batch. */
    public abstract double loss(Tensor x, Tensor z);

    /** dL_H/dz [N, D]. */
    public abstract Tensor gradient(Tensor x, Tensor z);

    /**
     * This reconstruction error as a {@link Loss} for the {@link dlcourse.nn.Trainer}: {@code forward(z, x)} is
     * {@link #loss}(x, z) (the prediction first, the target second, as every Loss) and {@code backward()} is
     * {@link #gradient}(x, z) of that last forward.
     */
    public Loss asLoss() {
        ReconstructionLoss self = this;
        return new Loss() {
            private Tensor x;
            private Tensor z;

            @Override
            public double forward(Tensor yHat, Tensor y) {
                this.z = yHat;
                this.x = y;
                return self.loss(y, yHat);
            }

            @Override
            public Tensor backward() {
                if (z == null) {
                    throw new IllegalStateException("ReconstructionLoss." + self.name() + ".asLoss().backward: call"
                            + " forward first");
                }
                return self.gradient(x, z);
            }

            @Override
            public String describe() {
                return "ReconstructionLoss." + self.name();
            }
        };
    }

    final void check(Tensor x, Tensor z, String what) {
        x.requireShape("ReconstructionLoss." + name() + "." + what + " (x is [N, D])", -1, -1);
        z.requireShape("ReconstructionLoss." + name() + "." + what + " (z must match x)", x.shape());
    }
}
