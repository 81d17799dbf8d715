package dlcourse.grader.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dlcourse.grader.grade.SubmissionResult;
import dlcourse.grader.grade.TestResult;

/**
 * A submission's {@code results.json} in Gradescope's autograder schema: top-level {@code score},
 * {@code execution_time} (seconds), {@code output}, and one entry per test with {@code name}, {@code score},
 * {@code max_score}, {@code status} ("passed" or "failed"), {@code output} and {@code visibility} ("visible",
 * or "after_published" for hidden tests).
 */
public final class ResultsJson {
    private ResultsJson() {}

    public static String of(SubmissionResult result) {
        JsonObject root = new JsonObject();
        root.addProperty("score", result.score());
        root.addProperty("execution_time", (int) Math.ceil(result.seconds()));
        StringBuilder output = new StringBuilder();
        if (!result.graded()) {
            output.append("Could not be graded: ").append(Texts.cut(result.problem(), Texts.NOTE_LIMIT)).append('\n');
        } else {
            output.append(String.format("%s: %s of %s points%n", result.assignment(), Feedback.points(result.score()),
                    Feedback.points(result.maxScore())));
        }
        for (String note : Feedback.shownNotes(result)) {
            output.append(note).append('\n');
        }
        // visible at once: bounded, and it never carries a hidden test's code or output (those are in the tests
        // marked after_published below)
        root.addProperty("output", Texts.cut(output.toString().strip(), Texts.OUTPUT_LIMIT));
        root.addProperty("visibility", "visible");
        root.addProperty("stdout_visibility", "hidden");
        JsonArray tests = new JsonArray();
        int number = 1;
        for (TestResult test : result.tests()) {
            JsonObject t = new JsonObject();
            t.addProperty("name", test.gradeId());
            t.addProperty("number", String.valueOf(number++));
            t.addProperty("score", test.score());
            t.addProperty("max_score", test.maxScore());
            t.addProperty("status", test.passed() ? "passed" : "failed");
            t.addProperty("output", Feedback.testText(test));
            t.addProperty("visibility", test.hidden() ? "after_published" : "visible");
            tests.add(t);
        }
        root.add("tests", tests);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }
}
