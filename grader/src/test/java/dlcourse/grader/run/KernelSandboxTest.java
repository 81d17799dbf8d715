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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The grader's one engine, cell by cell: what {@link KernelSandbox} turns the kernel's results into. The batch
 * tests ({@code HostileSubmissionsTest}) check the scores these outcomes lead to; these check the outcomes and
 * the messages a student reads.
 */
@DisplayName("A sandbox on the course kernel's execution session")
class KernelSandboxTest {
    @TempDir
    static Path work;
    static KernelSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = KernelSandbox.start(new SandboxOptions(List.of(), 64, Duration.ofSeconds(4), work, work));
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
                () -> assertEquals(Status.COMPLETED, second.status(), second.message()),
                () -> assertTrue(sandbox.alive()));
    }

    @Test
    @DisplayName("reports an exception with its class and message, and a compile error naming what is wrong")
    void reportsErrors() {
        CellOutcome thrown = sandbox.execute("throw new IllegalStateException(\"expected 3, was 4\");");
        CellOutcome broken = sandbox.execute("int y = undefinedThing + 1;");
        assertAll(
                () -> assertEquals(Status.ERRORED, thrown.status()),
                () -> assertTrue(thrown.message().contains("IllegalStateException") && thrown.message().contains("expected 3, was 4"),
                        thrown.message()),
                () -> assertEquals(Status.ERRORED, broken.status()),
                () -> assertTrue(broken.message().contains("does not compile") && broken.message().contains("cannot find symbol")
                        && broken.message().contains("undefinedThing"), broken.message()));
    }

    @Test
    @DisplayName("stops a cell that runs past the time limit, says so, and stays usable")
    void stopsLoops() {
        CellOutcome loop = sandbox.execute("long spins = 0; while (true) { spins++; }");
        CellOutcome after = sandbox.execute("int alive = 1;");
        assertAll(
                () -> assertEquals(Status.TIMED_OUT, loop.status(), loop.message()),
                () -> assertTrue(loop.message().contains("time limit of 4 s"), loop.message()),
                () -> assertEquals(Status.COMPLETED, after.status(), after.message()),
                () -> assertTrue(sandbox.alive()));
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
    @DisplayName("resolves relative %classpath paths against the source's folder (the engine's magic base)")
    void magicBase() {
        CellOutcome missing = sandbox.execute("%classpath lib/none.jar");
        assertAll(
                () -> assertEquals(Status.ERRORED, missing.status(), missing.message()),
                () -> assertTrue(missing.message().contains(work.resolve("lib/none.jar").normalize().toString()),
                        missing.message()));
    }

    @Nested
    @DisplayName("a cell that ends its JVM")
    class Endings {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "System.exit(0);",
                "Runtime.getRuntime().halt(0);",
                "void quit() { System.exit(3); } quit();",
        })
        @DisplayName("is reported as the JVM's end, never as completed, and the sandbox is dead afterwards")
        void exitIsDeath(String ending) {
            try (KernelSandbox own = KernelSandbox.start(new SandboxOptions(List.of(), 64, Duration.ofSeconds(5), work, work))) {
                CellOutcome outcome = own.execute(ending);
                CellOutcome next = own.execute("int afterwards = 1;");
                assertAll(ending,
                        () -> assertEquals(Status.DIED, outcome.status(), outcome.message()),
                        () -> assertTrue(outcome.message().contains("System.exit"), outcome.message()),
                        () -> assertFalse(own.alive()),
                        () -> assertEquals(Status.DIED, next.status(), "a dead sandbox runs nothing more"));
            }
        }
    }
}
