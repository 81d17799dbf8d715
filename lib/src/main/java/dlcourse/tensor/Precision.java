package dlcourse.tensor;

import java.util.Locale;

/**
 * The arithmetic in which the library's matrix products run: {@link #FLOAT64} (the default) or
 * {@link #FLOAT32}, chosen for the whole JVM.
 *
 * <p><b>What float32 covers.</b> Every product of {@link MatMul} (dense layers, the convolution's im2col
 * products, the LSTM's gate products: the bulk of a training step's arithmetic) reads its operands rounded to
 * float32 and multiplies and sums in float32 ({@code sgemm}, twice the throughput of {@code dgemm} on a CPU
 * with vector units); its result is stored back in the tensor's float64 array. Everything else (tensor
 * storage, element-wise operations, losses, optimizer updates) stays float64. The result of a training step
 * therefore agrees with the float64 one to about float32's relative precision (2^-24, some 6e-8, times the
 * growth of rounding over a sum of K terms), not to 1e-15.
 *
 * <p><b>How to choose.</b> The system property {@code -Ddlcourse.precision=float32} (in a notebook through
 * {@code JJAVA_JVM_OPTS}; in a benchmark through the JVM's options) or {@link #set}/{@link #using} from code.
 * Gradient checks and the oracle tests run in float64: central differences with a step of 1e-5 cannot resolve
 * a function computed to 1e-7, so {@code dlcourse.check.GradientCheck} switches to float64 while it runs.
 */
public enum Precision {
    /** IEEE double precision: 53-bit significands, the default; the library's tests agree with references to 1e-15. */
    FLOAT64,
    /** IEEE single precision in the matrix products: 24-bit significands, about twice as fast. */
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
                        + " (the default: double precision everywhere) or float32 (the matrix products in single"
                        + " precision)");
        }
    }
}
