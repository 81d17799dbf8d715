package dlcourse.nn;

import java.util.List;

/**
 * What {@link Trainer#fitSteps} trains when the model is not a {@link Layer} with a {@link Loss}: one call does the
 * forward and the backward pass of a batch, returns the mean loss and sets the gradient of every parameter. A
 * sequence classifier is one (its batches are lists of time steps).
 *
 * @param <B> the type of a batch
 */
public interface Objective<B> {
    /** Forward and backward for one batch: returns its loss, sets every parameter's gradient. */
    double lossAndGradients(B batch);

    /** The parameters the optimizer updates, each with its gradient from the last call. */
    List<Parameter> parameters();
}
