package dlcourse.grader.release;

import static dlcourse.grader.TestNotebooks.code;
import static dlcourse.grader.TestNotebooks.notebookJson;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.grader.TestNotebooks;
import dlcourse.grader.notebook.Notebook;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Validating an assignment source")
class ValidationTest {
    static final String SOLUTION = code("s", "answer", true, false, 0, "int f() {\n    // BEGIN SOLUTION\n    return 1;\n    // END SOLUTION\n}");
    static final String TEST = code("t", "test_answer", false, true, 2, "if (f() != 1) throw new AssertionError();");

    static List<String> problems(String... cells) throws Exception {
        return Validation.problems(TestNotebooks.parse(notebookJson(cells)));
    }

    static void assertProblem(List<String> problems, String... parts) {
        assertTrue(problems.stream().anyMatch(p -> List.of(parts).stream().allMatch(p::contains)),
                "expected a problem mentioning " + List.of(parts) + " in " + problems);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"01-xor-network", "02-activations", "03-softmax", "04-autoencoders", "05-dropout",
            "06-convolution", "07-lstm"})
    @DisplayName("the course's sources have no problem")
    void courseSourcesAreValid(String name) throws Exception {
        assertEquals(List.of(), Validation.problems(Notebook.read(TestNotebooks.solution(name))));
    }

    @Test
    @DisplayName("a small valid source has no problem")
    void valid() throws Exception {
        assertEquals(List.of(), problems(SOLUTION, TEST));
    }

    @Test
    @DisplayName("a grade_id used twice is named with both cells")
    void duplicateIds() throws Exception {
        assertProblem(problems(SOLUTION, TEST, code("u", "test_answer", false, true, 1, "int g = 0;")),
                "test.ipynb, cell 2 (grade_id 'test_answer')", "already used by cell 1");
    }

    @Test
    @DisplayName("negative points are refused")
    void negativePoints() throws Exception {
        assertProblem(problems(SOLUTION, code("t", "test_answer", false, true, -1, "int g = 0;")),
                "cell 1 (grade_id 'test_answer')", "points must be a number >= 0");
    }

    @Test
    @DisplayName("a solution marker outside a solution cell is named with its cell")
    void markerOutsideSolution() throws Exception {
        assertProblem(problems(SOLUTION, TEST, code("x", null, false, false, 0, "// BEGIN SOLUTION\nint h = 2;\n// END SOLUTION")),
                "test.ipynb, cell 2 (id 'x')", "not a solution cell");
    }

    @Test
    @DisplayName("unbalanced markers are named with cell and line")
    void unbalanced() throws Exception {
        assertProblem(problems(code("s", "answer", true, false, 0, "int f() {\n    // BEGIN SOLUTION\n    return 1;\n}"), TEST),
                "cell 0 (grade_id 'answer')", "line 2", "never closed");
    }

    @Test
    @DisplayName("hidden tests outside a test cell are refused")
    void hiddenOutsideTest() throws Exception {
        assertProblem(problems(SOLUTION, TEST, code("h", "helper", false, false, 0, "// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS")),
                "cell 2 (grade_id 'helper')", "not a test cell");
    }

    @Test
    @DisplayName("require lists every problem at once")
    void requireListsAll() {
        InvalidSourceException e = assertThrows(InvalidSourceException.class, () -> Validation.require(TestNotebooks.parse(
                notebookJson(code("s", "answer", true, false, -2, "int f() { return 1; }"), TEST, TEST))));
        assertAll(
                () -> assertTrue(e.problems().size() >= 3, e.getMessage()),
                () -> assertProblem(e.problems(), "needs a '// BEGIN SOLUTION'"),
                () -> assertProblem(e.problems(), "points must be"),
                () -> assertProblem(e.problems(), "already used"));
    }
}
