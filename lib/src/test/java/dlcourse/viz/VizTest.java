package dlcourse.viz;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.data.Dataset;
import dlcourse.nn.Dense;
import dlcourse.nn.Relu;
import dlcourse.nn.Softmax;
import dlcourse.tensor.Tensor;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.RenderedTicks;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class VizTest {

    @Nested
    @DisplayName("curves")
    class CurvesTest {
        private final Table history = Table.create("history",
                IntColumn.create("epoch", 1, 1, 2, 2, 3, 3),
                StringColumn.create("split", "train", "test", "train", "test", "train", "test"),
                DoubleColumn.create("loss", 0.9, 1.0, 0.5, 0.6, 0.3, 0.4),
                DoubleColumn.create("accuracy", 0.7, 0.6, 0.8, 0.75, 0.9, 0.85));

        @Test
        @DisplayName("the loss chart has a train and a test series with one point per epoch")
        void loss() {
            XYChart chart = Curves.loss(history);
            XYSeries test = chart.getSeriesMap().get("test");
            assertAll(
                    () -> assertEquals(List.of("train", "test"), List.copyOf(chart.getSeriesMap().keySet())),
                    () -> assertArrayEquals(new double[] {1, 2, 3}, test.getXData()),
                    () -> assertArrayEquals(new double[] {1.0, 0.6, 0.4}, test.getYData()),
                    () -> assertEquals("loss", chart.getYAxisTitle()));
        }

        @Test
        @DisplayName("the accuracy chart renders to a PNG-ready image without a display")
        void renders() {
            BufferedImage image = BitmapEncoder.getBufferedImage(Curves.accuracy(history));
            assertAll(
                    () -> assertEquals(600, image.getWidth()),
                    () -> assertArrayEquals(new double[] {0.7, 0.8, 0.9},
                            Curves.accuracy(history).getSeriesMap().get("train").getYData()));
        }

        @Test
        @DisplayName("a table without the history's columns is a clear error")
        void notAHistory() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Curves.loss(Table.create("x", IntColumn.create("epoch"))));
            assertTrue(e.getMessage().contains("'split'"), e.getMessage());
        }

        @Test
        @DisplayName("an activation and its derivative: ReLU is 0 then x, its derivative 0 then 1")
        void activation() {
            XYChart chart = Curves.activation(new Relu(), -2, 2);
            double[] x = chart.getSeriesMap().get("Relu").getXData();
            double[] y = chart.getSeriesMap().get("Relu").getYData();
            double[] dy = chart.getSeriesMap().get("Relu'").getYData();
            int last = x.length - 1;
            assertAll(
                    () -> assertTrue(x.length >= Curves.SAMPLES, "at least " + Curves.SAMPLES + " points, got " + x.length),
                    () -> assertEquals(-2, x[0]),
                    () -> assertEquals(2, x[last]),
                    () -> assertEquals(0, y[0]),
                    () -> assertEquals(2, y[last], 1e-12),
                    () -> assertEquals(0, dy[10]),
                    () -> assertEquals(1, dy[last - 10]));
        }

        @Test
        @DisplayName("the jump of ReLU' at 0 is drawn upright: samples just left and right of 0 give 0 and 1")
        void jumpAtZero() {
            XYChart chart = Curves.activation(new Relu(), -3, 3);
            double[] x = chart.getSeriesMap().get("Relu'").getXData();
            double[] dy = chart.getSeriesMap().get("Relu'").getYData();
            int firstPositive = 0;
            while (x[firstPositive] <= 0) {
                firstPositive++;
            }
            int k = firstPositive;
            assertAll(
                    () -> assertEquals(0, dy[k - 1]),
                    () -> assertEquals(1, dy[k]),
                    () -> assertTrue(x[k] - x[k - 1] < 1e-6, "gap across 0 is " + (x[k] - x[k - 1])));
        }

        @Test
        @DisplayName("a loss per step: x is the step 1..N, the ticks fall on round step numbers")
        void perStep() {
            double[] loss = new double[2000];
            for (int i = 0; i < loss.length; i++) {
                loss[i] = 1.0 / (i + 1);
            }
            XYChart chart = Curves.perStep("XOR: training loss", "binary cross-entropy", loss);
            XYSeries series = chart.getSeriesMap().get("binary cross-entropy");
            List<String> labels = RenderedTicks.xLabels(chart);
            assertAll(
                    () -> assertEquals(1, series.getXData()[0]),
                    () -> assertEquals(2000, series.getXData()[1999]),
                    () -> assertEquals(loss[1999], series.getYData()[1999]),
                    () -> assertTrue(labels.size() >= 4, "ticks " + labels),
                    () -> assertTrue(labels.stream().allMatch(l -> Integer.parseInt(l) % 100 == 0),
                            "ticks not on round numbers: " + labels),
                    () -> assertThrows(IllegalArgumentException.class, () -> Curves.perStep("t", "y", new double[1])));
        }

        @ParameterizedTest(name = "[{0}, {1}] gets the ticks {2}")
        @CsvSource(delimiter = ';', value = {
            "-3; 3; -3 -2 -1 0 1 2 3",
            "-8; 8; -8 -6 -4 -2 0 2 4 6 8",
            "-4; 3; -4 -3 -2 -1 0 1 2 3",
            "1; 5; 1 1.5 2 2.5 3 3.5 4 4.5 5"})
        @DisplayName("x-axis ticks of a function curve fall on round numbers")
        void roundTicks(double from, double to, String expected) {
            List<String> labels = RenderedTicks.xLabels(Curves.activation(new Relu(), from, to));
            List<String> inside = new ArrayList<>();
            for (String label : labels) {
                double value = Double.parseDouble(label);
                if (value >= from && value <= to) {
                    inside.add(label);
                }
            }
            assertEquals(List.of(expected.split(" ")), inside, "all tick labels: " + labels);
        }
    }

    @Test
    @DisplayName("decision map: a model that says class 1 where x > 0 colours the left and right halves")
    void decisionMap() {
        // scores z = [0, x]: class 1 wins where x > 0
        Dense model = new Dense(Tensor.of(new double[][] {{0, 1}, {0, 0}}), Tensor.zeros(2));
        Dataset points = Dataset.of(Tensor.of(new double[][] {{-1, -1}, {1, 1}, {-1, 1}, {1, -1}}), new int[] {0, 1, 0, 1}, 2);
        BufferedImage map = DecisionMap.of(model, points, 100);
        assertAll(
                () -> assertEquals(DecisionMap.regionColor(0).getRGB(), map.getRGB(20, 50)),
                () -> assertEquals(DecisionMap.regionColor(1).getRGB(), map.getRGB(80, 50)),
                // the view is [-1.2, 1.2] on both axes: the point (1, 1) sits at pixel (92, 8), drawn in
                // class 1's strong colour, and (-1, -1) at (8, 92) in class 0's
                () -> assertEquals(DecisionMap.pointColor(1).getRGB(), map.getRGB(92, 8)),
                () -> assertEquals(DecisionMap.pointColor(0).getRGB(), map.getRGB(8, 92)));
    }

    @Test
    @DisplayName("image grid: 3 images of 2 x 2, 2 per row, pixel values as greys at the expected places")
    void imageGrid() {
        Tensor images = Tensor.of(new double[][] {{0, 1, 1, 0}, {1, 1, 1, 1}, {0, 0, 0, 0.5}});
        BufferedImage grid = ImageGrid.of(images, 2);
        int s = ImageGrid.SCALE;
        int cell = 3 * s;
        assertAll(
                () -> assertEquals(2 * cell + s, grid.getWidth()),
                () -> assertEquals(2 * cell + s, grid.getHeight()),
                // image 0: black top-left, white top-right
                () -> assertEquals(Color.BLACK.getRGB(), grid.getRGB(s, s)),
                () -> assertEquals(Color.WHITE.getRGB(), grid.getRGB(2 * s, s)),
                // image 2 (second row, first column): bottom-right pixel is 0.5 grey
                () -> assertEquals(new Color(128, 128, 128).getRGB(), grid.getRGB(2 * s + 1, cell + 2 * s + 1)),
                () -> assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(Tensor.zeros(2, 5), 2)));
    }

    @Test
    @DisplayName("filters: each column of W becomes an image stretched from black to white")
    void filters() {
        Tensor W = Tensor.of(new double[][] {{-3, 10}, {-1, 20}, {-2, 30}, {5, 40}});
        BufferedImage grid = ImageGrid.filters(W, 2);
        int s = ImageGrid.SCALE;
        int cell = 3 * s;
        assertAll(
                () -> assertEquals(Color.BLACK.getRGB(), grid.getRGB(s, s)),
                () -> assertEquals(Color.WHITE.getRGB(), grid.getRGB(2 * s, 2 * s)),
                () -> assertEquals(Color.BLACK.getRGB(), grid.getRGB(cell + s, s)),
                () -> assertEquals(Color.WHITE.getRGB(), grid.getRGB(cell + 2 * s, 2 * s)));
    }

    @Nested
    @DisplayName("heat map")
    class HeatMapTest {

        @Test
        @DisplayName("of the softmax Jacobian: 9 cells, row 0 at the top, the value of J[0, 0] in the top-left cell")
        void cells() {
            Tensor J = Softmax.jacobian(Tensor.of(1, 2, 3));
            HeatMapChart chart = HeatMap.of("Jacobian", J);
            List<? extends Number[]> cells = chart.getHeatMapSeries().getHeatData();
            Number[] topLeft = cells.get(0);
            assertAll(
                    () -> assertEquals(9, cells.size()),
                    () -> assertEquals(0, topLeft[0].intValue()),
                    () -> assertEquals(2, topLeft[1].intValue()),
                    () -> assertEquals(J.get(0, 0), topLeft[2].doubleValue()));
        }

        @Test
        @DisplayName("a 3 x 3 matrix gets a chart of at least the minimum size whose plot shows every cell")
        void smallMatrixKeepsItsPlot() {
            // the largest entry, 4, is painted in the full positive colour: its cell must cover a real area
            Tensor matrix = Tensor.of(new double[][] {{4, -1, 0}, {-1, 2, 0}, {0, 0, 1}});
            BufferedImage image = BitmapEncoder.getBufferedImage(HeatMap.of("small", matrix));
            assertAll(
                    () -> assertTrue(image.getWidth() >= HeatMap.MIN_WIDTH, "width " + image.getWidth()),
                    () -> assertTrue(image.getHeight() >= HeatMap.MIN_HEIGHT, "height " + image.getHeight()),
                    () -> assertTrue(count(image, HeatMap.POSITIVE) >= 40 * 40,
                            "pixels in the colour of the largest cell: " + count(image, HeatMap.POSITIVE)));
        }

        @Test
        @DisplayName("a narrow matrix with a long title gets a chart wide enough for the whole title")
        void longTitleIsNotCut() {
            String title = "hidden values h of the 8-3-8 encoder (row = input, column = hidden unit)";
            HeatMapChart chart = HeatMap.of(title, Tensor.zeros(8, 3));
            assertTrue(chart.getWidth() >= HeatMap.titleWidth(title) + HeatMap.TITLE_MARGIN,
                    "chart width " + chart.getWidth() + " for a title " + HeatMap.titleWidth(title) + " pixels wide");
            assertTrue(HeatMap.titleWidth(title) > HeatMap.MIN_WIDTH, "the title should be wider than the smallest"
                    + " chart, or the test shows nothing: " + HeatMap.titleWidth(title));
        }

        @Test
        @DisplayName("a signed matrix gets a scale symmetric around zero: -1 next to 2 is only half as blue as 2 is red")
        void divergingScale() {
            Tensor matrix = Tensor.of(new double[][] {{-1, 2}, {0.5, 0}});
            HeatMapChart chart = HeatMap.of("signed", matrix);
            BufferedImage image = BitmapEncoder.getBufferedImage(chart);
            assertAll(
                    () -> assertEquals(-2, chart.getStyler().getMin()),
                    () -> assertEquals(2, chart.getStyler().getMax()),
                    () -> assertEquals(3, chart.getStyler().getRangeColors().length),
                    () -> assertTrue(count(image, HeatMap.POSITIVE) > 1000, "no cell in the full positive colour"),
                    // -1 is half-way to -L: its cell must not be painted in the full negative colour (the legend's
                    // gradient on the right does show it, so count left of the legend only)
                    () -> assertEquals(0, count(image, HeatMap.NEGATIVE, image.getWidth() - 150),
                            "plot pixels in the full negative colour"),
                    () -> assertTrue(count(image, HeatMap.NEGATIVE) > 0, "the legend shows the full negative colour"));
        }

        @Test
        @DisplayName("a non-negative matrix gets a sequential scale from white at 0 to its maximum")
        void sequentialScale() {
            HeatMapChart chart = HeatMap.of("counts", Tensor.of(new double[][] {{0, 3}, {1, 27}}));
            assertAll(
                    () -> assertEquals(0, chart.getStyler().getMin()),
                    () -> assertEquals(27, chart.getStyler().getMax()),
                    () -> assertArrayEquals(new Color[] {HeatMap.ZERO, HeatMap.HIGH}, chart.getStyler().getRangeColors()));
        }

        @Test
        @DisplayName("the scale's end is rounded up to two significant digits, so the legend reads 0.24, not 0.2395...")
        void roundedScale() {
            double[] range = HeatMap.colourRange(Tensor.of(new double[][] {{0.2395195, -0.08}}));
            assertArrayEquals(new double[] {-0.24, 0.24}, range);
        }

        @ParameterizedTest(name = "{0} -> \"{1}\"")
        @CsvSource(delimiter = ';', value = {"0 3 12 7; 0", "0.5 -0.25 1 0; 0.00", "0.02 -0.08 0 0; 0.000",
            "12.5 3 0 1; 0.0", "1250.5 3 0 1; 0"})
        @DisplayName("default value pattern: whole numbers as integers, decimals by magnitude")
        void defaultPattern(String values, String pattern) {
            double[] v = java.util.Arrays.stream(values.split(" ")).mapToDouble(Double::parseDouble).toArray();
            assertEquals(pattern, HeatMap.defaultPattern(Tensor.of(new double[][] {v})));
        }

        @Test
        @DisplayName("counts print as integers: a confusion-count matrix uses the pattern \"0\", not \"0.00\"")
        void countsAsIntegers() {
            HeatMapChart chart = HeatMap.of("counts", Tensor.of(new double[][] {{5, 0}, {2, 9}}));
            HeatMapChart given = HeatMap.of("counts", Tensor.of(new double[][] {{5, 0}, {2, 9}}), "0.0");
            assertAll(
                    () -> assertEquals("0", chart.getStyler().getHeatMapValueDecimalPattern()),
                    () -> assertEquals("0.0", given.getStyler().getHeatMapValueDecimalPattern()),
                    () -> assertThrows(IllegalArgumentException.class,
                            () -> HeatMap.of("bad", Tensor.zeros(2, 2), "0.0.0#,")));
        }

        @Test
        @DisplayName("values show while they fit the cells: at 8 x 8 each fits its cell, at 20 x 20 none are drawn")
        void valuesFitOrHide() {
            Tensor J8 = Softmax.jacobian(Tensor.randn(new Random(1), 1, 8).reshape(8));
            HeatMapChart small = HeatMap.of("8 x 8", J8, "0.00");
            HeatMapChart large = HeatMap.of("20 x 20", Tensor.randn(new Random(2), 1, 20, 20));
            java.awt.Font font = small.getStyler().getValueFont();
            double textWidth = font.getStringBounds("-0.08", new java.awt.font.FontRenderContext(null, true, true))
                    .getWidth();
            assertAll(
                    () -> assertTrue(small.getStyler().isShowValue()),
                    () -> assertTrue(textWidth < HeatMap.cellSize(8, 8), textWidth + " px text in a "
                            + HeatMap.cellSize(8, 8) + " px cell"),
                    () -> assertFalse(large.getStyler().isShowValue()));
        }

        @Test
        @DisplayName("the axes can be named, e.g. actual and predicted class")
        void axisTitles() {
            HeatMapChart chart = HeatMap.of("mistakes", Tensor.zeros(2, 2), "0", "actual", "predicted");
            assertAll(
                    () -> assertEquals("actual", chart.getYAxisTitle()),
                    () -> assertEquals("predicted", chart.getXAxisTitle()));
        }
    }

    /** How many pixels of the image have exactly this colour. */
    static int count(BufferedImage image, Color color) {
        return count(image, color, image.getWidth());
    }

    /** How many pixels left of column {@code maxX} have exactly this colour. */
    static int count(BufferedImage image, Color color, int maxX) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < maxX; x++) {
                if (image.getRGB(x, y) == color.getRGB()) {
                    n++;
                }
            }
        }
        return n;
    }

    @Nested
    @DisplayName("tiles")
    class TilesTest {
        private final Color[][] colors = {{Color.RED, Color.GREEN, Color.BLUE}, {Color.CYAN, Color.MAGENTA, Color.YELLOW}};

        private BufferedImage square(Color color, int side) {
            BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = image.createGraphics();
            g.setColor(color);
            g.fillRect(0, 0, side, side);
            g.dispose();
            return image;
        }

        private List<List<BufferedImage>> squares(int side) {
            List<List<BufferedImage>> rows = new ArrayList<>();
            for (Color[] row : colors) {
                List<BufferedImage> pictures = new ArrayList<>();
                for (Color color : row) {
                    pictures.add(square(color, side));
                }
                rows.add(pictures);
            }
            return rows;
        }

        /** {minX, minY, maxX, maxY} of the pixels of a colour. */
        private int[] box(BufferedImage image, Color color) {
            int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    if (image.getRGB(x, y) == color.getRGB()) {
                        box = new int[] {Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)};
                    }
                }
            }
            return box;
        }

        private boolean inkIn(BufferedImage image, int x0, int y0, int x1, int y1) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    if (image.getRGB(x, y) != Color.WHITE.getRGB()) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Test
        @DisplayName("2 rows of 3 pictures: each drawn whole, in row-major order, captions above and left")
        void layout() {
            BufferedImage out = ImageGrid.tiles(squares(40), List.of("a", "b", "c"), List.of("first row", "second row"));
            int[] red = box(out, Color.RED);
            int[] green = box(out, Color.GREEN);
            int[] cyan = box(out, Color.CYAN);
            int[] yellow = box(out, Color.YELLOW);
            assertAll(
                    () -> assertEquals(40 * 40, count(out, Color.RED)),
                    () -> assertEquals(40 * 40, count(out, Color.YELLOW)),
                    () -> assertEquals(39, red[2] - red[0]),
                    // same row, next column: same top, to the right after a gap
                    () -> assertEquals(red[1], green[1]),
                    () -> assertTrue(green[0] > red[2] + 1),
                    // next row, same column: same left, below
                    () -> assertEquals(red[0], cyan[0]),
                    () -> assertTrue(cyan[1] > red[3] + 1),
                    () -> assertEquals(box(out, Color.BLUE)[0], yellow[0]),
                    // the captions leave ink above the first row and left of the first column
                    () -> assertTrue(inkIn(out, red[0], 0, red[2], red[1]), "no caption above column a"),
                    () -> assertTrue(inkIn(out, 0, red[1], red[0], red[3]), "no row name left of row 0"),
                    () -> assertTrue(red[0] > 40, "the row names need room: the first column starts at " + red[0]));
        }

        @Test
        @DisplayName("a caption wider than its pictures widens the column; without names the pictures start at the margin")
        void captionsSetWidths() {
            String wide = "a caption much wider than twenty pixels";
            BufferedImage named = ImageGrid.tiles(squares(20), List.of(wide, "b", "c"), List.of());
            BufferedImage plain = ImageGrid.tiles(squares(20), List.of(), List.of());
            assertAll(
                    () -> assertEquals(ImageGrid.MARGIN, box(plain, Color.RED)[0]),
                    () -> assertEquals(ImageGrid.MARGIN, box(plain, Color.RED)[1]),
                    () -> assertEquals(2 * ImageGrid.MARGIN + 3 * 20 + 2 * ImageGrid.GAP, plain.getWidth()),
                    () -> assertTrue(box(named, Color.GREEN)[0] - box(named, Color.RED)[2] > 100,
                            "column a is not widened for its caption"));
        }

        @Test
        @DisplayName("bad input is a clear error: ragged rows, wrong number of names, no rows")
        void badInput() {
            List<List<BufferedImage>> ragged = List.of(List.of(square(Color.RED, 4), square(Color.RED, 4)),
                    List.of(square(Color.RED, 4)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ImageGrid.tiles(ragged, List.of(), List.of()));
            IllegalArgumentException names = assertThrows(IllegalArgumentException.class,
                    () -> ImageGrid.tiles(squares(4), List.of("a", "b"), List.of()));
            assertAll(
                    () -> assertTrue(e.getMessage().contains("row 1 has 1 pictures, expected 2"), e.getMessage()),
                    () -> assertTrue(names.getMessage().contains("2 column names for 3 columns"), names.getMessage()),
                    () -> assertThrows(IllegalArgumentException.class,
                            () -> ImageGrid.tiles(squares(4), List.of(), List.of("one"))),
                    () -> assertThrows(IllegalArgumentException.class, () -> ImageGrid.tiles(List.of(), List.of(), List.of())));
        }
    }

    @Test
    @DisplayName("probability bars: one bar per class with the softmax values")
    void bars() {
        CategoryChart chart = ProbabilityBars.of(Softmax.apply(Tensor.of(1, 2, 3)), List.of("a", "b", "c"));
        var series = chart.getSeriesMap().get("probability");
        List<?> x = List.copyOf(series.getXData());
        List<? extends Number> y = List.copyOf(series.getYData());
        assertAll(
                () -> assertEquals(List.of("a", "b", "c"), x),
                () -> assertEquals(0.67, y.get(2).doubleValue(), 0.005),
                () -> assertThrows(IllegalArgumentException.class, () -> ProbabilityBars.of(Tensor.of(0.5, 0.5), List.of("a"))));
    }

    @Test
    @DisplayName("confusion matrix: rows are actual classes, columns predicted, the diagonal counts correct answers")
    void confusion() {
        int[] actual = {0, 0, 1, 1, 1, 2};
        int[] predicted = {0, 1, 1, 1, 2, 2};
        Table table = ConfusionMatrix.table(actual, predicted, List.of("cat", "dog", "fox"));
        assertAll(
                () -> assertEquals(List.of("actual", "cat", "dog", "fox"), table.columnNames()),
                () -> assertEquals(List.of("cat", "dog", "fox"), table.stringColumn("actual").asList()),
                () -> assertEquals(1, table.intColumn("cat").get(0)),
                () -> assertEquals(1, table.intColumn("dog").get(0)),
                () -> assertEquals(2, table.intColumn("dog").get(1)),
                () -> assertEquals(1, table.intColumn("fox").get(1)),
                () -> assertEquals(1, table.intColumn("fox").get(2)));
    }
}
