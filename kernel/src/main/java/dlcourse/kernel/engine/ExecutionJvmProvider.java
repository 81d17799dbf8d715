package dlcourse.kernel.engine;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import jdk.jshell.execution.Util;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Gives JShell its execution engine: launches an {@link ExecutionJvm}, accepts its connection on a loopback port
 * and wires its streams: {@code out} and {@code err} (the user's prints) and {@code display} (MIME bundles) go to
 * the given {@link ExecutionOutputs}; {@code in} reads the given input.
 */
final class ExecutionJvmProvider implements ExecutionControlProvider {
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;

    private final ExecutionOptions options;
    private final ExecutionOutputs outputs;
    private final InputStream userInput;
    private volatile ExecutionJvmControl control;
    private ServerSocket server;
    private ExecutionJvm jvm;

    ExecutionJvmProvider(ExecutionOptions options, ExecutionOutputs outputs, InputStream userInput) {
        this.options = options;
        this.outputs = outputs;
        this.userInput = userInput;
    }

    @Override
    public String name() {
        return "dlcourse-execution-jvm";
    }

    /** The control made by the last {@link #generate}, or null before. */
    ExecutionJvmControl control() {
        return control;
    }

    /**
     * Starts the execution JVM now, so that it boots while JShell and its compiler start in this process;
     * {@link #generate} then only waits for it to connect.
     */
    synchronized void prelaunch() throws IOException {
        if (server == null) {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            jvm = ExecutionJvm.launch(options, server.getLocalPort());
        }
    }

    @Override
    public synchronized ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) throws Throwable {
        prelaunch();
        try (ServerSocket listening = server) {
            Socket socket = accept(listening, jvm);
            socket.setTcpNoDelay(true);
            OutputStream toJvm = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            ExecutionJvm launched = jvm;
            ExecutionJvmControl made = (ExecutionJvmControl) Util.remoteInputOutput(
                    socket.getInputStream(), toJvm,
                    Map.of("out", outputs.stdout(), "err", outputs.stderr(), "display", outputs.display()),
                    Map.of("in", userInput),
                    (in, out) -> new ExecutionJvmControl(out, in, launched));
            control = made;
            return made;
        } finally {
            server = null;
        }
    }

    /** Ends a prelaunched JVM that JShell never asked for (JShell failed to start). */
    synchronized void abandon() {
        if (jvm != null && control == null) {
            jvm.kill();
        }
    }

    private static Socket accept(ServerSocket server, ExecutionJvm jvm) throws IOException {
        server.setSoTimeout(100);
        long deadline = System.nanoTime() + CONNECT_TIMEOUT_MILLIS * 1_000_000L;
        while (true) {
            try {
                return server.accept();
            } catch (SocketTimeoutException e) {
                if (!jvm.isAlive()) {
                    throw new IOException("the execution JVM exited with status " + jvm.exitStatus(0)
                            + " before it started: " + jvm.recentOutput()
                            + "\n(check the JVM options, for example JJAVA_JVM_OPTS)");
                }
                if (System.nanoTime() > deadline) {
                    jvm.kill();
                    throw new IOException("the execution JVM did not connect within "
                            + CONNECT_TIMEOUT_MILLIS / 1000 + " s: " + jvm.recentOutput());
                }
            }
        }
    }
}
