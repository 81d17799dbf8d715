package dlcourse.nn.experiments;

import dlcourse.nn.Dropout;
import dlcourse.nn.Sigmoid;
import dlcourse.tensor.Tensor;
import java.util.Random;
import java.util.function.Function;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The ensemble view of dropout: each of the 2^n masks on n units picks one thinned network, all sharing
 * their weights, and testing should average the outputs of all of them. The lecture's shortcut, "no dropout,
 * weights times (1 - p)", computes that average in one pass; for a linear layer it is exact, for a
 * non-linear network it is an approximation. Taught in notebook {@code 07-dropout}, section "Dropout is a
 * kind of ensemble".
 *
 * <p>Masks act on the D input units of x [N, D]; every example of the batch gets the same mask, as one
 * network of the ensemble sees all of them. A mask with k kept units has probability
 * (1 - dropProb)^k dropProb^(D - k).
 */
public final class DropoutEnsemble {
    private DropoutEnsemble() {}

    /** The largest number of units whose 2^n masks are enumerated (2^20 is about a million networks). */
    public static final int MAX_UNITS = 20;

    /** The linear layer x -> xW + b, with x [N, D], W [D, H], b [H]. */
    public static Function<Tensor, Tensor> linear(Tensor W, Tensor b) {
        return x -> x.matmul(W).plusRow(b);
    }

    /** The sigmoid layer x -> s(xW + b), a non-linear example where the shortcut is only approximate. */
    public static Function<Tensor, Tensor> sigmoidLayer(Tensor W, Tensor b) {
        return x -> x.matmul(W).plusRow(b).map(Sigmoid::sigma);
    }

    /**
     * The exact ensemble average: sum over all 2^D masks m of P(m) network(x * m), for x [N, D] with
     * D at most {@link #MAX_UNITS}.
     */
    public static Tensor exactAverage(Function<Tensor, Tensor> network, Tensor x, double dropProb) {
        Dropout.checkDropProb(dropProb, "DropoutEnsemble.exactAverage");
        x.requireShape("DropoutEnsemble.exactAverage (x)", -1, -1);
        int d = x.cols();
        if (d > MAX_UNITS) {
            throw new IllegalArgumentException("DropoutEnsemble.exactAverage: 2^" + d + " masks are too many; use at most "
                    + MAX_UNITS + " units or sampledAverage");
        }
        Tensor sum = null;
        for (int bits = 0; bits < (1 << d); bits++) {
            double[] m = new double[d];
            double probability = 1;
            for (int j = 0; j < d; j++) {
                boolean kept = (bits >> j & 1) == 1;
                m[j] = kept ? 1 : 0;
                // P(m) = product over units of (1 - dropProb) if kept, dropProb if dropped
                probability *= kept ? 1 - dropProb : dropProb;
            }
            Tensor term = network.apply(times(x, Tensor.of(m))).times(probability);
            sum = sum == null ? term : sum.plus(term);
        }
        return sum;
    }

    /** The average of the network's outputs over {@code numMasks} random masks (a Monte Carlo estimate). */
    public static Tensor sampledAverage(Function<Tensor, Tensor> network, Tensor x, double dropProb, int numMasks,
                                        Random rng) {
        Dropout.checkDropProb(dropProb, "DropoutEnsemble.sampledAverage");
        x.requireShape("DropoutEnsemble.sampledAverage (x)", -1, -1);
        if (numMasks < 1) {
            throw new IllegalArgumentException("DropoutEnsemble.sampledAverage: numMasks must be at least 1, got " + numMasks);
        }
        Tensor sum = null;
        for (int s = 0; s < numMasks; s++) {
            Tensor mask = Dropout.sampleMask(rng, dropProb, x.cols());
            Tensor out = network.apply(times(x, mask));
            sum = sum == null ? out : sum.plus(out);
        }
        return sum.times(1.0 / numMasks);
    }

    /** The lecture's test-time network: no dropout, the weights times (1 - dropProb), i.e. network((1 - dropProb) x). */
    public static Tensor scaledNetwork(Function<Tensor, Tensor> network, Tensor x, double dropProb) {
        Dropout.checkDropProb(dropProb, "DropoutEnsemble.scaledNetwork");
        return network.apply(x.times(1 - dropProb));
    }

    /**
     * How the sampled ensemble average approaches the scaled network as the number of masks grows: one row per
     * count with columns {@code masks}, {@code maxAbsDifference} (largest |average - scaled| over the
     * outputs). For a linear layer the difference goes to 0 like 1 / sqrt(masks).
     */
    public static Table convergenceTable(Function<Tensor, Tensor> network, Tensor x, double dropProb, int[] maskCounts,
                                         long seed) {
        Tensor scaled = scaledNetwork(network, x, dropProb);
        IntColumn masks = IntColumn.create("masks");
        DoubleColumn difference = DoubleColumn.create("maxAbsDifference");
        for (int count : maskCounts) {
            Tensor average = sampledAverage(network, x, dropProb, count, new Random(seed));
            masks.append(count);
            difference.append(maxAbsDifference(average, scaled));
        }
        return Table.create("Sampled dropout ensemble vs scaled network", masks, difference);
    }

    /** The largest |a - b| over matching elements. */
    public static double maxAbsDifference(Tensor a, Tensor b) {
        return a.minus(b).map(Math::abs).max();
    }

    /** Each row of x [N, D] times the row mask [D]. */
    private static Tensor times(Tensor x, Tensor rowMask) {
        double[] out = x.toArray();
        int d = x.cols();
        for (int i = 0; i < out.length; i++) {
            out[i] *= rowMask.get(i % d);
        }
        return Tensor.wrap(out, x.shape());
    }
}
