package dlcourse.kernel.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The execution JVM's two connections to its kernel, both over Unix domain sockets in a folder that only the
 * kernel's user can open (mode 0700), never over a TCP port:
 * <ul>
 *   <li>{@link #connect(Path)}: JShell's commands and the user's streams;</li>
 *   <li>{@link #relayDebugger(int, Path)}: the debugger (JDWP) that the kernel uses to stop cells. JDWP itself only
 *       speaks TCP, so it listens on a loopback port and this JVM connects to that port at once, before any user
 *       code runs, greets it with JDWP's handshake and relays its packets to the kernel. JDWP serves one
 *       debugger at a time, so once the relay holds the port, nobody else can attach; inside the kernel's sandbox
 *       the port is in a network namespace of its own, which no other process can reach at all. Without that
 *       namespace, the port is open on loopback between the JVM's start and this connection; a process that
 *       takes it first makes this JVM end before any user code runs.</li>
 * </ul>
 */
public final class KernelChannel {
    private static final long DEBUGGER_WAIT_MILLIS = 5_000;

    private KernelChannel() {
    }

    /** A blocking connection to the kernel's socket at {@code path}. */
    static SocketChannel connect(Path path) throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(path));
    }

    /**
     * Takes this JVM's debugger port and relays it to the kernel's socket at {@code kernelSocket}.
     *
     * @throws IOException if the port is not there or someone else holds it (the caller must then end this JVM)
     */
    static void relayDebugger(int jdwpPort, Path kernelSocket) throws IOException {
        Socket jdwp = null;
        long deadline = System.nanoTime() + DEBUGGER_WAIT_MILLIS * 1_000_000L;
        while (jdwp == null) {
            try {
                jdwp = new Socket(InetAddress.getLoopbackAddress(), jdwpPort);
            } catch (IOException refused) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the debugger port " + jdwpPort + " is not open or is held by another"
                            + " process: " + refused.getMessage(), refused);
                }
                sleep(20);
            }
        }
        jdwp.setTcpNoDelay(true);
        // JDWP's greeting, at once (JDWP drops a debugger that is slow to greet it, and listens again)
        byte[] handshake = "JDWP-Handshake".getBytes(StandardCharsets.US_ASCII);
        jdwp.getOutputStream().write(handshake);
        byte[] answer = jdwp.getInputStream().readNBytes(handshake.length);
        if (!Arrays.equals(answer, handshake)) {
            jdwp.close();
            throw new IOException("the debugger on port " + jdwpPort + " did not answer JDWP's handshake");
        }
        SocketChannel kernel = connect(kernelSocket);
        pump("dlcourse-debug-relay-in", jdwp.getInputStream(), out(kernel));
        pump("dlcourse-debug-relay-out", in(kernel), jdwp.getOutputStream());
    }

    /**
     * Ends this JVM when the debugger relay breaks (the kernel went, or user code broke it): JDWP would listen on
     * its port again, for anyone, and the kernel could no longer stop a cell.
     */
    private static void relayEnded() {
        Runtime.getRuntime().halt(3);
    }

    /**
     * An input stream on the channel, read by a thread of its own. A channel is closed for good when a thread that
     * uses it is interrupted, and user code interrupts its own threads (the cell runs in this JVM's main thread):
     * so no user thread ever touches the channel, they only take bytes from a queue.
     */
    public static InputStream in(SocketChannel channel) {
        BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
        Thread reader = new Thread(() -> {
            try {
                while (true) {
                    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
                    int n = channel.read(buffer);
                    putUninterruptibly(chunks, n < 0 ? END : Arrays.copyOf(buffer.array(), n));
                    if (n < 0) {
                        return;
                    }
                }
            } catch (IOException e) {
                putUninterruptibly(chunks, END);
            }
        }, "dlcourse-kernel-reader");
        reader.setDaemon(true);
        reader.start();
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int next;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (chunk != END && next == chunk.length) {
                    chunk = takeUninterruptibly(chunks);
                    next = 0;
                }
                if (chunk == END) {
                    return -1;
                }
                int n = Math.min(len, chunk.length - next);
                System.arraycopy(chunk, next, b, off, n);
                next += n;
                return n;
            }
        };
    }

    /** An output stream on the channel, written by a thread of its own (see {@link #in}); keeps the order. */
    public static OutputStream out(SocketChannel channel) {
        BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
        AtomicBoolean broken = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    ByteBuffer buffer = ByteBuffer.wrap(takeUninterruptibly(chunks));
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            } catch (IOException e) {
                broken.set(true);
            }
        }, "dlcourse-kernel-writer");
        writer.setDaemon(true);
        writer.start();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (broken.get()) {
                    throw new IOException("the connection to the kernel is closed");
                }
                if (len > 0) {
                    putUninterruptibly(chunks, Arrays.copyOfRange(b, off, off + len));
                }
            }
        };
    }

    private static final byte[] END = new byte[0];

    private static void putUninterruptibly(BlockingQueue<byte[]> queue, byte[] chunk) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(chunk);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] takeUninterruptibly(BlockingQueue<byte[]> queue) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return queue.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pump(String name, InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                relayEnded();
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
