package dlcourse.grader.grade;

/**
 * The result of one graded test cell for one submission.
 *
 * @param gradeId  the test cell's grade_id
 * @param score    points earned: all of them if the cell completed, else 0
 * @param maxScore the cell's points in the source
 * @param passed   whether the cell completed without an error
 * @param hidden   whether the cell has hidden tests (shown to the student after grades are published)
 * @param message  "passed", or what was expected, what came back and a hint
 * @param printed  what the cell printed, if anything
 */
public record TestResult(String gradeId, double score, double maxScore, boolean passed, boolean hidden,
                         String message, String printed) {}
