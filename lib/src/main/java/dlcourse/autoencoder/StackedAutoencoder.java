package dlcourse.autoencoder;

import dlcourse.data.Dataset;
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
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A stacked autoencoder: greedy layer-wise pretraining, a softmax layer on top, then fine-tuning of the whole
 * network with backpropagation. Taught in notebook {@code 06-stacked-autoencoders}, sections "Stacking
 * autoencoders" and "Fine-tuning".
 * <ol>
 *   <li>Pretrain: train autoencoder 1 on the inputs x; its hidden values h1 = s(x W1 + b1) are the inputs of
 *       autoencoder 2, and so on. Only the encoders are kept; each is a {@link Dense} layer plus a
 *       {@link Sigmoid}. No labels are used.</li>
 *   <li>Add a softmax classifier on the last hidden layer and train it alone on the labels, the encoders
 *       frozen.</li>
 *   <li>Fine-tune: backpropagate through the whole network, encoders included.</li>
 * </ol>
 * {@link #compare} trains the same network from random weights for comparison and returns the table of test
 * accuracies. Shapes: x [N, D], the hidden layers [N, H1], [N, H2], ..., the scores [N, K].
 */
public final class StackedAutoencoder {

    /**
     * The settings of one experiment.
     *
     * @param hiddenSizes          H1, H2, ...: one autoencoder per entry (two or more to stack)
     * @param pretrainEpochs       epochs of each autoencoder's pretraining
     * @param pretrainLearningRate SGD learning rate of the pretraining
     * @param rho                  target activation of the KL sparsity penalty
     * @param beta                 weight of the sparsity penalty (0 for plain autoencoders)
     * @param weightDecay          weight decay of the pretraining
     * @param softmaxEpochs        epochs of training the softmax layer alone
     * @param fineTuneEpochs       epochs of fine-tuning the whole network (also the random-init network's epochs)
     * @param learningRate         SGD learning rate of the supervised training
     * @param batchSize            mini-batch size
     * @param seed                 seed of the weights and the batch order
     */
    public record Config(int[] hiddenSizes, int pretrainEpochs, double pretrainLearningRate, double rho, double beta,
                         double weightDecay, int softmaxEpochs, int fineTuneEpochs, double learningRate, int batchSize,
                         long seed) {
        public Config {
            if (hiddenSizes.length < 1) {
                throw new IllegalArgumentException("StackedAutoencoder.Config: give at least one hidden size");
            }
            hiddenSizes = hiddenSizes.clone();
        }

        /**
         * Settings sized for a notebook: {@link #compare} on 2,000 MNIST digits took 11 to 27 s on 2 shared cores
         * (784-128-64-10; pretraining 8 epochs per autoencoder, 10 softmax epochs, 10 fine-tuning epochs); with
         * seed 1 it reached test accuracies of 0.887 (random init), 0.808 (pretrained, softmax only) and 0.920
         * (pretrained + fine-tuned) on 1,000 test digits. The
         * pretraining learning rate is 1.0 because the KL form's reconstruction error carries UFLDL's 1/2, which
         * halves its gradient.
         */
        public static Config small(long seed) {
            return new Config(new int[] {128, 64}, 8, 1.0, 0.1, 0.5, 1e-4, 10, 10, 0.5, 32, seed);
        }
    }

    private final List<Autoencoder> autoencoders;
    private final Dense softmaxLayer;

    private StackedAutoencoder(List<Autoencoder> autoencoders, Dense softmaxLayer) {
        this.autoencoders = autoencoders;
        this.softmaxLayer = softmaxLayer;
    }

    /** The pretrained autoencoders, input side first. */
    public List<Autoencoder> autoencoders() {
        return List.copyOf(autoencoders);
    }

    /** The softmax classifier's linear layer, last hidden size -> K. */
    public Dense softmaxLayer() {
        return softmaxLayer;
    }

    // ------------------------------------------------------------------------- 1. greedy pretraining

    /**
     * Greedy layer-wise pretraining on x [N, D] (no labels): each autoencoder learns to reconstruct the hidden
     * values of the one before it, as a sparse autoencoder with the config's rho, beta and weight decay.
     * Adds a randomly initialised softmax layer with {@code numClasses} outputs on top.
     */
    public static StackedAutoencoder pretrain(Tensor x, int numClasses, Config config) {
        Random rng = new Random(config.seed());
        List<Autoencoder> stack = new ArrayList<>();
        Tensor input = x;
        for (int k = 0; k < config.hiddenSizes().length; k++) {
            Autoencoder ae = Autoencoder.create(input.cols(), config.hiddenSizes()[k], rng.nextLong());
            SparseAutoencoder sparse = SparseAutoencoder.kl(ae, config.rho(), config.beta(), config.weightDecay());
            sparse.trainer(new Sgd(config.pretrainLearningRate())).epochs(config.pretrainEpochs())
                    .batchSize(config.batchSize()).batchOrder(rng).progress(ProgressListener.silent())
                    .fitReconstruction(input);
            stack.add(ae);
            // the hidden values of this autoencoder are the inputs of the next one
            input = ae.encode(input);
        }
        int last = config.hiddenSizes()[config.hiddenSizes().length - 1];
        return new StackedAutoencoder(stack, new Dense(last, numClasses, rng));
    }

    /** The same architecture with random weights and no pretraining (the comparison network). */
    public static StackedAutoencoder randomInit(int numInputs, int numClasses, Config config) {
        Random rng = new Random(config.seed() + 1);
        List<Autoencoder> stack = new ArrayList<>();
        int inputs = numInputs;
        for (int h : config.hiddenSizes()) {
            stack.add(Autoencoder.create(inputs, h, rng.nextLong()));
            inputs = h;
        }
        return new StackedAutoencoder(stack, new Dense(inputs, numClasses, rng));
    }

    // ------------------------------------------------------------------------- the classifier network

    /**
     * The classifier: encoder 1, sigmoid, encoder 2, sigmoid, ..., softmax layer (scores for
     * {@link SoftmaxCrossEntropy}). The encoders are the autoencoders' own {@link Dense} layers, so training the
     * network changes them.
     */
    public Mlp network() {
        List<Layer> layers = new ArrayList<>();
        for (Autoencoder ae : autoencoders) {
            layers.add(ae.encoder());
            layers.add(new Sigmoid());
        }
        layers.add(softmaxLayer);
        return Mlp.of(layers);
    }

    /** The top hidden representation of x [N, D]: the encoders applied one after another, [N, H_last]. */
    public Tensor features(Tensor x) {
        Tensor h = x;
        for (Autoencoder ae : autoencoders) {
            h = ae.encode(h);
        }
        return h;
    }

    /**
     * The class scores [N, K] of x [N, D]. Computed from the softmax layer's weights without calling its
     * {@code forward}, so inference between a forward and a backward pass leaves that layer's cache alone.
     */
    public Tensor scores(Tensor x) {
        // scores = h W + b
        return features(x).matmul(softmaxLayer.W().value()).plusRow(softmaxLayer.b().value());
    }

    /** The fraction of examples whose highest score is their label. */
    public double accuracy(Dataset data) {
        int[] predicted = scores(data.x()).argmaxRows();
        int[] labels = data.labels();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    // ------------------------------------------------------------------------- 2. and 3. supervised training

    /**
     * Trains the softmax layer alone on the frozen features of the training set; returns the training history
     * (epoch, split, loss, accuracy).
     */
    public Table trainSoftmax(Dataset train, int epochs, double learningRate, int batchSize, long seed) {
        Dataset features = new Dataset(features(train.x()), train.labels(), train.classNames());
        return new Trainer(softmaxLayer, new SoftmaxCrossEntropy(), new Sgd(learningRate))
                .epochs(epochs).batchSize(batchSize).seed(seed).progress(ProgressListener.silent()).fit(features);
    }

    /**
     * Fine-tunes the whole network, encoders included, by backpropagation; returns the training history. On a
     * random-init network this is plain supervised training.
     */
    public Table fineTune(Dataset train, int epochs, double learningRate, int batchSize, long seed) {
        return new Trainer(network(), new SoftmaxCrossEntropy(), new Sgd(learningRate))
                .epochs(epochs).batchSize(batchSize).seed(seed).progress(ProgressListener.silent()).fit(train);
    }

    // ------------------------------------------------------------------------- the comparison

    /**
     * The lecture's experiment: a random-init network trained end to end, the pretrained network with only its
     * softmax layer trained, and the same after fine-tuning. Columns: network, trainAccuracy, testAccuracy.
     * The random-init network gets the softmax epochs plus the fine-tuning epochs of supervised training.
     */
    public static Table compare(Dataset train, Dataset test, Config config) {
        int numClasses = train.numClasses();
        StackedAutoencoder random = randomInit(train.x().cols(), numClasses, config);
        random.fineTune(train, config.softmaxEpochs() + config.fineTuneEpochs(), config.learningRate(),
                config.batchSize(), config.seed());

        StackedAutoencoder stacked = pretrain(train.x(), numClasses, config);
        stacked.trainSoftmax(train, config.softmaxEpochs(), config.learningRate(), config.batchSize(), config.seed());
        double pretrainedTrain = stacked.accuracy(train);
        double pretrainedTest = stacked.accuracy(test);
        stacked.fineTune(train, config.fineTuneEpochs(), config.learningRate(), config.batchSize(), config.seed());

        StringColumn network = StringColumn.create("network",
                "random init, trained end to end", "pretrained, softmax only (no fine-tuning)", "pretrained + fine-tuned");
        DoubleColumn trainAccuracy = DoubleColumn.create("trainAccuracy",
                random.accuracy(train), pretrainedTrain, stacked.accuracy(train));
        DoubleColumn testAccuracy = DoubleColumn.create("testAccuracy",
                random.accuracy(test), pretrainedTest, stacked.accuracy(test));
        return Table.create("Stacked autoencoder on " + train.size() + " training digits", network, trainAccuracy,
                testAccuracy);
    }
}
