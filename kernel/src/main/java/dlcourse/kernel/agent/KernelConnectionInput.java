package dlcourse.kernel.agent;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The stream of commands from the kernel. When it ends, the kernel is gone: this JVM halts shortly after, even if
 * a cell is still running, so that no execution JVM outlives its kernel.
 */
final class KernelConnectionInput extends FilterInputStream {
    private static final long GRACE_MILLIS = 500;

    KernelConnectionInput(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        return check(() -> super.read());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return check(() -> super.read(b, off, len));
    }

    private interface Read {
        int run() throws IOException;
    }

    private static int check(Read read) throws IOException {
        try {
            int n = read.run();
            if (n < 0) {
                haltSoon();
            }
            return n;
        } catch (IOException e) {
            haltSoon();
            throw e;
        }
    }

    private static void haltSoon() {
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(GRACE_MILLIS);
            } catch (InterruptedException e) {
                // halt now
            }
            Runtime.getRuntime().halt(0);
        }, "kernel-gone");
        halter.setDaemon(true);
        halter.start();
    }
}
