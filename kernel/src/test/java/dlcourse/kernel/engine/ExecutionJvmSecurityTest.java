package dlcourse.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The execution JVM's process layer: only the kernel stops a cell, and only the kernel reaches the JVM. */
class ExecutionJvmSecurityTest {

    static ExecutionSession start(OsSandbox.Mode mode) throws IOException {
        return ExecutionSession.start(ExecutionOptions.builder()
                .jvmOptions(List.of("-Xmx128m"))
                .cellTimeout(Duration.ofSeconds(30))
                .sandbox(OsSandbox.Policy.kernel(mode))
                .build());
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("a stop means what the kernel decided")
    class ForgedStops {
        static final String FORGE = "Error forged() throws Exception {\n"
                + "    var make = Class.forName(\"dlcourse.kernel.agent.CellStopped\").getDeclaredConstructor();\n"
                + "    make.setAccessible(true);\n"
                + "    return (Error) make.newInstance();\n"
                + "}";

        @Test
        @DisplayName("a cell that throws the agent's stop signal itself ends with an error, not as completed")
        void forgedStopIsAnError() throws IOException {
            try (ExecutionSession session = start(OsSandbox.Mode.AUTO)) {
                assertEquals(CellStatus.COMPLETED, session.execute(FORGE).status());
                CellResult statement = session.execute("int before = 1;\nif (true) throw forged();\nint after = 2;");
                CellResult declaration = session.execute("int sneaky = ((java.util.function.IntSupplier) () -> {"
                        + " try { throw forged(); } catch (Exception e) { return 0; } }).getAsInt();");
                CellResult rendering = session.execute("new Object() { public String toString() {"
                        + " try { throw forged(); } catch (Exception e) { return \"\"; } } }");
                assertAll(
                        () -> assertEquals(CellStatus.ERRORED, statement.status()),
                        () -> assertEquals(ExecutionJvmControl.UNREQUESTED_STOP, statement.error().orElseThrow().ename()),
                        () -> assertEquals(CellStatus.ERRORED, declaration.status()),
                        () -> assertEquals(ExecutionJvmControl.UNREQUESTED_STOP, declaration.error().orElseThrow().ename()),
                        () -> assertTrue(rendering.status().failed(), rendering.outputs().toString()),
                        () -> assertEquals("1", session.execute("before").resultText().orElseThrow(),
                                "the session goes on after a forged stop"));
            }
        }

        @Test
        @DisplayName("the stop signal is in no static field that reflection could fetch")
        void noStaticSignal() throws IOException {
            try (ExecutionSession session = start(OsSandbox.Mode.AUTO)) {
                CellResult r = session.execute("java.util.Arrays.stream(Class.forName(\"dlcourse.kernel.agent.CellAgent\")"
                        + ".getDeclaredFields()).filter(f -> java.lang.reflect.Modifier.isStatic(f.getModifiers()))"
                        + ".filter(f -> Throwable.class.isAssignableFrom(f.getType())).count()");
                assertEquals("0", r.resultText().orElseThrow(), r.outputs().toString());
            }
        }

        @Test
        @DisplayName("a stop the kernel sends still interrupts the cell, and the session keeps its state")
        void realStopStillWorks() throws IOException {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            try (ExecutionSession session = start(OsSandbox.Mode.AUTO)) {
                session.execute("int kept = 5;");
                timer.schedule(session::interrupt, 1000, TimeUnit.MILLISECONDS);
                CellResult r = session.execute("Thread.sleep(60_000);");
                assertAll(
                        () -> assertEquals(CellStatus.INTERRUPTED, r.status(), r.outputs().toString()),
                        () -> assertEquals("5", session.execute("kept").resultText().orElseThrow()));
            } finally {
                timer.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("no other local process reaches the execution JVM")
    class PrivateChannel {
        private static final Pattern JDWP_PORT = Pattern.compile("address=127\\.0\\.0\\.1:(\\d+)");

        @ParameterizedTest(name = "sandbox {0}")
        @EnumSource(value = OsSandbox.Mode.class, names = {"AUTO", "OFF"})
        @DisplayName("neither its debugger port, nor the control socket, nor the Attach API lets another process in")
        void nobodyElseConnects(OsSandbox.Mode mode) throws Exception {
            assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash's /dev/tcp to play the other process");
            try (ExecutionSession session = start(mode)) {
                session.execute("String secret = \"kept\";");
                ProcessHandle jvm = ProcessHandle.current().descendants()
                        .filter(p -> p.info().commandLine().orElse("").contains("dlcourse.kernel.agent.CellAgent")
                                && p.info().command().orElse("").endsWith("java"))
                        .findFirst().orElseThrow();
                List<String> arguments = List.of(jvm.info().arguments().orElseThrow());
                Matcher port = JDWP_PORT.matcher(String.join(" ", arguments));
                assertTrue(port.find(), arguments.toString());
                Path controlSocket = Path.of(arguments.get(arguments.size() - 3));

                // another process tries the debugger's TCP port (JDWP would answer its handshake to anyone)
                Process other = new ProcessBuilder("/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port.group(1)
                        + " && printf JDWP-Handshake >&3 && head -c 14 <&3").redirectErrorStream(true).start();
                assertTrue(other.waitFor(20, TimeUnit.SECONDS));
                String answer = new String(other.getInputStream().readAllBytes());
                assertFalse(answer.contains("JDWP-Handshake"), "the debugger answered another process: " + answer);

                // the control socket was deleted once the JVM connected; its folder is gone as well
                assertFalse(Files.exists(controlSocket), controlSocket + " still exists");
                assertFalse(Files.exists(controlSocket.getParent()), controlSocket.getParent() + " still exists");
                assertThrows(IOException.class, () -> {
                    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        c.connect(UnixDomainSocketAddress.of(controlSocket));
                    }
                });

                // the Attach API (jcmd, jstack, agents) is off
                assertThrows(Exception.class, () -> com.sun.tools.attach.VirtualMachine.attach(Long.toString(jvm.pid())));

                // and the kernel's own link still works: a cell is interrupted, the state is kept
                ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
                try {
                    timer.schedule(session::interrupt, 800, TimeUnit.MILLISECONDS);
                    assertEquals(CellStatus.INTERRUPTED, session.execute("Thread.sleep(60_000);").status());
                } finally {
                    timer.shutdownNow();
                }
                assertEquals("kept", session.execute("secret").resultText().orElseThrow());
            }
        }

        @Test
        @DisplayName("in the sandbox the JVM has no network and sees no process outside")
        void sandboxIsolates() throws IOException {
            assumeTrue(OsSandbox.unavailableReason().isEmpty(), () -> "no OS sandbox here: " + OsSandbox.unavailableReason());
            try (ExecutionSession session = start(OsSandbox.Mode.REQUIRE)) {
                CellResult processes = session.execute("ProcessHandle.allProcesses().count()");
                CellResult parent = session.execute("ProcessHandle.current().parent().map(p -> p.info().command()"
                        + ".orElse(\"?\")).orElse(\"none\")");
                CellResult network = session.execute("java.net.NetworkInterface.networkInterfaces()"
                        + ".filter(i -> !i.getName().equals(\"lo\")).count()");
                CellResult files = session.execute("Files.exists(Path.of(System.getProperty(\"user.dir\")))");
                assertAll(
                        () -> assertTrue(Long.parseLong(processes.resultText().orElseThrow()) <= 3,
                                "sees " + processes.resultText() + " processes"),
                        () -> assertNotEquals(Long.toString(ProcessHandle.current().pid()),
                                parent.resultText().orElseThrow()),
                        () -> assertEquals("0", network.resultText().orElseThrow(), "interfaces besides loopback"),
                        () -> assertEquals("true", files.resultText().orElseThrow(),
                                "the kernel's sandbox keeps the student's files"));
            }
        }
    }

    @Nested
    @DisplayName("a JVM that cannot start")
    class StartFailures {
        @Test
        @DisplayName("is reported with what it printed, and blames the JVM options only when they are the cause")
        void blamesOptionsOnlyWhenTheyAreTheCause(@org.junit.jupiter.api.io.TempDir Path fakeJdk) throws IOException {
            assumeTrue(Files.isExecutable(Path.of("/bin/sh")));
            Path java = Files.createDirectories(fakeJdk.resolve("bin")).resolve("java");
            Files.writeString(java, "#!/bin/sh\necho 'the disk is full'\nexit 3\n");
            assertTrue(java.toFile().setExecutable(true));
            IOException e = assertThrows(IOException.class, () -> ExecutionSession.start(ExecutionOptions.builder()
                    .javaHome(fakeJdk).jvmOptions(List.of("-Xmx128m")).sandbox(OsSandbox.Policy.kernel(OsSandbox.Mode.OFF))
                    .build()));
            assertAll(
                    () -> assertTrue(e.getMessage().contains("status 3"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("the disk is full"), e.getMessage()),
                    () -> assertFalse(e.getMessage().contains("JJAVA_JVM_OPTS"), e.getMessage()));
        }
    }
}
