import dlcourse.cnn.LeNet5;
import dlcourse.nn.Momentum;
import dlcourse.nn.SoftmaxCrossEntropy;
import dlcourse.tensor.Precision;
import dlcourse.tensor.Tensor;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Our side of bench/lenet5-train: trains dlcourse's LeNet-5 on the course's MNIST subset with batch 64 and
 * prints the training throughput, the held-out accuracy and the peak heap in use (sampled after every step).
 *
 * <p>Usage: java -cp lib/target/dlcourse-lib.jar:lib/target/jars/* Bench.java DATASETS_DIR EPOCHS
 * Split (the same in peer.py): within each class, every fifth digit in file order is held out (2,000 test
 * digits), the other 8,000 train.
 */
public class Bench {
    static final int BATCH = 64;
    /** Warm-up steps, one epoch's worth, as in mlp-train and autoencoder-train (the same in peer.py). */
    static final int WARMUP_STEPS = 125;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int epochs = Integer.parseInt(args[1]);
        double[] pixels = readImages(dir.resolve("mnist-10k-images-idx3-ubyte.gz"));
        int[] labels = readLabels(dir.resolve("mnist-10k-labels-idx1-ubyte.gz"));
        int total = labels.length;
        boolean[] isTest = new boolean[total];
        int[] seenOfClass = new int[10];
        int numTest = 0;
        for (int i = 0; i < total; i++) {
            isTest[i] = seenOfClass[labels[i]]++ % 5 == 0;
            numTest += isTest[i] ? 1 : 0;
        }
        int numTrain = total - numTest;
        double[] trainPixels = new double[numTrain * 784];
        double[] testPixels = new double[numTest * 784];
        int[] trainLabels = new int[numTrain];
        int[] testLabels = new int[numTest];
        for (int i = 0, tr = 0, te = 0; i < total; i++) {
            if (isTest[i]) {
                System.arraycopy(pixels, i * 784, testPixels, te * 784, 784);
                testLabels[te++] = labels[i];
            } else {
                System.arraycopy(pixels, i * 784, trainPixels, tr * 784, 784);
                trainLabels[tr++] = labels[i];
            }
        }
        Tensor trainX = LeNet5.padTo32(Tensor.wrap(trainPixels, numTrain, 784));
        Tensor testX = LeNet5.padTo32(Tensor.wrap(testPixels, numTest, 784));
        if (Precision.current() == Precision.FLOAT32) {
            // the images stored in the precision the network computes in, as the peer's float32 train_x: a
            // mini-batch is then a copy of float32 rows, not a rounding of float64 rows at every step
            trainX = Tensor.wrapSingles(trainX.rawSingles().clone(), trainX.shape());
            testX = Tensor.wrapSingles(testX.rawSingles().clone(), testX.shape());
        }

        LeNet5 net = LeNet5.create(1);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Momentum optimizer = new Momentum(0.05, 0.9);
        Random rng = new Random(7);

        // warm-up (the JIT compiles the hot loops), not timed; a fresh network is trained afterwards
        LeNet5 warm = LeNet5.create(2);
        for (int step = 0; step < WARMUP_STEPS; step++) {
            int[] batch = randomBatch(rng, numTrain);
            loss.forward(warm.forward(trainX.select(batch)), pick(trainLabels, batch));
            warm.backwardParameters(loss.backward());
        }

        long peakHeap = 0;
        long trainNanos = 0;
        long trainCpuNanos = 0;
        long images = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            int[] order = permutation(rng, numTrain);
            double lossSum = 0;
            int steps = 0;
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            for (int from = 0; from + BATCH <= numTrain; from += BATCH) {
                int[] batch = java.util.Arrays.copyOfRange(order, from, from + BATCH);
                Tensor x = trainX.select(batch);
                int[] y = pick(trainLabels, batch);
                // forward
                lossSum += loss.forward(net.forward(x), y);
                // backward (parameters only: like PyTorch, no gradient for the input images)
                net.backwardParameters(loss.backward());
                // update
                optimizer.step(net.parameters());
                steps++;
                peakHeap = Math.max(peakHeap, Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
            }
            long nanos = System.nanoTime() - start;
            trainNanos += nanos;
            trainCpuNanos += processCpuNanos() - cpuStart;
            images += (long) steps * BATCH;
            System.out.printf("ours epoch %d: loss %.4f, %.0f images/s, test accuracy %.4f%n", epoch, lossSum / steps,
                    steps * BATCH / (nanos / 1e9), accuracy(net, testX, testLabels));
        }
        double throughput = images / (trainNanos / 1e9);
        System.out.printf("ours images_per_s=%.1f accuracy=%.4f train_seconds=%.1f cpu_seconds=%.1f epochs=%d"
                        + " peak_heap_mb=%.0f max_heap_mb=%.0f%n", throughput, accuracy(net, testX, testLabels),
                trainNanos / 1e9, trainCpuNanos / 1e9, epochs,
                peakHeap / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    static double accuracy(LeNet5 net, Tensor x, int[] labels) {
        int correct = 0;
        for (int from = 0; from < labels.length; from += 500) {
            int to = Math.min(labels.length, from + 500);
            int[] predicted = net.forward(x.slice(from, to)).argmaxRows();
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == labels[from + i] ? 1 : 0;
            }
        }
        return (double) correct / labels.length;
    }

    /** CPU time used by this process so far, all threads. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static int[] randomBatch(Random rng, int n) {
        int[] batch = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            batch[i] = rng.nextInt(n);
        }
        return batch;
    }

    static int[] permutation(Random rng, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static int[] pick(int[] values, int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    static double[] readImages(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != 0x803) {
                throw new IOException(file + " is not an IDX image file");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] raw = in.readNBytes(n * rows * cols);
            double[] out = new double[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = (raw[i] & 0xff) / 255.0;
            }
            return out;
        }
    }

    static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != 0x801) {
                throw new IOException(file + " is not an IDX label file");
            }
            byte[] raw = in.readNBytes(in.readInt());
            int[] out = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = raw[i];
            }
            return out;
        }
    }
}
