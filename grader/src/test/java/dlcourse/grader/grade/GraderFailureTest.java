package dlcourse.grader.grade;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.grader.TestNotebooks;
import dlcourse.grader.run.KernelSandbox;
import dlcourse.grader.run.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure inside the grader while one submission is graded (here: its execution JVM cannot be started, as when
 * the machine runs out of processes) costs that submission its result, not the batch.
 */
@DisplayName("A failure of the grader on one submission")
class GraderFailureTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("scores that submission 0 with a plain message; the next one is graded in full")
    void batchGoesOn() throws Exception {
        Path first = Files.copy(TestNotebooks.solution("02-activations"), temp.resolve("a_first.ipynb"));
        Path honest = Files.copy(TestNotebooks.solution("02-activations"), temp.resolve("b_honest.ipynb"));
        AtomicInteger starts = new AtomicInteger();
        Sandbox.Factory real = KernelSandbox.factory();
        Sandbox.Factory failingOnce = options -> {
            if (starts.getAndIncrement() == 0) {
                throw new IllegalStateException("cannot fork at /home/instructor/secret/solutions");
            }
            return real.start(options);
        };
        Assignment assignment = Assignment.load(TestNotebooks.solution("02-activations"));
        List<SubmissionResult> results = new Autograder(assignment, GradeOptions.defaults().withJobs(1), failingOnce)
                .gradeAll(List.of(first, honest));
        SubmissionResult failed = results.get(0);
        assertAll(
                () -> assertEquals(0.0, failed.score()),
                () -> assertFalse(failed.graded()),
                () -> assertTrue(failed.problem().startsWith("a_first.ipynb: the grader could not finish grading this"
                        + " notebook (an error in the grader, not in your code)"), failed.problem()),
                () -> assertFalse(failed.problem().contains("/home/instructor") || failed.problem().contains("IllegalState"),
                        failed.problem()),
                () -> assertEquals(7.0, results.get(1).score(), results.get(1).toString()),
                () -> assertTrue(results.get(1).graded()));
    }
}
