package dlcourse.grader.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dlcourse.grader.grade.SubmissionResult;
import dlcourse.grader.grade.TestResult;

/**
 * A submission's result in the runner format of GitHub Classroom's grading reporter
 * ({@code classroom-resources/autograding-grading-reporter}): {@code version}, {@code status} ("pass", "fail" or
 * "error"), {@code max_score}, and {@code tests} with {@code name}, {@code status}, {@code score} and
 * {@code message}. The workflow in {@code grader/classroom/classroom.yml} hands it to the reporter base64-encoded,
 * and the reporter sets the points that Classroom shows.
 */
public final class ClassroomResult {
    private ClassroomResult() {}

    public static String of(SubmissionResult result) {
        JsonObject root = new JsonObject();
        root.addProperty("version", 1);
        boolean allPassed = result.tests().stream().allMatch(TestResult::passed);
        root.addProperty("status", !result.graded() ? "error" : allPassed ? "pass" : "fail");
        root.addProperty("max_score", result.maxScore());
        JsonArray tests = new JsonArray();
        for (TestResult test : result.tests()) {
            JsonObject t = new JsonObject();
            t.addProperty("name", test.gradeId() + (test.hidden() ? " (hidden tests)" : ""));
            t.addProperty("status", test.passed() ? "pass" : "fail");
            t.addProperty("score", test.score());
            // students read this log: a hidden test says only whether it passed, as on Gradescope before publishing
            t.addProperty("message", Feedback.visibleText(test));
            t.addProperty("test_code", "");
            t.addProperty("filename", "");
            t.addProperty("line_no", 0);
            t.addProperty("duration", 0);
            tests.add(t);
        }
        root.add("tests", tests);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }
}
