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
 * If the loss becomes NaN or infinite, training stops at that step with a {@link TrainingDivergedException}
 * that names the step and what to check.
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

    /** Where progress goes (default: one printed line per epoch); {@link ProgressListener#silent()} for none. */
    public Trainer progress(ProgressListener progress) {
        this.progress = progress;
        return this;
    }

    /** Trains on {@code train} and reports the test set after each epoch; returns the history. */
    public Table fit(Dataset train, Dataset test) {
        Random rng = new Random(seed);
        Table history = emptyHistory();
        int step = 0;
        double lastFinite = Double.NaN;
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
                if (!Double.isFinite(L)) {
                    throw diverged(L, epoch, b + 1, batches.size(), step, lastFinite, history);
                }
                lastFinite = L;
                // backward
                model.backward(loss.backward());
                // update
                optimizer.step(model.parameters());

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
                double[] result = evaluate(test);
                testLoss = result[0];
                testAccuracy = result[1];
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

    /** {mean loss, accuracy} of the model on a data set, in test mode, in chunks of 1,000 examples. */
    public double[] evaluate(Dataset data) {
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
            return new double[] {lossSum / data.size(), (double) correct / data.size()};
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

    private TrainingDivergedException diverged(double L, int epoch, int batch, int batches, int step,
                                               double lastFinite, Table history) {
        String message = String.format("training stopped: the loss became %s at step %d (epoch %d, batch %d of %d);"
                        + " the step before, it was %.6g. Check: is the learning rate (%s) too large? Are the inputs"
                        + " scaled (pixels to [0, 1])? Does the loss get what it expects (scores for"
                        + " SoftmaxCrossEntropy, probabilities from a Sigmoid for BinaryCrossEntropy)?",
                Double.isNaN(L) ? "NaN" : "infinite", step, epoch, batch, batches, lastFinite,
                optimizer.learningRate());
        return new TrainingDivergedException(message, history, epoch, step);
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
