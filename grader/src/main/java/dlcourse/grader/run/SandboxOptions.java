package dlcourse.grader.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to start an execution JVM.
 *
 * @param classpath   jars and folders on the JVM's class path from the start
 * @param heapMb      the heap cap (-Xmx) in MiB; a submission that allocates without bound gets an
 *                    OutOfMemoryError in its cell, not the machine's memory
 * @param cellTimeout the per-cell time limit
 * @param workDir     the JVM's working directory (user.dir): a fresh, empty folder per submission
 * @param magicBase   the folder that relative paths in {@code %jars} / {@code %classpath} lines are resolved
 *                    against: the source notebook's folder, because setup cells come from the source
 */
public record SandboxOptions(List<Path> classpath, int heapMb, Duration cellTimeout, Path workDir, Path magicBase) {
    public SandboxOptions {
        classpath = List.copyOf(classpath);
        if (heapMb < 32) {
            throw new IllegalArgumentException("heap cap of " + heapMb + " MiB is too small; give at least 32 MiB");
        }
        if (cellTimeout.isNegative() || cellTimeout.isZero()) {
            throw new IllegalArgumentException("cell time limit must be positive, was " + cellTimeout);
        }
    }
}
