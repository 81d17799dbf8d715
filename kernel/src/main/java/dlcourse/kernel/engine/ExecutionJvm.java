package dlcourse.kernel.engine;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One execution JVM process: {@code java [options] -agentlib:jdwp=... -cp <agent jar> CellAgent PORT}.
 *
 * <p>Its class path holds only the agent jar (user jars are added later through JShell), so none of the kernel's
 * libraries leak to user code. It listens for a debugger on a loopback port, which the kernel uses only to
 * interrupt cells ({@link JdiStopper}).
 */
final class ExecutionJvm {
    private static final Pattern JDWP_LISTENING = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");
    private static final int OUTPUT_LINES_KEPT = 30;

    private final Process process;
    private final CompletableFuture<Integer> debugPort = new CompletableFuture<>();
    private final Deque<String> lastOutputLines = new ArrayDeque<>();
    private final JdiStopper stopper;

    private ExecutionJvm(Process process) {
        this.process = process;
        this.stopper = new JdiStopper(this);
        Thread reader = new Thread(this::readProcessOutput, "execution-jvm-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the execution JVM, which will connect to the kernel's {@code kernelPort}. */
    static ExecutionJvm launch(ExecutionOptions options, int kernelPort) throws IOException {
        Path java = options.javaHome().resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        if (!Files.isExecutable(java)) {
            throw new IOException("no java at " + java + "; set JAVA_HOME to a JDK 17 or newer");
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Djava.awt.headless=true");
        command.add("-Dfile.encoding=UTF-8");
        command.add("-Dstdout.encoding=UTF-8");
        command.add("-Dstderr.encoding=UTF-8");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.addAll(options.jvmOptions());
        command.add("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0");
        command.add("-cp");
        command.add(agentJar().toString());
        command.add("dlcourse.kernel.agent.CellAgent");
        command.add(Integer.toString(kernelPort));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(options.workingDirectory().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        return new ExecutionJvm(builder.start());
    }

    /** The jar (or, in the kernel's own tests, the class folder) that holds {@code dlcourse.kernel.agent}. */
    static Path agentJar() {
        try {
            Path location = Path.of(dlcourse.kernel.agent.CellAgent.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            if (Files.isDirectory(location)) {
                return location;
            }
            Path agent = location.resolveSibling("dlcourse-kernel-agent.jar");
            return Files.exists(agent) ? agent : location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the kernel's agent jar", e);
        }
    }

    private static boolean isWindows() {
        return File.separatorChar == '\\';
    }

    private void readProcessOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher m = JDWP_LISTENING.matcher(line);
                if (m.find()) {
                    // printed at start, and again whenever a debugger lets go
                    debugPort.complete(Integer.parseInt(m.group(1)));
                    continue;
                }
                synchronized (lastOutputLines) {
                    lastOutputLines.addLast(line);
                    if (lastOutputLines.size() > OUTPUT_LINES_KEPT) {
                        lastOutputLines.removeFirst();
                    }
                }
                System.err.println("[execution JVM] " + line);
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            debugPort.completeExceptionally(new IOException("the execution JVM ended before it listened for a debugger"));
        }
    }

    /** The port on which the JVM's debugger agent listens (waits for it to say so). */
    int debugPort() throws IOException {
        try {
            return debugPort.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the execution JVM did not open its debug port: " + e.getMessage(), e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits briefly for the process to end and returns its exit status, or -1 if it is still running. */
    int exitStatus(long waitMillis) {
        try {
            if (process.waitFor(waitMillis, TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /** What the process printed outside the user's streams (JVM errors), last lines first-to-last. */
    String recentOutput() {
        synchronized (lastOutputLines) {
            return String.join("\n", lastOutputLines);
        }
    }

    JdiStopper stopper() {
        return stopper;
    }

    /** Ends the process at once (and its children). */
    void kill() {
        stopper.detach();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
