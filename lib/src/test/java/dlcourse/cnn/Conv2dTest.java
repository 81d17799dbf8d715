package dlcourse.cnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.tensor.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2dTest {

    @Nested
    @DisplayName("output size")
    class OutputSize {
        @Test
        @DisplayName("six 5x5 filters over a 32x32 image give 28x28x6, as on the slide")
        void lectureExample() {
            Conv2d conv = Conv2d.create(new Random(1), 1, 6, 5, 1, Padding.VALID);
            Tensor y = conv.forward(Tensor.randn(new Random(2), 1, 1, 1, 32, 32));
            assertAll(
                    () -> assertArrayEquals(new int[] {1, 6, 28, 28}, y.shape()),
                    () -> assertArrayEquals(new int[] {1, 6, 28, 28}, conv.outputShape(1, 1, 32, 32)));
        }

        @ParameterizedTest(name = "H={0}, K={1}, stride {2}, {3} padding: OH={4}")
        @CsvSource({
                "32, 5, 1, valid, 28",
                "7, 3, 2, valid, 3",
                "8, 3, 2, valid, 3",
                "7, 3, 2, same, 4",
                "8, 3, 2, same, 4",
                "5, 3, 1, same, 5",
                "5, 3, 1, 1, 5",
                "7, 3, 2, 1, 4",
                "6, 5, 3, 2, 2"})
        @DisplayName("follows OH = floor((H + top + bottom - KH) / s) + 1")
        void formula(int h, int k, int stride, String padding, int expected) {
            Padding p = switch (padding) {
                case "valid" -> Padding.VALID;
                case "same" -> Padding.SAME;
                default -> Padding.explicit(Integer.parseInt(padding));
            };
            Conv2d conv = Conv2d.create(new Random(1), 2, 3, k, stride, p);
            Tensor y = conv.forward(Tensor.randn(new Random(2), 1, 2, 2, h, h));
            assertArrayEquals(new int[] {2, 3, expected, expected}, y.shape());
        }
    }

    @Nested
    @DisplayName("forward")
    class Forward {
        @Test
        @DisplayName("computes b + the sum of filter times patch, by hand on a 3x3 image")
        void byHand() {
            Tensor x = Tensor.of(new double[][][][] {{{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}}});
            // one 2x2 filter [[1, 0], [0, -1]] and bias 10: y = 10 + x[y][x] - x[y+1][x+1]
            Tensor W = Tensor.of(new double[][][][] {{{{1, 0}, {0, -1}}}});
            Conv2d conv = Conv2d.withWeights(W, Tensor.of(10), 1, Padding.VALID);
            Tensor expected = Tensor.of(new double[][][][] {{{{6, 6}, {6, 6}}}});
            assertAll(
                    () -> assertEquals(expected, conv.forward(x)),
                    () -> assertEquals(expected, conv.forwardLoops(x)));
        }

        @Test
        @DisplayName("with SAME padding and stride 2 sees zeros beyond the bottom-right border")
        void samePaddingByHand() {
            Tensor x = Tensor.of(new double[][][][] {{{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}}});
            // 2x2 box filter, stride 2, SAME: OH = ceil(3/2) = 2, total padding (2-1)*2 + 2 - 3 = 1, at the bottom/right
            Tensor W = Tensor.full(1.0, 1, 1, 2, 2);
            Conv2d conv = Conv2d.withWeights(W, Tensor.of(0), 2, Padding.SAME);
            Tensor expected = Tensor.of(new double[][][][] {{{{1 + 2 + 4 + 5, 3 + 6}, {7 + 8, 9}}}});
            assertAll(
                    () -> assertEquals(expected, conv.forward(x)),
                    () -> assertEquals(expected, conv.forwardLoops(x)));
        }
    }

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of(1, Padding.VALID),
                Arguments.of(2, Padding.VALID),
                Arguments.of(1, Padding.SAME),
                Arguments.of(2, Padding.SAME),
                Arguments.of(3, Padding.SAME),
                Arguments.of(2, Padding.explicit(1)),
                Arguments.of(1, Padding.explicit(2, 1)));
    }

    @Nested
    @DisplayName("the im2col fast path")
    class FastPath {
        @ParameterizedTest(name = "stride {0}, {1} padding")
        @MethodSource("dlcourse.cnn.Conv2dTest#settings")
        @DisplayName("equals the plain loops forward and backward on random inputs, short (3x3x3) and long (8x3x3) filters")
        void equalsLoops(int stride, Padding padding) {
            for (int channels : new int[] {3, 8}) { // K = 27 and 72 weights take the two ways of computing dW
                equalsLoops(stride, padding, channels);
            }
        }

        private void equalsLoops(int stride, Padding padding, int channels) {
            Random rng = new Random(stride * 31L + padding.hashCode());
            Conv2d conv = Conv2d.create(rng, channels, 4, 3, stride, padding);
            conv.parameters().get(1).setValue(Tensor.randn(rng, 1, 4));
            Tensor x = Tensor.randn(rng, 1, 5, channels, 9, 8);
            Tensor fast = conv.forward(x);
            Tensor dY = Tensor.randn(rng, 1, fast.shape());
            Tensor dXFast = conv.backward(dY);
            Tensor dWFast = conv.parameters().get(0).grad();
            Tensor dbFast = conv.parameters().get(1).grad();
            Tensor loops = conv.forwardLoops(x);
            Tensor dXLoops = conv.backwardLoops(dY);
            assertAll(
                    () -> assertTrue(fast.allClose(loops, 1e-12), "forward differs"),
                    () -> assertTrue(dXFast.allClose(dXLoops, 1e-12), "dX differs"),
                    () -> assertTrue(dWFast.allClose(conv.parameters().get(0).grad(), 1e-12), "dW differs"),
                    () -> assertTrue(dbFast.allClose(conv.parameters().get(1).grad(), 1e-12), "db differs"));
        }

        @Test
        @DisplayName("equals the loops with a non-square 3x2 kernel, stride 2 and SAME padding")
        void nonSquareKernel() {
            Random rng = new Random(21);
            Conv2d conv = Conv2d.withWeights(Tensor.randn(rng, 1, 4, 3, 3, 2), Tensor.randn(rng, 1, 4), 2, Padding.SAME);
            Tensor x = Tensor.randn(rng, 1, 3, 3, 7, 6);
            Tensor fast = conv.forward(x);
            Tensor dY = Tensor.randn(rng, 1, fast.shape());
            Tensor dXFast = conv.backward(dY);
            Tensor dWFast = conv.parameters().get(0).grad();
            Tensor loops = conv.forwardLoops(x);
            Tensor dXLoops = conv.backwardLoops(dY);
            assertAll(
                    () -> assertArrayEquals(new int[] {3, 4, 4, 3}, fast.shape()),
                    () -> assertTrue(fast.allClose(loops, 1e-12), "forward differs"),
                    () -> assertTrue(dXFast.allClose(dXLoops, 1e-12), "dX differs"),
                    () -> assertTrue(dWFast.allClose(conv.parameters().get(0).grad(), 1e-12), "dW differs"));
        }

        @Test
        @DisplayName("equals the loops on a batch large enough to be split between threads")
        void largeBatch() {
            Random rng = new Random(5);
            Conv2d conv = Conv2d.create(rng, 6, 16, 5, 1, Padding.VALID);
            Tensor x = Tensor.randn(rng, 1, 37, 6, 14, 14);
            Tensor fast = conv.forward(x);
            Tensor dY = Tensor.randn(rng, 1, fast.shape());
            Tensor dXFast = conv.backward(dY);
            Tensor dWFast = conv.parameters().get(0).grad();
            Tensor loops = conv.forwardLoops(x);
            Tensor dXLoops = conv.backwardLoops(dY);
            assertAll(
                    () -> assertTrue(fast.allClose(loops, 1e-10), "forward differs"),
                    () -> assertTrue(dXFast.allClose(dXLoops, 1e-10), "dX differs"),
                    () -> assertTrue(dWFast.allClose(conv.parameters().get(0).grad(), 1e-9), "dW differs"));
        }
    }

    @Nested
    @DisplayName("backward")
    class Backward {
        @ParameterizedTest(name = "stride {0}, {1} padding")
        @MethodSource("dlcourse.cnn.Conv2dTest#settings")
        @DisplayName("dX, dW and db pass the gradient check")
        void gradientCheck(int stride, Padding padding) {
            Random rng = new Random(11);
            Tensor W = Tensor.randn(rng, 0.5, 3, 2, 3, 3);
            Tensor b = Tensor.randn(rng, 0.5, 3);
            Tensor x = Tensor.randn(rng, 1, 2, 2, 6, 5);
            Conv2d conv = Conv2d.withWeights(W, b, stride, padding);
            Tensor y = conv.forward(x);
            Tensor dY = Tensor.randn(rng, 1, y.shape());
            Tensor dX = conv.backward(dY);
            Tensor dW = conv.parameters().get(0).grad();
            Tensor db = conv.parameters().get(1).grad();
            assertAll(
                    () -> GradientCheck.assertBackward("Conv2d dX", in -> Conv2d.withWeights(W, b, stride, padding)
                            .forward(in), x, dY, dX),
                    () -> GradientCheck.assertBackward("Conv2d dW", w -> Conv2d.withWeights(w, b, stride, padding)
                            .forward(x), W, dY, dW),
                    () -> GradientCheck.assertBackward("Conv2d db", bias -> Conv2d.withWeights(W, bias, stride, padding)
                            .forward(x), b, dY, db));
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {
        @Test
        @DisplayName("a wrong number of channels names the operation, expected and actual shape")
        void wrongChannels() {
            Conv2d conv = Conv2d.create(new Random(1), 3, 4, 3, 1, Padding.VALID);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> conv.forward(Tensor.zeros(2, 1, 8, 8)));
            assertAll(
                    () -> assertTrue(e.getMessage().contains("Conv2d.forward"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("[*, 3, *, *]"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("[2, 1, 8, 8]"), e.getMessage()));
        }

        @Test
        @DisplayName("a filter larger than the image with VALID padding is refused with a hint")
        void tooSmall() {
            Conv2d conv = Conv2d.create(new Random(1), 1, 1, 5, 1, Padding.VALID);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> conv.forward(Tensor.zeros(1, 1, 3, 3)));
            assertTrue(e.getMessage().contains("does not fit a 3x3 input"), e.getMessage());
        }

        @Test
        @DisplayName("backward before forward says to call forward first")
        void backwardFirst() {
            Conv2d conv = Conv2d.create(new Random(1), 1, 1, 3, 1, Padding.VALID);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> conv.backward(Tensor.zeros(1, 1, 1, 1)));
            assertTrue(e.getMessage().contains("forward first"), e.getMessage());
        }

        @Test
        @DisplayName("a dY of the wrong shape is refused")
        void wrongDy() {
            Conv2d conv = Conv2d.create(new Random(1), 1, 2, 3, 1, Padding.VALID);
            conv.forward(Tensor.zeros(1, 1, 5, 5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> conv.backward(Tensor.zeros(1, 2, 5, 5)));
            assertTrue(e.getMessage().contains("expected shape [1, 2, 3, 3] but got [1, 2, 5, 5]"), e.getMessage());
        }
    }
}
