package dlcourse.kernel.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Which cell a piece of output belongs to: the cell that started the thread that prints it. The kernel tells the
 * agent each cell's run number before it runs ({@link CellAgent#CELL_STARTS}); a thread inherits the number of the
 * cell during which it was created, so a thread started in cell 3 that prints while the kernel is idle, or while
 * cell 5 runs, prints into cell 3. Threads that no cell started, and the workers of fork-join pools (shared by every
 * cell's parallel streams), print into the cell running now, or the last one that ran.
 *
 * <p>Before output of another origin goes out, a small frame on the display channel says whose it is; one lock keeps
 * the frame and the text together, so the kernel reads the streams as a sequence of (origin, text).
 *
 * <p>The kernel keeps at most its output limit of characters per cell. A character takes at most 4 bytes, so once a
 * cell's text has passed 4 times that many bytes, the kernel would drop the rest anyway: the agent stops sending it,
 * and a cell that prints 200 MB costs no more transport than one that prints 4 times the limit.
 */
final class OutputOrigin {
    private static final Object LOCK = new Object();
    private static final InheritableThreadLocal<Long> STARTED_IN = new InheritableThreadLocal<>();
    private static volatile long current;
    private static volatile long byteLimit;
    private static long lastSent;
    /** Bytes of stream text sent per run number, for the last few cells that printed. */
    private static final java.util.Map<Long, long[]> SENT = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, long[]> eldest) {
            return size() > 64;
        }
    };

    private OutputOrigin() {
    }

    /**
     * Called on the cell thread before a cell's snippets run.
     *
     * @param outputLimit the kernel's limit of characters per cell, 0 for none
     */
    static void cellStarts(long runId, long outputLimit) {
        current = runId;
        byteLimit = outputLimit <= 0 ? 0 : 4 * outputLimit + 4096;
        STARTED_IN.set(runId);
    }

    /** The run number that output printed now by this thread belongs to. */
    static long ofThisThread() {
        Thread thread = Thread.currentThread();
        Long startedIn = STARTED_IN.get();
        if (startedIn == null || thread instanceof ForkJoinWorkerThread) {
            return current;
        }
        return startedIn;
    }

    /** Runs {@code write} (which writes to one of the agent's streams) as output of this thread's cell. */
    static void write(IoAction write) throws IOException {
        write(write, 0);
    }

    /** Same, for {@code length} bytes of stream text, which count towards the cell's limit. */
    private static void write(IoAction write, int length) throws IOException {
        long origin = ofThisThread();
        synchronized (LOCK) {
            if (length > 0) {
                long[] sent = SENT.computeIfAbsent(origin, run -> new long[1]);
                long limit = byteLimit;
                if (limit > 0 && sent[0] >= limit) {
                    return; // beyond what the kernel keeps
                }
                sent[0] += length;
            }
            if (origin != lastSent) {
                DisplayChannel.sendOrigin(origin);
                lastSent = origin;
            }
            write.run();
        }
    }

    /** A write that may fail. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    /** The user's {@code System.out} or {@code System.err}: each write is tagged with its cell first. */
    static final class TaggedStream extends OutputStream {
        private final OutputStream out;

        TaggedStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            OutputOrigin.write(() -> out.write(b, off, len), len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
