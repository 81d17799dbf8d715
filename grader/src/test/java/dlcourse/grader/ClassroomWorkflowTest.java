package dlcourse.grader;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell lines of grader/classroom/classroom.yml that pick the student's notebook, run as they are. */
@DisplayName("The Classroom workflow's choice of notebook")
class ClassroomWorkflowTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("copies a committed symbolic link as a link, so the grader refuses it instead of grading its target")
    void linkStaysALink() throws Exception {
        List<String> lines = Files.readAllLines(TestNotebooks.root().resolve("grader/classroom/classroom.yml"));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("for candidate in")) {
                start = i;
            }
        }
        assertTrue(start >= 0, "no 'for candidate in' loop in classroom.yml");
        String loop = String.join("\n", lines.subList(start, start + 3)).strip();
        assertTrue(loop.endsWith("done"), loop);
        Path work = Files.createDirectories(temp.resolve("work/exercises"));
        Path unpacked = Files.createDirectories(temp.resolve("autograder/source/solutions"));
        Files.writeString(unpacked.resolve("01-xor-network.ipynb"), "{\"the\": \"instructor's solution\"}");
        Files.createSymbolicLink(work.resolve("01-xor-network.ipynb"),
                Path.of("../../autograder/source/solutions/01-xor-network.ipynb"));
        Files.createDirectories(temp.resolve("autograder/submission"));
        Process bash = new ProcessBuilder("bash", "-c", "set -uo pipefail\nASSIGNMENT=01-xor-network\nA=\"$PWD/autograder\"\n" + loop)
                .directory(temp.toFile()).redirectErrorStream(true)
                .inheritIO().start();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        Path copied = temp.resolve("autograder/submission/01-xor-network.ipynb");
        assertAll(
                () -> assertEquals(0, bash.exitValue()),
                () -> assertTrue(Files.isSymbolicLink(copied), "the link was followed and its target copied"));
    }
}
