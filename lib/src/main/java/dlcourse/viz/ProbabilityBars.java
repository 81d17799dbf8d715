package dlcourse.viz;

import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Bars of the K class probabilities of one example (a softmax output), named by class.
 * <pre>
 * ProbabilityBars.of(Softmax.apply(Tensor.of(1, 2, 3)), List.of("a", "b", "c"))
 * </pre>
 *
 * <p>Taught in {@code notebooks/03-softmax.ipynb} (section "Softmax").
 */
public final class ProbabilityBars {
    private ProbabilityBars() {}

    /** Bars for probabilities [K] (or [1, K]) named by {@code classNames} (K names). */
    public static CategoryChart of(Tensor probabilities, List<String> classNames) {
        Headless.ensure();
        Tensor p = probabilities.reshape(probabilities.size());
        if (classNames.size() != p.size()) {
            throw new IllegalArgumentException("ProbabilityBars: " + p.size() + " probabilities but " + classNames.size()
                    + " class names");
        }
        List<Number> values = new ArrayList<>();
        for (int k = 0; k < p.size(); k++) {
            values.add(p.get(k));
        }
        CategoryChart chart = new CategoryChartBuilder().width(600).height(300).title("class probabilities")
                .xAxisTitle("class").yAxisTitle("probability").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.addSeries("probability", new ArrayList<>(classNames), values);
        return chart;
    }
}
