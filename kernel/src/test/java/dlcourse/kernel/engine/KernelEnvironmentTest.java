package dlcourse.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KernelEnvironmentTest {
    @Test
    @DisplayName("JJAVA_TIMEOUT reads '30 SECONDS', milliseconds and -1")
    void timeouts() {
        assertAll(
                () -> assertEquals(Duration.ofSeconds(30), KernelEnvironment.timeout("30 SECONDS")),
                () -> assertEquals(Duration.ofMinutes(2), KernelEnvironment.timeout("2 minutes")),
                () -> assertEquals(Duration.ofMillis(500), KernelEnvironment.timeout("500")),
                () -> assertEquals(Duration.ZERO, KernelEnvironment.timeout("-1")),
                () -> assertEquals(Duration.ZERO, KernelEnvironment.timeout(null)));
    }

    @Test
    @DisplayName("a bad JJAVA_TIMEOUT names the variable and shows good values")
    void badTimeout() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelEnvironment.timeout("soon"));
        assertTrue(e.getMessage().contains("JJAVA_TIMEOUT") && e.getMessage().contains("30 SECONDS"), e.getMessage());
    }

    @Test
    @DisplayName("the other variables become options")
    void options() {
        Path here = Path.of("/tmp/notebooks");
        ExecutionOptions options = KernelEnvironment.options(Map.of(
                "JJAVA_CLASSPATH", "a.jar" + java.io.File.pathSeparator + "/abs/b.jar",
                "JJAVA_COMPILER_OPTS", "-parameters  -Xlint:none",
                "JJAVA_JVM_OPTS", "-Xmx512m",
                "JJAVA_STARTUP_SCRIPT", "int x = 1;"), here);
        assertAll(
                () -> assertEquals(List.of(Path.of("/tmp/notebooks/a.jar"), Path.of("/abs/b.jar")), options.classpath()),
                () -> assertEquals(List.of("-parameters", "-Xlint:none"), options.compilerOptions()),
                () -> assertEquals(List.of("-Xmx512m"), options.jvmOptions()),
                () -> assertEquals("int x = 1;", options.startupScript()),
                () -> assertEquals(here, options.workingDirectory()));
    }
}
