package dlcourse.nn;

import dlcourse.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015): each parameter keeps running averages of its gradient, m, and of the gradient's
 * square, v; both start at zero and are divided by (1 - beta^t) after step t so that the first steps are not
 * pulled towards zero. The step then divides by the typical size of the gradient, so every weight moves by
 * about the learning rate whatever the scale of its gradient:
 * <pre>
 * m &lt;- beta1 m + (1 - beta1) dW              v &lt;- beta2 v + (1 - beta2) dW^2
 * mHat = m / (1 - beta1^t)                    vHat = v / (1 - beta2^t)
 * W &lt;- W - learningRate mHat / (sqrt(vHat) + eps)
 * </pre>
 * with the usual beta1 = 0.9, beta2 = 0.999, eps = 1e-8. Shapes: m and v have the shape of W.
 *
 * <p>Used beside {@link Sgd} and {@link Momentum}; the recurrent experiments of
 * {@code notebooks/09-recurrent-networks.ipynb} train with it.
 */
public final class Adam implements Optimizer {
    /** Decay of the running average of the gradient. */
    public static final double BETA1 = 0.9;
    /** Decay of the running average of the squared gradient. */
    public static final double BETA2 = 0.999;
    /** Keeps the division finite where vHat is 0. */
    public static final double EPS = 1e-8;

    private final double learningRate;
    private final Map<Parameter, Tensor> m = new IdentityHashMap<>();
    private final Map<Parameter, Tensor> v = new IdentityHashMap<>();
    private int t;

    /** Adam with a positive learning rate (0.001 is usual). */
    public Adam(double learningRate) {
        this.learningRate = Layers.requireLearningRate("Adam", learningRate);
    }

    @Override
    public void step(List<Parameter> parameters) {
        t++;
        double correction1 = 1 - Math.pow(BETA1, t);
        double correction2 = 1 - Math.pow(BETA2, t);
        for (Parameter p : parameters) {
            Tensor dW = p.grad();
            // m <- beta1 m + (1 - beta1) dW;  v <- beta2 v + (1 - beta2) dW^2
            Tensor mNew = m.getOrDefault(p, Tensor.zeros(dW.shape())).times(BETA1).plus(dW.times(1 - BETA1));
            Tensor vNew = v.getOrDefault(p, Tensor.zeros(dW.shape())).times(BETA2).plus(dW.times(dW).times(1 - BETA2));
            m.put(p, mNew);
            v.put(p, vNew);
            // W <- W - learningRate mHat / (sqrt(vHat) + eps), mHat = m / (1 - beta1^t), vHat = v / (1 - beta2^t)
            Tensor update = mNew.times(1 / correction1)
                    .zipWith(vNew, (mHat, vRaw) -> mHat / (Math.sqrt(vRaw / correction2) + EPS), "Adam");
            p.update(p.value().minus(update.times(learningRate)));
        }
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public String toString() {
        return "Adam(learning rate " + learningRate + ")";
    }
}
