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

    @Test
    @DisplayName("a missing or copied id is made from the cell's place, the same at every reading")
    void madeIdsAreStable() throws Exception {
        String json = "{\"nbformat\": 4, \"nbformat_minor\": 4, \"metadata\": {}, \"cells\": ["
                + "{\"cell_type\": \"code\", \"id\": \"cell-3\", \"metadata\": {}, \"source\": \"1\"},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"2\"},"
                + "{\"cell_type\": \"code\", \"id\": \"cell-3\", \"metadata\": {}, \"source\": \"3\"}]}";
        java.util.List<String> first = NotebookFile.parse(json, NAME).cells().stream().map(c -> c.get("id").getAsString())
                .toList();
        java.util.List<String> second = NotebookFile.parse(json, NAME).cells().stream().map(c -> c.get("id").getAsString())
                .toList();
        assertEquals(java.util.List.of("cell-3", "cell-2", "cell-3-2"), first);
        assertEquals(first, second);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"nbformat\": 1e999999999, \"cells\": []}|nbformat 1e999999999",
        "{\"nbformat\": 3, \"cells\": []}|nbformat 3",
        "{\"nbformat\": \"4\", \"cells\": []}|no \"nbformat\" version number (found \"4\")",
        "{\"nbformat\": 4}|no \"cells\" list",
        "[1, 2]|not an object",
        "{\"nbformat\": 4, \"cells\": [{\"cell_type\": 7, \"source\": \"\"}]}|cell 1 has cell_type 7",
        "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": [1]}]}|cell 1 has no \"source\" text",
        "{\"nbformat\": 4, \"cells\": [|not valid JSON",
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

    @Test
    @DisplayName("a link, a pipe and a file over the size cap are refused without being read")
    void hostileFiles(@TempDir Path folder) throws Exception {
        Path real = Files.writeString(folder.resolve("real.ipynb"), "{\"nbformat\": 4, \"cells\": []}");
        Path link = Files.createSymbolicLink(folder.resolve("link.ipynb"), real);
        Path fifo = folder.resolve("fifo.ipynb");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        Path huge = folder.resolve("huge.ipynb");
        try (var file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(NotebookFile.MAX_FILE_BYTES + 1); // sparse: no 64 MB written
        }
        assertAll(
                () -> assertEquals(0, NotebookFile.read(real).cells().size()),
                () -> assertTrue(refusal(link).contains("it is a symbolic link, and links are not followed"), refusal(link)),
                () -> assertTrue(!Files.exists(fifo) || refusal(fifo).contains("it is not a regular file"), refusal(fifo)),
                () -> assertTrue(refusal(huge).contains("notebooks are read up to 64 MB"), refusal(huge)));
    }

    private static String refusal(Path file) {
        NotebookFormatException e = assertThrows(NotebookFormatException.class, () -> NotebookFile.read(file));
        assertTrue(e.getMessage().startsWith(file + " is not a valid notebook: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    @DisplayName("bytes that are not UTF-8 are named by offset and line; broken JSON by line and column")
    void where(@TempDir Path folder) throws Exception {
        Path latin = Files.write(folder.resolve("latin.ipynb"), "{\n\"a\": \"caf\u00e9\"}".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        String json = assertThrows(NotebookFormatException.class,
                () -> NotebookFile.parse("{\"nbformat\": 4,\n \"cells\": [\n  {\"cell_type\" \"code\"}]}", NAME)).getMessage();
        assertAll(
                () -> assertTrue(refusal(latin).contains("byte 11 (line 2, value 0xe9)"), refusal(latin)),
                () -> assertTrue(json.contains("at line 3, column") && !json.contains("setStrictness")
                        && !json.contains("path $"), json));
    }

    @Test
    @DisplayName("nesting over the cap, too many cells, lenient JSON and text after the document are refused")
    void caps() {
        String deep = "{\"nbformat\": 4, \"cells\": [], \"metadata\": " + "[".repeat(300) + "]".repeat(300) + "}";
        String cells = "{\"nbformat\": 4, \"cells\": [" + "{\"cell_type\": \"raw\", \"source\": \"\"},".repeat(
                NotebookFile.MAX_CELLS) + "{\"cell_type\": \"raw\", \"source\": \"\"}]}";
        assertAll(
                () -> assertTrue(problem(deep).contains("nested more than 255 deep"), problem(deep)),
                () -> assertTrue(problem(cells).contains("it has 20001 cells; notebooks are read up to 20000"), problem(cells)),
                () -> assertTrue(problem("{nbformat: 4, cells: []}").contains("not valid JSON"), problem("{nbformat: 4, cells: []}")),
                () -> assertTrue(problem("{\"nbformat\": 4, \"cells\": []} {}").contains("not valid JSON")));
    }

    private static String problem(String json) {
        return assertThrows(NotebookFormatException.class, () -> NotebookFile.parse(json, NAME)).getMessage();
    }

    @Test
    @DisplayName("writes as Jupyter's nbformat does: keys sorted, one-space indent, sources split into lines")
    void writesLikeJupyter() throws Exception {
        NotebookFile nb = NotebookFile.parse("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": ["
                + "{\"source\": \"a\\nb\", \"id\": \"c1\", \"metadata\": {}, \"cell_type\": \"raw\"}]}", NAME);
        assertEquals("""
                {
                 "cells": [
                  {
                   "cell_type": "raw",
                   "id": "c1",
                   "metadata": {},
                   "source": [
                    "a\\n",
                    "b"
                   ]
                  }
                 ],
                 "metadata": {},
                 "nbformat": 4,
                 "nbformat_minor": 5
                }
                """, nb.toJson());
    }
}
