package dlcourse.cnn.experiments;

import dlcourse.cnn.Conv2d;
import dlcourse.cnn.MaxPool2d;
import dlcourse.cnn.Padding;
import dlcourse.data.Batches;
import dlcourse.data.Dataset;
import dlcourse.data.FashionMnist;
import dlcourse.data.Idx;
import dlcourse.experiment.Experiment;
import dlcourse.experiment.ExperimentRun;
import dlcourse.nn.Dense;
import dlcourse.nn.Layer;
import dlcourse.nn.Mlp;
import dlcourse.nn.Momentum;
import dlcourse.nn.Relu;
import dlcourse.nn.Reshape;
import dlcourse.nn.Sigmoid;
import dlcourse.nn.SoftmaxCrossEntropy;
import dlcourse.nn.Tanh;
import dlcourse.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The kind of comparison behind the lecture's "ReLU converges about six times faster than tanh": Krizhevsky,
 * Sutskever and Hinton (2012, figure 1) trained a four-layer convolutional network on CIFAR-10 with ReLU and with
 * tanh, each at the learning rate that made it fastest, and counted the epochs to 25% training error. Here a
 * four-layer CNN (two convolutions with max pooling, two fully connected layers) learns 30,000 of Fashion-MNIST's
 * 60,000 training images (Debian's {@code dataset-fashion-mnist}: more and harder images than the course's 10,000
 * MNIST digits, so that training lasts long enough for a difference in speed to show) with ReLU (He
 * initialisation), tanh and the sigmoid (LeCun initialisation).
 *
 * <p>Two phases: a learning-rate grid (one seed, one pass over 10,000 images each) picks each activation's fastest
 * rate by the training error of the last eighth of the pass; then that rate runs for two seeds and two epochs of
 * 30,000 images. Every eighth of an epoch a row records the training error of the batches of that eighth (the
 * running error a curve like Krizhevsky's shows), and at each epoch's end the error on the 10,000 test images.
 * Shown in {@code notebooks/02-activation-functions.ipynb} (section "Where the six times comes from").
 *
 * <p>Measured on 2026-12-05 (two seeds, on a shared 2-core machine): rates 0.03 (ReLU), 0.03 (tanh), 0.1
 * (sigmoid); mean training error at or below 25% after 0.38 epochs with ReLU, 0.25 with tanh, 1.38 with the
 * sigmoid. tanh was not slower than ReLU here; the sigmoid was 3.7 times slower.
 */
public final class ActivationsCnn implements Experiment {
    /** Where Debian's package puts the full Fashion-MNIST. */
    public static final Path FASHION_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    static final List<String> ACTIVATIONS = List.of("ReLU", "tanh", "sigmoid");
    static final double[] LEARNING_RATES = {0.01, 0.03, 0.1};
    static final long[] SEEDS = {1, 2};
    static final int EPOCHS = 2;
    static final int BATCH = 64;
    static final int PARTS = 8;
    /** The training images used: the first half of the 60,000, to keep the run near half an hour on two cores. */
    static final int TRAIN_SIZE = 30_000;
    /** The images of one grid run (one pass). */
    static final int GRID_SIZE = 10_000;

    @Override
    public String name() {
        return "activations-cnn";
    }

    @Override
    public String description() {
        return "ReLU, tanh and sigmoid in a four-layer CNN on 30,000 Fashion-MNIST training images, each at its"
                + " fastest learning rate (notebook 02)";
    }

    /** The four-layer CNN with the given activation: conv 5x5x8, pool, conv 5x5x16, pool, dense 256 -> 32 -> 10. */
    public static Mlp network(String activation, long seed) {
        Random rng = new Random(seed);
        Supplier<Layer> f = switch (activation) {
            case "ReLU" -> Relu::new;
            case "tanh" -> Tanh::new;
            case "sigmoid" -> Sigmoid::new;
            default -> throw new IllegalArgumentException("ActivationsCnn.network: unknown activation '" + activation
                    + "'; use ReLU, tanh or sigmoid");
        };
        // He's N(0, 2 / fan-in) for ReLU, LeCun's N(0, 1 / fan-in) for the squashing functions
        double gain = activation.equals("ReLU") ? 2.0 : 1.0;
        Conv2d c1 = Conv2d.withWeights(Tensor.randn(rng, Math.sqrt(gain / 25), 8, 1, 5, 5), Tensor.zeros(8), 1,
                Padding.VALID);
        Conv2d c2 = Conv2d.withWeights(Tensor.randn(rng, Math.sqrt(gain / 200), 16, 8, 5, 5), Tensor.zeros(16), 1,
                Padding.VALID);
        Dense d1 = new Dense(Tensor.randn(rng, Math.sqrt(gain / 256), 256, 32), Tensor.zeros(32));
        Dense d2 = new Dense(Tensor.randn(rng, Math.sqrt(1.0 / 32), 32, 10), Tensor.zeros(10));
        return Mlp.of(new Reshape(1, 28, 28), c1, f.get(), MaxPool2d.of(2, 2, Padding.VALID), c2, f.get(),
                MaxPool2d.of(2, 2, Padding.VALID), Reshape.flatten(), d1, f.get(), d2);
    }

    @Override
    public void run(ExperimentRun run) throws Exception {
        Dataset train = fashion("train").slice(0, TRAIN_SIZE);
        Dataset test = fashion("t10k");
        run.seeds(SEEDS);
        run.columns("phase", "activation", "learning_rate", "seed", "epoch", "split", "error");
        int total = ACTIVATIONS.size() * LEARNING_RATES.length + ACTIVATIONS.size() * SEEDS.length * EPOCHS;
        int[] done = {0};
        for (String activation : ACTIVATIONS) {
            double best = Double.NaN;
            double bestError = Double.POSITIVE_INFINITY;
            for (double lr : LEARNING_RATES) {
                double error = train(run, "grid", activation, lr, SEEDS[0], 1, train.slice(0, GRID_SIZE), null, done,
                        total);
                if (error < bestError) {
                    bestError = error;
                    best = lr;
                }
            }
            run.say(String.format("%s: fastest learning rate %.2f (error %.3f at the end of the pass)", activation, best,
                    bestError));
            for (long seed : SEEDS) {
                train(run, "main", activation, best, seed, EPOCHS, train, test, done, total);
            }
        }
    }

    /** Trains one network; returns the training error of the last eighth of its last epoch. */
    private static double train(ExperimentRun run, String phase, String activation, double lr, long seed, int epochs,
            Dataset train, Dataset test, int[] done, int total) {
        Mlp net = network(activation, seed);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Momentum optimizer = new Momentum(lr, 0.9);
        Random order = new Random(seed + 100);
        double lastError = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            List<int[]> batches = Batches.shuffled(train.size(), BATCH, order);
            int perPart = (batches.size() + PARTS - 1) / PARTS;
            int wrong = 0;
            int seen = 0;
            for (int b = 0; b < batches.size(); b++) {
                Dataset batch = train.select(batches.get(b));
                // forward
                Tensor z = net.forward(batch.x());
                double L = loss.forward(z, batch.labels());
                if (!Double.isFinite(L)) {
                    run.say(activation + " lr " + lr + " diverged at epoch " + (epoch + 1));
                    run.row(phase, activation, lr, seed, epoch + (double) b / batches.size(), "train", 1.0);
                    return 1.0;
                }
                wrong += countWrong(z, batch.labels());
                seen += batch.size();
                // backward
                net.backward(loss.backward());
                // update
                optimizer.step(net.parameters());
                if ((b + 1) % perPart == 0 || b == batches.size() - 1) {
                    lastError = (double) wrong / seen;
                    run.row(phase, activation, lr, seed, epoch + (double) (b + 1) / batches.size(), "train", lastError);
                    wrong = 0;
                    seen = 0;
                }
                if (b % 50 == 0) {
                    run.progress(String.format("%s %s lr %.2f seed %d epoch %d", phase, activation, lr, seed,
                            epoch + 1), done[0], total);
                }
            }
            if (test != null) {
                int testWrong = 0;
                for (int from = 0; from < test.size(); from += 1000) {
                    Dataset chunk = test.slice(from, Math.min(test.size(), from + 1000));
                    testWrong += countWrong(net.forward(chunk.x()), chunk.labels());
                }
                run.row(phase, activation, lr, seed, (double) epoch + 1, "test", (double) testWrong / test.size());
            }
            done[0]++;
        }
        return lastError;
    }

    private static int countWrong(Tensor z, int[] labels) {
        int[] predicted = z.argmaxRows();
        int wrong = 0;
        for (int i = 0; i < labels.length; i++) {
            wrong += predicted[i] == labels[i] ? 0 : 1;
        }
        return wrong;
    }

    /** The full Fashion-MNIST split {@code "train"} (60,000) or {@code "t10k"} (10,000) from Debian's package. */
    static Dataset fashion(String split) {
        Path images = FASHION_DIR.resolve(split + "-images-idx3-ubyte.gz");
        Path labels = FASHION_DIR.resolve(split + "-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
            throw new IllegalStateException("the full Fashion-MNIST is not in " + FASHION_DIR + "; install it with"
                    + " 'sudo apt-get install dataset-fashion-mnist' (the course ships only 10,000 of its images)");
        }
        return new Dataset(Idx.readImages(images), Idx.readLabels(labels), FashionMnist.CLASSES);
    }
}
