package dlcourse.autoencoder;

import dlcourse.nn.ProgressListener;
import dlcourse.nn.Sgd;
import dlcourse.nn.Trainer;
import dlcourse.tensor.Tensor;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The bottleneck autoencoder: fewer hidden units than inputs, so it must learn a compressed representation
 * instead of the identity. Training helpers and the experiment "reconstruction error vs number of hidden
 * units" for notebook {@code 04-autoencoders}, sections "Reconstructions" and "How small can the code be?".
 */
public final class Bottleneck {
    private Bottleneck() {}

    /**
     * Trains a sigmoid autoencoder D -> numHidden -> D on x [N, D] with mini-batch SGD and the squared error;
     * returns it after the given number of epochs. The seed starts one random stream: the initial weights are
     * seeded with its first {@code nextLong()}, and the batch order draws from it after that.
     */
    public static Autoencoder train(Tensor x, int numHidden, int epochs, double learningRate, int batchSize, long seed) {
        x.requireShape("Bottleneck.train (x is [N, D])", -1, -1);
        // one stream from the seed: the weights get its first number, the batch order the rest
        Random rng = new Random(seed);
        Autoencoder ae = Autoencoder.create(x.cols(), numHidden, rng.nextLong());
        new Trainer(ae, ReconstructionLoss.SQUARED_ERROR.asLoss(), new Sgd(learningRate))
                .epochs(epochs).batchSize(batchSize).batchOrder(rng).progress(ProgressListener.silent())
                .fitReconstruction(x);
        return ae;
    }

    /** The mean squared reconstruction error (1/N) sum_i ||z_i - x_i||^2 of an autoencoder on x [N, D]. */
    public static double reconstructionError(Autoencoder ae, Tensor x) {
        return ReconstructionLoss.SQUARED_ERROR.loss(x, ae.decode(ae.encode(x)));
    }

    /**
     * Trains one autoencoder per hidden-unit count and measures its reconstruction error on the training and
     * the test inputs. Columns: hiddenUnits, trainError, testError.
     */
    public static Table errorByHiddenUnits(Tensor train, Tensor test, int[] hiddenCounts, int epochs,
                                           double learningRate, int batchSize, long seed) {
        IntColumn hidden = IntColumn.create("hiddenUnits");
        DoubleColumn trainError = DoubleColumn.create("trainError");
        DoubleColumn testError = DoubleColumn.create("testError");
        for (int h : hiddenCounts) {
            Autoencoder ae = train(train, h, epochs, learningRate, batchSize, seed);
            hidden.append(h);
            trainError.append(reconstructionError(ae, train));
            testError.append(reconstructionError(ae, test));
        }
        return Table.create("Reconstruction error vs hidden units", hidden, trainError, testError);
    }
}
