package dlcourse.nn;

import dlcourse.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient descent with momentum: each parameter keeps a velocity v that accumulates past gradients,
 * <pre>
 * v &lt;- mu v - learningRate dW
 * W &lt;- W + v
 * </pre>
 * with mu in [0, 1) (0.9 is usual; mu = 0 is plain {@link Sgd}). Velocities start at zero.
 *
 * <p>Taught in {@code notebooks/01-multilayer-networks.ipynb} (section "XOR with backpropagation").
 */
public final class Momentum implements Optimizer {
    private final double learningRate;
    private final double mu;
    private final Map<Parameter, Tensor> velocity = new IdentityHashMap<>();

    /** Momentum with a positive learning rate and mu in [0, 1). */
    public Momentum(double learningRate, double mu) {
        this.learningRate = Layers.requireLearningRate("Momentum", learningRate);
        if (!(mu >= 0 && mu < 1)) {
            throw new IllegalArgumentException("Momentum: mu must be in [0, 1), got " + mu + "; 0.9 is usual");
        }
        this.mu = mu;
    }

    @Override
    public void step(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            Tensor v = velocity.getOrDefault(p, Tensor.zeros(p.value().shape()));
            // v <- mu v - learningRate dW
            Tensor decayed = v.times(mu);
            Tensor vNew = decayed.plusScaled(-learningRate, p.grad());
            velocity.put(p, vNew);
            // W <- W + v
            p.update(p.value().plusScaledInPlace(1, vNew));   // W + v (in float32 over W's own memory)
            // only this optimizer holds v and mu v: in float32 their memory serves the next step (Tensor.retire)
            decayed.retire();
            v.retire();
        }
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    public double mu() {
        return mu;
    }

    @Override
    public String toString() {
        return "Momentum(learning rate " + learningRate + ", mu " + mu + ")";
    }
}
