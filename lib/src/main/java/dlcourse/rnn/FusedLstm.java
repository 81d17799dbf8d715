package dlcourse.rnn;

import dlcourse.nn.Parameter;
import dlcourse.tensor.MatMul;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The fast path of {@link LstmCell}: the same equations and the same parameters (it shares the cell's
 * {@link Parameter} objects, so training one trains the other), computed the way LSTM libraries do.
 *
 * <ul>
 *   <li>The four gate matrices sit side by side, W = [W_f | W_i | W_C | W_o] of shape [H + D, 4H], so one
 *       multiply per step gives all four pre-activations z = [h_{t-1}, x_t] W + b, shape [N, 4H].</li>
 *   <li>W splits by rows into W_h [H, 4H] (acting on h_{t-1}) and W_x [D, 4H] (acting on x_t). The input
 *       part does not depend on the recurrence, so x_t W_x for all T steps is one big multiply
 *       [T N, D] x [D, 4H] before the loop; only h_{t-1} W_h stays inside it.</li>
 *   <li>Backward likewise keeps only dh_{t-1} = dz_t W_h^T inside the loop; dW_h, dW_x, db and every dx_t
 *       come from one big multiply each over all T N rows after the loop.</li>
 *   <li>Element-wise work runs on flat arrays, without allocating a tensor per gate, split over the cores
 *       by example; the multiplies are the shared, multi-threaded {@link MatMul}.</li>
 * </ul>
 * Index arithmetic on flat arrays lives here, not in the teaching text. A test holds outputs, gradients and
 * gradient norms equal to {@link LstmCell}'s.
 *
 * <p>Shapes as in {@link LstmCell}: x_t [N, D], h_t [N, H]. Used by the long-lag experiment and the
 * {@code lstm-train} benchmark; it is the LSTM that runs in {@code notebooks/11-lstm.ipynb}, section "LSTM against the
 * plain RNN on a long lag".
 */
public final class FusedLstm implements Recurrent {
    /** Element-wise work below this many hidden values per step stays on the calling thread. */
    private static final int PARALLEL_ELEMENTS = 2048;

    private final LstmCell cell;
    private final int d;
    private final int h;

    /** What backward needs, for all steps at once: flat time-major arrays, row t N + n is example n at step t. */
    private record Cache(int n, int steps, double[] x, double[] hPrev, double[] cPrev, double[] gates,
                         double[] tanhC, double[] wh, double[] wx) {}

