package dlcourse.viz;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.data.Dataset;
import dlcourse.nn.Dense;
import dlcourse.nn.Relu;
import dlcourse.nn.Softmax;
import dlcourse.tensor.Tensor;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
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
            double[] y = chart.getSeriesMap().get("Relu").getYData();
            double[] dy = chart.getSeriesMap().get("Relu'").getYData();
            assertAll(
                    () -> assertEquals(Curves.SAMPLES, y.length),
                    () -> assertEquals(0, y[0]),
                    () -> assertEquals(2, y[Curves.SAMPLES - 1], 1e-12),
                    () -> assertEquals(0, dy[10]),
                    () -> assertEquals(1, dy[Curves.SAMPLES - 10]));
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

    @Test
    @DisplayName("heat map of the softmax Jacobian: 9 cells, row 0 at the top, values in range")
    void heatMap() {
        Tensor J = Softmax.jacobian(Tensor.of(1, 2, 3));
        HeatMapChart chart = HeatMap.of("Jacobian", J);
        List<? extends Number[]> cells = chart.getHeatMapSeries().getHeatData();
        Number[] topLeft = cells.get(0);
        assertAll(
                () -> assertEquals(9, cells.size()),
                () -> assertEquals(0, topLeft[0].intValue()),
                () -> assertEquals(2, topLeft[1].intValue()),
                () -> assertEquals(J.get(0, 0), topLeft[2].doubleValue()),
                () -> assertEquals(J.min(), chart.getHeatMapSeries().getMin(), 1e-15),
                () -> assertEquals(240, BitmapEncoder.getBufferedImage(chart).getHeight()));
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
