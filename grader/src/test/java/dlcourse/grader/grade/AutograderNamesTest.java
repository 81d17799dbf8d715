package dlcourse.grader.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Output folder names of submissions")
class AutograderNamesTest {
    @Test
    @DisplayName("stay inside the output folder, never clash with each other or with the gradebook")
    void plainAndUnique() {
        List<Path> files = List.of(Path.of("a/alice.ipynb"), Path.of("b/alice.ipynb"), Path.of("..ipynb"),
                Path.of("...ipynb"), Path.of(".ipynb"), Path.of("gradebook.csv.ipynb"), Path.of("gradebook.html.ipynb"),
                Path.of("x/.hidden.ipynb"), Path.of("bob smith (1).ipynb"), Path.of("z".repeat(300) + ".ipynb"));
        assertEquals(List.of("alice", "alice-2", "_.", "_..", "_", "gradebook.csv-2", "gradebook.html-2", "_.hidden",
                "bob_smith__1_", "z".repeat(100)), Autograder.names(files));
    }
}
