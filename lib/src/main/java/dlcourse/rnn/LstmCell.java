package dlcourse.rnn;

import dlcourse.nn.Parameter;
import dlcourse.nn.Sigmoid;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The Long Short-Term Memory cell of the lecture: a cell state C that runs along the whole chain, changed
 * only by gates, each a sigmoid layer followed by a pointwise multiplication. Each gate's weights act on the
 * concatenation [h_{t-1}, x_t]:
 * <pre>
 * f_t  = σ(W_f · [h_{t-1}, x_t] + b_f)        forget gate: what part of C_{t-1} to keep
 * i_t  = σ(W_i · [h_{t-1}, x_t] + b_i)        input gate: which values to update
 * C̃_t  = tanh(W_C · [h_{t-1}, x_t] + b_C)     candidate values
 * C_t  = f_t * C_{t-1} + i_t * C̃_t           new cell state
 * o_t  = σ(W_o · [h_{t-1}, x_t] + b_o)        output gate: what part of the cell to output
 * h_t  = o_t * tanh(C_t)
 * </pre>
 * With a batch of row vectors (one example per row) W·[h, x] is written [h, x] W: the concatenation
 * [h_{t-1}, x_t] is a matrix [N, H + D] and each gate's W is [H + D, H], its first H rows acting on
 * h_{t-1} and its last D rows on x_t. The products * are element-wise.
 *
 * <p>Shapes: x_t [N, D]; h_t, C_t and every gate [N, H]; W_f, W_i, W_C, W_o [H + D, H]; b_f, b_i, b_C, b_o
 * [H]. h_0 and C_0 are zeros unless given. The forget gate's bias starts at {@link #FORGET_BIAS} = 1, so
 * that a new cell remembers by default (Gers et al. 2000; Jozefowicz et al. 2015); the other biases at 0.
 *
 * <p>This is the readable version, one gate per line. {@link FusedLstm} computes the same numbers with the
 * four gate matrices side by side in one [H + D, 4H] multiply; a test holds the two equal.
 *
 * <p>Taught in {@code notebooks/11-lstm.ipynb}, sections "The LSTM cell, gate by gate", "Gate activations over a
 * sequence" and "A memory cell that keeps its first input".
 */
public final class LstmCell implements Recurrent {
    /** The initial forget-gate bias b_f: σ(1) = 0.73, so C_{t-1} is mostly kept from the start. */
    public static final double FORGET_BIAS = 1.0;

    private final int inputSize;
    private final int hiddenSize;
    private final Parameter W_f;
    private final Parameter b_f;
    private final Parameter W_i;
    private final Parameter b_i;
    private final Parameter W_C;
    private final Parameter b_C;
    private final Parameter W_o;
    private final Parameter b_o;

    /** What backward needs from one time step, and what a heat map shows. */
    record Step(Tensor hx, Tensor cPrev, Tensor f, Tensor i, Tensor cTilde, Tensor o, Tensor c, Tensor tanhC,
                Tensor h) {}

    private List<Step> cache;
    private Tensor dH0;
    private Tensor dC0;
    private double[] gradientNorms = new double[0];

    /**
     * A cell with every weight uniform in [-1/sqrt(H), 1/sqrt(H)) (as PyTorch's nn.LSTM), drawn from
     * {@code rng} in the order W_f, W_i, W_C, W_o; b_f = {@link #FORGET_BIAS}, the other biases 0.
     */
    public LstmCell(int inputSize, int hiddenSize, Random rng) {
        this(inputSize, hiddenSize, FORGET_BIAS, rng);
    }

