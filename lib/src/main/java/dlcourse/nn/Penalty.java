package dlcourse.nn;

import dlcourse.tensor.Tensor;
import java.util.List;

/**
 * A term the {@link Trainer} adds to the loss beside the data's error: a penalty on a hidden activation (the
 * sparsity penalty of a sparse autoencoder, the contraction penalty of a contractive one) or on weights alone
 * (weight decay). Its gradient enters the backward pass at the place where the penalty depends on the network:
 * <pre>
 * forward:   yHat = model.forward(x);  a = model.activation(name)        a [N, H], a hidden activation
 *            L = loss(yHat, y) + sum over penalties of value(a)
 * backward:  dL/da = (gradient coming back from the layers above) + gradient(a)
 *            then, after the backward pass, addParameterGradients(a) adds dP/dtheta for the parameters
 *            the penalty depends on directly (not through a)
 * </pre>
 * The trainer calls {@link #value} once per step right after the forward pass (before any gradient is set), then
 * {@link #gradient} while it builds the backward pass, then {@link #addParameterGradients} after it, all with the
 * activation of that same forward pass. A penalty that names an activation needs a model that exposes it, a
 * {@link HiddenActivations}; one whose {@link #activation} is null (weight decay) works with any model.
 *
 * <p>Taught in {@code notebooks/05-autoencoder-variants.ipynb}, sections "Sparse autoencoder" and "Contractive
 * autoencoder" (the penalties are {@code SparseAutoencoder.penalties()} and {@code ContractiveAutoencoder.contraction()}).
 */
public interface Penalty {
    /** The name of the hidden activation the penalty reads, e.g. "hidden"; null for a penalty on weights only. */
    String activation();

    /** The penalty's value at activation {@code a} from the last forward pass (null if {@link #activation} is null). */
    double value(Tensor a);

    /** dP/da, the shape of {@code a}, added at that activation during backward; null (the default) for none. */
    default Tensor gradient(Tensor a) {
        return null;
    }

    /** Adds dP/dtheta to the gradients of the parameters the penalty depends on directly; nothing by default. */
    default void addParameterGradients(Tensor a) {}

    /** A short name for messages and tables. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * Weight decay (lambda / 2) sum_k ||W_k||_F^2 over the given parameters, gradient lambda W_k on each. lambda
     * must be finite and at least 0.
     */
    static Penalty weightDecay(double lambda, List<Parameter> weights) {
        if (!(lambda >= 0 && Double.isFinite(lambda))) {
            throw new IllegalArgumentException("Penalty.weightDecay: lambda must be a finite number >= 0 (0 turns it"
                    + " off), got " + lambda);
        }
        List<Parameter> ws = List.copyOf(weights);
        return new Penalty() {
            @Override
            public String activation() {
                return null;
            }

            @Override
            public double value(Tensor a) {
                double sum = 0;
                for (Parameter w : ws) {
                    // (lambda / 2) ||W||_F^2
                    sum += lambda / 2 * w.value().squaredNorm();
                }
                return sum;
            }

            @Override
            public void addParameterGradients(Tensor a) {
                for (Parameter w : ws) {
                    // d/dW (lambda / 2) ||W||^2 = lambda W
                    w.setGrad(w.grad().plus(w.value().times(lambda)));
                }
            }

            @Override
            public String describe() {
                return "weight decay " + lambda;
            }
        };
    }
}
