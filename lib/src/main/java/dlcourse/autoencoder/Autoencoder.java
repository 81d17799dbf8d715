package dlcourse.autoencoder;

import dlcourse.nn.Layer;
import dlcourse.nn.Parameter;
import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * An autoencoder: a network trained to copy its input to its output, h_theta(x) ~ x. The encoder maps the
 * input to a hidden representation and the decoder maps it back:
 * <pre>
 * h = s(x W + b)        encoder, W [D, H], b [H]
 * z = s(h W' + b')      decoder, W' [H, D], b' [D]  (or z = h W' + b' with a linear output)
 * </pre>
 * with s the sigmoid. The lecture writes the encoder for a column vector, s(Wx + b); with a batch of row
 * vectors x [N, D], as everywhere in this library, the same layer is s(xW + b) and W is the transpose of the
 * lecture's. Taught in notebook {@code 04-autoencoders}, sections "Autoencoder" and "Compressed
 * representation"; the variants of {@code 05-autoencoder-variants} are built on it.
 *
 * <p>Shapes: x and z [N, D], h [N, H]. With H &lt; D this is the bottleneck autoencoder.
 */
public final class Autoencoder implements Layer {

    /** The decoder's output: a sigmoid for data in [0, 1] (the default), or linear for real-valued data. */
    public enum Output { SIGMOID, LINEAR }

    /** What forward keeps for backward: the input x, hidden values h and reconstruction z. */
    public record Cache(Tensor x, Tensor h, Tensor z) {}

    private final int numInputs;
    private final int numHidden;
    private final Output output;
    private final Parameter W;
    private final Parameter b;
    private final Parameter WPrime;
    private final Parameter bPrime;
    private Cache cache;

    /** An autoencoder with the given weights: W [D, H], b [H], W' [H, D], b' [D]. */
    public Autoencoder(Tensor W, Tensor b, Tensor WPrime, Tensor bPrime, Output output) {
        W.requireShape("Autoencoder (W is [D, H])", -1, -1);
        this.numInputs = W.rows();
        this.numHidden = W.cols();
        b.requireShape("Autoencoder (b is [H])", numHidden);
        WPrime.requireShape("Autoencoder (W' is [H, D])", numHidden, numInputs);
        bPrime.requireShape("Autoencoder (b' is [D])", numInputs);
        this.W = new Parameter("W", W);
        this.b = new Parameter("b", b);
        this.WPrime = new Parameter("W'", WPrime);
        this.bPrime = new Parameter("b'", bPrime);
        this.output = output;
    }

    /**
     * A new autoencoder D -> H -> D with a sigmoid output, weights uniform in [-r, r] with
     * r = sqrt(6 / (D + H + 1)) and zero biases (UFLDL's initialisation).
     */
    public static Autoencoder create(int numInputs, int numHidden, long seed) {
        return create(numInputs, numHidden, Output.SIGMOID, seed);
    }

    /** A new autoencoder D -> H -> D with the given output, initialised as {@link #create(int, int, long)}. */
    public static Autoencoder create(int numInputs, int numHidden, Output output, long seed) {
        if (numInputs < 1 || numHidden < 1) {
            throw new IllegalArgumentException("Autoencoder.create: numInputs and numHidden must be positive, got "
                    + numInputs + " and " + numHidden);
        }
        Random rng = new Random(seed);
        double r = Math.sqrt(6.0 / (numInputs + numHidden + 1));
        return new Autoencoder(Tensor.uniform(rng, -r, r, numInputs, numHidden), Tensor.zeros(numHidden),
                Tensor.uniform(rng, -r, r, numHidden, numInputs), Tensor.zeros(numInputs), output);
    }

    public int numInputs() {
        return numInputs;
    }

    public int numHidden() {
        return numHidden;
    }

    public Output output() {
        return output;
    }

    /** The encoder's weights W [D, H]. */
    public Parameter W() {
        return W;
    }

    /** The encoder's bias b [H]. */
    public Parameter b() {
        return b;
    }

    /** The decoder's weights W' [H, D]. */
    public Parameter WPrime() {
        return WPrime;
    }

    /** The decoder's bias b' [D]. */
    public Parameter bPrime() {
        return bPrime;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(W, b, WPrime, bPrime);
    }

    /** The cache of the last forward pass (x, h, z), or null before the first. */
    public Cache lastCache() {
        return cache;
    }

    // ------------------------------------------------------------------------- forward and backward

    /** The encoder alone: h = s(xW + b), x [N, D] gives h [N, H]. */
    public Tensor encode(Tensor x) {
        x.requireShape("Autoencoder.encode (x is [N, D])", -1, numInputs);
        // h = s(xW + b)
        return sigmoid(x.matmul(W.value()).plusRow(b.value()));
    }

