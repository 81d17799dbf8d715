package dlcourse.nn;

import tech.tablesaw.api.Table;

/**
 * Thrown by {@link Trainer#fit} at the step where training diverges: the loss, a gradient or a parameter stops being
 * a finite number, or the loss grows far above where it started (the rule is in {@link Trainer}). The message names
 * the step, which of the two it saw, and what to try; {@link #history()} holds the epochs finished before it.
 *
 * <p>Taught in {@code notebooks/03-softmax.ipynb} (section "Which digits get confused").
 */
public final class TrainingDivergedException extends ArithmeticException {
    /** What training saw when it stopped. */
    public enum Reason {
        /** The loss, a gradient or a parameter became NaN or infinite. */
        NOT_FINITE,
        /** The recent mean loss grew far above the first step's loss. */
        LOSS_GREW
    }

    private final Reason reason;
    private final transient Table history;
    private final int epoch;
    private final int step;

    TrainingDivergedException(Reason reason, String message, Table history, int epoch, int step) {
        super(message);
        this.reason = reason;
        this.history = history;
        this.epoch = epoch;
        this.step = step;
    }

    /** Which of the two signs of divergence stopped training. */
    public Reason reason() {
        return reason;
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
