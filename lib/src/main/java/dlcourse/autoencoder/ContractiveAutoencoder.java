package dlcourse.autoencoder;

import dlcourse.nn.Optimizer;
import dlcourse.nn.Penalty;
import dlcourse.nn.ProgressListener;
import dlcourse.nn.Sgd;
import dlcourse.nn.Trainer;
import dlcourse.tensor.Tensor;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A contractive autoencoder: trained with a penalty on the encoder's sensitivity, the squared Frobenius norm
 * of its Jacobian ||J_f(x)||_F^2, so that the hidden code changes little as the input moves. Taught in
 * notebook {@code 05-autoencoder-variants}, section "Contractive autoencoder".
 *
 * <p>For the sigmoid encoder h = s(xW + b), W [D, H], the Jacobian has entries
 * dh_j / dx_i = h_j (1 - h_j) W_ij, so its norm has a closed form:
 * <pre>
 * ||J_f(x)||_F^2 = sum_j (h_j (1 - h_j))^2 sum_i W_ij^2
 * </pre>
 * The penalty is lambda times its average over the batch, and with g = h (1 - h) [N, H] and
 * c_j = sum_i W_ij^2 its gradients are
 * <pre>
 * dP/dW = (lambda / N) [ 2 W * (sum_n g_nj^2 on every row) + x^T (2 c_j g^2 (1 - 2h)) ]
 * dP/db = (lambda / N) sum_n 2 c_j g_nj^2 (1 - 2 h_nj)
 * </pre>
 * For a {@link Trainer} the penalty splits by where it depends on the network ({@link #contraction}): through the
 * code h, dP/dh_nj = (lambda / N) 2 c_j g_nj (1 - 2 h_nj), which the encoder's backward pass multiplies by
 * h (1 - h) = g and turns into the x^T (...) part of dP/dW and into dP/db; and directly through c_j, the
 * 2 W * (sum_n g_nj^2) part of dP/dW.
 */
public final class ContractiveAutoencoder {

    /** The parts of the objective at one training step, before the update. */
    public record Step(double reconstruction, double contraction) {
        public double total() {
            return reconstruction + contraction;
        }
    }

    private final Autoencoder autoencoder;
    private final double lambda;
    private final ReconstructionLoss loss;

    /** An autoencoder trained with loss + lambda * mean ||J_f(x)||_F^2. */
    public ContractiveAutoencoder(Autoencoder autoencoder, double lambda, ReconstructionLoss loss) {
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("ContractiveAutoencoder: lambda must be >= 0 but got " + lambda);
        }
        this.autoencoder = autoencoder;
        this.lambda = lambda;
        this.loss = loss;
    }

    public Autoencoder autoencoder() {
        return autoencoder;
    }

    // ------------------------------------------------------------------------- the penalty

    /** The encoder's Jacobian at one example x [D] (or [1, D]): [H, D], entry [j, i] = h_j (1 - h_j) W_ij. */
    public static Tensor jacobian(Autoencoder autoencoder, Tensor x) {
        Tensor h = autoencoder.encode(x.reshape(1, -1));
        // dh_j / dx_i = h_j (1 - h_j) W_ij: row j of W^T scaled by h_j (1 - h_j)
        Tensor g = h.reshape(-1).map(v -> v * (1 - v));
        return autoencoder.W().value().transpose().scaleRows(g);
    }

    /** ||J_f(x_n)||_F^2 for each example: [N], from the hidden values h [N, H] and W [D, H]. */
    public static Tensor jacobianNormSquared(Tensor h, Tensor W) {
        h.requireShape("ContractiveAutoencoder.jacobianNormSquared (h is [N, H])", -1, W.cols());
        Tensor c = W.times(W).sum(0);
        // sum_j (h_j (1 - h_j))^2 c_j
        Tensor g2 = h.map(v -> v * (1 - v) * v * (1 - v));
        return g2.matmul(c.reshape(-1, 1)).reshape(-1);
    }

    /** The mean Frobenius norm ||J_f(x)||_F of the encoder over the examples of x [N, D] (its sensitivity). */
    public static double sensitivity(Autoencoder autoencoder, Tensor x) {
        Tensor norms2 = jacobianNormSquared(autoencoder.encode(x), autoencoder.W().value());
        return norms2.map(Math::sqrt).mean();
    }

    /** The penalty lambda (1/N) sum_n ||J_f(x_n)||_F^2. */
    public static double penalty(Tensor h, Tensor W, double lambda) {
        return lambda * jacobianNormSquared(h, W).mean();
    }

    /** dP/dW [D, H] for the inputs x [N, D] and their hidden values h [N, H]. */
    public static Tensor penaltyGradientW(Tensor x, Tensor h, Tensor W, double lambda) {
        x.requireShape("ContractiveAutoencoder.penaltyGradientW (x is [N, D])", h.rows(), W.rows());
        int n = x.rows();
        Tensor c = W.times(W).sum(0);
        Tensor g2 = h.map(v -> v * (1 - v) * v * (1 - v));
        // 2 W * (sum_n g_nj^2), the same factor on every row of W
        Tensor direct = W.times(Tensor.zeros(W.shape()).plusRow(g2.sum(0))).times(2);
        // x^T (2 c_j g^2 (1 - 2h)): through h's dependence on W
        Tensor throughH = x.transpose().matmul(throughHiddenFactor(h, c));
        return direct.plus(throughH).times(lambda / n);
    }

    /** dP/db [H]. */
    public static Tensor penaltyGradientB(Tensor h, Tensor W, double lambda) {
        Tensor c = W.times(W).sum(0);
        return throughHiddenFactor(h, c).sum(0).times(lambda / h.rows());
    }

    /** 2 c_j g_nj^2 (1 - 2 h_nj), the derivative of g_nj^2 c_j through the pre-activation: [N, H]. */
    private static Tensor throughHiddenFactor(Tensor h, Tensor c) {
        Tensor perExample = h.map(v -> 2 * v * (1 - v) * v * (1 - v) * (1 - 2 * v));
        return perExample.times(Tensor.zeros(h.shape()).plusRow(c));
    }

    // ------------------------------------------------------------------------- training

    /**
     * The contraction penalty lambda (1/N) sum_n ||J_f(x_n)||_F^2 as a {@link Penalty} on the code
     * ({@link Autoencoder#HIDDEN}): gradient (lambda / N) 2 c_j g (1 - 2h) at h, and the direct part
     * (lambda / N) 2 W * (sum_n g_nj^2) on W.
     */
    public Penalty contraction() {
        return new Penalty() {
            @Override
            public String activation() {
                return Autoencoder.HIDDEN;
            }

            @Override
            public double value(Tensor h) {
                return penalty(h, autoencoder.W().value(), lambda);
            }

            @Override
            public Tensor gradient(Tensor h) {
                Tensor c = autoencoder.W().value().times(autoencoder.W().value()).sum(0);
                // d/dh_nj of (lambda / N) c_j (h_nj (1 - h_nj))^2 = (lambda / N) 2 c_j g_nj (1 - 2 h_nj)
                Tensor perExample = h.map(v -> 2 * v * (1 - v) * (1 - 2 * v));
                return perExample.times(Tensor.zeros(h.shape()).plusRow(c)).times(lambda / h.rows());
            }

            @Override
            public void addParameterGradients(Tensor h) {
                Tensor W = autoencoder.W().value();
                Tensor g2 = h.map(v -> v * (1 - v) * v * (1 - v));
                // through c_j = sum_i W_ij^2: (lambda / N) 2 W * (sum_n g_nj^2) on every row
                Tensor direct = W.times(Tensor.zeros(W.shape()).plusRow(g2.sum(0))).times(2 * lambda / h.rows());
                autoencoder.W().setGrad(autoencoder.W().grad().plus(direct));
            }

            @Override
            public String describe() {
                return "contraction (lambda " + lambda + ")";
            }
        };
    }

    /**
     * A {@link Trainer} of this objective: the autoencoder, its reconstruction error and {@link #contraction}.
     * Train it with {@code fitReconstruction(x)}.
     */
    public Trainer trainer(Optimizer optimizer) {
        return new Trainer(autoencoder, loss.asLoss(), optimizer).penalty(contraction());
    }

    /** The objective at x [N, D] without changing anything. */
    public Step objective(Tensor x) {
        Tensor h = autoencoder.encode(x);
        return new Step(loss.loss(x, autoencoder.decode(h)), penalty(h, autoencoder.W().value(), lambda));
    }

    /** Computes the objective at x and sets every parameter's gradient (no update). */
    public Step computeGradients(Tensor x) {
        // forward
        Tensor z = autoencoder.forward(x);
        Tensor h = autoencoder.lastCache().h();
        Tensor W = autoencoder.W().value();
        Step step = new Step(loss.loss(x, z), penalty(h, W, lambda));
        // backward: the reconstruction's gradients, then the penalty's on the encoder's W and b
        autoencoder.backwardParameters(loss.gradient(x, z), null);
        autoencoder.W().setGrad(autoencoder.W().grad().plus(penaltyGradientW(x, h, W, lambda)));
        autoencoder.b().setGrad(autoencoder.b().grad().plus(penaltyGradientB(h, W, lambda)));
        return step;
    }

    /** One gradient-descent step on x [N, D]; returns the objective before the update. */
    public Step trainStep(Tensor x, Optimizer optimizer) {
        Step step = computeGradients(x);
        // update
        optimizer.step(autoencoder.parameters());
        return step;
    }

    // ------------------------------------------------------------------------- plain vs contractive

    /**
     * Trains a plain and a contractive autoencoder D -> numHidden -> D from the same initial weights with the
     * same mini-batches, then measures both on the test inputs. Columns: model, lambda, reconstructionError
     * (squared error), sensitivity (mean ||J_f(x)||_F). The seed starts one random stream: the initial weights
     * of both are seeded with its first {@code nextLong()}, the batch order of both with its second.
     */
    public static Table compareSensitivity(Tensor train, Tensor test, int numHidden, double lambda, int epochs,
                                           double learningRate, int batchSize, long seed) {
        StringColumn model = StringColumn.create("model");
        DoubleColumn lambdas = DoubleColumn.create("lambda");
        DoubleColumn error = DoubleColumn.create("reconstructionError");
        DoubleColumn sensitivity = DoubleColumn.create("sensitivity");
        // one stream from the seed; both models share its first number (initial weights) and second (batch order)
        Random seeds = new Random(seed);
        long weightSeed = seeds.nextLong();
        long batchSeed = seeds.nextLong();
        for (double runLambda : new double[] {0, lambda}) {
            ContractiveAutoencoder cae = new ContractiveAutoencoder(Autoencoder.create(train.cols(), numHidden, weightSeed),
                    runLambda, ReconstructionLoss.SQUARED_ERROR);
            cae.trainer(new Sgd(learningRate)).epochs(epochs).batchSize(batchSize).seed(batchSeed)
                    .progress(ProgressListener.silent()).fitReconstruction(train);
            model.append(runLambda == 0 ? "plain" : "contractive");
            lambdas.append(runLambda);
            error.append(Bottleneck.reconstructionError(cae.autoencoder(), test));
            sensitivity.append(sensitivity(cae.autoencoder(), test));
        }
        return Table.create("Encoder sensitivity, plain vs contractive", model, lambdas, error, sensitivity);
    }
}
