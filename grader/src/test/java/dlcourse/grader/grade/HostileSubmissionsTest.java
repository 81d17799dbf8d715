package dlcourse.grader.grade;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One batch through ./course grade's command line: honest, unsolved, hostile and malformed submissions of
 * 02-activations side by side (7 points: elu 1 + 1, leaky ReLU 1 + 1, maxout 2 + 1).
 */
@DisplayName("Grading a batch of honest, hostile and broken submissions")
class HostileSubmissionsTest {
    static final String ASSIGNMENT = "02-activations";
    static final String LEAKY = "double leakyRelu(double x) {\n    return Math.max(0.01 * x, x);\n}\n"
            + "double leakyReluDerivative(double x) {\n    return x > 0 ? 1 : 0.01;\n}";
    static final String ELU = "double elu(double x, double alpha) {\n    return x > 0 ? x : alpha * (Math.exp(x) - 1);\n}\n"
            + "double eluDerivative(double x, double alpha) {\n    return x > 0 ? 1 : alpha * Math.exp(x);\n}";

    @TempDir
    static Path temp;
    static Path out;
    static int exitStatus;
    static final Map<String, JsonObject> RESULTS = new HashMap<>();

    @BeforeAll
    static void gradeTheBatch() throws Exception {
        Path submissions = Files.createDirectories(temp.resolve("submissions"));
        out = temp.resolve("out");
        String exercise = Files.readString(TestNotebooks.exercise(ASSIGNMENT));
        Files.copy(TestNotebooks.exercise(ASSIGNMENT), submissions.resolve("unmodified.ipynb"));
        Files.copy(TestNotebooks.solution(ASSIGNMENT), submissions.resolve("full.ipynb"));
        // graded last: writes_results overwrites this file on disk with the unsolved exercise while the batch runs
        Files.copy(TestNotebooks.solution(ASSIGNMENT), submissions.resolve("zz_victim.ipynb"));
        write(submissions, "fake_asserts", exercise, nb -> {
            answer(nb, "elu", ELU);
            addAfter(nb, "elu", "void assertEquals(double expected, double actual, double delta, String message) {}\n"
                    + "void assertEquals(Object expected, Object actual, String message) {}\n"
                    + "void assertArrayEquals(int[] expected, int[] actual, String message) {}\n"
                    + "class GradientCheck {\n    static void assertBackward(Object... anything) {}\n}\n"
                    + "class Checks {\n    static void assertClose(Object... anything) {}\n}");
        });
        write(submissions, "fake_packages", exercise, nb -> {
            answer(nb, "leaky_relu", LEAKY);
            addAfter(nb, "leaky_relu", "class org { static class junit { static class jupiter { static class api {"
                    + " static class Assertions { static void assertEquals(Object... o) {} } } } } }\n"
                    + "class dlcourse { static class check { static class GradientCheck {"
                    + " static void assertBackward(Object... o) {} } } }\n"
                    + "class Math { static double exp(double v) { return 0; } static double max(double a, double b) { return 0; } }\n"
                    + "%jars /tmp/not-a-real.jar");
        });
        write(submissions, "prints_results", exercise, nb -> addAfter(nb, "maxout",
                "System.out.println(\"{\\\"score\\\": 7.0, \\\"tests\\\": [{\\\"name\\\": \\\"test_elu\\\", \\\"status\\\": \\\"passed\\\"}]}\");\n"
                        + "System.out.println(\"All tests passed. Score: 7 / 7\");"));
        write(submissions, "exits", exercise, nb -> {
            answer(nb, "elu", ELU + "\nSystem.exit(0);");
            answer(nb, "leaky_relu", LEAKY);
        });
        write(submissions, "halts", exercise, nb -> {
            answer(nb, "elu", ELU.replace("return x > 0 ? 1 : alpha * Math.exp(x);",
                    "if (x <= 0) Runtime.getRuntime().halt(3);\n    return 1;"));
            answer(nb, "leaky_relu", LEAKY);
        });
        write(submissions, "loops", exercise, nb -> answer(nb, "elu", ELU + "\nlong spins = 0;\nwhile (true) { spins++; }"));
        write(submissions, "hogs", exercise, nb -> answer(nb, "leaky_relu", LEAKY
                + "\nvar hoard = new java.util.ArrayList<long[]>();\nwhile (true) { hoard.add(new long[1 << 20]); }"));
        String solution = Files.readString(TestNotebooks.solution(ASSIGNMENT));
        write(submissions, "edits_tests", solution, nb -> {
            answer(nb, "elu", "// I gave up on this one");
            JsonArray cells = nb.getAsJsonArray("cells");
            for (int i = cells.size() - 1; i >= 0; i--) {
                String id = gradeId(cells.get(i));
                if ("test_elu".equals(id) || "test_elu_hidden".equals(id)) {
                    cells.remove(i);
                }
                if ("test_leaky_relu".equals(id)) {
                    JsonObject cell = cells.get(i).getAsJsonObject();
                    cell.getAsJsonObject("metadata").getAsJsonObject("nbgrader").addProperty("points", 100);
                    cell.addProperty("source", "// trust me");
                }
            }
        });
        String outDir = out.toAbsolutePath().toString().replace("\\", "/");
        String victim = submissions.resolve("zz_victim.ipynb").toAbsolutePath().toString().replace("\\", "/");
        String unsolved = TestNotebooks.exercise(ASSIGNMENT).toAbsolutePath().toString().replace("\\", "/");
        write(submissions, "writes_results", exercise, nb -> {
            answer(nb, "leaky_relu", LEAKY);
            addAfter(nb, "leaky_relu", "String fake = \"{\\\"score\\\": 1000, \\\"tests\\\": []}\";\n"
                    + "for (String where : new String[] {\"results.json\", \"" + outDir + "/writes_results/results.json\", \""
                    + outDir + "/full/results.json\", \"" + outDir + "/gradebook.csv\"}) {\n"
                    + "    try { java.nio.file.Files.createDirectories(java.nio.file.Path.of(where).toAbsolutePath().getParent());\n"
                    + "          java.nio.file.Files.writeString(java.nio.file.Path.of(where), fake); } catch (Exception e) { }\n"
                    + "}\n"
                    + "try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + victim + "\"), java.nio.file.Files.readString("
                    + "java.nio.file.Path.of(\"" + unsolved + "\"))); } catch (Exception e) { }");
        });
        Files.writeString(submissions.resolve("not_json.ipynb"), "this is { not a notebook");
        Files.writeString(submissions.resolve("nbformat3.ipynb"), "{\"nbformat\": 3, \"nbformat_minor\": 0, \"worksheets\": []}");
        Files.copy(TestNotebooks.solution("03-softmax"), submissions.resolve("other_assignment.ipynb"));

        exitStatus = GraderCli.run("grade", "--source", TestNotebooks.solution(ASSIGNMENT).toString(), "--out", out.toString(),
                "--timeout", "10", "--heap", "256", submissions.toString());
        try (var folders = Files.list(out)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                RESULTS.put(folder.getFileName().toString(),
                        JsonParser.parseString(Files.readString(folder.resolve("results.json"))).getAsJsonObject());
            }
        }
    }

    // ------------------------------------------------------------------ building submissions

    interface Edit extends Consumer<JsonObject> {}

    static void write(Path folder, String name, String base, Edit edit) throws Exception {
        JsonObject nb = JsonParser.parseString(base).getAsJsonObject();
        edit.accept(nb);
        Files.writeString(folder.resolve(name + ".ipynb"), nb.toString());
    }

    static String gradeId(JsonElement cell) {
        JsonObject metadata = cell.getAsJsonObject().getAsJsonObject("metadata");
        return metadata != null && metadata.has("nbgrader")
                ? metadata.getAsJsonObject("nbgrader").get("grade_id").getAsString() : null;
    }

    static void answer(JsonObject nb, String gradeId, String code) {
        for (JsonElement cell : nb.getAsJsonArray("cells")) {
            if (gradeId.equals(gradeId(cell))) {
                cell.getAsJsonObject().addProperty("source", code);
            }
        }
    }

    static void addAfter(JsonObject nb, String gradeId, String code) {
        JsonArray cells = nb.getAsJsonArray("cells");
        JsonArray updated = new JsonArray();
        for (JsonElement cell : cells) {
            updated.add(cell);
            if (gradeId.equals(gradeId(cell))) {
                JsonObject added = new JsonObject();
                added.addProperty("cell_type", "code");
                added.addProperty("id", "added-" + updated.size());
                added.add("metadata", new JsonObject());
                added.add("outputs", new JsonArray());
                added.add("execution_count", null);
                added.addProperty("source", code);
                updated.add(added);
            }
        }
        nb.add("cells", updated);
    }

    static double score(String name) {
        return RESULTS.get(name).get("score").getAsDouble();
    }

    static Map<String, Double> testScores(String name) {
        Map<String, Double> scores = new HashMap<>();
        for (JsonElement t : RESULTS.get(name).getAsJsonArray("tests")) {
            scores.put(t.getAsJsonObject().get("name").getAsString(), t.getAsJsonObject().get("score").getAsDouble());
        }
        return scores;
    }

    // ------------------------------------------------------------------ the checks

    @ParameterizedTest(name = "{0} scores {1}")
    @CsvSource({
            "full,            7",
            "zz_victim,       7",
            "unmodified,      0",
            "fake_asserts,    2",
            "fake_packages,   2",
            "prints_results,  0",
            "exits,           2",
            "halts,           2",
            "loops,           2",
            "hogs,            2",
            "edits_tests,     5",
            "writes_results,  2",
            "not_json,        0",
            "nbformat3,       0",
            "other_assignment, 0",
    })
    @DisplayName("each submission gets exactly the points its real answers earn")
    void exactScores(String name, double expected) {
        assertEquals(expected, score(name), () -> name + ": " + RESULTS.get(name));
    }

    @Test
    @DisplayName("an unmodified exercise scores 0 on every test, each saying which exercise is not solved")
    void unmodified() {
        for (JsonElement t : RESULTS.get("unmodified").getAsJsonArray("tests")) {
            JsonObject test = t.getAsJsonObject();
            assertAll(test.get("name").getAsString(),
                    () -> assertEquals(0.0, test.get("score").getAsDouble()),
                    () -> assertEquals("failed", test.get("status").getAsString()),
                    () -> assertTrue(test.get("output").getAsString().contains("not solved yet"), test.toString()));
        }
    }

    @Test
    @DisplayName("a full solution passes every test with its points from the source")
    void full() {
        assertEquals(Map.of("test_elu", 1.0, "test_elu_hidden", 1.0, "test_leaky_relu", 1.0, "test_leaky_relu_hidden", 1.0,
                "test_maxout", 2.0, "test_maxout_hidden", 1.0), testScores("full"));
    }

    @Test
    @DisplayName("the tests after a System.exit, a halt, a runaway loop or an OutOfMemoryError still run")
    void laterTestsRun() {
        assertAll(
                () -> assertEquals(1.0, testScores("exits").get("test_leaky_relu_hidden")),
                () -> assertEquals(1.0, testScores("halts").get("test_leaky_relu_hidden")),
                () -> assertEquals(0.0, testScores("halts").get("test_elu")),
                () -> assertEquals(1.0, testScores("loops").get("test_elu_hidden")),
                () -> assertEquals(1.0, testScores("hogs").get("test_leaky_relu_hidden")),
                () -> assertTrue(RESULTS.get("loops").get("output").getAsString().contains("time limit of 10 s"),
                        RESULTS.get("loops").get("output").getAsString()),
                () -> assertTrue(RESULTS.get("hogs").get("output").getAsString().contains("OutOfMemoryError"),
                        RESULTS.get("hogs").get("output").getAsString()));
    }

    @Test
    @DisplayName("redefined assertions and checks are removed, and the feedback says so")
    void removedRedefinitions() {
        String output = RESULTS.get("fake_asserts").get("output").getAsString();
        assertAll(
                // 02's tests check through Checks and GradientCheck; JUnit's assertEquals is not theirs to protect
                () -> assertTrue(output.contains("'Checks', a name the tests use"), output),
                () -> assertTrue(output.contains("'GradientCheck'"), output),
                () -> assertTrue(RESULTS.get("fake_packages").get("output").getAsString().contains("the magic '%jars"),
                        RESULTS.get("fake_packages").get("output").getAsString()));
    }

    @Test
    @DisplayName("results.json files a submission wrote are replaced by the grader's; a notebook it overwrote was read before")
    void writtenResultsReplaced() throws Exception {
        assertAll(
                () -> assertEquals(2.0, score("writes_results")),
                () -> assertEquals(7.0, score("full")),
                () -> assertEquals(7.0, score("zz_victim")),
                // in the OS sandbox the other submissions are out of sight; without it the write succeeds
                () -> assertEquals(dlcourse.kernel.engine.OsSandbox.unavailableReason().isPresent(),
                        Files.readString(temp.resolve("submissions/zz_victim.ipynb")).contains("not solved yet"),
                        "the hostile submission overwrote the victim's file exactly when there was no sandbox"),
                () -> assertTrue(Files.readString(out.resolve("gradebook.csv")).startsWith("submission,score")));
    }

    @Nested
    @DisplayName("malformed files")
    class Malformed {
        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource({
                "not_json,         not valid JSON",
                "nbformat3,        is nbformat 3",
                "other_assignment, is not assignment 02-activations",
        })
        @DisplayName("get a results.json with score 0 and a message saying what is wrong")
        void explained(String name, String message) {
            String output = RESULTS.get(name).get("output").getAsString();
            assertAll(
                    () -> assertEquals(0.0, score(name)),
                    () -> assertTrue(output.startsWith("Could not be graded") && output.contains(message), output));
        }

        @Test
        @DisplayName("make the exit status 1, after the whole batch was graded")
        void exitStatus() {
            assertAll(
                    () -> assertEquals(1, exitStatus),
                    () -> assertEquals(15, RESULTS.size()));
        }
    }

    @Nested
    @DisplayName("the reports")
    class Reports {
        @Test
        @DisplayName("results.json follows Gradescope's schema")
        void schema() {
            JsonObject full = RESULTS.get("full");
            assertAll(
                    () -> assertTrue(full.get("execution_time").getAsInt() >= 0),
                    () -> assertEquals(6, full.getAsJsonArray("tests").size()));
            for (JsonElement t : full.getAsJsonArray("tests")) {
                JsonObject test = t.getAsJsonObject();
                for (String field : List.of("name", "score", "max_score", "status", "output", "visibility")) {
                    assertTrue(test.has(field), field + " in " + test);
                }
                String expected = test.get("name").getAsString().endsWith("_hidden") ? "after_published" : "visible";
                assertEquals(expected, test.get("visibility").getAsString(), test.toString());
            }
        }

        @Test
        @DisplayName("a feedback page per submission shows each test, its result and its message")
        void feedback() throws Exception {
            String page = Files.readString(out.resolve("halts").resolve("feedback.html"));
            assertAll(
                    () -> assertTrue(page.contains("test_maxout_hidden")),
                    () -> assertTrue(page.contains("class=\"failed\">failed")),
                    () -> assertTrue(page.contains("class=\"passed\">passed")),
                    () -> assertTrue(page.contains("the execution JVM ended"), page));
        }

        @Test
        @DisplayName("the gradebook has a row per submission, in CSV and HTML")
        void gradebook() throws Exception {
            List<String> rows = Files.readAllLines(out.resolve("gradebook.csv"));
            String html = Files.readString(out.resolve("gradebook.html"));
            assertAll(
                    () -> assertEquals(16, rows.size()),
                    () -> assertEquals("submission,score,max_score,percent,status,test_elu,test_elu_hidden,test_leaky_relu,"
                            + "test_leaky_relu_hidden,test_maxout,test_maxout_hidden", rows.get(0)),
                    () -> assertTrue(rows.contains("full,7,7,100.0,graded,1,1,1,1,2,1"), rows.toString()),
                    () -> assertTrue(rows.stream().anyMatch(r -> r.startsWith("not_json,0,7,0.0,not graded")), rows.toString()),
                    () -> assertTrue(html.contains("<a href=\"full/feedback.html\">full</a>")));
        }
    }
}
