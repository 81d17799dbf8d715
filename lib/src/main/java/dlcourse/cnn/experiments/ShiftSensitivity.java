package dlcourse.cnn.experiments;

import dlcourse.cnn.MaxPool2d;
import dlcourse.cnn.Padding;
import dlcourse.cnn.Sobel;
import dlcourse.nn.Layer;
import dlcourse.tensor.Tensor;

/**
 * The lecture's "big difference from small shift": moving an image by one pixel changes its raw pixel
 * values a lot, while pooled features change much less. Taught in
 * {@code notebooks/08-convolution-and-pooling.ipynb} (section "Big difference from small shift").
 *
 * <pre>
 * relative change of a representation r:  ||r(shifted image) - r(image)|| / ||r(image)||
 * </pre>
 * measured once on the raw pixels and once on features (e.g. Sobel edges followed by max pooling).
 */
public final class ShiftSensitivity {
    private ShiftSensitivity() {}

    /** The relative change of the raw pixels and of the features caused by one shift. */
    public record Change(double pixels, double features) {
        @Override
        public String toString() {
            return String.format("pixels change by %.1f%%, features by %.1f%%", 100 * pixels, 100 * features);
        }
    }

    /**
     * Images [N, C, H, W] moved down by dy and right by dx pixels (negative: up, left); pixels that come in
     * at the border are 0, pixels pushed out are lost.
     */
    public static Tensor shift(Tensor images, int dy, int dx) {
        images.requireShape("ShiftSensitivity.shift (images [N, C, H, W])", -1, -1, -1, -1);
        int[] s = images.shape();
        double[][][][] out = new double[s[0]][s[1]][s[2]][s[3]];
        for (int n = 0; n < s[0]; n++) {
            for (int c = 0; c < s[1]; c++) {
                for (int y = 0; y < s[2]; y++) {
                    for (int x = 0; x < s[3]; x++) {
                        int fromY = y - dy;
                        int fromX = x - dx;
                        if (fromY >= 0 && fromY < s[2] && fromX >= 0 && fromX < s[3]) {
                            out[n][c][y][x] = images.get(n, c, fromY, fromX);
                        }
                    }
                }
            }
        }
        return Tensor.of(out);
    }

    /** ||after - before|| / ||before||. */
    public static double relativeChange(Tensor before, Tensor after) {
        double norm = Math.sqrt(before.squaredNorm());
        if (norm == 0) {
            throw new IllegalArgumentException("ShiftSensitivity.relativeChange: the representation is all zeros, "
                    + "so a relative change is undefined; use an image with some content");
        }
        return Math.sqrt(after.minus(before).squaredNorm()) / norm;
    }

    /** How much the pixels and the given features of the images change when the images move by (dy, dx). */
    public static Change measure(Tensor images, int dy, int dx, Layer features) {
        Tensor shifted = shift(images, dy, dx);
        Tensor before = features.forward(images);
        Tensor after = features.forward(shifted);
        return new Change(relativeChange(images, shifted), relativeChange(before, after));
    }

    /**
     * The same with the lecture's hand-crafted pipeline: Sobel edge strength followed by max pooling over
     * window x window cells (stride = window). Larger windows forgive larger shifts.
     */
    public static Change measure(Tensor images, int dy, int dx, int window) {
        MaxPool2d pool = MaxPool2d.of(window, window, Padding.SAME);
        Layer features = new Layer() {
            @Override
            public Tensor forward(Tensor x) {
                return pool.forward(Sobel.magnitude(x));
            }

            @Override
            public Tensor backward(Tensor dY) {
                throw new UnsupportedOperationException("Sobel features are fixed: there is nothing to train");
            }

            @Override
            public String describe() {
                return "Sobel magnitude + " + pool.describe();
            }
        };
        return measure(images, dy, dx, features);
    }
}
