package dlcourse.nn;

import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A model whose hidden activations a {@link Penalty} may read and add a gradient to, by name (an autoencoder's
 * "hidden" code h, for example). The {@link Trainer} reads them after the forward pass and hands the penalties'
 * gradients to {@link #backwardWithPenalties}.
 */
public interface HiddenActivations extends Layer {
    /** The names of the activations {@link #activation} knows. */
    List<String> activationNames();

    /**
     * The activation called {@code name} from the last {@link #forward}. Throws {@link IllegalArgumentException}
     * naming the known names for any other, {@link IllegalStateException} before the first forward.
     */
    Tensor activation(String name);

    /**
     * The backward pass for dL/dY with extra gradients arriving at named activations (each the shape of that
     * activation): sets every parameter's gradient. It need not compute dL/dx, which training never uses.
     */
    void backwardWithPenalties(Tensor dY, Map<String, Tensor> extraGradients);
}
