package dlcourse.rnn.tasks;

import dlcourse.nn.Optimizer;
import dlcourse.nn.Parameter;
import dlcourse.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015), the optimizer of the recurrent experiments: per parameter, running averages of
 * the gradient (m) and of its square (v), bias-corrected, and the step -learningRate m / (sqrt(v) + eps).
 * It sits here, package-private, beside the experiments that use it; the course's general optimizers
 * ({@code Sgd}, {@code Momentum}) live in {@code dlcourse.nn}, and this one could join them.
 */
final class Adam implements Optimizer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final double learningRate;
    private final Map<Parameter, Tensor> m = new IdentityHashMap<>();
    private final Map<Parameter, Tensor> v = new IdentityHashMap<>();
    private int step;

    Adam(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void step(List<Parameter> parameters) {
        step++;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (Parameter p : parameters) {
            Tensor g = p.grad();
            // m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
            Tensor mNew = m.getOrDefault(p, Tensor.zeros(g.shape())).times(BETA1).plus(g.times(1 - BETA1));
            Tensor vNew = v.getOrDefault(p, Tensor.zeros(g.shape())).times(BETA2).plus(g.times(g).times(1 - BETA2));
            m.put(p, mNew);
            v.put(p, vNew);
            // W = W - learningRate * mHat / (sqrt(vHat) + eps)
            Tensor update = mNew.times(1 / correction1)
                    .zipWith(vNew, (mHat, vRaw) -> mHat / (Math.sqrt(vRaw / correction2) + EPS), "Adam");
            p.setValue(p.value().minus(update.times(learningRate)));
        }
    }
}
