package dlcourse.tensor;

/** Prints a {@link Tensor} the way NumPy prints an array: shape first, aligned columns, long axes elided. */
final class TensorFormat {
    private TensorFormat() {}

    /** Axes longer than this show their first and last {@link #EDGE_ITEMS} entries around "...". */
    static final int SUMMARY_THRESHOLD = 10;
    static final int EDGE_ITEMS = 3;

    static String format(Tensor t) {
        double[] data = t.rawData();
        int[] shape = t.shape();
        StringBuilder sb = new StringBuilder("Tensor").append(Tensor.describe(shape)).append('\n');
        if (shape.length == 0) {
            return sb.append(number(data[0], 1)).toString();
        }
        int width = 1;
        for (double v : data) {
            width = Math.max(width, number(v, 1).length());
        }
        appendAxis(sb, data, shape, 0, 0, width);
        return sb.toString();
    }

    private static void appendAxis(StringBuilder sb, double[] data, int[] shape, int axis, int offset, int width) {
        int length = shape[axis];
        int stride = 1;
        for (int a = axis + 1; a < shape.length; a++) {
            stride *= shape[a];
        }
        boolean elide = length > SUMMARY_THRESHOLD;
        sb.append('[');
        for (int i = 0; i < length; i++) {
            if (elide && i == EDGE_ITEMS) {
                sb.append(axis == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(axis + 1));
                i = length - EDGE_ITEMS - 1;
                continue;
            }
            if (axis == shape.length - 1) {
                sb.append(number(data[offset + i], width));
            } else {
                appendAxis(sb, data, shape, axis + 1, offset + i * stride, width);
            }
            if (i < length - 1) {
                sb.append(axis == shape.length - 1 ? ", " : ",\n" + "\n".repeat(Math.max(0, shape.length - axis - 2))
                        + " ".repeat(axis + 1));
            }
        }
        sb.append(']');
    }

    private static String number(double v, int width) {
        String s = Double.isNaN(v) ? "nan" : Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : String.format("%.4f", v);
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
