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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The engine the kernel, the runner and the grader share, driven in process (the execution JVM is real). */
class ExecutionSessionTest {
    private static ExecutionSession session;

    @BeforeAll
    static void start() throws IOException {
        session = ExecutionSession.start(ExecutionOptions.builder()
                .jvmOptions(List.of("-Xmx128m"))
                .cellTimeout(Duration.ofSeconds(20))
                .build());
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @Test
    @DisplayName("outputs come in the order the cell wrote them, then the result")
    void outputsInOrder() {
        CellResult r = session.execute("System.out.print(\"a\");\nSystem.err.print(\"b\");\ndisplay(\"c\");\n"
                + "System.out.print(\"d\");\n\"e\"");
        List<String> kinds = r.outputs().stream().map(o -> o.type() + (o.streamName() == null ? "" : ":" + o.streamName()))
                .toList();
        assertAll(
                () -> assertEquals(CellStatus.COMPLETED, r.status()),
                () -> assertEquals(List.of("STREAM:stdout", "STREAM:stderr", "DISPLAY_DATA", "STREAM:stdout", "EXECUTE_RESULT"), kinds),
                () -> assertEquals("e", r.resultText().orElseThrow()));
    }

    @Test
    @DisplayName("live listeners see each output as it happens, and updates replace displays in the result")
    void liveOutputsAndUpdates() {
        List<String> seen = new CopyOnWriteArrayList<>();
        CellResult r = session.execute("String id = display(\"before\");\nupdateDisplay(id, \"after\");", new OutputListener() {
            @Override
            public void output(CellOutput output) {
                seen.add("output " + output.data());
            }

            @Override
            public void updateDisplay(String displayId, Map<String, String> data) {
                seen.add("update " + data);
            }
        });
        assertAll(
                () -> assertEquals(List.of("output {text/plain=before}", "update {text/plain=after}"), seen),
                () -> assertEquals(Map.of("text/plain", "after"), r.outputs().get(0).data()),
                () -> assertTrue(r.resultText().isEmpty(), "a trailing ';' keeps the display id to itself"));
    }

    @Test
    @DisplayName("an exception names its type and message, and the stack names the cell line")
    void exceptions() {
        CellResult r = session.execute("int zero = 0;\n\nint boom = 1 / zero;");
        CellOutput error = r.error().orElseThrow();
        assertAll(
                () -> assertEquals(CellStatus.ERRORED, r.status()),
                () -> assertEquals("java.lang.ArithmeticException", error.ename()),
                () -> assertEquals("/ by zero", error.evalue()),
                () -> assertTrue(error.traceback().contains("    at line 3"), error.traceback().toString()));
    }

    @Test
    @DisplayName("a compile error quotes the offending line and underlines the code")
    void compileErrors() {
        CellOutput error = session.execute("int ok = 1;\nString s = ok.missing();").error().orElseThrow();
        assertAll(
                () -> assertEquals("CompilationException", error.ename()),
                () -> assertTrue(error.traceback().stream().anyMatch(l -> l.equals("line 2: String s = ok.missing();")),
                        error.traceback().toString()));
    }

    @Test
    @DisplayName("a cell over the time limit is stopped and the session keeps its state")
    void timeLimit() throws IOException {
        try (ExecutionSession quick = ExecutionSession.start(ExecutionOptions.builder()
                .cellTimeout(Duration.ofMillis(1500)).build())) {
            quick.execute("int kept = 4;");
            CellResult r = quick.execute("while (true) { }");
            assertAll(
                    () -> assertEquals(CellStatus.TIMED_OUT, r.status()),
                    () -> assertEquals("CellTimeout", r.error().orElseThrow().ename()),
                    () -> assertTrue(r.elapsed().toMillis() < 4000, r.elapsed().toString()),
                    () -> assertEquals("4", quick.execute("kept").resultText().orElseThrow()));
        }
    }

    @Test
    @DisplayName("interrupt stops a running cell from another thread")
    void interrupt() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.schedule(session::interrupt, 700, TimeUnit.MILLISECONDS);
            CellResult r = session.execute("Thread.sleep(60_000);");
            assertAll(
                    () -> assertEquals(CellStatus.INTERRUPTED, r.status()),
                    () -> assertTrue(r.elapsed().toMillis() < 3000, r.elapsed().toString()));
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    @DisplayName("System.exit ends the cell with JVM_DIED, and the next cell runs in a fresh JVM")
    void exitIsSurvived() {
        CellResult r = session.execute("System.exit(7);");
        assertAll(
                () -> assertEquals(CellStatus.JVM_DIED, r.status()),
                () -> assertTrue(r.error().orElseThrow().evalue().contains("status 7"), r.error().toString()),
                () -> assertEquals("3", session.execute("1 + 2").resultText().orElseThrow()));
    }

    @Test
    @DisplayName("an unknown magic lists the known ones; %time prints the wall time")
    void magics() {
        CellResult unknown = session.execute("%nope");
        CellResult timed = session.execute("%time 20 + 22");
        assertAll(
                () -> assertTrue(unknown.error().orElseThrow().evalue().contains("%jars")),
                () -> assertTrue(timed.streamText("stdout").startsWith("Wall time: ")),
                () -> assertEquals("42", timed.resultText().orElseThrow()));
    }

    @Test
    @DisplayName("a bad JVM option stops the start with a message that names it and JJAVA_JVM_OPTS")
    void badJvmOption() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ExecutionSession.start(
                ExecutionOptions.builder().jvmOptions(List.of("-Xmx5zz")).build()));
        assertAll(
                () -> assertTrue(e.getMessage().contains("-Xmx5zz") || e.getMessage().contains("heap"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("JJAVA_JVM_OPTS"), e.getMessage()));
    }

    @Test
    @DisplayName("outputs convert to nbformat output objects")
    void nbformat() {
        CellResult r = session.execute("System.out.println(\"x\");\n7");
        assertEquals(Map.of("output_type", "stream", "name", "stdout", "text", "x\n"), r.outputs().get(0).toNbformat());
        Map<String, Object> result = r.outputs().get(1).toNbformat(5);
        assertAll(
                () -> assertEquals("execute_result", result.get("output_type")),
                () -> assertEquals(5, result.get("execution_count")),
                () -> assertFalse(((Map<?, ?>) result.get("data")).isEmpty()));
    }
}
