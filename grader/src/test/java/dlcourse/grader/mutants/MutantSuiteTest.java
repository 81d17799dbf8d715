package dlcourse.grader.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dlcourse.grader.GraderCli;
import dlcourse.grader.TestNotebooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The known-wrong answers of every assignment ({@code solutions/mutants/NN-topic/*.java}), graded through the real
 * grader: one grading run per assignment with all its mutants (and the unchanged solution, which must score full
 * marks) as submissions. Each mutant must
 * (a) lose the points of exactly the tests it names under "breaks", and keep every other test's points;
 * (b) fail at least one visible test, so that the student sees the mistake before handing in; and
 * (c) get, in a failed visible test's feedback, the diagnosis it names.
 * The last test checks the README's mutation score table against these results (run with
 * {@code -Ddlcourse.mutants.update=true} to rewrite it).
 *
 * <p>A mutant file starts with comment lines {@code // mistake: ...}, {@code // cell: <grade_id of the answer
 * cell>}, {@code // breaks: <test grade_ids>} and {@code // diagnosis: <text the feedback must contain>}; the rest
 * of the file replaces that answer cell. {@code // kind: shortcut} marks an answer that calls a reference the
 * tests use instead of doing the work: it passes the visible tests by construction, so it only has to lose the
 * points of its hidden tests, with the diagnosis in their feedback, and is not counted in the mutation score.
 */
@DisplayName("Known-wrong answers (mutants) are caught by a visible test with the right diagnosis, and cost only their own points")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MutantSuiteTest {
    static final List<String> ASSIGNMENTS = List.of("01-xor-network", "02-activations", "03-softmax", "04-autoencoders",
            "05-dropout", "06-convolution", "07-lstm");
    static final int MINIMUM_PER_ASSIGNMENT = 6;
    static final String SCORE_BEGIN = "<!-- mutation-score:begin -->";
    static final String SCORE_END = "<!-- mutation-score:end -->";

    /** One known-wrong answer. */
    record Mutant(String name, String mistake, String cell, Set<String> breaks, String diagnosis, String code,
                  boolean shortcut) {
        static Mutant read(Path file) throws IOException {
            String name = file.getFileName().toString().replaceFirst("\\.java$", "");
            Map<String, String> header = new TreeMap<>();
            StringBuilder code = new StringBuilder();
            boolean inHeader = true;
            for (String line : Files.readAllLines(file)) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^// (mistake|cell|breaks|diagnosis|kind): (.*)$")
                        .matcher(line);
                if (inHeader && m.matches()) {
                    header.merge(m.group(1), m.group(2).strip(), (a, b) -> a + " " + b);
                } else {
                    inHeader = false;
                    code.append(line).append('\n');
                }
            }
            for (String key : List.of("mistake", "cell", "breaks", "diagnosis")) {
                if (!header.containsKey(key)) {
                    throw new IllegalArgumentException(file + ": the header has no '// " + key + ": ...' line");
                }
            }
            Set<String> breaks = new LinkedHashSet<>();
            for (String id : header.get("breaks").split("[,\\s]+")) {
                breaks.add(id);
            }
            String kind = header.getOrDefault("kind", "mistake");
            if (!kind.equals("mistake") && !kind.equals("shortcut")) {
                throw new IllegalArgumentException(file + ": '// kind: " + kind + "' must be 'mistake' or 'shortcut'");
            }
            return new Mutant(name, header.get("mistake"), header.get("cell"), breaks, header.get("diagnosis"),
                    code.toString().strip() + "\n", kind.equals("shortcut"));
        }
    }

    /** How one mutant fared. */
    record Outcome(String assignment, Mutant mutant, List<String> problems, String feedback) {
        boolean caught() {
            return problems.isEmpty();
        }
    }

    @TempDir
    Path temp;
    final Map<String, List<Outcome>> outcomes = new TreeMap<>();

    /** All assignments, or those named in -Ddlcourse.mutants.only=03-softmax,06-convolution (while working on them). */
    static Stream<String> assignments() {
        String only = System.getProperty("dlcourse.mutants.only", "");
        return ASSIGNMENTS.stream().filter(a -> only.isBlank() || List.of(only.split(",")).contains(a));
    }

    static List<Mutant> mutants(String assignment) throws IOException {
        Path folder = TestNotebooks.root().resolve("solutions/mutants").resolve(assignment);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Mutant> list = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                list.add(Mutant.read(f));
            }
            return list;
        }
    }

    static String gradeId(JsonElement cell) {
        JsonObject metadata = cell.getAsJsonObject().getAsJsonObject("metadata");
        return metadata != null && metadata.has("nbgrader")
                ? metadata.getAsJsonObject("nbgrader").get("grade_id").getAsString() : null;
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("assignments")
    @DisplayName("every mutant of the assignment is caught")
    void assignment(String assignment) throws Exception {
        List<Mutant> mutants = mutants(assignment);
        long mistakes = mutants.stream().filter(m -> !m.shortcut()).count();
        assertTrue(mistakes >= MINIMUM_PER_ASSIGNMENT, assignment + " has " + mistakes
                + " known-wrong answers in solutions/mutants/" + assignment + "/; it needs at least " + MINIMUM_PER_ASSIGNMENT);
        Path source = TestNotebooks.solution(assignment);
        String solution = Files.readString(source);
        Path submissions = Files.createDirectories(temp.resolve(assignment).resolve("submissions"));
        Path out = temp.resolve(assignment).resolve("out");
        Files.writeString(submissions.resolve("solution.ipynb"), solution);
        for (Mutant mutant : mutants) {
            JsonObject nb = JsonParser.parseString(solution).getAsJsonObject();
            boolean replaced = false;
            for (JsonElement cell : nb.getAsJsonArray("cells")) {
                if (mutant.cell().equals(gradeId(cell))) {
                    cell.getAsJsonObject().addProperty("source", mutant.code());
                    replaced = true;
                }
            }
            assertTrue(replaced, mutant.name() + ": " + assignment + " has no answer cell '" + mutant.cell() + "'");
            Files.writeString(submissions.resolve(mutant.name() + ".ipynb"), nb.toString());
        }
        int status = GraderCli.run("grade", "--source", source.toString(), "--out", out.toString(), "--jobs", "2",
                "--timeout", "60", submissions.toString());
        assertEquals(0, status, "grading " + assignment + "'s mutants did not finish normally");

        JsonObject reference = results(out, "solution");
        Map<String, JsonObject> referenceTests = tests(reference);
        for (JsonObject t : referenceTests.values()) {
            assertEquals(t.get("max_score").getAsDouble(), t.get("score").getAsDouble(),
                    assignment + ": the solution itself loses points in " + t.get("name").getAsString() + ": " + t);
        }
        List<Outcome> list = new ArrayList<>();
        for (Mutant mutant : mutants) {
            list.add(judge(assignment, mutant, tests(results(out, mutant.name())), referenceTests.keySet()));
        }
        outcomes.put(assignment, list);
        // what each student would read, for the instructor (and the report of a run)
        StringBuilder seen = new StringBuilder("# " + assignment + ": the feedback each known-wrong answer gets\n");
        for (Outcome o : list) {
            seen.append("\n## ").append(o.mutant().name()).append(": ").append(o.mutant().mistake()).append("\n\n")
                    .append(o.caught() ? o.feedback() : "NOT CAUGHT: " + String.join("; ", o.problems())).append('\n');
        }
        Path seenFile = TestNotebooks.root().resolve("grader/target/mutant-feedback/" + assignment + ".md");
        Files.createDirectories(seenFile.getParent());
        Files.writeString(seenFile, seen);
        StringBuilder report = new StringBuilder();
        for (Outcome o : list) {
            if (!o.caught()) {
                report.append("\n- ").append(o.mutant().name()).append(" (").append(o.mutant().mistake()).append("): ")
                        .append(String.join("; ", o.problems()));
            }
        }
        if (report.length() > 0) {
            fail(assignment + ": mutants not caught as they should be:" + report);
        }
    }

    static Outcome judge(String assignment, Mutant mutant, Map<String, JsonObject> tests, Set<String> known) {
        List<String> problems = new ArrayList<>();
        for (String id : mutant.breaks()) {
            if (!known.contains(id)) {
                problems.add("names '" + id + "' under breaks, but " + assignment + " has no such test");
            }
        }
        boolean visibleFailure = false;
        boolean diagnosed = false;
        String feedback = "";
        for (JsonObject t : tests.values()) {
            String id = t.get("name").getAsString();
            double score = t.get("score").getAsDouble();
            double max = t.get("max_score").getAsDouble();
            boolean visible = "visible".equals(t.get("visibility").getAsString());
            String output = t.get("output").getAsString();
            if (mutant.breaks().contains(id)) {
                if (score >= max) {
                    problems.add(id + " should fail but passed");
                }
                if ((visible || mutant.shortcut()) && score < max) {
                    visibleFailure = true;
                    if (!diagnosed && output.contains(mutant.diagnosis())) {
                        diagnosed = true;
                        feedback = id + ": " + output;
                    }
                }
            } else if (score < max) {
                problems.add(id + " should keep its " + max + " points but scored " + score + ": "
                        + firstLine(output));
            }
        }
        if (!visibleFailure) {
            problems.add(mutant.shortcut() ? "no test fails" : "no visible test fails, so the student would not see the mistake before handing in");
        } else if (!diagnosed) {
            StringBuilder seen = new StringBuilder();
            for (JsonObject t : tests.values()) {
                if ((mutant.shortcut() || "visible".equals(t.get("visibility").getAsString()))
                        && mutant.breaks().contains(t.get("name").getAsString())) {
                    seen.append(" [").append(t.get("name").getAsString()).append(": ").append(t.get("output").getAsString()
                            .replace('\n', ' ')).append(']');
                }
            }
            problems.add("no failed visible test says \"" + mutant.diagnosis() + "\"; the feedback was" + seen);
        }
        return new Outcome(assignment, mutant, problems, feedback);
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static JsonObject results(Path out, String name) throws IOException {
        Path file = out.resolve(name).resolve("results.json");
        assertTrue(Files.exists(file), "no results.json for " + name + " in " + out);
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    static Map<String, JsonObject> tests(JsonObject results) {
        Map<String, JsonObject> tests = new TreeMap<>();
        JsonArray array = results.getAsJsonArray("tests");
        for (JsonElement t : array) {
            tests.put(t.getAsJsonObject().get("name").getAsString(), t.getAsJsonObject());
        }
        return tests;
    }

    /** The README's mutation score section, from these results. */
    String scoreTable() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("| Assignment | Known-wrong answers | Caught by a visible test with the right diagnosis, costing only their own points |\n");
        sb.append("|---|---|---|\n");
        int all = 0;
        int caught = 0;
        for (String assignment : ASSIGNMENTS) {
            List<Outcome> list = outcomes.get(assignment);
            int n = (int) mutants(assignment).stream().filter(m -> !m.shortcut()).count();
            int c = list == null ? 0 : (int) list.stream().filter(o -> !o.mutant().shortcut() && o.caught()).count();
            all += n;
            caught += c;
            sb.append("| [`").append(assignment).append("`](solutions/mutants/").append(assignment).append(") | ")
                    .append(n).append(" | ").append(c).append(" |\n");
        }
        sb.append("| all | ").append(all).append(" | ").append(caught).append(String.format(" (%.0f%%) |\n",
                all == 0 ? 0.0 : 100.0 * caught / all));
        return sb.toString();
    }

    @Order(2)
    @Test
    @DisplayName("the README's mutation score is the one these gradings measured")
    void readme() throws IOException {
        if (outcomes.size() < ASSIGNMENTS.size()) {
            org.junit.jupiter.api.Assumptions.abort("only " + outcomes.keySet() + " were graded in this run (a -Dtest filter?),"
                    + " so the README's table cannot be checked");
        }
        Path readme = TestNotebooks.root().resolve("README.md");
        String text = Files.readString(readme);
        int begin = text.indexOf(SCORE_BEGIN);
        int end = text.indexOf(SCORE_END);
        assertTrue(begin >= 0 && end > begin, "README.md has no " + SCORE_BEGIN + " ... " + SCORE_END + " section");
        String table = scoreTable();
        String current = text.substring(begin + SCORE_BEGIN.length(), end).strip() + "\n";
        if (Boolean.getBoolean("dlcourse.mutants.update")) {
            Files.writeString(readme, text.substring(0, begin + SCORE_BEGIN.length()) + "\n" + table + text.substring(end));
            return;
        }
        assertEquals(table, current, "README.md's mutation score differs from what the mutant suite measured; rerun"
                + " ./mvnw -pl grader -am test -Dtest='MutantSuiteTest' -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Ddlcourse.mutants.update=true to rewrite it");
    }
}
