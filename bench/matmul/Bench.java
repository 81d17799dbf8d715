import dlcourse.tensor.MatMul;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Our side of bench/run matmul: for each shape of shapes.txt, C = op(A) op(B) by dlcourse.tensor.MatMul in float64,
 * timed for about 0.2 s per round, best of ROUNDS rounds. Prints "shape NAME gflops=X" per shape.
 *
 * <p>Usage: java -cp lib/target/dlcourse-lib.jar:lib/target/jars/* Bench.java SHAPES_FILE ROUNDS
 */
public class Bench {
    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        int rounds = Integer.parseInt(args[1]);
        System.out.println("backend " + MatMul.describeBackend());
        Random rng = new Random(1);
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            int m = Integer.parseInt(f[1]);
            int n = Integer.parseInt(f[2]);
            int k = Integer.parseInt(f[3]);
            boolean tA = f[4].equals("T");
            boolean tB = f[5].equals("T");
            double[] a = gaussian(rng, m * k);
            double[] b = gaussian(rng, k * n);
            double[] c = new double[m * n];
            int lda = tA ? m : k;
            int ldb = tB ? k : n;
            double flops = 2.0 * m * n * k;
            int calls = (int) Math.max(1, Math.min(1_000_000, 4e8 / flops));
            double best = 0;
            for (int round = 0; round <= rounds; round++) { // round 0 warms up the JIT and the library
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    MatMul.gemm(tA, tB, m, n, k, a, 0, lda, b, 0, ldb, false, c, 0, n);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (round > 0) {
                    best = Math.max(best, calls * flops / seconds / 1e9);
                }
            }
            System.out.printf("shape %s gflops=%.2f%n", f[0], best);
        }
    }

    static double[] gaussian(Random rng, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = rng.nextGaussian();
        }
        return out;
    }
}
