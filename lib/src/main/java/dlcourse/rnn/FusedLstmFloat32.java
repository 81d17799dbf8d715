package dlcourse.rnn;

import dlcourse.nn.Parameter;
import dlcourse.tensor.ElementFunctions;
import dlcourse.tensor.MatMul;
import dlcourse.tensor.Parallel;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link FusedLstm} in {@link dlcourse.tensor.Precision#FLOAT32}: the same equations and nearly the same layout
 * (rows [h_{t-1}, x_t, 1], W' = [W_f | W_i | W_C | W_o] of shape [H + D, 4H] with the biases as one more row),
 * with every array in float32 end to end, as PyTorch's float32 LSTM keeps them. Its results are float32 tensors
 * ({@link Tensor#wrapSingles}).
 *
 * <p>Why it is faster than the float64 arrays of {@link FusedLstm} with float32 products (measured on the
 * {@code lstm-train} benchmark, input 32, hidden 128, T = 50, batch 32, with profiles of training steps; the
 * whole step went from about 970 to about 2,450 sequences/s on one thread, at a load of 2 to 3 on 2 cores;
 * PyTorch's was about 1,650):
 * <ul>
 *   <li>The products read and write float32 arrays directly ({@link MatMul#gemm(boolean, boolean, int, int, int,
 *       float[], int, int, float[], int, int, boolean, float[], int, int) the float32 gemm}): with float64 state
 *       every step's product rounded its operand into a scratch array and widened its result back (13% of the
 *       profile's samples, more than the element-wise loops of backward); the weights are read through
 *       {@link Tensor#rawSingles} (no widening of a float32 weight every step).</li>
 *   <li>The inputs' share of the gates, x_t W_x for all T steps, and dx_t = dz_t W_x^T for all T steps, are
 *       one large product each, before and after the loop over time ([T N, D] x [D, 4H] and [T N, 4H] x
 *       [4H, D]); only h_{t-1} W_h and dz_t W_h^T stay in the loop. A large product runs near the machine's
 *       peak, a small one per step does not.</li>
 *   <li>Half the bytes per element in the element-wise loops, whose memory traffic (gates, cell states,
 *       gradients of 50 steps) is several MB a step; the arrays are kept between calls of the same size, so
 *       a training step does not make (and zero) them anew.</li>
 *   <li>The biases ride in the products: each row of hx ends in a 1 and W' has b as its last row, so the
 *       product that gives x_t W_x also adds b, and the product that gives dW gives the biases' gradient
 *       1^T dz as its last row, instead of a loop adding b to every row and a loop summing dz's columns (each
 *       a pass over the [T N, 4H] gates that the JIT does not vectorize, since it reads two arrays at
 *       different offsets).</li>
 * </ul>
 * The non-linearities are the library's float32 sigmoid and tanh ({@link ElementFunctions}, vectorised on the
 * Vector API where the JVM has it).
 */
final class FusedLstmFloat32 {
    private final int d;
    private final int h;

    /**
     * What backward needs, in flat time-major float32 arrays (row t N + e is example e at step t): hx
     * [T N, H + D + 1] the rows [h_{t-1}, x_t, 1]; c [T N, H] the cell states C_t; gates [T N, 4H] holding f, i,
     * C̃, o after their non-linearities; tanhC [T N, H]; and W' [H + D + 1, 4H], W with the biases as its last row.
     */
    private record Cache(int n, int steps, float[] hx, float[] c, float[] gates, float[] tanhC, float[] w) {}

    private Cache cache;
    /** Work arrays kept between calls of the same size: dz [T N, 4H], dh_{t-1} [N, H], dC [N, H], dh_t [N, H]. */
    private float[] dZ = new float[0];
    private float[] dHPrev = new float[0];
    private float[] dCNext = new float[0];
    private float[] dHSum = new float[0];
    /** Zeros, read as h_0 and C_0 and as the gradient from beyond the last step; never written. */
    private float[] zeros = new float[0];
    /** dx_t of every step, [T N, D]. */
    private float[] dXAll = new float[0];
    /** dW' [H + D + 1, 4H]. */
    private float[] dWAll = new float[0];
    /** h_{t-1} W_h for every step, [T N, 4H]. */
    private float[] zh = new float[0];

    FusedLstmFloat32(int inputSize, int hiddenSize) {
        this.d = inputSize;
        this.h = hiddenSize;
    }

    /** T of the last forward pass. */
    int steps() {
        return cache.steps();
    }

    /** N of the last forward pass. */
    int batchSize() {
        return cache.n();
    }

    /** The hidden states h_1 ... h_T (float32 tensors [N, H]) for inputs x_1 ... x_T [N, D] from h_0 = C_0 = 0. */
    List<Tensor> forwardSequence(List<Tensor> xs, List<Parameter> weights, List<Parameter> biases) {
        int steps = xs.size();
        int n = xs.get(0).dim(0);
        int g = 4 * h;
        int r = h + d;
        int r1 = r + 1;
        Cache old = cache;
        boolean reuse = old != null && old.n() == n && old.steps() == steps;
        // W' = [W_f | W_i | W_C | W_o] [H + D, 4H] with the biases [b_f, b_i, b_C, b_o] as one more row: [H + D + 1, 4H]
        float[] w = reuse ? old.w() : new float[r1 * g];
        for (int gate = 0; gate < 4; gate++) {
            float[] wGate = weights.get(gate).value().rawSingles();
            for (int row = 0; row < r; row++) {
                System.arraycopy(wGate, row * h, w, row * g + gate * h, h);
            }
            System.arraycopy(biases.get(gate).value().rawSingles(), 0, w, r * g + gate * h, h);
        }
        // the rows [h_{t-1}, x_t, 1]: x_t and the 1 now, h_{t-1} as the loop computes it (h_0 = 0)
        // (one row more than needed: MatMul.gemm checks that a block of columns fits as if its last row were full)
        float[] hx = reuse ? old.hx() : new float[(steps * n + 1) * r1];
        for (int t = 0; t < steps; t++) {
            float[] x = xs.get(t).rawSingles();
            for (int e = 0; e < n; e++) {
                int row = (t * n + e) * r1;
                if (t == 0) {
                    Arrays.fill(hx, row, row + h, 0f);
                }
                System.arraycopy(x, e * d, hx, row + h, d);
                hx[row + r] = 1;
            }
        }
        float[] gates = reuse ? old.gates() : new float[steps * n * g];
        float[] cAll = reuse ? old.c() : new float[steps * n * h];
        float[] tanhCAll = reuse ? old.tanhC() : new float[steps * n * h];
        // the inputs' and biases' share of every step's gates at once: [x_t, 1] [W_x; b] for all t,
        // [T N, D + 1] x [D + 1, 4H]
        MatMul.gemm(false, false, steps * n, g, d + 1, hx, h, r1, w, h * g, g, false, gates, 0, g);
        // h_{t-1} W_h of each step, at the same place as the step's gates (so that the loop adding the two has
        // one index for both, which the JIT vectorizes; with two different offsets it does not)
        if (zh.length != steps * n * g) {
            zh = new float[steps * n * g];
        }
        float[] zhAll = zh;
        List<Tensor> hs = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            int stepAt = t * n * g;
            // z_t = [h_{t-1}, x_t, 1] W': the h_{t-1} W_h part now (h_0 = 0 adds nothing), [N, H] x [H, 4H]
            if (t > 0) {
                MatMul.gemm(false, false, n, g, h, hx, t * n * r1, r1, w, 0, g, false, zhAll, stepAt, g);
                for (int j = stepAt; j < stepAt + n * g; j++) {
                    gates[j] += zhAll[j];
                }
            }
            float[] hNext = new float[n * h];
            int step = t;
            // C_{t-1}: the previous step's row of cAll, or zeros at t = 1
            float[] cPrev = t > 0 ? cAll : zeros(n * h);
            int cPrevAt = t > 0 ? (t - 1) * n * h : 0;
            Parallel.forRange(n, 30L * h, (from, to) -> {
                for (int e = from; e < to; e++) {
                    int zRow = (step * n + e) * g;
                    int cellAt = (step * n + e) * h;
                    // f_t = σ(z_f), i_t = σ(z_i), C̃_t = tanh(z_C), o_t = σ(z_o), in place
                    sigmoid(gates, zRow, 2 * h);
                    tanh(gates, zRow + 2 * h, h);
                    sigmoid(gates, zRow + 3 * h, h);
                    // C_t = f_t * C_{t-1} + i_t * C̃_t
                    int prevAt = cPrevAt + e * h;
                    for (int j = 0; j < h; j++) {
                        cAll[cellAt + j] = gates[zRow + j] * cPrev[prevAt + j] + gates[zRow + h + j] * gates[zRow + 2 * h + j];
                    }
                    System.arraycopy(cAll, cellAt, tanhCAll, cellAt, h);
                    tanh(tanhCAll, cellAt, h);
                    // h_t = o_t * tanh(C_t)
                    int hAt = e * h;
                    for (int j = 0; j < h; j++) {
                        hNext[hAt + j] = gates[zRow + 3 * h + j] * tanhCAll[cellAt + j];
                    }
                    if (step + 1 < steps) {
                        System.arraycopy(hNext, hAt, hx, ((step + 1) * n + e) * r1, h);
                    }
                }
            });
            hs.add(Tensor.wrapSingles(hNext, n, h));
        }
        cache = new Cache(n, steps, hx, cAll, gates, tanhCAll, w);
        return hs;
    }

    /**
     * Backpropagation through time for the last forward pass: sets the gradients of {@code weights} and
     * {@code biases} (float32 tensors), writes ||dL/dh_t|| into {@code norms} and returns dL/dx_t (float32
     * tensors [N, D]), or null without computing them when {@code inputGradients} is false.
     */
    List<Tensor> backwardSequence(List<Tensor> dHs, List<Parameter> weights, List<Parameter> biases, double[] norms,
                                  boolean inputGradients) {
        Cache k = cache;
        int n = k.n();
        int steps = k.steps();
        int g = 4 * h;
        int r = h + d;
        if (dZ.length != steps * n * g) {
            dZ = new float[steps * n * g];
        }
        if (dHPrev.length != n * h) {
            dHPrev = new float[n * h];
            dCNext = new float[n * h];
            dHSum = new float[n * h];
        }
        float[] dZAll = dZ;
        float[] dHFromNext = dHPrev;
        float[] dC = dCNext;
        Arrays.fill(dC, 0f);
        float[] dHStep = dHSum;
        float[] gates = k.gates();
        float[] cAll = k.c();
        float[] tanhCAll = k.tanhC();
        double[] squared = new double[n];
        for (int t = steps - 1; t >= 0; t--) {
            float[] dHOut = dHs.get(t).rawSingles();
            Arrays.fill(squared, 0);
            int step = t;
            float[] dHNext = step + 1 < steps ? dHFromNext : zeros(n * h);
            float[] cPrev = t > 0 ? cAll : zeros(n * h);
            int cPrevAt = t > 0 ? (t - 1) * n * h : 0;
            Parallel.forRange(n, 24L * h, (from, to) -> {
                for (int e = from; e < to; e++) {
                    int zRow = (step * n + e) * g;
                    int cellAt = (step * n + e) * h;
                    int at0 = e * h;
                    int prevAt = cPrevAt + e * h;
                    // dh_t from the loss at step t and, through [h_t, x_{t+1}], from step t + 1
                    double sumSquares = 0;
                    for (int j = 0; j < h; j++) {
                        float dH = dHOut[at0 + j] + dHNext[at0 + j];
                        dHStep[at0 + j] = dH;
                        sumSquares += (double) dH * dH;
                    }
                    squared[e] = sumSquares;
                    for (int j = 0; j < h; j++) {
                        int at = at0 + j;
                        float dH = dHStep[at];
                        float f = gates[zRow + j];
                        float i = gates[zRow + h + j];
                        float cTilde = gates[zRow + 2 * h + j];
                        float o = gates[zRow + 3 * h + j];
                        float tanhC = tanhCAll[cellAt + j];
                        // forward was: h_t = o_t * tanh(C_t)
                        float dO = dH * tanhC;
                        float dCt = dC[at] + dH * o * (1 - tanhC * tanhC);
                        // forward was: C_t = f_t * C_{t-1} + i_t * C̃_t, and the gates' non-linearities
                        dZAll[zRow + j] = dCt * cPrev[prevAt + j] * f * (1 - f);
                        dZAll[zRow + h + j] = dCt * cTilde * i * (1 - i);
                        dZAll[zRow + 2 * h + j] = dCt * i * (1 - cTilde * cTilde);
                        dZAll[zRow + 3 * h + j] = dO * o * (1 - o);
                        dC[at] = dCt * f;
                    }
                }
            });
            double total = 0;
            for (double perExample : squared) {
                total += perExample;
            }
            norms[t] = Math.sqrt(total);
            // forward was: z_t = [h_{t-1}, x_t] W + b; dh_{t-1} = dz_t W_h^T: [N, 4H] x [4H, H]
            if (t > 0) {
                MatMul.gemm(false, true, n, h, g, dZAll, t * n * g, g, k.w(), 0, g, false, dHFromNext, 0, h);
            }
        }
        // dW' = [h, x, 1]^T dz [H + D + 1, 4H], all steps and all gates in one product: its first H + D rows
        // are dW = [h, x]^T dz, its last row is db = 1^T dz (the column sums of dz)
        int r1 = r + 1;
        if (dWAll.length != r1 * g) {
            dWAll = new float[r1 * g];
        }
        MatMul.gemm(true, false, r1, g, steps * n, k.hx(), 0, r1, dZAll, 0, g, false, dWAll, 0, g);
        for (int gate = 0; gate < 4; gate++) {
            float[] dWGate = new float[r * h];
            for (int row = 0; row < r; row++) {
                System.arraycopy(dWAll, row * g + gate * h, dWGate, row * h, h);
            }
            weights.get(gate).setGrad(Tensor.wrapSingles(dWGate, r, h));
            biases.get(gate).setGrad(Tensor.wrapSingles(Arrays.copyOfRange(dWAll, r * g + gate * h,
                    r * g + (gate + 1) * h), h));
        }
        if (!inputGradients) {
            return null;
        }
        // dx_t = dz_t W_x^T for all steps at once: [T N, 4H] x [4H, D]
        if (dXAll.length != steps * n * d) {
            dXAll = new float[steps * n * d];
        }
        MatMul.gemm(false, true, steps * n, d, g, dZAll, 0, g, k.w(), h * g, g, false, dXAll, 0, d);
        List<Tensor> dXs = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            dXs.add(Tensor.wrapSingles(Arrays.copyOfRange(dXAll, t * n * d, (t + 1) * n * d), n, d));
        }
        return dXs;
    }

    private float[] zeros(int length) {
        if (zeros.length != length) {
            zeros = new float[length];
        }
        return zeros;
    }

    /**
     * σ(z) in place on a[from .. from + length): the library's float32 sigmoid ({@link ElementFunctions}, on the
     * Vector API where the JVM has it, as the course's kernel and the benchmarks start it).
     */
    static void sigmoid(float[] a, int from, int length) {
        ElementFunctions.sigmoid(a, from, a, from, length);
    }

    /** tanh(z) in place on a[from .. from + length), by {@link ElementFunctions#tanh}. */
    static void tanh(float[] a, int from, int length) {
        ElementFunctions.tanh(a, from, a, from, length);
    }
}
