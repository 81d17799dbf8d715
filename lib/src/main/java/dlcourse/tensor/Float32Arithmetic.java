package dlcourse.tensor;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The element-wise arithmetic of {@link Tensor} in float32, for {@link Precision#FLOAT32}: each method is the
 * float64 loop of the {@code Tensor} method of the same name, on float arrays, in IEEE float32 arithmetic: each
 * +, -, * and / rounds once, so a one-operation method (plus, minus, times, dividedBy, plusRow, scaleRows) gives
 * the float64 result on the same float32 operands rounded once, and a compound one (plusScaled, the slopes of
 * the sigmoid and tanh, sum) rounds after each of its operations, as float32 code does. {@code map} and
 * {@code zipWith} compute their function in float64 and round its result once. Large arrays are split over the
 * cores by {@link Parallel}, as in {@code Tensor}.
 */
final class Float32Arithmetic {
    private Float32Arithmetic() {}

    static float[] plus(float[] a, float[] b) {
        float[] out = Float32Memory.take(a.length);
        Parallel.forRange(a.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = a[i] + b[i];
            }
        });
        return out;
    }

    static float[] minus(float[] a, float[] b) {
        float[] out = Float32Memory.take(a.length);
        Parallel.forRange(a.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = a[i] - b[i];
            }
        });
        return out;
    }

    /** a + factor * b, with the factor rounded to float32 as PyTorch's float32 optimizers round a learning rate. */
    static float[] plusScaled(float[] a, double factor, float[] b) {
        return plusScaledInto(a, factor, b, Float32Memory.take(a.length));
    }

    /** a + factor * b into {@code out} (which may be {@code a} itself), with the factor rounded to float32. */
    static float[] plusScaledInto(float[] a, double factor, float[] b, float[] out) {
        float f = (float) factor;
        Parallel.forRange(a.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = a[i] + f * b[i];
            }
        });
        return out;
    }

    static float[] times(float[] a, float[] b) {
        float[] out = Float32Memory.take(a.length);
        Parallel.forRange(a.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = a[i] * b[i];
            }
        });
        return out;
    }

    static float[] dividedBy(float[] a, float[] b) {
        float[] out = Float32Memory.take(a.length);
        Parallel.forRange(a.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = a[i] / b[i];
            }
        });
        return out;
    }

    static float[] times(float[] a, double factor) {
        float f = (float) factor;
        float[] out = Float32Memory.take(a.length);
        Parallel.forRange(a.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = a[i] * f;
            }
        });
        return out;
    }

    static float[] plus(float[] a, double value) {
        float v = (float) value;
        float[] out = Float32Memory.take(a.length);
        Parallel.forRange(a.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = a[i] + v;
            }
        });
        return out;
    }

    /** max(floor, x), NaN becoming floor, as {@link Tensor#atLeast}. */
    static float[] atLeast(float[] a, double floor) {
        float low = (float) floor;
        float[] out = Float32Memory.take(a.length);
        boolean vector = ElementFunctions.vectorised();
        Parallel.forRange(a.length, 1, (from, to) -> {
            if (vector) {
                VectorKernels.atLeast(a, low, out, from, to);   // the JIT of JDK 17 leaves the loop below scalar
                return;
            }
            for (int i = from; i < to; i++) {
                float v = a[i];
                out[i] = v > low ? v : low;
            }
        });
        return out;
    }

    static float[] wherePositive(float[] a, float[] gate) {
        float[] out = Float32Memory.take(a.length);
        boolean vector = ElementFunctions.vectorised();
        Parallel.forRange(a.length, 1, (from, to) -> {
            if (vector) {
                VectorKernels.wherePositive(a, gate, out, from, to);
                return;
            }
            for (int i = from; i < to; i++) {
                out[i] = gate[i] > 0 ? a[i] : 0;
            }
        });
        return out;
    }

    /** g * y * (1 - y): the gradient through a sigmoid with output y. */
    static float[] timesSigmoidSlope(float[] g, float[] y) {
        float[] out = Float32Memory.take(g.length);
        Parallel.forRange(g.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = g[i] * y[i] * (1 - y[i]);
            }
        });
        return out;
    }

    /** g * (1 - t * t): the gradient through a tanh with output t. */
    static float[] timesTanhSlope(float[] g, float[] t) {
        float[] out = Float32Memory.take(g.length);
        Parallel.forRange(g.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = g[i] * (1 - t[i] * t[i]);
            }
        });
        return out;
    }

    /** f in float64 on each (float32) element, the result rounded to float32. */
    static float[] map(float[] a, DoubleUnaryOperator f) {
        float[] out = Float32Memory.take(a.length);
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) f.applyAsDouble(a[i]);
        }
        return out;
    }

    /** f in float64 on each pair of (float32) elements, the result rounded to float32. */
    static float[] zipWith(float[] a, float[] b, DoubleBinaryOperator f) {
        float[] out = Float32Memory.take(a.length);
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) f.applyAsDouble(a[i], b[i]);
        }
        return out;
    }

    /** A matrix [rows, d] plus a row [d] added to every row. */
    static float[] plusRow(float[] a, int rows, int d, float[] row) {
        float[] out = Float32Memory.take(a.length);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = a[i * d + j] + row[j];
            }
        }
        return out;
    }

    /** A matrix [rows, d] with row i times factors[i]. */
    static float[] scaleRows(float[] a, int rows, int d, float[] factors) {
        float[] out = Float32Memory.take(a.length);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = a[i * d + j] * factors[i];
            }
        }
        return out;
    }

    /** The column sums of a matrix [rows, d] (axis 0: [d]) or its row sums (axis 1: [rows]). */
    static float[] sum(float[] a, int rows, int d, int axis) {
        if (axis == 0) {
            float[] out = new float[d];
            for (int i = 0; i < rows; i++) {
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    out[j] += a[row + j];   // a loop the JIT vectorises: each j its own sum
                }
            }
            return out;
        }
        float[] out = new float[rows];
        for (int i = 0; i < rows; i++) {
            float sum = 0;
            for (int j = 0; j < d; j++) {
                sum += a[i * d + j];
            }
            out[i] = sum;
        }
        return out;
    }

    /** True if any element is NaN or infinite (the branch-free sums of {@link Tensor#hasNonFinite}). */
    static boolean hasNonFinite(float[] a) {
        if (ElementFunctions.vectorised()) {
            return VectorKernels.hasNonFinite(a);
        }
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= a.length; i += 8) {
            s0 += a[i] * 0f;
            s1 += a[i + 1] * 0f;
            s2 += a[i + 2] * 0f;
            s3 += a[i + 3] * 0f;
            s4 += a[i + 4] * 0f;
            s5 += a[i + 5] * 0f;
            s6 += a[i + 6] * 0f;
            s7 += a[i + 7] * 0f;
        }
        for (; i < a.length; i++) {
            s0 += a[i] * 0f;
        }
        return Float.isNaN(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7);
    }
}
