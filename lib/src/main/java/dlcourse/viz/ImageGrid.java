package dlcourse.viz;

import dlcourse.tensor.Tensor;
import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * A grid of small grey-scale images: digits, or the learned filters of a layer.
 * <pre>
 * ImageGrid.of(data.train().x().slice(0, 32), 8)     // 32 digits [32, 784], 8 per row, values in [0, 1]
 * ImageGrid.filters(dense.W().value(), 8)            // each column of W [784, H] as a 28 x 28 picture
 * </pre>
 * Images are square (P = side * side values per row of the tensor) or given as [N, 1, H, W]. Pixels are drawn
 * {@link #SCALE} times enlarged, with a one-cell gap; 0 is black, 1 white ({@link #of}), or each image is
 * stretched from its own minimum (black) to its maximum (white) ({@link #filters}).
 *
 * <p>Taught in {@code notebooks/00-getting-started.ipynb} (section "Where the data comes from") and
 * {@code notebooks/03-softmax.ipynb}.
 */
public final class ImageGrid {
    private ImageGrid() {}

    /** How many screen pixels each image pixel becomes. */
    public static final int SCALE = 3;

    /** Images [N, P] (P a square) or [N, 1, H, W] with values in [0, 1]; {@code columns} images per row. */
    public static BufferedImage of(Tensor images, int columns) {
        return draw(asRows(images), side(images, true), side(images, false), columns, false);
    }

    /** The columns of a weight matrix W [P, H] as H images, each stretched to its own range. */
    public static BufferedImage filters(Tensor W, int columns) {
        W.requireShape("ImageGrid.filters (W)", -1, -1);
        Tensor rows = W.transpose();
        return draw(rows, side(rows, true), side(rows, false), columns, true);
    }

    /** Images [N, P] (or [N, 1, H, W]) each stretched to its own range, e.g. convolution filters. */
    public static BufferedImage normalized(Tensor images, int columns) {
        return draw(asRows(images), side(images, true), side(images, false), columns, true);
    }

    private static Tensor asRows(Tensor images) {
        if (images.rank() == 4) {
            images.requireShape("ImageGrid (images [N, 1, H, W])", -1, 1, -1, -1);
            return images.reshape(images.dim(0), images.dim(2) * images.dim(3));
        }
        images.requireShape("ImageGrid (images [N, P])", -1, -1);
        return images;
    }

    private static int side(Tensor images, boolean height) {
        if (images.rank() == 4) {
            return images.dim(height ? 2 : 3);
        }
        int p = images.dim(1);
        int s = (int) Math.round(Math.sqrt(p));
        if (s * s != p) {
            throw new IllegalArgumentException("ImageGrid: " + p + " values per image is not a square image; reshape to"
                    + " [N, 1, H, W] to give height and width");
        }
        return s;
    }

    private static BufferedImage draw(Tensor rows, int h, int w, int columns, boolean stretch) {
        Headless.ensure();
        if (columns <= 0) {
            throw new IllegalArgumentException("ImageGrid: columns must be positive, got " + columns);
        }
        int n = rows.dim(0);
        int gridRows = Math.max(1, (n + columns - 1) / columns);
        int cellW = (w + 1) * SCALE;
        int cellH = (h + 1) * SCALE;
        BufferedImage image = new BufferedImage(Math.min(n, columns) * cellW + SCALE, gridRows * cellH + SCALE,
                BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 200, 200));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.dispose();
        for (int k = 0; k < n; k++) {
            Tensor img = rows.row(k);
            double lo = stretch ? img.min() : 0;
            double hi = stretch ? img.max() : 1;
            double range = hi - lo > 0 ? hi - lo : 1;
            int left = SCALE + (k % columns) * cellW;
            int top = SCALE + (k / columns) * cellH;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = (img.get(0, y * w + x) - lo) / range;
                    int grey = (int) Math.round(255 * Math.min(1, Math.max(0, v)));
                    int rgb = new Color(grey, grey, grey).getRGB();
                    for (int dy = 0; dy < SCALE; dy++) {
                        for (int dx = 0; dx < SCALE; dx++) {
                            image.setRGB(left + x * SCALE + dx, top + y * SCALE + dy, rgb);
                        }
                    }
                }
            }
        }
        return image;
    }
}
