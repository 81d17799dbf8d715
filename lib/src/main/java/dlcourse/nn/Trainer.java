package dlcourse.nn;

import dlcourse.data.Batches;
import dlcourse.data.Dataset;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
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
 * <p>The same loop trains the other models of the course:
 * <ul>
 *   <li>{@link #fitReconstruction} trains a model to rebuild its input (an autoencoder): the target of a batch is
 *       the batch itself, and {@link #corruptInputs} can corrupt the input while the target stays clean (a
 *       denoising autoencoder);</li>
 *   <li>{@link #penalty} adds a term to the loss whose gradient enters the backward pass at a hidden activation
 *       ({@link Penalty}: the sparsity and contraction penalties of notebook 05) or at the weights (weight decay);</li>
 *   <li>{@link #fitSteps} trains an {@link Objective} (a sequence classifier) on batches drawn from a generator for
 *       a number of steps, with {@link #beforeUpdate} (gradient clipping) and {@link #stopWhen} (early stopping
 *       on a validation set).</li>
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
    private Random batchOrder;
    private boolean shuffle = true;
    private int maxSteps = 1000;
    private UnaryOperator<Tensor> corruption;
    private final List<Penalty> penalties = new ArrayList<>();
    private final List<Consumer<List<Parameter>>> beforeUpdate = new ArrayList<>();
    private int stopEvery;
    private BooleanSupplier stopRule;
    private ProgressListener progress = ProgressListener.printing(System.out);
    private double divergenceFactor = 100;

    /** The number of recent steps whose mean loss is compared with the first step's loss. */
    public static final int GROWTH_WINDOW = 10;
    /** The smallest loss the growth rule compares with, so that a nearly perfect start is not a hair trigger. */
    public static final double GROWTH_FLOOR = 0.1;

    /** A trainer of {@code model} on {@code loss}, for {@link #fit} and {@link #fitReconstruction}. */
    public Trainer(Layer model, Loss loss, Optimizer optimizer) {
        if (model == null || loss == null || optimizer == null) {
            throw new IllegalArgumentException("Trainer: give a model, a loss and an optimizer (got "
                    + (model == null ? "no model" : model.describe()) + ", " + (loss == null ? "no loss" : loss.describe())
                    + ", " + (optimizer == null ? "no optimizer" : "an optimizer") + ")");
        }
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /** A trainer with only an optimizer, for {@link #fitSteps}, where the {@link Objective} computes its own loss. */
    public Trainer(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("Trainer: give an optimizer");
        }
        this.model = null;
        this.loss = null;
        this.optimizer = optimizer;
    }

    /** The number of passes over the training set (default 10; 0 trains nothing). */
    public Trainer epochs(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("Trainer.epochs: must be 0 or more, got " + epochs);
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
        this.batchOrder = null;
        return this;
    }

    /**
     * Shuffle the batches with this random stream instead of a new one from the seed, continuing it: a model
     * whose initial weights took the stream's first numbers draws its batch order from the rest.
     */
    public Trainer batchOrder(Random rng) {
        if (rng == null) {
            throw new IllegalArgumentException("Trainer.batchOrder: give a Random (or use seed(long))");
        }
        this.batchOrder = rng;
        return this;
    }

    /**
     * Whether each epoch shuffles the examples (default true). Without shuffling the batches take the examples in
     * order; with a batch size at least the set's size every step is one full-batch gradient-descent step.
     */
    public Trainer shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** The number of steps of {@link #fitSteps} (default 1000); {@link #stopWhen} may end it earlier. */
    public Trainer maxSteps(int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("Trainer.maxSteps: must be positive, got " + steps);
        }
        this.maxSteps = steps;
        return this;
    }

    /**
     * For {@link #fitReconstruction}: the model sees {@code corrupt} applied to each batch while its target stays
     * the clean batch (a denoising autoencoder). Called once per step, in batch order.
     */
    public Trainer corruptInputs(UnaryOperator<Tensor> corrupt) {
        this.corruption = corrupt;
        return this;
    }

    /**
     * Adds a penalty to the loss: its value after each forward pass, its gradient at its hidden activation during
     * backward and at its weights after it (see {@link Penalty}). Penalties are applied in the order added. The
     * history's loss includes them; {@link #evaluate} does not.
     */
    public Trainer penalty(Penalty penalty) {
        if (penalty == null) {
            throw new IllegalArgumentException("Trainer.penalty: give a penalty");
        }
        if (penalty.activation() != null) {
            if (!(model instanceof HiddenActivations hidden)) {
                throw new IllegalArgumentException("Trainer.penalty: " + penalty.describe() + " reads the activation '"
                        + penalty.activation() + "', but the model " + (model == null ? "(none)" : model.describe())
                        + " does not expose its hidden activations (it is not a HiddenActivations); use a model that"
                        + " does, such as an Autoencoder");
            }
            if (!hidden.activationNames().contains(penalty.activation())) {
                throw new IllegalArgumentException("Trainer.penalty: " + penalty.describe() + " reads the activation '"
                        + penalty.activation() + "', but the model " + model.describe() + " has only "
                        + hidden.activationNames());
            }
        }
        penalties.add(penalty);
        return this;
    }

    /** Adds the penalties in order (see {@link #penalty}). */
    public Trainer penalties(List<? extends Penalty> list) {
        list.forEach(this::penalty);
        return this;
    }

    /**
     * Runs {@code hook} on the parameters after each backward pass and before the update (for example gradient
     * clipping, or recording the gradients of the first step). Hooks run in the order added.
     */
    public Trainer beforeUpdate(Consumer<List<Parameter>> hook) {
        beforeUpdate.add(hook);
        return this;
    }

    /** After every {@code every}-th update, stop training if {@code done} says so (early stopping). */
    public Trainer stopWhen(int every, BooleanSupplier done) {
        if (every <= 0 || done == null) {
            throw new IllegalArgumentException("Trainer.stopWhen: give a positive interval and a rule, got " + every);
        }
        this.stopEvery = every;
        this.stopRule = done;
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

    // ------------------------------------------------------------------------- the three kinds of training

    /** Trains on {@code train} and reports the test set after each epoch; returns the history. */
    public Table fit(Dataset train, Dataset test) {
        requireModel("fit");
        if (corruption != null) {
            throw new IllegalStateException("Trainer.fit: corruptInputs is for fitReconstruction (the target of a"
                    + " corrupted input is the clean input); a labelled data set has its labels as targets");
        }
        Dataset.requireFinite(train.x(), "Trainer.fit: the training set");
        if (test != null) {
            Dataset.requireFinite(test.x(), "Trainer.fit: the test set");
        }
        return runEpochs(train.size(), indices -> {
            Dataset batch = train.select(indices);
            Tensor yHat = model.forward(batch.x());
            double L = loss.forward(yHat, targets(batch, yHat));
            return new Pass(L + penaltyValues(), batch.size(), () -> countCorrect(yHat, batch.labels()));
        }, test);
    }

    /** Trains on {@code train} only. */
    public Table fit(Dataset train) {
        return fit(train, null);
    }

    /**
     * Trains the model to rebuild its input: the examples are the rows of {@code x} [N, D], the target of each batch
     * is the batch itself (the clean batch if {@link #corruptInputs} is set). Returns the history; its accuracy is
     * NaN (a reconstruction has no class).
     */
    public Table fitReconstruction(Tensor x) {
        requireModel("fitReconstruction");
        x.requireShape("Trainer.fitReconstruction (x is [N, D])", -1, -1);
        Dataset.requireFinite(x, "Trainer.fitReconstruction: the inputs");
        return runEpochs(x.rows(), indices -> {
            Tensor clean = x.select(indices);
            Tensor input = corruption == null ? clean : corruption.apply(clean);
            if (corruption != null) {
                input.requireShape("Trainer.fitReconstruction (the corrupted input must match the clean batch)",
                        clean.shape());
            }
            Tensor yHat = model.forward(input);
            double L = loss.forward(yHat, clean);
            return new Pass(L + penaltyValues(), clean.rows(), null);
        }, null);
    }

    /**
     * Trains {@code objective} for {@link #maxSteps} steps (or until {@link #stopWhen} says done), each on a batch
     * from {@code batches}. Returns a table with one row per step: step, loss (the batch's loss before the update).
     */
    public <B> Table fitSteps(Objective<B> objective, Supplier<B> batches) {
        if (!penalties.isEmpty() || corruption != null) {
            throw new IllegalStateException("Trainer.fitSteps: penalties and corruptInputs need a Layer model and a"
                    + " Loss; an Objective computes its whole loss itself");
        }
        Guard guard = new Guard();
        IntColumn stepColumn = IntColumn.create("step");
        DoubleColumn lossColumn = DoubleColumn.create("loss");
        Table history = Table.create("steps", stepColumn, lossColumn);
        for (int step = 1; step <= maxSteps; step++) {
            B batch = batches.get();
            double L = objective.lossAndGradients(batch);
            int at = step;
            Supplier<String> where = () -> String.format("step %d of at most %d", at, maxSteps);
            guard.checkLoss(L, where, history, 1, step);
            List<Parameter> parameters = objective.parameters();
            update(parameters, where, history, 1, step);
            stepColumn.append(step);
            lossColumn.append(L);
            progress.onBatch(1, 1, step, maxSteps, L);
            if (stopRule != null && step % stopEvery == 0 && stopRule.getAsBoolean()) {
                break;
            }
        }
        return history;
    }

    // ------------------------------------------------------------------------- the loop

    /** One batch after its forward pass: the loss (penalties included), its size, its number correct (or none). */
    private record Pass(double loss, int size, java.util.function.IntSupplier correct) {}

    private interface Forward {
        Pass run(int[] indices);
    }

    /** The divergence rules, step after step. */
    private final class Guard {
        private double lastFinite = Double.NaN;
        private double firstLoss = Double.NaN;
        private final double[] recent = new double[GROWTH_WINDOW];
        private int seen;

        void checkLoss(double L, Supplier<String> where, Table history, int epoch, int step) {
            if (!Double.isFinite(L)) {
                throw notFinite(where, "the loss became " + describe(L) + String.format(
                        " (the step before, it was %.6g)", lastFinite), history, epoch, step);
            }
            lastFinite = L;
            if (seen == 0) {
                firstLoss = L;
            }
            recent[seen % GROWTH_WINDOW] = L;
            seen++;
            if (divergenceFactor > 0 && seen >= GROWTH_WINDOW) {
                double mean = java.util.Arrays.stream(recent).average().orElse(L);
                double limit = divergenceFactor * Math.max(firstLoss, GROWTH_FLOOR);
                if (mean > limit) {
                    throw new TrainingDivergedException(TrainingDivergedException.Reason.LOSS_GREW, String.format(
                            "training stopped at %s: the loss is growing, not falling. The mean loss of the last"
                                    + " %d steps, %.4g, is more than %s times the first step's %.4g. The updates are"
                                    + " too large: try a learning rate 10 times smaller than %s.", where.get(),
                            GROWTH_WINDOW, mean, fmt(divergenceFactor), firstLoss,
                            fmt(optimizer.learningRate())), history, epoch, step);
                }
            }
        }
    }

    private Table runEpochs(int size, Forward forward, Dataset test) {
        Random rng = batchOrder != null ? batchOrder : new Random(seed);
        Table history = emptyHistory();
        Guard guard = new Guard();
        int step = 0;
        model.setTraining(true);
        boolean stopped = false;
        for (int epoch = 1; epoch <= epochs && !stopped; epoch++) {
            long start = System.nanoTime();
            List<int[]> batches = shuffle ? Batches.shuffled(size, batchSize, rng) : inOrder(size, batchSize);
            double lossSum = 0;
            int correct = 0;
            boolean counted = true;
            for (int b = 0; b < batches.size(); b++) {
                step++;
                // forward
                Pass pass = forward.run(batches.get(b));
                int at = step;
                int inEpoch = epoch;
                int batch = b + 1;
                int of = batches.size();
                // named only in an error message, so written only then
                Supplier<String> where = () -> String.format("step %d (epoch %d, batch %d of %d)", at, inEpoch, batch,
                        of);
                guard.checkLoss(pass.loss(), where, history, epoch, step);
                // backward
                backward(loss.backward());
                // update
                update(model.parameters(), where, history, epoch, step);

                lossSum += pass.loss() * pass.size();
                if (pass.correct() != null) {
                    correct += pass.correct().getAsInt();
                } else {
                    counted = false;
                }
                progress.onBatch(epoch, epochs, b + 1, batches.size(), pass.loss());
                if (stopRule != null && step % stopEvery == 0 && stopRule.getAsBoolean()) {
                    stopped = true;
                    break;
                }
            }
            double trainLoss = lossSum / size;
            double trainAccuracy = counted ? (double) correct / size : Double.NaN;
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

    /** The penalties' values at the activations of the forward pass just run. */
    private double penaltyValues() {
        double sum = 0;
        for (Penalty p : penalties) {
            sum += p.value(activationOf(p));
        }
        return sum;
    }

    private Tensor activationOf(Penalty p) {
        return p.activation() == null ? null : ((HiddenActivations) model).activation(p.activation());
    }

    /** The backward pass from dL/dyHat, with the penalties' gradients at their activations and weights. */
    private void backward(Tensor dYHat) {
        if (model instanceof HiddenActivations hidden) {
            Map<String, Tensor> extra = new HashMap<>();
            for (Penalty p : penalties) {
                if (p.activation() != null) {
                    Tensor g = p.gradient(activationOf(p));
                    if (g != null) {
                        extra.merge(p.activation(), g, Tensor::plus);
                    }
                }
            }
            hidden.backwardWithPenalties(dYHat, extra);
        } else {
            model.backwardParameters(dYHat);   // the gradients of the weights; dL/dx of the input is never used
        }
        for (Penalty p : penalties) {
            p.addParameterGradients(activationOf(p));
        }
    }

    /** Checks the gradients, runs the hooks, updates, checks the values. */
    private void update(List<Parameter> parameters, Supplier<String> where, Table history, int epoch, int step) {
        requireFinite(parameters, "gradient", where, history, epoch, step);
        for (Consumer<List<Parameter>> hook : beforeUpdate) {
            hook.accept(parameters);
        }
        optimizer.step(parameters);
        requireFinite(parameters, "value", where, history, epoch, step);
    }

    private static List<int[]> inOrder(int n, int batchSize) {
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int[] batch = new int[Math.min(batchSize, n - from)];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = from + i;
            }
            batches.add(batch);
        }
        return batches;
    }

    private void requireModel(String method) {
        if (model == null) {
            throw new IllegalStateException("Trainer." + method + ": this trainer was made with an optimizer only, for"
                    + " fitSteps; make it with new Trainer(model, loss, optimizer)");
        }
    }

    /** The mean loss and the accuracy (a fraction in [0, 1]) of a model on a data set. */
    public record Evaluation(double loss, double accuracy) {}

    /** The mean loss and the accuracy of the model on a data set, in test mode, in chunks of 1,000 examples. */
    public Evaluation evaluate(Dataset data) {
        requireModel("evaluate");
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

    /**
     * The value in {@code column} ("loss" or "accuracy") of the last row of {@code split} in a history; NaN for the
     * accuracy of {@link #fitReconstruction}.
     */
    public static double last(Table history, String split, String column) {
        Table rows = history.where(history.stringColumn("split").isEqualTo(split));
        if (rows.rowCount() == 0) {
            throw new IllegalArgumentException("Trainer.last: the history has no rows for split '" + split
                    + "'; splits are 'train' and 'test'");
        }
        // a NaN (the accuracy of a reconstruction) is stored as missing
        Double value = rows.doubleColumn(column).get(rows.rowCount() - 1);
        return value == null ? Double.NaN : value;
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
    private void requireFinite(List<Parameter> parameters, String what, Supplier<String> where, Table history,
                               int epoch, int step) {
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

    private TrainingDivergedException notFinite(Supplier<String> where, String what, Table history, int epoch,
                                                int step) {
        String message = "training stopped at " + where.get() + ": " + what
                + ". The inputs were checked and are finite, so"
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
