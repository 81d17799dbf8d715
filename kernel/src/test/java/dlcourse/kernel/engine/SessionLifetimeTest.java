package dlcourse.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a long lab session needs from the engine: output that costs time linear in its size and is capped, output of
 * threads that reaches the cell that started them, and every loss of state announced with what was lost. The
 * execution JVM is real.
 */
class SessionLifetimeTest {

    private static ExecutionSession start(ExecutionOptions.Builder options) throws IOException {
        return ExecutionSession.start(options.jvmOptions(List.of("-Xmx128m")).build());
    }

    /** Collects stream text sent to a cell's live listener, also after the cell ended. */
    private static final class Collected implements OutputListener {
        final List<CellOutput> outputs = new CopyOnWriteArrayList<>();

        @Override
        public void output(CellOutput output) {
            outputs.add(output);
        }

        @Override
        public void updateDisplay(String displayId, Map<String, String> data) {
        }

        String text() {
            StringBuilder all = new StringBuilder();
            outputs.stream().filter(o -> o.type() == CellOutput.Type.STREAM).forEach(o -> all.append(o.text()));
            return all.toString();
        }
    }

    private static void waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    @DisplayName("a huge print is cut at the output limit with a note, and neither it nor the next cell times out")
    void outputIsCapped() throws IOException {
        try (ExecutionSession session = start(ExecutionOptions.builder()
                .outputLimit(100_000).cellTimeout(Duration.ofSeconds(60)))) {
            Collected live = new Collected();
            CellResult huge = session.execute("System.out.print(\"0123456789\".repeat(2_000_000));", live);
            CellResult next = session.execute("6 * 7");
            String kept = huge.streamText("stdout");
            assertAll(
                    () -> assertEquals(CellStatus.COMPLETED, huge.status(), huge.outputs().toString()),
                    () -> assertTrue(kept.startsWith("0123456789".repeat(10_000)), "the first 100,000 characters are kept"),
                    () -> assertTrue(kept.contains("output truncated") && kept.contains("100,000")
                            && kept.contains("DLCOURSE_OUTPUT_LIMIT"), kept.substring(Math.max(0, kept.length() - 300))),
                    () -> assertTrue(kept.length() < 100_300, "nothing beyond the note: " + kept.length()),
                    () -> assertEquals(kept, live.text(), "the live listener gets the same capped text"),
                    () -> assertEquals(CellStatus.COMPLETED, next.status()),
                    () -> assertEquals("42", next.resultText().orElseThrow()));
        }
    }

