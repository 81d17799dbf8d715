package dlcourse.rnn;

import dlcourse.tensor.Tensor;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The tool behind the vanishing-gradient plot: send a gradient into the last hidden state only, run
 * backpropagation through time, and read how large the gradient ||dL/dh_t|| is at every earlier step.
 * For a plain RNN it shrinks (or grows) by about the same factor per step, so on a logarithmic axis it is
 * a straight line; the lecture's "decays or blows up exponentially as it cycles around the network's
 * recurrent connections".
 *
 * <p>Shapes: inputs T steps [N, D]; dL/dh_T [N, H]; the result has T entries, index t - 1 for step t.
 *
 * <p>Taught in {@code notebooks/10-recurrent-networks.ipynb}, section "The vanishing and exploding gradient"; the same
 * curve for the LSTM in {@code notebooks/11-lstm.ipynb}, section "Sensitivity of the output to early inputs".
 */
public final class GradientNorms {
    private GradientNorms() {}

    /**
     * ||dL/dh_t|| for t = 1 ... T when the loss reads only h_T and sends it {@code dHLast}: runs {@code cell}
     * forward on {@code xs} and back.
     */
    public static double[] fromLastStep(Recurrent cell, List<Tensor> xs, Tensor dHLast) {
        List<Tensor> hs = cell.forwardSequence(xs);
        dHLast.requireShape("GradientNorms.fromLastStep (dL/dh_T [N, H])", hs.get(0).shape());
        cell.backwardSequence(Sequences.onlyLast(hs.size(), dHLast));
        return cell.gradientNormsPerStep();
    }

    /** As {@link #fromLastStep(Recurrent, List, Tensor)} with dL/dh_T all ones. */
    public static double[] fromLastStep(Recurrent cell, List<Tensor> xs) {
        return fromLastStep(cell, xs, Tensor.full(1.0, xs.get(0).dim(0), cell.hiddenSize()));
    }

    /** A tidy table (label, step, gradientNorm) of one curve, for a line plot; tables of curves append. */
    public static Table table(String label, double[] norms) {
        StringColumn labels = StringColumn.create("label");
        IntColumn steps = IntColumn.create("step");
        DoubleColumn values = DoubleColumn.create("gradientNorm");
        for (int t = 0; t < norms.length; t++) {
            labels.append(label);
            steps.append(t + 1);
            values.append(norms[t]);
        }
        return Table.create("gradient size per time step", labels, steps, values);
    }
}
