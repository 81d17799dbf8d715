package dlcourse.autoencoder;

import dlcourse.tensor.Tensor;
import java.util.Random;

/**
 * The corruption q_D(xTilde | x) of a denoising autoencoder: a random mapping from a clean input x [N, D] to
 * a corrupted one xTilde [N, D]; x itself is never changed. Taught in notebook
 * {@code 05-autoencoder-variants}, section "Denoising autoencoder procedure", step 1 (Corrupting).
 * <ul>
 *   <li>{@link #maskingNoise}: in every example, a fraction of the D inputs chosen at random is set to 0;</li>
 *   <li>{@link #gaussianNoise}: xTilde = x + e with e ~ N(0, std^2) on every input.</li>
 * </ul>
 */
@FunctionalInterface
public interface Corruption {

    /** Draws a corrupted copy xTilde of x [N, D]. */
    Tensor corrupt(Tensor x, Random rng);

    /** Masking noise that zeroes the given fraction of each example's inputs. */
    static Corruption masking(double fraction) {
        checkFraction(fraction);
        return (x, rng) -> maskingNoise(x, fraction, rng);
    }

    /** Additive Gaussian noise with the given standard deviation. */
    static Corruption gaussian(double std) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("Corruption.gaussian: std must be >= 0 but got " + std);
        }
        return (x, rng) -> gaussianNoise(x, std, rng);
    }

    /**
     * Masking noise: in each row of x [N, D], round(fraction * D) inputs chosen at random (without
     * repetition) are set to 0; the others are kept as they are.
     */
    static Tensor maskingNoise(Tensor x, double fraction, Random rng) {
        checkFraction(fraction);
        x.requireShape("Corruption.maskingNoise (x is [N, D])", -1, -1);
        int d = x.cols();
        int numZeroed = (int) Math.round(fraction * d);
        double[][] rows = x.toArray2d();
        int[] order = new int[d];
        for (double[] row : rows) {
            for (int k = 0; k < d; k++) {
                order[k] = k;
            }
            // a random subset of numZeroed inputs: the first numZeroed of a partial Fisher-Yates shuffle
            for (int k = 0; k < numZeroed; k++) {
                int pick = k + rng.nextInt(d - k);
                int swap = order[k];
                order[k] = order[pick];
                order[pick] = swap;
                // xTilde_k = 0 for the chosen inputs
                row[order[k]] = 0;
            }
        }
        return Tensor.of(rows);
    }

    /** Gaussian noise: xTilde = x + e, e ~ N(0, std^2) independently for every input; same shape as x. */
    static Tensor gaussianNoise(Tensor x, double std, Random rng) {
        // xTilde = x + e
        return x.plus(Tensor.randn(rng, std, x.shape()));
    }

    private static void checkFraction(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("Corruption.masking: the fraction of inputs to zero must be in [0, 1] but got "
                    + fraction);
        }
    }
}
