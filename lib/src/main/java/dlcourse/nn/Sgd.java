package dlcourse.nn;

import java.util.List;

/**
 * Plain (stochastic, mini-batch) gradient descent: W &lt;- W - learningRate dW for every parameter.
 *
 * <p>Taught in {@code notebooks/01-multilayer-networks.ipynb} (section "XOR with backpropagation").
 */
public final class Sgd implements Optimizer {
    private final double learningRate;

    /** Gradient descent with a positive learning rate. */
    public Sgd(double learningRate) {
        this.learningRate = Layers.requireLearningRate("Sgd", learningRate);
    }

    @Override
    public void step(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            // W <- W - learningRate dW (in float32 written over W's own memory: Tensor.plusScaledInPlace)
            p.update(p.value().plusScaledInPlace(-learningRate, p.grad()));
        }
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public String toString() {
        return "Sgd(learning rate " + learningRate + ")";
    }
}
