package dlcourse.data;

import dlcourse.tensor.Tensor;
import java.util.List;

/**
 * The course's 10,000 Fashion-MNIST images (Zalando's clothing pictures, from Debian's
 * {@code dataset-fashion-mnist}, see {@code datasets/README.md}): x [N, 784] with pixels in [0, 1], labels 0-9
 * named in {@link #CLASSES}. A harder drop-in replacement for {@link Mnist}.
 *
 * <p>Taught in {@code notebooks/00-getting-started.ipynb} (section "Where the data comes from").
 */
public final class FashionMnist {
    private FashionMnist() {}

    static final String IMAGES = "fashion-mnist-10k-images-idx3-ubyte.gz";
    static final String LABELS = "fashion-mnist-10k-labels-idx1-ubyte.gz";
    static final String IMAGES_SHA256 = "1be733b5e3563a3e09249eaf2860ab906050f4ad092514fd69643a971f092eef";
    static final String LABELS_SHA256 = "61a6840eba903a1624db1cd180742787f58a96a5d569dcbab532ea0bbd943a75";

    /** The class names of labels 0 to 9. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** All 10,000 images, in file order. */
    public static Dataset all() {
        Tensor x = Idx.readImages(DatasetFiles.verified(IMAGES, IMAGES_SHA256));
        int[] labels = Idx.readLabels(DatasetFiles.verified(LABELS, LABELS_SHA256));
        return new Dataset(x, labels, CLASSES);
    }

    /** 8,000 training and 2,000 test images, a random split drawn from the seed. */
    public static TrainTest load(long seed) {
        return all().split(0.2, seed);
    }
}
