package dlcourse.grader.grade;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dlcourse.grader.TestNotebooks;
import dlcourse.grader.run.CellOutcome;
import dlcourse.grader.run.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autograder's restart-and-replay logic through the {@link Sandbox} seam, with a scripted sandbox instead of
 * an execution JVM: every cell completes except one that calls {@code System.exit}, which ends the "JVM". It runs
 * in milliseconds and sees exactly which cells each JVM ran, which the batch test through real JVMs cannot.
 */
@DisplayName("After a submission ends its JVM, the autograder")
class RestartReplayTest {
    static final String ASSIGNMENT = "02-activations";

    @TempDir
    Path temp;

    /** A sandbox that records the cells it ran and dies on System.exit. */
    static final class Scripted implements Sandbox {
        final List<String> ran = new ArrayList<>();
        boolean alive = true;

        @Override
        public CellOutcome execute(String cellSource) {
            if (!alive) {
                return new CellOutcome(CellOutcome.Status.DIED, "already ended", "", 0);
            }
            ran.add(cellSource);
            if (cellSource.contains("System.exit")) {
                alive = false;
                return new CellOutcome(CellOutcome.Status.DIED, "the execution JVM ended", "", 0);
            }
            return new CellOutcome(CellOutcome.Status.COMPLETED, null, "", 0);
        }

        @Override
        public boolean alive() {
            return alive;
        }

        @Override
        public void close() {
            alive = false;
        }
    }

    Path submission(String name, String... exitingAnswers) throws Exception {
        JsonObject nb = JsonParser.parseString(Files.readString(TestNotebooks.solution(ASSIGNMENT))).getAsJsonObject();
        for (var cell : nb.getAsJsonArray("cells")) {
            JsonObject metadata = cell.getAsJsonObject().getAsJsonObject("metadata");
            if (metadata != null && metadata.has("nbgrader")) {
                String id = metadata.getAsJsonObject("nbgrader").get("grade_id").getAsString();
                if (List.of(exitingAnswers).contains(id)) {
                    String source = cell.getAsJsonObject().get("source").isJsonArray()
                            ? String.join("", cell.getAsJsonObject().getAsJsonArray("source").asList().stream()
                            .map(e -> e.getAsString()).toList())
                            : cell.getAsJsonObject().get("source").getAsString();
                    cell.getAsJsonObject().addProperty("source", source + "\nSystem.exit(0);");
                }
            }
        }
        Path file = temp.resolve(name + ".ipynb");
        Files.writeString(file, nb.toString());
        return file;
    }

    @Test
    @DisplayName("replays the cells that ran before in a fresh JVM, not the one that ended it, and runs every later test")
    void replaysAndGoesOn() throws Exception {
        List<Scripted> started = new ArrayList<>();
        Autograder grader = new Autograder(Assignment.load(TestNotebooks.solution(ASSIGNMENT)), GradeOptions.defaults(),
                options -> {
                    Scripted s = new Scripted();
                    started.add(s);
                    return s;
                });
        SubmissionResult result = grader.grade(submission("exits_in_elu", "elu"), "exits_in_elu");
        List<String> first = started.get(0).ran;
        List<String> beforeTheExit = first.subList(0, first.size() - 1);
        List<String> second = started.get(1).ran;
        assertAll(
                () -> assertEquals(2, started.size(), "one fresh JVM after the exit"),
                () -> assertTrue(first.get(first.size() - 1).contains("System.exit"), "the first JVM ended on the exit"),
                () -> assertEquals(beforeTheExit, second.subList(0, beforeTheExit.size()), "replayed in order"),
                () -> assertFalse(second.stream().anyMatch(c -> c.contains("System.exit")), "the exiting cell is not replayed"),
                () -> assertEquals(result.maxScore(), result.score(), "every test after the exit ran and passed"),
                () -> assertTrue(result.tests().stream().allMatch(TestResult::passed)));
    }

    @Test
    @DisplayName("stops after the restart limit, and the tests not run say why")
    void stopsAfterTheLimit() throws Exception {
        List<Scripted> started = new ArrayList<>();
        GradeOptions options = new GradeOptions(GradeOptions.defaults().cellTimeout(), 256, 1, List.of(), 1);
        Autograder grader = new Autograder(Assignment.load(TestNotebooks.solution(ASSIGNMENT)), options, o -> {
            Scripted s = new Scripted();
            started.add(s);
            return s;
        });
        SubmissionResult result = grader.grade(submission("exits_thrice", "elu", "leaky_relu", "maxout"), "exits_thrice");
        List<TestResult> notRun = result.tests().stream().filter(t -> !t.passed()).toList();
        assertAll(
                () -> assertEquals(3, started.size(), "the first JVM and one restart per allowed exit, plus the last"),
                () -> assertFalse(notRun.isEmpty(), "the tests after the limit are not run"),
                () -> assertTrue(notRun.stream().allMatch(t -> t.message().contains("ended 2 times")),
                        notRun.toString()),
                () -> assertTrue(result.score() < result.maxScore()));
    }
}
