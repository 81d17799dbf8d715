package dlcourse.cnn.experiments;

import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The lecture's "connectivity and weight sharing depends on layer": how many parameters three layers need to
 * map the same input [H, W, C] to the same output [OH, OW, F] (KH = KW = K, stride 1, VALID, so OH = H - K + 1):
 * <pre>
 * fully connected:     every output sees every input, all weights different
 *                      (H W C) (OH OW F) weights + OH OW F biases
 * locally connected:   every output sees a K x K x C patch, all weights different
 *                      (OH OW F) (K K C) weights + OH OW F biases
 * convolution:         every output sees a K x K x C patch, the F filters shared by all positions
 *                      F (K K C) weights + F biases
 * </pre>
 * For the slide's 32x32 grey image and six 5x5 filters (output 28x28x6): 4,821,600 versus 122,304 versus 156.
 * Taught in {@code notebooks/08-convolution-and-pooling.ipynb} (section "Local connections and shared weights").
 */
public final class WeightSharing {
    private WeightSharing() {}

    /** Weights and biases of one kind of layer. */
    public record Count(String layer, long weights, long biases) {
        public long parameters() {
            return weights + biases;
        }
    }

    /** The three counts for the same input and output shape. */
    public record Comparison(int h, int w, int c, int kernel, int filters, Count fullyConnected,
                             Count locallyConnected, Count convolution) {
        /** A table with columns layer, weights, biases, parameters. */
        public Table table() {
            Count[] rows = {fullyConnected, locallyConnected, convolution};
            StringColumn layer = StringColumn.create("layer");
            LongColumn weights = LongColumn.create("weights");
            LongColumn biases = LongColumn.create("biases");
            LongColumn parameters = LongColumn.create("parameters");
            for (Count row : rows) {
                layer.append(row.layer());
                weights.append(row.weights());
                biases.append(row.biases());
                parameters.append(row.parameters());
            }
            int out = h - kernel + 1;
            return Table.create(String.format("%dx%dx%d input, %d filters of %dx%d: %dx%dx%d output", h, w, c, filters,
                    kernel, kernel, out, w - kernel + 1, filters), layer, weights, biases, parameters);
        }
    }

    /** The counts for an input [H, W, C] and F filters of K x K x C (stride 1, VALID). */
    public static Comparison compare(int h, int w, int c, int kernel, int filters) {
        if (h < kernel || w < kernel || c < 1 || kernel < 1 || filters < 1) {
            throw new IllegalArgumentException(String.format("WeightSharing.compare: needs an input at least as large "
                    + "as the %dx%d kernel and positive channels and filters, got H=%d, W=%d, C=%d, F=%d", kernel,
                    kernel, h, w, c, filters));
        }
        long inputs = (long) h * w * c;
        long outputs = (long) (h - kernel + 1) * (w - kernel + 1) * filters;
        long patch = (long) kernel * kernel * c;
        return new Comparison(h, w, c, kernel, filters,
                new Count("fully connected", inputs * outputs, outputs),
                new Count("locally connected", outputs * patch, outputs),
                new Count("convolution", filters * patch, filters));
    }
}
