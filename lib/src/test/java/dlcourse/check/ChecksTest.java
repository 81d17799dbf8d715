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
                () -> assertTrue(e.getMessage().startsWith("softmax([1, 2, 3]): expected"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("0.6700"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("0.3300"), e.getMessage()),
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
                () -> assertTrue(shape.getMessage().contains("expected shape [2, 3] but got shape [3, 2]"), shape.getMessage()),
                () -> assertTrue(nul.getMessage().contains("null"), nul.getMessage()),
                () -> assertTrue(nan.getMessage().contains("NaN"), nan.getMessage()),
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
                () -> assertTrue(far.getMessage().contains("expected 0.407600 but got 0.500000"), far.getMessage()));
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
                        .getMessage().contains("numerical gradient")));
    }
}
