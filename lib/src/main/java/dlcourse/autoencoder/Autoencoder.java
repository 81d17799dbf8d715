package dlcourse.autoencoder;

import dlcourse.nn.Dense;
import dlcourse.nn.HiddenActivations;
import dlcourse.nn.Optimizer;
import dlcourse.nn.Parameter;
import dlcourse.nn.Sigmoid;
import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Map;
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
 * <p>Shapes: x and z [N, D], h [N, H]. With H &lt; D this is the bottleneck autoencoder. The parts are the
 * library's {@link Dense} and {@link Sigmoid} layers, so the encoder can be stacked into a deeper network
 * ({@link StackedAutoencoder}).
 */
public final class Autoencoder implements HiddenActivations {

    /** The name of the hidden code h = s(xW + b) for a {@link dlcourse.nn.Penalty}: "hidden". */
    public static final String HIDDEN = "hidden";

    /** The decoder's output: a sigmoid for data in [0, 1] (the default), or linear for real-valued data. */
    public enum Output { SIGMOID, LINEAR }

    /** What forward keeps beside its layers' caches: the input x, hidden values h and reconstruction z. */
    public record Cache(Tensor x, Tensor h, Tensor z) {}

    private final Dense encoder;
    private final Sigmoid encoderActivation = new Sigmoid();
    private final Dense decoder;
    private final Sigmoid decoderActivation = new Sigmoid();
    private final Output output;
    private Cache cache;

    /** An autoencoder with the given weights: W [D, H], b [H], W' [H, D], b' [D]. */
    public Autoencoder(Tensor W, Tensor b, Tensor WPrime, Tensor bPrime, Output output) {
        W.requireShape("Autoencoder (W is [D, H])", -1, -1);
        b.requireShape("Autoencoder (b is [H])", W.cols());
        WPrime.requireShape("Autoencoder (W' is [H, D])", W.cols(), W.rows());
        bPrime.requireShape("Autoencoder (b' is [D])", W.rows());
        this.encoder = new Dense(W, b);
        this.decoder = new Dense(WPrime, bPrime);
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
        return encoder.inputs();
    }

    public int numHidden() {
        return encoder.outputs();
    }

    public Output output() {
        return output;
    }

    /** The encoder's linear part xW + b, a {@link Dense} layer D -> H (used when stacking). */
    public Dense encoder() {
        return encoder;
    }

    /** The decoder's linear part hW' + b', a {@link Dense} layer H -> D. */
    public Dense decoder() {
        return decoder;
    }

    /** The encoder's weights W [D, H]. */
    public Parameter W() {
        return encoder.W();
    }

    /** The encoder's bias b [H]. */
    public Parameter b() {
        return encoder.b();
    }

    /** The decoder's weights W' [H, D]. */
    public Parameter WPrime() {
        return decoder.W();
    }

    /** The decoder's bias b' [D]. */
    public Parameter bPrime() {
        return decoder.b();
    }

    /** W, b, W', b'. */
    @Override
    public List<Parameter> parameters() {
        return List.of(W(), b(), WPrime(), bPrime());
    }

    /** The cache of the last forward pass (x, h, z), or null before the first. */
    public Cache lastCache() {
        return cache;
    }

    // ------------------------------------------------------------------------- forward and backward

    /** The encoder alone, without touching the training caches: h = s(xW + b), x [N, D] gives h [N, H]. */
    public Tensor encode(Tensor x) {
        x.requireShape("Autoencoder.encode (x is [N, D])", -1, numInputs());
        // h = s(xW + b)
        return x.matmul(W().value()).plusRow(b().value()).map(encoderActivation::value);
    }

    /** The decoder alone, without touching the training caches: z = s(hW' + b') (or hW' + b'), [N, H] to [N, D]. */
    public Tensor decode(Tensor h) {
        h.requireShape("Autoencoder.decode (h is [N, H])", -1, numHidden());
        // z = s(hW' + b')
        Tensor a = h.matmul(WPrime().value()).plusRow(bPrime().value());
        return output == Output.SIGMOID ? a.map(decoderActivation::value) : a;
    }

    /** The reconstruction z [N, D] of x [N, D]; keeps x, h and z for backward. */
    @Override
    public Tensor forward(Tensor x) {
        x.requireShape("Autoencoder.forward (x is [N, D])", -1, numInputs());
        // h = s(xW + b)
        Tensor h = encoderActivation.forward(encoder.forward(x));
        // z = s(hW' + b')
        Tensor a = decoder.forward(h);
        Tensor z = output == Output.SIGMOID ? decoderActivation.forward(a) : a;
        cache = new Cache(x, h, z);
        return z;
    }

