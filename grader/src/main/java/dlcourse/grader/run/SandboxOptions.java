package dlcourse.grader.run;

import dlcourse.kernel.engine.OsSandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to start an execution JVM.
 *
 * @param classpath    jars and folders on the JVM's class path from the start
 * @param heapMb       the heap cap (-Xmx) in MiB; a submission that allocates without bound gets an
 *                     OutOfMemoryError in its cell, not the machine's memory
 * @param cellTimeout  the per-cell time limit
 * @param workDir      the JVM's working directory (user.dir, java.io.tmpdir, HOME): a fresh, empty folder per
 *                     submission, the only place it can write
 * @param magicBase    the folder that relative paths in {@code %jars} / {@code %classpath} lines are resolved
 *                     against: the source notebook's folder, because setup cells come from the source
 * @param libraryPaths files and folders the JVM may read (the course library that the setup cells load); in the
 *                     OS sandbox nothing else of the machine's files is visible besides the system and the JDK
 * @param sandbox      whether to run in the OS sandbox ({@link OsSandbox})
 */
public record SandboxOptions(List<Path> classpath, int heapMb, Duration cellTimeout, Path workDir, Path magicBase,
                             List<Path> libraryPaths, OsSandbox.Mode sandbox) {
    /** The smallest heap an execution JVM with JShell's agent and the course library runs in. */
    public static final int MIN_HEAP_MB = 64;

    public SandboxOptions {
        classpath = List.copyOf(classpath);
        libraryPaths = List.copyOf(libraryPaths);
        if (heapMb < MIN_HEAP_MB) {
            throw new IllegalArgumentException("heap cap of " + heapMb + " MiB is too small; give at least "
                    + MIN_HEAP_MB + " MiB");
        }
        if (cellTimeout.isNegative() || cellTimeout.isZero()) {
            throw new IllegalArgumentException("cell time limit must be positive, was " + cellTimeout);
        }
    }

    /** Options with no library paths, in the OS sandbox where available. */
    public SandboxOptions(List<Path> classpath, int heapMb, Duration cellTimeout, Path workDir, Path magicBase) {
        this(classpath, heapMb, cellTimeout, workDir, magicBase, List.of(), OsSandbox.Mode.AUTO);
    }

    /**
     * The address-space cap of each process in the sandbox, in MiB: the heap plus room for what the JVM reserves
     * besides (code cache, class space, thread stacks, malloc arenas, native BLAS buffers per core).
     */
    public long memoryLimitMb() {
        return heapMb + 1024L + 64L * Runtime.getRuntime().availableProcessors();
    }
}
