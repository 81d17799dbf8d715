package dlcourse.rnn.tasks;

import dlcourse.nn.Adam;
import dlcourse.nn.Objective;
import dlcourse.nn.Parameter;
import dlcourse.nn.ProgressListener;
import dlcourse.nn.Trainer;
import dlcourse.rnn.FusedLstm;
import dlcourse.rnn.GradientClipping;
import dlcourse.rnn.LstmCell;
import dlcourse.rnn.Recurrent;
import dlcourse.rnn.RnnCell;
import dlcourse.rnn.SequenceClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Why plain recurrent networks forget: a plain RNN and an LSTM, with the same budget, learn the
 * {@link FirstSymbolTask} (remember the first of T symbols) at growing lags T.
 *
 * <p>The same budget means: the same number H of hidden units, the same batches (drawn from the same seed),
 * the same optimizer (Adam, learning rate {@link Settings#learningRate}), the same gradient clipping by
 * global norm ({@link Settings#clipNorm}) and at most the same number of training steps. Training stops
 * early once the validation accuracy reaches {@link Settings#targetAccuracy}. The LSTM has four weight
 * matrices where the RNN has one, so it has about four times as many parameters; that is the price of its
 * gates.
 *
 * <p>For every run it reports the test accuracy and the size ||dL/dh_t|| of the gradient at every step t,
 * on the first training batch (before any update) and on the last one: the plain RNN's curve falls
 * exponentially away from the output, the LSTM's far more slowly (measured at lag 40 before training:
 * ||dL/dh_1|| / ||dL/dh_40|| is about 1e-4 for the RNN and 0.08 for the LSTM).
 *
 * <p>{@link #trainOnReber} runs the same comparison on the embedded Reber grammar's long-memory question.
 *
 * <p>Taught in {@code notebooks/10-recurrent-networks.ipynb}, section "Short-range and long-range dependencies" (the
 * RNN alone), and in {@code notebooks/11-lstm.ipynb}, sections "LSTM against the plain RNN on a long lag", "The
 * embedded Reber grammar" and "Sensitivity of the output to early inputs".
 */
public final class LongLagExperiment {
    private LongLagExperiment() {}

    /** The lags of the notebook's plot of accuracy against lag. */
    public static final int[] DEFAULT_LAGS = {5, 10, 20, 40, 60};

    /** The two networks compared. */
    public enum Model { RNN, LSTM }

    /**
     * The shared budget.
     *
     * @param hiddenSize     H, hidden units of either cell
     * @param batchSize      N, sequences per training step
     * @param maxSteps       at most this many training steps
     * @param learningRate   Adam's learning rate
     * @param clipNorm       gradients are clipped to this global norm
     * @param evaluateEvery  validation every this many steps
     * @param targetAccuracy training stops once the validation accuracy reaches this
     * @param testSize       sequences in the validation and in the test set
     * @param forgetBias     the LSTM's initial forget-gate bias b_f
     * @param seed           everything random (weights, batches, test set) derives from it
     */
    public record Settings(int hiddenSize, int batchSize, int maxSteps, double learningRate, double clipNorm,
                           int evaluateEvery, double targetAccuracy, int testSize, double forgetBias, long seed) {
        /**
         * H = 32, N = 32, up to 200 steps, Adam at 0.003, clipping at global norm 1, validation every 25
         * steps until 99 % on 512 sequences, the LSTM's forget bias at 3 (σ(3) = 0.95, so a new cell keeps
         * its state over tens of steps), seed 42.
         */
        public static Settings defaults() {
            return new Settings(32, 32, 200, 0.003, 1.0, 25, 0.99, 512, 3.0, 42);
        }

        /** The same settings with another step budget. */
        public Settings withMaxSteps(int steps) {
            return new Settings(hiddenSize, batchSize, steps, learningRate, clipNorm, evaluateEvery, targetAccuracy,
                    testSize, forgetBias, seed);
        }

        /** The same settings with another seed. */
        public Settings withSeed(long newSeed) {
            return new Settings(hiddenSize, batchSize, maxSteps, learningRate, clipNorm, evaluateEvery, targetAccuracy,
                    testSize, forgetBias, newSeed);
        }
    }

    /**
     * One training run: the network, the lag T, the accuracy on a fresh test set, the loss of the last batch,
     * the steps used, the wall time, and ||dL/dh_t|| for t = 1 ... T on the first and on the last batch.
     */
    public record Outcome(Model model, int lag, double testAccuracy, double finalLoss, int stepsTrained,
                          double seconds, double[] gradientNormsAtStart, double[] gradientNormsAtEnd) {}

    /** Trains both networks at every lag; the order is lag by lag, RNN then LSTM. */
    public static List<Outcome> run(Settings settings, int... lags) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int lag : lags) {
            for (Model model : Model.values()) {
                outcomes.add(train(model, lag, settings));
            }
        }
        return outcomes;
    }

    /** Trains one network on the task with lag T = {@code lag}, as the settings say. */
    public static Outcome train(Model model, int lag, Settings settings) {
        return train(model, lag, FirstSymbolTask.INPUT_SIZE, FirstSymbolTask.SIGNALS,
                (rng, n) -> FirstSymbolTask.generate(rng, n, lag), settings);
    }

    /**
     * Trains one network on the embedded Reber grammar's long-memory question ({@link
     * EmbeddedReber#branchBatch}: was the second symbol T or P?), as the settings say. The strings have 36 to 50
     * symbols, padded at the front to one fixed length; the outcome's lag is that length, 48 steps.
     */
    public static Outcome trainOnReber(Model model, Settings settings) {
        return train(model, -1, EmbeddedReber.SYMBOLS.length(), 2, EmbeddedReber::branchBatch, settings);
    }

    /** Draws a batch of n labelled sequences from rng. */
    private interface BatchSource {
        SequenceBatch draw(Random rng, int n);
    }

    private static Outcome train(Model model, int lag, int inputSize, int classes, BatchSource task,
                                 Settings settings) {
        long start = System.nanoTime();
        Random weights = new Random(settings.seed());
        Recurrent cell = model == Model.RNN
                ? new RnnCell(inputSize, settings.hiddenSize(), weights)
                : new FusedLstm(new LstmCell(inputSize, settings.hiddenSize(), settings.forgetBias(), weights));
        SequenceClassifier classifier = new SequenceClassifier(cell, classes, weights);
        Random batches = new Random(settings.seed() + 1);
        SequenceBatch validation = task.draw(new Random(settings.seed() + 2), settings.testSize());
        double[][] normsAtStart = new double[1][];
        Objective<SequenceBatch> objective = new Objective<>() {
            @Override
            public double lossAndGradients(SequenceBatch batch) {
                // forward and backward through time
                return classifier.lossAndGradients(batch.xs(), batch.labels());
            }

            @Override
            public List<Parameter> parameters() {
                return classifier.parameters();
            }
        };
        Table history = new Trainer(new Adam(settings.learningRate()))
                .maxSteps(settings.maxSteps())
                .beforeUpdate(parameters -> {
                    if (normsAtStart[0] == null) {
                        normsAtStart[0] = cell.gradientNormsPerStep();
                    }
                    GradientClipping.clipGlobalNorm(parameters, settings.clipNorm());
                })
                .stopWhen(settings.evaluateEvery(),
                        () -> classifier.accuracy(validation.xs(), validation.labels()) >= settings.targetAccuracy())
                .progress(ProgressListener.silent())
                .fitSteps(objective, () -> task.draw(batches, settings.batchSize()));
        int step = history.rowCount();
        double loss = history.doubleColumn("loss").get(step - 1);
        double[] normsAtEnd = cell.gradientNormsPerStep();
        SequenceBatch test = task.draw(new Random(settings.seed() + 3), settings.testSize());
        double accuracy = classifier.accuracy(test.xs(), test.labels());
        return new Outcome(model, lag < 0 ? normsAtStart[0].length : lag, accuracy, loss, step,
                (System.nanoTime() - start) / 1e9, normsAtStart[0], normsAtEnd);
    }

    /** One row per run: model, lag, test accuracy, final loss, steps trained, seconds. */
    public static Table accuracyTable(List<Outcome> outcomes) {
        StringColumn model = StringColumn.create("model");
        IntColumn lag = IntColumn.create("lag");
        DoubleColumn accuracy = DoubleColumn.create("accuracy");
        DoubleColumn loss = DoubleColumn.create("finalLoss");
        IntColumn steps = IntColumn.create("steps");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        for (Outcome o : outcomes) {
            model.append(o.model().name());
            lag.append(o.lag());
            accuracy.append(o.testAccuracy());
            loss.append(o.finalLoss());
            steps.append(o.stepsTrained());
            seconds.append(o.seconds());
        }
        return Table.create("RNN vs LSTM on the first-symbol task", model, lag, accuracy, loss, steps, seconds);
    }

    /**
     * One row per run and time step: model, lag, when ("start" = first batch, "end" = last batch), step t
     * (1 ... T) and ||dL/dh_t||; a tidy table for a line plot of gradient size against t.
     */
    public static Table gradientNormTable(List<Outcome> outcomes) {
        StringColumn model = StringColumn.create("model");
        IntColumn lag = IntColumn.create("lag");
        StringColumn when = StringColumn.create("when");
        IntColumn step = IntColumn.create("step");
        DoubleColumn norm = DoubleColumn.create("gradientNorm");
        for (Outcome o : outcomes) {
            for (String moment : List.of("start", "end")) {
                double[] norms = moment.equals("start") ? o.gradientNormsAtStart() : o.gradientNormsAtEnd();
                for (int t = 0; t < norms.length; t++) {
                    model.append(o.model().name());
                    lag.append(o.lag());
                    when.append(moment);
                    step.append(t + 1);
                    norm.append(norms[t]);
                }
            }
        }
        return Table.create("gradient size per time step", model, lag, when, step, norm);
    }

    /** Runs the default experiment and prints both tables: {@code java ... LongLagExperiment [lags...]}. */
    public static void main(String[] args) {
        int[] lags = args.length == 0 ? DEFAULT_LAGS
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        List<Outcome> outcomes = new ArrayList<>(run(Settings.defaults(), lags));
        System.out.println(accuracyTable(outcomes).print());
        for (Model model : Model.values()) {
            Outcome reber = trainOnReber(model, Settings.defaults());
            System.out.printf("embedded Reber, second symbol: %s accuracy %.3f after %d steps%n", model,
                    reber.testAccuracy(), reber.stepsTrained());
        }
        for (Outcome o : outcomes) {
            System.out.printf("%s lag %d: ||dL/dh_1|| / ||dL/dh_T|| at start %.3g, at end %.3g%n", o.model(), o.lag(),
                    o.gradientNormsAtStart()[0] / o.gradientNormsAtStart()[o.lag() - 1],
                    o.gradientNormsAtEnd()[0] / o.gradientNormsAtEnd()[o.lag() - 1]);
        }
    }
}