    /** The decoder alone: z = s(hW' + b') (or hW' + b'), h [N, H] gives z [N, D]. */
    public Tensor decode(Tensor h) {
        h.requireShape("Autoencoder.decode (h is [N, H])", -1, numHidden);
        // z = s(hW' + b')
        Tensor a = h.matmul(WPrime.value()).plusRow(bPrime.value());
        return output == Output.SIGMOID ? sigmoid(a) : a;
    }

    /** The reconstruction z [N, D] of x [N, D]; keeps x, h and z for backward. */
    @Override
    public Tensor forward(Tensor x) {
        Tensor h = encode(x);
        Tensor z = decode(h);
        cache = new Cache(x, h, z);
        return z;
    }

    /** Given dL/dz [N, D], sets the gradients of W, b, W', b' and returns dL/dx [N, D]. */
    @Override
    public Tensor backward(Tensor dZ) {
        return backward(dZ, null, true);
    }

    /**
     * The backward pass with an extra gradient {@code dHExtra} [N, H] arriving directly at the hidden values
     * (a penalty on h, such as sparsity), or null for none. Returns dL/dx if {@code needDX}, else null (saves
     * one matrix product when x is the data).
     */
    public Tensor backward(Tensor dZ, Tensor dHExtra, boolean needDX) {
        if (cache == null) {
            throw new IllegalStateException("Autoencoder.backward: call forward first");
        }
        Tensor x = cache.x();
        Tensor h = cache.h();
        Tensor z = cache.z();
        dZ.requireShape("Autoencoder.backward (dZ is [N, D])", z.shape());
        // z = s(a'), a' = hW' + b'  =>  da' = dZ * z (1 - z)
        Tensor dAPrime = output == Output.SIGMOID ? dZ.times(sigmoidDerivative(z)) : dZ;
        // a' = hW' + b'  =>  dW' = h^T da',  db' = sum over the batch of da',  dH = da' W'^T
        WPrime.setGrad(h.transpose().matmul(dAPrime));
        bPrime.setGrad(dAPrime.sum(0));
        Tensor dH = dAPrime.matmul(WPrime.value().transpose());
        if (dHExtra != null) {
            dHExtra.requireShape("Autoencoder.backward (dHExtra is [N, H])", h.shape());
            dH = dH.plus(dHExtra);
        }
        // h = s(a), a = xW + b  =>  da = dH * h (1 - h)
        Tensor dA = dH.times(sigmoidDerivative(h));
        // a = xW + b  =>  dW = x^T da,  db = sum over the batch of da,  dX = da W^T
        W.setGrad(x.transpose().matmul(dA));
        b.setGrad(dA.sum(0));
        return needDX ? dA.matmul(W.value().transpose()) : null;
    }

    /** Gradient descent on every parameter: value = value - learningRate * grad. */
    public void update(double learningRate) {
        for (Parameter p : parameters()) {
            p.setValue(p.value().minus(p.grad().times(learningRate)));
        }
    }

    /**
     * One plain training step on a mini-batch x [N, D] with the given reconstruction loss: forward, loss,
     * backward, update. Returns the loss before the update.
     */
    public double trainStep(Tensor x, ReconstructionLoss loss, double learningRate) {
        // forward
        Tensor z = forward(x);
        double value = loss.loss(x, z);
        // backward
        backward(loss.gradient(x, z), null, false);
        // update
        update(learningRate);
        return value;
    }

    /**
     * The learned features as images: row j is the input pattern that most excites hidden unit j,
     * W[:, j] / ||W[:, j]|| (UFLDL's visualisation), shape [H, D]; reshape rows to 28 x 28 for MNIST.
     */
    public Tensor features() {
        Tensor weights = W.value().transpose();
        double[] out = weights.toArray();
        int d = numInputs;
        for (int j = 0; j < numHidden; j++) {
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += out[j * d + i] * out[j * d + i];
            }
            norm = Math.sqrt(Math.max(norm, 1e-300));
            for (int i = 0; i < d; i++) {
                out[j * d + i] /= norm;
            }
        }
        return Tensor.wrap(out, numHidden, numInputs);
    }

    @Override
    public String describe() {
        return "Autoencoder(" + numInputs + " -> " + numHidden + " -> " + numInputs + ", " + output + " output)";
    }

    // ------------------------------------------------------------------------- the sigmoid

    /** s(a) = 1 / (1 + e^(-a)), element-wise. */
    public static Tensor sigmoid(Tensor a) {
        return a.map(v -> 1 / (1 + Math.exp(-v)));
    }

    /** s'(a) = s(a) (1 - s(a)), written in terms of the output s = s(a). */
    public static Tensor sigmoidDerivative(Tensor s) {
        return s.map(v -> v * (1 - v));
    }
}
