package dlcourse.grader.run;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.grader.run.CellOutcome.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("An execution JVM driven through JShell")
class JShellSandboxTest {
    @TempDir
    static Path work;
    static JShellSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = JShellSandbox.start(new SandboxOptions(List.of(), 64, Duration.ofSeconds(6), work, work));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    @DisplayName("runs a cell's declarations and statements in order, later cells seeing earlier ones")
    void runsCells() {
        CellOutcome first = sandbox.execute("int twice(int v) { return 2 * v; }\nint x = twice(21);\nSystem.out.println(\"x=\" + x);");
        CellOutcome second = sandbox.execute("if (x != 42) throw new AssertionError(\"x was \" + x);");
        assertAll(
                () -> assertEquals(Status.COMPLETED, first.status(), first.message()),
                () -> assertEquals("x=42\n", first.stdout()),
                () -> assertEquals(Status.COMPLETED, second.status(), second.message()));
    }

    @Test
    @DisplayName("reports an exception with its class and message, and a compile error with the compiler's words")
    void reportsErrors() {
        CellOutcome thrown = sandbox.execute("throw new IllegalStateException(\"expected 3, was 4\");");
        CellOutcome broken = sandbox.execute("int y = undefinedThing + 1;");
        assertAll(
                () -> assertEquals(Status.ERRORED, thrown.status()),
                () -> assertTrue(thrown.message().contains("IllegalStateException: expected 3, was 4"), thrown.message()),
                () -> assertEquals(Status.ERRORED, broken.status()),
                () -> assertTrue(broken.message().contains("does not compile") && broken.message().contains("undefinedThing"),
                        broken.message()));
    }

    @Test
    @DisplayName("stops a cell that runs past the time limit and stays usable")
    void stopsLoops() {
        CellOutcome loop = sandbox.execute("long spins = 0; while (true) { spins++; }");
        CellOutcome after = sandbox.execute("int alive = 1;");
        assertAll(
                () -> assertEquals(Status.TIMED_OUT, loop.status(), loop.message()),
                () -> assertTrue(loop.message().contains("time limit of 6 s"), loop.message()),
                () -> assertEquals(Status.COMPLETED, after.status(), after.message()));
    }

    @Test
    @DisplayName("an allocation without bound ends in OutOfMemoryError under the heap cap, not in a dead machine")
    void capsTheHeap() {
        CellOutcome hog = sandbox.execute("var hoard = new java.util.ArrayList<long[]>(); while (true) hoard.add(new long[1 << 20]);");
        CellOutcome after = sandbox.execute("hoard = null; int stillHere = 1;");
        assertAll(
                () -> assertEquals(Status.ERRORED, hog.status(), hog.message()),
                () -> assertTrue(hog.message().contains("OutOfMemoryError"), hog.message()),
                () -> assertEquals(Status.COMPLETED, after.status(), after.message()));
    }

    @Test
    @DisplayName("a cell that calls System.exit or Runtime.halt is reported as the JVM's end, never as completed")
    void exitIsDeath() {
        for (String ending : List.of("System.exit(0);", "Runtime.getRuntime().halt(0);",
                "void quit() { System.exit(0); }\nquit();")) {
            try (JShellSandbox own = JShellSandbox.start(new SandboxOptions(List.of(), 64, Duration.ofSeconds(5), work, work))) {
                CellOutcome outcome = own.execute(ending);
                assertAll(ending,
                        () -> assertEquals(Status.DIED, outcome.status(), outcome.message()),
                        () -> assertFalse(own.alive()));
            }
        }
    }
}
