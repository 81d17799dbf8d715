import dlcourse.data.Dataset;
import dlcourse.data.Mnist;
import dlcourse.data.TrainTest;
import dlcourse.nn.Mlp;
import dlcourse.nn.ProgressListener;
import dlcourse.nn.Relu;
import dlcourse.nn.Sgd;
import dlcourse.nn.SoftmaxCrossEntropy;
import dlcourse.nn.Trainer;
import java.util.Random;

/**
 * Our side of bench mlp-train: a 784-256-10 ReLU network with softmax cross-entropy, SGD, batch 64, on the
 * 8,000 training digits of the MNIST subset, trained with the library's Trainer. One warm-up epoch (the JIT),
 * then EPOCHS timed epochs. Prints "OURS images_per_s=X test_accuracy=A seconds=S cpu_seconds=C" (C: CPU time
 * of the whole process, all threads, which shows how much of the wall time the shared cores gave us).
 */
public class Bench {
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        TrainTest data = Mnist.load(1);
        Dataset train = data.train();
        Mlp net = Mlp.dense(new Random(1), Relu::new, 784, 256, 10);
        Trainer warmUp = new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(0.1)).epochs(1).batchSize(64).seed(1)
                .progress(ProgressListener.silent());
        warmUp.fit(train);
        Trainer trainer = new Trainer(net, new SoftmaxCrossEntropy(), new Sgd(0.1)).epochs(epochs).batchSize(64).seed(2)
                .progress(ProgressListener.silent());
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        trainer.fit(train);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
        double accuracy = trainer.evaluate(data.test()).accuracy();
        System.out.printf("OURS images_per_s=%.1f test_accuracy=%.4f seconds=%.2f cpu_seconds=%.2f%n",
                epochs * train.size() / seconds, accuracy, seconds, cpuSeconds);
    }
}