    /** Given dL/dz [N, D], sets the gradients of W, b, W', b' and returns dL/dx [N, D]. */
    @Override
    public Tensor backward(Tensor dZ) {
        return backward(dZ, null);
    }

    /**
     * The backward pass with an extra gradient {@code dHExtra} [N, H] arriving directly at the hidden values
     * (a penalty on h, such as sparsity), or null for none. Sets the parameters' gradients, returns dL/dx.
     */
    public Tensor backward(Tensor dZ, Tensor dHExtra) {
        Tensor dA = backwardToEncoder(dZ, dHExtra);
        // a = xW + b: dW = x^T da, db = sum of da, dX = da W^T
        return encoder.backward(dA);
    }

    /** The one activation a penalty can read: {@link #HIDDEN}, the code h. */
    @Override
    public List<String> activationNames() {
        return List.of(HIDDEN);
    }

    /** The hidden code h [N, H] of the last forward pass ({@code name} must be {@link #HIDDEN}). */
    @Override
    public Tensor activation(String name) {
        if (!HIDDEN.equals(name)) {
            throw new IllegalArgumentException("Autoencoder.activation: no activation '" + name + "'; the one a"
                    + " penalty can read is '" + HIDDEN + "' (the code h)");
        }
        if (cache == null) {
            throw new IllegalStateException("Autoencoder.activation: call forward first");
        }
        return cache.h();
    }

    /**
     * The backward pass the {@link dlcourse.nn.Trainer} uses: {@link #backwardParameters(Tensor, Tensor)} with the
     * extra gradient at {@link #HIDDEN} (if any), without dL/dx.
     */
    @Override
    public void backwardWithPenalties(Tensor dZ, Map<String, Tensor> extraGradients) {
        for (String name : extraGradients.keySet()) {
            activation(name);
        }
        backwardParameters(dZ, extraGradients.get(HIDDEN));
    }

    /**
     * The same gradients of W, b, W', b' as {@link #backward(Tensor, Tensor)} without computing dL/dx, which
     * training on data never needs (it saves the largest matrix product of the backward pass).
     */
    public void backwardParameters(Tensor dZ, Tensor dHExtra) {
        Tensor dA = backwardToEncoder(dZ, dHExtra);
        Tensor x = cache.x();
        // a = xW + b: dW = x^T da, db = sum of da
        W().setGrad(x.matmulTransposeA(dA));
        b().setGrad(dA.sum(0));
    }

    /** The backward pass down to da, the gradient at the encoder's pre-activation a = xW + b; sets dW', db'. */
    private Tensor backwardToEncoder(Tensor dZ, Tensor dHExtra) {
        if (cache == null) {
            throw new IllegalStateException("Autoencoder.backward: call forward first");
        }
        dZ.requireShape("Autoencoder.backward (dZ is [N, D])", cache.z().shape());
        // z = s(a'): da' = dZ * z (1 - z)
        Tensor dAPrime = output == Output.SIGMOID ? decoderActivation.backward(dZ) : dZ;
        // a' = hW' + b': dW' = h^T da', db' = sum of da', dH = da' W'^T
        Tensor dH = decoder.backward(dAPrime);
        if (dHExtra != null) {
            dHExtra.requireShape("Autoencoder.backward (dHExtra is [N, H])", cache.h().shape());
            // a penalty on h adds its own gradient there
            dH = dH.plus(dHExtra);
        }
        // h = s(a): da = dH * h (1 - h)
        return encoderActivation.backward(dH);
    }

    /**
     * One plain training step on a mini-batch x [N, D] with the given reconstruction loss: forward, loss,
     * backward, update. Returns the loss before the update.
     */
    public double trainStep(Tensor x, ReconstructionLoss loss, Optimizer optimizer) {
        // forward
        Tensor z = forward(x);
        double value = loss.loss(x, z);
        // backward
        backwardParameters(loss.gradient(x, z), null);
        // update
        optimizer.step(parameters());
        return value;
    }

    /**
     * The learned features as images: row j is the input pattern that most excites hidden unit j,
     * W[:, j] / ||W[:, j]|| (UFLDL's visualisation), shape [H, D]; reshape rows to 28 x 28 for MNIST.
     */
    public Tensor features() {
        // row j of W^T is W[:, j]; divide it by its length ||W[:, j]||
        Tensor weights = W().value().transpose();
        Tensor norms = weights.times(weights).sum(1).map(v -> Math.sqrt(Math.max(v, 1e-300)));
        return weights.scaleRows(norms.map(v -> 1 / v));
    }

    @Override
    public String describe() {
        return "Autoencoder(" + numInputs() + " -> " + numHidden() + " -> " + numInputs() + ", " + output + " output)";
    }
}
