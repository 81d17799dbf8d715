package dlcourse.cnn;

import dlcourse.nn.Dense;
import dlcourse.nn.Layer;
import dlcourse.nn.Parameter;
import dlcourse.nn.Reshape;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * LeNet-5 as LeCun, Bottou, Bengio and Haffner built it in 1998, beside the course's simplified {@link LeNet5}.
 * Taught in {@code notebooks/09-lenet5.ipynb} (section "The faithful LeNet-5").
 *
 * <pre>
 * layer   what                                                     output shape      parameters
 * input   a digit in a 32x32 frame, background -0.1, ink 1.175     [N, 1, 32, 32]
 * C1      6 filters 5x5 + scaled tanh                              [N, 6, 28, 28]          156
 * S2      2x2 sums x trainable coefficient + bias + scaled tanh    [N, 6, 14, 14]           12
 * C3      16 filters over the S2 maps of the connection table      [N, 16, 10, 10]       1,516
 * S4      2x2 sums x coefficient + bias + scaled tanh              [N, 16, 5, 5]            32
 * C5      120 filters 16x5x5 + scaled tanh                         [N, 120, 1, 1]       48,120
 * F6      fully connected 120 -> 84 + scaled tanh                  [N, 84]              10,164
 * output  Euclidean RBF units, fixed +-1 codes                     [N, 10]                   0
 *                                                                                total 60,000
 * </pre>
 * The paper's count of 60,000 trainable parameters is exactly this sum. The squashing function is
 * {@link ScaledTanh} (1.7159 tanh(2a/3)); the input scaling makes the pixels' mean about 0 and variance about 1,
 * as the paper does. Weights start uniform in +-2.4 / fan-in (the paper's rule). The one documented substitute is
 * in {@link RbfOutput}: random +-1 codes in place of the paper's hand-drawn character bitmaps, and softmax
 * cross-entropy on the negative distances in place of the paper's criterion with its "rubbish" class.
 *
 * <p>Use it like {@link LeNet5}: {@code new Trainer(LeNet5Original.create(1), new SoftmaxCrossEntropy(), ...)}.
 */
public final class LeNet5Original implements Layer {
    /** The value of a background pixel after the input scaling. */
    public static final double BACKGROUND = -0.1;
    /** The value of a full-ink pixel after the input scaling. */
    public static final double INK = 1.175;

    private final List<Named> stages;
    private final Map<String, Tensor> featureMaps = new LinkedHashMap<>();
    private Cache cache;

    /** The shape of the last input, to give dX the same shape. */
    private record Cache(int[] inputShape) {}

    /** One stage of the network with its name on LeCun's figure. */
    private record Named(String name, Layer layer) {}

    private LeNet5Original(Random rng, long codeSeed) {
        List<Named> list = new ArrayList<>();
        list.add(new Named("C1", Conv2d.withWeights(uniform(rng, 25, 6, 1, 5, 5), Tensor.zeros(6), 1, Padding.VALID)));
        list.add(new Named("C1 activation", new ScaledTanh()));
        // a coefficient of 1/4 makes the sum of a block its mean at the start
        list.add(new Named("S2", new Subsampling(6, 0.25)));
        list.add(new Named("S2 activation", new ScaledTanh()));
        list.add(new Named("C3", PartialConv2d.lenetC3(rng)));
        list.add(new Named("C3 activation", new ScaledTanh()));
        list.add(new Named("S4", new Subsampling(16, 0.25)));
        list.add(new Named("S4 activation", new ScaledTanh()));
        list.add(new Named("C5", Conv2d.withWeights(uniform(rng, 400, 120, 16, 5, 5), Tensor.zeros(120), 1,
                Padding.VALID)));
        list.add(new Named("C5 activation", new ScaledTanh()));
        list.add(new Named("flatten", Reshape.flatten()));
        list.add(new Named("F6", new Dense(uniform(rng, 120, 120, 84), Tensor.zeros(84))));
        list.add(new Named("F6 activation", new ScaledTanh()));
        list.add(new Named("output", RbfOutput.randomCodes(10, 84, codeSeed)));
        stages = Collections.unmodifiableList(list);
    }

    /** The network with weights drawn from a generator seeded with {@code seed} (the RBF codes from seed 1998). */
    public static LeNet5Original create(long seed) {
        return new LeNet5Original(new Random(seed), 1998);
    }

    /** Uniform in +-2.4 / fanIn, the paper's initialisation. */
    private static Tensor uniform(Random rng, int fanIn, int... shape) {
        double limit = 2.4 / fanIn;
        return Tensor.uniform(rng, -limit, limit, shape);
    }

    /**
     * Scores [N, 10] (minus the RBF distances) for digits as MNIST rows [N, 784] or images [N, 1, 28, 28] with
     * pixels in [0, 1]: each is scaled to background -0.1 and ink 1.175 and framed to 32x32 with background.
     */
    @Override
    public Tensor forward(Tensor x) {
        Tensor images = frame(x);
        cache = new Cache(x.shape());
        featureMaps.clear();
        Tensor h = images;
        for (Named stage : stages) {
            h = stage.layer().forward(h);
            featureMaps.put(stage.name(), h);
        }
        return h;
    }

    /** dX in the shape of the last input, for dScores [N, 10]; sets the gradients of all parameters. */
    @Override
    public Tensor backward(Tensor dY) {
        if (cache == null) {
            throw new IllegalStateException("LeNet5Original.backward: call forward first");
        }
        Tensor d = dY;
        for (int i = stages.size() - 1; i >= 0; i--) {
            d = stages.get(i).layer().backward(d);
        }
        // forward was: framed[y + 2][x + 2] = BACKGROUND + (INK - BACKGROUND) * pixel[y][x]
        double[][][][] framed = d.toArray4d();
        int n = framed.length;
        double[][][][] dX = new double[n][1][28][28];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < 28; y++) {
                for (int xo = 0; xo < 28; xo++) {
                    dX[i][0][y][xo] = (INK - BACKGROUND) * framed[i][0][y + 2][xo + 2];
                }
            }
        }
        return Tensor.of(dX).reshape(cache.inputShape());
    }

    /** Digits [N, 784] or [N, 1, 28, 28] with pixels in [0, 1] as [N, 1, 32, 32] with background -0.1, ink 1.175. */
    public static Tensor frame(Tensor x) {
        Tensor digits;
        if (x.rank() == 2 && x.dim(1) == 784) {
            digits = x.reshape(x.dim(0), 1, 28, 28);
        } else if (x.rank() == 4 && x.hasShape(x.dim(0), 1, 28, 28)) {
            digits = x;
        } else {
            throw new IllegalArgumentException("LeNet5Original.forward: expected digits [N, 784] or [N, 1, 28, 28]"
                    + " with pixels in [0, 1] but got " + Tensor.describe(x.shape()));
        }
        double[][][][] pixels = digits.toArray4d();
        double[][][][] framed = new double[pixels.length][1][32][32];
        for (int i = 0; i < pixels.length; i++) {
            for (double[] row : framed[i][0]) {
                java.util.Arrays.fill(row, BACKGROUND);
            }
            for (int y = 0; y < 28; y++) {
                for (int xo = 0; xo < 28; xo++) {
                    framed[i][0][y + 2][xo + 2] = BACKGROUND + (INK - BACKGROUND) * pixels[i][0][y][xo];
                }
            }
        }
        return Tensor.of(framed);
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

    /** Each stage's output from the last forward, by name (e.g. "C3 activation" [N, 16, 10, 10]). */
    public Map<String, Tensor> featureMaps() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(featureMaps));
    }

    /** The number of trainable parameters of each stage that has any, by name: C1 156, S2 12, C3 1,516, ... */
    public Map<String, Integer> parameterCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Named stage : stages) {
            int count = stage.layer().parameters().stream().mapToInt(Parameter::count).sum();
            if (count > 0) {
                out.put(stage.name(), count);
            }
        }
        return out;
    }

    /** The number of trainable scalars: 60,000. */
    public int parameterCount() {
        return parameters().stream().mapToInt(Parameter::count).sum();
    }

    /** The C1 filters [6, 1, 5, 5]. */
    public Tensor c1Filters() {
        return ((Conv2d) stages.get(0).layer()).filters();
    }

    @Override
    public String describe() {
        return "LeNet5Original(scaled tanh, C3 connection table, trainable subsampling, RBF outputs)";
    }
}
