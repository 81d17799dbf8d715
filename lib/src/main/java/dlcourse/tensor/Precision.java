package dlcourse.tensor;

import java.util.Locale;

/**
 * The arithmetic in which the library's tensors compute: {@link #FLOAT64} (the default) or {@link #FLOAT32},
 * chosen for the whole JVM.
 *
 * <p><b>What float32 covers.</b> In float32 a tensor operation rounds its operands to float32, computes in
 * float32 and stores its result in float32, as PyTorch's float32 tensors do:
 * <ul>
 *   <li>the products of {@link Tensor#matmul} and its transposed forms ({@code sgemm}, twice the throughput of
 *       {@code dgemm} on a CPU with vector units), and the fast paths of the convolution and the LSTM, which
 *       keep float32 arrays from input to output;</li>
 *   <li>the element-wise arithmetic of {@link Tensor} (plus, minus, times, dividedBy, plusScaled, atLeast,
 *       wherePositive, map, zipWith, plusRow, scaleRows, sum over an axis, sigmoid, tanh and their slopes):
 *       IEEE float32 arithmetic ({@code map} and {@code zipWith} compute their function in float64 and round
 *       its result);</li>
 *   <li>{@code select} and {@code slice} keep float32 (a mini-batch of a float64 data set is rounded as it is
 *       copied); the other copies (transpose, columns, concatColumns, stack, padImages, cropImages) give
 *       float64 tensors of the same values;</li>
 *   <li>a parameter's replaced values and gradients are retired, so that the next ones reuse their memory
 *       (see {@link Tensor#retire} and {@code dlcourse.nn.Parameter}).</li>
 * </ul>
 * Reductions to a number (sum, max, squaredNorm) and everything that reads a tensor's float64 values
 * ({@link Tensor#get}, {@link Tensor#rawData}) see the exact values of a float32 tensor. The result of a
 * training step agrees with the float64 one to about float32's relative precision (2^-24, some 6e-8, times
 * the growth of rounding over a sum of K terms), not to 1e-15.
 *
 * <p><b>How to choose.</b> The system property {@code -Ddlcourse.precision=float32} (in a notebook through
 * {@code JJAVA_JVM_OPTS}; in a benchmark through the JVM's options) or {@link #set}/{@link #using} from code.
 * Gradient checks and the oracle tests run in float64: central differences with a step of 1e-5 cannot resolve
 * a function computed to 1e-7, so {@code dlcourse.check.GradientCheck} switches to float64 while it runs.
 */
public enum Precision {
    /** IEEE double precision: 53-bit significands, the default; the library's tests agree with references to 1e-15. */
    FLOAT64,
    /** IEEE single precision: 24-bit significands, about twice as fast, half the memory. */
    FLOAT32;

    /** The system property that chooses the precision by name: float64 (default) or float32. */
    public static final String PROPERTY = "dlcourse.precision";

    private static volatile Precision current = parse(System.getProperty(PROPERTY));

    /** The precision in which products run now. */
    public static Precision current() {
        return current;
    }

    /** Sets the precision for the whole JVM (every thread) from now on; returns the previous one. */
    public static Precision set(Precision precision) {
        if (precision == null) {
            throw new IllegalArgumentException("Precision.set: expected FLOAT64 or FLOAT32, got null");
        }
        Precision previous = current;
        current = precision;
        return previous;
    }

    /**
     * Sets the precision until the returned scope is closed, then restores the previous one:
     * {@code try (var scope = Precision.using(Precision.FLOAT32)) { ... }}.
     */
    public static Scope using(Precision precision) {
        Precision previous = set(precision);
        return () -> current = previous;
    }

    /** A setting of the precision that ends when it is closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The name used by {@code -Ddlcourse.precision=NAME}: "float64" or "float32". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The precision named by {@code name} (float64, float32, or their aliases double, float, fp64, fp32); null or
     * blank: float64. */
    public static Precision parse(String name) {
        if (name == null || name.isBlank()) {
            return FLOAT64;
        }
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "float64":
            case "double":
            case "fp64":
                return FLOAT64;
            case "float32":
            case "float":
            case "fp32":
                return FLOAT32;
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + name + " names no precision; use float64"
                        + " (the default: double precision everywhere) or float32 (tensors computed and"
                        + " stored in single precision, as PyTorch's float32)");
        }
    }
}
