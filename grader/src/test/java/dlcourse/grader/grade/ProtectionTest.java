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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "  \t%jars /tmp/fake-junit.jar\nint kept = 1;",
            "int kept = 1;\n%maven org.example:fake:1.0",
            "%%time\nint kept = 1;",
            "   %classpath /tmp\r\nint kept = 1;",
            "int kept = 1;\n%jars a.jar\n%jars b.jar\n%%bash",
    })
    @DisplayName("removes every line the kernel would run as a magic (blanks in front, after code, %%, \\r), keeps the code")
    void removesHostileMagics(String cell) {
        Protection.Cleaned cleaned = PROTECTION.clean(cell);
        assertAll(
                () -> assertFalse(dlcourse.kernel.magic.CellParser.hasMagic(cleaned.code()), cleaned.code()),
                () -> assertTrue(cleaned.code().contains("int kept = 1;"), cleaned.code()),
                () -> assertTrue(!cleaned.removed().isEmpty() && cleaned.removed().stream()
                        .allMatch(r -> r.startsWith("the magic '%")), cleaned.removed().toString()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\uff05jars /tmp/fake.jar", "\u00a0%jars /tmp/fake.jar", "%\u0458ars /tmp/fake.jar"})
    @DisplayName("a look-alike of a magic is not one: it stays as code (which does not compile) and nothing is loaded")
    void lookAlikes(String line) {
        Protection.Cleaned cleaned = PROTECTION.clean(line + "\nint kept = 1;");
        assertAll(
                () -> assertFalse(dlcourse.kernel.magic.CellParser.hasMagic(cleaned.code()), cleaned.code()),
                () -> assertTrue(cleaned.removed().stream().noneMatch(r -> r.contains("magic")), cleaned.removed().toString()));
    }

    @Test
    @DisplayName("a test cell of statements runs as one block; one with declarations runs as it is")
    void blocks() {
        assertAll(
                () -> assertEquals("{\nint a = 1;\nassertEquals(1, a);\n// END\n}", Protection.asBlock("int a = 1;\nassertEquals(1, a);\n// END")),
                () -> assertEquals("int f() { return 1; }\nassertEquals(1, f());", Protection.asBlock("int f() { return 1; }\nassertEquals(1, f());")));
    }

    static final Protection FIXTURES = Protection.of(
            List.of("Tensor X = Tensor.of(new double[][] {{0, 0}, {1, 1}});\nTensor y = Tensor.of(new double[][] {{0}, {1}});\n"
                            + "double[][] table = {{1, 2}};\nclass Config { static double rate = 1; }",
                    "assertEquals(0.0, forward(X).get(0, 0) - y.get(0, 0) + table[0][0] * Config.rate, 1e-9);"),
            List.of("Tensor forward(Tensor X) {\n// BEGIN SOLUTION\nreturn X;\n// END SOLUTION\n}"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "y = Tensor.zeros(4, 1);",
            "y = Tensor.zeros(4, 1)",
            "X = y;",
            "y += 1;",
            "y++;",
            "--y;",
            "table[0][1] = 5;",
            "(table)[0] = new double[] {9, 9};",
            "Config.rate = 2;",
            "Config.rate *= 2;",
            "void sneaky() { y = null; }",
            "Tensor forward(Tensor input) { y = input; return input; }",
            "Runnable r = () -> { table[0][0] = 0; };",
            "class Sneaky { static { y = null; } }",
            "class Sneaky { Tensor X; static void f() { y = null; } }",
            "int z = (y = null) == null ? 1 : 2;",
            "for (int i = 0; i < 1; i++) { y = null; }",
            "void f() { { Tensor y = null; } y = null; }",
            "if (true) { var t = table; table = null; }",
    })
    @DisplayName("removes an assignment to a variable the tests use, wherever it is in the cell")
    void removesWrites(String code) {
        Protection.Cleaned cleaned = FIXTURES.clean("int kept = 1;\n" + code);
        assertAll(
                () -> assertEquals("int kept = 1;\n", cleaned.code()),
                () -> assertEquals(1, cleaned.removed().size(), cleaned.removed().toString()),
                () -> assertTrue(cleaned.removed().get(0).startsWith("an assignment to '"), cleaned.removed().toString()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"var y = Tensor.zeros(4, 1);", "Tensor X = null;", "double[][] table = {};",
            "class Config { static double rate = 5; }", "Tensor y() { return null; }"})
    @DisplayName("removes a redeclaration of a test fixture (var, a method or class of the same name)")
    void removesRedeclarations(String code) {
        Protection.Cleaned cleaned = FIXTURES.clean(code);
        assertAll(
                () -> assertEquals("", cleaned.code().strip()),
                () -> assertTrue(cleaned.removed().get(0).startsWith("the declaration of '"), cleaned.removed().toString()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"y.rawData()[0] = 1;", "double[] alias = y.rawData();",
            "Cache forward(Params p, Tensor X) { X.rawData()[0] = 1; return null; }",
            "double[] mine = Tensor.zeros(2).rawData();"})
    @DisplayName("removes every rawData() call: a tensor the tests pass in could be changed through its array")
    void removesRawData(String code) {
        Protection.Cleaned cleaned = FIXTURES.clean(code);
        assertAll(
                () -> assertEquals("", cleaned.code().strip()),
                () -> assertTrue(cleaned.removed().get(0).contains("calls rawData()"), cleaned.removed().toString()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"y.rawSingles()[0] = 1;", "float[] alias = X.rawSingles();"})
    @DisplayName("removes every rawSingles() call, the tensor's float32 array, as rawData()")
    void removesRawSingles(String code) {
        Protection.Cleaned cleaned = FIXTURES.clean(code);
        assertAll(
                () -> assertEquals("", cleaned.code().strip()),
                () -> assertTrue(cleaned.removed().get(0).contains("calls rawSingles()"), cleaned.removed().toString()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "Class.forName(\"REPL.$JShell$12\").getField(\"y\").set(null, null);",
            "var f = Object.class.getDeclaredFields();",
            "java.lang.invoke.MethodHandles.lookup();",
            "Object o = java.lang.reflect.Array.newInstance(int.class, 1);",
    })
    @DisplayName("removes code that uses reflection")
    void removesReflection(String code) {
        Protection.Cleaned cleaned = FIXTURES.clean(code);
        assertAll(
                () -> assertEquals("", cleaned.code().strip()),
                () -> assertTrue(cleaned.removed().get(0).contains("uses reflection"), cleaned.removed().toString()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "Tensor forward(Tensor X) {\n    X = X.times(2);\n    return X;\n}",
            "void g() { Tensor y = null; y = Tensor.zeros(1); }",
            "class Mine { Tensor y; void set() { y = null; } }",
            "for (Tensor y : java.util.List.of(X)) { y = null; }",
            "Runnable r = () -> { double[][] table = {}; table = null; };",
            "int mine = 0;\nmine++;\nmine += y.rows();",
            "double[] copy = table[0].clone();\ncopy[0] = 5;",
            "try (var y = new java.io.StringReader(\"\")) { y = null; } catch (Exception X) { X = null; }",
            "java.util.function.UnaryOperator<Tensor> f = y -> { y = y.times(2); return y; };",
    })
    @DisplayName("keeps writes to the student's own variables, parameters and fields that share a name with a test's")
    void keepsOwnWrites(String code) {
        Protection.Cleaned cleaned = FIXTURES.clean(code);
        assertEquals(List.of(), cleaned.removed(), code);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "x.\\u0072awData()[0] = 1;",
            "x.\\uuuu0072awData()[0] = 1;",
            "x.raw\u00ADData()[0] = 1;",
            "Object f = Object.class.set\u0000Accessible(true);",
            "Object f = Object.class.getDeclaredField\\u0028\"x\");",
            "void assert\\u0045quals(double a, double b, double d, String m) {}",
    })
    @DisplayName("reads unicode escapes as javac does, so an escaped name is still that name")
    void unicodeEscapes(String hostile) {
        Protection.Cleaned cleaned = PROTECTION.clean("int kept = 1;\n" + hostile);
        assertAll(
                () -> assertEquals("int kept = 1;\n", cleaned.code()),
                () -> assertEquals(1, cleaned.removed().size(), cleaned.removed()::toString));
    }

    @Test
    @DisplayName("translates only escapes javac translates: an escaped backslash before u is text")
    void unicodeEscapeRules() {
        assertAll(
                () -> assertEquals("rawData", Protection.translateUnicodeEscapes("\\u0072awData")),
                () -> assertEquals("String s = \"\\\\u0072\";",
                        Protection.translateUnicodeEscapes("String s = \"\\\\u0072\";")),
                () -> assertEquals("\\\\r", Protection.translateUnicodeEscapes("\\\\\\u0072")),
                () -> assertEquals("\\u00", Protection.translateUnicodeEscapes("\\u00")),
                () -> assertEquals("a\\nb", Protection.translateUnicodeEscapes("a\\nb")));
    }

    @Test
    @DisplayName("runs the code as written: escapes are translated for the checks only, so JShell translates once")
    void runsTheCodeAsWritten() {
        Protection.Cleaned kept = PROTECTION.clean("String s = \"\\u0041\";");
        Protection.Cleaned escapedEscape = PROTECTION.clean("Object o = x.\\u005cu0072awData();");
        assertAll(
                () -> assertEquals("String s = \"\\u0041\";", kept.code().strip()),
                // javac reads this as a backslash produced by an escape, then u0072awData: not rawData, and no
                // second translation may turn it into one
                () -> assertTrue(escapedEscape.code().contains("\\u005cu0072awData") || escapedEscape.code().isBlank(),
                        escapedEscape.code()));
    }
}
