package dlcourse.tensor;

/**
 * Prints which back end computes {@link MatMul}'s products in this JVM, for {@code ./course doctor}:
 * <pre>
 * MatMul backend: native (netlib JNI to libblas.so.3 = /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3), precision float64
 * </pre>
 * (the precision of the products, {@link Precision}, chosen by {@code -Ddlcourse.precision})
 * and, when the back end is not the native one, a second line starting with {@code fix: } that says how to
 * get it. Always exits 0: a slower back end still computes correct results.
 */
public final class MatMulInfo {
    private MatMulInfo() {}

    public static void main(String[] args) {
        try {
            MatMul.backend();
        } catch (ExceptionInInitializerError e) {
            // a -Ddlcourse.matmul that names no back end, or one that cannot load here
            System.out.println("MatMul backend: none (" + e.getCause().getMessage() + ")");
            System.out.println("fix: correct or remove -D" + MatMul.PROPERTY + " (in JJAVA_JVM_OPTS or the JVM's options)");
            return;
        }
        String precision;
        try {
            precision = Precision.current().label();
        } catch (ExceptionInInitializerError e) {
            System.out.println("MatMul backend: " + MatMul.describeBackend() + ", precision none ("
                    + e.getCause().getMessage() + ")");
            System.out.println("fix: correct or remove -D" + Precision.PROPERTY + " (in JJAVA_JVM_OPTS or the JVM's"
                    + " options)");
            return;
        }
        System.out.println("MatMul backend: " + MatMul.describeBackend() + ", precision " + precision);
        if (MatMul.backend() != MatMul.Backend.NATIVE) {
            String why = Blas.load(MatMul.Backend.NATIVE).error();
            System.out.println(fixLine(why));
        }
    }

    /** The advice for a JVM that runs without the native back end. */
    static String fixLine(String whyNotNative) {
        if (whyNotNative == null) {
            return "fix: the native BLAS is installed but -D" + MatMul.PROPERTY + "=" + MatMul.backend().label()
                    + " forces another back end; remove that option to use it";
        }
        return "fix: " + whyNotNative + "; then restart (without it the library still works, more slowly)";
    }
}
