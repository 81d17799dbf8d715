package dlcourse.cnn;

import dlcourse.nn.Dense;
import dlcourse.nn.Layer;
import dlcourse.nn.Parameter;
import dlcourse.nn.Relu;
import dlcourse.nn.Reshape;
import dlcourse.nn.Tanh;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The simplified LeNet-5 that most courses teach, after LeCun, Bottou, Bengio and Haffner ("Gradient-based
 * learning applied to document recognition", 1998), as a list of layers; {@link LeNet5Original} is the paper's
 * own network (C3 connection table, trainable subsampling, scaled tanh, RBF outputs). Taught in notebook
 * {@code notebooks/09-lenet5.ipynb} (sections "The architecture" and "Training").
 *
 * <pre>
 * layer   what                                  output shape
 * input   a digit, padded from 28x28 to 32x32   [N, 1, 32, 32]
 * C1      6 filters 5x5, VALID  + activation    [N, 6, 28, 28]    32 - 5 + 1 = 28
 * S2      2x2 average pooling, stride 2         [N, 6, 14, 14]
 * C3      16 filters 6x5x5, VALID + activation  [N, 16, 10, 10]   14 - 5 + 1 = 10
 * S4      2x2 average pooling, stride 2         [N, 16, 5, 5]
 * C5      120 filters 16x5x5 + activation       [N, 120, 1, 1]    a convolution that sees all of S4
 * F6      fully connected 120 -> 84 + activation [N, 84]
 * output  fully connected 84 -> 10              [N, 10]           class scores, for softmax cross-entropy
 * </pre>
 *
 * <p>Choices, and why:
 * <ul>
 *   <li><b>Subsampling is average pooling.</b> LeCun's S2 and S4 add up each 2x2 block, times a trainable
 *       coefficient, plus a trainable bias: an average up to scale. We keep the average and let the next
 *       convolution's weights and bias absorb the coefficient and bias. (Max pooling, which later networks
 *       prefer, is available as {@link MaxPool2d} and the lecture shows both.)</li>
 *   <li><b>The activation is ReLU</b> in {@link #create(long)}: it costs no exp() and does not saturate for
 *       positive inputs (notebook 02 measures both; it also measures that ReLU is not faster than tanh in small
 *       fully connected networks). {@link #createTanh(long)} builds a tanh version for comparison.</li>
 *   <li><b>C3 sees all six S2 maps.</b> The original connects each C3 map to a hand-picked subset of S2's maps
 *       to save computation and break symmetry; random initialisation breaks symmetry as well.</li>
 *   <li><b>The output layer is a plain fully connected layer</b> trained with softmax cross-entropy, in place
 *       of the original's Euclidean radial basis function units.</li>
 * </ul>
 *
 * <p>{@link #forward} keeps each stage's output, so that a notebook can plot the feature maps of the last batch
 * ({@link #featureMaps()}) and the learned C1 filters ({@link #c1Filters()}). It takes MNIST rows as they come:
 * <pre>
 * TrainTest data = Mnist.load(42);
 * LeNet5 net = LeNet5.create(1);
 * Table history = new Trainer(net, new SoftmaxCrossEntropy(), new Momentum(0.05, 0.9))
 *         .epochs(3).batchSize(64).seed(1)
 *         .fit(data.train(), data.test());
 * Tensor filters = net.c1Filters();               // [6, 1, 5, 5]
 * Tensor s2 = net.featureMap("S2");               // [N, 6, 14, 14] of the last batch seen
 * </pre>
 * Measured on this course's 2-core machines with that loop for 5 epochs: 97.2% of the 2,000 held-out digits
 * right after 5 epochs (93% after the first), about 10 s per epoch on an otherwise busy machine; the tanh
 * version reached 96.6% in 5 epochs.
 * A hand-written loop that calls {@link #backwardParameters} instead of {@link #backward} saves the gradient
 * for the input images, which training never uses.
 */
public final class LeNet5 implements Layer {
    private final Conv2d c1;
    private final Conv2d c3;
    private final Conv2d c5;
    private final Dense f6;
    private final Dense output;
    private final List<Named> stages;
    private final String activationName;
    private final Map<String, Tensor> featureMaps = new LinkedHashMap<>();

    private Cache cache;

    /** The shape of the last input, to give dX the same shape. */
    private record Cache(int[] inputShape) {}

    /** One stage of the network with its name on LeCun's figure. */
    private record Named(String name, Layer layer) {}

    private LeNet5(Random rng, Supplier<Layer> activation, String activationName) {
        // weights ~ N(0, 1 / fan-in), LeCun's rule, suits tanh and is close to He's for ReLU
        c1 = Conv2d.withWeights(Tensor.randn(rng, Math.sqrt(1.0 / 25), 6, 1, 5, 5), Tensor.zeros(6), 1, Padding.VALID);
        c3 = Conv2d.withWeights(Tensor.randn(rng, Math.sqrt(1.0 / 150), 16, 6, 5, 5), Tensor.zeros(16), 1,
                Padding.VALID);
        c5 = Conv2d.withWeights(Tensor.randn(rng, Math.sqrt(1.0 / 400), 120, 16, 5, 5), Tensor.zeros(120), 1,
                Padding.VALID);
        f6 = new Dense(120, 84, rng);
        output = new Dense(84, 10, rng);
        this.activationName = activationName;
        List<Named> list = new ArrayList<>();
        list.add(new Named("C1", c1));
        list.add(new Named("C1 activation", activation.get()));
        list.add(new Named("S2", AvgPool2d.of(2, 2, Padding.VALID)));
        list.add(new Named("C3", c3));
        list.add(new Named("C3 activation", activation.get()));
        list.add(new Named("S4", AvgPool2d.of(2, 2, Padding.VALID)));
        list.add(new Named("C5", c5));
        list.add(new Named("C5 activation", activation.get()));
        list.add(new Named("flatten", Reshape.flatten()));
        list.add(new Named("F6", f6));
        list.add(new Named("F6 activation", activation.get()));
        list.add(new Named("output", output));
        stages = Collections.unmodifiableList(list);
    }

    /** LeNet-5 with ReLU activations, weights drawn from a generator seeded with {@code seed}. */
    public static LeNet5 create(long seed) {
        return new LeNet5(new Random(seed), Relu::new, "ReLU");
    }

    /** LeNet-5 with tanh activations, as in the original, weights drawn from a generator seeded with {@code seed}. */
    public static LeNet5 createTanh(long seed) {
        return new LeNet5(new Random(seed), Tanh::new, "tanh");
    }

    /**
     * Class scores [N, 10] for digits [N, 1, 32, 32]; MNIST rows [N, 784] and images [N, 1, 28, 28] are first
     * padded to 32x32 with {@link #padTo32}, so the network trains directly on {@code Mnist.load(seed)} with the
     * {@code Trainer}. Keeps every stage's output (see {@link #featureMaps}).
     */
    @Override
    public Tensor forward(Tensor x) {
        Tensor images;
        if (x.hasShape(x.dim(0), 1, 32, 32)) {
            images = x;
        } else if (x.rank() == 2 && x.dim(1) == 784 || x.rank() == 4 && x.hasShape(x.dim(0), 1, 28, 28)) {
            images = padTo32(x);
        } else {
            throw new IllegalArgumentException("LeNet5.forward: expected digits [N, 1, 32, 32], [N, 1, 28, 28] or"
                    + " [N, 784] but got " + Tensor.describe(x.shape()));
        }
        cache = new Cache(x.shape());
        featureMaps.clear();
        Tensor h = images;
        for (Named stage : stages) {
            h = stage.layer().forward(h);
            featureMaps.put(stage.name(), h);
        }
        return h;
    }

    /** dX, in the shape of the last input, for dScores [N, 10]; sets the gradients of all parameters. */
    @Override
    public Tensor backward(Tensor dY) {
        if (cache == null) {
            throw new IllegalStateException("LeNet5.backward: call forward first");
        }
        Tensor d = dY;
        for (int i = stages.size() - 1; i >= 0; i--) {
            d = stages.get(i).layer().backward(d);
        }
        int[] inputShape = cache.inputShape();
        return inputShape[inputShape.length - 1] == 32 ? d : cropTo28(d).reshape(inputShape);
    }

    /**
     * The backward pass of training: sets the gradients of all parameters like {@link #backward}, but does not
     * compute dX for the input images, which nothing needs (PyTorch skips it the same way, as images do not
     * require a gradient). Use this in a training loop; {@link #backward} when dX is wanted.
     */
    public void backwardParameters(Tensor dY) {
        if (cache == null) {
            throw new IllegalStateException("LeNet5.backwardParameters: call forward first");
        }
        Tensor d = dY;
        for (int i = stages.size() - 1; i >= 1; i--) {
            Tensor next = stages.get(i).layer().backward(d);
            retireBetweenStages(d, dY, next);
            d = next;
        }
        c1.backwardParametersOnly(d);
        retireBetweenStages(d, dY, null);
    }

    /**
     * Float32 only: a gradient passed between two stages inside {@link #backwardParameters} is read by no one
     * once the next stage has used it, so its memory serves the next step's arrays of its size (a training step
     * in float32 is otherwise slowed by writing its large feature-map gradients into fresh memory). Never the
     * caller's {@code dY}, and never an array the next gradient shares (a reshaped view).
     */
    private static void retireBetweenStages(Tensor used, Tensor callers, Tensor next) {
        if (used == callers || used.storage() != dlcourse.tensor.Precision.FLOAT32) {
            return;
        }
        if (next != null && next.storage() == dlcourse.tensor.Precision.FLOAT32
                && next.rawSingles() == used.rawSingles()) {
            return;
        }
        used.retire();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Named stage : stages) {
            all.addAll(stage.layer().parameters());
        }
        return all;
    }

    @Override
    public void setTraining(boolean training) {
        stages.forEach(stage -> stage.layer().setTraining(training));
    }

    /** The stages in order, each with its name on LeCun's figure ("C1", "C1 activation", "S2", ...). */
    public Map<String, Layer> layers() {
        Map<String, Layer> out = new LinkedHashMap<>();
        stages.forEach(stage -> out.put(stage.name(), stage.layer()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Each stage's output from the last forward, by name: e.g. "C1 activation" [N, 6, 28, 28], "S2"
     * [N, 6, 14, 14], "C3 activation" [N, 16, 10, 10], "S4" [N, 16, 5, 5], "output" [N, 10]. Empty before
     * the first forward.
     */
    public Map<String, Tensor> featureMaps() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(featureMaps));
    }

    /** One stage's output from the last forward, e.g. {@code featureMap("S2")}. */
    public Tensor featureMap(String stage) {
        Tensor t = featureMaps.get(stage);
        if (t == null) {
            throw new IllegalArgumentException("LeNet5.featureMap: no output for '" + stage + "'"
                    + (featureMaps.isEmpty() ? "; run forward first" : "; stages are " + featureMaps.keySet()));
        }
        return t;
    }

    /**
     * The maps one image of the last batch produced at a convolution or pooling stage, as [C, 1, H, W]: one
     * grey picture per map, the shape {@code ImageGrid.normalized(maps, columns)} draws. E.g.
     * {@code imageMaps("C1 activation", 0)} is [6, 1, 28, 28].
     */
    public Tensor imageMaps(String stage, int image) {
        Tensor maps = featureMap(stage);
        if (maps.rank() != 4) {
            throw new IllegalArgumentException("LeNet5.imageMaps: stage '" + stage + "' gives "
                    + Tensor.describe(maps.shape())
                    + ", not feature maps [N, C, H, W]; use C1, S2, C3, S4 or their activations");
        }
        if (image < 0 || image >= maps.dim(0)) {
            throw new IndexOutOfBoundsException("LeNet5.imageMaps: image " + image + " outside the last batch [0, "
                    + maps.dim(0) + ")");
        }
        return maps.slice(image, image + 1).reshape(maps.dim(1), 1, maps.dim(2), maps.dim(3));
    }

    /** The C1 filters [6, 1, 5, 5]: what the first layer learned to look for. */
    public Tensor c1Filters() {
        return c1.filters();
    }

    /** "tanh" or "ReLU". */
    public String activation() {
        return activationName;
    }

    /** The number of trainable scalars (61,706 with C3 fully connected to S2). */
    public int parameterCount() {
        return parameters().stream().mapToInt(Parameter::count).sum();
    }

    /**
     * Pads 28x28 digits with two rows and columns of background on every side, as LeCun did so that strokes
     * near the border reach the centre of C1's receptive fields. Input [N, 784] (rows of pixels) or
     * [N, 1, 28, 28]; output [N, 1, 32, 32].
     */
    public static Tensor padTo32(Tensor digits) {
        String what = "LeNet5.padTo32 (digits [N, 784] or [N, 1, 28, 28])";
        Tensor images = digits.rank() == 2
                ? digits.requireShape(what, -1, 784).reshape(-1, 1, 28, 28)
                : digits.requireShape(what, -1, 1, 28, 28);
        return images.padImages(2);
    }

    /** The middle 28x28 of [N, 1, 32, 32]: the inverse of {@link #padTo32} for gradients. */
    private static Tensor cropTo28(Tensor padded) {
        return padded.cropImages(2);
    }

    @Override
    public String describe() {
        return "LeNet5(" + activationName + ", average-pooling subsampling)";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(describe()).append('\n');
        stages.forEach(stage -> sb.append(String.format("  %-14s %s%n", stage.name(), stage.layer().describe())));
        return sb.append("  ").append(parameterCount()).append(" parameters").toString();
    }
}
