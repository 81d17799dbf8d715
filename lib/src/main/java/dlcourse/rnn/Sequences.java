package dlcourse.rnn;

import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The two ways this package writes a batch of sequences, and the moves between them.
 *
 * <p>The recurrent cells read a sequence as a {@code List<Tensor>} of T steps, each a batch [N, D]: step t
 * is {@code xs.get(t)}, the lecture's x_t, so a loop over time reads like the equations. The {@link
 * dlcourse.nn.Layer} view of a cell takes one tensor [N, T, D] instead, so a cell can sit in a list of
 * layers; {@link #split} and {@link #join} convert between the two.
 *
 * <p>Taught in {@code notebooks/10-recurrent-networks.ipynb}, section "A network with a loop, unrolled in time".
 */
public final class Sequences {
    private Sequences() {}

    /** A tensor [N, T, D] as T steps, each [N, D]. */
    public static List<Tensor> split(Tensor sequence) {
        if (sequence.rank() != 3) {
            throw new IllegalArgumentException("Sequences.split: expected a sequence batch of shape [N, T, D] but got "
                    + Tensor.describe(sequence.shape()));
        }
        int n = sequence.dim(0);
        int steps = sequence.dim(1);
        int d = sequence.dim(2);
        double[] data = sequence.rawData();
        List<Tensor> out = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            double[] step = new double[n * d];
            for (int example = 0; example < n; example++) {
                System.arraycopy(data, (example * steps + t) * d, step, example * d, d);
            }
            out.add(Tensor.wrap(step, n, d));
        }
        return out;
    }

    /** T steps, each [N, D], as one tensor [N, T, D]. */
    public static Tensor join(List<Tensor> steps) {
        requireSteps("Sequences.join", steps, -1, -1);
        int n = steps.get(0).dim(0);
        int d = steps.get(0).dim(1);
        int count = steps.size();
        double[] out = new double[n * count * d];
        for (int t = 0; t < count; t++) {
            double[] step = steps.get(t).rawData();
            for (int example = 0; example < n; example++) {
                System.arraycopy(step, example * d, out, (example * count + t) * d, d);
            }
        }
        return Tensor.wrap(out, n, count, d);
    }

    /**
     * The gradients dL/dh_t of a loss that reads only the last hidden state: zeros [N, H] at every step but
     * the last, which is {@code dHLast}.
     */
    public static List<Tensor> onlyLast(int steps, Tensor dHLast) {
        List<Tensor> out = new ArrayList<>(Collections.nCopies(steps - 1, Tensor.zeros(dHLast.shape())));
        out.add(dHLast);
        return out;
    }

    /**
     * Checks that {@code steps} is a non-empty list of matrices [N, D] with the same N and D; a negative
     * expected value means "any". Returns the number of steps.
     */
    static int requireSteps(String operation, List<Tensor> steps, int n, int d) {
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException(operation + ": expected at least one time step, got none");
        }
        int rows = n < 0 ? steps.get(0).shape()[0] : n;
        int cols = d < 0 ? (steps.get(0).rank() == 2 ? steps.get(0).dim(1) : -1) : d;
        for (int t = 0; t < steps.size(); t++) {
            Tensor step = steps.get(t);
            if (step == null) {
                throw new IllegalArgumentException(operation + ": time step " + t
                        + " is null; pass zeros [N, D] instead");
            }
            step.requireShape(operation + " (time step " + t + ")", rows, cols);
        }
        return steps.size();
    }
}
