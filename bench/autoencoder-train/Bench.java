import dlcourse.autoencoder.Autoencoder;
import dlcourse.autoencoder.ReconstructionLoss;
import dlcourse.data.Batches;
import dlcourse.data.Mnist;
import dlcourse.nn.Sgd;
import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * Our side of bench/autoencoder-train: a sigmoid 784-256-784 autoencoder on the 10,000 MNIST digits,
 * mini-batches of 64, squared error, plain SGD; one warm-up epoch, then one timed epoch. Prints
 * "OURS images_per_second=X loss=L seconds=S cpu_seconds=C" for the timed epoch.
 */
public class Bench {
    public static void main(String[] args) {
        Tensor x = Mnist.all().x();
        int n = x.rows();
        Autoencoder ae = Autoencoder.create(784, 256, 1);
        Sgd sgd = new Sgd(0.1);
        List<int[]> batches = Batches.shuffled(n, 64, new Random(2));
        // warm-up: one epoch, so that the JIT has compiled the hot loops before the timed epoch and the timing is
        // the steady state of a longer training, as in mlp-train (the peer warms up the same way)
        for (int[] batch : Batches.shuffled(n, 64, new Random(1))) {
            ae.trainStep(x.select(batch), ReconstructionLoss.SQUARED_ERROR, sgd);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        double lossSum = 0;
        for (int[] batch : batches) {
            lossSum += ae.trainStep(x.select(batch), ReconstructionLoss.SQUARED_ERROR, sgd);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
        System.out.printf("OURS images_per_second=%.1f loss=%.4f seconds=%.2f cpu_seconds=%.2f%n", n / seconds,
                lossSum / batches.size(), seconds, cpuSeconds);
    }
}
