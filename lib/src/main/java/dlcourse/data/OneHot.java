package dlcourse.data;

import dlcourse.tensor.Tensor;

/**
 * One-hot encoding of class labels: label c of K classes becomes a row with 1 at column c and 0 elsewhere.
 * labels int[N] to [N, K].
 *
 * <p>Taught in {@code notebooks/03-softmax.ipynb}.
 */
public final class OneHot {
    private OneHot() {}

    /** The one-hot rows [N, K] for labels in [0, K). */
    public static Tensor encode(int[] labels, int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("OneHot.encode: the number of classes must be positive, got " + numClasses);
        }
        double[] out = new double[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("OneHot.encode: label " + labels[i] + " at index " + i
                        + " is outside [0, " + numClasses + ")");
            }
            out[i * numClasses + labels[i]] = 1;
        }
        return Tensor.wrap(out, labels.length, numClasses);
    }
}
