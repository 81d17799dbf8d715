package org.knowm.xchart.internal.chartpart;

import java.util.List;
import org.knowm.xchart.BitmapEncoder;

/**
 * Test helper for {@code dlcourse.viz}: the x-axis tick labels XChart draws, which it keeps package-private.
 * Lives in XChart's package (on the test class path only) to read them.
 */
public final class RenderedTicks {
    private RenderedTicks() {}

    /** Renders the chart once and returns the labels under its x axis, left to right. */
    public static List<String> xLabels(Chart<?, ?> chart) {
        BitmapEncoder.getBufferedImage(chart);
        return List.copyOf(chart.getAxisPair().getXAxis().getAxisTickCalculator().getTickLabels());
    }
}
