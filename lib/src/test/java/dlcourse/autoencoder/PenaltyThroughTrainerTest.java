package dlcourse.autoencoder;

import static dlcourse.autoencoder.ParameterCheck.assertParameterGradient;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.data.Batches;
import dlcourse.nn.Optimizer;
import dlcourse.nn.Parameter;
import dlcourse.nn.ProgressListener;
import dlcourse.nn.Sgd;
import dlcourse.nn.Trainer;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * The penalty hook of {@link Trainer}: the gradients a Trainer step computes for a sparse and a contractive
 * autoencoder are checked numerically against the whole objective, and against the hand-written step.
 */
class PenaltyThroughTrainerTest {
    private final Tensor x = Tensor.uniform(new Random(11), 0, 1, 5, 6);

    /** An optimizer that keeps a copy of each gradient it is given and leaves the values alone. */
    private static final class Recording implements Optimizer {
        final List<Tensor> gradients = new ArrayList<>();

        @Override
        public void step(List<Parameter> parameters) {
            gradients.clear();
            for (Parameter p : parameters) {
                gradients.add(p.grad().times(1.0));
            }
        }

        @Override
        public double learningRate() {
            return 0;
        }
    }

    /** One full-batch Trainer step on x with the given trainer; returns the gradients of W, b, W', b'. */
    private static List<Tensor> oneStep(Trainer trainer, Recording recording, Tensor x) {
        Table history = trainer.epochs(1).batchSize(x.rows()).shuffle(false).progress(ProgressListener.silent())
                .fitReconstruction(x);
        assertEquals(1, history.rowCount());
        assertEquals(4, recording.gradients.size());
        return recording.gradients;
    }

    private static void assertAllGradients(Autoencoder ae, DoubleSupplier objective, List<Tensor> g) {
        assertAll(
                () -> assertParameterGradient("dW", ae.W(), objective, g.get(0)),
                () -> assertParameterGradient("db", ae.b(), objective, g.get(1)),
                () -> assertParameterGradient("dW'", ae.WPrime(), objective, g.get(2)),
                () -> assertParameterGradient("db'", ae.bPrime(), objective, g.get(3)));
    }

    @Test
    @DisplayName("KL sparsity + weight decay through the Trainer: every gradient passes the gradient check")
    void klSparse() {
        SparseAutoencoder sparse = SparseAutoencoder.kl(Autoencoder.create(6, 4, 2), 0.1, 3, 1e-2);
        Recording rec = new Recording();
        List<Tensor> g = oneStep(sparse.trainer(rec), rec, x);
        assertAllGradients(sparse.autoencoder(), () -> sparse.objective(x).total(), g);
    }

    @Test
    @DisplayName("L1 sparsity through the Trainer: every gradient passes the gradient check")
    void l1Sparse() {
        SparseAutoencoder sparse = SparseAutoencoder.l1(Autoencoder.create(6, 4, 2), 0.05);
        Recording rec = new Recording();
        List<Tensor> g = oneStep(sparse.trainer(rec), rec, x);
        assertAllGradients(sparse.autoencoder(), () -> sparse.objective(x).total(), g);
    }

    @Test
    @DisplayName("the contraction penalty through the Trainer: every gradient passes the gradient check")
    void contractive() {
        ContractiveAutoencoder cae = new ContractiveAutoencoder(Autoencoder.create(6, 4, 2), 0.5,
                ReconstructionLoss.SQUARED_ERROR);
        Recording rec = new Recording();
        List<Tensor> g = oneStep(cae.trainer(rec), rec, x);
        assertAllGradients(cae.autoencoder(), () -> cae.objective(x).total(), g);
    }

    @Test
    @DisplayName("the contraction penalty entering at h gives the closed-form dP/dW and dP/db")
    void contractiveMatchesClosedForm() {
        Autoencoder ae = Autoencoder.create(6, 4, 2);
        Recording withPenalty = new Recording();
        List<Tensor> g = new ArrayList<>(oneStep(new ContractiveAutoencoder(ae, 0.5, ReconstructionLoss.SQUARED_ERROR)
                .trainer(withPenalty), withPenalty, x));
        Recording plain = new Recording();
        List<Tensor> g0 = oneStep(new ContractiveAutoencoder(ae, 0, ReconstructionLoss.SQUARED_ERROR).trainer(plain),
                plain, x);
        Tensor h = ae.encode(x);
        Tensor W = ae.W().value();
        assertAll(
                () -> assertTrue(g.get(0).minus(g0.get(0)).allClose(
                        ContractiveAutoencoder.penaltyGradientW(x, h, W, 0.5), 1e-12), "dP/dW"),
                () -> assertTrue(g.get(1).minus(g0.get(1)).allClose(
                        ContractiveAutoencoder.penaltyGradientB(h, W, 0.5), 1e-12), "dP/db"),
                () -> assertTrue(g.get(2).allClose(g0.get(2), 0), "the decoder does not see the penalty"));
    }

