package dlcourse.nn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationTest {

    @Nested
    @DisplayName("values and derivatives")
    class Values {
        @ParameterizedTest(name = "{0}({1}) = {2}, derivative {3}")
        @CsvSource({
            "sigmoid,     0,    0.5,          0.25",
            "sigmoid,     2,    0.8807970780, 0.1049935854",
            "sigmoid,  -800,    0.0,          0.0",
            "tanh,        0,    0.0,          1.0",
            "tanh,        1,    0.7615941560, 0.4199743416",
            "relu,       -2,    0.0,          0.0",
            "relu,        0,    0.0,          0.0",
            "relu,        3,    3.0,          1.0",
            "leaky,      -2,   -0.02,         0.01",
            "leaky,       0,    0.0,          0.01",
            "leaky,       3,    3.0,          1.0",
            "elu,        -1,   -0.6321205588, 0.3678794412",
            "elu,         0,    0.0,          1.0",
            "elu,         2,    2.0,          1.0",
        })
        void table(String name, double x, double value, double derivative) {
            Activation f = activation(name);
            assertAll(
                    () -> assertEquals(value, f.value(x), 1e-9, name + " value"),
                    () -> assertEquals(derivative, f.derivative(x), 1e-9, name + " derivative"));
        }

        @Test
        @DisplayName("forward applies the function element-wise and keeps the shape")
        void forwardElementWise() {
            Tensor x = Tensor.of(new double[][] {{-1, 0, 2}, {3, -4, 0.5}});
            Tensor y = new Relu().forward(x);
            assertEquals(Tensor.of(new double[][] {{0, 0, 2}, {3, 0, 0.5}}), y);
        }

        @Test
        @DisplayName("a leaky ReLU with a slope outside [0, 1) and an ELU with alpha <= 0 are refused")
        void badHyperParameters() {
            assertAll(
                    () -> assertTrue(assertThrows(IllegalArgumentException.class, () -> new LeakyRelu(-0.1))
                            .getMessage().contains("slope")),
                    () -> assertTrue(assertThrows(IllegalArgumentException.class, () -> new Elu(0))
                            .getMessage().contains("alpha")));
        }
    }

    @Nested
    @DisplayName("backward")
    class Backward {
        static Stream<Arguments> activations() {
            return Stream.of("sigmoid", "tanh", "relu", "leaky", "elu").map(Arguments::of);
        }

        @ParameterizedTest(name = "{0}: dX passes the gradient check")
        @MethodSource("activations")
        void gradientCheck(String name) {
            Random rng = new Random(7);
            // keep inputs away from the kink at 0, where central differences are not defined
            Tensor x = Tensor.randn(rng, 2, 4, 5).map(v -> Math.abs(v) < 0.05 ? v + 0.2 : v);
            Tensor dY = Tensor.randn(rng, 1, 4, 5);
            Activation f = activation(name);
            f.forward(x);
            Tensor dX = f.backward(dY);
            GradientCheck.assertBackward(name, activation(name)::forward, x, dY, dX);
        }

        @Test
        @DisplayName("backward before forward says what to do")
        void backwardFirst() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Tanh().backward(Tensor.zeros(1, 1)));
            assertTrue(e.getMessage().contains("before forward"), e.getMessage());
        }

        @Test
        @DisplayName("dY of the wrong shape names the operation and both shapes")
        void wrongShape() {
            Sigmoid s = new Sigmoid();
            s.forward(Tensor.zeros(2, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.backward(Tensor.zeros(3, 2)));
            assertAll(
                    () -> assertTrue(e.getMessage().contains("Sigmoid.backward"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("[3, 2]"), e.getMessage()));
        }
    }

    @Test
    @DisplayName("Sigmoid.sigma is the layer's sigma(x), finite and in [0, 1] at +-800, and sigma(-x) = 1 - sigma(x)")
    void staticSigma() {
        Sigmoid layer = new Sigmoid();
        assertAll(
                () -> assertEquals(layer.value(1.5), Sigmoid.sigma(1.5)),
                () -> assertEquals(0.0, Sigmoid.sigma(-800)),
                () -> assertEquals(1.0, Sigmoid.sigma(800)),
                () -> assertEquals(1 - Sigmoid.sigma(3), Sigmoid.sigma(-3), 1e-15),
                () -> assertEquals(0.5, Sigmoid.sigma(0)));
    }

    static Activation activation(String name) {
        List<Supplier<Activation>> all = List.of(Sigmoid::new, Tanh::new, Relu::new, LeakyRelu::new, Elu::new);
        return switch (name) {
            case "sigmoid" -> all.get(0).get();
            case "tanh" -> all.get(1).get();
            case "relu" -> all.get(2).get();
            case "leaky" -> all.get(3).get();
            case "elu" -> all.get(4).get();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
