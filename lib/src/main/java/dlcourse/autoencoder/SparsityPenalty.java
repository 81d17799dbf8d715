package dlcourse.autoencoder;

import dlcourse.tensor.Tensor;

/**
 * The penalties that make an autoencoder's hidden layer sparse (most activations near 0), and their
 * gradients with respect to the hidden activations a = h [N, H]. Taught in notebook
 * {@code 05-autoencoder-variants}, section "Sparse autoencoder"; each function is small so that the graded
 * exercise can ask for it alone.
 * <ul>
 *   <li>the lecture's L1 penalty, lambda sum_j |a_j| per example, averaged over the batch like the
 *       reconstruction error: {@link #l1}, {@link #l1Gradient};</li>
 *   <li>UFLDL's KL form over the batch-mean activation rhoHat_j = (1/N) sum_i a_ij:
 *       beta sum_j KL(rho || rhoHat_j), {@link #kl}, {@link #klGradient}, with the defaults
 *       {@link #UFLDL_RHO} and {@link #UFLDL_BETA};</li>
 *   <li>weight decay (lambda / 2) ||W||_F^2 that UFLDL adds beside it: {@link #weightDecay},
 *       {@link #weightDecayGradient}, default {@link #UFLDL_WEIGHT_DECAY}.</li>
 * </ul>
 */
public final class SparsityPenalty {
    private SparsityPenalty() {}

    /** UFLDL's target average activation rho. */
    public static final double UFLDL_RHO = 0.01;
    /** UFLDL's weight of the KL sparsity penalty beta. */
    public static final double UFLDL_BETA = 3;
    /** UFLDL's weight decay lambda. */
    public static final double UFLDL_WEIGHT_DECAY = 1e-4;

    // ------------------------------------------------------------------------- the lecture's L1 penalty

    /** The L1 penalty (1/N) sum_i lambda sum_j |a_ij| for activations a [N, H]. */
    public static double l1(Tensor a, double lambda) {
        a.requireShape("SparsityPenalty.l1 (a is [N, H])", -1, -1);
        // lambda sum_j |a_j|, averaged over the batch
        return lambda * a.map(Math::abs).sum() / a.rows();
    }

    /** d l1 / d a = (lambda / N) sign(a), [N, H]. */
    public static Tensor l1Gradient(Tensor a, double lambda) {
        a.requireShape("SparsityPenalty.l1Gradient (a is [N, H])", -1, -1);
        // d|a|/da = sign(a)
        return a.map(Math::signum).times(lambda / a.rows());
    }

    // ------------------------------------------------------------------------- the KL form

    /** rhoHat_j = (1/N) sum_i a_ij, the average activation of each hidden unit over the batch: [H]. */
    public static Tensor averageActivation(Tensor a) {
        a.requireShape("SparsityPenalty.averageActivation (a is [N, H])", -1, -1);
        return a.sum(0).times(1.0 / a.rows());
    }

    /** KL(rho || rhoHat) = rho log(rho / rhoHat) + (1 - rho) log((1 - rho) / (1 - rhoHat)), for Bernoulli means. */
    public static double klDivergence(double rho, double rhoHat) {
        if (!(rhoHat > 0 && rhoHat < 1)) {
            throw new IllegalArgumentException("SparsityPenalty.klDivergence: rhoHat must be in (0, 1) but got " + rhoHat
                    + "; KL needs sigmoid activations");
        }
        return rho * Math.log(rho / rhoHat) + (1 - rho) * Math.log((1 - rho) / (1 - rhoHat));
    }

    /** beta sum_j KL(rho || rhoHat_j) for activations a [N, H] in (0, 1). */
    public static double kl(Tensor a, double rho, double beta) {
        checkRho(rho, "SparsityPenalty.kl");
        Tensor rhoHat = averageActivation(a);
        double sum = 0;
        for (int j = 0; j < rhoHat.size(); j++) {
            sum += klDivergence(rho, rhoHat.get(j));
        }
        // beta sum_j KL(rho || rhoHat_j)
        return beta * sum;
    }

    /**
     * d kl / d a_ij = (beta / N) (-rho / rhoHat_j + (1 - rho) / (1 - rhoHat_j)), the same for every example i
     * of the batch: [N, H].
     */
    public static Tensor klGradient(Tensor a, double rho, double beta) {
        checkRho(rho, "SparsityPenalty.klGradient");
        Tensor rhoHat = averageActivation(a);
        // d KL / d rhoHat_j = -rho / rhoHat_j + (1 - rho) / (1 - rhoHat_j);  d rhoHat_j / d a_ij = 1 / N
        Tensor perUnit = rhoHat.map(r -> beta * (-rho / r + (1 - rho) / (1 - r)) / a.rows());
        return Tensor.zeros(a.shape()).plusRow(perUnit);
    }

    // ------------------------------------------------------------------------- weight decay

    /** (lambda / 2) ||W||_F^2. */
    public static double weightDecay(Tensor W, double lambda) {
        return lambda / 2 * W.squaredNorm();
    }

    /** d weightDecay / dW = lambda W. */
    public static Tensor weightDecayGradient(Tensor W, double lambda) {
        return W.times(lambda);
    }

    private static void checkRho(double rho, String operation) {
        if (!(rho > 0 && rho < 1)) {
            throw new IllegalArgumentException(operation + ": the target activation rho must be in (0, 1) but got " + rho);
        }
    }
}
