package dlcourse.kernel.engine;

import dlcourse.kernel.agent.KernelChannel;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jshell.execution.Util;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Gives JShell its execution engine: launches an {@link ExecutionJvm}, accepts its two connections and wires its
 * streams: {@code out} and {@code err} (the user's prints) and {@code display} (MIME bundles) go to the given
 * {@link ExecutionOutputs}; {@code in} reads the given input.
 *
 * <p>The connections are Unix domain sockets in a fresh folder that only this user can open (mode 0700 where the
 * file system has POSIX permissions); each socket accepts one connection and is then closed and deleted, so no
 * other process can connect to the kernel in the JVM's place, nor to the JVM in the kernel's.
 */
final class ExecutionJvmProvider implements ExecutionControlProvider {
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    /** What a JVM prints when one of its options is wrong, as opposed to dying for another reason. */
    private static final Pattern BAD_OPTION = Pattern.compile(
            "Unrecognized (VM )?option|Invalid (initial|maximum) heap size|Could not create the Java Virtual Machine"
                    + "|Error: Could not find or load main class|Improperly specified VM option|Invalid .* size");

    private final ExecutionOptions options;
    private final ExecutionOutputs outputs;
    private final InputStream userInput;
    private volatile ExecutionJvmControl control;
    private Path channelDir;
    private ServerSocketChannel controlServer;
    private ServerSocketChannel debugServer;
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
        if (controlServer == null) {
            channelDir = privateFolder();
            Path controlSocket = channelDir.resolve("control");
            Path debugSocket = channelDir.resolve("debug");
            try {
                controlServer = listen(controlSocket);
                debugServer = listen(debugSocket);
                jvm = ExecutionJvm.launch(options, controlSocket, debugSocket, freeLoopbackPort());
            } catch (IOException | RuntimeException e) {
                closeServers();
                throw e;
            }
        }
    }

    @Override
    public synchronized ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) throws Throwable {
        prelaunch();
        try {
            jvm.debugConnection(JdiStopper.connection(accept(debugServer, jvm)));
            SocketChannel socket = accept(controlServer, jvm);
            OutputStream toJvm = new BufferedOutputStream(KernelChannel.out(socket), 1 << 16);
            ExecutionJvm launched = jvm;
            ExecutionJvmControl made = (ExecutionJvmControl) Util.remoteInputOutput(
                    KernelChannel.in(socket), toJvm,
                    Map.of("out", outputs.stdout(), "err", outputs.stderr(), "display", outputs.display()),
                    Map.of("in", userInput),
                    (in, out) -> new ExecutionJvmControl(out, in, launched));
            control = made;
            return made;
        } finally {
            closeServers();
        }
    }

    /** Ends a prelaunched JVM that JShell never asked for (JShell failed to start). */
    synchronized void abandon() {
        if (jvm != null && control == null) {
            jvm.kill();
        }
        closeServers();
    }

    private void closeServers() {
        for (ServerSocketChannel server : new ServerSocketChannel[] {controlServer, debugServer}) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
        controlServer = null;
        debugServer = null;
        if (channelDir != null) {
            for (String name : List.of("control", "debug", "")) {
                try {
                    Files.deleteIfExists(name.isEmpty() ? channelDir : channelDir.resolve(name));
                } catch (IOException ignored) {
                    // left for the system's temp cleaning
                }
            }
            channelDir = null;
        }
    }

    /** A new folder that only this user can open; Unix socket paths are short, so under java.io.tmpdir. */
    private static Path privateFolder() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempDirectory(tmp, "dlcourse-jvm-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return Files.createTempDirectory(tmp, "dlcourse-jvm-"); // Windows: the user's temp folder is private
    }

    private static ServerSocketChannel listen(Path socket) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket), 1);
        server.configureBlocking(false);
        return server;
    }

    /** A loopback port that is free now, for the JVM's debugger (taken at once by the JVM's own agent). */
    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private SocketChannel accept(ServerSocketChannel server, ExecutionJvm jvm) throws IOException {
        long deadline = System.nanoTime() + CONNECT_TIMEOUT_MILLIS * 1_000_000L;
        while (true) {
            SocketChannel accepted = server.accept();
            if (accepted != null) {
                accepted.configureBlocking(true);
                return accepted;
            }
            if (!jvm.isAlive()) {
                throw new IOException(exitMessage(jvm));
            }
            if (System.nanoTime() > deadline) {
                jvm.kill();
                throw new IOException("the execution JVM did not connect within "
                        + CONNECT_TIMEOUT_MILLIS / 1000 + " s: " + jvm.recentOutput());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the execution JVM started", e);
            }
        }
    }

    /** Why the JVM ended before it connected; blames the JVM options only when its output says they are wrong. */
    private static String exitMessage(ExecutionJvm jvm) {
        jvm.awaitOutput(2000);
        String output = jvm.recentOutput();
        String message = "the execution JVM exited with status " + jvm.exitStatus(0) + " before it started"
                + (output.isBlank() ? "" : ": " + output);
        if (BAD_OPTION.matcher(output).find()) {
            message += "\n(check the JVM options" + (jvm.jvmOptions().isEmpty() ? "" : " " + jvm.jvmOptions())
                    + ", for example JJAVA_JVM_OPTS)";
        }
        return message;
    }
}
