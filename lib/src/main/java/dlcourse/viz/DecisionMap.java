package dlcourse.viz;

import dlcourse.data.Dataset;
import dlcourse.nn.Layer;
import dlcourse.tensor.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The decision regions of a classifier on 2-D inputs: every pixel is coloured by the class the model
 * predicts there (light colours), and the data points are drawn over it (strong colours, dark outline).
 * The view is the points' bounding box plus 10% on each side; y grows upwards.
 * <pre>
 * BufferedImage map = DecisionMap.of(net, ToySets.xor(200, 0.25, 1), 300);
 * </pre>
 * The model maps x [N, 2] to scores [N, K] (class = arg max) or to one probability [N, 1] (class 1 where &gt;= 0.5).
 *
 * <p>Taught in {@code notebooks/01-multilayer-networks.ipynb} (section "Decision regions").
 */
public final class DecisionMap {
    private DecisionMap() {}

    /** Strong class colours (points); the regions use the same hues, lightened. */
    static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    /** The light colour that fills the region of class k. */
    public static Color regionColor(int k) {
        Color c = PALETTE[k % PALETTE.length];
        return new Color((c.getRed() + 2 * 255) / 3, (c.getGreen() + 2 * 255) / 3, (c.getBlue() + 2 * 255) / 3);
    }

    /** The colour of the points of class k. */
    public static Color pointColor(int k) {
        return PALETTE[k % PALETTE.length];
    }

    /** A square map of {@code size} pixels with the data's points over the model's regions. */
    public static BufferedImage of(Layer model, Dataset data, int size) {
        Headless.ensure();
        data.x().requireShape("DecisionMap (data x)", -1, 2);
        if (size < 10) {
            throw new IllegalArgumentException("DecisionMap: size must be at least 10 pixels, got " + size);
        }
        double[] box = boundingBox(data.x());
        double x0 = box[0];
        double x1 = box[1];
        double y0 = box[2];
        double y1 = box[3];
        // every pixel centre as an input row
        double[] grid = new double[size * size * 2];
        for (int row = 0; row < size; row++) {
            for (int col = 0; col < size; col++) {
                int i = row * size + col;
                grid[2 * i] = x0 + (x1 - x0) * (col + 0.5) / size;
                grid[2 * i + 1] = y1 - (y1 - y0) * (row + 0.5) / size;
            }
        }
        int[] classes = predict(model, Tensor.wrap(grid, size * size, 2));
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int row = 0; row < size; row++) {
            for (int col = 0; col < size; col++) {
                image.setRGB(col, row, regionColor(classes[row * size + col]).getRGB());
            }
        }
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(1f));
        int radius = Math.max(3, size / 80);
        int[] labels = data.labels();
        for (int i = 0; i < data.size(); i++) {
            int px = (int) Math.round((data.x().get(i, 0) - x0) / (x1 - x0) * size);
            int py = (int) Math.round((y1 - data.x().get(i, 1)) / (y1 - y0) * size);
            g.setColor(pointColor(labels[i]));
            g.fillOval(px - radius, py - radius, 2 * radius, 2 * radius);
            g.setColor(Color.DARK_GRAY);
            g.drawOval(px - radius, py - radius, 2 * radius, 2 * radius);
        }
        g.dispose();
        return image;
    }

    /** {x0, x1, y0, y1}: the points' bounding box with a 10% margin. */
    static double[] boundingBox(Tensor x) {
        Tensor xs = x.columns(0, 1);
        Tensor ys = x.columns(1, 2);
        double mx = 0.1 * Math.max(1e-9, xs.max() - xs.min());
        double my = 0.1 * Math.max(1e-9, ys.max() - ys.min());
        return new double[] {xs.min() - mx, xs.max() + mx, ys.min() - my, ys.max() + my};
    }

    /** The predicted class of each row, with the model in test mode. */
    static int[] predict(Layer model, Tensor x) {
        model.setTraining(false);
        try {
            Tensor out = model.forward(x);
            if (out.rank() == 2 && out.dim(1) == 1) {
                int[] classes = new int[out.dim(0)];
                for (int i = 0; i < classes.length; i++) {
                    classes[i] = out.get(i, 0) >= 0.5 ? 1 : 0;
                }
                return classes;
            }
            return out.argmaxRows();
        } finally {
            model.setTraining(true);
        }
    }
}
