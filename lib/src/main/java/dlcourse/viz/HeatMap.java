package dlcourse.viz;

import dlcourse.tensor.Tensor;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * A matrix [R, C] as a heat map: a weight matrix, a Jacobian, a confusion matrix. Column j is on the x axis,
 * row i on the y axis with row 0 at the top, as the matrix is written; small matrices (up to 12 x 12) show
 * their values in the cells.
 * <pre>
 * HeatMap.of("softmax Jacobian at [1, 2, 3]", Softmax.jacobian(Tensor.of(1, 2, 3)))
 * </pre>
 *
 * <p>Taught in {@code notebooks/03-softmax.ipynb} (section "Softmax and its Jacobian").
 */
public final class HeatMap {
    private HeatMap() {}

    /** The heat map of a matrix [R, C]. */
    public static HeatMapChart of(String title, Tensor matrix) {
        Headless.ensure();
        matrix.requireShape("HeatMap.of (matrix)", -1, -1);
        int rows = matrix.dim(0);
        int cols = matrix.dim(1);
        List<Integer> x = new ArrayList<>();
        for (int j = 0; j < cols; j++) {
            x.add(j);
        }
        // the y axis grows upwards, so list rows bottom-up: the last row first
        List<Integer> y = new ArrayList<>();
        for (int i = rows - 1; i >= 0; i--) {
            y.add(i);
        }
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                // heat data holds {x index, y index, value}
                cells.add(new Number[] {j, rows - 1 - i, matrix.get(i, j)});
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.min(900, 120 + 40 * cols))
                .height(Math.min(800, 120 + 40 * rows)).title(title).xAxisTitle("column j").yAxisTitle("row i").build();
        chart.getStyler().setShowValue(rows <= 12 && cols <= 12);
        chart.getStyler().setHeatMapValueDecimalPattern("0.00");
        chart.getStyler().setRangeColors(new Color[] {new Color(49, 54, 149), Color.WHITE, new Color(165, 0, 38)});
        chart.addSeries(title, x, y, cells);
        return chart;
    }
}
