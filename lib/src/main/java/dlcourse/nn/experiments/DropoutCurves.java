package dlcourse.nn.experiments;

import dlcourse.data.Dataset;
import dlcourse.data.Mnist;
import dlcourse.data.TrainTest;
import dlcourse.experiment.Experiment;
import dlcourse.experiment.ExperimentRun;
import dlcourse.nn.Dense;
import dlcourse.nn.Dropout;
import dlcourse.nn.Mlp;
import dlcourse.nn.ProgressListener;
import dlcourse.nn.Relu;
import dlcourse.nn.Sgd;
import dlcourse.nn.SoftmaxCrossEntropy;
import dlcourse.nn.Trainer;
import java.util.List;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Learning curves with and without dropout on a small training set, where a network without dropout
 * overfits: the training loss keeps falling while the test loss turns up. Taught in notebook
 * {@code 07-dropout}, section "Dropout against overfitting"; {@link #train} and the companion runs
 * {@link #trainingSizeExperiment()} and {@link #rateExperiment()} serve the sections "Where dropout pays: the size of
 * the training set" and "A wide range of drop probabilities".
 */
public final class DropoutCurves {
    private DropoutCurves() {}

    /**
     * A ReLU network D -> H -> H -> K with a {@link Dropout} layer (inverted, so test mode needs no change)
     * after each hidden layer; dropProb 0 gives the same network without dropout.
     */
    public static Mlp network(int numInputs, int numHidden, int numClasses, double dropProb, long seed) {
        Random rng = new Random(seed);
        return Mlp.of(
                new Dense(numInputs, numHidden, rng), new Relu(), Dropout.inverted(dropProb, seed + 1),
                new Dense(numHidden, numHidden, rng), new Relu(), Dropout.inverted(dropProb, seed + 2),
                new Dense(numHidden, numClasses, rng));
    }

    /**
     * Trains the network twice from the same initial weights, once with dropProb 0 and once with the given
     * dropProb, and returns both histories in one tidy table: columns epoch, split, loss, accuracy, network
     * ("no dropout" or "dropout dropProb=...").
     */
    public static Table compare(Dataset train, Dataset test, int numHidden, double dropProb, int epochs,
                                double learningRate, int batchSize, long seed) {
        Table all = null;
        for (double runDropProb : new double[] {0, dropProb}) {
            Mlp net = network(train.x().cols(), numHidden, train.numClasses(), runDropProb, seed);
            Table history = new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(learningRate))
                    .epochs(epochs).batchSize(batchSize).seed(seed).progress(ProgressListener.silent()).fit(train, test);
            String name = runDropProb == 0 ? "no dropout" : "dropout dropProb=" + runDropProb;
            String[] names = new String[history.rowCount()];
            java.util.Arrays.fill(names, name);
            history.addColumns(StringColumn.create("network", names));
            all = all == null ? history : all.append(history);
        }
        return all.setName("Learning curves with and without dropout");
    }

    /**
     * The settings of one dropout run.
     *
     * @param numHidden    H, units of each of the two hidden layers
     * @param epochs       passes over the training set
     * @param learningRate SGD learning rate
     * @param batchSize    examples per step
     */
    public record Settings(int numHidden, int epochs, double learningRate, int batchSize) {
        /** 784-128-128-10 (the network of notebook 07), 60 epochs of SGD at 0.1 in batches of 32. */
        public static Settings notebook() {
            return new Settings(128, 60, 0.1, 32);
        }

        /** The same settings with another number of epochs. */
        public Settings withEpochs(int newEpochs) {
            return new Settings(numHidden, newEpochs, learningRate, batchSize);
        }
    }

    /** A trained network and its test accuracy. */
    public record Run(Mlp network, double dropProb, int trainingSize, long seed, double testAccuracy) {}

    /**
     * Trains {@link #network} with {@code dropProb} (0: no dropout) on {@code train} and measures its test
     * accuracy in test mode.
     */
    public static Run train(Dataset train, Dataset test, double dropProb, Settings settings, long seed) {
        Mlp net = network(train.x().cols(), settings.numHidden(), train.numClasses(), dropProb, seed);
        Trainer trainer = new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(settings.learningRate()))
                .epochs(settings.epochs()).batchSize(settings.batchSize()).seed(seed + 3)
                .progress(ProgressListener.silent());
        trainer.fit(train);
        return new Run(net, dropProb, train.size(), seed, trainer.evaluate(test).accuracy());
    }

    /** One row per run: training size, drop probability, seed, test accuracy. */
    public static Table table(List<Run> runs) {
        IntColumn size = IntColumn.create("training digits");
        DoubleColumn drop = DoubleColumn.create("drop probability");
        IntColumn seed = IntColumn.create("seed");
        DoubleColumn accuracy = DoubleColumn.create("test accuracy");
        for (Run r : runs) {
            size.append(r.trainingSize());
            drop.append(r.dropProb());
            seed.append((int) r.seed());
            accuracy.append(r.testAccuracy());
        }
        return Table.create("dropout runs", size, drop, seed, accuracy);
    }

    /**
     * Companion run of notebook 07: test accuracy against the number of training digits (250 to 8,000 of the
     * course's MNIST subset), without dropout and with dropProb 0.5, three seeds, tested on the 2,000 held-out
     * digits.
     */
    public static Experiment trainingSizeExperiment() {
        return new Experiment() {
            @Override
            public String name() {
                return "dropout-vs-training-size";
            }

            @Override
            public String description() {
                return "784-128-128-10 ReLU with and without dropout (0.5), 250 to 8,000 training digits, 3 seeds"
                        + " (notebook 07)";
            }

            @Override
            public void run(ExperimentRun run) {
                TrainTest mnist = Mnist.load(42);
                int[] sizes = {250, 500, 1000, 2000, 4000, 8000};
                long[] seeds = {1, 2, 3};
                double[] dropProbs = {0, 0.5};
                run.seeds(seeds).columns("training_digits", "drop_prob", "seed", "epochs", "test_accuracy");
                int total = sizes.length * seeds.length * dropProbs.length;
                int done = 0;
                for (int size : sizes) {
                    // the same number of steps for every size would starve the small sets of epochs and the large
                    // ones of updates; 60 epochs up to 2,000 digits, then as many steps as 60 epochs of 2,000
                    Settings settings = Settings.notebook().withEpochs(Math.max(15, 60 * 2000 / Math.max(size, 2000)));
                    for (long seed : seeds) {
                        for (double dropProb : dropProbs) {
                            Run r = train(mnist.train().slice(0, size), mnist.test(), dropProb, settings, seed);
                            run.row(size, dropProb, seed, settings.epochs(), r.testAccuracy());
                            run.progress("dropout against training size", ++done, total);
                        }
                    }
                }
            }
        };
    }

    /**
     * Companion run of notebook 07: test accuracy against the drop probability (0 to 0.9) on 2,000 training
     * digits, three seeds.
     */
    public static Experiment rateExperiment() {
        return new Experiment() {
            @Override
            public String name() {
                return "dropout-rates";
            }

            @Override
            public String description() {
                return "784-128-128-10 ReLU on 2,000 digits, drop probability 0 to 0.9, 3 seeds (notebook 07)";
            }

            @Override
            public void run(ExperimentRun run) {
                TrainTest mnist = Mnist.load(42);
                double[] dropProbs = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
                long[] seeds = {1, 2, 3};
                run.seeds(seeds).columns("drop_prob", "seed", "test_accuracy");
                int done = 0;
                for (double dropProb : dropProbs) {
                    for (long seed : seeds) {
                        Run r = train(mnist.train().slice(0, 2000), mnist.test(), dropProb, Settings.notebook(), seed);
                        run.row(dropProb, seed, r.testAccuracy());
                        run.progress("dropout rates", ++done, dropProbs.length * seeds.length);
                    }
                }
            }
        };
    }
}
