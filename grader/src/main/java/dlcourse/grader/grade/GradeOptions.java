package dlcourse.grader.grade;

import dlcourse.kernel.engine.OsSandbox;
import dlcourse.grader.run.SandboxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to grade.
 *
 * @param cellTimeout the per-cell time limit (30 s by default)
 * @param heapMb      each execution JVM's heap cap in MiB
 * @param jobs        how many submissions run at once (the number of cores by default)
 * @param classpath   extra class path entries for the execution JVMs (the assignment's setup cell loads the
 *                    library with {@code %jars} itself)
 * @param maxRestarts how often one submission may end its JVM before its remaining tests count as failed
 * @param sandbox     whether each execution JVM runs in the OS sandbox: {@code AUTO} (default) where available
 * @param submissionTimeout the most one submission may take in all: its cells times the per-cell limit, capped by
 *                    this (5 minutes by default)
 */
public record GradeOptions(Duration cellTimeout, int heapMb, int jobs, List<Path> classpath, int maxRestarts,
                           OsSandbox.Mode sandbox, Duration submissionTimeout) {
    /** The largest heap cap accepted, in MiB. */
    public static final int MAX_HEAP_MB = 1 << 16;

    public GradeOptions {
        classpath = List.copyOf(classpath);
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, was " + jobs);
        }
        if (heapMb < SandboxOptions.MIN_HEAP_MB || heapMb > MAX_HEAP_MB) {
            throw new IllegalArgumentException("--heap must be between " + SandboxOptions.MIN_HEAP_MB + " and "
                    + MAX_HEAP_MB + " (MiB), was " + heapMb + "; 512 suits the assignments");
        }
        if (submissionTimeout.isNegative() || submissionTimeout.isZero()) {
            throw new IllegalArgumentException("--submission-timeout must be at least 1 second, was "
                    + submissionTimeout.toSeconds());
        }
    }

    public GradeOptions(Duration cellTimeout, int heapMb, int jobs, List<Path> classpath, int maxRestarts) {
        this(cellTimeout, heapMb, jobs, classpath, maxRestarts, OsSandbox.Mode.AUTO, Duration.ofMinutes(5));
    }

    public static GradeOptions defaults() {
        return new GradeOptions(Duration.ofSeconds(30), 512, Runtime.getRuntime().availableProcessors(), List.of(), 3);
    }

    /**
     * The total time limit of a submission that runs {@code cells} cells: cells times the per-cell limit, at most
     * {@link #submissionTimeout()}.
     */
    public Duration totalTimeout(int cells) {
        Duration byCells = cellTimeout.multipliedBy(Math.max(1, cells));
        return byCells.compareTo(submissionTimeout) < 0 ? byCells : submissionTimeout;
    }

    public GradeOptions withSandbox(OsSandbox.Mode mode) {
        return new GradeOptions(cellTimeout, heapMb, jobs, classpath, maxRestarts, mode, submissionTimeout);
    }

    public GradeOptions withSubmissionTimeout(Duration limit) {
        return new GradeOptions(cellTimeout, heapMb, jobs, classpath, maxRestarts, sandbox, limit);
    }

    public GradeOptions withCellTimeout(Duration timeout) {
        return new GradeOptions(timeout, heapMb, jobs, classpath, maxRestarts, sandbox, submissionTimeout);
    }

    public GradeOptions withJobs(int n) {
        return new GradeOptions(cellTimeout, heapMb, n, classpath, maxRestarts, sandbox, submissionTimeout);
    }

    public GradeOptions withHeapMb(int mb) {
        return new GradeOptions(cellTimeout, mb, jobs, classpath, maxRestarts, sandbox, submissionTimeout);
    }
}
