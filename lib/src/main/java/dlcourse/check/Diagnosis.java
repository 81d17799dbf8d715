package dlcourse.check;

import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises the usual shapes of a wrong answer by comparing it with the expected tensor: NaN or infinity where
 * the expected values are finite (an overflow), a known mistake the test computed, minus the expected (a sign
 * error), a constant factor (a missing or extra 1/N, 2 or 1 - p), the transpose, the kernel flipped (rotated by
 * 180 degrees), the values shifted by one row or column (padding on the wrong side). Where none matches, it
 * lists at most the first three differing entries with their positions as [i, j], and how many differ.
 */
final class Diagnosis {
    private Diagnosis() {}

    /** The largest number of differing entries a message lists. */
    static final int SHOWN = 3;

    /**
     * What is wrong with {@code actual}, or null if it matches {@code expected} within {@code tolerance} (an
     * absolute tolerance, or relative to the entry's size when {@code relative}). Same shapes assumed.
     */
    static String of(Tensor expected, Tensor actual, double tolerance, boolean relative, List<Checks.Mistake> known) {
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        int[] shape = expected.shape();
        List<Integer> differing = new ArrayList<>();
        for (int i = 0; i < e.length; i++) {
            if (!close(e[i], a[i], tolerance, relative)) {
                differing.add(i);
            }
        }
        if (differing.isEmpty()) {
            return null;
        }
        int nonFinite = 0;
        int firstNonFinite = -1;
        boolean expectedFinite = true;
        for (int i = 0; i < e.length; i++) {
            expectedFinite &= Double.isFinite(e[i]);
            if (!Double.isFinite(a[i])) {
                nonFinite++;
                firstNonFinite = firstNonFinite < 0 ? i : firstNonFinite;
            }
        }
        if (nonFinite > 0 && expectedFinite) {
            return String.format("%d of %d values are NaN or infinite (the first at %s) where every expected value is"
                            + " finite: an overflow, most likely (Math.exp(z) is infinite for z above about 709,"
                            + " and infinity - infinity or infinity / infinity is NaN)", nonFinite, e.length,
                    position(firstNonFinite, shape));
        }
        for (Checks.Mistake k : known) {
            if (k.answer() != null && java.util.Arrays.equals(k.answer().shape(), actual.shape())
                    && matches(k.answer().toArray(), a, tolerance, relative)) {
                return "your answer matches a known mistake: " + k.mistake();
            }
        }
        if (!allZero(e) && matches(negated(e), a, tolerance, relative)) {
            return "your answer is exactly minus the expected one: a sign error";
        }
        String ratio = ratio(e, a, tolerance, relative);
        if (ratio != null) {
            return ratio;
        }
        if (shape.length >= 2) {
            int rows = shape[shape.length - 2];
            int cols = shape[shape.length - 1];
            if (rows == cols && rows > 1 && matches(transposed(e, shape), a, tolerance, relative)) {
                return "your answer is the transpose of the expected one: rows and columns are swapped";
            }
            if (rows * cols > 1 && matches(rotated(e, shape), a, tolerance, relative)) {
                return "your answer is the expected one rotated by 180 degrees: the kernel is flipped";
            }
            String shift = shift(e, a, shape, tolerance, relative);
            if (shift != null) {
                return shift;
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(differing.size()).append(" of ").append(e.length).append(differing.size() == 1 ? " values differs" : " values differ");
        sb.append(relative ? String.format(" (relative tolerance %.0e): ", tolerance) : String.format(" (tolerance %.0e): ", tolerance));
        for (int k = 0; k < Math.min(SHOWN, differing.size()); k++) {
            int i = differing.get(k);
            sb.append(k == 0 ? "" : "; ").append("at ").append(position(i, shape))
                    .append(String.format(" expected %s, got %s", number(e[i]), number(a[i])));
        }
        if (differing.size() > SHOWN) {
            sb.append("; ...");
        }
        return sb.toString();
    }

    /** A flat index of a tensor of the given shape as "[i, j]" (one index per axis). */
    static String position(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            int length = Math.max(shape[axis], 1);
            index[axis] = flat % length;
            flat /= length;
        }
        StringBuilder sb = new StringBuilder("[");
        for (int axis = 0; axis < index.length; axis++) {
            sb.append(axis == 0 ? "" : ", ").append(index[axis]);
        }
        return sb.append(']').toString();
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "infinity" : "-infinity";
        }
        return String.format("%.6g", v);
    }

    static boolean close(double expected, double actual, double tolerance, boolean relative) {
        double scale = relative ? Math.max(GradientCheck.FLOOR, Math.max(Math.abs(expected), Math.abs(actual))) : 1;
        return Math.abs(expected - actual) <= tolerance * scale;
    }

