package dlcourse.cnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.cnn.experiments.ShiftSensitivity;
import dlcourse.cnn.experiments.WeightSharing;
import dlcourse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tech.tablesaw.api.Table;

class FeaturesTest {
    /** A grey image [1, 1, 8, 8] that is 0 left of column {@code edge} and 1 from it on. */
    private static Tensor verticalEdge(int edge) {
        double[][][][] image = new double[1][1][8][8];
        for (int y = 0; y < 8; y++) {
            for (int x = edge; x < 8; x++) {
                image[0][0][y][x] = 1;
            }
        }
        return Tensor.of(image);
    }

    @Nested
    @DisplayName("Sobel filters")
    class SobelFilters {
        @Test
        @DisplayName("Gx answers a vertical edge with 4 beside it and 0 far from it; Gy stays 0 inside the image")
        void verticalEdgeResponse() {
            Tensor responses = Sobel.layer().forward(verticalEdge(4));
            assertAll(
                    () -> assertEquals(4, responses.get(0, 0, 3, 3)),
                    () -> assertEquals(4, responses.get(0, 0, 3, 4)),
                    () -> assertEquals(0, responses.get(0, 0, 3, 1)),
                    () -> assertEquals(0, responses.get(0, 0, 3, 6)),
                    () -> assertEquals(0, responses.get(0, 1, 3, 4)));
        }

