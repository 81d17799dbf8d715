package dlcourse.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotebookFileTest {
    private static final Path NAME = Path.of("alice.ipynb");

    @Test
    @DisplayName("a notebook reads into cells with their sources, upgraded to 4.5 with unique ids, and writes back")
    void readsAndWrites(@TempDir Path folder) throws Exception {
        NotebookFile nb = NotebookFile.parse("{\"nbformat\": 4, \"nbformat_minor\": 2, \"metadata\": {}, \"cells\": ["
                + "{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"# Title\"},"
                + "{\"cell_type\": \"code\", \"id\": \"x\", \"metadata\": {}, \"source\": [\"int a = 1;\\n\", \"a\"]},"
                + "{\"cell_type\": \"code\", \"id\": \"x\", \"metadata\": {}, \"source\": \"2\"}]}", NAME);
        Path out = folder.resolve("sub/out.ipynb");
        nb.write(out);
        NotebookFile again = NotebookFile.read(out);
        assertAll(
                () -> assertEquals(3, nb.cells().size()),
                () -> assertEquals(2, nb.codeCells().size()),
                () -> assertEquals("int a = 1;\na", NotebookFile.source(nb.codeCells().get(0))),
                () -> assertEquals(5, nb.json().get("nbformat_minor").getAsInt()),
                () -> assertEquals(3, nb.cells().stream().map(c -> c.get("id").getAsString()).distinct().count(),
                        "every cell has an id, and a copied id is replaced"),
                () -> assertEquals(nb.toJson(), again.toJson()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"nbformat\": 1e999999999, \"cells\": []}|nbformat 1e999999999",
        "{\"nbformat\": 3, \"cells\": []}|nbformat 3",
        "{\"nbformat\": \"4\", \"cells\": []}|nbformat \"4\"",
        "{\"nbformat\": 4}|no \"cells\" list",
        "[1, 2]|not an object",
        "{\"nbformat\": 4, \"cells\": [{\"cell_type\": 7, \"source\": \"\"}]}|cell 1 has cell_type 7",
        "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": [1]}]}|cell 1 has no \"source\" text",
        "{\"nbformat\": 4, \"cells\": [|not JSON",
    })
    @DisplayName("bad content is a NotebookFormatException that names the file and the problem, never another error")
    void badContent(String json, String problem) {
        NotebookFormatException e = assertThrows(NotebookFormatException.class, () -> NotebookFile.parse(json, NAME));
        assertTrue(e.getMessage().startsWith("alice.ipynb is not a valid notebook") && e.getMessage().contains(problem),
                e.getMessage());
    }

    @Test
    @DisplayName("a folder, a missing file and bytes that are not UTF-8 are named as such")
    void badFiles(@TempDir Path folder) throws IOException {
        Path binary = folder.resolve("binary.ipynb");
        Files.write(binary, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        assertAll(
                () -> assertTrue(assertThrows(NotebookFormatException.class, () -> NotebookFile.read(folder))
                        .getMessage().contains("is a folder")),
                () -> assertTrue(assertThrows(NotebookFormatException.class,
                        () -> NotebookFile.read(folder.resolve("none.ipynb"))).getMessage().contains("no such file")),
                () -> assertTrue(assertThrows(NotebookFormatException.class, () -> NotebookFile.read(binary))
                        .getMessage().contains("not UTF-8")));
    }
}
