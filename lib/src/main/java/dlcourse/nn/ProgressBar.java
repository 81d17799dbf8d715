package dlcourse.nn;

import java.util.function.Consumer;

/**
 * A text progress bar that hands itself to a cell-supplied {@code show} callback whenever it changes, so a
 * notebook can update one output in place instead of printing a line per step. The library does not depend
 * on any kernel: the cell passes the kernel's display update as a lambda.
 * <pre>
 * String id = display("starting");                                    // IJava/JJava cell statics
 * trainer.progress(new ProgressBar(bar -&gt; updateDisplay(id, bar.toString())));
 * </pre>
 * shows, for example,
 * <pre>
 * epoch 2/5 [##########----------]  50%  loss 0.3121 | epoch 1: train accuracy 0.8731, test accuracy 0.9012
 * </pre>
 * It redraws about 50 times per epoch, and once at the end of each epoch.
 *
 * <p>Taught in {@code notebooks/03-softmax.ipynb} (section "Which digits get confused"); the in-place output
 * it relies on is shown in {@code notebooks/00-getting-started.ipynb} (section "Updating an output in place").
 */
public final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 20;
    private static final int REDRAWS_PER_EPOCH = 50;

    private final Consumer<? super ProgressBar> show;
    private int epoch;
    private int epochs;
    private double fraction;
    private double loss = Double.NaN;
    private EpochResult lastEpoch;

    /** A bar that calls {@code show} with itself after every visible change. */
    public ProgressBar(Consumer<? super ProgressBar> show) {
        this.show = show;
    }

    @Override
    public void onBatch(int epoch, int epochs, int batch, int batches, double loss) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.loss = loss;
        this.fraction = (double) batch / batches;
        int every = Math.max(1, batches / REDRAWS_PER_EPOCH);
        if (batch % every == 0 || batch == batches) {
            show.accept(this);
        }
    }

    @Override
    public void onEpoch(EpochResult result) {
        this.lastEpoch = result;
        this.epoch = result.epoch();
        this.epochs = result.epochs();
        this.fraction = 1;
        show.accept(this);
    }

    /** The fraction of the current epoch done, in [0, 1]. */
    public double fraction() {
        return fraction;
    }

    @Override
    public String toString() {
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder sb = new StringBuilder();
        sb.append("epoch ").append(epoch).append('/').append(epochs).append(" [")
                .append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
                .append(String.format("%3d%%", Math.round(fraction * 100)));
        if (!Double.isNaN(loss)) {
            sb.append(String.format("  loss %.4f", loss));
        }
        if (lastEpoch != null) {
            sb.append(String.format(" | epoch %d: train accuracy %.4f", lastEpoch.epoch(), lastEpoch.trainAccuracy()));
            if (!Double.isNaN(lastEpoch.testAccuracy())) {
                sb.append(String.format(", test accuracy %.4f", lastEpoch.testAccuracy()));
            }
        }
        return sb.toString();
    }
}
