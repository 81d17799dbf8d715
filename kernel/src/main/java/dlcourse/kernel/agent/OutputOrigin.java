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
 */
final class OutputOrigin {
    private static final Object LOCK = new Object();
    private static final InheritableThreadLocal<Long> STARTED_IN = new InheritableThreadLocal<>();
    private static volatile long current;
    private static long lastSent;

    private OutputOrigin() {
    }

    /** Called on the cell thread before a cell's snippets run. */
    static void cellStarts(long runId) {
        current = runId;
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
        long origin = ofThisThread();
        synchronized (LOCK) {
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
            OutputOrigin.write(() -> out.write(b, off, len));
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
