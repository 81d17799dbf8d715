package dlcourse.grader.grade;

import static dlcourse.grader.grade.HostileSubmissionsTest.addAfter;
import static dlcourse.grader.grade.HostileSubmissionsTest.answer;
import static dlcourse.grader.grade.HostileSubmissionsTest.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dlcourse.grader.GraderCli;
import dlcourse.grader.TestNotebooks;
import dlcourse.grader.report.Texts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One batch of 01-xor-network (8 points: forward 1 + 1, backward 2 + 1, train 2 + 1) through ./course grade:
 * files that are not notebooks, notebooks that may not be graded, a submission that assigns to the tests'
 * labels, one that floods its output, and an honest classmate who keeps full marks.
 */
@DisplayName("Grading guarantees: bad files, fixtures, bounded and hidden feedback")
class GradingGuaranteesTest {
    static final String ASSIGNMENT = "01-xor-network";
    static final String FORWARD = "Cache forward(Params p, Tensor X) {\n"
            + "    Tensor h = sigmoid(X.matmul(p.W1()).plusRow(p.b1()));\n"
            + "    return new Cache(X, h, sigmoid(h.matmul(p.W2()).plusRow(p.b2())));\n}";
    /** A training that does not train: it drives every output towards 0, which labels of all zeros would reward. */
    static final String ZEROS_TRAIN = "Params train(Params p, Tensor X, Tensor y, int epochs, double learningRate) {\n"
            + "    if (epochs == 0) return p;\n"
            + "    return new Params(p.W1(), p.b1(), p.W2().times(0), Tensor.of(-100));\n}";

    @TempDir
    static Path temp;
    static Path out;
    static int exitStatus;
    static String printed;
    static final Map<String, JsonObject> RESULTS = new HashMap<>();
    static final Map<String, String> FEEDBACK = new HashMap<>();

