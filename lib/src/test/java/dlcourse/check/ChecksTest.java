package dlcourse.check;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.nn.Layer;
import dlcourse.nn.Tanh;
import dlcourse.tensor.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ChecksTest {

    @Test
    @DisplayName("assertClose passes within the tolerance and otherwise names what, expected, actual and the hint")
    void close() {
        Tensor expected = Tensor.of(0.09, 0.24, 0.67);
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Checks.assertClose("softmax([1, 2, 3])", expected, Tensor.of(0.33, 0.33, 0.33), 0.01, "use e^z"));
        assertAll(
                () -> assertDoesNotThrow(() -> Checks.assertClose("s", expected, Tensor.of(0.091, 0.244, 0.665), 0.01, "")),
                () -> assertTrue(e.getMessage().startsWith("softmax([1, 2, 3]): 3 of 3 values differ"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("at [0] expected 0.0900000, got 0.330000"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("at [2] expected 0.670000, got 0.330000"), e.getMessage()),
                () -> assertTrue(e.getMessage().endsWith("Hint: use e^z"), e.getMessage()));
    }

    @Test
    @DisplayName("a wrong shape, a null result and NaN are reported as such")
    void shapesAndNull() {
        AssertionFailedError shape = assertThrows(AssertionFailedError.class,
                () -> Checks.assertClose("y", Tensor.zeros(2, 3), Tensor.zeros(3, 2), 1e-6, "transpose?"));
        AssertionFailedError nul = assertThrows(AssertionFailedError.class,
                () -> Checks.assertClose("y", Tensor.zeros(2, 3), null, 1e-6, ""));
        AssertionFailedError nan = assertThrows(AssertionFailedError.class,
                () -> Checks.assertClose("y", Tensor.zeros(1), Tensor.of(Double.NaN), 1e-6, ""));
        assertAll(
                () -> assertTrue(shape.getMessage().contains("expected shape [2, 3] but got shape [3, 2] (rows and columns swapped"),
                        shape.getMessage()),
                () -> assertTrue(assertThrows(AssertionFailedError.class, () -> Checks.assertClose("db", Tensor.zeros(3),
                        Tensor.zeros(4, 3), 1e-6, "")).getMessage().contains("one row per example: sum over the batch")),
                () -> assertTrue(nul.getMessage().contains("null"), nul.getMessage()),
                () -> assertTrue(nan.getMessage().contains("NaN or infinite") && nan.getMessage().contains("overflow"),
                        nan.getMessage()),
                () -> assertThrows(AssertionFailedError.class,
                        () -> Checks.assertShape("h", Tensor.zeros(4, 5), new int[] {-1, 6}, "")));
    }

    @Test
    @DisplayName("assertAtLeast and the scalar assertClose report expected and actual numbers")
    void scalars() {
        AssertionFailedError low = assertThrows(AssertionFailedError.class,
                () -> Checks.assertAtLeast("test accuracy", 0.9, 0.85, "train longer"));
        AssertionFailedError far = assertThrows(AssertionFailedError.class,
                () -> Checks.assertClose("loss", 0.4076, 0.5, 1e-4, ""));
        assertAll(
                () -> assertDoesNotThrow(() -> Checks.assertAtLeast("a", 0.9, 0.9, "")),
                () -> assertTrue(low.getMessage().contains("at least 0.9000 but got 0.8500"), low.getMessage()),
                () -> assertTrue(far.getMessage().contains("expected 0.407600 but got 0.500000"), far.getMessage()),
                () -> assertTrue(assertThrows(AssertionFailedError.class, () -> Checks.assertClose("loss", 0.25, 1.0, 1e-9, ""))
                        .getMessage().contains("exactly 4 times too large")));
    }

    @Test
    @DisplayName("assertBackwardCorrect accepts a correct layer and rejects a wrong backward")
    void backward() {
        Tensor x = Tensor.of(new double[][] {{0.5, -1.0}, {2.0, 0.1}});
        Tensor dY = Tensor.of(new double[][] {{1, 2}, {-1, 0.5}});
        Layer wrong = new Layer() {
            @Override
            public Tensor forward(Tensor in) {
                return in.map(Math::tanh);
            }

            @Override
            public Tensor backward(Tensor d) {
                return d; // forgets the factor 1 - y^2
            }
        };
        assertAll(
                () -> assertDoesNotThrow(() -> Checks.assertBackwardCorrect("tanh", new Tanh()::forward, new Tanh(), x, dY, "")),
                () -> assertTrue(assertThrows(AssertionFailedError.class,
                        () -> Checks.assertBackwardCorrect("tanh", new Tanh()::forward, wrong, x, dY, "multiply by 1 - y^2"))
                        .getMessage().contains("numerical one")));
    }

    static String failure(Tensor expected, Tensor actual, Checks.Mistake... known) {
        return assertThrows(AssertionFailedError.class,
                () -> Checks.assertClose("case", expected, actual, 1e-9, "the rule", known)).getMessage();
    }

    @Test
    @DisplayName("the message names the shape of a wrong answer: factor, sign, transpose, flip, shift, overflow, a known mistake")
    void diagnoses() {
        Tensor e = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 10}});
        Tensor image = Tensor.of(new double[][][][] {{{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}}});
        Tensor movedDown = Tensor.of(new double[][][][] {{{{0, 0, 0}, {1, 2, 3}, {4, 5, 6}}}});
        Tensor movedLeft = Tensor.of(new double[][][][] {{{{2, 3, 0}, {5, 6, 0}, {8, 9, 0}}}});
        assertAll(
                () -> assertTrue(failure(e, e.times(4)).contains("exactly 4 times too large everywhere"), failure(e, e.times(4))),
                () -> assertTrue(failure(e, e.times(0.25)).contains("exactly 4 times too small"), failure(e, e.times(0.25))),
                () -> assertTrue(failure(e, e.times(0.6)).contains("0.600000 times the expected value"), failure(e, e.times(0.6))),
                () -> assertTrue(failure(e, e.times(-1)).contains("a sign error"), failure(e, e.times(-1))),
                () -> assertTrue(failure(e, e.transpose()).contains("the transpose"), failure(e, e.transpose())),
                () -> assertTrue(failure(image, image.map(v -> 10 - v)).contains("rotated by 180 degrees: the kernel is flipped")),
                () -> assertTrue(failure(image, movedDown).contains("moved one row down"), failure(image, movedDown)),
                () -> assertTrue(failure(image, movedLeft).contains("moved one column to the left"), failure(image, movedLeft)),
                () -> assertTrue(failure(e, e.map(v -> v > 5 ? Double.POSITIVE_INFINITY : v)).contains(
                        "4 of 9 values are NaN or infinite (the first at [1, 2])")),
                () -> assertTrue(failure(e, e.plus(1), Checks.mistake("adding 1 to every entry", e.plus(1)))
                        .contains("your answer matches a known mistake: adding 1 to every entry")),
                () -> assertTrue(failure(e, e.plus(1)).contains("9 of 9 values differ"), failure(e, e.plus(1))));
    }

    @Test
    @DisplayName("a long failure lists at most three positions as [i, j] and never the whole tensor")
    void short_() {
        Tensor big = Tensor.randn(new java.util.Random(3), 1, 40, 50);
        String message = failure(big, big.map(v -> v * v));
        assertAll(
                () -> assertTrue(message.contains("2000 values differ") || message.matches("(?s).*\\d+ of 2000 values differ.*"), message),
                () -> assertTrue(message.contains("at [0, 0] expected"), message),
                () -> assertTrue(message.split("expected").length <= 4, message),
                () -> assertTrue(message.length() < 400, message),
                () -> assertTrue(!message.contains("flat index") && !message.contains("Exception") && !message.contains("Error"),
                        message));
    }

    @Test
    @DisplayName("assertBetween passes inside the bounds, bounds included, and names what, the bounds and the value")
    void between() {
        String message = assertThrows(AssertionFailedError.class,
                () -> Checks.assertBetween("zeroed count of input 3", 21, 79, 200, "each row its own choice")).getMessage();
        assertAll(
                () -> assertDoesNotThrow(() -> Checks.assertBetween("n", 21, 79, 21, "")),
                () -> assertDoesNotThrow(() -> Checks.assertBetween("n", 21, 79, 79, "")),
                () -> assertThrows(AssertionFailedError.class, () -> Checks.assertBetween("n", 21, 79, 20.5, "")),
                () -> assertThrows(AssertionFailedError.class, () -> Checks.assertBetween("n", 21, 79, Double.NaN, "")),
                () -> assertTrue(message.equals("zeroed count of input 3: expected between 21.00 and 79.00 but got 200.0"
                        + "\nHint: each row its own choice"), message));
    }
}
