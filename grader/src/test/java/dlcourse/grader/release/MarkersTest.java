package dlcourse.grader.release;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Solution and hidden-test markers")
class MarkersTest {

    @Test
    @DisplayName("a solution region becomes one indented line that throws, naming the exercise")
    void stubs() {
        String source = "double elu(double x) {\n    // BEGIN SOLUTION\n    return x;\n    // END SOLUTION\n}";
        assertEquals("double elu(double x) {\n    throw new UnsupportedOperationException(\"elu (02-activations): not"
                + " solved yet. Replace this line with your code.\");\n}", Markers.stubSolutions(source, "elu (02-activations)"));
    }

    @Test
    @DisplayName("a hidden-tests region disappears with its markers, the visible lines stay")
    void removesHidden() {
        String source = "// visible\nassertEquals(1, f());\n// BEGIN HIDDEN TESTS\nassertEquals(2, g());\n// END HIDDEN TESTS";
        assertAll(
                () -> assertEquals("// visible\nassertEquals(1, f());", Markers.removeHidden(source)),
                () -> assertTrue(Markers.hasHiddenTests(source)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "// BEGIN SOLUTION\\nx\\n// END SOLUTION                      | ",
            "// BEGIN SOLUTION\\nx                                        | is never closed",
            "x\\n// END SOLUTION                                          | without a '// BEGIN SOLUTION' before it",
            "// BEGIN SOLUTION\\n// BEGIN SOLUTION\\n// END SOLUTION      | regions do not nest",
            "x = 1; // BEGIN SOLUTION\\n// END SOLUTION                 | alone on its line",
    })
    @DisplayName("unbalanced, nested or inline solution markers are problems that name the line")
    void balance(String source, String expected) {
        List<String> problems = Markers.problems(source.replace("\\n", "\n"), "SOLUTION");
        if (expected == null) {
            assertEquals(List.of(), problems);
        } else {
            assertTrue(problems.stream().anyMatch(p -> p.contains(expected) && p.startsWith("line ")), problems.toString());
        }
    }
}
