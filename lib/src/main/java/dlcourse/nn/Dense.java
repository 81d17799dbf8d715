package dlcourse.nn;

import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * A fully connected layer, y = x W + b.
 * <pre>
 * x [N, D]   W [D, H]   b [H]   y [N, H]
 * </pre>
 * Weights start as normal random numbers with standard deviation sqrt(1 / D) (so a unit's input sum keeps
 * about unit variance), biases at zero.
 *
 * <p>Taught in {@code notebooks/01-multilayer-networks.ipynb} (section "A layer: y = xW + b").
 */
public final class Dense implements Layer {
    private record Cache(Tensor x) {}

    private final Parameter W;
    private final Parameter b;
    private Cache cache;

    /** A layer from D inputs to H outputs with random weights drawn from {@code rng}. */
    public Dense(int inputs, int outputs, Random rng) {
        this(Tensor.randn(rng, Math.sqrt(1.0 / requirePositive("inputs", inputs)), inputs,
                requirePositive("outputs", outputs)), Tensor.zeros(outputs));
    }

    /** A layer with the given weights W [D, H] and bias b [H]. */
    public Dense(Tensor W, Tensor b) {
        if (W.rank() != 2) {
            throw new IllegalArgumentException("Dense: expected W of shape [D, H] but got " + Tensor.describe(W.shape()));
        }
        b.requireShape("Dense (bias b)", W.dim(1));
        this.W = new Parameter("W", W);
        this.b = new Parameter("b", b);
    }

    /** The weight matrix W [D, H]. */
    public Parameter W() {
        return W;
    }

    /** The bias b [H]. */
    public Parameter b() {
        return b;
    }

    public int inputs() {
        return W.value().dim(0);
    }

    public int outputs() {
        return W.value().dim(1);
    }

    /** y = x W + b for x [N, D]; returns [N, H]. */
    @Override
    public Tensor forward(Tensor x) {
        x.requireShape("Dense.forward (x)", -1, inputs());
        cache = new Cache(x);
        // y = x W + b
        return x.matmul(W.value()).plusRow(b.value());
    }

    /** Given dY [N, H], sets dW [D, H] and db [H], returns dX [N, D]. */
    @Override
    public Tensor backward(Tensor dY) {
        backwardParameters(dY);   // dW and db
        // dX = dY W^T
        return dY.matmulTransposeB(W.value());
    }

    /** Given dY [N, H], sets dW [D, H] and db [H]: {@link #backward} without the product dY W^T that only dX needs. */
    @Override
    public void backwardParameters(Tensor dY) {
        Cache c = Layers.requireCache(cache, this);
        dY.requireShape("Dense.backward (dY)", c.x().dim(0), outputs());
        // forward was: y = x W + b
        // dW = x^T dY
        W.setGrad(c.x().matmulTransposeA(dY));
        // db = sum over the batch of dY
        b.setGrad(dY.sum(0));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(W, b);
    }

    @Override
    public String describe() {
        return "Dense(" + inputs() + " -> " + outputs() + ")";
    }

    private static int requirePositive(String what, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("Dense: the number of " + what + " must be positive, got " + n);
        }
        return n;
    }
}
