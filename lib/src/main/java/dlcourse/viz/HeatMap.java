package dlcourse.viz;

import dlcourse.tensor.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * A matrix [R, C] as a heat map: a weight matrix, a Jacobian, a confusion matrix. Column j is on the x axis,
 * row i on the y axis with row 0 at the top, as the matrix is written.
 * <ul>
 *   <li>Colours: a matrix with a negative entry gets a diverging scale symmetric around zero (blue below, white
 *       at 0, red above, from -L to L with L = max |value|), so that the sign reads off the colour; a non-negative
 *       matrix gets a sequential scale from white at 0 to blue at its maximum. L is rounded up to two significant
 *       digits so the legend reads e.g. "0.24".</li>
 *   <li>Values: printed in the cells while they fit (up to {@link #MAX_LABELLED} rows and columns, the font
 *       shrunk to the cell), hidden beyond. The pattern is a {@link DecimalFormat} pattern; by default "0" for a
 *       matrix of whole numbers (counts), else two or three decimals.</li>
 *   <li>Size: cells of up to {@link #MAX_CELL} pixels, the chart at least {@link #MIN_WIDTH} x
 *       {@link #MIN_HEIGHT}, so a 3 x 3 matrix keeps a visible plot.</li>
 * </ul>
 * <pre>
 * HeatMap.of("softmax Jacobian at [1, 2, 3]", Softmax.jacobian(Tensor.of(1, 2, 3)), "0.000")
 * HeatMap.of("mistakes", Tensor.of(mistakes), "0", "actual digit", "predicted digit")
 * </pre>
 *
 * <p>Taught in {@code notebooks/03-softmax.ipynb} (sections "Softmax and its Jacobian" and "Which digits get
 * confused").
 */
public final class HeatMap {
    private HeatMap() {}

    /** The smallest chart width and height in pixels. */
    public static final int MIN_WIDTH = 440;
    public static final int MIN_HEIGHT = 340;
    /** The largest cell side in pixels; cells shrink for big matrices so the plot stays under ~700 pixels. */
    public static final int MAX_CELL = 56;
    /** Matrices with more rows or columns than this show no values in the cells. */
    public static final int MAX_LABELLED = 12;

    /** Diverging scale: negative end, zero, positive end. */
    static final Color NEGATIVE = new Color(67, 147, 195);
    static final Color ZERO = Color.WHITE;
    static final Color POSITIVE = new Color(214, 96, 77);
    /** Sequential scale: white at zero, this colour at the maximum. */
    static final Color HIGH = new Color(66, 146, 198);

    /** The heat map of a matrix [R, C] with the default value pattern (see {@link #defaultPattern}). */
    public static HeatMapChart of(String title, Tensor matrix) {
        return of(title, matrix, null);
    }

    /** The heat map of a matrix [R, C], cell values formatted with a {@link DecimalFormat} pattern ("0.000"). */
    public static HeatMapChart of(String title, Tensor matrix, String valuePattern) {
        return of(title, matrix, valuePattern, "row i", "column j");
    }

    /**
     * The heat map of a matrix [R, C] with named axes, e.g. rows "actual digit" and columns "predicted digit";
     * a null {@code valuePattern} picks the default.
     */
    public static HeatMapChart of(String title, Tensor matrix, String valuePattern, String rowAxisTitle,
                                  String columnAxisTitle) {
        Headless.ensure();
        matrix.requireShape("HeatMap.of (matrix)", -1, -1);
        String pattern = valuePattern == null ? defaultPattern(matrix) : valuePattern;
        DecimalFormat format;
        try {
            format = new DecimalFormat(pattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HeatMap.of: '" + pattern + "' is not a DecimalFormat pattern; use"
                    + " e.g. \"0\" for counts or \"0.00\" for two decimals", e);
        }
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
        int cell = cellSize(rows, cols);
        int width = Math.max(Math.max(MIN_WIDTH, cols * cell + 230), titleWidth(title) + TITLE_MARGIN);
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(width).height(Math.max(MIN_HEIGHT, rows * cell + 120))
                .title(title).xAxisTitle(columnAxisTitle).yAxisTitle(rowAxisTitle).build();
        double[] range = colourRange(matrix);
        chart.getStyler().setMin(range[0]).setMax(range[1]);
        chart.getStyler().setRangeColors(range[0] < 0 ? new Color[] {NEGATIVE, ZERO, POSITIVE} : new Color[] {ZERO, HIGH});
        chart.getStyler().setHeatMapValueDecimalPattern(pattern);
        int fontSize = valueFontSize(matrix, format, cell);
        chart.getStyler().setShowValue(fontSize > 0);
        if (fontSize > 0) {
            chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
        }
        chart.addSeries(title, x, y, cells);
        return chart;
    }

    /** Pixels left free on both sides of the title together, so that a long title is never cut at the edges. */
    static final int TITLE_MARGIN = 40;

    /** The width in pixels of a chart title drawn in XChart's default title font. */
    static int titleWidth(String title) {
        Font font = new org.knowm.xchart.style.theme.XChartTheme().getChartTitleFont();
        return (int) Math.ceil(font.getStringBounds(title == null ? "" : title,
                new FontRenderContext(null, true, true)).getWidth());
    }

    /** "0" for a matrix of whole numbers, else decimals enough for its largest magnitude. */
    static String defaultPattern(Tensor matrix) {
        boolean whole = true;
        double largest = 0;
        for (double v : matrix.rawData()) {
            whole &= v == Math.rint(v);
            largest = Math.max(largest, Math.abs(v));
        }
        if (whole || largest >= 100) {
            return "0";
        }
        return largest >= 10 ? "0.0" : largest >= 0.1 ? "0.00" : "0.000";
    }

    /** The side of a cell in pixels: {@link #MAX_CELL}, smaller when the matrix would get wider than ~700. */
    static int cellSize(int rows, int cols) {
        return Math.max(4, Math.min(MAX_CELL, 700 / Math.max(rows, cols)));
    }

    /** {min, max} of the colour scale: [-L, L] for a matrix with negative entries, else [0, L]. */
    static double[] colourRange(Tensor matrix) {
        double limit = Math.max(Math.abs(matrix.min()), Math.abs(matrix.max()));
        limit = limit > 0 && Double.isFinite(limit)
                ? new BigDecimal(limit).round(new MathContext(2, RoundingMode.CEILING)).doubleValue()
                : 1;
        return matrix.min() < 0 ? new double[] {-limit, limit} : new double[] {0, limit};
    }

    /** The largest font size from 13 down to 8 at which every value fits its cell, or 0 to show no values. */
    static int valueFontSize(Tensor matrix, DecimalFormat format, int cell) {
        if (Math.max(matrix.dim(0), matrix.dim(1)) > MAX_LABELLED) {
            return 0;
        }
        String widest = "";
        for (double v : matrix.rawData()) {
            String text = format.format(v);
            if (text.length() > widest.length()) {
                widest = text;
            }
        }
        FontRenderContext context = new FontRenderContext(null, true, true);
        for (int size = 13; size >= 8; size--) {
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, size);
            if (font.getStringBounds(widest, context).getWidth() <= 0.85 * cell) {
                return size;
            }
        }
        return 0;
    }
}
