package dlcourse.rnn;

import dlcourse.nn.Parameter;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The plain recurrent network of the lecture ("the repeating module in a standard RNN contains a single
 * layer"): one tanh layer applied at every time step to the new input and the previous hidden state,
 * <pre>
 * h_t = tanh(W_hh h_{t-1} + W_xh x_t + b)
 * </pre>
 * With a batch of row vectors (one example per row) the products are written the other way round,
 * {@code h_t = tanh(h_{t-1} W_hh + x_t W_xh + b)}, with W_hh [H, H] and W_xh [D, H]: the same numbers,
 * transposed.
 *
 * <p>Shapes: x_t [N, D], h_t [N, H], b [H]. The initial state h_0 is zeros unless given.
 *
 * <p>{@link #backwardSequence} is backpropagation through time: the gradient reaching h_t is what the loss
 * sends to h_t plus what comes back from h_{t+1}, multiplied at each step by the tanh derivative and W_hh^T.
 * Those repeated products make it shrink or grow exponentially with the distance, the vanishing (or
 * exploding) gradient problem; {@link #gradientNormsPerStep} records its size at every step.
 *
 * <p>Taught in {@code notebooks/10-recurrent-networks.ipynb}, sections "A network with a loop, unrolled in time" and
 * "Training a plain RNN with backpropagation through time".
 */
public final class RnnCell implements Recurrent {
    private final int inputSize;
    private final int hiddenSize;
    private final Parameter W_hh;
    private final Parameter W_xh;
    private final Parameter b;

    /** What backward needs from one time step. */
    private record Step(Tensor x, Tensor hPrev, Tensor h) {}

    private List<Step> cache;
    private Tensor dH0;
    private double[] gradientNorms = new double[0];

    /**
     * A cell with W_hh ~ N(0, 1/H) and W_xh ~ N(0, 1/D) (so the pre-activations start with a variance near
     * 1) and b = 0, drawn from {@code rng}.
     */
    public RnnCell(int inputSize, int hiddenSize, Random rng) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException("RnnCell: inputSize D and hiddenSize H must be positive, got D="
                    + inputSize + ", H=" + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.W_hh = new Parameter("W_hh", Tensor.randn(rng, 1 / Math.sqrt(hiddenSize), hiddenSize, hiddenSize));
        this.W_xh = new Parameter("W_xh", Tensor.randn(rng, 1 / Math.sqrt(inputSize), inputSize, hiddenSize));
        this.b = new Parameter("b", Tensor.zeros(hiddenSize));
    }

    /** A cell D -> H with weights drawn from a fixed seed. */
    public static RnnCell create(int inputSize, int hiddenSize, long seed) {
        return new RnnCell(inputSize, hiddenSize, new Random(seed));
    }

    @Override
    public List<Tensor> forwardSequence(List<Tensor> xs) {
        Sequences.requireSteps("RnnCell.forwardSequence (inputs [N, D])", xs, -1, inputSize);
        return forwardSequence(xs, Tensor.zeros(xs.get(0).dim(0), hiddenSize));
    }

    /** The hidden states h_1 ... h_T for inputs x_1 ... x_T (each [N, D]) from the given h_0 [N, H]. */
    public List<Tensor> forwardSequence(List<Tensor> xs, Tensor h0) {
        Sequences.requireSteps("RnnCell.forwardSequence (inputs [N, D])", xs, -1, inputSize);
        int n = xs.get(0).dim(0);
        h0.requireShape("RnnCell.forwardSequence (h_0 [N, H])", n, hiddenSize);
        List<Step> steps = new ArrayList<>(xs.size());
        List<Tensor> hs = new ArrayList<>(xs.size());
        Tensor hPrev = h0;
        for (Tensor x : xs) {
            // h_t = tanh(h_{t-1} W_hh + x_t W_xh + b)
            Tensor h = hPrev.matmul(W_hh.value()).plus(x.matmul(W_xh.value())).plusRow(b.value()).map(Math::tanh);
            steps.add(new Step(x, hPrev, h));
            hs.add(h);
            hPrev = h;
        }
        cache = steps;
        return hs;
    }

    @Override
    public List<Tensor> backwardSequence(List<Tensor> dHs) {
        if (cache == null) {
            throw new IllegalStateException("RnnCell.backwardSequence: call forwardSequence first");
        }
        int steps = cache.size();
        if (dHs.size() != steps) {
            throw new IllegalArgumentException("RnnCell.backwardSequence: expected " + steps
                    + " gradients dL/dh_t (one per step of the last forward) but got " + dHs.size());
        }
        int n = cache.get(0).h().dim(0);
        Sequences.requireSteps("RnnCell.backwardSequence (dL/dh_t [N, H])", dHs, n, hiddenSize);
        Tensor dW_hh = Tensor.zeros(hiddenSize, hiddenSize);
        Tensor dW_xh = Tensor.zeros(inputSize, hiddenSize);
        Tensor db = Tensor.zeros(hiddenSize);
        Tensor[] dXs = new Tensor[steps];
        double[] norms = new double[steps];
        Tensor dHNext = Tensor.zeros(n, hiddenSize);
        Tensor W_hhT = W_hh.value().transpose();
        Tensor W_xhT = W_xh.value().transpose();
        for (int t = steps - 1; t >= 0; t--) {
            Step step = cache.get(t);
            // the loss reads h_t directly and through h_{t+1}
            Tensor dH = dHs.get(t).plus(dHNext);
            norms[t] = Math.sqrt(dH.squaredNorm());
            // forward was: h_t = tanh(a_t) with a_t = h_{t-1} W_hh + x_t W_xh + b; tanh' = 1 - h_t^2
            Tensor dA = dH.times(step.h().map(v -> 1 - v * v));
            dW_hh = dW_hh.plus(step.hPrev().transpose().matmul(dA));
            dW_xh = dW_xh.plus(step.x().transpose().matmul(dA));
            db = db.plus(dA.sum(0));
            dXs[t] = dA.matmul(W_xhT);
            dHNext = dA.matmul(W_hhT);
        }
        W_hh.setGrad(dW_hh);
        W_xh.setGrad(dW_xh);
        b.setGrad(db);
        dH0 = dHNext;
        gradientNorms = norms;
        return List.of(dXs);
    }

    /** dL/dh_0 [N, H] from the last backward pass. */
    public Tensor dH0() {
        if (dH0 == null) {
            throw new IllegalStateException("RnnCell.dH0: call backwardSequence first");
        }
        return dH0;
    }

    @Override
    public double[] gradientNormsPerStep() {
        return gradientNorms.clone();
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int hiddenSize() {
        return hiddenSize;
    }

    /** W_hh [H, H], W_xh [D, H], b [H]. */
    @Override
    public List<Parameter> parameters() {
        return List.of(W_hh, W_xh, b);
    }

    @Override
    public String describe() {
        return "RnnCell(" + inputSize + " -> " + hiddenSize + ")";
    }
}
