package dlcourse.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.kernel.engine.CellResult;
import dlcourse.kernel.engine.ExecutionOptions;
import dlcourse.kernel.engine.ExecutionSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadMagicTest {
    @TempDir
    Path folder;

    @Test
    @DisplayName("%load runs a .jsh file and a notebook's code cells, relative to the working directory")
    void loadsScriptsAndNotebooks() throws IOException {
        Files.writeString(folder.resolve("helpers.jsh"), "int triple(int x) {\n    return 3 * x;\n}\n");
        Files.writeString(folder.resolve("setup.ipynb"), "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {},"
                + " \"cells\": [{\"cell_type\": \"markdown\", \"id\": \"a\", \"metadata\": {}, \"source\": \"# setup\"},"
                + " {\"cell_type\": \"code\", \"id\": \"b\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null,"
                + " \"source\": [\"int base = 4;\\n\", \"int offset = 1;\"]}]}");
        Files.writeString(folder.resolve("broken.jsh"), "int fine = 1;\nint bad = nothing;\n");
        try (ExecutionSession session = ExecutionSession.start(ExecutionOptions.builder().workingDirectory(folder).build())) {
            CellResult loaded = session.execute("%load helpers.jsh\n%load setup.ipynb\ntriple(base) + offset");
            CellResult broken = session.execute("%load broken.jsh");
            String trace = String.join("\n", broken.error().orElseThrow().traceback());
            assertAll(
                    () -> assertEquals("13", loaded.resultText().orElseThrow(), loaded.outputs().toString()),
                    () -> assertTrue(trace.contains("broken.jsh line 2"), trace));
        }
    }

    @Test
    @DisplayName("magic paths resolve against the magic base when one is set, not the working directory")
    void magicBase(@TempDir Path empty) throws IOException {
        Files.writeString(folder.resolve("helpers.jsh"), "int triple(int x) { return 3 * x; }\n");
        try (ExecutionSession session = ExecutionSession.start(ExecutionOptions.builder().workingDirectory(empty)
                .magicBase(folder).build())) {
            CellResult loaded = session.execute("%load helpers.jsh\ntriple(5)");
            CellResult cwd = session.execute("new java.io.File(\".\").getCanonicalPath()");
            assertAll(
                    () -> assertEquals("15", loaded.resultText().orElseThrow(), loaded.outputs().toString()),
                    () -> assertEquals(empty.toRealPath().toString(), cwd.resultText().orElseThrow()));
        }
    }
}
