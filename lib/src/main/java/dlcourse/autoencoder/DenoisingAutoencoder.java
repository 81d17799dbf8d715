package dlcourse.autoencoder;

import dlcourse.nn.Optimizer;
import dlcourse.tensor.Tensor;
import java.util.Random;

/**
 * A denoising autoencoder: trained to rebuild the clean input from a corrupted copy of it. Taught in notebook
 * {@code 05-autoencoder-variants}, section "Denoising autoencoder". The lecture's procedure, one step per
 * line of {@link #trainStep}:
 * <ol>
 *   <li>corrupt: xTilde ~ q_D(xTilde | x) ({@link Corruption});</li>
 *   <li>encode: y = f(xTilde) = s(xTilde W + b) (the lecture's s(W xTilde + b) for row vectors);</li>
 *   <li>decode: z = g(y);</li>
 *   <li>minimise L_H(x, z), against the CLEAN x, by squared error or cross-entropy ({@link ReconstructionLoss}).</li>
 * </ol>
 */
public final class DenoisingAutoencoder {
    private final Autoencoder autoencoder;
    private final Corruption corruption;
    private final ReconstructionLoss loss;
    private final Random rng;

    /**
     * @param autoencoder the network f, g
     * @param corruption  q_D, e.g. {@code Corruption.masking(0.3)}
     * @param loss        L_H
     * @param seed        seed of the corruption's random numbers
     */
    public DenoisingAutoencoder(Autoencoder autoencoder, Corruption corruption, ReconstructionLoss loss, long seed) {
        this.autoencoder = autoencoder;
        this.corruption = corruption;
        this.loss = loss;
        this.rng = new Random(seed);
    }

    public Autoencoder autoencoder() {
        return autoencoder;
    }

    /** One training step on a clean mini-batch x [N, D]; returns L_H(x, z) before the update. */
    public double trainStep(Tensor x, Optimizer optimizer) {
        return trainStep(autoencoder, x, corruption.corrupt(x, rng), loss, optimizer);
    }

    /**
     * One denoising training step with a given corrupted input: z = g(f(xTilde)), loss L_H(x, z) against the
     * clean x, backward, gradient-descent update. Returns the loss before the update.
     */
    public static double trainStep(Autoencoder autoencoder, Tensor x, Tensor xTilde, ReconstructionLoss loss,
                                   Optimizer optimizer) {
        xTilde.requireShape("DenoisingAutoencoder.trainStep (xTilde must match the clean x)", x.shape());
        // forward: z = g(f(xTilde))
        Tensor z = autoencoder.forward(xTilde);
        // L_H(x, z): the target is the clean input
        double value = loss.loss(x, z);
        // backward
        autoencoder.backwardParameters(loss.gradient(x, z), null);
        // update
        optimizer.step(autoencoder.parameters());
        return value;
    }
}
