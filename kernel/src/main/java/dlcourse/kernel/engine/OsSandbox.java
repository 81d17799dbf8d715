package dlcourse.kernel.engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system sandbox around an execution JVM, made with bubblewrap ({@code bwrap}, Debian's
 * {@code bubblewrap}) on Linux where user namespaces are allowed.
 *
 * <p>Always, when it is on: the JVM and everything it starts live in a PID namespace of their own (they cannot see
 * or signal any process outside, and all of them die when the JVM ends or the kernel goes away) and a network
 * namespace of their own (no network; the JVM's debugger port cannot be reached from outside).
 *
 * <p>With {@linkplain Policy#privateFiles() private files} (the grader): the file system shows only {@code /usr},
 * {@code /etc} and the {@code /lib*} links read-only, the JDK, the agent jar and the given library paths
 * read-only, the kernel's socket folder, and one writable scratch folder that is the working folder, {@code HOME}
 * and {@code java.io.tmpdir}; {@code /tmp} is empty and private; nothing else (no home folder, no sources, no other
 * submission, no output folder) exists. Without it (the Jupyter kernel), the student sees their own files as usual.
 *
 * <p>A memory cap, where given, limits the address space of every process in the sandbox ({@code ulimit -v}):
 * not only the heap. It is per process, not a sum over the tree (a cgroup would be, but an unprivileged user cannot
 * create one on most machines); the PID namespace and the time limits bound how many processes can pile up.
 */
public final class OsSandbox {
    /** Whether to use the sandbox. */
    public enum Mode {
        /** never */
        OFF,
        /** where the machine allows it; otherwise run without it and say why, once */
        AUTO,
        /** always: refuse to run where the machine does not allow it */
        REQUIRE;

        /** {@code off}, {@code auto} or {@code require}, in any case. */
        public static Mode parse(String text, String where) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(where + " is '" + text + "'; write 'auto' (use the OS sandbox where"
                        + " available), 'require' (refuse to run without it) or 'off'");
            }
        }
    }

    /**
     * What the sandbox shows and caps.
     *
     * @param mode          whether to use it
     * @param privateFiles  true: show only the system, the JDK, the {@code readOnly} paths and a scratch folder;
     *                      false: show the file system as it is
     * @param readOnly      more files and folders to show read-only (library jars); only with private files
     * @param memoryLimitMb the address-space cap of each process in MiB, 0 for none
     */
    public record Policy(Mode mode, boolean privateFiles, List<Path> readOnly, long memoryLimitMb) {
        public Policy {
            readOnly = List.copyOf(readOnly);
            if (memoryLimitMb < 0) {
                throw new IllegalArgumentException("memory limit must not be negative, was " + memoryLimitMb);
            }
        }

        /** The Jupyter kernel's: own PID and network namespaces, the student's files as they are. */
        public static Policy kernel(Mode mode) {
            return new Policy(mode, false, List.of(), 0);
        }

        /** The grader's: private files, these library paths read-only, and a memory cap. */
        public static Policy grader(Mode mode, List<Path> readOnly, long memoryLimitMb) {
            return new Policy(mode, true, readOnly, memoryLimitMb);
        }
    }

    private static final Object PROBE_LOCK = new Object();
    private static Optional<String> unavailable;
    private static volatile boolean toldUnsandboxed;

    private OsSandbox() {
    }

    /** Why the sandbox cannot be used on this machine, or empty if it can (tried once, then remembered). */
    public static Optional<String> unavailableReason() {
        synchronized (PROBE_LOCK) {
            if (unavailable == null) {
                unavailable = probe();
            }
            return unavailable;
        }
    }

    private static Optional<String> probe() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("the OS sandbox needs Linux (namespaces), this is " + System.getProperty("os.name"));
        }
        Optional<Path> bwrap = bwrap();
        if (bwrap.isEmpty()) {
            return Optional.of("bwrap is not installed (install Debian's 'bubblewrap' package)");
        }
        try {
            Process p = new ProcessBuilder(bwrap.get().toString(), "--unshare-all", "--die-with-parent",
                    "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("bwrap did not answer within 20 s");
            }
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                return Optional.of("bwrap cannot create namespaces here (user namespaces disabled?): " + said);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("bwrap could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while trying bwrap");
        }
    }

    private static Optional<Path> bwrap() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "bwrap");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Marks the fallback as already explained (a caller printed its own line), so the engine stays quiet. */
    public static void fallbackExplained() {
        toldUnsandboxed = true;
    }

    /** True if a JVM started under this policy runs in the sandbox (prints once why not, in AUTO mode). */
    static boolean applies(Policy policy) throws IOException {
        if (policy.mode() == Mode.OFF) {
            return false;
        }
        Optional<String> reason = unavailableReason();
        if (reason.isEmpty()) {
            return true;
        }
        if (policy.mode() == Mode.REQUIRE) {
            throw new IOException("the OS sandbox is required but cannot be used: " + reason.get());
        }
        if (!toldUnsandboxed) {
            toldUnsandboxed = true;
            System.err.println("dlcourse: execution JVMs run without an OS sandbox, because " + reason.get());
        }
        return false;
    }

    /**
     * The command that runs {@code command} under the policy.
     *
     * @param sandboxed  from {@link #applies}
     * @param workDir    the working folder (the scratch folder with private files)
     * @param channelDir the kernel's socket folder, which the JVM must reach
     * @param visible    read-only paths the JVM needs besides the policy's (JDK, agent jar, class path)
     */
    static List<String> wrap(Policy policy, boolean sandboxed, List<String> command, Path workDir, Path channelDir,
                             List<Path> visible) {
        List<String> wrapped = new ArrayList<>();
        if (sandboxed) {
            wrapped.add(bwrap().orElseThrow().toString());
            wrapped.add("--die-with-parent");
            if (policy.privateFiles()) {
                wrapped.addAll(List.of("--unshare-all", "--new-session", "--clearenv",
                        "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "LANG", "C.UTF-8",
                        "--setenv", "HOME", workDir.toString(), "--setenv", "MALLOC_ARENA_MAX", "2",
                        "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"));
                for (String top : List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")) {
                    Path p = Path.of(top);
                    if (Files.isSymbolicLink(p)) {
                        try {
                            wrapped.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), top));
                        } catch (IOException e) {
                            // leave it out
                        }
                    } else if (Files.isDirectory(p)) {
                        wrapped.addAll(List.of("--ro-bind", top, top));
                    }
                }
                wrapped.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
                List<Path> shown = new ArrayList<>(visible);
                shown.addAll(policy.readOnly());
                for (Path p : shown) {
                    Path absolute = p.toAbsolutePath().normalize();
                    if (Files.exists(absolute) && !absolute.startsWith("/usr") && !absolute.startsWith("/etc")) {
                        wrapped.addAll(List.of("--ro-bind", absolute.toString(), absolute.toString()));
                    }
                }
                wrapped.addAll(List.of("--bind", workDir.toString(), workDir.toString(),
                        "--bind", channelDir.toString(), channelDir.toString(), "--chdir", workDir.toString(),
                        "--remount-ro", "/"));
            } else {
                wrapped.addAll(List.of("--unshare-net", "--unshare-pid", "--dev-bind", "/", "/", "--proc", "/proc",
                        "--chdir", workDir.toString()));
            }
            wrapped.add("--");
        }
        if (policy.memoryLimitMb() > 0 && File.separatorChar == '/') {
            String cap = "ulimit -v " + policy.memoryLimitMb() * 1024 + " && exec \"$@\"";
            wrapped.addAll(List.of("/bin/sh", "-c", cap, "sh"));
        }
        wrapped.addAll(command);
        return wrapped;
    }
}
