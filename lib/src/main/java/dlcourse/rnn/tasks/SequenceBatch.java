package dlcourse.rnn.tasks;

import dlcourse.tensor.Tensor;
import java.util.List;

/**
 * A batch of labelled sequences: T input steps, each [N, D], and one class label per example, int[N].
 *
 * <p>Taught in {@code notebooks/10-recurrent-networks.ipynb}, sections "Training a plain RNN with backpropagation
 * through time" and "Short-range and long-range dependencies".
 */
public record SequenceBatch(List<Tensor> xs, int[] labels) {
    public SequenceBatch {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("SequenceBatch: needs at least one time step");
        }
        if (xs.get(0).dim(0) != labels.length) {
            throw new IllegalArgumentException("SequenceBatch: " + labels.length + " labels for a batch of "
                    + xs.get(0).dim(0) + " sequences; give one label per sequence");
        }
        xs = List.copyOf(xs);
        labels = labels.clone();
    }

    /** N, the number of sequences. */
    public int size() {
        return labels.length;
    }

    /** T, the number of time steps. */
    public int length() {
        return xs.size();
    }

    /** The labels; a copy. */
    @Override
    public int[] labels() {
        return labels.clone();
    }
}
