package dlcourse.nn;

import dlcourse.tensor.Tensor;

/**
 * A loss L(yHat, y): a number that says how far the network's output is from the target, averaged over the
 * batch. {@code forward} computes it and keeps what {@code backward} needs; {@code backward} returns
 * dL/dyHat, the gradient that starts the backward pass through the network.
 * <pre>
 * yHat [N, K]   y [N, K]   L a number   dL/dyHat [N, K]
 * </pre>
 *
 * <p>Taught in {@code notebooks/01-multilayer-networks.ipynb} and {@code notebooks/03-softmax.ipynb}.
 */
public interface Loss {
    /** The mean loss over the batch. */
    double forward(Tensor yHat, Tensor y);

    /** dL/dyHat for the last {@link #forward}, same shape as yHat. */
    Tensor backward();

    /** A short name for tables, e.g. "SoftmaxCrossEntropy". */
    default String describe() {
        return getClass().getSimpleName();
    }
}
