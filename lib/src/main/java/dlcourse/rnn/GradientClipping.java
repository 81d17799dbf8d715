package dlcourse.rnn;

import dlcourse.nn.Parameter;
import java.util.List;

/**
 * Gradient clipping by global norm, the usual guard against the exploding side of the vanishing-gradient
 * problem: if the norm of all gradients together, sqrt(sum over parameters of ||dW||^2), exceeds
 * {@code maxNorm}, every gradient is scaled by maxNorm / norm, so the step keeps its direction but not its
 * size. It does nothing for a vanishing gradient, which is what the LSTM's cell state is for.
 *
 * <p>Taught in {@code notebooks/10-recurrent-networks.ipynb}, sections "Training a plain RNN with backpropagation
 * through time" and "The vanishing and exploding gradient".
 */
public final class GradientClipping {
    private GradientClipping() {}

    /** Scales all gradients down to a global norm of at most {@code maxNorm}; returns the norm before clipping. */
    public static double clipGlobalNorm(List<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGlobalNorm: maxNorm must be positive, got " + maxNorm);
        }
        double squared = 0;
        for (Parameter p : parameters) {
            squared += p.grad().squaredNorm();
        }
        double norm = Math.sqrt(squared);
        if (norm > maxNorm) {
            // g <- g * maxNorm / ||g||
            double scale = maxNorm / norm;
            for (Parameter p : parameters) {
                p.setGrad(p.grad().times(scale));
            }
        }
        return norm;
    }
}
