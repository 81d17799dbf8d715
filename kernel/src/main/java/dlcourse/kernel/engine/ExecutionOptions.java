package dlcourse.kernel.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link ExecutionSession} runs cells: the user's class path, the execution JVM's options (heap cap ...),
 * compiler options, a per-cell time limit, the working directory and a startup script. Immutable; make one with
 * {@link #builder()}, or from JJava's environment variables with {@link KernelEnvironment}.
 *
 * <pre>{@code
 * ExecutionOptions options = ExecutionOptions.builder()
 *         .classpath(List.of(Path.of("lib/target/dlcourse-lib.jar")))
 *         .jvmOptions(List.of("-Xmx512m"))
 *         .cellTimeout(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 */
public final class ExecutionOptions {
    private final List<Path> classpath;
    private final List<String> jvmOptions;
    private final List<String> compilerOptions;
    private final Duration cellTimeout;
    private final Path workingDirectory;
    private final String startupScript;
    private final Path javaHome;
    private final OsSandbox.Policy sandbox;
    private final long outputLimit;
    private final int snippetLimit;
    private final Path magicBase;

    private ExecutionOptions(Builder b) {
        this.classpath = List.copyOf(b.classpath);
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.compilerOptions = List.copyOf(b.compilerOptions);
        this.cellTimeout = b.cellTimeout;
        this.workingDirectory = b.workingDirectory;
        this.startupScript = b.startupScript;
        this.javaHome = b.javaHome;
        this.sandbox = b.sandbox;
        this.outputLimit = b.outputLimit;
        this.snippetLimit = b.snippetLimit;
        this.magicBase = b.magicBase;
    }

    /** A builder with no class path, no options, no time limit, the current directory, this JVM's Java and
     * the kernel's sandbox where available ({@link OsSandbox.Policy#kernel}: own PID and network namespaces). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.classpath.addAll(classpath);
        b.jvmOptions.addAll(jvmOptions);
        b.compilerOptions.addAll(compilerOptions);
        b.cellTimeout = cellTimeout;
        b.workingDirectory = workingDirectory;
        b.startupScript = startupScript;
        b.javaHome = javaHome;
        b.sandbox = sandbox;
        b.outputLimit = outputLimit;
        b.snippetLimit = snippetLimit;
        b.magicBase = magicBase;
        return b;
    }

    /** Jars and class folders the user's code sees from the start (more can come from {@code %jars}). */
    public List<Path> classpath() {
        return classpath;
    }

    /** Options of the execution JVM, for example {@code -Xmx512m}. */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /** Options for compiling cells, for example {@code --enable-preview --release 17}. */
    public List<String> compilerOptions() {
        return compilerOptions;
    }

    /** The longest a cell may run before it is stopped; {@link Duration#ZERO} means no limit. */
    public Duration cellTimeout() {
        return cellTimeout;
    }

    /** The execution JVM's working directory (relative paths in cells and magics start here). */
    public Path workingDirectory() {
        return workingDirectory;
    }

    /** Java code run once when the session (or a replaced execution JVM) starts; may be empty. */
    public String startupScript() {
        return startupScript;
    }

    /** The JDK whose {@code bin/java} runs the execution JVM. */
    public Path javaHome() {
        return javaHome;
    }

    /** The OS sandbox the execution JVM runs in. */
    public OsSandbox.Policy sandbox() {
        return sandbox;
    }

    /**
     * The most characters of stream text (stdout and stderr together) that one cell keeps and shows; beyond it a
     * note says the rest was cut. 0 means no limit. {@value #DEFAULT_OUTPUT_LIMIT} unless set
     * ({@code DLCOURSE_OUTPUT_LIMIT} in the kernel).
     */
    public long outputLimit() {
        return outputLimit;
    }

    /** The default of {@link #outputLimit()}: one million characters. */
    public static final long DEFAULT_OUTPUT_LIMIT = 1_000_000;

    /**
     * How many snippets a session runs before the kernel starts a fresh execution JVM (and JShell), at the start of
     * the next cell, with a notice that names what was lost; 0 means never. JShell keeps every snippet it ever ran,
     * 15 to 27 KB each in the kernel, and nothing can make it forget one, so this bound keeps the memory of a long
     * session bounded. 0 unless set: the Jupyter kernel sets {@value #DEFAULT_SNIPPET_LIMIT}
     * ({@code DLCOURSE_SNIPPET_LIMIT}); the grader and the runner run each cell once and need no limit.
     */
    public int snippetLimit() {
        return snippetLimit;
    }

    /**
     * The folder that relative paths in magics ({@code %jars}, {@code %classpath}, {@code %load}) resolve against:
     * the one set with {@link Builder#magicBase}, else the working directory. The grader runs cells in an empty
     * working directory and sets this to the source notebook's folder.
     */
    public Path magicBase() {
        return magicBase != null ? magicBase : workingDirectory;
    }

    /** The Jupyter kernel's {@link #snippetLimit()} unless {@code DLCOURSE_SNIPPET_LIMIT} says otherwise. */
    public static final int DEFAULT_SNIPPET_LIMIT = 1500;

    /** Builds {@link ExecutionOptions}. */
    public static final class Builder {
        private final List<Path> classpath = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> compilerOptions = new ArrayList<>();
        private Duration cellTimeout = Duration.ZERO;
        private Path workingDirectory = Path.of("").toAbsolutePath();
        private String startupScript = "";
        private Path javaHome = Path.of(System.getProperty("java.home"));
        private OsSandbox.Policy sandbox = OsSandbox.Policy.kernel(OsSandbox.Mode.AUTO);
        private long outputLimit = DEFAULT_OUTPUT_LIMIT;
        private int snippetLimit;
        private Path magicBase;

        private Builder() {
        }

        /** Replaces the class path. */
        public Builder classpath(List<Path> paths) {
            classpath.clear();
            classpath.addAll(paths);
            return this;
        }

        /** Adds to the class path. */
        public Builder addClasspath(Path path) {
            classpath.add(Objects.requireNonNull(path));
            return this;
        }

        /** Replaces the execution JVM's options. */
        public Builder jvmOptions(List<String> options) {
            jvmOptions.clear();
            jvmOptions.addAll(options);
            return this;
        }

        /** Replaces the compiler options. */
        public Builder compilerOptions(List<String> options) {
            compilerOptions.clear();
            compilerOptions.addAll(options);
            return this;
        }

        /** Sets the per-cell time limit; zero or negative means none. */
        public Builder cellTimeout(Duration limit) {
            cellTimeout = limit == null || limit.isNegative() ? Duration.ZERO : limit;
            return this;
        }

        /** Sets the working directory of the execution JVM. */
        public Builder workingDirectory(Path dir) {
            workingDirectory = dir.toAbsolutePath().normalize();
            return this;
        }

        /** Sets Java code to run at start. */
        public Builder startupScript(String code) {
            startupScript = code == null ? "" : code;
            return this;
        }

        /** Sets the JDK that runs the execution JVM. */
        public Builder javaHome(Path home) {
            javaHome = Objects.requireNonNull(home);
            return this;
        }

        /** Sets the OS sandbox of the execution JVM. */
        public Builder sandbox(OsSandbox.Policy policy) {
            sandbox = Objects.requireNonNull(policy);
            return this;
        }

        /** Sets the most stream characters one cell keeps and shows; 0 for no limit. */
        public Builder outputLimit(long characters) {
            if (characters < 0) {
                throw new IllegalArgumentException("the output limit is a number of characters, 0 for none; got "
                        + characters);
            }
            outputLimit = characters;
            return this;
        }

        /** Sets how many snippets run before the execution JVM is replaced (with a notice); 0 for never. */
        public Builder snippetLimit(int snippets) {
            if (snippets < 0) {
                throw new IllegalArgumentException("the snippet limit is a number of snippets, 0 for none; got "
                        + snippets);
            }
            snippetLimit = snippets;
            return this;
        }

        /** Sets the folder that relative paths in magics resolve against (by default the working directory). */
        public Builder magicBase(Path dir) {
            magicBase = dir.toAbsolutePath().normalize();
            return this;
        }

        public ExecutionOptions build() {
            return new ExecutionOptions(this);
        }
    }
}
