import dlcourse.nn.Parameter;
import dlcourse.rnn.FusedLstm;
import dlcourse.rnn.LstmCell;
import dlcourse.rnn.SequenceClassifier;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Our side of the lstm-train benchmark: training steps of a one-layer LSTM (input 32, hidden 128, T = 50,
 * batch 32) through the fused fast path (in float32 on float32 arrays end to end, FusedLstmFloat32), with a
 * linear read-out of the last hidden state, softmax cross-entropy and plain SGD, the same work as peer.py. Prints "OURS sequences_per_second=X", the best of
 * several timed rounds, measured as peer.py measures.
 */
public class Bench {
    public static void main(String[] args) {
        int d = 32, h = 128, steps = 50, n = 32, classes = 10;
        int warmup = 5;
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = 3;
        Random rng = new Random(0);
        LstmCell cell = new LstmCell(d, h, rng);
        SequenceClassifier model = new SequenceClassifier(new FusedLstm(cell), classes, rng);
        List<Tensor> xs = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            xs.add(Tensor.randn(rng, 1, n, d));
        }
        int[] labels = new int[n];
        for (int e = 0; e < n; e++) {
            labels[e] = rng.nextInt(classes);
        }
        double loss = 0;
        for (int b = 0; b < warmup; b++) {
            loss = step(model, xs, labels);
        }
        double best = Double.POSITIVE_INFINITY;
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                loss = step(model, xs, labels);
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        System.out.printf("OURS sequences_per_second=%.1f dtype=%s batches=%d best_of_rounds=%d seconds=%.2f"
                + " sequences_per_cpu_second=%.1f last_loss=%.4f%n",
                batches * n / best, dlcourse.tensor.Precision.current().label(), batches, rounds, best,
                rounds * batches * n / cpu, loss);
    }

    static double step(SequenceClassifier model, List<Tensor> xs, int[] labels) {
        double loss = model.lossAndGradients(xs, labels);   // forward and backward through time
        for (Parameter p : model.parameters()) {            // update: plain SGD
            p.update(p.value().plusScaled(-0.01, p.grad()));
        }
        return loss;
    }
}