    @Test
    @DisplayName("the history's loss is the whole objective: reconstruction plus every penalty")
    void historyIncludesPenalties() {
        SparseAutoencoder sparse = SparseAutoencoder.kl(Autoencoder.create(6, 4, 2), 0.1, 3, 1e-2);
        double expected = sparse.objective(x).total();
        Recording rec = new Recording();
        Table history = sparse.trainer(rec).epochs(1).batchSize(5).shuffle(false)
                .progress(ProgressListener.silent()).fitReconstruction(x);
        assertAll(
                () -> assertEquals(expected, Trainer.last(history, "train", "loss"), 1e-12),
                () -> assertTrue(sparse.objective(x).sparsity() > 0.1, "the penalty is not negligible here"),
                () -> assertTrue(Double.isNaN(Trainer.last(history, "train", "accuracy")), "no class, no accuracy"));
    }

    @Test
    @DisplayName("training a sparse autoencoder through the Trainer repeats the hand-written loop exactly")
    void sameAsHandLoop() {
        Tensor data = Tensor.uniform(new Random(4), 0, 1, 23, 6);
        SparseAutoencoder byHand = SparseAutoencoder.kl(Autoencoder.create(6, 4, 7), 0.1, 3, 1e-3);
        Random rng = new Random(3);
        Sgd sgd = new Sgd(0.5);
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int[] batch : Batches.shuffled(23, 5, rng)) {
                byHand.trainStep(data.select(batch), sgd);
            }
        }
        SparseAutoencoder trained = SparseAutoencoder.kl(Autoencoder.create(6, 4, 7), 0.1, 3, 1e-3);
        trained.trainer(new Sgd(0.5)).epochs(3).batchSize(5).seed(3).progress(ProgressListener.silent())
                .fitReconstruction(data);
        assertAll(
                () -> assertEquals(byHand.autoencoder().W().value(), trained.autoencoder().W().value()),
                () -> assertEquals(byHand.autoencoder().bPrime().value(), trained.autoencoder().bPrime().value()));
    }

    @Test
    @DisplayName("the contractive Trainer and the hand-written step train to the same weights (up to rounding)")
    void contractiveSameAsHandLoop() {
        Tensor data = Tensor.uniform(new Random(4), 0, 1, 23, 6);
        ContractiveAutoencoder byHand = new ContractiveAutoencoder(Autoencoder.create(6, 4, 7), 0.3,
                ReconstructionLoss.SQUARED_ERROR);
        Random rng = new Random(3);
        Sgd sgd = new Sgd(0.5);
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int[] batch : Batches.shuffled(23, 5, rng)) {
                byHand.trainStep(data.select(batch), sgd);
            }
        }
        ContractiveAutoencoder trained = new ContractiveAutoencoder(Autoencoder.create(6, 4, 7), 0.3,
                ReconstructionLoss.SQUARED_ERROR);
        trained.trainer(new Sgd(0.5)).epochs(3).batchSize(5).seed(3).progress(ProgressListener.silent())
                .fitReconstruction(data);
        assertTrue(byHand.autoencoder().W().value().allClose(trained.autoencoder().W().value(), 1e-12));
        assertTrue(!byHand.autoencoder().W().value().allClose(Autoencoder.create(6, 4, 7).W().value(), 1e-3),
                "training moved the weights");
    }

    @Test
    @DisplayName("a penalty on an activation the model does not have is refused by name")
    void unknownActivation() {
        SparseAutoencoder sparse = SparseAutoencoder.l1(Autoencoder.create(6, 4, 2), 0.05);
        dlcourse.nn.Penalty wrong = new dlcourse.nn.Penalty() {
            @Override
            public String activation() {
                return "h2";
            }

            @Override
            public double value(Tensor a) {
                return 0;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sparse.trainer(new Sgd(0.1)).penalty(wrong));
        assertTrue(e.getMessage().contains("'h2'") && e.getMessage().contains("[hidden]"), e.getMessage());
    }
}
