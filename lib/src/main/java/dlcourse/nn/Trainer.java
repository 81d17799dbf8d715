package dlcourse.nn;

import dlcourse.data.Batches;
import dlcourse.data.Dataset;
import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Trains a model on a {@link Dataset} with mini-batch gradient descent and records a tidy history. Each step
 * is the loop the notebooks write out by hand:
 * <pre>
 * Tensor yHat = model.forward(x);               // forward
 * double L = loss.forward(yHat, y);
 * model.backward(loss.backward());              // backward
 * optimizer.step(model.parameters());           // update
 * </pre>
 * Batches are shuffled from the seed, so a run repeats exactly. After each epoch the history gains a row
 * per split, columns {@code epoch, split, loss, accuracy}: "train" holds the mean over the epoch's batches,
 * "test" an evaluation of the whole test set in test mode. Targets come from the labels: one-hot rows for a
 * model with K &gt; 1 outputs, the label itself (0 or 1) for a model with one output (sigmoid + binary
 * cross-entropy); accuracy is the arg max, or output &gt;= 0.5 for one output.
 * <pre>
 * Table history = new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(0.1))
 *         .epochs(5).batchSize(64).seed(1)
 *         .fit(data.train(), data.test());
 * </pre>
 * Training never goes on silently on bad numbers. The inputs of both sets must be finite (a NaN is named with
 * its example and position before the first step). Then training stops with a {@link TrainingDivergedException}
 * that names the step, what it saw and what to try, as soon as
 * <ul>
 *   <li>the loss of a step is NaN or infinite, or a gradient or a parameter holds a NaN or an infinity
 *       ({@link TrainingDivergedException.Reason#NOT_FINITE}), or</li>
 *   <li>the mean loss of the last {@value #GROWTH_WINDOW} steps exceeds {@link #divergenceFactor} (100 by
 *       default) times the larger of the first step's loss and {@value #GROWTH_FLOOR}
 *       ({@link TrainingDivergedException.Reason#LOSS_GREW}): the updates are making the model worse, the sign of
 *       a learning rate far too large.</li>
 * </ul>
 *
 * <p>Taught in {@code notebooks/03-softmax.ipynb} (section "Which digits get confused").
 */
public final class Trainer {
    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;
    private int epochs = 10;
    private int batchSize = 64;
    private long seed = 0;
    private ProgressListener progress = ProgressListener.printing(System.out);
    private double divergenceFactor = 100;

    /** The number of recent steps whose mean loss is compared with the first step's loss. */
    public static final int GROWTH_WINDOW = 10;
    /** The smallest loss the growth rule compares with, so that a nearly perfect start is not a hair trigger. */
    public static final double GROWTH_FLOOR = 0.1;

    public Trainer(Layer model, Loss loss, Optimizer optimizer) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /** The number of passes over the training set (default 10). */
    public Trainer epochs(int epochs) {
        if (epochs <= 0) {
            throw new IllegalArgumentException("Trainer.epochs: must be positive, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Examples per update step (default 64). */
    public Trainer batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("Trainer.batchSize: must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** The seed of the batch shuffling (default 0). */
    public Trainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * How many times its first loss the recent mean loss may reach before training is stopped as diverging
     * (default 100; 0 turns the rule off, the checks for NaN and infinity stay).
     */
    public Trainer divergenceFactor(double factor) {
        if (!(factor == 0 || factor > 1) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("Trainer.divergenceFactor: must be above 1 (or 0 to turn the rule off),"
                    + " got " + factor);
        }
        this.divergenceFactor = factor;
        return this;
    }

    /** Where progress goes (default: one printed line per epoch); {@link ProgressListener#silent()} for none. */
    public Trainer progress(ProgressListener progress) {
        this.progress = progress;
        return this;
    }

    /** Trains on {@code train} and reports the test set after each epoch; returns the history. */
    public Table fit(Dataset train, Dataset test) {
        Dataset.requireFinite(train.x(), "Trainer.fit: the training set");
        if (test != null) {
            Dataset.requireFinite(test.x(), "Trainer.fit: the test set");
        }
        Random rng = new Random(seed);
        Table history = emptyHistory();
        int step = 0;
        double lastFinite = Double.NaN;
        double firstLoss = Double.NaN;
        double[] recent = new double[GROWTH_WINDOW];
        model.setTraining(true);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            List<int[]> batches = Batches.shuffled(train.size(), batchSize, rng);
            double lossSum = 0;
            int correct = 0;
            for (int b = 0; b < batches.size(); b++) {
                step++;
                Dataset batch = train.select(batches.get(b));
                // forward
                Tensor yHat = model.forward(batch.x());
                double L = loss.forward(yHat, targets(batch, yHat));
                String where = String.format("step %d (epoch %d, batch %d of %d)", step, epoch, b + 1,
                        batches.size());
                if (!Double.isFinite(L)) {
                    throw notFinite(where, "the loss became " + describe(L) + String.format(
                            " (the step before, it was %.6g)", lastFinite), history, epoch, step);
                }
                lastFinite = L;
                if (step == 1) {
                    firstLoss = L;
                }
                recent[(step - 1) % GROWTH_WINDOW] = L;
                if (divergenceFactor > 0 && step >= GROWTH_WINDOW) {
                    double mean = java.util.Arrays.stream(recent).average().orElse(L);
                    double limit = divergenceFactor * Math.max(firstLoss, GROWTH_FLOOR);
                    if (mean > limit) {
                        throw new TrainingDivergedException(TrainingDivergedException.Reason.LOSS_GREW, String.format(
                                "training stopped at %s: the loss is growing, not falling. The mean loss of the last"
                                        + " %d steps, %.4g, is more than %s times the first step's %.4g. The updates are"
                                        + " too large: try a learning rate 10 times smaller than %s.", where,
                                GROWTH_WINDOW, mean, fmt(divergenceFactor), firstLoss,
                                fmt(optimizer.learningRate())), history, epoch, step);
                    }
                }
                // backward
                model.backward(loss.backward());
                requireFinite(model.parameters(), "gradient", where, history, epoch, step);
                // update
                optimizer.step(model.parameters());
                requireFinite(model.parameters(), "value", where, history, epoch, step);

                lossSum += L * batch.size();
                correct += countCorrect(yHat, batch.labels());
                progress.onBatch(epoch, epochs, b + 1, batches.size(), L);
            }
            double trainLoss = lossSum / train.size();
            double trainAccuracy = (double) correct / train.size();
            addRow(history, epoch, "train", trainLoss, trainAccuracy);
            double testLoss = Double.NaN;
            double testAccuracy = Double.NaN;
            if (test != null) {
                Evaluation result = evaluate(test);
                testLoss = result.loss();
                testAccuracy = result.accuracy();
                addRow(history, epoch, "test", testLoss, testAccuracy);
            }
            progress.onEpoch(new ProgressListener.EpochResult(epoch, epochs, trainLoss, trainAccuracy, testLoss,
                    testAccuracy, (System.nanoTime() - start) / 1e9));
        }
        return history;
    }

    /** Trains on {@code train} only. */
    public Table fit(Dataset train) {
        return fit(train, null);
    }

    /** The mean loss and the accuracy (a fraction in [0, 1]) of a model on a data set. */
    public record Evaluation(double loss, double accuracy) {}

    /** The mean loss and the accuracy of the model on a data set, in test mode, in chunks of 1,000 examples. */
    public Evaluation evaluate(Dataset data) {
        model.setTraining(false);
        try {
            double lossSum = 0;
            int correct = 0;
            for (int from = 0; from < data.size(); from += 1000) {
                Dataset chunk = data.slice(from, Math.min(data.size(), from + 1000));
                Tensor yHat = model.forward(chunk.x());
                lossSum += loss.forward(yHat, targets(chunk, yHat)) * chunk.size();
                correct += countCorrect(yHat, chunk.labels());
            }
            return new Evaluation(lossSum / data.size(), (double) correct / data.size());
        } finally {
            model.setTraining(true);
        }
    }

    /** The value in {@code column} ("loss" or "accuracy") of the last row of {@code split} in a history. */
    public static double last(Table history, String split, String column) {
        Table rows = history.where(history.stringColumn("split").isEqualTo(split));
        if (rows.rowCount() == 0) {
            throw new IllegalArgumentException("Trainer.last: the history has no rows for split '" + split
                    + "'; splits are 'train' and 'test'");
        }
        return rows.doubleColumn(column).get(rows.rowCount() - 1);
    }

    /**
     * The targets for a batch: one-hot rows [N, K] for K outputs, or, for a one-output model on two classes, the
     * labels 0 and 1 as a column [N, 1].
     */
    static Tensor targets(Dataset batch, Tensor yHat) {
        int outputs = yHat.dim(1);
        if (outputs == 1) {
            if (batch.numClasses() > 2) {
                throw new IllegalArgumentException("Trainer: the model gives 1 output per example but the data has "
                        + batch.numClasses() + " classes; a single output can only tell two classes apart. Make the"
                        + " last layer's size " + batch.numClasses() + " and use SoftmaxCrossEntropy as the loss");
            }
            double[] column = new double[batch.size()];
            int[] labels = batch.labels();
            for (int i = 0; i < column.length; i++) {
                column[i] = labels[i];
            }
            return Tensor.wrap(column, column.length, 1);
        }
        if (outputs != batch.numClasses()) {
            throw new IllegalArgumentException("Trainer: the model gives " + outputs + " outputs per example but the data"
                    + " has " + batch.numClasses() + " classes; make the last layer's size " + batch.numClasses());
        }
        return batch.oneHot();
    }

    private static int countCorrect(Tensor yHat, int[] labels) {
        int correct = 0;
        if (yHat.dim(1) == 1) {
            for (int i = 0; i < labels.length; i++) {
                correct += (yHat.get(i, 0) >= 0.5 ? 1 : 0) == labels[i] ? 1 : 0;
            }
            return correct;
        }
        int[] predicted = yHat.argmaxRows();
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return correct;
    }

    /** Stops training if the gradient or the value ({@code what}) of any parameter is not finite. */
    private void requireFinite(List<Parameter> parameters, String what, String where, Table history, int epoch,
                               int step) {
        for (int k = 0; k < parameters.size(); k++) {
            Parameter p = parameters.get(k);
            Tensor t = what.equals("gradient") ? p.grad() : p.value();
            if (t.hasNonFinite()) {
                throw notFinite(where, String.format("the %s of parameter %s %s (parameter %d of %d) holds NaN or an"
                                + " infinity", what, p.name(), Tensor.describe(p.value().shape()), k + 1,
                        parameters.size()), history, epoch, step);
            }
        }
    }

    private TrainingDivergedException notFinite(String where, String what, Table history, int epoch, int step) {
        String message = "training stopped at " + where + ": " + what + ". The inputs were checked and are finite, so"
                + " the numbers overflowed inside the network. Check: is the learning rate ("
                + fmt(optimizer.learningRate()) + ") too large (try 10 times smaller)? Are the inputs scaled (pixels"
                + " to [0, 1])? Does the loss get what it expects (scores for SoftmaxCrossEntropy, probabilities from"
                + " a Sigmoid for BinaryCrossEntropy)?";
        return new TrainingDivergedException(TrainingDivergedException.Reason.NOT_FINITE, message, history, epoch,
                step);
    }

    private static String describe(double v) {
        return Double.isNaN(v) ? "NaN" : "infinite";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e7 ? Long.toString((long) v) : Double.toString(v);
    }

    private static Table emptyHistory() {
        return Table.create("history", IntColumn.create("epoch"), StringColumn.create("split"),
                DoubleColumn.create("loss"), DoubleColumn.create("accuracy"));
    }

    private static void addRow(Table history, int epoch, String split, double lossValue, double accuracy) {
        history.intColumn("epoch").append(epoch);
        history.stringColumn("split").append(split);
        history.doubleColumn("loss").append(lossValue);
        history.doubleColumn("accuracy").append(accuracy);
    }
}
