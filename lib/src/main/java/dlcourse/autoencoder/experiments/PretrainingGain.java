package dlcourse.autoencoder.experiments;

import dlcourse.autoencoder.Corruption;
import dlcourse.autoencoder.DenoisingAutoencoder;
import dlcourse.autoencoder.ReconstructionLoss;
import dlcourse.data.Dataset;
import dlcourse.data.Mnist;
import dlcourse.data.TrainTest;
import dlcourse.experiment.Experiment;
import dlcourse.experiment.ExperimentRun;
import dlcourse.nn.Dense;
import dlcourse.nn.Layer;
import dlcourse.nn.Mlp;
import dlcourse.nn.ProgressListener;
import dlcourse.nn.Sgd;
import dlcourse.nn.Sigmoid;
import dlcourse.nn.SoftmaxCrossEntropy;
import dlcourse.nn.Trainer;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The setting that motivates stacked autoencoders: many unlabelled examples, few labelled ones. Denoising
 * autoencoders are stacked greedily on every training image without its label; the encoders then start a
 * classifier that is fine-tuned on only the first {@code labels} images with their labels. The same network from
 * random weights gets exactly the same supervised steps. Taught in notebook {@code 06-stacked-autoencoders},
 * section "Many unlabelled digits, few labels"; {@link #fullScale()} is its companion run.
 *
 * <p>Shapes: unlabelled x [N, D]; the classifier D -> H1 -> H2 -> ... -> K with sigmoid hidden units.
 */
public final class PretrainingGain {
    private PretrainingGain() {}

    /**
     * The settings of one comparison.
     *
     * @param hiddenSizes          H1, H2, ...: one denoising autoencoder per entry
     * @param maskingFraction      share of the inputs set to 0 by the masking corruption
     * @param pretrainEpochs       epochs of each autoencoder over all unlabelled images
     * @param pretrainLearningRate SGD learning rate of the pretraining
     * @param supervisedSteps      SGD steps of the supervised training (the same for both networks)
     * @param learningRate         SGD learning rate of the supervised training
     * @param batchSize            mini-batch size of both phases
     */
    public record Settings(int[] hiddenSizes, double maskingFraction, int pretrainEpochs, double pretrainLearningRate,
                           int supervisedSteps, double learningRate, int batchSize) {
        public Settings {
            if (hiddenSizes.length < 1) {
                throw new IllegalArgumentException("PretrainingGain.Settings: give at least one hidden size");
            }
            if (supervisedSteps < 1 || batchSize < 1 || pretrainEpochs < 0) {
                throw new IllegalArgumentException("PretrainingGain.Settings: supervisedSteps and batchSize must be"
                        + " positive and pretrainEpochs not negative");
            }
            hiddenSizes = hiddenSizes.clone();
        }

        /** 784-128-64-10, masking 0.3, 5 pretraining epochs at learning rate 0.5, 300 supervised steps of 32. */
        public static Settings notebook() {
            return new Settings(new int[] {128, 64}, 0.3, 5, 0.5, 300, 0.5, 32);
        }

        /** The same settings with another number of supervised steps. */
        public Settings withSupervisedSteps(int steps) {
            return new Settings(hiddenSizes, maskingFraction, pretrainEpochs, pretrainLearningRate, steps, learningRate,
                    batchSize);
        }

        @Override
        public int[] hiddenSizes() {
            return hiddenSizes.clone();
        }
    }

    /** The test accuracies of one labelled-set size and one seed. */
    public record Outcome(int labels, long seed, double pretrainedAccuracy, double randomAccuracy) {
        /** Pretrained minus random-init test accuracy (positive: pretraining helped). */
        public double gain() {
            return pretrainedAccuracy - randomAccuracy;
        }
    }

    /**
     * Greedy layer-wise pretraining without labels: a denoising autoencoder on x [N, D], the next one on the
     * hidden values of the first, and so on. Returns the encoders (Dense layers), input side first.
     */
    public static List<Dense> pretrain(Tensor unlabelled, Settings settings, long seed) {
        Random rng = new Random(seed);
        List<Dense> encoders = new ArrayList<>();
        Tensor input = unlabelled;
        for (int h : settings.hiddenSizes()) {
            DenoisingAutoencoder dae = DenoisingAutoencoder.train(input, h,
                    Corruption.masking(settings.maskingFraction()), ReconstructionLoss.SQUARED_ERROR,
                    settings.pretrainEpochs(), settings.pretrainLearningRate(), settings.batchSize(), rng.nextLong());
            encoders.add(dae.autoencoder().encoder());
            // the hidden values of this autoencoder are the inputs of the next one
            input = dae.autoencoder().encode(input);
        }
        return encoders;
    }

    /**
     * A classifier whose hidden layers start from the given encoders (copied, so the encoders themselves stay as
     * they are) and whose softmax layer is random.
     */
    public static Mlp fromEncoders(List<Dense> encoders, int numClasses, long seed) {
        List<Layer> layers = new ArrayList<>();
        for (Dense e : encoders) {
            layers.add(new Dense(e.W().value(), e.b().value()));
            layers.add(new Sigmoid());
        }
        layers.add(new Dense(encoders.get(encoders.size() - 1).outputs(), numClasses, new Random(seed)));
        return Mlp.of(layers);
    }

    /** The same architecture, D -> H1 -> ... -> K with sigmoids, from random weights. */
    public static Mlp randomInit(int numInputs, Settings settings, int numClasses, long seed) {
        Random rng = new Random(seed);
        List<Layer> layers = new ArrayList<>();
        int inputs = numInputs;
        for (int h : settings.hiddenSizes()) {
            layers.add(new Dense(inputs, h, rng));
            layers.add(new Sigmoid());
            inputs = h;
        }
        layers.add(new Dense(inputs, numClasses, rng));
        return Mlp.of(layers);
    }

    /**
     * Trains {@code network} on the labelled set for (about) {@code settings.supervisedSteps()} SGD steps, as whole
     * epochs over the labelled set; returns its test accuracy.
     */
    public static double trainSupervised(Mlp network, Dataset labelled, Dataset test, Settings settings, long seed) {
        int batchesPerEpoch = (labelled.size() + settings.batchSize() - 1) / settings.batchSize();
        int epochs = Math.max(1, Math.round((float) settings.supervisedSteps() / batchesPerEpoch));
        Trainer trainer = new Trainer(network, new SoftmaxCrossEntropy(), new Sgd(settings.learningRate()))
                .epochs(epochs).batchSize(settings.batchSize()).seed(seed).progress(ProgressListener.silent());
        trainer.fit(labelled);
        return trainer.evaluate(test).accuracy();
    }

    /**
     * For every seed: pretrain once on {@code unlabelled}, then for every size in {@code labelCounts} train the
     * pretrained and the random-init network on the first that many examples of {@code train}.
     */
    public static List<Outcome> run(Tensor unlabelled, Dataset train, Dataset test, int[] labelCounts, long[] seeds,
                                    Settings settings) {
        return run(unlabelled, train, test, labelCounts, seeds, settings, (done, total) -> { });
    }

    /** The same, reporting each finished pair of runs to {@code progress}. */
    public static List<Outcome> run(Tensor unlabelled, Dataset train, Dataset test, int[] labelCounts, long[] seeds,
                                    Settings settings, Progress progress) {
        for (int n : labelCounts) {
            if (n < 1 || n > train.size()) {
                throw new IllegalArgumentException("PretrainingGain.run: " + n + " labels asked for, but the"
                        + " training set has " + train.size() + " examples");
            }
        }
        List<Outcome> out = new ArrayList<>();
        int total = labelCounts.length * seeds.length;
        for (long seed : seeds) {
            List<Dense> encoders = pretrain(unlabelled, settings, seed);
            for (int n : labelCounts) {
                Dataset labelled = train.slice(0, n);
                int k = train.numClasses();
                double pretrained = trainSupervised(fromEncoders(encoders, k, seed + 1), labelled, test, settings,
                        seed + 2);
                double random = trainSupervised(randomInit(unlabelled.cols(), settings, k, seed + 1), labelled, test,
                        settings, seed + 2);
                out.add(new Outcome(n, seed, pretrained, random));
                progress.done(out.size(), total);
            }
        }
        return out;
    }

    /** Receives progress: {@code done} of {@code total} comparisons finished. */
    public interface Progress {
        void done(int done, int total);
    }

    /** One row per outcome: labels, seed, pretrained, random init, gain (test accuracies as fractions). */
    public static Table table(List<Outcome> outcomes) {
        IntColumn labels = IntColumn.create("labels");
        IntColumn seed = IntColumn.create("seed");
        DoubleColumn pretrained = DoubleColumn.create("pretrained");
        DoubleColumn random = DoubleColumn.create("random init");
        DoubleColumn gain = DoubleColumn.create("gain");
        for (Outcome o : outcomes) {
            labels.append(o.labels());
            seed.append((int) o.seed());
            pretrained.append(o.pretrainedAccuracy());
            random.append(o.randomAccuracy());
            gain.append(o.gain());
        }
        return Table.create("test accuracy, pretrained on all unlabelled digits", labels, seed, pretrained, random,
                gain);
    }

    /**
     * The companion run of notebook 06: pretraining on all 8,000 training digits of the course's MNIST subset
     * (without labels), fine-tuning on 30 to 8,000 labels, five seeds, tested on the 2,000 held-out digits. The
     * notebook's settings, except 1,000 supervised steps instead of 300, so that the larger labelled sets are seen
     * for several epochs.
     */
    public static Experiment fullScale() {
        return new Experiment() {
            @Override
            public String name() {
                return "stacked-autoencoder-labels";
            }

            @Override
            public String description() {
                return "stacked denoising autoencoders pretrained on 8,000 unlabelled digits against random init,"
                        + " 30 to 8,000 labels, 5 seeds (notebook 06)";
            }

            @Override
            public void run(ExperimentRun run) {
                TrainTest mnist = Mnist.load(42);
                int[] labelCounts = {30, 100, 300, 1000, 3000, 8000};
                long[] seeds = {1, 2, 3, 4, 5};
                run.seeds(seeds).columns("labels", "seed", "supervised_steps", "pretrained", "random_init", "gain");
                Settings settings = Settings.notebook().withSupervisedSteps(1000);
                List<Outcome> outcomes = PretrainingGain.run(mnist.train().x(), mnist.train(), mnist.test(),
                        labelCounts, seeds, settings,
                        (done, total) -> run.progress("pretrained vs random init", done, total));
                for (Outcome o : outcomes) {
                    run.row(o.labels(), o.seed(), settings.supervisedSteps(), o.pretrainedAccuracy(), o.randomAccuracy(), o.gain());
                }
            }
        };
    }
}
