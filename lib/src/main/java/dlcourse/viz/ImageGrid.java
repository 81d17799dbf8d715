package dlcourse.viz;

import dlcourse.tensor.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A grid of small grey-scale images: digits, or the learned filters of a layer.
 * <pre>
 * ImageGrid.of(data.train().x().slice(0, 32), 8)     // 32 digits [32, 784], 8 per row, values in [0, 1]
 * ImageGrid.filters(dense.W().value(), 8)            // each column of W [784, H] as a 28 x 28 picture
 * ImageGrid.tiles(List.of(List.of(a, b), List.of(c, d)), List.of("XOR", "ring"), List.of("1 layer", "2 layers"))
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

    /** The font of the captions of {@link #tiles}. */
    static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    /** Margin around a tile table and gap between its tiles, in pixels. */
    static final int MARGIN = 8;
    static final int GAP = 6;

    /**
     * Pictures laid out as a table on white: {@code rows.get(r).get(c)} in row r, column c, each column captioned
     * above by {@code columnNames.get(c)}, each row labelled on the left by {@code rowNames.get(r)}. A column is as
     * wide as its widest picture or caption, a row as high as its highest picture; pictures are centred in their
     * cell. Either list of names may be empty for no captions on that side.
     */
    public static BufferedImage tiles(List<List<BufferedImage>> rows, List<String> columnNames,
                                      List<String> rowNames) {
        Headless.ensure();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("ImageGrid.tiles: no rows of pictures given");
        }
        int columns = rows.get(0).size();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).size() != columns || columns == 0) {
                throw new IllegalArgumentException("ImageGrid.tiles: row " + r + " has " + rows.get(r).size()
                        + " pictures, expected " + columns + " (as row 0) and at least one");
            }
            for (int c = 0; c < columns; c++) {
                if (rows.get(r).get(c) == null) {
                    throw new IllegalArgumentException("ImageGrid.tiles: the picture in row " + r + ", column " + c
                            + " is null");
                }
            }
        }
        if (!columnNames.isEmpty() && columnNames.size() != columns) {
            throw new IllegalArgumentException("ImageGrid.tiles: " + columnNames.size() + " column names for "
                    + columns + " columns of pictures; give one per column, or an empty list");
        }
        if (!rowNames.isEmpty() && rowNames.size() != rows.size()) {
            throw new IllegalArgumentException("ImageGrid.tiles: " + rowNames.size() + " row names for "
                    + rows.size() + " rows of pictures; give one per row, or an empty list");
        }
        // measure the captions on a scratch image
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D measure = scratch.createGraphics();
        FontMetrics metrics = measure.getFontMetrics(CAPTION_FONT);
        measure.dispose();
        int[] widths = new int[columns];
        for (int c = 0; c < columns; c++) {
            for (List<BufferedImage> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).getWidth());
            }
            if (!columnNames.isEmpty()) {
                widths[c] = Math.max(widths[c], metrics.stringWidth(columnNames.get(c)));
            }
        }
        int[] heights = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (BufferedImage picture : rows.get(r)) {
                heights[r] = Math.max(heights[r], picture.getHeight());
            }
        }
        int labelWidth = 0;
        for (String name : rowNames) {
            labelWidth = Math.max(labelWidth, metrics.stringWidth(name));
        }
        int left = MARGIN + (labelWidth > 0 ? labelWidth + GAP : 0);
        int top = MARGIN + (columnNames.isEmpty() ? 0 : metrics.getHeight() + 2);
        int width = left + java.util.Arrays.stream(widths).sum() + GAP * (columns - 1) + MARGIN;
        int height = top + java.util.Arrays.stream(heights).sum() + GAP * (rows.size() - 1) + MARGIN;

        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(CAPTION_FONT);
        g.setColor(Color.BLACK);
        int x = left;
        for (int c = 0; c < columns; c++) {
            if (!columnNames.isEmpty()) {
                String name = columnNames.get(c);
                g.drawString(name, x + (widths[c] - metrics.stringWidth(name)) / 2, MARGIN + metrics.getAscent());
            }
            x += widths[c] + GAP;
        }
        int y = top;
        for (int r = 0; r < rows.size(); r++) {
            if (!rowNames.isEmpty()) {
                g.drawString(rowNames.get(r), MARGIN, y + (heights[r] + metrics.getAscent() - metrics.getDescent()) / 2);
            }
            x = left;
            for (int c = 0; c < columns; c++) {
                BufferedImage picture = rows.get(r).get(c);
                g.drawImage(picture, x + (widths[c] - picture.getWidth()) / 2, y + (heights[r] - picture.getHeight()) / 2,
                        null);
                x += widths[c] + GAP;
            }
            y += heights[r] + GAP;
        }
        g.dispose();
        return out;
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
