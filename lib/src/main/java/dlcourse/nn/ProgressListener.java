package dlcourse.nn;

import java.io.PrintStream;

/**
 * What a {@link Trainer} reports while it runs: every mini-batch and every finished epoch. Both methods do
 * nothing by default, so a listener implements only what it shows.
 *
 * <p>Without a listener the trainer uses {@link #printing(PrintStream)} on standard output: one plain line
 * per epoch. In a notebook, a {@link ProgressBar} updates one output in place.
 *
 * <p>Taught in {@code notebooks/03-softmax.ipynb} (section "Which digits get confused"); the in-place output
 * it relies on is shown in {@code notebooks/00-getting-started.ipynb} (section "Updating an output in place").
 */
public interface ProgressListener {
    /** After each mini-batch: 1-based epoch and batch numbers and the batch's loss. */
    default void onBatch(int epoch, int epochs, int batch, int batches, double loss) {}

    /** After each epoch, with its row of results. */
    default void onEpoch(EpochResult result) {}

    /** One epoch's results: mean training loss and accuracy over its batches, and the test set's (NaN if none). */
    record EpochResult(int epoch, int epochs, double trainLoss, double trainAccuracy, double testLoss,
                       double testAccuracy, double seconds) {
        @Override
        public String toString() {
            String test = Double.isNaN(testLoss) ? ""
                    : String.format("  test loss %.4f  accuracy %.4f", testLoss, testAccuracy);
            return String.format("epoch %d/%d  train loss %.4f  accuracy %.4f%s  (%.1f s)", epoch, epochs, trainLoss,
                    trainAccuracy, test, seconds);
        }
    }

    /** Prints one line per epoch to {@code out}. */
    static ProgressListener printing(PrintStream out) {
        return new ProgressListener() {
            @Override
            public void onEpoch(EpochResult result) {
                out.println(result);
                out.flush();
            }
        };
    }

    /** Reports nothing. */
    static ProgressListener silent() {
        return new ProgressListener() {};
    }
}
