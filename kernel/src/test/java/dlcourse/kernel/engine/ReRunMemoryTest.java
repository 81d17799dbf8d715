package dlcourse.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Re-running the same cells many times, as a student does in a lab, keeps the kernel's memory bounded and each run
 * as quick as the first ones. JShell keeps every snippet it ever ran (13 to 27 KB each in this process, measured
 * with {@code jmap -histo:live}: the wrapped sources and the compiler's symbols), so the session replaces its
 * execution JVM at {@link ExecutionOptions#snippetLimit()} with a notice. In CI the limit is small and the run
 * short; the slope of the heap over the runs is what is checked, the same slope that decides 1,000 runs.
 */
class ReRunMemoryTest {
    private static final String[] CELLS = {
        "class Point { int x, y; Point(int x, int y) { this.x = x; this.y = y; } }",
        "int twice(int x) { return 2 * x; }",
        "int counter = 41;",
        "counter + 1",
    };
    private static final int LIMIT = 60;
    /** Rounds of the four cells after the first replacement: three replacements more. */
    private static final int ROUNDS = 48;
    /** Without the limit the heap grows by 13 KB or more per snippet; with it, by nothing in the long run. */
    private static final double MAX_SLOPE_BYTES_PER_CELL = 4096;

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    @DisplayName("re-running a class, a method, a variable and an expression keeps the heap flat and the runs quick")
    void reRunsStayBounded() throws IOException {
        try (ExecutionSession session = ExecutionSession.start(ExecutionOptions.builder()
                .jvmOptions(List.of("-Xmx128m")).snippetLimit(LIMIT).build())) {
            // warm up to the first replacement: from then on each JShell starts as the one before did
            boolean replaced = false;
            while (!replaced) {
                for (String cell : CELLS) {
                    replaced |= session.execute(cell).jvmReplaced();
                }
            }
            for (String cell : CELLS) {
                session.execute(cell);
            }
            List<double[]> heap = new ArrayList<>(); // (cells run, bytes)
            List<Long> nanos = new ArrayList<>();
            List<String> notices = new ArrayList<>();
            int cellsRun = 0;
            for (int round = 0; round < ROUNDS; round++) {
                if (round % 4 == 0) {
                    heap.add(new double[] {cellsRun, heapAfterGc()});
                }
                for (String cell : CELLS) {
                    CellResult r = session.execute(cell);
                    cellsRun++;
                    if (r.jvmReplaced()) {
                        notices.add(r.streamText("stderr"));
                        // a fresh JVM: run the cells again, as the notice asks
                        for (String again : CELLS) {
                            session.execute(again);
                        }
                    } else {
                        assertEquals(CellStatus.COMPLETED, r.status(), r.outputs().toString());
                        nanos.add(r.elapsed().toNanos());
                    }
                }
            }
            heap.add(new double[] {cellsRun, heapAfterGc()});
            int cellsInAll = cellsRun;
            double slope = slope(heap);
            int quarter = nanos.size() / 4;
            long firstQuarter = median(nanos.subList(0, quarter));
            long lastQuarter = median(nanos.subList(nanos.size() - quarter, nanos.size()));
            assertAll(
                    () -> assertTrue(slope < MAX_SLOPE_BYTES_PER_CELL, String.format(
                            "the heap grows by %.0f bytes per cell run (at most %.0f)", slope, MAX_SLOPE_BYTES_PER_CELL)),
                    () -> assertTrue(notices.size() >= 3, "the limit of " + LIMIT + " replaced the JVM " + notices.size()
                            + " times in " + cellsInAll + " cells"),
                    () -> assertTrue(notices.stream().allMatch(n -> n.contains("DLCOURSE_SNIPPET_LIMIT")
                            && n.contains("counter") && n.contains("twice(int)") && n.contains("Point")), notices.toString()),
                    () -> assertTrue(lastQuarter < 2.5 * firstQuarter, String.format(
                            "the median run took %.1f ms at the start and %.1f ms at the end", firstQuarter / 1e6,
                            lastQuarter / 1e6)));
        }
    }

    /** Least-squares slope of y over x. */
    private static double slope(List<double[]> points) {
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = points.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxy / sxx;
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
