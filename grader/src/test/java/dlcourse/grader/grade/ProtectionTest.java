package dlcourse.grader.grade;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Protecting the tests' names from a submission")
class ProtectionTest {
    static final Protection PROTECTION = Protection.of(
            List.of("import static org.junit.jupiter.api.Assertions.*;\nimport dlcourse.check.GradientCheck;",
                    "// the tests\nassertEquals(Math.exp(1), elu(1.0, 2.0), 1e-9, \"message words\");\n"
                            + "GradientCheck.assertGradient(\"d\", v -> 0, x, x);"),
            List.of("double elu(double x, double alpha) {\n// BEGIN SOLUTION\nreturn x;\n// END SOLUTION\n}"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "void assertEquals(double a, double b, double d, String m) {}",
            "class GradientCheck { static void assertGradient(Object... o) {} }",
            "class org { static class junit {} }",
            "class dlcourse {}",
            "class Math { static double exp(double v) { return 0; } }",
            "Object Math = null;",
            "import static java.lang.Math.assertEquals;",
    })
    @DisplayName("removes a declaration or import of a name the tests use")
    void removes(String declaration) {
        Protection.Cleaned cleaned = PROTECTION.clean("int kept = 1;\n" + declaration);
        assertAll(
                () -> assertEquals("int kept = 1;\n", cleaned.code()),
                () -> assertEquals(1, cleaned.removed().size()),
                () -> assertTrue(cleaned.removed().get(0).contains("a name the tests use"), cleaned.removed().toString()));
    }

    @Test
    @DisplayName("keeps the names the student is asked to write, and everything else")
    void keepsAnswers() {
        String answer = "double elu(double x, double alpha) {\n    return x > 0 ? x : alpha * (Math.exp(x) - 1);\n}\n"
                + "double helper(double v) { return v; }\nimport static java.lang.Math.*;\n";
        Protection.Cleaned cleaned = PROTECTION.clean(answer);
        assertAll(
                () -> assertEquals(List.of(), cleaned.removed()),
                () -> assertTrue(cleaned.code().contains("double elu(double x, double alpha)")),
                () -> assertTrue(cleaned.code().contains("double helper(double v)")));
    }

    @Test
    @DisplayName("words in the tests' comments and strings are not protected names")
    void commentsAndStrings() {
        assertAll(
                () -> assertFalse(PROTECTION.protectedNames().contains("message")),
                () -> assertFalse(PROTECTION.protectedNames().contains("tests")),
                () -> assertTrue(PROTECTION.protectedNames().contains("assertEquals")),
                () -> assertFalse(PROTECTION.protectedNames().contains("elu")));
    }

    @Test
    @DisplayName("removes magics from student cells")
    void removesMagics() {
        Protection.Cleaned cleaned = PROTECTION.clean("%jars /tmp/fake-junit.jar\nint kept = 1;");
        assertAll(
                () -> assertFalse(cleaned.code().contains("%jars")),
                () -> assertTrue(cleaned.removed().get(0).contains("the magic '%jars /tmp/fake-junit.jar'")));
    }

    @Test
    @DisplayName("a test cell of statements runs as one block; one with declarations runs as it is")
    void blocks() {
        assertAll(
                () -> assertEquals("{\nint a = 1;\nassertEquals(1, a);\n// END\n}", Protection.asBlock("int a = 1;\nassertEquals(1, a);\n// END")),
                () -> assertEquals("int f() { return 1; }\nassertEquals(1, f());", Protection.asBlock("int f() { return 1; }\nassertEquals(1, f());")));
    }
}