        @Test
        @DisplayName("Gy is the transpose of Gx, and the magnitude of an edge turned by 90 degrees is the same")
        void rotation() {
            Tensor vertical = verticalEdge(4);
            double[][][][] turned = new double[1][1][8][8];
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    turned[0][0][y][x] = vertical.get(0, 0, x, y);
                }
            }
            Tensor a = Sobel.magnitude(vertical);
            Tensor b = Sobel.magnitude(Tensor.of(turned));
            assertAll(
                    () -> assertEquals(Sobel.gx().transpose(), Sobel.gy()),
                    () -> assertEquals(a.get(0, 0, 3, 4), b.get(0, 0, 4, 3)),
                    () -> assertEquals(a.sum(), b.sum(), 1e-12));
        }
    }

    @Nested
    @DisplayName("contrast normalization")
    class Normalization {
        private final Tensor maps = Tensor.randn(new Random(1), 3, 2, 3, 4, 5).plus(7);

        @Test
        @DisplayName("within maps: every map of every image has mean 0 and variance 1")
        void withinMaps() {
            Tensor y = ContrastNorm.withinMaps().withEps(1e-12).forward(maps);
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 3; c++) {
                    double sum = 0;
                    double squares = 0;
                    for (int i = 0; i < 4; i++) {
                        for (int j = 0; j < 5; j++) {
                            sum += y.get(n, c, i, j);
                            squares += y.get(n, c, i, j) * y.get(n, c, i, j);
                        }
                    }
                    double mean = sum / 20;
                    double variance = squares / 20 - mean * mean;
                    assertEquals(0, mean, 1e-12, "mean of map " + c + " of image " + n);
                    assertEquals(1, variance, 1e-9, "variance of map " + c + " of image " + n);
                }
            }
        }

        @Test
        @DisplayName("across maps: at every position the C values have mean 0 and variance 1")
        void acrossMaps() {
            Tensor y = ContrastNorm.acrossMaps().withEps(1e-12).forward(maps);
            for (int n = 0; n < 2; n++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 5; j++) {
                        double a = y.get(n, 0, i, j);
                        double b = y.get(n, 1, i, j);
                        double c = y.get(n, 2, i, j);
                        assertEquals(0, (a + b + c) / 3, 1e-12);
                        assertEquals(1, (a * a + b * b + c * c) / 3, 1e-6);
                    }
                }
            }
        }

        @Test
        @DisplayName("equalizes: a map and the same map dimmed and shifted come out the same")
        void equalizes() {
            Tensor bright = Tensor.randn(new Random(2), 1, 1, 1, 6, 6);
            Tensor dim = bright.times(0.1).plus(-3);
            ContrastNorm norm = ContrastNorm.withinMaps().withEps(1e-12);
            assertTrue(norm.forward(bright).allClose(norm.forward(dim), 1e-9));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"within", "across"})
        @DisplayName("backward passes the gradient check")
        void gradientCheck(String scope) {
            ContrastNorm norm = scope.equals("within") ? ContrastNorm.withinMaps() : ContrastNorm.acrossMaps();
            Tensor x = Tensor.randn(new Random(3), 1, 2, 3, 3, 4);
            Tensor y = norm.forward(x);
            Tensor dY = Tensor.randn(new Random(4), 1, y.shape());
            Tensor dX = norm.backward(dY);
            GradientCheck.assertBackward("ContrastNorm " + scope, in -> norm.forward(in), x, dY, dX);
        }
    }

    @Nested
    @DisplayName("a small shift")
    class SmallShift {
        @Test
        @DisplayName("shift moves content and fills the border with zeros")
        void shift() {
            Tensor x = Tensor.of(new double[][][][] {{{{1, 2}, {3, 4}}}});
            assertAll(
                    () -> assertEquals(Tensor.of(new double[][][][] {{{{0, 1}, {0, 3}}}}), ShiftSensitivity.shift(x, 0, 1)),
                    () -> assertEquals(Tensor.of(new double[][][][] {{{{3, 4}, {0, 0}}}}), ShiftSensitivity.shift(x, -1, 0)));
        }

        @Test
        @DisplayName("moving a thin line by one pixel changes every lit pixel, but not the pooled edge features")
        void bigDifferenceFromSmallShift() {
            // a line in column 5: its edges (columns 4 to 6, then 5 to 7) stay inside the 4x4 pooling window 4..7
            double[][][][] line = new double[1][1][16][16];
            for (int y = 2; y < 14; y++) {
                line[0][0][y][5] = 1;
            }
            ShiftSensitivity.Change change = ShiftSensitivity.measure(Tensor.of(line), 0, 1, 4);
            assertAll(
                    // every lit pixel moved: ||shifted - x|| / ||x|| = sqrt(2 * 12) / sqrt(12)
                    () -> assertEquals(Math.sqrt(2), change.pixels(), 1e-12),
                    () -> assertTrue(change.features() < 0.1 * change.pixels(), change.toString()));
        }

        @Test
        @DisplayName("without pooling (window 1) the edge features move as much as the pixels")
        void noPooling() {
            double[][][][] line = new double[1][1][16][16];
            for (int y = 2; y < 14; y++) {
                line[0][0][y][6] = 1;
            }
            ShiftSensitivity.Change change = ShiftSensitivity.measure(Tensor.of(line), 0, 1, 1);
            assertTrue(change.features() > 0.5, change.toString());
        }
    }

    @Nested
    @DisplayName("weight sharing")
    class Sharing {
        @Test
        @DisplayName("six 5x5 filters on a 32x32 image: 4,821,600 fully connected, 122,304 locally connected, 156 convolution")
        void lectureExample() {
            WeightSharing.Comparison c = WeightSharing.compare(32, 32, 1, 5, 6);
            assertAll(
                    () -> assertEquals(1024L * 4704, c.fullyConnected().weights()),
                    () -> assertEquals(4_821_600L, c.fullyConnected().parameters()),
                    () -> assertEquals(28L * 28 * 6 * 25, c.locallyConnected().weights()),
                    () -> assertEquals(122_304L, c.locallyConnected().parameters()),
                    () -> assertEquals(156L, c.convolution().parameters()),
                    () -> assertEquals(Conv2d.create(new Random(1), 1, 6, 5, 1, Padding.VALID).parameters().stream()
                            .mapToLong(p -> p.count()).sum(), c.convolution().parameters()));
        }

        @Test
        @DisplayName("gives a table of layer, weights, biases, parameters")
        void table() {
            Table t = WeightSharing.compare(32, 32, 1, 5, 6).table();
            assertAll(
                    () -> assertEquals(3, t.rowCount()),
                    () -> assertEquals("convolution", t.stringColumn("layer").get(2)),
                    () -> assertEquals(156L, t.longColumn("parameters").get(2)));
        }

        @Test
        @DisplayName("refuses a kernel larger than the image")
        void tooLarge() {
            assertThrows(IllegalArgumentException.class, () -> WeightSharing.compare(3, 3, 1, 5, 6));
        }
    }
}