    private static boolean matches(double[] candidate, double[] actual, double tolerance, boolean relative) {
        for (int i = 0; i < actual.length; i++) {
            if (!close(candidate[i], actual[i], tolerance, relative)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(double[] values) {
        for (double v : values) {
            if (Math.abs(v) > 1e-12) {
                return false;
            }
        }
        return true;
    }

    private static double[] negated(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = -values[i];
        }
        return out;
    }

    /** "exactly 4 times too large" and the like when actual = r * expected for one constant r. */
    private static String ratio(double[] e, double[] a, double tolerance, boolean relative) {
        // the least-squares factor r minimising |a - r e|
        double ee = 0;
        double ea = 0;
        for (int i = 0; i < e.length; i++) {
            ee += e[i] * e[i];
            ea += e[i] * a[i];
        }
        if (ee == 0) {
            return null;
        }
        double r = ea / ee;
        if (Math.abs(r - 1) < 1e-6 || Math.abs(r) < 1e-9) {
            return null;
        }
        double[] scaled = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            scaled[i] = r * e[i];
        }
        // a constant factor fitted to a single nonzero value proves nothing
        int nonzero = 0;
        for (double v : e) {
            nonzero += Math.abs(v) > 1e-12 ? 1 : 0;
        }
        if (nonzero < 2 || !matches(scaled, a, Math.max(tolerance, 1e-9) * 10, relative)) {
            return null;
        }
        String sign = r < 0 ? "minus " : "";
        double size = Math.abs(r);
        long whole = Math.round(size);
        long inverse = Math.round(1 / size);
        String factor;
        String likely = "a whole-number factor usually means a missing or extra 1/N (N the batch size)";
        if (size > 1 && Math.abs(size - whole) < 1e-6 * size) {
            factor = sign.isEmpty() ? "exactly " + whole + " times too large" : "exactly minus " + whole + " times the expected value";
        } else if (size < 1 && Math.abs(1 / size - inverse) < 1e-6 / size) {
            factor = sign.isEmpty() ? "exactly " + inverse + " times too small (1/" + inverse + " of the expected value)"
                    : "exactly minus 1/" + inverse + " of the expected value";
        } else {
            factor = String.format("%s%.6g times the expected value", sign, size);
            likely = "such as a missing or extra 1 - p or 1 / (1 - p)";
        }
        return "your answer is " + factor + " everywhere: a constant factor is off; " + likely;
    }

    private static double[] transposed(double[] e, int[] shape) {
        int rows = shape[shape.length - 2];
        int cols = shape[shape.length - 1];
        double[] out = new double[e.length];
        for (int block = 0; block < e.length; block += rows * cols) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[block + j * rows + i] = e[block + i * cols + j];
                }
            }
        }
        return out;
    }

    private static double[] rotated(double[] e, int[] shape) {
        int rows = shape[shape.length - 2];
        int cols = shape[shape.length - 1];
        double[] out = new double[e.length];
        for (int block = 0; block < e.length; block += rows * cols) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[block + (rows - 1 - i) * cols + (cols - 1 - j)] = e[block + i * cols + j];
                }
            }
        }
        return out;
    }

    /** "moved one row down" and the like when actual[i, j] = expected[i - dy, j - dx] wherever both exist. */
    private static String shift(double[] e, double[] a, int[] shape, double tolerance, boolean relative) {
        int rows = shape[shape.length - 2];
        int cols = shape[shape.length - 1];
        int[][] moves = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, -1}};
        String[] names = {"one row down", "one row up", "one column to the right", "one column to the left",
                "one row down and one column to the right", "one row up and one column to the left"};
        for (int m = 0; m < moves.length; m++) {
            int dy = moves[m][0];
            int dx = moves[m][1];
            int compared = 0;
            boolean all = true;
            boolean differsFromUnshifted = false;
            for (int block = 0; all && block < e.length; block += rows * cols) {
                for (int i = 0; all && i < rows; i++) {
                    for (int j = 0; all && j < cols; j++) {
                        int si = i - dy;
                        int sj = j - dx;
                        if (si < 0 || si >= rows || sj < 0 || sj >= cols) {
                            continue;
                        }
                        double want = e[block + si * cols + sj];
                        double got = a[block + i * cols + j];
                        all = close(want, got, tolerance, relative);
                        differsFromUnshifted |= !close(e[block + i * cols + j], got, tolerance, relative);
                        compared++;
                    }
                }
            }
            if (all && differsFromUnshifted && compared >= 2) {
                return "your values are the expected ones moved " + names[m]
                        + " (compare the rows and columns that overlap): the padding is on the wrong side,"
                        + " or an index is off by one";
            }
        }
        return null;
    }
}
