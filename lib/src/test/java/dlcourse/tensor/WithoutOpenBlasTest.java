package dlcourse.tensor;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A machine without OpenBLAS, made real for one child JVM: bubblewrap mounts /dev/null over the file that
 * libblas.so.3 resolves to, so loading it fails as it does where the package is missing. Skipped where bubblewrap
 * or the library is absent (CI installs both).
 */
class WithoutOpenBlasTest {

    @Test
    @DisplayName("without libblas.so.3 MatMul falls back to Java, MatMulInfo says how to get OpenBLAS, exit 0, no warning")
    void fallsBackAndSaysHowToFix() throws Exception {
        Path bwrap = Path.of("/usr/bin/bwrap");
        Path libblas = Path.of("/usr/lib/x86_64-linux-gnu/libblas.so.3");
        assumeTrue(Files.isExecutable(bwrap), "bubblewrap is not installed");
        assumeTrue(Files.exists(libblas), "no libblas.so.3 to hide: this machine is already without OpenBLAS");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(bwrap.toString(), "--dev-bind", "/", "/", "--ro-bind",
                "/dev/null", libblas.toRealPath().toString(), java.toString(), "-cp",
                System.getProperty("java.class.path"), MatMulInfo.class.getName()));
        Process process = new ProcessBuilder(command).start();
        assumeTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish in 60 s");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(!err.contains("bwrap:"), "bubblewrap cannot create a namespace here: " + err);
        List<String> lines = out.lines().toList();
        assertAll(
                () -> assertEquals(0, process.exitValue(), out + err),
                () -> assertEquals(2, lines.size(), out),
                () -> assertTrue(lines.get(0).startsWith("MatMul backend: java (")
                        || lines.get(0).startsWith("MatMul backend: vector ("), out),
                () -> assertTrue(lines.get(1).startsWith("fix: ") && lines.get(1).contains("libopenblas0-pthread"), out),
                () -> assertEquals("", err, "nothing on stderr (netlib's warnings must not reach a notebook)"));
    }
}
