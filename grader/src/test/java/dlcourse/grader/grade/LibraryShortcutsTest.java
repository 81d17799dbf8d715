package dlcourse.grader.grade;

import static dlcourse.grader.grade.HostileSubmissionsTest.answer;
import static dlcourse.grader.grade.HostileSubmissionsTest.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dlcourse.grader.GraderCli;
import dlcourse.grader.TestNotebooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Answers that hand their work to the course library instead of writing it: 06-convolution (9 points: the
 * convolution 2 + 1, pooling forward 2 + 1, pooling backward 2 + 1), graded as one batch through the command line.
 */
@DisplayName("An answer that calls the library's own implementation earns nothing for that part")
class LibraryShortcutsTest {
    static final String ASSIGNMENT = "06-convolution";
    static final String CONV_BY_LIBRARY = "Tensor convForward(Tensor x, Tensor w, Tensor b) {\n"
            + "    return Conv2d.withWeights(w, b, 1, Padding.VALID).forward(x);\n}";

    @TempDir
    static Path temp;
    static final Map<String, JsonObject> RESULTS = new HashMap<>();

    @BeforeAll
    static void gradeTheBatch() throws Exception {
        Path submissions = Files.createDirectories(temp.resolve("submissions"));
        Path out = temp.resolve("out");
        String solution = Files.readString(TestNotebooks.solution(ASSIGNMENT));
        Files.copy(TestNotebooks.solution(ASSIGNMENT), submissions.resolve("full.ipynb"));
        write(submissions, "conv_by_library", solution, nb -> answer(nb, "conv_forward", CONV_BY_LIBRARY));
        write(submissions, "pool_through_package", solution, nb -> answer(nb, "max_pool_forward",
                "Tensor maxPoolForward(Tensor x, int k, int s) {\n"
                        + "    return dlcourse.cnn.MaxPool2d.of(k, s, dlcourse.cnn.Padding.SAME).forward(x);\n}"));
        write(submissions, "conv_in_unicode_escapes", solution, nb -> answer(nb, "conv_forward",
                CONV_BY_LIBRARY.replace("Conv2d", "\\u0043onv2d")));
        // an escape of an escape: JShell must not get a second translation, which would make it \u0043onv2d
        write(submissions, "conv_in_escaped_escapes", solution, nb -> answer(nb, "conv_forward",
                CONV_BY_LIBRARY.replace("Conv2d", "\\u005cu0043onv2d")));
        // javac drops a soft hyphen inside an identifier: Con-v2d is Conv2d
        write(submissions, "conv_with_soft_hyphen", solution, nb -> answer(nb, "conv_forward",
                CONV_BY_LIBRARY.replace("Conv2d", "Con\u00ADv2d")));
        // a method named like the class does not hide it
        write(submissions, "conv_behind_methods_of_its_name", solution, nb -> answer(nb, "conv_forward",
                "void Conv2d() {}\nvoid Padding() {}\n" + CONV_BY_LIBRARY));
        // a class of that name which the protection removes (the tests use Conv2d) leaves the name to the library
        write(submissions, "conv_behind_a_removed_class", solution, nb -> answer(nb, "conv_forward",
                "class Conv2d {}\n" + CONV_BY_LIBRARY));
        write(submissions, "conv_by_class_loading", solution, nb -> answer(nb, "conv_forward",
                "Tensor convForward(Tensor x, Tensor w, Tensor b) {\n"
                        + "    try {\n"
                        + "        var type = ClassLoader.getSystemClassLoader().loadClass(\"dlcourse.cnn.\" + \"Conv2d\");\n"
                        + "        return x;\n"
                        + "    } catch (Exception e) { return x; }\n}"));
        write(submissions, "conv_by_library_in_added_cell", solution, nb -> {
            answer(nb, "conv_forward", "Tensor convForward(Tensor x, Tensor w, Tensor b) {\n"
                    + "    return helper(x, w, b);\n}");
            HostileSubmissionsTest.addAfter(nb, "conv_forward", "Tensor helper(Tensor x, Tensor w, Tensor b) {\n"
                    + "    return Conv2d.withWeights(w, b, 1, Padding.VALID).forward(x);\n}");
        });
        // a class of the student's own that shares a name with a library class, and the library named in a comment
        write(submissions, "own_class_named_like_library", solution, nb -> answer(nb, "conv_forward",
                "// like the library's Conv2d and Im2col, but written out\n"
                        + "class Im2col {\n"
                        + "    static double dot(Tensor x, Tensor w, int n, int f, int oy, int ox) {\n"
                        + "        double sum = 0;\n"
                        + "        for (int c = 0; c < x.dim(1); c++)\n"
                        + "            for (int i = 0; i < w.dim(2); i++)\n"
                        + "                for (int j = 0; j < w.dim(3); j++)\n"
                        + "                    sum += w.get(f, c, i, j) * x.get(n, c, oy + i, ox + j);\n"
                        + "        return sum;\n"
                        + "    }\n"
                        + "}\n"
                        + "Tensor convForward(Tensor x, Tensor w, Tensor b) {\n"
                        + "    int outH = x.dim(2) - w.dim(2) + 1, outW = x.dim(3) - w.dim(3) + 1;\n"
                        + "    double[][][][] y = new double[x.dim(0)][w.dim(0)][outH][outW];\n"
                        + "    for (int n = 0; n < x.dim(0); n++)\n"
                        + "        for (int f = 0; f < w.dim(0); f++)\n"
                        + "            for (int oy = 0; oy < outH; oy++)\n"
                        + "                for (int ox = 0; ox < outW; ox++)\n"
                        + "                    y[n][f][oy][ox] = b.get(f) + Im2col.dot(x, w, n, f, oy, ox);\n"
                        + "    return Tensor.of(y);\n"
                        + "}"));
        GraderCli.run("grade", "--source", TestNotebooks.solution(ASSIGNMENT).toString(), "--out", out.toString(),
                "--timeout", "20", "--heap", "256", "--jobs", "2", submissions.toString());
        try (var folders = Files.list(out)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                RESULTS.put(folder.getFileName().toString(),
                        JsonParser.parseString(Files.readString(folder.resolve("results.json"))).getAsJsonObject());
            }
        }
    }

    @ParameterizedTest(name = "{0} scores {1}")
    @CsvSource({
            "full,                          9",
            "conv_by_library,               6",
            "pool_through_package,          6",
            "conv_in_unicode_escapes,       6",
            "conv_in_escaped_escapes,       6",
            "conv_with_soft_hyphen,         6",
            "conv_behind_methods_of_its_name, 6",
            "conv_behind_a_removed_class,   6",
            "conv_by_class_loading,         6",
            "conv_by_library_in_added_cell, 6",
            "own_class_named_like_library,  9",
    })
    @DisplayName("each submission earns only the parts it wrote itself")
    void scores(String name, double expected) {
        assertEquals(expected, RESULTS.get(name).get("score").getAsDouble(), () -> name + ": " + RESULTS.get(name));
    }

    @Test
    @DisplayName("the feedback names the library class and what an answer may use")
    void feedback() {
        String text = RESULTS.get("conv_by_library").toString();
        assertAll(
                () -> assertTrue(text.contains("the course library's Conv2d"), text),
                () -> assertTrue(text.contains("may use Checks, Tensor"), text),
                () -> assertTrue(RESULTS.get("pool_through_package").toString().contains("library's MaxPool2d"),
                        RESULTS.get("pool_through_package").toString()),
                () -> assertTrue(RESULTS.get("conv_by_class_loading").toString().contains("reflection"),
                        RESULTS.get("conv_by_class_loading").toString()));
    }

    @Test
    @DisplayName("an answer may name what the solution names; GradientCheck and the layers are refused elsewhere")
    void rule() {
        Set<String> library = Set.of("Tensor", "Checks", "GradientCheck", "Autoencoder", "Sgd", "SparsityPenalty");
        LibraryUse use = LibraryUse.of(library, List.of("void step(Autoencoder a) { new Sgd(0.1).step(a); }"));
        assertAll(
                () -> assertEquals(Set.of("Tensor", "Checks", "Autoencoder", "Sgd"), use.allowed()),
                () -> assertNull(use.refused("Tensor t = Tensor.zeros(2); new Sgd(0.1);", Set.of())),
                () -> assertEquals("GradientCheck", use.refused("return GradientCheck.numerical(f, x);", Set.of())),
                () -> assertEquals("SparsityPenalty", use.refused("var p = dlcourse.autoencoder.SparsityPenalty.kl(0.05);",
                        Set.of("SparsityPenalty"))),
                () -> assertNull(use.refused("record SparsityPenalty(double rho) {} new SparsityPenalty(1);",
                        Set.of("SparsityPenalty"))),
                () -> assertNull(use.refused("// GradientCheck would be cheating\nString s = \"GradientCheck\";",
                        Set.of())));
    }

    @Test
    @DisplayName("Tensor's sigmoid, tanh and their slopes count as library work unless the solution names them; Math.tanh does not")
    void topicMethodsOfTensor() {
        Set<String> library = Set.of("Tensor", "Checks");
        // exercise 01: the solution calls its given sigmoid helper and writes sigma' = h (1 - h) itself
        LibraryUse xor = LibraryUse.of(library, List.of("Tensor h = sigmoid(X.matmul(W));\n"
                + "Tensor dZ1 = dH.times(h.map(v -> v * (1 - v)));"));
        assertAll(
                () -> assertEquals("timesSigmoidSlope", xor.refused("Tensor dZ1 = dH.timesSigmoidSlope(h);", Set.of())),
                () -> assertEquals("tanh", xor.refused("Tensor a = z.tanh();", Set.of())),
                () -> assertNull(xor.refused("Tensor h = sigmoid(z); double t = Math.tanh(0.5);", Set.of())),
                () -> assertNull(xor.refused("var f = (java.util.function.DoubleUnaryOperator) StrictMath::tanh;",
                        Set.of())),
                () -> assertTrue(xor.allowed().contains("sigmoid"), xor.allowed()::toString));
        // a solution that names tanh (exercise 07 maps Math::tanh) lets an answer call Tensor's tanh
        LibraryUse lstm = LibraryUse.of(library, List.of("Tensor c = z.map(Math::tanh);"));
        assertNull(lstm.refused("Tensor c = z.tanh();", Set.of()));
        assertEquals("timesTanhSlope", lstm.refused("Tensor d = g.timesTanhSlope(c);", Set.of()));
        // without the library on the class path nothing is refused
        assertNull(LibraryUse.none().refused("z.timesSigmoidSlope(h);", Set.of()));
    }

    @Test
    @DisplayName("library classes are read from the jars the setup cell loads")
    void classesFromTheJars() {
        Path lib = TestNotebooks.root().resolve("lib/target");
        Set<String> names = LibraryUse.classesIn(List.of(lib.resolve("dlcourse-lib.jar"), lib.resolve("jars")));
        assertAll(
                () -> assertTrue(names.containsAll(Set.of("Tensor", "Conv2d", "GradientCheck", "LstmCell")), names::toString),
                () -> assertTrue(names.stream().noneMatch(n -> n.contains("$") || n.equals("package-info")), names::toString),
                () -> assertTrue(!names.contains("Assertions") && !names.contains("XYChart"), "only dlcourse packages"));
    }
}
