package dlcourse.kernel.engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JJava's environment variables into {@link ExecutionOptions}:
 * <ul>
 *   <li>{@code JJAVA_CLASSPATH}: jars and folders for user code, separated by the platform's path separator;</li>
 *   <li>{@code JJAVA_COMPILER_OPTS}: compiler options, separated by blanks;</li>
 *   <li>{@code JJAVA_JVM_OPTS}: options of the execution JVM (for example {@code -Xmx2g}), separated by blanks.
 *       They come after the kernel's memory defaults and override them ({@code ExecutionJvm.memoryDefaults}): the
 *       serial collector, {@code -Xms32m}, a heap cap of 1 GiB or half the machine's (the container's) memory,
 *       whichever is less (at least 256 MiB), {@code -XX:MaxNewSize=64m} (not with a heap under 256 MiB), and
 *       {@code -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40}; a user's option of the same kind (any heap size
 *       or {@code MaxRAM*} option, {@code -Xmn}, {@code -XX:NewRatio}, either free ratio, another collector) leaves
 *       the clashing default out. So {@code -Xmx2g} gives a 2 GiB heap, and
 *       {@code -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70} the JVM's own, roomier (faster, larger) heap;</li>
 *   <li>{@code MALLOC_ARENA_MAX}: glibc's malloc arenas in the execution JVM; the kernel sets {@code 2} unless the
 *       kernel's environment sets it;</li>
 *   <li>{@code OPENBLAS_NUM_THREADS}: OpenBLAS's threads in the execution JVM; the kernel sets the number of cores
 *       the JVM may use (a container's CPU quota counts, which OpenBLAS alone would not see) unless the kernel's
 *       environment sets it, {@code GOTO_NUM_THREADS} or {@code OMP_NUM_THREADS};</li>
 *   <li>{@code JJAVA_TIMEOUT}: the per-cell time limit, {@code 30 SECONDS}, {@code 2 MINUTES}, a number of
 *       milliseconds, or {@code -1} for none;</li>
 *   <li>{@code JJAVA_STARTUP_SCRIPT}: Java code run when the execution JVM starts;
 *       {@code JJAVA_STARTUP_SCRIPTS_PATH}: {@code .jsh} files run then too;</li>
 *   <li>{@code DLCOURSE_SANDBOX} (this kernel's own): {@code auto} (the default: the execution JVM runs in PID
 *       and network namespaces of its own where the machine allows it, see {@link OsSandbox}), {@code require}
 *       or {@code off}. The student's files stay visible either way.</li>
 *   <li>{@code DLCOURSE_OUTPUT_LIMIT} (this kernel's own): the most characters a cell prints that are kept and
 *       shown, {@code 0} for no limit (default one million);</li>
 *   <li>{@code DLCOURSE_SNIPPET_LIMIT} (this kernel's own): after how many snippets the kernel starts a fresh
 *       execution JVM, with a notice, to keep its memory bounded; {@code 0} for never (default 1500).</li>
 * </ul>
 */
public final class KernelEnvironment {
    private KernelEnvironment() {
    }

    /**
     * Options from these variables, with the given working directory.
     *
     * @throws IllegalArgumentException if a variable cannot be read; the message names it and shows good values
     */
    public static ExecutionOptions options(Map<String, String> env, Path workingDirectory) {
        ExecutionOptions.Builder b = ExecutionOptions.builder().workingDirectory(workingDirectory);
        for (String entry : split(env.get("JJAVA_CLASSPATH"), File.pathSeparator)) {
            b.addClasspath(workingDirectory.resolve(entry).normalize());
        }
        b.compilerOptions(split(env.get("JJAVA_COMPILER_OPTS"), "\\s+"));
        b.jvmOptions(split(env.get("JJAVA_JVM_OPTS"), "\\s+"));
        b.cellTimeout(timeout(env.get("JJAVA_TIMEOUT")));
        StringBuilder startup = new StringBuilder();
        for (String script : split(env.get("JJAVA_STARTUP_SCRIPTS_PATH"), File.pathSeparator)) {
            Path file = workingDirectory.resolve(script);
            try {
                startup.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new IllegalArgumentException("JJAVA_STARTUP_SCRIPTS_PATH names " + file + ", which cannot be read: " + e);
            }
        }
        if (env.get("JJAVA_STARTUP_SCRIPT") != null) {
            startup.append(env.get("JJAVA_STARTUP_SCRIPT"));
        }
        b.startupScript(startup.toString());
        String sandbox = env.get("DLCOURSE_SANDBOX");
        if (sandbox != null && !sandbox.isBlank()) {
            b.sandbox(OsSandbox.Policy.kernel(OsSandbox.Mode.parse(sandbox, "DLCOURSE_SANDBOX")));
        }
        b.outputLimit(count("DLCOURSE_OUTPUT_LIMIT", env.get("DLCOURSE_OUTPUT_LIMIT"), ExecutionOptions.DEFAULT_OUTPUT_LIMIT));
        long snippets = count("DLCOURSE_SNIPPET_LIMIT", env.get("DLCOURSE_SNIPPET_LIMIT"),
                ExecutionOptions.DEFAULT_SNIPPET_LIMIT);
        if (snippets > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("DLCOURSE_SNIPPET_LIMIT is '" + env.get("DLCOURSE_SNIPPET_LIMIT")
                    + "'; write at most " + Integer.MAX_VALUE + ", or 0 for no limit");
        }
        b.snippetLimit((int) snippets);
        return b.build();
    }

    /** {@code 30 SECONDS}, {@code 500} (milliseconds), {@code -1} (none); null or blank is none. */
    static Duration timeout(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        String[] words = text.trim().split("\\s+");
        try {
            long amount = Long.parseLong(words[0]);
            if (amount < 0) {
                return Duration.ZERO;
            }
            if (words.length == 1) {
                return Duration.ofMillis(amount);
            }
            if (words.length == 2) {
                String unit = words[1].toUpperCase(Locale.ROOT);
                unit = unit.endsWith("S") ? unit : unit + "S";
                return Duration.of(amount, ChronoUnit.valueOf(unit.equals("MILLISECONDSS") ? "MILLIS" : unit
                        .replace("MILLISECONDS", "MILLIS").replace("MICROSECONDS", "MICROS").replace("NANOSECONDS", "NANOS")));
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("JJAVA_TIMEOUT is '" + text + "'; write for example '30 SECONDS', "
                + "'2 MINUTES', '500' (milliseconds) or '-1' (no limit)");
    }

    /** A whole number of at least 0 from a variable, or the default where it is unset. */
    static long count(String variable, String text, long defaultValue) {
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text.strip().replace("_", ""));
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(variable + " is '" + text + "'; write a whole number, "
                + "for example " + defaultValue + ", or 0 for no limit");
    }

    private static List<String> split(String value, String separator) {
        List<String> parts = new ArrayList<>();
        if (value != null) {
            for (String part : value.trim().split(separator)) {
                if (!part.isBlank()) {
                    parts.add(part);
                }
            }
        }
        return parts;
    }
}
