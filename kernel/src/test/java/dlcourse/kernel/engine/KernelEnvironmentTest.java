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

    @Test
    @DisplayName("DLCOURSE_OUTPUT_LIMIT and DLCOURSE_SNIPPET_LIMIT set the limits; unset, the defaults hold")
    void limits() {
        Path here = Path.of("/tmp/notebooks");
        ExecutionOptions set = KernelEnvironment.options(Map.of("DLCOURSE_OUTPUT_LIMIT", "5000",
                "DLCOURSE_SNIPPET_LIMIT", "0"), here);
        ExecutionOptions unset = KernelEnvironment.options(Map.of(), here);
        assertAll(
                () -> assertEquals(5000, set.outputLimit()),
                () -> assertEquals(0, set.snippetLimit()),
                () -> assertEquals(ExecutionOptions.DEFAULT_OUTPUT_LIMIT, unset.outputLimit()),
                () -> assertEquals(ExecutionOptions.DEFAULT_SNIPPET_LIMIT, unset.snippetLimit()),
                () -> assertEquals(here, unset.magicBase(), "magic paths start in the working directory by default"));
    }

    @Test
    @DisplayName("a bad limit names its variable and shows a good value")
    void badLimits() {
        Path here = Path.of("/tmp");
        IllegalArgumentException output = assertThrows(IllegalArgumentException.class,
                () -> KernelEnvironment.options(Map.of("DLCOURSE_OUTPUT_LIMIT", "lots"), here));
        IllegalArgumentException snippets = assertThrows(IllegalArgumentException.class,
                () -> KernelEnvironment.options(Map.of("DLCOURSE_SNIPPET_LIMIT", "-5"), here));
        assertAll(
                () -> assertTrue(output.getMessage().contains("DLCOURSE_OUTPUT_LIMIT is 'lots'")
                        && output.getMessage().contains("1000000"), output.getMessage()),
                () -> assertTrue(snippets.getMessage().contains("DLCOURSE_SNIPPET_LIMIT is '-5'")
                        && snippets.getMessage().contains("1500"), snippets.getMessage()));
    }
}
