package dlcourse.nn;

import tech.tablesaw.api.Table;

/**
 * Thrown by {@link Trainer#fit} at the step where the loss becomes NaN or infinite. The message names the
 * step and what to check; {@link #history()} holds the epochs finished before it.
 *
 * <p>Taught in {@code notebooks/03-softmax.ipynb} (section "Which digits get confused").
 */
public final class TrainingDivergedException extends ArithmeticException {
    private final transient Table history;
    private final int epoch;
    private final int step;

    TrainingDivergedException(String message, Table history, int epoch, int step) {
        super(message);
        this.history = history;
        this.epoch = epoch;
        this.step = step;
    }

    /** The history of the finished epochs (columns epoch, split, loss, accuracy). */
    public Table history() {
        return history;
    }

    /** The 1-based epoch in which the loss stopped being finite. */
    public int epoch() {
        return epoch;
    }

    /** The 1-based update step (counted over all epochs) whose loss was not finite. */
    public int step() {
        return step;
    }
}
