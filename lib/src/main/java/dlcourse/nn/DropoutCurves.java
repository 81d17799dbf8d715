package dlcourse.nn;

import dlcourse.data.Dataset;
import java.util.Random;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Learning curves with and without dropout on a small training set, where a network without dropout
 * overfits: the training loss keeps falling while the test loss turns up. Taught in notebook
 * {@code 07-dropout}, section "Dropout against overfitting".
 */
public final class DropoutCurves {
    private DropoutCurves() {}

    /**
     * A ReLU network D -> H -> H -> K with a {@link Dropout} layer (inverted, so test mode needs no change)
     * after each hidden layer; dropProb 0 gives the same network without dropout.
     */
    public static Mlp network(int numInputs, int numHidden, int numClasses, double dropProb, long seed) {
        Random rng = new Random(seed);
        return Mlp.of(
                new Dense(numInputs, numHidden, rng), new Relu(), Dropout.inverted(dropProb, seed + 1),
                new Dense(numHidden, numHidden, rng), new Relu(), Dropout.inverted(dropProb, seed + 2),
                new Dense(numHidden, numClasses, rng));
    }

    /**
     * Trains the network twice from the same initial weights, once with dropProb 0 and once with the given
     * dropProb, and returns both histories in one tidy table: columns epoch, split, loss, accuracy, network
     * ("no dropout" or "dropout dropProb=...").
     */
    public static Table compare(Dataset train, Dataset test, int numHidden, double dropProb, int epochs,
                                double learningRate, int batchSize, long seed) {
        Table all = null;
        for (double runDropProb : new double[] {0, dropProb}) {
            Mlp net = network(train.x().cols(), numHidden, train.numClasses(), runDropProb, seed);
            Table history = new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(learningRate))
                    .epochs(epochs).batchSize(batchSize).seed(seed).progress(ProgressListener.silent()).fit(train, test);
            String name = runDropProb == 0 ? "no dropout" : "dropout dropProb=" + runDropProb;
            String[] names = new String[history.rowCount()];
            java.util.Arrays.fill(names, name);
            history.addColumns(StringColumn.create("network", names));
            all = all == null ? history : all.append(history);
        }
        return all.setName("Learning curves with and without dropout");
    }
}
