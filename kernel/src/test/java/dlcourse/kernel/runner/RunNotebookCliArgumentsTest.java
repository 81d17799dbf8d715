package dlcourse.kernel.runner;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("./course run with a path that is not a notebook file")
class RunNotebookCliArgumentsTest {
    @TempDir
    Path temp;

    private String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RunNotebookCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(status), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    @DisplayName("a folder exits 2 saying it is a folder; a missing file exits 2 saying there is no such file")
    void folderAndMissing() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("notebooks"));
        String[] forFolder = run(folder.toString());
        String[] forMissing = run(temp.resolve("missing.ipynb").toString());
        assertAll(
                () -> assertEquals("2", forFolder[0]),
                () -> assertTrue(forFolder[1].contains(folder + " is a folder; name one .ipynb file in it"), forFolder[1]),
                () -> assertEquals("2", forMissing[0]),
                () -> assertTrue(forMissing[1].contains("missing.ipynb: no such file"), forMissing[1]));
    }
}
