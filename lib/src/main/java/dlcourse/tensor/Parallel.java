package dlcourse.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The one parallel policy of the library. Every fast path that splits work over the cores (im2col and
 * col2im, pooling, the LSTM's element-wise steps, the Java back ends of {@link MatMul}) calls
 * {@link #forRange}; nothing else in the library starts threads.
 *
 * <p>The rule, in one place: items {@code 0 .. count-1} are split into one contiguous range per core and run
 * at once when all of these hold, and on the calling thread otherwise:
 * <ol>
 *   <li>there is enough work to pay for the hand-over: {@code count * workPerItem >= }{@link #THRESHOLD}
 *       (work counted in multiply-adds or element updates; a hand-over costs some microseconds);</li>
 *   <li>the caller is not already inside a parallel range (no nesting: the cores are busy already);</li>
 *   <li>one item is not itself a product that the native BLAS spreads over the cores
 *       ({@code workPerItem < }{@link MatMul} native's own threading size, about 2^18 multiply-adds for
 *       OpenBLAS): so the BLAS's threads and ours never run at the same time and never oversubscribe.</li>
 * </ol>
 * The threads are the JVM's common fork-join pool (one worker fewer than cores, plus the calling thread).
 * {@code -Ddlcourse.threads=1} runs everything on the calling thread.
 */
public final class Parallel {
    private Parallel() {}

    /** Below this much work in all, a range runs on the calling thread. */
    public static final long THRESHOLD = 1L << 16;

    /**
     * Products of at most this many multiply-adds run on one thread inside OpenBLAS (its SMP threshold
     * 65536 times GEMM_MULTITHREAD_THRESHOLD 4); larger ones it spreads over the cores itself.
     */
    static final long BLAS_SINGLE_THREAD_WORK = 65536L * 4;

    private static final int THREADS = threadsSetting();

    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    /** Work on the items {@code from .. to-1} of a range. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** The number of threads a range may use: the cores, or {@code -Ddlcourse.threads}. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over the items {@code 0 .. count-1}, split into one contiguous range per thread when
     * the rule of this class allows, else as {@code body.run(0, count)} on the calling thread. Ranges must
     * write disjoint parts of their outputs.
     *
     * @param workPerItem about how many multiply-adds or element updates one item costs
     * @param callsBlas   whether an item calls {@link MatMul} (then rule 3 applies)
     */
    public static void forRange(int count, long workPerItem, boolean callsBlas, Range body) {
        int chunks = rangesFor(count, workPerItem, callsBlas);
        if (chunks == 1) {
            body.run(0, count);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            boolean outer = INSIDE.get();
            INSIDE.set(true);
            try {
                body.run((int) ((long) count * chunk / chunks), (int) ((long) count * (chunk + 1) / chunks));
            } finally {
                INSIDE.set(outer);
            }
        });
    }

    /** {@link #forRange} for items that do not call {@link MatMul}. */
    public static void forRange(int count, long workPerItem, Range body) {
        forRange(count, workPerItem, false, body);
    }

    /** How many ranges {@link #forRange} would use for this work: 1 when it would run on the calling thread. */
    public static int rangesFor(int count, long workPerItem, boolean callsBlas) {
        int chunks = (int) Math.min(THREADS, count);
        boolean blasThreadsItself = callsBlas && MatMul.backend() == MatMul.Backend.NATIVE
                && workPerItem > BLAS_SINGLE_THREAD_WORK;
        if (chunks < 2 || (double) count * workPerItem < THRESHOLD || INSIDE.get() || blasThreadsItself) {
            return 1;
        }
        return chunks;
    }

    private static int threadsSetting() {
        int cores = Math.min(Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism() + 1);
        String setting = System.getProperty("dlcourse.threads");
        if (setting == null || setting.isBlank()) {
            return Math.max(1, cores);
        }
        try {
            int threads = Integer.parseInt(setting.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-Ddlcourse.threads=" + setting + ": expected a whole number of"
                + " threads, 1 or more (1 runs everything on the calling thread)");
    }
}
