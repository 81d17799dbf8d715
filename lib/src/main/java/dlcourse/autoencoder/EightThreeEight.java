package dlcourse.autoencoder;

import dlcourse.nn.ProgressListener;
import dlcourse.nn.Sgd;
import dlcourse.nn.Trainer;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The lecture's compressed-representation example: an 8-3-8 autoencoder learns the identity on the eight
 * one-hot inputs 10000000 ... 00000001 through only three hidden units, so it has to invent a code for them.
 * After training, rounding the three hidden values gives eight distinct 3-bit patterns: the network has
 * rediscovered a binary code. Taught in notebook {@code 04-autoencoders}, section "Compressed representation".
 */
public final class EightThreeEight {
    private EightThreeEight() {}

    /** The default number of full-batch gradient-descent steps. */
    public static final int DEFAULT_STEPS = 20_000;
    /** The default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 2.0;

    /** The eight one-hot inputs as rows of an [8, 8] identity matrix. */
    public static Tensor inputs() {
        double[][] rows = new double[8][8];
        for (int i = 0; i < 8; i++) {
            rows[i][i] = 1;
        }
        return Tensor.of(rows);
    }

    /** Trains a sigmoid 8-3-8 autoencoder with the defaults. */
    public static Autoencoder train(long seed) {
        return train(seed, DEFAULT_STEPS, DEFAULT_LEARNING_RATE);
    }

    /** Trains a sigmoid 8-3-8 autoencoder on the eight inputs with squared error, full-batch gradient descent. */
    public static Autoencoder train(long seed, int steps, double learningRate) {
        if (steps < 0) {
            throw new IllegalArgumentException("EightThreeEight.train: steps must be 0 or more, got " + steps);
        }
        Autoencoder autoencoder = Autoencoder.create(8, 3, seed);
        // full-batch gradient descent: one epoch is one step on all eight inputs, in order
        new Trainer(autoencoder, ReconstructionLoss.SQUARED_ERROR.asLoss(), new Sgd(learningRate))
                .epochs(steps).batchSize(8).shuffle(false).progress(ProgressListener.silent())
                .fitReconstruction(inputs());
        return autoencoder;
    }

    /** The hidden values h [8, 3] of the eight inputs. */
    public static Tensor hiddenValues(Autoencoder autoencoder) {
        return autoencoder.encode(inputs());
    }

    /** The rounded hidden values of each input as a 3-bit pattern such as "101", in input order. */
    public static List<String> codes(Autoencoder autoencoder) {
        Tensor h = hiddenValues(autoencoder);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < h.rows(); i++) {
            codes.add(bits(h.row(i)));
        }
        return codes;
    }

    /**
     * The lecture's table: for each input, its hidden values (to two decimals), the rounded code and the
     * rounded output. Columns: input, h1, h2, h3, code, output.
     */
    public static Table hiddenValueTable(Autoencoder autoencoder) {
        Tensor x = inputs();
        Tensor h = autoencoder.encode(x);
        Tensor z = autoencoder.decode(h);
        StringColumn input = StringColumn.create("input");
        List<DoubleColumn> hidden = new ArrayList<>();
        for (int j = 0; j < h.cols(); j++) {
            hidden.add(DoubleColumn.create("h" + (j + 1)));
        }
        StringColumn code = StringColumn.create("code");
        StringColumn output = StringColumn.create("output");
        for (int i = 0; i < x.rows(); i++) {
            input.append(bits(x.row(i)));
            for (int j = 0; j < h.cols(); j++) {
                hidden.get(j).append(Math.round(h.get(i, j) * 100) / 100.0);
            }
            code.append(bits(h.row(i)));
            output.append(bits(z.row(i)));
        }
        Table table = Table.create("8-3-8 autoencoder: learned hidden values").addColumns(input);
        hidden.forEach(table::addColumns);
        return table.addColumns(code, output);
    }

    /** The values of a row rounded to 0 or 1 and written as a bit string. */
    private static String bits(Tensor row) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < row.size(); k++) {
            sb.append(row.get(k) >= 0.5 ? '1' : '0');
        }
        return sb.toString();
    }
}
