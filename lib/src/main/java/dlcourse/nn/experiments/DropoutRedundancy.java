package dlcourse.nn.experiments;

import dlcourse.data.Batches;
import dlcourse.data.Dataset;
import dlcourse.nn.Dense;
import dlcourse.nn.Dropout;
import dlcourse.nn.Mlp;
import dlcourse.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * Does dropout build redundancy into the hidden units? Knock out k units of a trained network's first hidden layer
 * (their output forced to 0) and measure the test accuracy that is left, averaged over random choices of the k units.
 * A network trained with dropout has learned to work with units missing, so its accuracy should fall more slowly.
 * Taught in notebook {@code 07-dropout}, section "Dropout builds redundancy".
 */
public final class DropoutRedundancy {
    private DropoutRedundancy() {}

    /**
     * The test accuracy of {@code network} (an {@link Mlp} whose first layer is a {@link Dense} layer followed by
     * its activation) with {@code k} of the first hidden layer's H units knocked out, averaged over {@code draws}
     * random choices of the units. The network's weights are restored afterwards.
     */
    public static double accuracyWithout(Mlp network, Dataset test, int k, int draws, long seed) {
        if (!(network.layers().get(0) instanceof Dense first)) {
            throw new IllegalArgumentException("DropoutRedundancy: the network's first layer must be Dense, got "
                    + network.layers().get(0).describe());
        }
        int numHidden = first.outputs();
        if (k < 0 || k > numHidden) {
            throw new IllegalArgumentException("DropoutRedundancy: k must be between 0 and H = " + numHidden
                    + ", got " + k);
        }
        if (draws < 1) {
            throw new IllegalArgumentException("DropoutRedundancy: draws must be positive, got " + draws);
        }
        Tensor W = first.W().value();
        Tensor b = first.b().value();
        Random rng = new Random(seed);
        double sum = 0;
        try {
            for (int d = 0; d < draws; d++) {
                int[] knocked = Arrays.copyOf(Batches.permutation(numHidden, rng), k);
                first.W().setValue(withoutUnits(W, knocked));
                first.b().setValue(withoutUnits(b.reshape(1, numHidden), knocked).reshape(numHidden));
                sum += accuracy(network, test);
            }
        } finally {
            first.W().setValue(W);
            first.b().setValue(b);
        }
        return sum / draws;
    }

    /** W [D, H] with the columns of the given units set to 0: those units' pre-activations are 0, so ReLU gives 0. */
    static Tensor withoutUnits(Tensor W, int[] units) {
        double[][] rows = W.toArray2d();
        for (double[] row : rows) {
            for (int j : units) {
                row[j] = 0;
            }
        }
        return Tensor.of(rows);
    }

    private static double accuracy(Mlp network, Dataset test) {
        network.setTraining(false);
        try {
            int[] guess = network.forward(test.x()).argmaxRows();
            int[] labels = test.labels();
            int correct = 0;
            for (int i = 0; i < guess.length; i++) {
                correct += guess[i] == labels[i] ? 1 : 0;
            }
            return (double) correct / labels.length;
        } finally {
            network.setTraining(true);
        }
    }
}
