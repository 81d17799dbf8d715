package dlcourse.kernel.agent;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * Turns a value into a {@link MimeBundle} by its type, inside the execution JVM:
 * <ul>
 *   <li>a {@link MimeBundle} shows as it is;</li>
 *   <li>a {@link RenderedImage} (for example a {@code BufferedImage}) as {@code image/png};</li>
 *   <li>any XChart chart ({@code org.knowm.xchart.internal.chartpart.Chart}) as {@code image/png};</li>
 *   <li>a Tablesaw {@code Table} as {@code text/html} and {@code text/plain};</li>
 *   <li>a {@code String} as its own text; anything else as {@code text/plain}, JShell style.</li>
 * </ul>
 * XChart and Tablesaw are reached by reflection through the value's own class loader, so the kernel needs neither
 * at compile time and works with whichever version a notebook loads.
 */
final class Renderers {
    private static final String XCHART_CHART = "org.knowm.xchart.internal.chartpart.Chart";
    private static final String TABLESAW_RELATION = "tech.tablesaw.table.Relation";
    private static final int TABLE_ROWS_SHOWN = 20;

    private Renderers() {
    }

    /**
     * Renders a value.
     *
     * @param value     the value; not null
     * @param plainText how to write a value that has no richer form as text (JShell's value string)
     */
    static MimeBundle render(Object value, Function<Object, String> plainText) {
        if (value instanceof MimeBundle) {
            return (MimeBundle) value;
        }
        if (value instanceof CharSequence) {
            return new MimeBundle().put("text/plain", value.toString());
        }
        try {
            if (value instanceof RenderedImage) {
                RenderedImage image = (RenderedImage) value;
                return new MimeBundle()
                        .put("image/png", png(image))
                        .put("text/plain", value.getClass().getSimpleName() + " " + image.getWidth() + "x" + image.getHeight());
            }
            if (isA(value.getClass(), XCHART_CHART)) {
                return chart(value);
            }
            if (isA(value.getClass(), TABLESAW_RELATION)) {
                return table(value);
            }
        } catch (ReflectiveOperationException | IOException e) {
            return new MimeBundle().put("text/plain", plainText.apply(value)
                    + "\n(could not render it richer: " + e + ")");
        }
        return new MimeBundle().put("text/plain", plainText.apply(value));
    }

    private static boolean isA(Class<?> type, String className) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    private static String png(RenderedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("no PNG writer for " + image.getClass().getName());
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static MimeBundle chart(Object chart) throws ReflectiveOperationException, IOException {
        ClassLoader loader = chart.getClass().getClassLoader();
        Class<?> chartType = Class.forName(XCHART_CHART, false, loader);
        Class<?> encoder = Class.forName("org.knowm.xchart.BitmapEncoder", true, loader);
        Method toImage = encoder.getMethod("getBufferedImage", chartType);
        RenderedImage image = (RenderedImage) toImage.invoke(null, chart);
        String title = String.valueOf(chartType.getMethod("getTitle").invoke(chart));
        return new MimeBundle()
                .put("image/png", png(image))
                .put("text/plain", chart.getClass().getSimpleName() + (title.isEmpty() ? "" : " '" + title + "'"));
    }

    private static MimeBundle table(Object table) throws ReflectiveOperationException {
        Class<?> relation = Class.forName(TABLESAW_RELATION, false, table.getClass().getClassLoader());
        String name = String.valueOf(relation.getMethod("name").invoke(table));
        @SuppressWarnings("unchecked")
        List<String> columns = (List<String>) relation.getMethod("columnNames").invoke(table);
        int rows = (Integer) relation.getMethod("rowCount").invoke(table);
        Method cell = relation.getMethod("getString", int.class, int.class);

        StringBuilder html = new StringBuilder("<table class=\"dataframe\">\n");
        if (name != null && !name.isEmpty() && !"null".equals(name)) {
            html.append("<caption>").append(escape(name)).append("</caption>\n");
        }
        html.append("<thead><tr>");
        for (String column : columns) {
            html.append("<th>").append(escape(column)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int shown = Math.min(rows, TABLE_ROWS_SHOWN);
        for (int r = 0; r < shown; r++) {
            html.append("<tr>");
            for (int c = 0; c < columns.size(); c++) {
                html.append("<td>").append(escape(String.valueOf(cell.invoke(table, r, c)))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        if (rows > shown) {
            html.append("<p>").append(rows - shown).append(" more rows (").append(rows).append(" in all)</p>\n");
        }
        String text = String.valueOf(relation.getMethod("print", int.class).invoke(table, TABLE_ROWS_SHOWN));
        return new MimeBundle().put("text/html", html.toString()).put("text/plain", text);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
