import dlcourse.cnn.LeNet5;
import dlcourse.data.Idx;
import dlcourse.nn.Momentum;
import dlcourse.nn.SoftmaxCrossEntropy;
import dlcourse.tensor.MatMul;
import dlcourse.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * bench/run scale: trains a fresh LeNet-5 for one epoch (batch 64) on the first 5,000, 10,000, 20,000 and 60,000
 * images of Debian's full Fashion-MNIST training set, in one JVM, and prints the time per image at each size. The
 * time per image should not grow with the size of the set (no memory knee): the 60,000 images stay in the heap
 * as one [60000, 784] tensor (376 MB) and each batch is padded to 32 x 32 as it is used.
 *
 * <p>Usage: java -Xmx1g -cp lib/target/dlcourse-lib.jar:lib/target/jars/* Bench.java FASHION_DIR [SIZES...]
 */
public class Bench {
    static final int BATCH = 64;

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int[] sizes = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {5_000, 10_000, 20_000, 60_000};
        Tensor images = Idx.readImages(dir.resolve("train-images-idx3-ubyte.gz"));
        int[] labels = Idx.readLabels(dir.resolve("train-labels-idx1-ubyte.gz"));
        System.out.printf("loaded %d images; MatMul %s; heap max %d MB%n", labels.length, MatMul.describeBackend(),
                Runtime.getRuntime().maxMemory() >> 20);
        Random rng = new Random(1);
        // warm-up: the JIT compiles the hot loops on 300 batches of a throw-away network
        epoch(LeNet5.create(2), images, labels, 300 * BATCH, rng);
        double fastest = Double.MAX_VALUE;
        double slowest = 0;
        double first = 0;
        double last = 0;
        for (int size : sizes) {
            if (size > labels.length) {
                throw new IllegalArgumentException("scale: " + size + " images asked for, the file has " + labels.length);
            }
            long start = System.nanoTime();
            double loss = epoch(LeNet5.create(1), images, labels, size, rng);
            double microsPerImage = (System.nanoTime() - start) / 1e3 / (size / BATCH * BATCH);
            fastest = Math.min(fastest, microsPerImage);
            slowest = Math.max(slowest, microsPerImage);
            first = first == 0 ? microsPerImage : first;
            last = microsPerImage;
            System.gc();
            System.out.printf("size=%d us_per_image=%.1f images_per_s=%.0f loss=%.4f heap_live_mb=%d load=%s%n", size,
                    microsPerImage, 1e6 / microsPerImage, loss, usedHeap() >> 20, load());
        }
        System.out.printf("flatness=%.3f (fastest / slowest time per image; 1 is flat, 0.833 is the 20%% limit)%n",
                fastest / slowest);
        System.out.printf("RESULT scale ratio=%.3f ours=%.1f peer=%.1f unit=us/image%n", fastest / slowest, last, first);
    }

    /** One epoch over the first {@code size} images in a random order; returns the mean loss. */
    static double epoch(LeNet5 net, Tensor images, int[] labels, int size, Random rng) {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Momentum optimizer = new Momentum(0.05, 0.9);
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double sum = 0;
        int steps = 0;
        for (int from = 0; from + BATCH <= size; from += BATCH) {
            int[] batch = Arrays.copyOfRange(order, from, from + BATCH);
            int[] y = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                y[i] = labels[batch[i]];
            }
            // forward (padding the batch to 32 x 32), backward, update
            sum += loss.forward(net.forward(LeNet5.padTo32(images.select(batch))), y);
            net.backwardParameters(loss.backward());
            optimizer.step(net.parameters());
            steps++;
        }
        return sum / steps;
    }

    static long usedHeap() {
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }

    static String load() {
        try {
            return String.join(" ", Arrays.copyOf(java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
