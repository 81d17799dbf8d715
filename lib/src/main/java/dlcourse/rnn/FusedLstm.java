package dlcourse.rnn;

import dlcourse.nn.Parameter;
import dlcourse.nn.Sigmoid;
import dlcourse.tensor.MatMul;
import dlcourse.tensor.Parallel;
import dlcourse.tensor.Precision;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast path of {@link LstmCell}: the same equations and the same parameters (it shares the cell's
 * {@link Parameter} objects, so training one trains the other), computed the way LSTM libraries do.
 *
 * <ul>
 *   <li>The four gate matrices sit side by side, W = [W_f | W_i | W_C | W_o] of shape [H + D, 4H], so one
 *       multiply per step gives all four pre-activations z_t = [h_{t-1}, x_t] W + b, shape [N, 4H]. The rows
 *       [h_{t-1}, x_t] of every step live in one array [T, N, H + D]: x_t is put in place before the loop and
 *       step t writes h_t straight into the rows of step t + 1, so nothing is concatenated on the way.</li>
 *   <li>Backward: one multiply per step, d[h_{t-1}, x_t] = dz_t W^T [N, H + D] (W read in place as
 *       transposed), whose first H columns carry dh_{t-1} on to the step before and whose last D columns are
 *       dx_t; after the loop one multiply over all T N rows gives dW = [h, x]^T dz.</li>
 *   <li>Element-wise work runs on flat arrays, without allocating a tensor per gate, split over the cores
 *       by example with {@link Parallel}; every product is the library's one {@link MatMul}.</li>
 * </ul>
 * Index arithmetic on flat arrays lives here, not in the teaching text. A test holds outputs, gradients and
 * gradient norms equal to {@link LstmCell}'s.
 *
 * <p>In {@link Precision#FLOAT32} the same computation runs on float32 arrays end to end
 * ({@code FusedLstmFloat32}, chosen by the precision at the time of {@link #forwardSequence}); its results are
 * float32 tensors. A test holds it equal to this float64 path within float32's rounding.
 *
 * <p>Shapes as in {@link LstmCell}: x_t [N, D], h_t [N, H]. Used by the long-lag experiment and the
 * {@code lstm-train} benchmark; it is the LSTM that runs in {@code notebooks/11-lstm.ipynb}, section "LSTM against the
 * plain RNN on a long lag".
 */
public final class FusedLstm implements Recurrent {
    private final LstmCell cell;
    private final int d;
    private final int h;

    /**
     * What backward needs, for all steps at once, in flat time-major arrays (row t N + e is example e at step
     * t): hx [T N, H + D] the rows [h_{t-1}, x_t]; cPrev [T N, H]; gates [T N, 4H] holding f, i, C̃, o after
     * their non-linearities; tanhC [T N, H]; and W [H + D, 4H].
     */
    private record Cache(int n, int steps, double[] hx, double[] cPrev, double[] gates, double[] tanhC,
                         MatMul.Operand w) {}

    private Cache cache;
    /** The float32 path, made at the first forward pass in float32; it keeps its own cache. */
    private FusedLstmFloat32 float32;
    /** Whether the last forward pass ran in float32 (then backward does too). */
    private boolean lastForwardFloat32;
    private double[] gradientNorms = new double[0];

    /** The fast path over {@code cell}'s parameters. */
    public FusedLstm(LstmCell cell) {
        this.cell = cell;
        this.d = cell.inputSize();
        this.h = cell.hiddenSize();
    }

    /** The cell whose parameters this fast path uses. */
    public LstmCell cell() {
        return cell;
    }

    @Override
    public List<Tensor> forwardSequence(List<Tensor> xs) {
        int steps = Sequences.requireSteps("FusedLstm.forwardSequence (inputs [N, D])", xs, -1, d);
        if (Precision.current() == Precision.FLOAT32) {
            if (float32 == null) {
                float32 = new FusedLstmFloat32(d, h);
            }
            List<Tensor> hs = float32.forwardSequence(xs, cell.gateWeights(), cell.gateBiases());
            cache = null;
            lastForwardFloat32 = true;
            return hs;
        }
        lastForwardFloat32 = false;
        int n = xs.get(0).dim(0);
        int g = 4 * h;
        int r = h + d;
        // W = [W_f | W_i | W_C | W_o] [H + D, 4H] and b = [b_f, b_i, b_C, b_o] [4H]
        double[] w = new double[r * g];
        double[] bias = new double[g];
        List<Parameter> weights = cell.gateWeights();
        List<Parameter> biases = cell.gateBiases();
        for (int gate = 0; gate < 4; gate++) {
            double[] wGate = weights.get(gate).value().rawData();
            for (int row = 0; row < r; row++) {
                System.arraycopy(wGate, row * h, w, row * g + gate * h, h);
            }
            System.arraycopy(biases.get(gate).value().rawData(), 0, bias, gate * h, h);
        }
        // W is read at every step, forward and backward: in float32 it is rounded once (MatMul.Operand)
        MatMul.Operand wAll = MatMul.Operand.of(w);
        // the rows [h_{t-1}, x_t]: x_t now, h_{t-1} as the loop computes it (h_0 = 0)
        double[] hx = new double[steps * n * r];
        for (int t = 0; t < steps; t++) {
            double[] x = xs.get(t).rawData();
            for (int e = 0; e < n; e++) {
                System.arraycopy(x, e * d, hx, (t * n + e) * r + h, d);
            }
        }
        double[] gates = new double[steps * n * g];
        double[] cPrevAll = new double[steps * n * h];
        double[] tanhCAll = new double[steps * n * h];
        List<Tensor> hs = new ArrayList<>(steps);
        double[] cPrev = new double[n * h];
        for (int t = 0; t < steps; t++) {
            int zAt = t * n * g;
            for (int e = 0; e < n; e++) {
                System.arraycopy(bias, 0, gates, zAt + e * g, g);
            }
            // z_t = [h_{t-1}, x_t] W + b, all four gates in one multiply: [N, H + D] x [H + D, 4H]
            MatMul.gemm(false, false, n, g, r, hx, t * n * r, r, wAll, 0, g, true, gates, zAt, g);
            System.arraycopy(cPrev, 0, cPrevAll, t * n * h, n * h);
            double[] hNext = new double[n * h];
            double[] cNext = new double[n * h];
            double[] cLast = cPrev;
            int step = t;
            Parallel.forRange(n, 12L * h, (from, to) -> {
                for (int e = from; e < to; e++) {
                    int zf = (step * n + e) * g;
                    int cellAt = (step * n + e) * h;
                    int nextRow = ((step + 1) * n + e) * r;
                    for (int j = 0; j < h; j++) {
                        double f = Sigmoid.sigma(gates[zf + j]);
                        double i = Sigmoid.sigma(gates[zf + h + j]);
                        double cTilde = tanh(gates[zf + 2 * h + j]);
                        double o = Sigmoid.sigma(gates[zf + 3 * h + j]);
                        double c = f * cLast[e * h + j] + i * cTilde;
                        double tanhC = tanh(c);
                        gates[zf + j] = f;
                        gates[zf + h + j] = i;
                        gates[zf + 2 * h + j] = cTilde;
                        gates[zf + 3 * h + j] = o;
                        cNext[e * h + j] = c;
                        tanhCAll[cellAt + j] = tanhC;
                        hNext[e * h + j] = o * tanhC;
                    }
                    if (step + 1 < steps) {
                        System.arraycopy(hNext, e * h, hx, nextRow, h);
                    }
                }
            });
            hs.add(Tensor.wrap(hNext, n, h));
            cPrev = cNext;
        }
        cache = new Cache(n, steps, hx, cPrevAll, gates, tanhCAll, wAll);
        return hs;
    }

    @Override
    public List<Tensor> backwardSequence(List<Tensor> dHs) {
        if (lastForwardFloat32) {
            return backwardFloat32(dHs, true);
        }
        if (cache == null) {
            throw new IllegalStateException("FusedLstm.backwardSequence: call forwardSequence first");
        }
        Cache k = cache;
        int n = k.n();
        int steps = k.steps();
        int g = 4 * h;
        int r = h + d;
        if (dHs.size() != steps) {
            throw new IllegalArgumentException("FusedLstm.backwardSequence: expected " + steps
                    + " gradients dL/dh_t (one per step of the last forward) but got " + dHs.size());
        }
        Sequences.requireSteps("FusedLstm.backwardSequence (dL/dh_t [N, H])", dHs, n, h);
        double[] dZ = new double[steps * n * g];
        // d[h_{t-1}, x_t] for every step: [T N, H + D]
        double[] dHX = new double[steps * n * r];
        double[] dCNext = new double[n * h];
        double[] norms = new double[steps];
        for (int t = steps - 1; t >= 0; t--) {
            double[] dHOut = dHs.get(t).rawData();
            double[] squared = new double[n];
            int step = t;
            Parallel.forRange(n, 12L * h, (from, to) -> {
                for (int e = from; e < to; e++) {
                    int zRow = (step * n + e) * g;
                    int cellAt = (step * n + e) * h;
                    // dh_t from the loss at step t and, through [h_t, x_{t+1}], from step t + 1
                    int fromNext = ((step + 1) * n + e) * r;
                    for (int j = 0; j < h; j++) {
                        int at = e * h + j;
                        double dH = dHOut[at] + (step + 1 < steps ? dHX[fromNext + j] : 0);
                        squared[e] += dH * dH;
                        double f = k.gates()[zRow + j];
                        double i = k.gates()[zRow + h + j];
                        double cTilde = k.gates()[zRow + 2 * h + j];
                        double o = k.gates()[zRow + 3 * h + j];
                        double tanhC = k.tanhC()[cellAt + j];
                        // h_t = o_t * tanh(C_t)
                        double dO = dH * tanhC;
                        double dC = dCNext[at] + dH * o * (1 - tanhC * tanhC);
                        // C_t = f_t * C_{t-1} + i_t * C̃_t
                        dZ[zRow + j] = dC * k.cPrev()[cellAt + j] * f * (1 - f);
                        dZ[zRow + h + j] = dC * cTilde * i * (1 - i);
                        dZ[zRow + 2 * h + j] = dC * i * (1 - cTilde * cTilde);
                        dZ[zRow + 3 * h + j] = dO * o * (1 - o);
                        dCNext[at] = dC * f;
                    }
                }
            });
            double total = 0;
            for (double perExample : squared) {
                total += perExample;
            }
            norms[t] = Math.sqrt(total);
            // d[h_{t-1}, x_t] = dz_t W^T: [N, 4H] x [4H, H + D]
            MatMul.gemm(false, true, n, r, g, dZ, t * n * g, g, k.w(), 0, g, false, dHX, t * n * r, r);
        }
        // all steps at once: dW = [h, x]^T dz [H + D, 4H], db = column sums of dz
        double[] dW = new double[r * g];
        MatMul.gemm(true, false, r, g, steps * n, k.hx(), 0, r, dZ, 0, g, false, dW, 0, g);
        double[] db = new double[g];
        for (int row = 0; row < steps * n; row++) {
            for (int j = 0; j < g; j++) {
                db[j] += dZ[row * g + j];
            }
        }
        List<Parameter> weights = cell.gateWeights();
        List<Parameter> biases = cell.gateBiases();
        for (int gate = 0; gate < 4; gate++) {
            double[] dWGate = new double[r * h];
            for (int row = 0; row < r; row++) {
                System.arraycopy(dW, row * g + gate * h, dWGate, row * h, h);
            }
            double[] dB = new double[h];
            System.arraycopy(db, gate * h, dB, 0, h);
            weights.get(gate).setGrad(Tensor.wrap(dWGate, r, h));
            biases.get(gate).setGrad(Tensor.wrap(dB, h));
        }
        List<Tensor> dXs = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            double[] dX = new double[n * d];
            for (int e = 0; e < n; e++) {
                System.arraycopy(dHX, (t * n + e) * r + h, dX, e * d, d);
            }
            dXs.add(Tensor.wrap(dX, n, d));
        }
        gradientNorms = norms;
        return dXs;
    }

    /**
     * As {@link #backwardSequence} without dL/dx_t: after a forward pass in float32 it skips their product
     * ([T N, 4H] x [4H, D], some 6% of a training step of the lstm-train benchmark); in float64 it is
     * {@link #backwardSequence} (whose results stay as they were, bit for bit).
     */
    @Override
    public void backwardSequenceParameters(List<Tensor> dHs) {
        if (lastForwardFloat32) {
            backwardFloat32(dHs, false);
        } else {
            backwardSequence(dHs);
        }
    }

    private List<Tensor> backwardFloat32(List<Tensor> dHs, boolean inputGradients) {
        int steps = float32.steps();
        if (dHs.size() != steps) {
            throw new IllegalArgumentException("FusedLstm.backwardSequence: expected " + steps
                    + " gradients dL/dh_t (one per step of the last forward) but got " + dHs.size());
        }
        Sequences.requireSteps("FusedLstm.backwardSequence (dL/dh_t [N, H])", dHs, float32.batchSize(), h);
        double[] norms = new double[steps];
        List<Tensor> dXs = float32.backwardSequence(dHs, cell.gateWeights(), cell.gateBiases(), norms,
                inputGradients);
        gradientNorms = norms;
        return dXs;
    }

    @Override
    public double[] gradientNormsPerStep() {
        return gradientNorms.clone();
    }

    @Override
    public int inputSize() {
        return d;
    }

    @Override
    public int hiddenSize() {
        return h;
    }

    /** The cell's parameters: W_f, b_f, W_i, b_i, W_C, b_C, W_o, b_o. */
    @Override
    public List<Parameter> parameters() {
        return cell.parameters();
    }

    @Override
    public String describe() {
        return "FusedLstm(" + d + " -> " + h + ")";
    }

    /** tanh(z) = 1 - 2 / (1 + e^{2z}): the same function through the fast Math.exp (Math.tanh is slower). */
    private static double tanh(double z) {
        return 1 - 2 / (1 + Math.exp(2 * z));
    }
}
