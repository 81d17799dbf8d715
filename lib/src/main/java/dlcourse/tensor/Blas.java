package dlcourse.tensor;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The back ends of {@link MatMul} behind one interface, and how each is loaded. Row-major C = op(A) op(B)
 * is, read column-major as BLAS reads it, C^T = op(B)^T op(A)^T: so a row-major product is the BLAS call with
 * the operands swapped, and no data moves.
 */
interface Blas {
    void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, int aOffset, int lda,
              double[] b, int bOffset, int ldb, boolean accumulate, double[] c, int cOffset, int ldc);

    /** The same product in float32 (sgemm): C = op(A) op(B), overwriting C. */
    @FunctionalInterface
    interface Single {
        void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, float[] a, int aOffset, int lda,
                  float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc);
    }

    /**
     * A back end, or why it cannot run here ({@code error} is then a message that says how to get it);
     * {@code single} is its float32 product (see {@link Precision}).
     */
    record Loaded(MatMul.Backend backend, Blas blas, Single single, String detail, String error) {}

    /**
     * netlib logs a warning for every implementation it fails to load (the Vector API one whenever the JVM
     * lacks {@code --add-modules jdk.incubator.vector}); that would reach a student's notebook on every start.
     * The choice is reported by {@link MatMul#describeBackend()} instead. Held here so that it stays silenced.
     */
    Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");

    Map<MatMul.Backend, Loaded> LOADED = new EnumMap<>(MatMul.Backend.class);

    /** The back end named by {@code -Ddlcourse.matmul} ("auto" or empty: native, else vector, else java). */
    static Loaded choose(String name) {
        String wanted = name == null ? "auto" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (wanted.isEmpty() || wanted.equals("auto")) {
            for (MatMul.Backend backend : new MatMul.Backend[] {MatMul.Backend.NATIVE, MatMul.Backend.VECTOR}) {
                Loaded loaded = load(backend);
                if (loaded.error() == null) {
                    return loaded;
                }
            }
            return load(MatMul.Backend.JAVA);
        }
        for (MatMul.Backend backend : MatMul.Backend.values()) {
            if (backend.label().equals(wanted)) {
                Loaded loaded = load(backend);
                if (loaded.error() != null) {
                    throw new IllegalStateException("-D" + MatMul.PROPERTY + "=" + wanted + ": " + loaded.error());
                }
                return loaded;
            }
        }
        throw new IllegalArgumentException("-D" + MatMul.PROPERTY + "=" + name + " names no back end; use one of"
                + " reference, java, vector, native, or auto (the default: the fastest that loads)");
    }

    /** Loads one back end once; never throws. */
    static Loaded load(MatMul.Backend backend) {
        synchronized (LOADED) {
            return LOADED.computeIfAbsent(backend, Blas::tryLoad);
        }
    }

    private static Loaded tryLoad(MatMul.Backend backend) {
        NETLIB_LOG.setLevel(Level.OFF);
        switch (backend) {
            case REFERENCE:
                return new Loaded(backend, MatMul::reference, MatMul::referenceSingle,
                        "the plain triple loop, one thread", null);
            case JAVA:
                return new Loaded(backend, rowsInParallel(JavaGemm::gemm), singleRowsInParallel(JavaGemm::gemmSingle),
                        "plain Java loop, " + Parallel.threads() + " threads", null);
            case VECTOR:
                try {
                    BLAS blas = JavaBLAS.getInstance();
                    if (!blas.getClass().getSimpleName().equals("VectorBLAS")) {
                        return unavailable(backend, "the Vector API is not enabled; start the JVM with"
                                + " --add-modules jdk.incubator.vector (JDK 17 or later)");
                    }
                    return new Loaded(backend, rowsInParallel(netlib(blas)), singleRowsInParallel(netlibSingle(blas)),
                            "netlib VectorBLAS, " + Parallel.threads() + " threads", null);
                } catch (Throwable e) {
                    return unavailable(backend, "netlib's VectorBLAS did not load (" + e + "); start the JVM with"
                            + " --add-modules jdk.incubator.vector and put dev.ludovic.netlib:blas on the class path");
                }
            case NATIVE:
                try {
                    BLAS blas = NativeBLAS.getInstance();
                    // a first call makes sure that the library is really there and answers correctly
                    double[] c = new double[1];
                    blas.dgemm("N", "N", 1, 1, 1, 1.0, new double[] {2}, 1, new double[] {3}, 1, 0.0, c, 1);
                    if (c[0] != 6.0) {
                        return unavailable(backend, "the native BLAS computed 2 x 3 = " + c[0]);
                    }
                    return new Loaded(backend, netlib(blas), netlibSingle(blas), nativeLibrary(), null);
                } catch (Throwable e) {
                    return unavailable(backend, "no native BLAS could be loaded (" + e.getMessage() + "); install"
                            + " OpenBLAS: sudo apt-get install libopenblas0-pthread (Debian/Ubuntu), which"
                            + " provides libblas.so.3");
                }
            default:
                throw new AssertionError(backend);
        }
    }

    private static Loaded unavailable(MatMul.Backend backend, String why) {
        return new Loaded(backend, null, null, why, why);
    }

    /** A netlib BLAS called for a row-major product: the operands swapped, as the class comment explains. */
    private static Blas netlib(BLAS blas) {
        return (transposeA, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, accumulate, c, cOffset, ldc) ->
                blas.dgemm(transposeB ? "T" : "N", transposeA ? "T" : "N", n, m, k, 1.0, b, bOffset, ldb, a, aOffset,
                        lda, accumulate ? 1.0 : 0.0, c, cOffset, ldc);
    }

    /** netlib's sgemm for a row-major product, operands swapped as for {@link #netlib}. */
    private static Single netlibSingle(BLAS blas) {
        return (transposeA, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc) ->
                blas.sgemm(transposeB ? "T" : "N", transposeA ? "T" : "N", n, m, k, 1.0f, b, bOffset, ldb, a, aOffset,
                        lda, 0.0f, c, cOffset, ldc);
    }

    /** {@link #rowsInParallel} for a float32 product. */
    private static Single singleRowsInParallel(Single single) {
        return (transposeA, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc) -> {
            if (transposeA && aOffset + (long) k * lda + m > a.length) {
                // as in rowsInParallel: a block of columns of A would end inside its last row
                single.gemm(true, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
                return;
            }
            Parallel.forRange(m, (long) n * k, (from, to) -> single.gemm(transposeA, transposeB, to - from, n, k,
                    a, aOffset + (transposeA ? from : from * lda), lda, b, bOffset, ldb, c, cOffset + from * ldc, ldc));
        };
    }

    /**
     * A single-threaded back end split over the cores by {@link Parallel}: rows of C are independent, so each
     * range of rows is the same product on a block of rows of op(A) and of C.
     */
    private static Blas rowsInParallel(Blas single) {
        return (transposeA, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, accumulate, c, cOffset, ldc) -> {
            if (transposeA && aOffset + (long) k * lda + m > a.length) {
                // rows of op(A) are columns of A here; a block of them would end inside A's last row, past
                // what netlib's bounds check allows, so this product stays on one thread
                single.gemm(true, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, accumulate, c, cOffset, ldc);
                return;
            }
            Parallel.forRange(m, (long) n * k, (from, to) -> single.gemm(transposeA, transposeB, to - from, n, k,
                    a, aOffset + (transposeA ? from : from * lda), lda, b, bOffset, ldb, accumulate, c,
                    cOffset + from * ldc, ldc));
        };
    }

    /** Which file the native BLAS came from, read from the process's memory map where the system has one. */
    private static String nativeLibrary() {
        String wanted = System.getProperty("dev.ludovic.netlib.blas.nativeLibPath",
                System.getProperty("dev.ludovic.netlib.blas.nativeLib", "libblas.so.3"));
        try {
            Path maps = Path.of("/proc/self/maps");
            if (Files.isReadable(maps)) {
                try (var lines = Files.lines(maps)) {
                    var found = lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                            .filter(path -> path.contains("blas") && !path.contains("netlibblasjni"))
                            .findFirst();
                    if (found.isPresent()) {
                        return "netlib JNI to " + wanted + " = " + found.get();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: the name alone
        }
        return "netlib JNI to " + wanted;
    }
}
