package dlcourse.grader.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dlcourse.grader.grade.SubmissionResult;
import dlcourse.grader.grade.TestResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The reports")
class ReportsTest {
    @TempDir
    Path temp;

    static SubmissionResult result(String name, List<String> notes, TestResult... tests) {
        double score = 0;
        double max = 0;
        for (TestResult t : tests) {
            score += t.score();
            max += t.maxScore();
        }
        return new SubmissionResult(name, Path.of(name + ".ipynb"), "02-activations", score, max, 1.5, List.of(tests),
                notes, null);
    }

    @Test
    @DisplayName("replace a symbolic link a submission left in the output folder instead of writing through it")
    void linksReplaced() throws Exception {
        Path out = Files.createDirectories(temp.resolve("out"));
        Path decoy = Files.createDirectories(temp.resolve("decoy"));
        Files.createSymbolicLink(out.resolve("alice"), decoy);
        Files.createSymbolicLink(out.resolve("gradebook.csv"), decoy.resolve("stolen.csv"));
        Reports.write(out, "02-activations", List.of(result("alice", List.of(),
                new TestResult("test_elu", 1, 1, true, false, "passed", ""))));
        try (Stream<Path> inDecoy = Files.list(decoy)) {
            assertAll(
                    () -> assertEquals(0, inDecoy.count(), "something was written through the link"),
                    () -> assertTrue(Files.isDirectory(out.resolve("alice"), LinkOption.NOFOLLOW_LINKS)),
                    () -> assertFalse(Files.isSymbolicLink(out.resolve("gradebook.csv"))),
                    () -> assertTrue(Files.readString(out.resolve("alice/results.json")).contains("\"score\": 1.0")));
        }
    }

    @Test
    @DisplayName("bound every text a student sees and say what was cut")
    void bounded() {
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            notes.add("note " + i + " " + "n".repeat(5_000));
        }
        TestResult loud = new TestResult("test_elu", 0, 1, false, false,
                "org.opentest4j.AssertionFailedError: " + "m".repeat(100_000), "p".repeat(1_000_000));
        SubmissionResult r = result("bob", notes, loud);
        JsonObject json = JsonParser.parseString(ResultsJson.of(r)).getAsJsonObject();
        String output = json.get("output").getAsString();
        String testOutput = json.getAsJsonArray("tests").get(0).getAsJsonObject().get("output").getAsString();
        String page = Feedback.html(r);
        String classroom = ClassroomResult.of(r);
        assertAll(
                () -> assertTrue(output.length() <= Texts.OUTPUT_LIMIT + 100, "output " + output.length()),
                () -> assertTrue(output.contains("more characters not shown"), output.substring(output.length() - 200)),
                () -> assertTrue(testOutput.startsWith("Failed: mmm"), testOutput.substring(0, 50)),
                () -> assertTrue(testOutput.length() < Texts.MESSAGE_LIMIT + Texts.PRINTED_LIMIT + 300, "test " + testOutput.length()),
                () -> assertTrue(page.length() < 60_000, "feedback.html " + page.length()),
                () -> assertTrue(page.contains("70 more notes not shown"), "notes"),
                () -> assertTrue(classroom.length() < 10_000, "classroom " + classroom.length()));
    }

    @Test
    @DisplayName("show a hidden test as passed or failed with its points only, except as after_published")
    void hidden() {
        TestResult hidden = new TestResult("test_elu_hidden", 0, 1, false, true,
                "org.opentest4j.AssertionFailedError: elu(-2.5, 0.3) expected: <-0.2754> but was: <-2.5>",
                "the hidden inputs were -2.5 and 0.3");
        SubmissionResult r = result("carol", List.of(), hidden);
        String page = Feedback.html(r);
        JsonObject test = JsonParser.parseString(ResultsJson.of(r)).getAsJsonObject().getAsJsonArray("tests").get(0)
                .getAsJsonObject();
        String classroom = ClassroomResult.of(r);
        assertAll(
                () -> assertFalse(page.contains("-2.5") || page.contains("hidden inputs"), page),
                () -> assertTrue(page.contains("0 / 1") && page.contains("Failed. Hidden test"), page),
                () -> assertFalse(classroom.contains("-2.5") || classroom.contains("hidden inputs"), classroom),
                () -> assertEquals("after_published", test.get("visibility").getAsString()),
                () -> assertTrue(test.get("output").getAsString().startsWith("Failed: elu(-2.5, 0.3) expected"),
                        test.get("output").getAsString()));
    }

    @Test
    @DisplayName("start a failure message with what went wrong, not with an exception's class name")
    void plainMessages() {
        assertAll(
                () -> assertEquals("expected: <1.0> but was: <0.5>",
                        Texts.plainMessage("org.opentest4j.AssertionFailedError: expected: <1.0> but was: <0.5>")),
                () -> assertEquals("x must be positive (IllegalArgumentException)",
                        Texts.plainMessage("java.lang.IllegalArgumentException: x must be positive")),
                () -> assertEquals("a NullPointerException was thrown (no message)",
                        Texts.plainMessage("java.lang.NullPointerException")),
                () -> assertEquals("an UnsupportedOperationException was thrown (no message)",
                        Texts.plainMessage("UnsupportedOperationException:")),
                () -> assertEquals("still running after the time limit of 10 s",
                        Texts.plainMessage("still running after the time limit of 10 s")),
                () -> assertEquals("the code does not compile:\ncannot find symbol",
                        Texts.plainMessage("the code does not compile:\ncannot find symbol")));
    }
}
