package dlcourse.kernel.agent;

import java.util.UUID;

/**
 * The statics that notebook cells call, IJava style: every cell has {@code import static
 * dlcourse.kernel.agent.Notebook.*}, so {@code display(chart)} works as it does in IJava and JJava.
 *
 * <pre>{@code
 * String id = display(lossChart);          // shows the chart, returns its display id
 * updateDisplay(id, lossChartAfterEpoch);  // replaces it in place (training progress)
 * display(markdown("**done**"));
 * }</pre>
 */
public final class Notebook {
    private Notebook() {
    }

    /**
     * Shows a value below the cell, rendered by its type (see {@link #render(Object)}).
     *
     * @return the display id, for {@link #updateDisplay(String, Object)}
     */
    public static String display(Object value) {
        return display(value, new String[0]);
    }

    /**
     * Shows a value in the given MIME types only (for example {@code "text/html"}).
     *
     * @return the display id, for {@link #updateDisplay(String, Object)}
     */
    public static String display(Object value, String... mimeTypes) {
        String id = UUID.randomUUID().toString();
        DisplayChannel.display(id, render(value).only(mimeTypes));
        return id;
    }

    /** Replaces, in place, what the display with this id shows. */
    public static void updateDisplay(String id, Object value) {
        updateDisplay(id, value, new String[0]);
    }

    /** Replaces, in place, what the display with this id shows, in the given MIME types only. */
    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("updateDisplay needs the id that display(...) returned, got '" + id + "'");
        }
        DisplayChannel.update(id, render(value).only(mimeTypes));
    }

    /**
     * The value as Jupyter would show it, by type: images and XChart charts as PNG, Tablesaw tables as HTML,
     * text as text. A cell whose last expression is the result shows it that way.
     */
    public static MimeBundle render(Object value) {
        if (value == null) {
            return new MimeBundle().put("text/plain", "null");
        }
        return Renderers.render(value, CellAgent::plainText);
    }

    /** The value rendered in the given MIME types only. */
    public static MimeBundle render(Object value, String... mimeTypes) {
        return render(value).only(mimeTypes);
    }

    /** Markdown to show, for example {@code display(markdown("**loss** went down"))}. */
    public static MimeBundle markdown(String markdown) {
        return new MimeBundle().put("text/markdown", markdown).put("text/plain", markdown);
    }

    /** HTML to show. */
    public static MimeBundle html(String html) {
        return new MimeBundle().put("text/html", html).put("text/plain", html);
    }

    /** LaTeX to show; wrap math in {@code $...$} or {@code $$...$$}, for example {@code latex("$$\\sigma(x)$$")}. */
    public static MimeBundle latex(String latex) {
        return new MimeBundle().put("text/latex", latex).put("text/plain", latex);
    }
}
