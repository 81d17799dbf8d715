package dlcourse.autoencoder;

import dlcourse.nn.Optimizer;
import dlcourse.nn.Penalty;
import dlcourse.nn.Trainer;
import java.util.ArrayList;
import java.util.List;
import dlcourse.tensor.Tensor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A sparse autoencoder: an {@link Autoencoder} trained with a penalty that keeps most hidden activations near
 * 0, so that even with many hidden units it cannot simply copy its input. Taught in notebook
 * {@code 05-autoencoder-variants}, section "Sparse autoencoder". The lecture's objective is
 * <pre>
 * min over theta of  sum_i ( ||h_theta(x_i) - x_i||^2 + lambda sum_j |a_j^(i)| )
 * </pre>
 * and UFLDL's replaces the L1 term by beta sum_j KL(rho || rhoHat_j), adds weight decay on W and W', and puts a
 * 1/2 in front of the squared error (its defaults rho, beta and lambda were tuned for that size):
 * <pre>
 * (1/N) sum_i 1/2 ||h_theta(x_i) - x_i||^2 + beta sum_j KL(rho || rhoHat_j) + (lambda / 2)(||W||^2 + ||W'||^2)
 * </pre>
 * The penalties and their gradients are in {@link SparsityPenalty}; {@link #trainStep} shows where each
 * gradient enters the backward pass, and {@link #penalties} gives them to a {@link Trainer} ({@link #trainer}),
 * which adds them at the same places.
 */
public final class SparseAutoencoder {

    /** Which sparsity penalty is used. */
    public enum Kind { L1, KL }

    /**
     * The parts of the objective at one training step, before the update: the reconstruction error, the
     * sparsity penalty and the value of the weight decay term (0 for the L1 form).
     */
    public record Step(double reconstruction, double sparsity, double weightDecay) {
        public double total() {
            return reconstruction + sparsity + weightDecay;
        }
    }

    private final Autoencoder autoencoder;
    private final Kind kind;
    private final double lambda;
    private final double rho;
    private final double beta;
    /** The weight decay coefficient lambda of UFLDL's (lambda / 2)(||W||^2 + ||W'||^2). */
    private final double decayLambda;
    private final ReconstructionLoss loss;

    private SparseAutoencoder(Autoencoder autoencoder, Kind kind, double lambda, double rho, double beta,
                              double decayLambda, ReconstructionLoss loss) {
        this.autoencoder = autoencoder;
        this.kind = kind;
        this.lambda = lambda;
        this.rho = rho;
        this.beta = beta;
        this.decayLambda = decayLambda;
        this.loss = loss;
    }

    /**
     * The lecture's form: squared error (1/N) sum_i ||z_i - x_i||^2, no 1/2, plus lambda sum_j |a_j| per example.
     * lambda must be at least 0.
     */
    public static SparseAutoencoder l1(Autoencoder autoencoder, double lambda) {
        requireNonNegative("l1", "lambda", lambda);
        return new SparseAutoencoder(autoencoder, Kind.L1, lambda, 0, 0, 0, ReconstructionLoss.SQUARED_ERROR);
    }

    /**
     * UFLDL's form: the half squared error (1/N) sum_i 1/2 ||z_i - x_i||^2
     * ({@link ReconstructionLoss#HALF_SQUARED_ERROR}, the loss UFLDL's defaults were tuned for) plus
     * beta sum_j KL(rho || rhoHat_j) plus (decayLambda / 2)(||W||^2 + ||W'||^2). rho must be in (0, 1), beta and
     * decayLambda at least 0.
     */
    public static SparseAutoencoder kl(Autoencoder autoencoder, double rho, double beta, double decayLambda) {
        if (!(rho > 0 && rho < 1)) {
            throw new IllegalArgumentException("SparseAutoencoder.kl: the target activation rho must be in (0, 1) but got " + rho);
        }
        requireNonNegative("kl", "beta", beta);
        requireNonNegative("kl", "decayLambda (the weight decay)", decayLambda);
        return new SparseAutoencoder(autoencoder, Kind.KL, 0, rho, beta, decayLambda, ReconstructionLoss.HALF_SQUARED_ERROR);
    }

    private static void requireNonNegative(String factory, String name, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException("SparseAutoencoder." + factory + ": " + name
                    + " must be a finite number >= 0 (0 turns the term off) but got " + value);
        }
    }

    /** UFLDL's form with its defaults rho = 0.01, beta = 3, weight decay 1e-4. */
    public static SparseAutoencoder klWithUfldlDefaults(Autoencoder autoencoder) {
        return kl(autoencoder, SparsityPenalty.UFLDL_RHO, SparsityPenalty.UFLDL_BETA, SparsityPenalty.UFLDL_WEIGHT_DECAY);
    }

    public Autoencoder autoencoder() {
        return autoencoder;
    }

    public Kind kind() {
        return kind;
    }

    /** The reconstruction error L_H this objective uses: SQUARED_ERROR for L1, HALF_SQUARED_ERROR for KL. */
    public ReconstructionLoss reconstructionLoss() {
        return loss;
    }

    /** The sparsity penalty of hidden activations h [N, H]. */
    public double sparsity(Tensor h) {
        return kind == Kind.L1 ? SparsityPenalty.l1(h, lambda) : SparsityPenalty.kl(h, rho, beta);
    }

    /** Its gradient with respect to h, [N, H]. */
    public Tensor sparsityGradient(Tensor h) {
        return kind == Kind.L1 ? SparsityPenalty.l1Gradient(h, lambda) : SparsityPenalty.klGradient(h, rho, beta);
    }

    /** The value of the weight decay term (lambda / 2)(||W||^2 + ||W'||^2) at the current weights. */
    public double weightDecayTerm() {
        return SparsityPenalty.weightDecay(autoencoder.W().value(), decayLambda)
                + SparsityPenalty.weightDecay(autoencoder.WPrime().value(), decayLambda);
    }

    /**
     * The objective's terms beside the reconstruction error as {@link Penalty} objects for a {@link Trainer}: the
     * sparsity penalty on the hidden code ({@link Autoencoder#HIDDEN}), then, if its lambda is above 0, the weight
     * decay on W and W'. The trainer adds them where {@link #computeGradients} does, in the same order.
     */
    public List<Penalty> penalties() {
        List<Penalty> list = new ArrayList<>();
        list.add(new Penalty() {
            @Override
            public String activation() {
                return Autoencoder.HIDDEN;
            }

            @Override
            public double value(Tensor h) {
                return sparsity(h);
            }

            @Override
            public Tensor gradient(Tensor h) {
                return sparsityGradient(h);
            }

            @Override
            public String describe() {
                return kind == Kind.L1 ? "L1 sparsity (lambda " + lambda + ")"
                        : "KL sparsity (rho " + rho + ", beta " + beta + ")";
            }
        });
        if (decayLambda > 0) {
            list.add(Penalty.weightDecay(decayLambda, List.of(autoencoder.W(), autoencoder.WPrime())));
        }
        return list;
    }

    /**
     * A {@link Trainer} of this objective: the autoencoder, its reconstruction error and {@link #penalties}. Train
     * it with {@code fitReconstruction(x)}.
     */
    public Trainer trainer(Optimizer optimizer) {
        return new Trainer(autoencoder, loss.asLoss(), optimizer).penalties(penalties());
    }

    /** The whole objective at x [N, D] without changing anything (for gradient checks and curves). */
    public Step objective(Tensor x) {
        Tensor h = autoencoder.encode(x);
        Tensor z = autoencoder.decode(h);
        return new Step(loss.loss(x, z), sparsity(h), weightDecayTerm());
    }

    /**
     * Computes the objective at x [N, D] and sets every parameter's gradient (forward and backward, no update).
     */
    public Step computeGradients(Tensor x) {
        // forward
        Tensor z = autoencoder.forward(x);
        Tensor h = autoencoder.lastCache().h();
        Step step = new Step(loss.loss(x, z), sparsity(h), weightDecayTerm());
        // backward: the sparsity gradient arrives at h beside the one coming back from the decoder
        autoencoder.backwardParameters(loss.gradient(x, z), sparsityGradient(h));
        if (decayLambda > 0) {
            // weight decay: dW += lambda W, dW' += lambda W'
            autoencoder.W().setGrad(autoencoder.W().grad().plus(
                    SparsityPenalty.weightDecayGradient(autoencoder.W().value(), decayLambda)));
            autoencoder.WPrime().setGrad(autoencoder.WPrime().grad().plus(
                    SparsityPenalty.weightDecayGradient(autoencoder.WPrime().value(), decayLambda)));
        }
        return step;
    }

    /** One gradient-descent step on a mini-batch x [N, D]: forward, backward, update. Returns the objective before it. */
    public Step trainStep(Tensor x, Optimizer optimizer) {
        Step step = computeGradients(x);
        // update
        optimizer.step(autoencoder.parameters());
        return step;
    }

    /**
     * A histogram of hidden activations h [N, H] in (0, 1), to compare a plain and a sparse autoencoder:
     * {@code bins} equal bins over [0, 1], columns model, binFrom, binTo, count, fraction. Append the tables
     * of several models to plot them together.
     */
    public static Table activationHistogram(String model, Tensor h, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("SparseAutoencoder.activationHistogram: bins must be at least 1, got " + bins);
        }
        int[] counts = new int[bins];
        for (int i = 0; i < h.size(); i++) {
            double v = h.get(i);
            int bin = (int) Math.floor(v * bins);
            counts[Math.max(0, Math.min(bins - 1, bin))]++;
        }
        StringColumn models = StringColumn.create("model");
        DoubleColumn from = DoubleColumn.create("binFrom");
        DoubleColumn to = DoubleColumn.create("binTo");
        IntColumn count = IntColumn.create("count");
        DoubleColumn fraction = DoubleColumn.create("fraction");
        for (int k = 0; k < bins; k++) {
            models.append(model);
            from.append((double) k / bins);
            to.append((double) (k + 1) / bins);
            count.append(counts[k]);
            fraction.append((double) counts[k] / h.size());
        }
        return Table.create("Hidden activations: " + model, models, from, to, count, fraction);
    }
}
