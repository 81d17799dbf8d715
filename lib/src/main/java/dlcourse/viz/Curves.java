package dlcourse.viz;

import dlcourse.nn.Activation;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Line charts: training curves from a {@link dlcourse.nn.Trainer} history (one series per split), and a
 * function with its derivative.
 * <pre>
 * Curves.loss(history)                    // series "train" and "test": loss per epoch
 * Curves.activation(new Relu(), -3, 3)    // series "Relu" and "Relu'"
 * </pre>
 *
 * <p>Taught in {@code notebooks/02-activation-functions.ipynb} (function curves) and
 * {@code notebooks/03-softmax.ipynb} (training curves).
 */
public final class Curves {
    private Curves() {}

    /** Points per function curve. */
    static final int SAMPLES = 201;

    /** Loss per epoch, one series per split of the history (columns epoch, split, loss, accuracy). */
    public static XYChart loss(Table history) {
        return fromHistory(history, "loss");
    }

    /** Accuracy per epoch, one series per split of the history. */
    public static XYChart accuracy(Table history) {
        return fromHistory(history, "accuracy");
    }

    /** One column of a history (e.g. "loss") against the epoch, one series per split. */
    public static XYChart fromHistory(Table history, String column) {
        Headless.ensure();
        for (String required : new String[] {"epoch", "split", column}) {
            if (!history.columnNames().contains(required)) {
                throw new IllegalArgumentException("Curves: the history has no column '" + required + "'; expected the"
                        + " columns epoch, split, loss, accuracy of Trainer.fit, got " + history.columnNames());
            }
        }
        XYChart chart = new XYChartBuilder().width(600).height(400).title(column + " per epoch")
                .xAxisTitle("epoch").yAxisTitle(column).build();
        for (String split : new java.util.LinkedHashSet<>(history.stringColumn("split").asList())) {
            Table rows = history.where(history.stringColumn("split").isEqualTo(split));
            double[] epochs = rows.intColumn("epoch").asDoubleArray();
            double[] values = rows.doubleColumn(column).asDoubleArray();
            chart.addSeries(split, epochs, values).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /**
     * f and f' on [from, to], series {@code name} and {@code name'}. The curves are sampled at {@link #SAMPLES}
     * points (see {@link #samplePoints}); the x-axis ticks fall on round numbers.
     */
    public static XYChart function(String name, DoubleUnaryOperator f, DoubleUnaryOperator derivative, double from,
                                   double to) {
        Headless.ensure();
        if (!(from < to)) {
            throw new IllegalArgumentException("Curves.function: expected from < to, got [" + from + ", " + to + "]");
        }
        double[] x = samplePoints(from, to);
        double[] y = new double[x.length];
        double[] dy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
            dy[i] = derivative.applyAsDouble(x[i]);
        }
        XYChart chart = new XYChartBuilder().width(600).height(400).title(name + " and its derivative")
                .xAxisTitle("x").yAxisTitle("y").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
        chart.addSeries(name + "'", x, dy).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /**
     * The x values at which {@link #function} samples: {@link #SAMPLES} points from {@code from} to {@code to}.
     * Where 0 lies inside, the points just left and right of 0 are added, so that a jump there (the derivative of
     * ReLU) is drawn upright. The spacing is deliberately not exactly even: for evenly spaced x values XChart puts
     * the ticks on sample points (-2.43, -1.86, ...), otherwise on round numbers (-3, -2, ...).
     */
    static double[] samplePoints(double from, double to) {
        java.util.TreeSet<Double> points = new java.util.TreeSet<>();
        double step = (to - from) / (SAMPLES - 1);
        for (int i = 0; i < SAMPLES; i++) {
            points.add(i == SAMPLES - 1 ? to : from + step * i);
        }
        if (from < 0 && 0 < to) {
            double eps = step * 1e-6;
            points.add(-eps);
            points.add(eps);
        }
        // the first interval two steps wide: no longer evenly spaced
        points.remove(points.higher(points.first()));
        double[] x = new double[points.size()];
        int i = 0;
        for (double p : points) {
            x[i++] = p;
        }
        return x;
    }

    /**
     * One value per step (a loss recorded after every update) against the step number 1, 2, ..., N, as a line
     * without markers or legend; the x-axis ticks fall on round step numbers. For a loss that falls over orders
     * of magnitude, set {@code chart.getStyler().setYAxisLogarithmic(true)}.
     */
    public static XYChart perStep(String title, String yAxisTitle, double[] values) {
        Headless.ensure();
        if (values.length < 2) {
            throw new IllegalArgumentException("Curves.perStep: expected at least 2 values, got " + values.length);
        }
        double[] steps = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            steps[i] = i + 1;
        }
        XYChart chart = new XYChartBuilder().width(600).height(350).title(title).xAxisTitle("step")
                .yAxisTitle(yAxisTitle).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.addSeries(yAxisTitle, steps, values).setMarker(SeriesMarkers.NONE);
        // XChart puts the ticks of evenly spaced x values on data points (1, 168, 335, ...); one hidden point half a
        // step after the first makes the spacing uneven, so the ticks fall on round numbers instead
        chart.addSeries(" ", new double[] {1.5}, new double[] {values[0]}).setMarker(SeriesMarkers.NONE)
                .setShowInLegend(false);
        return chart;
    }

    /** An activation function and its derivative on [from, to]. */
    public static XYChart activation(Activation activation, double from, double to) {
        return function(activation.describe(), activation::value, activation::derivative, from, to);
    }
}
