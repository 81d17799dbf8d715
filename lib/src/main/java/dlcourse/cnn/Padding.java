package dlcourse.cnn;

/**
 * How a convolution or pooling window treats the border of an image: {@link #VALID} (no padding, the
 * window stays inside), {@link #SAME} (TensorFlow's rule: pad so that the output has ceil(H / stride)
 * rows, any odd extra row or column of padding goes to the bottom and right) or {@link #explicit(int)}
 * (p cells on every side).
 *
 * <p>Output size, for an input of H rows, a window of KH rows and stride s (columns alike):
 * <pre>
 * VALID:       OH = floor((H - KH) / s) + 1
 * explicit p:  OH = floor((H + 2p - KH) / s) + 1
 * SAME:        OH = ceil(H / s),  padding in total max((OH - 1) s + KH - H, 0),
 *              top = floor(total / 2), bottom = total - top
 * </pre>
 * The lecture's "Average Pooling with Padding" example (3x3 input, 2x2 window, stride 1) pads one column
 * on the right and one row at the bottom: that is SAME. Taught in
 * {@code notebooks/08-convolution-and-pooling.ipynb} (sections "Padding" and "Stride").
 */
public final class Padding {
    private enum Kind { VALID, SAME, EXPLICIT }

    /** No padding: the window never leaves the image. */
    public static final Padding VALID = new Padding(Kind.VALID, 0, 0);
    /** TensorFlow-style padding to ceil(H / stride) outputs, the extra cell on the bottom and right. */
    public static final Padding SAME = new Padding(Kind.SAME, 0, 0);

    private final Kind kind;
    private final int padH;
    private final int padW;

    private Padding(Kind kind, int padH, int padW) {
        this.kind = kind;
        this.padH = padH;
        this.padW = padW;
    }

    /** p cells of padding on each of the four sides. */
    public static Padding explicit(int p) {
        return explicit(p, p);
    }

    /** padH rows above and below, padW columns left and right. */
    public static Padding explicit(int padH, int padW) {
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("Padding.explicit: padding must be 0 or more, got padH=" + padH
                    + ", padW=" + padW);
        }
        return new Padding(Kind.EXPLICIT, padH, padW);
    }

    /**
     * Where the window goes for one input size: the output size and the padding on each side.
     *
     * @param outH OH, rows of the output
     * @param outW OW, columns of the output
     * @param top rows of padding above the image; {@code bottom}, {@code left}, {@code right} alike
     */
    public record Geometry(int outH, int outW, int top, int bottom, int left, int right) {}

    /**
     * The geometry of a KH x KW window moving with the given stride over an H x W input.
     *
     * @param operation named in the error message, e.g. "Conv2d.forward"
     * @throws IllegalArgumentException if the window does not fit even once
     */
    public Geometry resolve(String operation, int h, int w, int kh, int kw, int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException(operation + ": stride must be 1 or more, got " + stride);
        }
        int top;
        int bottom;
        int left;
        int right;
        switch (kind) {
            case VALID -> {
                top = bottom = left = right = 0;
            }
            case EXPLICIT -> {
                top = bottom = padH;
                left = right = padW;
            }
            default -> {
                // SAME: OH = ceil(H / s); total padding = max((OH - 1) s + KH - H, 0), the odd one at the bottom
                int totalH = Math.max((ceilDiv(h, stride) - 1) * stride + kh - h, 0);
                int totalW = Math.max((ceilDiv(w, stride) - 1) * stride + kw - w, 0);
                top = totalH / 2;
                bottom = totalH - top;
                left = totalW / 2;
                right = totalW - left;
            }
        }
        // OH = floor((H + top + bottom - KH) / s) + 1
        int outH = Math.floorDiv(h + top + bottom - kh, stride) + 1;
        int outW = Math.floorDiv(w + left + right - kw, stride) + 1;
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(operation + ": a " + kh + "x" + kw + " window with " + this
                    + " padding does not fit a " + h + "x" + w + " input; use a smaller window, or SAME padding");
        }
        return new Geometry(outH, outW, top, bottom, left, right);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case VALID -> "VALID";
            case SAME -> "SAME";
            case EXPLICIT -> padH == padW ? "explicit(" + padH + ")" : "explicit(" + padH + ", " + padW + ")";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Padding p && p.kind == kind && p.padH == padH && p.padW == padW;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + padH) + padW;
    }
}