    /**
     * As {@link #LstmCell(int, int, Random)} with another initial forget-gate bias: a larger b_f makes a new
     * cell keep its state longer (σ(b_f)^T of C_0 survives T steps), which long lags need.
     */
    public LstmCell(int inputSize, int hiddenSize, double forgetBias, Random rng) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException("LstmCell: inputSize D and hiddenSize H must be positive, got D="
                    + inputSize + ", H=" + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double k = 1 / Math.sqrt(hiddenSize);
        int rows = hiddenSize + inputSize;
        this.W_f = new Parameter("W_f", Tensor.uniform(rng, -k, k, rows, hiddenSize));
        this.W_i = new Parameter("W_i", Tensor.uniform(rng, -k, k, rows, hiddenSize));
        this.W_C = new Parameter("W_C", Tensor.uniform(rng, -k, k, rows, hiddenSize));
        this.W_o = new Parameter("W_o", Tensor.uniform(rng, -k, k, rows, hiddenSize));
        this.b_f = new Parameter("b_f", Tensor.full(forgetBias, hiddenSize));
        this.b_i = new Parameter("b_i", Tensor.zeros(hiddenSize));
        this.b_C = new Parameter("b_C", Tensor.zeros(hiddenSize));
        this.b_o = new Parameter("b_o", Tensor.zeros(hiddenSize));
    }

    /** A cell D -> H with weights drawn from a fixed seed. */
    public static LstmCell create(int inputSize, int hiddenSize, long seed) {
        return new LstmCell(inputSize, hiddenSize, new Random(seed));
    }

    @Override
    public List<Tensor> forwardSequence(List<Tensor> xs) {
        Sequences.requireSteps("LstmCell.forwardSequence (inputs [N, D])", xs, -1, inputSize);
        int n = xs.get(0).dim(0);
        return forwardSequence(xs, Tensor.zeros(n, hiddenSize), Tensor.zeros(n, hiddenSize));
    }

    /** The hidden states h_1 ... h_T for inputs x_1 ... x_T (each [N, D]) from h_0 and C_0 (each [N, H]). */
    public List<Tensor> forwardSequence(List<Tensor> xs, Tensor h0, Tensor c0) {
        Sequences.requireSteps("LstmCell.forwardSequence (inputs [N, D])", xs, -1, inputSize);
        int n = xs.get(0).dim(0);
        h0.requireShape("LstmCell.forwardSequence (h_0 [N, H])", n, hiddenSize);
        c0.requireShape("LstmCell.forwardSequence (C_0 [N, H])", n, hiddenSize);
        List<Step> steps = new ArrayList<>(xs.size());
        List<Tensor> hs = new ArrayList<>(xs.size());
        Tensor hPrev = h0;
        Tensor cPrev = c0;
        for (Tensor x : xs) {
            // [h_{t-1}, x_t]
            Tensor hx = Tensor.concatColumns(hPrev, x);
            // f_t = σ(W_f · [h_{t-1}, x_t] + b_f)
            Tensor f = sigmoid(hx.matmul(W_f.value()).plusRow(b_f.value()));
            // i_t = σ(W_i · [h_{t-1}, x_t] + b_i)
            Tensor i = sigmoid(hx.matmul(W_i.value()).plusRow(b_i.value()));
            // C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)
            Tensor cTilde = hx.matmul(W_C.value()).plusRow(b_C.value()).map(Math::tanh);
            // C_t = f_t * C_{t-1} + i_t * C̃_t
            Tensor c = f.times(cPrev).plus(i.times(cTilde));
            // o_t = σ(W_o · [h_{t-1}, x_t] + b_o)
            Tensor o = sigmoid(hx.matmul(W_o.value()).plusRow(b_o.value()));
            // h_t = o_t * tanh(C_t)
            Tensor tanhC = c.map(Math::tanh);
            Tensor h = o.times(tanhC);
            steps.add(new Step(hx, cPrev, f, i, cTilde, o, c, tanhC, h));
            hs.add(h);
            hPrev = h;
            cPrev = c;
        }
        cache = steps;
        return hs;
    }

