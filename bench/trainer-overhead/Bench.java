import dlcourse.autoencoder.Autoencoder;
import dlcourse.autoencoder.ReconstructionLoss;
import dlcourse.data.Batches;
import dlcourse.data.Mnist;
import dlcourse.nn.ProgressListener;
import dlcourse.nn.Sgd;
import dlcourse.nn.Trainer;
import dlcourse.tensor.Tensor;
import java.util.Random;

/**
 * bench/trainer-overhead: what routing a training loop through Trainer costs. One epoch of a sigmoid 784-256-784
 * autoencoder on the 10,000 MNIST digits (mini-batches of 64, squared error, plain SGD), trained twice from the same
 * weights and batch order: through Trainer.fitReconstruction (ours: with its NaN/divergence checks of every loss,
 * gradient and parameter) and by the hand-written trainStep loop it replaced (peer). ROUNDS rounds, alternating,
 * best of each. Both must end with the same weights. Prints "RESULT trainer-overhead ratio=R ..." with
 * R = Trainer's images/s over the hand loop's.
 */
public class Bench {
    public static void main(String[] args) {
        int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "3"));
        Tensor x = Mnist.all().x();
        int n = x.rows();
        double bestTrainer = 0;
        double bestHand = 0;
        for (int round = 0; round <= rounds; round++) {
            // round 0 warms up the JIT and is not counted
            Autoencoder byHand = Autoencoder.create(784, 256, 1);
            Sgd sgd = new Sgd(0.1);
            long start = System.nanoTime();
            for (int[] batch : Batches.shuffled(n, 64, new Random(2))) {
                byHand.trainStep(x.select(batch), ReconstructionLoss.SQUARED_ERROR, sgd);
            }
            double hand = n / ((System.nanoTime() - start) / 1e9);

            Autoencoder trained = Autoencoder.create(784, 256, 1);
            start = System.nanoTime();
            new Trainer(trained, ReconstructionLoss.SQUARED_ERROR.asLoss(), new Sgd(0.1)).epochs(1).batchSize(64)
                    .seed(2).progress(ProgressListener.silent()).fitReconstruction(x);
            double viaTrainer = n / ((System.nanoTime() - start) / 1e9);
            if (!trained.W().value().equals(byHand.W().value())) {
                throw new AssertionError("trainer-overhead: the Trainer and the hand loop ended with different weights");
            }
            System.out.printf("round %d: trainer %.1f images/s, hand loop %.1f images/s%n", round, viaTrainer, hand);
            if (round > 0) {
                bestTrainer = Math.max(bestTrainer, viaTrainer);
                bestHand = Math.max(bestHand, hand);
            }
        }
        System.out.printf("RESULT trainer-overhead ratio=%.3f ours=%.1f peer=%.1f unit=images/s%n",
                bestTrainer / bestHand, bestTrainer, bestHand);
    }
}
