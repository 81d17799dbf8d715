package dlcourse.check;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.nn.Sigmoid;
import dlcourse.tensor.Tensor;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;

@DisplayName("Named mistakes")
class MistakesTest {
    static final String KNOWN = "matches a known mistake";

    static String failure(Runnable check) {
        return assertThrows(AssertionFailedError.class, check::run).getMessage();
    }

    @Nested
    @DisplayName("sigmoid's derivative taken at its output")
    class SigmoidAtOutput {
        final Random random = new Random(3);
        final Tensor x = Tensor.randn(random, 1.0, 4, 2);
        final Tensor h = Tensor.randn(random, 1.0, 4, 3).map(Sigmoid::sigma);
        final Tensor dH = Tensor.randn(random, 1.0, 4, 3);
        final UnaryOperator<Tensor> dW = dz -> x.transpose().matmul(dz);
        final Tensor right = dW.apply(dH.times(h.map(v -> v * (1 - v))));
        final Checks.Mistake mistake = Mistakes.sigmoidDerivativeAtOutput(dH, h, dW);

        void check(Tensor answer) {
            Checks.assertClose("dW1", right, answer, 1e-9, "dz1 = dh * h (1 - h)", mistake);
        }

        @Test
        @DisplayName("is named when dz = dh σ(h) (1 − σ(h))")
        void named() {
            Tensor wrong = dW.apply(dH.times(h.map(Sigmoid::sigma).map(s -> s * (1 - s))));
            String message = failure(() -> check(wrong));
            assertTrue(message.contains(KNOWN + ": sigmoid's derivative taken at its output h instead of its input z")
                    && message.contains("h (1 − h)"), message);
        }

        @Test
        @DisplayName("does not fire on the right answer, nor on a sign error or a missing 1/N")
        void notOtherwise() {
            String sign = failure(() -> check(right.times(-1)));
            String factor = failure(() -> check(right.times(0.25)));
            assertAll(
                    () -> assertDoesNotThrow(() -> check(right)),
                    () -> assertFalse(sign.contains("sigmoid"), sign),
                    () -> assertTrue(sign.contains("sign error"), sign),
                    () -> assertFalse(factor.contains("sigmoid"), factor),
                    () -> assertTrue(factor.contains("4 times too small"), factor));
        }
    }

    @Nested
    @DisplayName("leaky ReLU written as ReLU")
    class LeakyAsRelu {
        static double leaky(double x) {
            return Math.max(0.01 * x, x);
        }

        static void check(double x, double answer) {
            Checks.assertClose("leakyRelu(" + x + ")", leaky(x), answer, 1e-12, "max(0.01 x, x)",
                    Mistakes.leakyReluAsRelu(x, 0.01));
        }

        @ParameterizedTest(name = "x = {0}")
        @ValueSource(doubles = {-3, -100, -1e-3})
        @DisplayName("is named for a negative input that gives 0")
        void named(double x) {
            String message = failure(() -> check(x, 0));
            assertTrue(message.contains(KNOWN + ": leaky ReLU written as ReLU")
                    && message.contains("α·x = 0.01·x"), message);
        }

        @ParameterizedTest(name = "x = {0}")
        @ValueSource(doubles = {-3, 0, 2.5})
        @DisplayName("does not fire on the right answer, nor on a slope of 0.1 or a sign error")
        void notOtherwise(double x) {
            assertDoesNotThrow(() -> check(x, leaky(x)));
            if (x != 0) {
                String slope = failure(() -> check(x, x < 0 ? 0.1 * x : -x));
                assertFalse(slope.contains("leaky ReLU written as ReLU"), slope);
            }
        }
    }

    @Nested
    @DisplayName("a gradient path forgotten")
    class PathMissing {
        // y = a * c and z = tanh(c), L = sum(dY * y) + sum(dZ * z): c is used twice
        final Tensor c = Tensor.of(new double[][] {{0.3, -1.2}, {0.7, 2.0}});
        final Tensor a = Tensor.of(new double[][] {{0.5, 0.1}, {-0.4, 0.9}});
        final Tensor dY = Tensor.of(new double[][] {{1.0, -2.0}, {0.5, 0.25}});
        final Tensor dZ = Tensor.of(new double[][] {{-0.3, 0.8}, {1.5, -1.0}});

        double loss(Tensor v, Tensor upstreamZ) {
            return v.times(a).times(dY).sum() + v.map(Math::tanh).times(upstreamZ).sum();
        }

        void check(Tensor dC) {
            Tensor withoutTanhPath = GradientCheck.numericalGradient(v -> loss(v, dZ.times(0)), c);
            GradientCheck.assertGradient("dL/dc", v -> loss(v, dZ), c, dC, "sum both paths",
                    Mistakes.gradientPathMissing("c", "z = tanh(c)", withoutTanhPath));
        }

        @Test
        @DisplayName("is named when one of the two uses' gradients is left out, and not otherwise")
        void named() {
            Tensor viaY = dY.times(a);
            Tensor viaZ = dZ.times(c.map(v -> 1 - Math.tanh(v) * Math.tanh(v)));
            String missing = failure(() -> check(viaY));
            String other = failure(() -> check(viaZ));
            String sign = failure(() -> check(viaY.plus(viaZ).times(-1)));
            assertAll(
                    () -> assertDoesNotThrow(() -> check(viaY.plus(viaZ))),
                    () -> assertTrue(missing.contains(KNOWN + ": the gradient that reaches c through z = tanh(c) is"
                            + " missing"), missing),
                    () -> assertFalse(other.contains(KNOWN), other),
                    () -> assertFalse(sign.contains(KNOWN), sign));
        }
    }
}
