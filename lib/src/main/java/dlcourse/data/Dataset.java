package dlcourse.data;

import dlcourse.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Labelled examples: inputs x [N, D] (or any shape with the batch first, such as images [N, C, H, W]), class
 * labels int[N] in [0, K), and the K class names.
 *
 * <p>Every input must be a finite number: a NaN or an infinity is refused here, where the data enters, with the
 * example and the position inside it, because once inside a network it spreads silently (a ReLU even maps NaN to
 * 0 in its forward pass while its gradient carries NaN into the weights).
 *
 * <p>Taught in {@code notebooks/00-getting-started.ipynb} (section "Where the data comes from").
 */
public record Dataset(Tensor x, int[] labels, List<String> classNames) {
    public Dataset {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("Dataset: expected inputs of shape [N, D] (or [N, C, H, W]) but got "
                    + Tensor.describe(x.shape()) + "; reshape a single example to [1, D]");
        }
        if (labels.length != x.dim(0)) {
            throw new IllegalArgumentException("Dataset: " + x.dim(0) + " inputs but " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("Dataset: label " + labels[i] + " at index " + i + " is outside [0, "
                        + classNames.size() + ")");
            }
        }
        labels = labels.clone();
        classNames = List.copyOf(classNames);
        requireFinite(x, "Dataset");
    }

    /**
     * Throws an {@link IllegalArgumentException} naming {@code what}, the first example that holds a NaN or an
     * infinity, and the position inside it, e.g. "example 17 holds NaN at [0, 3, 5] (of an example of shape
     * [1, 28, 28])". Nothing happens when every value is finite.
     */
    public static void requireFinite(Tensor x, String what) {
        if (!x.hasNonFinite()) {
            return;
        }
        double[] values = x.toArray();
        int perExample = x.size() / x.dim(0);
        int[] exampleShape = Arrays.copyOfRange(x.shape(), 1, x.rank());
        int bad = 0;
        int count = 0;
        for (int i = values.length - 1; i >= 0; i--) {
            if (!Double.isFinite(values[i])) {
                bad = i;
                count++;
            }
        }
        int example = bad / perExample;
        int[] position = new int[exampleShape.length];
        for (int axis = exampleShape.length - 1, rest = bad % perExample; axis >= 0; axis--) {
            position[axis] = rest % exampleShape[axis];
            rest /= exampleShape[axis];
        }
        String where = exampleShape.length == 1 ? "feature " + position[0]
                : "position " + Arrays.toString(position) + " (of an example of shape " + Tensor.describe(exampleShape) + ")";
        throw new IllegalArgumentException(String.format("%s: example %d holds %s at %s; %d value%s of the inputs"
                        + " are not finite numbers. Remove or repair those examples (for instance replace a missing"
                        + " pixel by 0) before training: a NaN spreads silently through a network",
                what, example, describeValue(values[bad]), where, count, count == 1 ? "" : "s"));
    }

    private static String describeValue(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "+infinity" : "-infinity";
    }

    /** A data set whose classes are named "0", "1", ..., "K-1". */
    public static Dataset of(Tensor x, int[] labels, int numClasses) {
        String[] names = new String[numClasses];
        Arrays.setAll(names, String::valueOf);
        return new Dataset(x, labels, List.of(names));
    }

    /** The labels; a copy. */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** N, the number of examples. */
    public int size() {
        return labels.length;
    }

    /** K, the number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** The labels as one-hot rows [N, K]. */
    public Tensor oneHot() {
        return OneHot.encode(labels, numClasses());
    }

    /** The examples at the given indices, in that order. */
    public Dataset select(int[] indices) {
        int[] picked = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = labels[indices[i]];
        }
        return new Dataset(x.select(indices), picked, classNames);
    }

    /** The same examples with each input reshaped, e.g. {@code withExampleShape(1, 28, 28)} for images. */
    public Dataset withExampleShape(int... exampleShape) {
        int[] shape = new int[exampleShape.length + 1];
        shape[0] = size();
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        return new Dataset(x.reshape(shape), labels, classNames);
    }

    /** Examples [from, to). */
    public Dataset slice(int from, int to) {
        return new Dataset(x.slice(from, to), Arrays.copyOfRange(labels, from, to), classNames);
    }

    /** How many examples each class has, int[K]. */
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * A seeded random split: a shuffled {@code testFraction} of the examples becomes the test set, the rest
     * the training set.
     */
    public TrainTest split(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("Dataset.split: testFraction must be in (0, 1), got " + testFraction);
        }
        int[] order = Batches.permutation(size(), new java.util.Random(seed));
        int testSize = (int) Math.round(size() * testFraction);
        return new TrainTest(select(Arrays.copyOfRange(order, testSize, size())),
                select(Arrays.copyOfRange(order, 0, testSize)));
    }

    @Override
    public String toString() {
        int[] example = java.util.Arrays.copyOfRange(x.shape(), 1, x.rank());
        String what = example.length == 1 ? example[0] + " features" : "shape " + Tensor.describe(example);
        return "Dataset[" + size() + " examples of " + what + ", " + numClasses() + " classes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && x.equals(d.x) && Arrays.equals(labels, d.labels) && classNames.equals(d.classNames);
    }

    @Override
    public int hashCode() {
        return 31 * x.hashCode() + Arrays.hashCode(labels);
    }
}
