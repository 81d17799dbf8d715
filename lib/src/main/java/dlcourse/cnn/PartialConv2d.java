package dlcourse.cnn;

import dlcourse.nn.Layer;
import dlcourse.nn.Parameter;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A convolution in which each output map sees only some of the input maps, listed in a connection table: LeNet-5's
 * C3 (LeCun et al. 1998, table I). Output map f has its own filter over the input maps {@code table[f]} only:
 * <pre>
 * Y[n, f, y, x] = b[f] + sum over c in table[f], ky, kx of W_f[c', ky, kx] * X[n, c, y + ky, x + kx]
 *                 (c' is the position of c in table[f]; VALID padding, stride 1)
 * </pre>
 * Shapes: X [N, C, H, W], Y [N, F, H - K + 1, W - K + 1], W_f [|table[f]|, K, K], b [F]. For LeNet-5's table
 * ({@link #LENET_C3}) that is 6 maps of 3 inputs, 9 of 4 and one of all 6: 60 input maps in all, so
 * 60 * 25 + 16 = 1,516 parameters instead of the 16 * 6 * 25 + 16 = 2,416 of a full connection. The paper gives
 * two reasons: fewer connections, and maps that see different inputs are pushed to learn different features.
 *
 * <p>The fast path places the filters into one [F, C, K, K] weight tensor with zeros where the table has no
 * connection and runs an ordinary {@link Conv2d}; backward keeps only the gradient of the connected weights.
 *
 * <p>Taught in {@code notebooks/09-lenet5.ipynb} (section "The faithful LeNet-5").
 */
public final class PartialConv2d implements Layer {
    /** LeNet-5's C3 connection table: for each of the 16 C3 maps, the S2 maps (0 to 5) it reads. */
    public static final int[][] LENET_C3 = {
        {0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {0, 4, 5}, {0, 1, 5},
        {0, 1, 2, 3}, {1, 2, 3, 4}, {2, 3, 4, 5}, {0, 3, 4, 5}, {0, 1, 4, 5}, {0, 1, 2, 5},
        {0, 1, 3, 4}, {1, 2, 4, 5}, {0, 2, 3, 5},
        {0, 1, 2, 3, 4, 5}};

    private final int[][] table;
    private final int inChannels;
    private final int kernelSize;
    private final List<Parameter> filters = new ArrayList<>();
    private final Parameter b;
    private final Conv2d conv;

    /**
     * A layer with the given connection table over {@code inChannels} input maps and K x K filters; weights drawn
     * uniformly from +-2.4 / fan-in (the paper's rule, fan-in = inputs of the map times K * K), biases 0.
     */
    public PartialConv2d(int[][] table, int inChannels, int kernelSize, Random rng) {
        if (table.length == 0 || inChannels < 1 || kernelSize < 1) {
            throw new IllegalArgumentException("PartialConv2d: needs at least one output map, one input map and a"
                    + " kernel of 1 or more, got " + table.length + " maps, C=" + inChannels + ", K=" + kernelSize);
        }
        this.table = new int[table.length][];
        for (int f = 0; f < table.length; f++) {
            if (table[f].length == 0) {
                throw new IllegalArgumentException("PartialConv2d: output map " + f + " reads no input map; give"
                        + " each row of the table at least one input map");
            }
            for (int c : table[f]) {
                if (c < 0 || c >= inChannels) {
                    throw new IllegalArgumentException("PartialConv2d: output map " + f + " reads input map " + c
                            + ", outside 0.." + (inChannels - 1));
                }
            }
            this.table[f] = table[f].clone();
            double limit = 2.4 / (table[f].length * kernelSize * kernelSize);
            filters.add(new Parameter("W" + f, Tensor.uniform(rng, -limit, limit, table[f].length, kernelSize,
                    kernelSize)));
        }
        this.inChannels = inChannels;
        this.kernelSize = kernelSize;
        b = new Parameter("b", Tensor.zeros(table.length));
        conv = Conv2d.withWeights(Tensor.zeros(table.length, inChannels, kernelSize, kernelSize), b.value(), 1,
                Padding.VALID);
    }

    /** LeNet-5's C3: 16 maps over the 6 maps of S2 by {@link #LENET_C3}, 5x5 filters. */
    public static PartialConv2d lenetC3(Random rng) {
        return new PartialConv2d(LENET_C3, 6, 5, rng);
    }

    /** Y [N, F, OH, OW] for X [N, C, H, W]. */
    @Override
    public Tensor forward(Tensor x) {
        x.requireShape("PartialConv2d.forward (input [N, C, H, W])", -1, inChannels, -1, -1);
        conv.parameters().get(0).setValue(fullWeights());
        conv.parameters().get(1).setValue(b.value());
        return conv.forward(x);
    }

    /** dX for dY [N, F, OH, OW]; sets the gradients of the connected weights and of b. */
    @Override
    public Tensor backward(Tensor dY) {
        Tensor dX = conv.backward(dY);
        double[][][][] dW = conv.parameters().get(0).grad().toArray4d();
        for (int f = 0; f < table.length; f++) {
            double[][][] dWf = new double[table[f].length][][];
            for (int i = 0; i < table[f].length; i++) {
                // forward used W_f[i] as the full filter's channel table[f][i]; the other channels are not weights
                dWf[i] = dW[f][table[f][i]];
            }
            filters.get(f).setGrad(Tensor.of(new double[][][][] {dWf}).reshape(filters.get(f).value().shape()));
        }
        b.setGrad(conv.parameters().get(1).grad());
        return dX;
    }

    /** The filters as one [F, C, K, K] tensor, zero where the table has no connection. */
    public Tensor fullWeights() {
        double[][][][] W = new double[table.length][inChannels][kernelSize][kernelSize];
        for (int f = 0; f < table.length; f++) {
            double[][][][] Wf = filters.get(f).value().reshape(1, table[f].length, kernelSize, kernelSize)
                    .toArray4d();
            for (int i = 0; i < table[f].length; i++) {
                W[f][table[f][i]] = Wf[0][i];
            }
        }
        return Tensor.of(W);
    }

    /** The connection table: row f lists the input maps of output map f. */
    public int[][] table() {
        int[][] copy = new int[table.length][];
        for (int f = 0; f < table.length; f++) {
            copy[f] = table[f].clone();
        }
        return copy;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(filters);
        all.add(b);
        return all;
    }

    @Override
    public String describe() {
        int connections = 0;
        for (int[] row : table) {
            connections += row.length;
        }
        return "PartialConv2d(" + inChannels + " -> " + table.length + ", " + kernelSize + "x" + kernelSize + ", "
                + connections + " of " + table.length * inChannels + " map pairs connected)";
    }
}
