package dlcourse.nn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.data.Dataset;
import dlcourse.data.ToySets;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The Trainer's hooks on models other than autoencoders: weight decay, fitSteps, beforeUpdate, stopWhen. */
class TrainerHooksTest {

    /** Records the gradients it is given and leaves the values alone. */
    private static final class Recording implements Optimizer {
        final List<Tensor> gradients = new ArrayList<>();

        @Override
        public void step(List<Parameter> parameters) {
            gradients.clear();
            parameters.forEach(p -> gradients.add(p.grad().times(1.0)));
        }

        @Override
        public double learningRate() {
            return 0;
        }
    }

    @Test
    @DisplayName("weight decay through the Trainer on an Mlp: dW passes the gradient check of loss + decay")
    void weightDecayOnMlp() {
        Dataset data = ToySets.xor(12, 0.2, 3);
        Dense first = new Dense(2, 5, new Random(1));
        Mlp net = Mlp.of(first, new Tanh(), new Dense(5, 2, new Random(2)));
        Recording rec = new Recording();
        new Trainer(net, new SoftmaxCrossEntropy(), rec).penalty(Penalty.weightDecay(0.3, List.of(first.W())))
                .epochs(1).batchSize(12).shuffle(false).progress(ProgressListener.silent()).fit(data);
        Tensor saved = first.W().value();
        Tensor analytic = rec.gradients.get(0);
        try {
            GradientCheck.assertGradient("dW with decay", w -> {
                first.W().setValue(w);
                SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
                return loss.forward(net.forward(data.x()), data.oneHot()) + 0.15 * w.squaredNorm();
            }, saved, analytic);
        } finally {
            first.W().setValue(saved);
        }
    }

    @Test
    @DisplayName("a penalty that reads an activation needs a model that exposes it; the message says so")
    void activationNeedsModel() {
        Mlp net = Mlp.dense(new Random(1), Tanh::new, 2, 3, 2);
        Penalty onHidden = new Penalty() {
            @Override
            public String activation() {
                return "hidden";
            }

            @Override
            public double value(Tensor a) {
                return 0;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(0.1)).penalty(onHidden));
        assertTrue(e.getMessage().contains("HiddenActivations"), e.getMessage());
    }

    /** Fits y = 3 x by one weight w, loss (w x - y)^2 averaged over the batch. */
    private static final class Line implements Objective<double[]> {
        final Parameter w = new Parameter("w", Tensor.of(0.0));

        @Override
        public double lossAndGradients(double[] xs) {
            double wv = w.value().get(0);
            double loss = 0;
            double grad = 0;
            for (double x : xs) {
                double r = wv * x - 3 * x;
                loss += r * r / xs.length;
                grad += 2 * r * x / xs.length;
            }
            w.setGrad(Tensor.of(grad));
            return loss;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(w);
        }
    }

    @Test
    @DisplayName("fitSteps trains an Objective on generated batches, runs beforeUpdate hooks and stops when told")
    void fitSteps() {
        Line line = new Line();
        Random rng = new Random(4);
        int[] hookCalls = {0};
        Table steps = new Trainer(new Sgd(0.1)).maxSteps(500)
                .beforeUpdate(ps -> hookCalls[0]++)
                .stopWhen(10, () -> Math.abs(line.w.value().get(0) - 3) < 1e-3)
                .progress(ProgressListener.silent())
                .fitSteps(line, () -> new double[] {rng.nextDouble(), rng.nextDouble()});
        int n = steps.rowCount();
        assertAll(
                () -> assertEquals(3, line.w.value().get(0), 1e-3),
                () -> assertTrue(n < 500 && n % 10 == 0, "stopped at a multiple of 10 before the budget: " + n),
                () -> assertEquals(n, hookCalls[0]),
                () -> assertTrue(steps.doubleColumn("loss").get(n - 1) < steps.doubleColumn("loss").get(0)));
    }

    @Test
    @DisplayName("fitSteps stops with TrainingDivergedException when the objective's loss is NaN")
    void fitStepsNaN() {
        Objective<Integer> bad = new Objective<>() {
            final Parameter p = new Parameter("p", Tensor.of(1.0));

            @Override
            public double lossAndGradients(Integer batch) {
                p.setGrad(Tensor.of(0.0));
                return batch < 3 ? 1.0 : Double.NaN;
            }

            @Override
            public List<Parameter> parameters() {
                return List.of(p);
            }
        };
        int[] next = {0};
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(new Sgd(0.1)).maxSteps(10).progress(ProgressListener.silent())
                        .fitSteps(bad, () -> next[0]++));
        assertAll(
                () -> assertEquals(4, e.step()),
                () -> assertTrue(e.getMessage().contains("NaN"), e.getMessage()));
    }

    @Test
    @DisplayName("a trainer made with an optimizer only refuses fit, by name")
    void optimizerOnly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Trainer(new Sgd(0.1)).fit(ToySets.xor(8, 0.1, 1)));
        assertTrue(e.getMessage().contains("fitSteps"), e.getMessage());
    }
}