    @Override
    public List<Tensor> backwardSequence(List<Tensor> dHs) {
        if (cache == null) {
            throw new IllegalStateException("LstmCell.backwardSequence: call forwardSequence first");
        }
        int steps = cache.size();
        if (dHs.size() != steps) {
            throw new IllegalArgumentException("LstmCell.backwardSequence: expected " + steps
                    + " gradients dL/dh_t (one per step of the last forward) but got " + dHs.size());
        }
        int n = cache.get(0).h().dim(0);
        Sequences.requireSteps("LstmCell.backwardSequence (dL/dh_t [N, H])", dHs, n, hiddenSize);
        Tensor dW_f = Tensor.zeros(hiddenSize + inputSize, hiddenSize);
        Tensor dW_i = Tensor.zeros(hiddenSize + inputSize, hiddenSize);
        Tensor dW_C = Tensor.zeros(hiddenSize + inputSize, hiddenSize);
        Tensor dW_o = Tensor.zeros(hiddenSize + inputSize, hiddenSize);
        Tensor db_f = Tensor.zeros(hiddenSize);
        Tensor db_i = Tensor.zeros(hiddenSize);
        Tensor db_C = Tensor.zeros(hiddenSize);
        Tensor db_o = Tensor.zeros(hiddenSize);
        Tensor W_fT = W_f.value().transpose();
        Tensor W_iT = W_i.value().transpose();
        Tensor W_CT = W_C.value().transpose();
        Tensor W_oT = W_o.value().transpose();
        Tensor[] dXs = new Tensor[steps];
        double[] norms = new double[steps];
        Tensor dHNext = Tensor.zeros(n, hiddenSize);
        Tensor dCNext = Tensor.zeros(n, hiddenSize);
        for (int t = steps - 1; t >= 0; t--) {
            Step s = cache.get(t);
            // the loss reads h_t directly and through step t + 1
            Tensor dH = dHs.get(t).plus(dHNext);
            norms[t] = Math.sqrt(dH.squaredNorm());
            // forward was: h_t = o_t * tanh(C_t)
            Tensor dO = dH.times(s.tanhC());
            Tensor dC = dCNext.plus(dH.times(s.o()).times(s.tanhC().map(v -> 1 - v * v)));
            // forward was: C_t = f_t * C_{t-1} + i_t * C̃_t
            Tensor dF = dC.times(s.cPrev());
            Tensor dI = dC.times(s.cTilde());
            Tensor dCTilde = dC.times(s.i());
            Tensor dCPrev = dC.times(s.f());
            // through the gates' nonlinearities: σ' = σ (1 - σ), tanh' = 1 - tanh^2
            Tensor dZf = dF.times(s.f().map(v -> v * (1 - v)));
            Tensor dZi = dI.times(s.i().map(v -> v * (1 - v)));
            Tensor dZc = dCTilde.times(s.cTilde().map(v -> 1 - v * v));
            Tensor dZo = dO.times(s.o().map(v -> v * (1 - v)));
            // forward was: z_gate = [h_{t-1}, x_t] W_gate + b_gate, for each of f, i, C, o
            Tensor hxT = s.hx().transpose();
            dW_f = dW_f.plus(hxT.matmul(dZf));
            dW_i = dW_i.plus(hxT.matmul(dZi));
            dW_C = dW_C.plus(hxT.matmul(dZc));
            dW_o = dW_o.plus(hxT.matmul(dZo));
            db_f = db_f.plus(dZf.sum(0));
            db_i = db_i.plus(dZi.sum(0));
            db_C = db_C.plus(dZc.sum(0));
            db_o = db_o.plus(dZo.sum(0));
            Tensor dHX = dZf.matmul(W_fT).plus(dZi.matmul(W_iT)).plus(dZc.matmul(W_CT)).plus(dZo.matmul(W_oT));
            // forward was: [h_{t-1}, x_t]; split the gradient back into its two parts
            Tensor dHPrev = dHX.columns(0, hiddenSize);
            dXs[t] = dHX.columns(hiddenSize, hiddenSize + inputSize);
            dHNext = dHPrev;
            dCNext = dCPrev;
        }
        W_f.setGrad(dW_f);
        W_i.setGrad(dW_i);
        W_C.setGrad(dW_C);
        W_o.setGrad(dW_o);
        b_f.setGrad(db_f);
        b_i.setGrad(db_i);
        b_C.setGrad(db_C);
        b_o.setGrad(db_o);
        dH0 = dHNext;
        dC0 = dCNext;
        gradientNorms = norms;
        return List.of(dXs);
    }

    /** σ(z) = 1 / (1 + e^{-z}), element-wise (the library's one stable sigmoid, {@link Sigmoid#sigma}). */
    static Tensor sigmoid(Tensor z) {
        return z.map(Sigmoid::sigma);
    }

