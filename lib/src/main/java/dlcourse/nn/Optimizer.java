package dlcourse.nn;

import java.util.List;

/**
 * Updates parameters from their gradients after a backward pass: the "update" line of the training loop.
 *
 * <p>Taught in {@code notebooks/01-multilayer-networks.ipynb} (section "XOR with backpropagation").
 */
public interface Optimizer {
    /** One update of every parameter from its current gradient. */
    void step(List<Parameter> parameters);

    /** The learning rate, for tables and messages. */
    double learningRate();
}
