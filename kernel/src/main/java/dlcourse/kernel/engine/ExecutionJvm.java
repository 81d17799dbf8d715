package dlcourse.kernel.engine;

import com.sun.jdi.connect.spi.Connection;
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
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One execution JVM process: {@code java [options] -agentlib:jdwp=... -cp <agent jar> CellAgent CONTROL DEBUG PORT},
 * inside the {@link OsSandbox} where the options ask for it and the machine allows it.
 *
 * <p>Its class path holds only the agent jar (user jars are added later through JShell), so none of the kernel's
 * libraries leak to user code. Its debugger (JDWP, which the kernel uses only to interrupt cells, {@link JdiStopper})
 * listens on a loopback port that the agent takes for itself at once and relays to the kernel's private socket;
 * the Attach API is off, so no other local process can attach to it either.
 */
final class ExecutionJvm {
    private static final int OUTPUT_LINES_KEPT = 30;
    /** The default cap of the heap, in MiB, where the machine (or container) has at least twice as much memory. */
    static final long DEFAULT_MAX_HEAP_MB = 1024;
    /** The smallest default cap of the heap, in MiB, on a machine with little memory. */
    static final long MIN_DEFAULT_MAX_HEAP_MB = 256;
    /** The default cap of the young generation, in MiB (applied when the heap may grow to 4 times this or more). */
    static final long DEFAULT_MAX_YOUNG_MB = 64;
    /** The default free share of the heap after a full collection, in percent: at least this, at most the next. */
    static final int DEFAULT_MIN_HEAP_FREE_PERCENT = 20;
    static final int DEFAULT_MAX_HEAP_FREE_PERCENT = 40;
    /** glibc's malloc arenas in the execution JVM, unless the kernel's environment sets {@code MALLOC_ARENA_MAX}. */
    static final String MALLOC_ARENA_MAX = "2";
    /** Set in the execution JVM's environment (and so its children's), to find them when it ends. */
    static final String MARKER_VARIABLE = "DLCOURSE_EXECUTION_JVM";

    private final Process process;
    private final boolean sandboxed;
    private final List<String> jvmOptions;
    private final Deque<String> lastOutputLines = new ArrayDeque<>();
    private final JdiStopper stopper;
    private volatile Connection debugConnection;
    private volatile boolean stopSent;
    private final String marker;
    private final Thread outputReader;

    private ExecutionJvm(Process process, boolean sandboxed, List<String> jvmOptions, String marker) {
        this.process = process;
        this.marker = marker;
        this.sandboxed = sandboxed;
        this.jvmOptions = jvmOptions;
        this.stopper = new JdiStopper(this);
        this.outputReader = new Thread(this::readProcessOutput, "execution-jvm-output");
        outputReader.setDaemon(true);
        outputReader.start();
    }