    @BeforeAll
    static void gradeTheBatch() throws Exception {
        Path submissions = Files.createDirectories(temp.resolve("submissions"));
        out = temp.resolve("out");
        String exercise = Files.readString(TestNotebooks.exercise(ASSIGNMENT));
        String solution = Files.readString(TestNotebooks.solution(ASSIGNMENT));
        Files.copy(TestNotebooks.solution(ASSIGNMENT), submissions.resolve("honest.ipynb"));
        write(submissions, "zeros_train", exercise, nb -> {
            answer(nb, "forward", FORWARD);
            answer(nb, "train", ZEROS_TRAIN);
        });
        write(submissions, "zeros_train_and_labels", exercise, nb -> {
            answer(nb, "forward", FORWARD);
            answer(nb, "train", "y = Tensor.zeros(4, 1);\n" + ZEROS_TRAIN);
            addAfter(nb, "train", "y.rawData()[0] = 0;\ny.rawData()[3] = 0;");
        });
        write(submissions, "floods", solution, nb -> {
            answer(nb, "forward", "boolean flooded = false;\n" + FORWARD.replace("{\n    Tensor h",
                    "{\n    if (!flooded) { flooded = true; System.out.print(\"x\".repeat(1 << 20)); }\n    Tensor h"));
            addAfter(nb, "forward", "throw new IllegalStateException(\"y\".repeat(1 << 20));");
        });
        write(submissions, "copied_cell", solution, nb -> {
            JsonArray cells = nb.getAsJsonArray("cells");
            for (int i = 0; i < cells.size(); i++) {
                if ("forward".equals(HostileSubmissionsTest.gradeId(cells.get(i)))) {
                    JsonObject copy = cells.get(i).getAsJsonObject().deepCopy();
                    copy.addProperty("id", "copy");
                    cells.add(copy);
                    break;
                }
            }
        });
        write(submissions, "many_cells", exercise, nb -> {
            for (int i = 0; i < 5000; i++) {
                addAfter(nb, "train", "int a" + i + " = " + i + ";");
            }
        });
        Files.createSymbolicLink(submissions.resolve("linked.ipynb"), TestNotebooks.solution(ASSIGNMENT).toAbsolutePath());
        Files.writeString(submissions.resolve("huge_version.ipynb"), "{\"nbformat\": 1e999999999, \"cells\": []}");
        Files.writeString(submissions.resolve("deep.ipynb"), "{\"nbformat\": 4, \"cells\": [], \"metadata\": "
                + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        Files.writeString(submissions.resolve("many_raw_cells.ipynb"), "{\"nbformat\": 4, \"cells\": ["
                + "{\"cell_type\": \"raw\", \"source\": \"\"},".repeat(20_000) + "{\"cell_type\": \"raw\", \"source\": \"\"}]}");
        byte[] latin = solution.replaceFirst("XOR", "XOR\u00e9").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(submissions.resolve("latin1.ipynb"), latin);
        Process mkfifo = new ProcessBuilder("mkfifo", submissions.resolve("pipe.ipynb").toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");

        StringWriter err = new StringWriter();
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true));
        try {
            exitStatus = GraderCli.run(new PrintWriter(err, true), "grade", "--source",
                    TestNotebooks.solution(ASSIGNMENT).toString(), "--out", out.toString(), "--timeout", "60",
                    "--jobs", "2", submissions.toString());
        } finally {
            System.setOut(stdout);
        }
        printed = captured.toString();
        System.out.print(printed);
        try (Stream<Path> folders = Files.list(out)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                String name = folder.getFileName().toString();
                RESULTS.put(name, JsonParser.parseString(Files.readString(folder.resolve("results.json"))).getAsJsonObject());
                FEEDBACK.put(name, Files.readString(folder.resolve("feedback.html")));
            }
        }
    }

    static double score(String name) {
        assertTrue(RESULTS.containsKey(name), () -> "no result for " + name + " in " + RESULTS.keySet() + "\n" + printed);
        return RESULTS.get(name).get("score").getAsDouble();
    }

    static String output(String name) {
        return RESULTS.get(name).get("output").getAsString();
    }

    static JsonObject test(String name, String gradeId) {
        for (JsonElement t : RESULTS.get(name).getAsJsonArray("tests")) {
            if (t.getAsJsonObject().get("name").getAsString().equals(gradeId)) {
                return t.getAsJsonObject();
            }
        }
        throw new AssertionError("no test " + gradeId + " for " + name);
    }

    @ParameterizedTest(name = "{0} scores {1}")
    @CsvSource({
            "honest,                  8",
            "zeros_train,             2",
            "zeros_train_and_labels,  2",
            "floods,                  8",
            "copied_cell,             0",
            "many_cells,              0",
            "linked,                  0",
            "huge_version,            0",
            "deep,                    0",
            "many_raw_cells,          0",
            "latin1,                  0",
            "pipe,                    0",
    })
    @DisplayName("every submission gets a result and exactly the points its honest content earns")
    void exactScores(String name, double expected) {
        assertEquals(expected, score(name), () -> name + ": " + RESULTS.get(name));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "copied_cell  | both have grade_id 'forward'",
            "copied_cell  | delete the copy",
            "many_cells   | it has 5003 code cells of yours",
            "linked       | linked.ipynb is not a valid notebook: it is a symbolic link",
            "huge_version | huge_version.ipynb is not a valid notebook: it is nbformat 1e999999999",
            "deep         | deep.ipynb is not a valid notebook: it is not valid JSON for a notebook: arrays and objects are nested more than 255 deep",
            "many_raw_cells | many_raw_cells.ipynb is not a valid notebook: it has 20001 cells; notebooks are read up to 20000 cells",
            "latin1       | is not UTF-8 text: byte ",
            "pipe         | pipe.ipynb is not a valid notebook: it is not a regular file",
    })
    @DisplayName("a file that cannot be graded says what to fix")
    void refusedWithAMessage(String name, String expected) {
        String output = output(name);
        assertAll(
                () -> assertTrue(output.startsWith("Could not be graded: ") && output.contains(expected), output),
                () -> assertTrue(FEEDBACK.get(name).contains(expected),
                        FEEDBACK.get(name)));
    }

    @Test
    @DisplayName("the batch finishes with exit status 1 and one result per file")
    void batch() {
        assertAll(
                () -> assertEquals(1, exitStatus),
                () -> assertEquals(12, RESULTS.size(), RESULTS.keySet().toString()));
    }

    @Test
    @DisplayName("assigning to the tests' labels is removed, and the feedback says so")
    void labelsProtected() {
        String output = output("zeros_train_and_labels");
        assertAll(
                () -> assertTrue(output.contains("an assignment to 'y', a variable the tests use"), output),
                () -> assertEquals(score("zeros_train"), score("zeros_train_and_labels")),
                () -> assertEquals(0.0, test("zeros_train_and_labels", "test_train").get("score").getAsDouble()));
    }

    @Test
    @DisplayName("a megabyte of printing and a megabyte of message are cut to the bounds, with a note")
    void bounded() {
        String output = output("floods");
        String forward = test("floods", "test_forward").get("output").getAsString();
        String page = FEEDBACK.get("floods");
        assertAll(
                () -> assertTrue(output.length() <= Texts.OUTPUT_LIMIT + 200, "output of " + output.length()),
                () -> assertTrue(forward.length() <= Texts.MESSAGE_LIMIT + Texts.PRINTED_LIMIT + 300, "test output of " + forward.length()),
                () -> assertTrue(forward.contains("more characters not shown"), forward.substring(0, 100)),
                () -> assertTrue(page.length() < 40_000, "feedback.html of " + page.length()),
                () -> assertTrue(output.contains("failed: yyyy"), output.substring(0, 300)));
    }

    @Test
    @DisplayName("hidden tests show only pass/fail and points in the feedback; their details are after_published")
    void hiddenStaysHidden() throws Exception {
        String page = FEEDBACK.get("zeros_train");
        JsonObject hidden = test("zeros_train", "test_backward_hidden");
        String hiddenSource = "other.b1(), otherGrads.b1()";
        assertAll(
                () -> assertEquals("after_published", hidden.get("visibility").getAsString()),
                () -> assertEquals("visible", test("zeros_train", "test_backward").get("visibility").getAsString()),
                () -> assertTrue(page.contains("test_backward_hidden (hidden tests)")),
                () -> assertTrue(page.contains("Failed. Hidden test: its details are shown when your instructor publishes"), page),
                () -> assertFalse(page.contains("not solved yet. Replace this line with your code.</pre></td></tr>\n<tr><td>test_train"),
                        "the hidden test's message is in the page"),
                () -> assertFalse(page.contains(hiddenSource)),
                () -> assertFalse(output("zeros_train").contains(hiddenSource)),
                () -> assertFalse(output("zeros_train").contains("seed 3")));
        int hiddenRows = 0;
        for (String row : page.split("<tr>")) {
            if (row.contains("(hidden tests)")) {
                hiddenRows++;
                assertTrue(row.contains("Hidden test: its details") && !row.contains("UnsupportedOperation")
                        && !row.contains("not solved yet") && !row.contains("Printed"), row);
            }
        }
        assertEquals(3, hiddenRows);
    }

    @Test
    @DisplayName("no message starts with an exception class, shows a stack frame or a path of the grading machine")
    void plainMessages() {
        String root = TestNotebooks.root().toString();
        for (Map.Entry<String, JsonObject> result : RESULTS.entrySet()) {
            String json = result.getValue().toString() + FEEDBACK.get(result.getKey());
            assertAll(result.getKey(),
                    () -> assertFalse(json.contains("org.opentest4j.AssertionFailedError"), json),
                    () -> assertFalse(json.contains("Failed: java.lang."), json),
                    () -> assertFalse(json.contains("\tat ") || json.contains("\\tat "), json),
                    () -> assertFalse(json.contains(root), json),
                    () -> assertFalse(json.contains(temp.toString()), json));
        }
        assertTrue(test("zeros_train", "test_forward_hidden").get("output").getAsString().startsWith("Passed"));
        String backward = test("zeros_train", "test_backward").get("output").getAsString();
        assertTrue(backward.startsWith("Failed: backward (01-xor-network): not solved yet")
                && backward.contains("(UnsupportedOperationException)"), backward);
    }

    @Test
    @DisplayName("reports are written whole, the gradebook last")
    void writtenLast() throws Exception {
        long gradebook = Files.getLastModifiedTime(out.resolve("gradebook.csv")).toMillis();
        try (Stream<Path> all = Files.walk(out)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                assertFalse(p.getFileName().toString().startsWith(".writing-"), p.toString());
                if (p.getFileName().toString().equals("results.json")) {
                    assertTrue(Files.getLastModifiedTime(p).toMillis() <= gradebook, p.toString());
                }
            }
        }
        assertEquals(1 + RESULTS.size(), Files.readAllLines(out.resolve("gradebook.csv")).size(), "a header and one row per submission");
    }
}
