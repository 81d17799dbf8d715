package dlcourse.viz;

import dlcourse.nn.Activation;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
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

    /** f and f' on [from, to], series {@code name} and {@code name'}. */
    public static XYChart function(String name, DoubleUnaryOperator f, DoubleUnaryOperator derivative, double from,
                                   double to) {
        Headless.ensure();
        if (!(from < to)) {
            throw new IllegalArgumentException("Curves.function: expected from < to, got [" + from + ", " + to + "]");
        }
        double[] x = new double[SAMPLES];
        double[] y = new double[SAMPLES];
        double[] dy = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            x[i] = from + (to - from) * i / (SAMPLES - 1);
            y[i] = f.applyAsDouble(x[i]);
            dy[i] = derivative.applyAsDouble(x[i]);
        }
        XYChart chart = new XYChartBuilder().width(600).height(400).title(name + " and its derivative")
                .xAxisTitle("x").yAxisTitle("y").build();
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
        chart.addSeries(name + "'", x, dy).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /** An activation function and its derivative on [from, to]. */
    public static XYChart activation(Activation activation, double from, double to) {
        return function(activation.describe(), activation::value, activation::derivative, from, to);
    }
}