    private Cache cache;
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
        int n = xs.get(0).dim(0);
        int g = 4 * h;
        // W = [W_f | W_i | W_C | W_o], split by rows into W_h [H, 4H] and W_x [D, 4H]
        double[] wh = new double[h * g];
        double[] wx = new double[d * g];
        double[] bias = new double[g];
        List<Parameter> weights = cell.gateWeights();
        List<Parameter> biases = cell.gateBiases();
        for (int gate = 0; gate < 4; gate++) {
            double[] w = weights.get(gate).value().rawData();
            for (int r = 0; r < h + d; r++) {
                double[] target = r < h ? wh : wx;
                int row = r < h ? r : r - h;
                System.arraycopy(w, r * h, target, row * g + gate * h, h);
            }
            System.arraycopy(biases.get(gate).value().rawData(), 0, bias, gate * h, h);
        }
        double[] x = new double[steps * n * d];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(xs.get(t).rawData(), 0, x, t * n * d, n * d);
        }
        // x_t W_x for every step at once: [T N, D] x [D, 4H]
        double[] gates = MatMul.multiply(x, wx, steps * n, d, g);
        double[] hPrevAll = new double[steps * n * h];
        double[] cPrevAll = new double[steps * n * h];
        double[] tanhCAll = new double[steps * n * h];
        List<Tensor> hs = new ArrayList<>(steps);
        double[] hPrev = new double[n * h];
        double[] cPrev = new double[n * h];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(hPrev, 0, hPrevAll, t * n * h, n * h);
            System.arraycopy(cPrev, 0, cPrevAll, t * n * h, n * h);
            double[] recurrent = MatMul.multiply(hPrev, wh, n, h, g);
            double[] hNext = new double[n * h];
            double[] cNext = new double[n * h];
            double[] cLast = cPrev;
            int step = t;
            forEachExample(n, e -> {
                int zRow = (step * n + e) * g;
                for (int j = 0; j < h; j++) {
                    int zf = zRow + j;
                    int zi = zf + h;
                    int zc = zi + h;
                    int zo = zc + h;
                    int rf = e * g + j;
                    double f = sigmoid(gates[zf] + recurrent[rf] + bias[j]);
                    double i = sigmoid(gates[zi] + recurrent[rf + h] + bias[j + h]);
                    double cTilde = tanh(gates[zc] + recurrent[rf + 2 * h] + bias[j + 2 * h]);
                    double o = sigmoid(gates[zo] + recurrent[rf + 3 * h] + bias[j + 3 * h]);
                    double c = f * cLast[e * h + j] + i * cTilde;
                    double tanhC = tanh(c);
                    gates[zf] = f;
                    gates[zi] = i;
                    gates[zc] = cTilde;
                    gates[zo] = o;
                    cNext[e * h + j] = c;
                    tanhCAll[(step * n + e) * h + j] = tanhC;
                    hNext[e * h + j] = o * tanhC;
                }
            });
            hs.add(Tensor.wrap(hNext.clone(), n, h));
            hPrev = hNext;
            cPrev = cNext;
        }
        cache = new Cache(n, steps, x, hPrevAll, cPrevAll, gates, tanhCAll, wh, wx);
        return hs;
    }

    @Override
    public List<Tensor> backwardSequence(List<Tensor> dHs) {
        if (cache == null) {
            throw new IllegalStateException("FusedLstm.backwardSequence: call forwardSequence first");
        }
        Cache k = cache;
        int n = k.n();
        int steps = k.steps();
        int g = 4 * h;
        if (dHs.size() != steps) {
            throw new IllegalArgumentException("FusedLstm.backwardSequence: expected " + steps
                    + " gradients dL/dh_t (one per step of the last forward) but got " + dHs.size());
        }
        Sequences.requireSteps("FusedLstm.backwardSequence (dL/dh_t [N, H])", dHs, n, h);
        double[] whT = transpose(k.wh(), h, g);
        double[] dZ = new double[steps * n * g];
        double[] dHNext = new double[n * h];
        double[] dCNext = new double[n * h];
        double[] norms = new double[steps];
        for (int t = steps - 1; t >= 0; t--) {
            double[] dHOut = dHs.get(t).rawData();
            double[] dHFromNext = dHNext;
            double[] squared = new double[n];
            int step = t;
            forEachExample(n, e -> {
                int zRow = (step * n + e) * g;
                for (int j = 0; j < h; j++) {
                    int at = e * h + j;
                    int cellAt = (step * n + e) * h + j;
                    double dH = dHOut[at] + dHFromNext[at];
                    squared[e] += dH * dH;
                    double f = k.gates()[zRow + j];
                    double i = k.gates()[zRow + h + j];
                    double cTilde = k.gates()[zRow + 2 * h + j];
                    double o = k.gates()[zRow + 3 * h + j];
                    double tanhC = k.tanhC()[cellAt];
                    // h_t = o_t * tanh(C_t)
                    double dO = dH * tanhC;
                    double dC = dCNext[at] + dH * o * (1 - tanhC * tanhC);
                    // C_t = f_t * C_{t-1} + i_t * C̃_t
                    dZ[zRow + j] = dC * k.cPrev()[cellAt] * f * (1 - f);
                    dZ[zRow + h + j] = dC * cTilde * i * (1 - i);
                    dZ[zRow + 2 * h + j] = dC * i * (1 - cTilde * cTilde);
                    dZ[zRow + 3 * h + j] = dO * o * (1 - o);
                    dCNext[at] = dC * f;
                }
            });
            double total = 0;
            for (double perExample : squared) {
                total += perExample;
            }
            norms[t] = Math.sqrt(total);
            // dh_{t-1} = dz_t W_h^T
            double[] dZt = new double[n * g];
            System.arraycopy(dZ, t * n * g, dZt, 0, n * g);
            dHNext = MatMul.multiply(dZt, whT, n, g, h);
        }
        // all steps at once: dW_h = H_prev^T dZ, dW_x = X^T dZ, db = column sums of dZ, dX = dZ W_x^T
        double[] dWh = MatMul.multiplyTransposeA(k.hPrev(), dZ, h, steps * n, g);
        double[] dWx = MatMul.multiplyTransposeA(k.x(), dZ, d, steps * n, g);
        double[] db = new double[g];
        for (int r = 0; r < steps * n; r++) {
            for (int j = 0; j < g; j++) {
                db[j] += dZ[r * g + j];
            }
        }
        double[] dX = MatMul.multiplyTransposeB(dZ, k.wx(), steps * n, g, d);
        List<Parameter> weights = cell.gateWeights();
        List<Parameter> biases = cell.gateBiases();
        for (int gate = 0; gate < 4; gate++) {
            double[] dW = new double[(h + d) * h];
            for (int r = 0; r < h + d; r++) {
                double[] source = r < h ? dWh : dWx;
                int row = r < h ? r : r - h;
                System.arraycopy(source, row * g + gate * h, dW, r * h, h);
            }
            double[] dB = new double[h];
            System.arraycopy(db, gate * h, dB, 0, h);
            weights.get(gate).setGrad(Tensor.wrap(dW, h + d, h));
            biases.get(gate).setGrad(Tensor.wrap(dB, h));
        }
        List<Tensor> dXs = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            double[] step = new double[n * d];
            System.arraycopy(dX, t * n * d, step, 0, n * d);
            dXs.add(Tensor.wrap(step, n, d));
        }
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

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** tanh(z) = 1 - 2 / (1 + e^{2z}): the same function through the fast Math.exp (Math.tanh is slower). */
    private static double tanh(double z) {
        return 1 - 2 / (1 + Math.exp(2 * z));
    }

    /** The transpose of a row-major [rows, cols] array. */
    private static double[] transpose(double[] a, int rows, int cols) {
        double[] out = new double[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = a[r * cols + c];
            }
        }
        return out;
    }

    /** Runs body for every example 0 ... n-1, split over the cores when there is enough work. */
    private void forEachExample(int n, IntConsumer body) {
        if ((long) n * h < PARALLEL_ELEMENTS) {
            for (int e = 0; e < n; e++) {
                body.accept(e);
            }
        } else {
            IntStream.range(0, n).parallel().forEach(body);
        }
    }
}