    /** dL/dh_0 [N, H] from the last backward pass. */
    public Tensor dH0() {
        if (dH0 == null) {
            throw new IllegalStateException("LstmCell.dH0: call backwardSequence first");
        }
        return dH0;
    }

    /** dL/dC_0 [N, H] from the last backward pass. */
    public Tensor dC0() {
        if (dC0 == null) {
            throw new IllegalStateException("LstmCell.dC0: call backwardSequence first");
        }
        return dC0;
    }

    @Override
    public double[] gradientNormsPerStep() {
        return gradientNorms.clone();
    }

    /**
     * Every gate's activations during the last forward pass for one example of the batch, each [T, H]
     * (row t is time step t + 1): the numbers behind the gate heat maps.
     */
    public GateActivations gateActivations(int example) {
        if (cache == null) {
            throw new IllegalStateException("LstmCell.gateActivations: call forwardSequence first");
        }
        int n = cache.get(0).h().dim(0);
        if (example < 0 || example >= n) {
            throw new IndexOutOfBoundsException("LstmCell.gateActivations: example " + example
                    + " outside the batch [0, " + n + ")");
        }
        List<Tensor> f = new ArrayList<>();
        List<Tensor> i = new ArrayList<>();
        List<Tensor> cTilde = new ArrayList<>();
        List<Tensor> o = new ArrayList<>();
        List<Tensor> c = new ArrayList<>();
        List<Tensor> h = new ArrayList<>();
        for (Step s : cache) {
            f.add(s.f().row(example).reshape(hiddenSize));
            i.add(s.i().row(example).reshape(hiddenSize));
            cTilde.add(s.cTilde().row(example).reshape(hiddenSize));
            o.add(s.o().row(example).reshape(hiddenSize));
            c.add(s.c().row(example).reshape(hiddenSize));
            h.add(s.h().row(example).reshape(hiddenSize));
        }
        return new GateActivations(Tensor.stack(f), Tensor.stack(i), Tensor.stack(cTilde), Tensor.stack(o),
                Tensor.stack(c), Tensor.stack(h));
    }

    /**
     * One example's gate activations over time, each [T, H]: forget gate f, input gate i, candidate C̃,
     * output gate o, cell state C and hidden state h. Each is a heat map as it is, e.g.
     * {@code dlcourse.viz.HeatMap.of("forget gate f_t", gates.f())}.
     */
    public record GateActivations(Tensor f, Tensor i, Tensor cTilde, Tensor o, Tensor c, Tensor h) {
        /** A tidy table for heat maps: one row per (name, step, unit) with its value; names f, i, cTilde, o, C, h. */
        public Table toTable() {
            StringColumn name = StringColumn.create("name");
            IntColumn step = IntColumn.create("step");
            IntColumn unit = IntColumn.create("unit");
            DoubleColumn value = DoubleColumn.create("value");
            List<String> names = List.of("f", "i", "cTilde", "o", "C", "h");
            List<Tensor> values = List.of(f, i, cTilde, o, c, h);
            for (int k = 0; k < names.size(); k++) {
                Tensor v = values.get(k);
                for (int t = 0; t < v.rows(); t++) {
                    for (int j = 0; j < v.cols(); j++) {
                        name.append(names.get(k));
                        step.append(t + 1);
                        unit.append(j);
                        value.append(v.get(t, j));
                    }
                }
            }
            return Table.create("LSTM gate activations", name, step, unit, value);
        }
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int hiddenSize() {
        return hiddenSize;
    }

    /** W_f, b_f, W_i, b_i, W_C, b_C, W_o, b_o, in the lecture's order of the gates. */
    @Override
    public List<Parameter> parameters() {
        return List.of(W_f, b_f, W_i, b_i, W_C, b_C, W_o, b_o);
    }

    /** W_f, W_i, W_C, W_o, for the fused fast path. */
    List<Parameter> gateWeights() {
        return List.of(W_f, W_i, W_C, W_o);
    }

    /** b_f, b_i, b_C, b_o, for the fused fast path. */
    List<Parameter> gateBiases() {
        return List.of(b_f, b_i, b_C, b_o);
    }

    @Override
    public String describe() {
        return "LstmCell(" + inputSize + " -> " + hiddenSize + ")";
    }
}