    /**
     * Starts the execution JVM, which will connect to the kernel's sockets {@code controlSocket} and
     * {@code debugSocket} (in a folder only this user can open) and relay its debugger from {@code jdwpPort}.
     *
     * @throws IOException if it cannot start, or the options require the sandbox and the machine has none
     */
    static ExecutionJvm launch(ExecutionOptions options, Path controlSocket, Path debugSocket, int jdwpPort)
            throws IOException {
        Path java = options.javaHome().resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        if (!Files.isExecutable(java)) {
            throw new IOException("no java at " + java + "; set JAVA_HOME to a JDK 17 or newer");
        }
        OsSandbox.Policy policy = options.sandbox();
        boolean sandboxed = OsSandbox.applies(policy);
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Djava.awt.headless=true");
        command.add("-Dfile.encoding=UTF-8");
        command.add("-Dstdout.encoding=UTF-8");
        command.add("-Dstderr.encoding=UTF-8");
        command.addAll(memoryDefaults(options.jvmOptions(), machineMemoryBytes()));
        if (hasVectorApi(options.javaHome())) {
            // the library's float32 element functions and MatMul's Vector API back end (where OpenBLAS is
            // missing) run on it; the JVM's start-up warning about the module is kept out of cells
            command.add("--add-modules=" + VECTOR_MODULE);
        }
        command.add("-Xshare:auto");
        command.add("-XX:+DisableAttachMechanism");
        command.add("-XX:-UsePerfData"); // no /tmp/hsperfdata file: nothing for jps or jstat to find
        if (policy.privateFiles()) {
            command.add("-Djava.io.tmpdir=" + options.workingDirectory());
            command.add("-Duser.home=" + options.workingDirectory());
        }
        if (policy.memoryLimitMb() > 0) {
            // the JVM's own reservations, kept small so that the address-space cap leaves room for the heap
            command.add("-XX:ReservedCodeCacheSize=64m");
            command.add("-XX:CompressedClassSpaceSize=64m");
            command.add("-XX:MaxMetaspaceSize=256m");
        }
        command.addAll(options.jvmOptions());
        command.add("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:" + jdwpPort);
        command.add("-cp");
        command.add(agentJar().toString());
        command.add("dlcourse.kernel.agent.CellAgent");
        command.add(controlSocket.toString());
        command.add(debugSocket.toString());
        command.add(Integer.toString(jdwpPort));
        List<Path> visible = new ArrayList<>();
        visible.add(options.javaHome().toRealPath());
        visible.add(agentJar());
        visible.addAll(options.classpath());
        ProcessBuilder builder = new ProcessBuilder(OsSandbox.wrap(policy, sandboxed, command,
                options.workingDirectory(), controlSocket.getParent(), visible))
                .directory(options.workingDirectory().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        String marker = UUID.randomUUID().toString();
        builder.environment().put(MARKER_VARIABLE, marker);
        builder.environment().putAll(nativeDefaults(builder.environment(), Runtime.getRuntime().availableProcessors()));
        return new ExecutionJvm(start(builder), sandboxed, options.jvmOptions(), marker);
    }

    /**
     * The execution JVM's memory defaults, given before the user's options ({@code JJAVA_JVM_OPTS}, the grader's
     * heap), which override them: the option the JVM reads last wins, and where a user's option would clash with a
     * default (a heap size, the young generation, the free ratios, another collector) that default is left out.
     *
     * <p>What they do, measured on notebook 09 (see {@code bench/notebook-memory}): the serial collector (one thread,
     * the least memory of its own); a heap that starts at 32 MiB instead of 1/64 of the machine's memory and is
     * capped at {@value #DEFAULT_MAX_HEAP_MB} MiB or half the machine's (the container's) memory, whichever is less,
     * but at least {@value #MIN_DEFAULT_MAX_HEAP_MB} MiB, instead of a quarter of the machine; a young generation of at
     * most {@value #DEFAULT_MAX_YOUNG_MB} MiB (by default it is a third of the heap, and every page of it is touched
     * between two collections); and a heap that keeps only {@value #DEFAULT_MIN_HEAP_FREE_PERCENT} to
     * {@value #DEFAULT_MAX_HEAP_FREE_PERCENT}% free after a full collection (the JVM's defaults are 40 to 70%), so
     * it grows less and gives memory back to the system when the live data shrinks.
     *
     * @param userOptions  the user's options, which come after these
     * @param machineBytes the memory this JVM sees (a container's limit inside a container), 0 if unknown
     */
    static List<String> memoryDefaults(List<String> userOptions, long machineBytes) {
        List<String> defaults = new ArrayList<>();
        if (!anyStartsWith(userOptions, "-XX:+UseG1GC", "-XX:+UseParallelGC", "-XX:+UseZGC",
                "-XX:+UseShenandoahGC", "-XX:+UseEpsilonGC", "-XX:+UseConcMarkSweepGC")) {
            defaults.add("-XX:+UseSerialGC");
        }
        boolean userHeapCap = anyStartsWith(userOptions, "-Xmx", "-XX:MaxHeapSize=", "-XX:MaxRAM=",
                "-XX:MaxRAMPercentage=", "-XX:MaxRAMFraction=");
        long capMb = DEFAULT_MAX_HEAP_MB;
        if (machineBytes > 0) {
            capMb = Math.max(MIN_DEFAULT_MAX_HEAP_MB, Math.min(DEFAULT_MAX_HEAP_MB, machineBytes / 2 / (1024 * 1024)));
        }
        if (!userHeapCap && userStartMb(userOptions) <= capMb) { // a larger start than the cap would stop the JVM
            defaults.add("-Xmx" + capMb + "m");
        }
        if (!userHeapCap && !anyStartsWith(userOptions, "-Xms", "-XX:InitialHeapSize=", "-XX:MinHeapSize=",
                "-XX:InitialRAMPercentage=", "-XX:MinRAMPercentage=")) {
            defaults.add("-Xms32m");
        }
        long userCapMb = userHeapCap ? userHeapMb(userOptions) : capMb;
        if (!anyStartsWith(userOptions, "-Xmn", "-XX:NewSize=", "-XX:MaxNewSize=", "-XX:NewRatio=")
                && (userCapMb < 0 || userCapMb >= 4 * DEFAULT_MAX_YOUNG_MB)) {
            defaults.add("-XX:MaxNewSize=" + DEFAULT_MAX_YOUNG_MB + "m");
        }
        if (!anyStartsWith(userOptions, "-XX:MinHeapFreeRatio=", "-XX:MaxHeapFreeRatio=")) {
            defaults.add("-XX:MinHeapFreeRatio=" + DEFAULT_MIN_HEAP_FREE_PERCENT);
            defaults.add("-XX:MaxHeapFreeRatio=" + DEFAULT_MAX_HEAP_FREE_PERCENT);
        }
        return defaults;
    }

    /**
     * Environment variables for the native libraries in the execution JVM, where {@code environment} (the kernel's,
     * which the JVM inherits) sets none of them:
     * <ul>
     *   <li>{@code MALLOC_ARENA_MAX=2}: glibc's malloc keeps up to 8 arenas per core otherwise, each up to 64 MiB
     *       of address space and whatever it touched; the JVM's own threads need no more than two;</li>
     *   <li>{@code OPENBLAS_NUM_THREADS} = the cores this JVM may use ({@code availableProcessors}, which counts a
     *       container's CPU quota), unless {@code OPENBLAS_NUM_THREADS}, {@code GOTO_NUM_THREADS} or
     *       {@code OMP_NUM_THREADS} is set. OpenBLAS itself counts every core of the host, also in a container
     *       limited to a few, and keeps a buffer per thread (128 MiB of address space, some MB resident); the
     *       library's {@code tensor.Parallel} splits its work over {@code availableProcessors} threads, so the two
     *       agree. On a machine of its own the count is the same as OpenBLAS's.</li>
     * </ul>
     */
    static java.util.Map<String, String> nativeDefaults(java.util.Map<String, String> environment, int cores) {
        java.util.Map<String, String> defaults = new java.util.LinkedHashMap<>();
        if (!environment.containsKey("MALLOC_ARENA_MAX")) {
            defaults.put("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
        }
        if (!environment.containsKey("OPENBLAS_NUM_THREADS") && !environment.containsKey("GOTO_NUM_THREADS")
                && !environment.containsKey("OMP_NUM_THREADS")) {
            defaults.put("OPENBLAS_NUM_THREADS", Integer.toString(Math.max(1, cores)));
        }
        return defaults;
    }

    private static boolean anyStartsWith(List<String> options, String... prefixes) {
        for (String option : options) {
            for (String prefix : prefixes) {
                if (option.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The user's last {@code -Xmx} in MiB, or -1 where it is given some other way or cannot be read. */
    private static long userHeapMb(List<String> options) {
        long mb = -1;
        for (String option : options) {
            if (option.startsWith("-Xmx")) {
                mb = sizeMb(option.substring(4));
            } else if (option.startsWith("-XX:MaxHeapSize=")) {
                mb = sizeMb(option.substring("-XX:MaxHeapSize=".length()));
            } else if (option.startsWith("-XX:MaxRAM")) {
                mb = -1;
            }
        }
        return mb;
    }

    /** The user's last {@code -Xms} in MiB, or -1 where there is none or it cannot be read. */
    private static long userStartMb(List<String> options) {
        long mb = -1;
        for (String option : options) {
            if (option.startsWith("-Xms")) {
                mb = sizeMb(option.substring(4));
            } else if (option.startsWith("-XX:InitialHeapSize=")) {
                mb = sizeMb(option.substring("-XX:InitialHeapSize=".length()));
            }
        }
        return mb;
    }

    /** {@code 512m}, {@code 2g}, {@code 1048576k}, {@code 536870912} (bytes) in MiB; -1 if it is none of these. */
    static long sizeMb(String size) {
        if (size.isEmpty()) {
            return -1;
        }
        char unit = Character.toLowerCase(size.charAt(size.length() - 1));
        String digits = Character.isDigit(unit) ? size : size.substring(0, size.length() - 1);
        long scale = switch (unit) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            case 't' -> 1024L * 1024 * 1024 * 1024;
            default -> Character.isDigit(unit) ? 1 : -1;
        };
        try {
            return scale < 0 ? -1 : Long.parseLong(digits) * scale / (1024 * 1024);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The memory this JVM sees: the machine's, or a container's limit inside one (JDK 17's view); 0 if unknown. */
    static long machineMemoryBytes() {
        try {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getTotalMemorySize();
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    /**
     * Starts the process from one thread that lives as long as this JVM: bwrap's {@code --die-with-parent} (Linux's
     * parent-death signal) fires when the <em>thread</em> that started it ends, and pool threads come and go.
     */
    private static Process start(ProcessBuilder builder) throws IOException {
        try {
            return LAUNCHER.submit(builder::start).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the execution JVM", e);
        }
    }

    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "execution-jvm-launcher");
        t.setDaemon(true);
        return t;
    });

    /** True if this JVM runs in the OS sandbox. */
    boolean sandboxed() {
        return sandboxed;
    }

    /** The options given by the user (JJAVA_JVM_OPTS, the grader's heap), for messages. */
    List<String> jvmOptions() {
        return jvmOptions;
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

    /** The Vector API's module, an incubator module of JDK 16 and later. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /**
     * Whether the Java at {@code javaHome} has the Vector API's module: its {@code release} file lists its
     * modules (a JDK has it from 16 on; a runtime image made by jlink may leave it out, and the JVM would not
     * start with {@code --add-modules} naming a module it lacks).
     */
    static boolean hasVectorApi(Path javaHome) {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("MODULES=")) {
                    return java.util.Arrays.asList(line.substring("MODULES=".length()).replace("\"", "").trim()
                            .split("\\s+")).contains(VECTOR_MODULE);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no release file: leave the module out
        }
        return false;
    }

    private static boolean isWindows() {
        return File.separatorChar == '\\';
    }

    private void readProcessOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("Listening for transport dt_socket at address:")) {
                    continue; // JDWP says so at start, and again whenever a debugger lets go
                }
                if (line.startsWith("WARNING: Using incubator modules: ")) {
                    continue; // the JVM's notice that --add-modules added the Vector API, at every start
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
        }
    }

    /** The kernel's end of the relayed debugger connection (set once the agent has connected). */
    Connection debugConnection() {
        return debugConnection;
    }

    void debugConnection(Connection connection) {
        debugConnection = connection;
    }

    /** Records that the kernel's debugger threw the stop signal into the running cell. */
    void markStopSent() {
        stopSent = true;
    }

    /** True if the kernel threw a stop since the last {@link #clearStopSent()}. */
    boolean stopSent() {
        return stopSent;
    }

    void clearStopSent() {
        stopSent = false;
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

    /** Waits up to {@code millis} for the process's output to end (after it exited), so that none is missed. */
    void awaitOutput(long millis) {
        try {
            outputReader.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /**
     * Ends the process at once, and every process it started. In the sandbox that is the whole PID namespace, which
     * dies with it. Without the sandbox: its descendants, and any other process of this user that inherited this
     * JVM's marker in its environment (which catches double-forked and {@code setsid} children); a process that
     * also cleared its environment escapes, which is why the sandbox is the default.
     */
    void kill() {
        stopper.detach();
        try {
            process.waitFor(100, TimeUnit.MILLISECONDS); // one that is exiting on its own keeps its exit status
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        if (!sandboxed) {
            killMarked(marker);
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills every process of this user whose environment holds {@code DLCOURSE_EXECUTION_JVM=marker} (Linux). */
    private static void killMarked(String marker) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return;
        }
        byte[] wanted = (MARKER_VARIABLE + "=" + marker).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        for (int round = 0; round < 3; round++) { // a process may fork while we look
            boolean found = false;
            try (var entries = Files.list(proc)) {
                for (Path entry : entries.toList()) {
                    String name = entry.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                        continue;
                    }
                    byte[] environ;
                    try {
                        environ = Files.readAllBytes(entry.resolve("environ"));
                    } catch (IOException | SecurityException e) {
                        continue; // gone, or not ours
                    }
                    if (contains(environ, wanted)) {
                        found = true;
                        ProcessHandle.of(Long.parseLong(name)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (IOException e) {
                return;
            }
            if (!found) {
                return;
            }
        }
    }

    private static boolean contains(byte[] environ, byte[] entry) {
        outer:
        for (int start = 0; start + entry.length <= environ.length; start++) {
            if (start > 0 && environ[start - 1] != 0) {
                continue;
            }
            for (int i = 0; i < entry.length; i++) {
                if (environ[start + i] != entry[i]) {
                    continue outer;
                }
            }
            if (start + entry.length == environ.length || environ[start + entry.length] == 0) {
                return true;
            }
        }
        return false;
    }
}
