package dlcourse.grader.run;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dlcourse.grader.TestNotebooks;
import dlcourse.grader.run.CellOutcome.Status;
import dlcourse.kernel.engine.OsSandbox;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a submission's execution JVM sees in the grader's OS sandbox, asked from inside by cells: only the system,
 * the JDK and the library; its scratch folder as working folder and temp folder; no network, no other process, and
 * a memory cap that holds for native memory too.
 */
@DisplayName("The grader's OS sandbox, seen from a submission")
class OsSandboxGradingTest {
    @TempDir
    static Path work;
    @TempDir
    static Path elsewhere;
    static KernelSandbox sandbox;
    static Path libJar;
    static Path libJars;

    @BeforeAll
    static void start() {
        assumeTrue(OsSandbox.unavailableReason().isEmpty(), () -> "no OS sandbox on this machine: "
                + OsSandbox.unavailableReason().orElse(""));
        libJar = TestNotebooks.root().resolve("lib/target/dlcourse-lib.jar");
        libJars = TestNotebooks.root().resolve("lib/target/jars");
        sandbox = KernelSandbox.start(new SandboxOptions(List.of(), 128, Duration.ofSeconds(30), work,
                TestNotebooks.root().resolve("solutions"), List.of(libJar, libJars), OsSandbox.Mode.REQUIRE));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static String value(String expression) {
        CellOutcome outcome = sandbox.execute("System.out.print(String.valueOf(" + expression + "));");
        assertEquals(Status.COMPLETED, outcome.status(), outcome.message());
        return outcome.stdout();
    }

    @Test
    @DisplayName("the library loads and computes, but the sources, the repository, the home folder and /tmp are not there")
    void seesOnlyWhatItNeeds() throws Exception {
        Path secretInTmp = Files.createTempFile("dlcourse-sandbox-test-", ".txt");
        try {
            CellOutcome library = sandbox.execute("%jars " + libJar + " " + libJars + "/*.jar\n"
                    + "System.out.print(dlcourse.tensor.Tensor.of(new double[][] {{1, 2}}).sum());");
            Path solution = TestNotebooks.solution("02-activations");
            assertAll(
                    () -> assertEquals(Status.COMPLETED, library.status(), library.message()),
                    () -> assertEquals("3.0", library.stdout()),
                    () -> assertEquals("false", value("Files.exists(Path.of(\"" + solution + "\"))")),
                    () -> assertEquals("false", value("Files.exists(Path.of(\"" + solution.getParent() + "\"))")),
                    () -> assertEquals("false", value("Files.exists(Path.of(\"" + TestNotebooks.root().resolve("README.md") + "\"))")),
                    () -> assertEquals("false", value("Files.exists(Path.of(\"" + elsewhere + "\"))")),
                    () -> assertEquals("false", value("Files.exists(Path.of(\"" + System.getProperty("user.home") + "\"))")),
                    () -> assertEquals("false", value("Files.exists(Path.of(\"" + secretInTmp + "\"))")),
                    () -> assertEquals("true", value("Files.isReadable(Path.of(\"" + libJar + "\"))")));
        } finally {
            Files.deleteIfExists(secretInTmp);
        }
    }

    @Test
    @DisplayName("relative writes and temp files land in the private scratch folder, and nothing else is writable")
    void writesLandInScratch() {
        CellOutcome write = sandbox.execute("Files.writeString(Path.of(\"relative.txt\"), \"kept\");\n"
                + "File temp = File.createTempFile(\"cell\", \".tmp\");\n"
                + "System.out.print(temp.getParent());");
        CellOutcome usr = sandbox.execute("Files.writeString(Path.of(\"" + libJar.getParent().resolve("planted.txt")
                + "\"), \"x\");");
        assertAll(
                () -> assertEquals(Status.COMPLETED, write.status(), write.message()),
                () -> assertTrue(Files.exists(work.resolve("relative.txt"))),
                () -> assertEquals(work.toString(), write.stdout()),
                () -> assertEquals(work.toString(), value("System.getProperty(\"user.dir\")")),
                () -> assertEquals(Status.ERRORED, usr.status(), "the library's folder is read-only"),
                () -> assertFalse(Files.exists(libJar.getParent().resolve("planted.txt"))));
    }

    @Test
    @DisplayName("no network and no process outside: the grader, its shell and the classmates are out of sight")
    void noNetworkNoProcesses() throws Exception {
        try (ServerSocket grader = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CellOutcome connect = sandbox.execute("new java.net.Socket(\"127.0.0.1\", " + grader.getLocalPort() + ");");
            assertAll(
                    () -> assertEquals(Status.ERRORED, connect.status(), "reached a port of the grader's machine"),
                    () -> assertEquals("0", value("java.net.NetworkInterface.networkInterfaces()"
                            + ".filter(i -> !i.getName().equals(\"lo\")).count()")),
                    () -> assertTrue(Long.parseLong(value("ProcessHandle.allProcesses().count()")) <= 3),
                    () -> assertEquals("false", value("ProcessHandle.of(" + ProcessHandle.current().pid()
                            + ").map(p -> p.info().command().orElse(\"\").contains(\"java\")).orElse(false)")));
        }
    }

    @Test
    @DisplayName("the memory cap holds for native memory, not only for the heap")
    void nativeMemoryIsCapped() {
        CellOutcome grab = sandbox.execute("var field = sun.misc.Unsafe.class.getDeclaredField(\"theUnsafe\");\n"
                + "field.setAccessible(true);\n"
                + "long address = ((sun.misc.Unsafe) field.get(null)).allocateMemory(3L << 30);");
        assertAll(
                () -> assertEquals(Status.ERRORED, grab.status(), "3 GiB of native memory under a 128 MiB heap"),
                () -> assertTrue(grab.message().contains("OutOfMemoryError"), grab.message()));
    }
}
