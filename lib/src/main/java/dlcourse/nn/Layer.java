package dlcourse.nn;

import dlcourse.tensor.Tensor;
import java.util.List;

/**
 * One stage of a network: {@code forward} computes the output and keeps, in a small typed cache, what
 * {@code backward} needs; {@code backward} takes dL/dY and returns dL/dX, setting the gradient of each
 * parameter on the way. Layers chain into a network (a list of layers): the output of one is the input of the next.
 *
 * <p>The usual loop of a notebook cell:
 * <pre>
 * Tensor yHat = layer.forward(x);        // forward
 * Tensor dX = layer.backward(dYHat);     // backward
 * optimizer.step(layer.parameters());    // update
 * </pre>
 */
public interface Layer {
    /** The output for a batch of inputs; keeps what {@link #backward} needs. Never modifies {@code x}. */
    Tensor forward(Tensor x);

    /**
     * Given dL/dY for the output of the last {@link #forward}, returns dL/dX and sets each parameter's
     * gradient. Throws {@link IllegalStateException} if called before forward.
     */
    Tensor backward(Tensor dY);

    /**
     * Sets each parameter's gradient, like {@link #backward}, when nobody needs dL/dX: training the first layer of a
     * network never does. A layer whose dL/dX costs work of its own (a dense layer's product with W^T) skips it;
     * by default this is {@link #backward}.
     */
    default void backwardParameters(Tensor dY) {
        backward(dY);
    }

    /** The trainable parameters, each with its gradient from the last backward; none by default. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Switches between training and test behaviour (dropout uses it); nothing by default. */
    default void setTraining(boolean training) {}

    /** A short description for tables of layers, e.g. "Dense(784 -> 256)". */
    default String describe() {
        return getClass().getSimpleName();
    }
}
