package dlcourse.rnn;

import dlcourse.check.GradientCheck;
import dlcourse.nn.Parameter;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.function.Executable;

/** Gradient checks shared by the recurrent cells' tests: the loss is L = sum over t of sum(h_t * G_t). */
final class RecurrentChecks {
    private RecurrentChecks() {}

    static List<Tensor> randomSteps(Random rng, int steps, int n, int d) {
        List<Tensor> out = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            out.add(Tensor.randn(rng, 1, n, d));
        }
        return out;
    }

    /** L = sum over t of sum(h_t * G_t). */
    static double loss(List<Tensor> hs, List<Tensor> upstream) {
        double sum = 0;
        for (int t = 0; t < hs.size(); t++) {
            sum += hs.get(t).times(upstream.get(t)).sum();
        }
        return sum;
    }

    /** One executable per parameter and one for dX, for assertAll: each compares backward with central differences. */
    static List<Executable> gradientChecks(Recurrent cell, Tensor x, List<Tensor> upstream) {
        List<Executable> checks = new ArrayList<>();
        Function<Tensor, Tensor> forward = cell::forward;
        Tensor upstreamJoined = Sequences.join(upstream);
        cell.forward(x);
        Tensor dX = cell.backward(upstreamJoined);
        checks.add(() -> GradientCheck.assertBackward(cell.describe() + " dX", forward, x, upstreamJoined, dX));
        for (Parameter p : cell.parameters()) {
            Tensor analytic = p.grad();
            Tensor saved = p.value();
            checks.add(() -> {
                try {
                    GradientCheck.assertGradient(cell.describe() + " d" + p.name(), value -> {
                        p.setValue(value);
                        return loss(cell.forwardSequence(Sequences.split(x)), upstream);
                    }, saved, analytic);
                } finally {
                    p.setValue(saved);
                }
            });
        }
        return checks;
    }
}
