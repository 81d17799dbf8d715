package dlcourse.grader.notebook;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dlcourse.grader.TestNotebooks;
import dlcourse.kernel.notebook.NotebookFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files no notebook reader should choke on: each is refused with a NotebookFormatException whose message names
 * the file and says what is wrong, never with another exception.
 */
@DisplayName("Reading hostile or broken files")
class NotebookFuzzTest {
    @TempDir
    Path temp;

    static String refusal(String text) {
        NotebookFormatException e = assertThrows(NotebookFormatException.class, () -> Notebook.parse(text, "bob.ipynb"));
        assertTrue(e.getMessage().startsWith("bob.ipynb"), e.getMessage());
        assertFalse(e.getMessage().matches("(?s).*\\b(java|com\\.google)\\.[a-z.]+[A-Z]\\w*(Exception|Error).*"),
                () -> "a class name in: " + e.getMessage());
        return e.getMessage();
    }

    Path file(String name, byte[] bytes) throws Exception {
        return Files.write(temp.resolve(name), bytes);
    }

    String readRefusal(Path file) {
        NotebookFormatException e = assertThrows(NotebookFormatException.class, () -> Notebook.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e.getMessage();
    }

    @ParameterizedTest(name = "{index}: {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"nbformat\": 1e999999999, \"cells\": []}                                 | is nbformat 1e999999999",
            "{\"nbformat\": -1e999999999999999999999, \"cells\": []}                    | is nbformat -1e99999999999999999",
            "{\"nbformat\": 4.5, \"cells\": []}                                         | is nbformat 4.5",
            "{\"nbformat\": \"4\", \"cells\": []}                                       | has no \"nbformat\" version number (found \"4\")",
            "{\"nbformat\": 4, \"cells\": {\"0\": 1}}                                   | no \"cells\" list",
            "{\"nbformat\": 4, \"cells\": [[]]}                                          | cell 1 is not a JSON object",
            "{\"nbformat\": 4, \"cells\": [{\"cell_type\": {}, \"source\": \"\"}]}      | cell 1 has cell_type {}",
            "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": 7}]}   | cell 1 has no \"source\" text",
            "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": [\"a\", null]}]} | cell 1 has no \"source\" text",
            "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\"}]}                   | cell 1 has no \"source\" text",
            "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": \"\", \"metadata\": {\"nbgrader\": {\"grade_id\": {}}}}]} | cell 1: nbgrader metadata without a grade_id",
            "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": \"\", \"metadata\": {\"nbgrader\": {\"grade_id\": \"a\", \"grade\": \"yes\"}}}]} | 'grade' must be true or false",
            "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": \"\", \"metadata\": {\"nbgrader\": {\"grade_id\": \"a\", \"points\": [1]}}}]} | 'points' must be a number",
            "{\"nbformat\": 4, \"cells\": []} trailing                                  | not valid JSON",
            "{\"nbformat\": 4, \"cells\": [                                            | not valid JSON",
            "null                                                                       | its JSON is not an object",
    })
    @DisplayName("wrong types, huge numbers and broken JSON are refused with a plain message")
    void refused(String text, String expected) {
        String message = refusal(text);
        assertTrue(message.contains(expected), message);
    }

    @Test
    @DisplayName("odd but harmless values in fields the grader does not need are read")
    void harmless() throws Exception {
        Notebook nb = Notebook.parse("{\"nbformat\": 4, \"nbformat_minor\": 1e999999999, \"metadata\": {\"kernelspec\":"
                + " {\"name\": [1]}}, \"cells\": [{\"cell_type\": \"code\", \"id\": 5, \"source\": \"int a;\","
                + " \"metadata\": {\"nbgrader\": {\"grade_id\": \"a\", \"points\": 1e999999999, \"schema_version\": -1e99}}}]}", "x");
        assertAll(
                () -> assertEquals(-1, nb.minorVersion()),
                () -> assertEquals(null, nb.kernelName()),
                () -> assertEquals("a", nb.cells().get(0).gradeId()),
                () -> assertEquals(Double.POSITIVE_INFINITY, nb.cells().get(0).grading().orElseThrow().points()));
    }

    @Test
    @DisplayName("JSON nested 100,000 deep is refused, not a StackOverflowError")
    void deepNesting() {
        String deep = "{\"nbformat\": 4, \"cells\": [], \"metadata\": " + "{\"a\": ".repeat(100_000) + "1"
                + "}".repeat(100_000) + "}";
        assertTrue(refusal(deep).contains("nested more than 255 deep"), refusal(deep));
        assertTrue(refusal("[".repeat(1_000_000)).contains("not valid JSON"));
    }

    @Test
    @DisplayName("broken JSON is reported with its line and column, without Gson's advice to programmers")
    void whereJsonBreaks() {
        String message = refusal("{\"nbformat\": 4,\n \"cells\": [\n  {\"cell_type\" \"code\"}]}");
        assertAll(
                () -> assertTrue(message.contains("at line 3, column"), message),
                () -> assertFalse(message.contains("setStrictness"), message),
                () -> assertFalse(message.contains("path $"), message));
    }

    @Test
    @DisplayName("an empty file is refused")
    void empty() {
        assertAll(
                () -> assertTrue(refusal("").contains("is not a valid notebook"), refusal("")),
                () -> assertTrue(refusal(" \n").contains("is not a valid notebook"), refusal(" \n")));
    }

    @Test
    @DisplayName("a truncated notebook is refused at every cut")
    void truncated() throws Exception {
        String whole = Files.readString(TestNotebooks.solution("02-activations"));
        for (int cut = 1; cut < whole.length() - 2; cut += 997) {
            assertTrue(refusal(whole.substring(0, cut)).contains("not valid JSON"), "cut at " + cut);
        }
    }

    @Test
    @DisplayName("every value of a real notebook replaced by a value of another type gives a message, never a crash")
    void wrongTypesEverywhere() throws Exception {
        String whole = Files.readString(TestNotebooks.solution("02-activations"));
        com.google.gson.JsonObject root = com.google.gson.JsonParser.parseString(whole).getAsJsonObject();
        java.util.List<java.util.List<Object>> paths = new java.util.ArrayList<>();
        collect(root, new java.util.ArrayList<>(), paths);
        com.google.gson.JsonElement[] replacements = {com.google.gson.JsonNull.INSTANCE, new com.google.gson.JsonPrimitive(1e308),
                new com.google.gson.JsonPrimitive("x"), new com.google.gson.JsonArray(), new com.google.gson.JsonObject(),
                new com.google.gson.JsonPrimitive(true)};
        int tried = 0;
        for (java.util.List<Object> path : paths) {
            for (com.google.gson.JsonElement replacement : replacements) {
                com.google.gson.JsonObject copy = root.deepCopy();
                set(copy, path, replacement);
                try {
                    Notebook nb = Notebook.parse(copy.toString(), "bob.ipynb");
                    for (Cell cell : nb.cells()) { // what the grader asks of a submission's cells
                        cell.source();
                        cell.gradeId();
                        cell.isCode();
                        cell.id();
                        cell.withoutOutputs();
                    }
                    nb.minorVersion();
                    nb.kernelName();
                } catch (NotebookFormatException expected) {
                    assertTrue(expected.getMessage().startsWith("bob.ipynb"), expected.getMessage());
                }
                tried++;
            }
        }
        assertTrue(tried > 200, "only " + tried + " variants");
    }

    private static void collect(com.google.gson.JsonElement e, java.util.List<Object> path, java.util.List<java.util.List<Object>> out) {
        if (e.isJsonObject()) {
            for (String key : e.getAsJsonObject().keySet()) {
                java.util.List<Object> p = new java.util.ArrayList<>(path);
                p.add(key);
                out.add(p);
                collect(e.getAsJsonObject().get(key), p, out);
            }
        } else if (e.isJsonArray()) {
            for (int i = 0; i < Math.min(3, e.getAsJsonArray().size()); i++) {
                java.util.List<Object> p = new java.util.ArrayList<>(path);
                p.add(i);
                out.add(p);
                collect(e.getAsJsonArray().get(i), p, out);
            }
        }
    }

    private static void set(com.google.gson.JsonElement root, java.util.List<Object> path, com.google.gson.JsonElement value) {
        com.google.gson.JsonElement at = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object key = path.get(i);
            at = key instanceof String s ? at.getAsJsonObject().get(s) : at.getAsJsonArray().get((Integer) key);
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof String s) {
            at.getAsJsonObject().add(s, value);
        } else {
            at.getAsJsonArray().set((Integer) last, value);
        }
    }

    @Test
    @DisplayName("invalid UTF-8 is refused with the byte offset and line of the first bad byte")
    void invalidUtf8() throws Exception {
        byte[] start = "{\"nbformat\": 4,\n \"cells\": [\"".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[start.length + 4];
        System.arraycopy(start, 0, bytes, 0, start.length);
        bytes[start.length] = 'a';
        bytes[start.length + 1] = (byte) 0xC3; // a two-byte sequence cut short by a quote
        bytes[start.length + 2] = '"';
        bytes[start.length + 3] = ']';
        String message = readRefusal(file("latin.ipynb", bytes));
        assertTrue(message.contains("is not UTF-8 text: byte " + (start.length + 1) + " (line 2, value 0xc3)"), message);
    }

    @Test
    @DisplayName("a notebook with a 50 MB string is read in one pass")
    void fiftyMegabytes() throws Exception {
        String big = "x".repeat(50 << 20);
        Path path = file("big.ipynb", TestNotebooks.notebookJson(TestNotebooks.code("a", null, false, false, 0, "int a = 1;"))
                .replace("\"outputs\": []", "\"outputs\": [{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"" + big + "\"}]")
                .getBytes(StandardCharsets.UTF_8));
        Notebook nb = Notebook.read(path);
        assertTrue(nb.cells().get(0).hasOutputs());
    }

    @Test
    @DisplayName("a folder, a symbolic link, a FIFO and a missing file are refused by name, and a link is not followed")
    void notFiles() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("folder.ipynb"));
        Path target = Files.copy(TestNotebooks.solution("02-activations"), temp.resolve("solution.ipynb"));
        Path link = Files.createSymbolicLink(temp.resolve("link.ipynb"), target);
        assertAll(
                () -> assertTrue(readRefusal(folder).contains("is a folder"), readRefusal(folder)),
                () -> assertTrue(readRefusal(link).contains("is a symbolic link"), readRefusal(link)),
                () -> assertTrue(readRefusal(temp.resolve("missing.ipynb")).contains("no such file")));
        Path fifo = temp.resolve("pipe.ipynb");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available");
        // opening a FIFO without a writer would block for ever: it must be refused before it is opened
        assertTrue(readRefusal(fifo).contains("is not a regular file"), readRefusal(fifo));
    }

    @Test
    @DisplayName("a file above the size limit is refused without being read")
    void tooLarge() throws Exception {
        Path path = temp.resolve("huge.ipynb");
        try (var channel = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {'{'}), Notebook.MAX_FILE_BYTES + 10); // sparse
        }
        String message = readRefusal(path);
        assertTrue(message.contains("notebooks are read up to 64 MB"), message);
    }
}
