package dlcourse.cnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.nn.Layer;
import dlcourse.tensor.Tensor;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolingTest {
    /** One image of one channel. */
    private static Tensor image(double[][] rows) {
        return Tensor.of(new double[][][][] {{rows}});
    }

    private static final Tensor SLIDE_60 = image(new double[][] {{1, 4, 1, 6}, {2, 1, 0, 9}, {1, 2, 7, 1}, {4, 1, 0, 0}});

    @Nested
    @DisplayName("the lecture's examples")
    class LectureExamples {
        @Test
        @DisplayName("2x2 stride 2 on the 4x4 grid: average [[2,4],[2,2]], max [[4,9],[4,7]]")
        void averageAndMax() {
            assertAll(
                    () -> assertEquals(image(new double[][] {{2, 4}, {2, 2}}),
                            AvgPool2d.of(2, 2, Padding.VALID).forward(SLIDE_60)),
                    () -> assertEquals(image(new double[][] {{4, 9}, {4, 7}}),
                            MaxPool2d.of(2, 2, Padding.VALID).forward(SLIDE_60)));
        }

        @Test
        @DisplayName("2x2 stride 1 SAME average on 1..9 divides by the real cells: [[3,4,4.5],[6,7,7.5],[7.5,8.5,9]]")
        void averageSame() {
            Tensor x = image(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
            assertEquals(image(new double[][] {{3, 4, 4.5}, {6, 7, 7.5}, {7.5, 8.5, 9}}),
                    AvgPool2d.of(2, 1, Padding.SAME).forward(x));
        }

        @Test
        @DisplayName("2x2 stride 1 VALID average on 1..9 gives the 2x2 of the unpadded slides")
        void averageValid() {
            Tensor x = image(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
            assertEquals(image(new double[][] {{3, 4}, {6, 7}}), AvgPool2d.of(2, 1, Padding.VALID).forward(x));
        }

        @Test
        @DisplayName("3x3 stride 2 SAME max on the 3x5 grid 1..15 starts with 7, 9")
        void maxSame() {
            Tensor x = image(new double[][] {{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}, {11, 12, 13, 14, 15}});
            Tensor y = MaxPool2d.of(3, 2, Padding.SAME).forward(x);
            assertAll(
                    () -> assertArrayEquals(new int[] {1, 1, 2, 3}, y.shape()),
                    () -> assertEquals(7, y.get(0, 0, 0, 0)),
                    () -> assertEquals(9, y.get(0, 0, 0, 1)),
                    () -> assertEquals(image(new double[][] {{7, 9, 10}, {12, 14, 15}}), y));
        }
    }

    @Nested
    @DisplayName("padding")
    class PaddingRules {
        @Test
        @DisplayName("max pooling ignores padded cells: a window of negatives stays negative")
        void maxIgnoresPadding() {
            Tensor x = image(new double[][] {{-1, -2, -3}, {-4, -5, -6}, {-7, -8, -9}});
            assertEquals(image(new double[][] {{-1, -2, -3}, {-4, -5, -6}, {-7, -8, -9}}),
                    MaxPool2d.of(2, 1, Padding.SAME).forward(x),
                    "each window's maximum of real cells is its top-left cell here, never a padded 0");
        }

        @ParameterizedTest(name = "{0}x{1} input, window {2}, stride {3}, SAME: {4}x{5}")
        @CsvSource({"3, 3, 2, 1, 3, 3", "3, 5, 3, 2, 2, 3", "28, 28, 2, 2, 14, 14", "7, 7, 2, 2, 4, 4"})
        @DisplayName("SAME gives ceil(H / stride) outputs")
        void sameShape(int h, int w, int window, int stride, int outH, int outW) {
            Tensor x = Tensor.randn(new Random(1), 1, 2, 3, h, w);
            assertAll(
                    () -> assertArrayEquals(new int[] {2, 3, outH, outW},
                            MaxPool2d.of(window, stride, Padding.SAME).forward(x).shape()),
                    () -> assertArrayEquals(new int[] {2, 3, outH, outW},
                            AvgPool2d.of(window, stride, Padding.SAME).forward(x).shape()));
        }

        @Test
        @DisplayName("explicit padding as wide as the window is refused, since a window would hold no real cell")
        void tooMuchPadding() {
            Tensor x = Tensor.zeros(1, 1, 4, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AvgPool2d.of(2, 2, Padding.explicit(2)).forward(x));
            assertTrue(e.getMessage().contains("wholly in the padding"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("the fast path")
    class FastPath {
        @ParameterizedTest(name = "window {0}, stride {1}, padding {2}")
        @CsvSource({"2, 2, valid", "2, 1, same", "3, 2, same", "3, 2, 1", "2, 3, valid", "3, 3, same"})
        @DisplayName("equals the plain loops forward and backward, for max and average pooling")
        void equalsLoops(int window, int stride, String paddingName) {
            Padding padding = switch (paddingName) {
                case "valid" -> Padding.VALID;
                case "same" -> Padding.SAME;
                default -> Padding.explicit(Integer.parseInt(paddingName));
            };
            Tensor x = Tensor.randn(new Random(6), 1, 3, 2, 9, 7);
            MaxPool2d max = MaxPool2d.of(window, stride, padding);
            AvgPool2d avg = AvgPool2d.of(window, stride, padding);
            Tensor maxFast = max.forward(x);
            Tensor dY = Tensor.randn(new Random(7), 1, maxFast.shape());
            Tensor dXMaxFast = max.backward(dY);
            Tensor avgFast = avg.forward(x);
            Tensor dXAvgFast = avg.backward(dY);
            assertAll(
                    () -> assertEquals(max.forwardLoops(x), maxFast),
                    () -> assertEquals(max.backwardLoops(dY), dXMaxFast),
                    () -> assertTrue(avg.forwardLoops(x).allClose(avgFast, 1e-14)),
                    () -> assertTrue(avg.backwardLoops(dY).allClose(dXAvgFast, 1e-14)));
        }
    }

    @Test
    @DisplayName("the fast path equals the loops on a batch large enough to be split between threads")
    void fastPathLargeBatch() {
        Tensor x = Tensor.randn(new Random(8), 1, 40, 6, 28, 28);
        MaxPool2d max = MaxPool2d.of(2, 2, Padding.VALID);
        AvgPool2d avg = AvgPool2d.of(3, 2, Padding.SAME);
        Tensor maxY = max.forward(x);
        Tensor dYMax = Tensor.randn(new Random(9), 1, maxY.shape());
        Tensor dXMax = max.backward(dYMax);
        Tensor avgY = avg.forward(x);
        Tensor dYAvg = Tensor.randn(new Random(10), 1, avgY.shape());
        Tensor dXAvg = avg.backward(dYAvg);
        assertAll(
                () -> assertEquals(max.forwardLoops(x), maxY),
                () -> assertEquals(max.backwardLoops(dYMax), dXMax),
                () -> assertTrue(avg.forwardLoops(x).allClose(avgY, 1e-14)),
                () -> assertTrue(avg.backwardLoops(dYAvg).allClose(dXAvg, 1e-14)));
    }

    @Nested
    @DisplayName("backward")
    class Backward {
        @Test
        @DisplayName("max pooling sends each gradient to the window's winner only")
        void maxRoutesToWinner() {
            MaxPool2d pool = MaxPool2d.of(2, 2, Padding.VALID);
            pool.forward(SLIDE_60);
            Tensor dX = pool.backward(image(new double[][] {{10, 20}, {30, 40}}));
            assertEquals(image(new double[][] {{0, 10, 0, 0}, {0, 0, 0, 20}, {0, 0, 40, 0}, {30, 0, 0, 0}}), dX);
        }

        @Test
        @DisplayName("SAME average pooling shares a border window's gradient among its real cells")
        void averageSharesByRealCells() {
            AvgPool2d pool = AvgPool2d.of(2, 1, Padding.SAME);
            pool.forward(image(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}));
            Tensor dY = image(new double[][] {{0, 0, 0}, {0, 0, 0}, {0, 0, 1}});
            // the bottom-right window holds only the cell 9
            assertEquals(image(new double[][] {{0, 0, 0}, {0, 0, 0}, {0, 0, 1}}), pool.backward(dY));
        }

        @ParameterizedTest(name = "window {0}, stride {1}, padding {2}")
        @CsvSource({"2, 2, valid", "2, 1, same", "3, 2, same", "3, 2, 1", "2, 3, valid"})
        @DisplayName("max and average pooling pass the gradient check")
        void gradientCheck(int window, int stride, String paddingName) {
            Padding padding = switch (paddingName) {
                case "valid" -> Padding.VALID;
                case "same" -> Padding.SAME;
                default -> Padding.explicit(Integer.parseInt(paddingName));
            };
            Tensor x = Tensor.randn(new Random(3), 1, 2, 2, 7, 6);
            assertAll(
                    () -> check("MaxPool2d", () -> MaxPool2d.of(window, stride, padding), x),
                    () -> check("AvgPool2d", () -> AvgPool2d.of(window, stride, padding), x));
        }

        private void check(String what, Supplier<Layer> pool, Tensor x) {
            Layer layer = pool.get();
            Tensor y = layer.forward(x);
            Tensor dY = Tensor.randn(new Random(4), 1, y.shape());
            GradientCheck.assertBackward(what + " dX", in -> pool.get().forward(in), x, dY, layer.backward(dY));
        }

        @Test
        @DisplayName("backward before forward says to call forward first")
        void backwardFirst() {
            assertAll(
                    () -> assertThrows(IllegalStateException.class,
                            () -> MaxPool2d.of(2, 2, Padding.VALID).backward(Tensor.zeros(1, 1, 1, 1))),
                    () -> assertThrows(IllegalStateException.class,
                            () -> AvgPool2d.of(2, 2, Padding.VALID).backward(Tensor.zeros(1, 1, 1, 1))));
        }
    }
}
