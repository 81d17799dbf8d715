package dlcourse.data;

import dlcourse.tensor.Tensor;
import java.util.Random;

/**
 * Seeded 2-D data sets for decision regions, x [N, 2] with two classes:
 * <ul>
 * <li>{@link #blobs}: two Gaussian clouds, separable by a line (a single layer suffices);</li>
 * <li>{@link #xor}: four clouds at the corners, opposite corners in the same class (no line separates them);</li>
 * <li>{@link #ring}: a disc inside a ring (a convex region: two layers);</li>
 * <li>{@link #moons}: two interleaved half circles (a curved, non-convex boundary).</li>
 * </ul>
 *
 * <p>Taught in {@code notebooks/01-multilayer-networks.ipynb} (section "Decision regions").
 */
public final class ToySets {
    private ToySets() {}

    /** Class 0 around (-1, -1), class 1 around (1, 1), spread {@code noise}; n points in total. */
    public static Dataset blobs(int n, double noise, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[checkSize(n)][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            double center = labels[i] == 0 ? -1 : 1;
            x[i][0] = center + noise * rng.nextGaussian();
            x[i][1] = center + noise * rng.nextGaussian();
        }
        return Dataset.of(Tensor.of(x), labels, 2);
    }

    /** XOR: points near (+-1, +-1); class 1 where the signs differ. n points, spread {@code noise}. */
    public static Dataset xor(int n, double noise, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[checkSize(n)][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double a = (i % 4) / 2 == 0 ? -1 : 1;
            double b = i % 2 == 0 ? -1 : 1;
            x[i][0] = a + noise * rng.nextGaussian();
            x[i][1] = b + noise * rng.nextGaussian();
            // class = a XOR b: 1 when the corner's signs differ
            labels[i] = a * b < 0 ? 1 : 0;
        }
        return Dataset.of(Tensor.of(x), labels, 2);
    }

    /** Class 1: a disc of radius 1 at the origin; class 0: a ring of radii 2 to 3 around it. */
    public static Dataset ring(int n, double noise, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[checkSize(n)][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            double angle = 2 * Math.PI * rng.nextDouble();
            double radius = labels[i] == 1 ? Math.sqrt(rng.nextDouble()) : 2 + rng.nextDouble();
            x[i][0] = radius * Math.cos(angle) + noise * rng.nextGaussian();
            x[i][1] = radius * Math.sin(angle) + noise * rng.nextGaussian();
        }
        return Dataset.of(Tensor.of(x), labels, 2);
    }

    /** Two interleaved half circles of radius 1: class 0 the upper one, class 1 the lower one shifted right. */
    public static Dataset moons(int n, double noise, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[checkSize(n)][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            double t = Math.PI * rng.nextDouble();
            if (labels[i] == 0) {
                x[i][0] = Math.cos(t);
                x[i][1] = Math.sin(t);
            } else {
                x[i][0] = 1 - Math.cos(t);
                x[i][1] = 0.5 - Math.sin(t);
            }
            x[i][0] += noise * rng.nextGaussian();
            x[i][1] += noise * rng.nextGaussian();
        }
        return Dataset.of(Tensor.of(x), labels, 2);
    }

    private static int checkSize(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("ToySets: the number of points must be positive, got " + n);
        }
        return n;
    }
}
