package dlcourse.rnn;

import dlcourse.nn.Layer;
import dlcourse.tensor.Tensor;
import java.util.List;

/**
 * What {@link RnnCell} and {@link LstmCell} have in common: read a sequence step by step from a zero initial
 * state, give the hidden state h_t of every step, and run backpropagation through time (BPTT).
 *
 * <p>Shapes: a sequence is T steps, each [N, D]; hidden states are T steps, each [N, H].
 *
 * <p>As a {@link Layer}, a recurrent cell maps a tensor [N, T, D] to all its hidden states [N, T, H]
 * (see {@link Sequences#split} and {@link Sequences#join}).
 *
 * <p>Taught in {@code notebooks/10-recurrent-networks.ipynb}, section "A network with a loop, unrolled in time".
 */
public interface Recurrent extends Layer {
    /** D, the number of input features per step. */
    int inputSize();

    /** H, the number of hidden units. */
    int hiddenSize();

    /** The hidden states h_1 ... h_T, each [N, H], for inputs x_1 ... x_T, each [N, D], from h_0 = 0. */
    List<Tensor> forwardSequence(List<Tensor> xs);

    /**
     * Backpropagation through time. {@code dHs.get(t)} is the gradient that the loss sends to h_t directly
     * (zeros where the loss does not read h_t, see {@link Sequences#onlyLast}); returns dL/dx_t for every
     * step and sets every parameter's gradient, summed over time.
     */
    List<Tensor> backwardSequence(List<Tensor> dHs);

    /**
     * Backpropagation through time when nobody needs dL/dx_t (a network whose first layer this cell is): sets
     * every parameter's gradient and the gradient norms like {@link #backwardSequence}. A cell whose dL/dx_t
     * costs work of its own skips it; by default this is {@link #backwardSequence}.
     */
    default void backwardSequenceParameters(List<Tensor> dHs) {
        backwardSequence(dHs);
    }

    /**
     * The size ||dL/dh_t|| (Euclidean norm over the batch) of the full gradient reaching each hidden state
     * during the last backward pass, for t = 1 ... T: the curve that shows a gradient vanishing or exploding
     * as it travels back in time.
     */
    double[] gradientNormsPerStep();

    /** The hidden states [N, T, H] for inputs [N, T, D]. */
    @Override
    default Tensor forward(Tensor x) {
        return Sequences.join(forwardSequence(Sequences.split(x)));
    }

    /** dL/dX [N, T, D] for dL/dY [N, T, H]. */
    @Override
    default Tensor backward(Tensor dY) {
        return Sequences.join(backwardSequence(Sequences.split(dY)));
    }
}
