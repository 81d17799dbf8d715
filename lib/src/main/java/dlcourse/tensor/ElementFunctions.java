package dlcourse.tensor;

/**
 * The element functions of the activations, once for the whole library: the numerically stable sigmoid in
 * float64, and the sigmoid and tanh on float32 arrays for the float32 fast paths ({@link Precision#FLOAT32}).
 *
 * <p><b>float32.</b> When the JVM has the Vector API module ({@code --add-modules jdk.incubator.vector}, as
 * the benchmarks start it) the float32 functions run on it, some 20 times faster than a plain loop, which must
 * call {@code Math.exp} or {@code Math.tanh} in float64 for each value; the results are within 2 units in the
 * last place of float32 of the float64 function rounded to float32, except that a sigmoid below 1e-38 (of an x
 * below about -87) may come out as 0 (the tests hold both paths to that). They may also differ in the last
 * place before and after the JIT compiles the Vector API's functions, so a float32 computation repeated in one
 * JVM can differ in its last bits; the plain loops always give the same results. Without
 * the module they are that plain loop: the float64 function rounded once. {@link #vectorised()} tells which;
 * {@code -Ddlcourse.vector=false} forces the plain loops (for tests, and to compare).
 */
public final class ElementFunctions {
    private ElementFunctions() {}

    private static final boolean VECTOR = loadVectorKernels();

    /**
     * sigma(x) = 1 / (1 + e^-x), in the stable form: e^-x is computed only for x &gt;= 0 and e^x only for x &lt; 0,
     * so neither overflows (the library's one sigmoid; {@code dlcourse.nn.Sigmoid#sigma} is this function).
     */
    public static double sigmoid(double x) {
        // sigma(x) = 1 / (1 + e^-x), written so that neither branch overflows
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** Whether the float32 functions (and those loops of {@code Float32Arithmetic} that can) use the Vector API. */
    public static boolean vectorised() {
        return VECTOR;
    }

    /** out[outOffset + i] = sigma(in[inOffset + i]) for i in 0 .. count-1, in float32 ({@code in} may be out). */
    public static void sigmoid(float[] in, int inOffset, float[] out, int outOffset, int count) {
        if (VECTOR) {
            VectorKernels.sigmoid(in, inOffset, out, outOffset, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = (float) sigmoid(in[inOffset + i]);
        }
    }

    /** out[outOffset + i] = tanh(in[inOffset + i]) for i in 0 .. count-1, in float32 ({@code in} may be out). */
    public static void tanh(float[] in, int inOffset, float[] out, int outOffset, int count) {
        if (VECTOR) {
            VectorKernels.tanh(in, inOffset, out, outOffset, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = (float) Math.tanh(in[inOffset + i]);
        }
    }

    /**
     * Whether the Vector API is in this JVM and its kernels run: the module must have been added at start-up
     * (a class of an absent module fails to load), and a first call must give the right values.
     */
    private static boolean loadVectorKernels() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()
                || "false".equals(System.getProperty("dlcourse.vector"))) {
            return false;
        }
        try {
            float[] x = {0f, 1f, -1f, 40f, -40f, 0.5f, -0.5f, 2f, 3f, -3f, 4f, -4f, 5f, -5f, 6f, -6f, 7f};
            float[] y = new float[x.length];
            VectorKernels.sigmoid(x, 0, y, 0, x.length);
            for (int i = 0; i < x.length; i++) {
                if (Math.abs(y[i] - sigmoid(x[i])) > 1e-6) {
                    return false;
                }
            }
            VectorKernels.tanh(x, 0, y, 0, x.length);
            return Math.abs(y[1] - Math.tanh(1)) < 1e-6;
        } catch (Throwable e) {
            return false;
        }
    }
}
