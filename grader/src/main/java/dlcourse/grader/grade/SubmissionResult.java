package dlcourse.grader.grade;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything graded about one submission.
 *
 * @param name       the submission's name: its file name without ".ipynb" (made unique within a run)
 * @param file       the submitted file
 * @param assignment the assignment's name
 * @param score      the sum of the tests' scores
 * @param maxScore   the assignment's total points
 * @param seconds    wall time spent grading it
 * @param tests      one result per graded test, in the source's order
 * @param notes      what the student should know beyond the tests (removed declarations, missing cells, cells
 *                   of theirs that failed)
 * @param problem    why it could not be graded (a malformed file, a broken setup), or null when it was
 */
public record SubmissionResult(String name, Path file, String assignment, double score, double maxScore,
                               double seconds, List<TestResult> tests, List<String> notes, String problem) {
    public SubmissionResult {
        tests = List.copyOf(tests);
        notes = List.copyOf(notes);
    }

    public boolean graded() {
        return problem == null;
    }
}
