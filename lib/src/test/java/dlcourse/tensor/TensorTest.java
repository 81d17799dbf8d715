package dlcourse.tensor;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TensorTest {

    private static int[] parseInts(String text) {
        return java.util.Arrays.stream(text.replaceAll("[\\[\\]() ]", "").split(",")).mapToInt(Integer::parseInt).toArray();
    }

    @Nested
    class Arithmetic {
        @Test
        @DisplayName("matmul of [2, 3] and [3, 2] is the textbook product")
        void matmulSmall() {
            Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
            Tensor b = Tensor.of(new double[][] {{7, 8}, {9, 10}, {11, 12}});
            assertEquals(Tensor.of(new double[][] {{58, 64}, {139, 154}}), a.matmul(b));
        }

        @Test
        @DisplayName("the parallel fast path equals the reference triple loop on a large product")
        void matmulFastPathEqualsReference() {
            Random rng = new Random(7);
            Tensor a = Tensor.randn(rng, 1, 97, 131);
            Tensor b = Tensor.randn(rng, 1, 131, 53);
            double[][] reference = new double[97][53];
            for (int i = 0; i < 97; i++) {
                for (int j = 0; j < 53; j++) {
                    for (int p = 0; p < 131; p++) {
                        reference[i][j] += a.get(i, p) * b.get(p, j);
                    }
                }
            }
            assertTrue(a.matmul(b).allClose(Tensor.of(reference), 1e-10));
        }

        @Test
        @DisplayName("operations never change their inputs")
        void immutability() {
            Tensor x = Tensor.of(1, 2, 3);
            x.plus(x).times(2.0).map(Math::exp);
            assertEquals(Tensor.of(1, 2, 3), x);
        }

        @Test
        @DisplayName("plusRow adds the bias to every row; sum(0) adds the rows up")
        void broadcastAndReduce() {
            Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
            assertAll(
                    () -> assertEquals(Tensor.of(new double[][] {{11, 22}, {13, 24}}), x.plusRow(Tensor.of(10, 20))),
                    () -> assertEquals(Tensor.of(4, 6), x.sum(0)),
                    () -> assertEquals(Tensor.of(3, 7), x.sum(1)),
                    () -> assertArrayEquals(new int[] {1, 1}, x.argmaxRows()),
                    () -> assertEquals(Tensor.of(new double[][] {{1, 3}, {2, 4}}), x.transpose()));
        }

        @Test
        @DisplayName("concatColumns puts [h, x] side by side and columns() takes them apart")
        void concat() {
            Tensor h = Tensor.of(new double[][] {{1, 2}, {3, 4}});
            Tensor x = Tensor.of(new double[][] {{5}, {6}});
            Tensor hx = Tensor.concatColumns(h, x);
            assertAll(
                    () -> assertEquals(Tensor.of(new double[][] {{1, 2, 5}, {3, 4, 6}}), hx),
                    () -> assertEquals(h, hx.columns(0, 2)),
                    () -> assertEquals(x, hx.columns(2, 3)));
        }
    }

    @Nested
    class Errors {
        @Test
        @DisplayName("a shape mismatch names the operation, the expected and the actual shape")
        void shapeMismatch() {
            Tensor a = Tensor.zeros(2, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(Tensor.zeros(2, 3)));
            assertAll(
                    () -> assertTrue(e.getMessage().startsWith("matmul:"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("3 rows"), e.getMessage()));
            IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> a.plus(Tensor.zeros(3, 2)));
            assertEquals("plus: expected shape [2, 3] (the left operand's) but got [3, 2]", p.getMessage());
        }

        @ParameterizedTest(name = "get{0} on {1}")
        @CsvSource(delimiter = ';', value = {
                "(0, 3);       [2, 3];       get(i, j): index 3 is outside axis 1 of shape [2, 3]",
                "(2, 0);       [2, 3];       get(i, j): index 2 is outside axis 0 of shape [2, 3]",
                "(0, -1);      [2, 3];       get(i, j): index -1 is outside axis 1 of shape [2, 3]",
                "(0, 0, 4);    [2, 3, 4];    get(i, j, k): index 4 is outside axis 2 of shape [2, 3, 4]",
                "(0, 3, 0);    [2, 3, 4];    get(i, j, k): index 3 is outside axis 1 of shape [2, 3, 4]",
                "(0, 2, 0, 0); [1, 2, 3, 3]; get(n, c, y, x): index 2 is outside axis 1 of shape [1, 2, 3, 3]",
                "(0, 0, 0, 3); [1, 2, 3, 3]; get(n, c, y, x): index 3 is outside axis 3 of shape [1, 2, 3, 3]",
                "(1, 0, 0, 0); [1, 2, 3, 3]; get(n, c, y, x): index 1 is outside axis 0 of shape [1, 2, 3, 3]"})
        @DisplayName("an index outside its axis is rejected even when the flat position exists")
        void indexOutsideAxis(String index, String shape, String message) {
            int[] at = parseInts(index);
            Tensor t = Tensor.zeros(parseInts(shape));
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> {
                switch (at.length) {
                    case 2 -> t.get(at[0], at[1]);
                    case 3 -> t.get(at[0], at[1], at[2]);
                    default -> t.get(at[0], at[1], at[2], at[3]);
                }
            });
            assertTrue(e.getMessage().startsWith(message), e.getMessage());
        }

        @Test
        @DisplayName("indices inside their axes read the right element")
        void indexInside() {
            Tensor t = Tensor.wrap(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
            Tensor images = Tensor.wrap(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, 1, 2, 2, 2);
            assertAll(
                    () -> assertEquals(5, t.get(1, 2)),
                    () -> assertEquals(3, t.get(1, 0)),
                    () -> assertEquals(6, images.get(0, 1, 1, 0)),
                    () -> assertEquals(5, Tensor.wrap(new double[] {0, 1, 2, 3, 4, 5}, 1, 2, 3).get(0, 1, 2)));
        }

        @Test
        @DisplayName("uneven nested images are rejected, naming the image, channel and counts")
        void unevenImages() {
            double[][][][] fewerChannels = {new double[2][2][2], new double[1][2][2]};
            double[][][][] fewerRows = {new double[2][2][2], {new double[2][2], new double[3][2]}};
            IllegalArgumentException channels = assertThrows(IllegalArgumentException.class, () -> Tensor.of(fewerChannels));
            IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> Tensor.of(fewerRows));
            assertAll(
                    () -> assertEquals("Tensor.of: image 1 has 1 channels, expected 2 like image 0", channels.getMessage()),
                    () -> assertEquals("Tensor.of: image 1, channel 1 has 3 rows, expected 2 like image 0, channel 0",
                            rows.getMessage()),
                    () -> assertArrayEquals(new int[] {2, 2, 2, 2}, Tensor.of(new double[2][2][2][2]).shape()));
        }

        @Test
        @DisplayName("plusRow takes a row [D] or [1, D], not a column [D, 1]")
        void plusRowShape() {
            Tensor m = Tensor.zeros(3, 2);
            Tensor expected = Tensor.of(new double[][] {{1, 2}, {1, 2}, {1, 2}});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.plusRow(Tensor.of(new double[][] {{1}, {2}})));
            assertAll(
                    () -> assertEquals(expected, m.plusRow(Tensor.of(1, 2))),
                    () -> assertEquals(expected, m.plusRow(Tensor.of(new double[][] {{1, 2}}))),
                    () -> assertEquals("plusRow: expected a row vector of shape [2] or [1, 2] for a matrix [3, 2] but got"
                            + " shape [2, 1]", e.getMessage()));
        }

        @Test
        @DisplayName("requireShape treats -1 as any length")
        void requireShape() {
            Tensor x = Tensor.zeros(4, 784);
            assertEquals(x, x.requireShape("Dense.forward", -1, 784));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> x.requireShape("Dense.forward", -1, 10));
            assertEquals("Dense.forward: expected shape [*, 10] but got [4, 784]", e.getMessage());
        }
    }

    @Nested
    @DisplayName("image borders and row scaling")
    class BordersAndRows {
        @Test
        @DisplayName("padImages puts a border of zeros around each plane, and cropImages takes it off again")
        void padAndCrop() {
            Tensor images = Tensor.of(new double[][][][] {{{{1, 2}, {3, 4}}}, {{{5, 6}, {7, 8}}}});
            Tensor padded = images.padImages(1);
            assertAll(
                    () -> assertArrayEquals(new int[] {2, 1, 4, 4}, padded.shape()),
                    () -> assertEquals(1, padded.get(0, 0, 1, 1)),
                    () -> assertEquals(8, padded.get(1, 0, 2, 2)),
                    () -> assertEquals(0, padded.get(1, 0, 0, 3)),
                    () -> assertEquals(36, padded.sum()),
                    () -> assertEquals(images, padded.cropImages(1)));
        }

        @Test
        @DisplayName("cropImages refuses a border larger than half the image and names the shape")
        void cropTooMuch() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.zeros(1, 1, 4, 4).cropImages(3));
            assertTrue(e.getMessage().contains("[1, 1, 4, 4]"), e.getMessage());
        }

        @Test
        @DisplayName("atLeast(0) is max(0, x) with NaN to 0, and wherePositive passes values where the gate is > 0")
        void reluParts() {
            Tensor x = Tensor.of(-2, 0, 3, Double.NaN);
            assertAll(
                    () -> assertEquals(Tensor.of(0, 0, 3, 0), x.atLeast(0)),
                    () -> assertEquals(Tensor.of(0, 0, 7, 0), Tensor.of(5, 6, 7, 8).wherePositive(x)),
                    () -> assertThrows(IllegalArgumentException.class, () -> x.wherePositive(Tensor.zeros(3))));
            // large enough to be split over the cores: the same as element by element
            Tensor big = Tensor.randn(new Random(3), 1, 300, 500);
            assertEquals(big.map(v -> v > 0 ? v : 0), big.atLeast(0));
            assertEquals(big.zipWith(big, (g, v) -> v > 0 ? g : 0, "check"), big.wherePositive(big));
        }

        @Test
        @DisplayName("scaleRows multiplies row i by factor i: diag(f) A")
        void scaleRows() {
            Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
            assertEquals(Tensor.of(new double[][] {{2, 4}, {-3, -4}}), a.scaleRows(Tensor.of(2, -1)));
            assertThrows(IllegalArgumentException.class, () -> a.scaleRows(Tensor.of(1, 2, 3)));
        }
    }

    @Nested
    class Printing {
        @Test
        @DisplayName("prints like a NumPy array, shape first, rows aligned")
        void smallMatrix() {
            Tensor x = Tensor.of(new double[][] {{1, -2}, {3, 4}});
            assertEquals("Tensor[2, 2]\n[[ 1.0000, -2.0000],\n [ 3.0000,  4.0000]]", x.toString());
        }

        @Test
        @DisplayName("long axes are elided with ...")
        void elided() {
            String s = Tensor.zeros(100).toString();
            assertEquals("Tensor[100]\n[0.0000, 0.0000, 0.0000, ..., 0.0000, 0.0000, 0.0000]", s);
            String big = Tensor.zeros(64, 784).toString();
            assertTrue(big.lines().count() == 8, big);
        }
    }

    @Nested
    class FastPaths {
        @Test
        @DisplayName("plusScaled(f, other) equals plus(other.times(f)) exactly, and names a shape mismatch")
        void plusScaled() {
            Random rng = new Random(11);
            Tensor w = Tensor.randn(rng, 1, 300, 301);
            Tensor g = Tensor.randn(rng, 1, 300, 301);
            assertEquals(w.plus(g.times(-0.1)), w.plusScaled(-0.1, g));
            assertEquals(Tensor.of(1, 2), Tensor.of(3, 4).plusScaled(-2, Tensor.of(1, 1)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.plusScaled(1, Tensor.zeros(3)));
            assertTrue(e.getMessage().contains("plusScaled") && e.getMessage().contains("[300, 301]"), e.getMessage());
        }

        @ParameterizedTest(name = "a {0} at index {1} of {2}")
        @CsvSource({"NaN, 0, 1", "Infinity, 6, 7", "-Infinity, 4, 9", "NaN, 7, 17", "-Infinity, 16, 17",
                "NaN, 100002, 100003", "Infinity, 3, 100003"})
        @DisplayName("hasNonFinite finds one NaN or infinity anywhere, also in the tail after the blocks of eight")
        void hasNonFinite(double bad, int at, int size) {
            double[] values = new double[size];
            java.util.Arrays.fill(values, Double.MAX_VALUE);
            Tensor finite = Tensor.of(values);
            values[at] = bad;
            assertAll(
                    () -> assertTrue(!finite.hasNonFinite(), "MAX_VALUE everywhere is finite"),
                    () -> assertTrue(Tensor.of(values).hasNonFinite(), bad + " at " + at));
        }
    }
}
