package dlcourse.grader.notebook;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.grader.TestNotebooks;
import dlcourse.kernel.notebook.NotebookFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A notebook")
class NotebookTest {

    @Nested
    @DisplayName("written back")
    class RoundTrip {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"01-xor-network", "02-activations", "03-softmax", "07-lstm"})
        @DisplayName("is byte for byte what Jupyter's nbformat wrote")
        void sameAsJupyter(String name) throws Exception {
            Path file = TestNotebooks.solution(name);
            assertEquals(Files.readString(file), Notebook.read(file).toJson());
        }

        @Test
        @DisplayName("keeps cells' nbgrader metadata readable")
        void readsGrading() throws Exception {
            Notebook notebook = Notebook.read(TestNotebooks.solution("02-activations"));
            Cell elu = notebook.cells().stream().filter(c -> "elu".equals(c.gradeId())).findFirst().orElseThrow();
            Cell test = notebook.cells().stream().filter(c -> "test_maxout".equals(c.gradeId())).findFirst().orElseThrow();
            assertAll(
                    () -> assertTrue(elu.isSolution()),
                    () -> assertTrue(test.isTest()),
                    () -> assertEquals(2.0, test.grading().orElseThrow().points()),
                    () -> assertTrue(test.grading().orElseThrow().locked()));
        }
    }

    @Nested
    @DisplayName("that is malformed")
    class Malformed {
        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', value = {
                "this is not json                                      | not valid JSON",
                "[1, 2]                                                | its JSON is not an object",
                "{\"cells\": [], \"nbformat\": 3, \"nbformat_minor\": 0} | is nbformat 3",
                "{\"nbformat\": 4, \"nbformat_minor\": 5}                | no \"cells\" list",
                "{\"cells\": [], \"metadata\": {}}                       | no \"nbformat\" version number",
                "{\"cells\": [42], \"nbformat\": 4, \"nbformat_minor\": 5} | cell 1 is not a JSON object",
        })
        @DisplayName("is refused with a message that names the file and says what is wrong")
        void refused(String text, String expected) {
            NotebookFormatException e = assertThrows(NotebookFormatException.class, () -> Notebook.parse(text, "alice.ipynb"));
            assertAll(
                    () -> assertTrue(e.getMessage().startsWith("alice.ipynb"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains(expected), e.getMessage()));
        }
    }
}
