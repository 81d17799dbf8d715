package dlcourse.rnn;

import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The lecture's five ways to use a recurrent network ("Examples of Recurrent Neural Networks"). All five
 * run one chain of the same cell; they differ only in which steps receive an input and which steps' hidden
 * states are read as outputs. Steps without an input get zeros.
 * <pre>
 * ONE_TO_ONE           x          fixed input to fixed output (image classification)
 *                      y
 * ONE_TO_MANY          x . . .    sequence output (image captioning)
 *                      y y y y
 * MANY_TO_ONE          x x x x    sequence input (sentiment analysis)
 *                      . . . y
 * MANY_TO_MANY         x x x . .  sequence in, then sequence out (machine translation)
 *                      . . . y y
 * SYNCED_MANY_TO_MANY  x x x x    one output per input (labelling every frame of a video)
 *                      y y y y
 * </pre>
 * Shapes: the given inputs are steps [N, D], the outputs are hidden states [N, H]; a read-out layer on
 * each output turns it into a prediction.
 *
 * <p>Taught in {@code notebooks/10-recurrent-networks.ipynb}, section "Five ways to map sequences".
 */
public enum SequenceShape {
    ONE_TO_ONE("one to one"),
    ONE_TO_MANY("one to many"),
    MANY_TO_ONE("many to one"),
    MANY_TO_MANY("many to many"),
    SYNCED_MANY_TO_MANY("synchronised many to many");

    private final String title;

    SequenceShape(String title) {
        this.title = title;
    }

    /** The name on the slide, e.g. "many to one". */
    public String title() {
        return title;
    }

    /** How many steps the chain runs for {@code inputs} given inputs and {@code outputs} wanted outputs. */
    public int steps(int inputs, int outputs) {
        requireCounts(inputs, outputs);
        return this == MANY_TO_MANY ? inputs + outputs : Math.max(inputs, outputs);
    }

    /** True if step t (0-based) receives one of the given inputs. */
    public boolean hasInput(int t, int inputs, int outputs) {
        return t < inputs && t < steps(inputs, outputs);
    }

    /** True if step t (0-based) is read as an output. */
    public boolean hasOutput(int t, int inputs, int outputs) {
        return t >= steps(inputs, outputs) - outputs && t < steps(inputs, outputs);
    }

    /** The input of every step: the given inputs where the shape reads them, zeros [N, D] elsewhere. */
    public List<Tensor> inputs(List<Tensor> given, int outputs) {
        Sequences.requireSteps(title + " (given inputs [N, D])", given, -1, -1);
        int steps = steps(given.size(), outputs);
        Tensor zeros = Tensor.zeros(given.get(0).shape());
        List<Tensor> out = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            out.add(hasInput(t, given.size(), outputs) ? given.get(t) : zeros);
        }
        return out;
    }

    /** The hidden states read as outputs, in order, from the hidden states of every step. */
    public List<Tensor> outputs(List<Tensor> hiddenStates, int inputs, int outputs) {
        int steps = steps(inputs, outputs);
        if (hiddenStates.size() != steps) {
            throw new IllegalArgumentException(title + ": expected " + steps + " hidden states for " + inputs
                    + " inputs and " + outputs + " outputs but got " + hiddenStates.size());
        }
        List<Tensor> out = new ArrayList<>(outputs);
        for (int t = 0; t < steps; t++) {
            if (hasOutput(t, inputs, outputs)) {
                out.add(hiddenStates.get(t));
            }
        }
        return out;
    }

    /** Runs {@code cell} along the chain and returns the {@code outputs} hidden states [N, H] this shape reads. */
    public List<Tensor> run(Recurrent cell, List<Tensor> given, int outputs) {
        return outputs(cell.forwardSequence(inputs(given, outputs)), given.size(), outputs);
    }

    /**
     * The picture of the chain as two lines of text, inputs above outputs: "x" an input, "y" an output,
     * "." nothing; for example MANY_TO_MANY with 3 inputs and 2 outputs gives "x x x . .\n. . . y y".
     */
    public String pattern(int inputs, int outputs) {
        int steps = steps(inputs, outputs);
        StringBuilder top = new StringBuilder();
        StringBuilder bottom = new StringBuilder();
        for (int t = 0; t < steps; t++) {
            String gap = t == 0 ? "" : " ";
            top.append(gap).append(hasInput(t, inputs, outputs) ? 'x' : '.');
            bottom.append(gap).append(hasOutput(t, inputs, outputs) ? 'y' : '.');
        }
        return top + "\n" + bottom;
    }

    private void requireCounts(int inputs, int outputs) {
        boolean ok = switch (this) {
            case ONE_TO_ONE -> inputs == 1 && outputs == 1;
            case ONE_TO_MANY -> inputs == 1 && outputs >= 1;
            case MANY_TO_ONE -> inputs >= 1 && outputs == 1;
            case MANY_TO_MANY -> inputs >= 1 && outputs >= 1;
            case SYNCED_MANY_TO_MANY -> inputs >= 1 && outputs == inputs;
        };
        if (!ok) {
            String expected = switch (this) {
                case ONE_TO_ONE -> "1 input and 1 output";
                case ONE_TO_MANY -> "1 input and at least 1 output";
                case MANY_TO_ONE -> "at least 1 input and 1 output";
                case MANY_TO_MANY -> "at least 1 input and at least 1 output";
                case SYNCED_MANY_TO_MANY -> "as many outputs as inputs, at least 1";
            };
            throw new IllegalArgumentException(title + ": expected " + expected + " but got " + inputs + " inputs and "
                    + outputs + " outputs");
        }
    }
}