    @Test
    @DisplayName("many small prints are merged into one stream output, all of them kept under the limit")
    void manySmallPrints() throws IOException {
        try (ExecutionSession session = start(ExecutionOptions.builder())) {
            CellResult r = session.execute("for (int i = 0; i < 20_000; i++) System.out.println(i);");
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                expected.append(i).append('\n');
            }
            assertAll(
                    () -> assertEquals(1, r.outputs().size()),
                    () -> assertEquals(expected.toString(), r.streamText("stdout")));
        }
    }

    @Test
    @DisplayName("a thread prints into the cell that started it: not into a later cell, and also while idle")
    void threadOutputGoesToItsCell() throws Exception {
        try (ExecutionSession session = start(ExecutionOptions.builder())) {
            Collected first = new Collected();
            CellResult started = session.execute("Thread t = new Thread(() -> {\n"
                    + "    for (int i = 0; i < 6; i++) {\n"
                    + "        System.out.println(\"tick \" + i);\n"
                    + "        try { Thread.sleep(200); } catch (InterruptedException e) { return; }\n"
                    + "    }\n"
                    + "});\n"
                    + "t.start();\n"
                    + "System.out.println(\"started\");", first);
            Collected second = new Collected();
            CellResult later = session.execute("Thread.sleep(500); System.out.println(\"second cell\");", second);
            waitFor(() -> first.text().contains("tick 5"), 5000);
            String all = first.text();
            assertAll(
                    () -> assertEquals(CellStatus.COMPLETED, started.status()),
                    () -> assertEquals("second cell\n", later.streamText("stdout"), "nothing of the thread in cell 2"),
                    () -> assertEquals("second cell\n", second.text()),
                    () -> assertTrue(all.contains("started\n"), all),
                    () -> {
                        for (int i = 0; i < 6; i++) {
                            assertEquals(1, all.split("tick " + i + "\n", -1).length - 1, "tick " + i + " once in " + all);
                        }
                    });
        }
    }

    @Test
    @DisplayName("a parallel stream prints into the cell that runs it, though its workers were started by an earlier cell")
    void forkJoinWorkersPrintIntoTheRunningCell() throws IOException {
        try (ExecutionSession session = start(ExecutionOptions.builder())) {
            session.execute("java.util.stream.IntStream.range(0, 200).parallel().map(i -> i * i).sum()");
            CellResult r = session.execute("java.util.stream.IntStream.range(0, 40).parallel()"
                    + ".forEach(i -> System.out.println(\"p\" + i));");
            String printed = r.streamText("stdout");
            assertAll(
                    () -> assertEquals(40, printed.lines().count(), printed),
                    () -> assertTrue(printed.contains("p0\n") && printed.contains("p39\n"), printed));
        }
    }

    @Test
    @DisplayName("a JVM that dies between cells is announced at once on the last cell, and again in the next one")
    void deathBetweenCellsIsAnnounced() throws Exception {
        try (ExecutionSession session = start(ExecutionOptions.builder())) {
            session.execute("int lostVariable = 5;");
            session.execute("String greet(String name) { return \"hi \" + name; }");
            Collected last = new Collected();
            CellResult exitLater = session.execute("new Thread(() -> { try { Thread.sleep(300); }"
                    + " catch (InterruptedException e) { } System.exit(3); }).start();", last);
            waitFor(() -> last.text().contains("ended"), 8000);
            CellResult next = session.execute("1 + 1");
            String notice = next.streamText("stderr");
            assertAll(
                    () -> assertEquals(CellStatus.COMPLETED, exitLater.status()),
                    () -> assertFalse(exitLater.jvmReplaced()),
                    () -> assertTrue(last.text().contains("exit status 3") && last.text().contains("lostVariable")
                            && last.text().contains("greet(String)"), "announced on the last cell: " + last.text()),
                    () -> assertTrue(next.jvmReplaced(), "the result carries the fact"),
                    () -> assertTrue(notice.contains("lostVariable") && notice.contains("greet(String)"), notice),
                    () -> assertEquals("2", next.resultText().orElseThrow()),
                    () -> assertFalse(session.execute("3").jvmReplaced(), "said once"));
        }
    }

    @Test
    @DisplayName("an execution JVM killed from outside between cells is announced in the next cell")
    void killBetweenCellsIsAnnounced() throws Exception {
        try (ExecutionSession session = start(ExecutionOptions.builder())) {
            session.execute("int survivor = 1;");
            // seen from here, not from inside: in the OS sandbox the JVM's own pid is one of its PID namespace
            ProcessHandle jvm = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("dlcourse.kernel.agent.CellAgent")
                            && p.info().command().orElse("").endsWith("java"))
                    .findFirst().orElseThrow();
            jvm.destroyForcibly();
            jvm.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            // in the OS sandbox bubblewrap (whose command line holds the JVM's) ends a moment after the JVM: wait
            // for it too, so that the next cell starts after the death, as a cell a person runs does
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (ProcessHandle.current().descendants().anyMatch(p -> p.isAlive()
                    && p.info().commandLine().orElse("").contains("dlcourse.kernel.agent.CellAgent"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            CellResult next = session.execute("survivor");
            String notice = next.streamText("stderr");
            assertAll(
                    () -> assertTrue(next.jvmReplaced()),
                    () -> assertTrue(notice.contains("ended while no cell was running") && notice.contains("survivor"),
                            notice),
                    () -> assertEquals(CellStatus.ERRORED, next.status(), "the variable is gone, and the cell says why"));
        }
    }

    @Test
    @DisplayName("System.exit in a cell names what was lost and marks the result as having a new JVM")
    void exitInCellNamesLoss() throws IOException {
        try (ExecutionSession session = start(ExecutionOptions.builder())) {
            session.execute("double rate = 0.1;\nrecord Pair(int a, int b) { }");
            CellResult r = session.execute("System.exit(4);");
            String evalue = r.error().orElseThrow().evalue();
            assertAll(
                    () -> assertEquals(CellStatus.JVM_DIED, r.status()),
                    () -> assertTrue(r.jvmReplaced()),
                    () -> assertTrue(evalue.contains("status 4") && evalue.contains("rate") && evalue.contains("Pair"),
                            evalue));
        }
    }

    @Test
    @DisplayName("redefining a record with another shape names the variables that lost their values")
    void recordRedefinitionNamesVariables() throws IOException {
        try (ExecutionSession session = start(ExecutionOptions.builder())) {
            session.execute("record Point(int x) { }\nPoint p = new Point(1);\nPoint q = null;\nint kept = p.x();");
            CellResult r = session.execute("record Point(int x, int y) { }");
            String note = r.streamText("stderr");
            assertAll(
                    () -> assertEquals(CellStatus.COMPLETED, r.status()),
                    () -> assertTrue(note.contains("Redefining Point"), note),
                    () -> assertTrue(note.contains("p (Point)") && note.contains("q (Point)"), note),
                    () -> assertFalse(note.contains("kept"), note),
                    () -> assertEquals("1", session.execute("kept").resultText().orElseThrow()));
        }
    }
}
