package dlcourse.grader.grade;

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
 */
public record GradeOptions(Duration cellTimeout, int heapMb, int jobs, List<Path> classpath, int maxRestarts) {
    public GradeOptions {
        classpath = List.copyOf(classpath);
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, was " + jobs);
        }
    }

    public static GradeOptions defaults() {
        return new GradeOptions(Duration.ofSeconds(30), 512, Runtime.getRuntime().availableProcessors(), List.of(), 3);
    }

    public GradeOptions withCellTimeout(Duration timeout) {
        return new GradeOptions(timeout, heapMb, jobs, classpath, maxRestarts);
    }

    public GradeOptions withJobs(int n) {
        return new GradeOptions(cellTimeout, heapMb, n, classpath, maxRestarts);
    }

    public GradeOptions withHeapMb(int mb) {
        return new GradeOptions(cellTimeout, mb, jobs, classpath, maxRestarts);
    }
}
