package dlcourse.viz;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * Shows XChart charts as pictures and Tablesaw tables as HTML tables in a Java kernel that is not the course's own,
 * IJava or JJava: one call in the first cell of a notebook,
 * {@code dlcourse.viz.Display.install();} (written out in full: IJava has a class of its own named {@code Display}).
 *
 * <p>Why it is needed: the course's kernel renders charts and tables by their type on its own, but IJava and JJava
 * know only images; a chart that is a cell's last expression shows there as {@code org.knowm.xchart.XYChart@44fe6dc2}
 * and a table as plain text. Both kernels run the cells in their own JVM and keep a {@code Renderer} that maps a
 * type to a function filling a MIME bundle; {@link #install()} finds the running kernel and registers a function
 * for {@link Chart} (every XChart chart) and {@link Table} there. The kernels are reached by reflection, so the
 * library needs neither at build time:
 * <ul>
 *   <li>JJava: {@code org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel()};</li>
 *   <li>IJava: {@code io.github.spencerpark.ijava.IJava.getKernelInstance()}.</li>
 * </ul>
 * On the course's kernel, and in plain {@code jshell} or an IDE, neither returns a kernel and {@code install()}
 * does nothing. The bundles are the same as the course's kernel makes: a chart as {@code image/png} at its own
 * size, a table as a {@code text/html} table of its first {@value #TABLE_ROWS_SHOWN} rows.
 *
 * <p>Used in the first cell of every notebook in {@code notebooks/}; tested in {@code DisplayTest} (with the
 * {@code Renderer} of JJava's base kernel and in a plain JShell, as IJava and JJava load the library).
 */
public final class Display {
    /** How many rows of a table the HTML shows; the rest are counted below it. */
    public static final int TABLE_ROWS_SHOWN = 20;

    private static final String JJAVA_KERNEL = "org.dflib.jjava.jupyter.kernel.BaseKernel";
    private static final String IJAVA_KERNEL = "io.github.spencerpark.ijava.IJava";

    /** The renderer the functions went to last, so that running the first cell again adds none twice. */
    private static Object registeredWith;

    private Display() {}

    /**
     * Registers the chart and table renderers with the IJava or JJava kernel this code runs in; does nothing on any
     * other kernel or outside a kernel, and nothing the second time. Returns nothing, so that a cell ending in this
     * call shows no output on any kernel.
     */
    public static void install() {
        installedInto();
    }

    /** What {@link #install()} does, saying where: "JJava", "IJava", or "none" when there is no such kernel. */
    static synchronized String installedInto() {
        Object renderer = foreignKernelRenderer();
        if (renderer == null) {
            return "none";
        }
        if (renderer != registeredWith) {
            registerWith(renderer);
            registeredWith = renderer;
        }
        return renderer.getClass().getName().startsWith("io.github.spencerpark") ? "IJava" : "JJava";
    }

    /**
     * Registers the chart and table renderers with a kernel's {@code Renderer} (JJava's
     * {@code org.dflib.jjava.jupyter.kernel.display.Renderer} or IJava's
     * {@code io.github.spencerpark.jupyter.kernel.display.Renderer}).
     *
     * @throws IllegalArgumentException if {@code renderer} does not have that class's methods
     */
    public static void registerWith(Object renderer) {
        register(renderer, Chart.class, "image/png");
        register(renderer, Table.class, "text/html");
    }

    /**
     * The MIME bundle the course shows for a value: a chart as {@code image/png} (Base64) with a one-line
     * {@code text/plain}; a table as {@code text/html} with its text print-out; a {@link BufferedImage} as
     * {@code image/png}; anything else as {@code text/plain}, its {@code toString()}.
     */
    public static Map<String, String> bundle(Object value) {
        Map<String, String> bundle = new LinkedHashMap<>();
        if (value instanceof Chart) {
            Chart<?, ?> chart = (Chart<?, ?>) value;
            Headless.ensure();
            bundle.put("image/png", png(BitmapEncoder.getBufferedImage(chart)));
            String title = chart.getTitle() == null ? "" : chart.getTitle();
            bundle.put("text/plain", chart.getClass().getSimpleName() + (title.isEmpty() ? "" : " '" + title + "'"));
        } else if (value instanceof Table) {
            Table table = (Table) value;
            bundle.put("text/html", html(table));
            bundle.put("text/plain", table.print(TABLE_ROWS_SHOWN));
        } else if (value instanceof BufferedImage) {
            BufferedImage image = (BufferedImage) value;
            bundle.put("image/png", png(image));
            bundle.put("text/plain", "BufferedImage " + image.getWidth() + "x" + image.getHeight());
        } else {
            bundle.put("text/plain", String.valueOf(value));
        }
        return bundle;
    }

    /** The running IJava or JJava kernel's {@code Renderer}, or null when this code does not run in one. */
    private static Object foreignKernelRenderer() {
        for (String[] access : new String[][] {{JJAVA_KERNEL, "notebookKernel"}, {IJAVA_KERNEL, "getKernelInstance"}}) {
            Class<?> type = findClass(access[0]);
            if (type == null) {
                continue;
            }
            try {
                Object kernel = type.getMethod(access[1]).invoke(null);
                if (kernel != null) {
                    return kernel.getClass().getMethod("getRenderer").invoke(kernel);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a class of that name that is not the kernel we know: not a kernel to register with
            }
        }
        return null;
    }

    private static Class<?> findClass(String name) {
        for (ClassLoader loader : new ClassLoader[] {Display.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader(), ClassLoader.getSystemClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return null;
    }

    /**
     * renderer.createRegistration(type).preferring(mime).supporting(mime).register((value, context) ->
     * context.getOutputContainer().putData(...)), written with reflection.
     */
    private static void register(Object renderer, Class<?> type, String mime) {
        try {
            Object registration = renderer.getClass().getMethod("createRegistration", Class.class)
                    .invoke(renderer, type);
            Class<?> registrationType = registration.getClass();
            registration = registrationType.getMethod("preferring", String[].class)
                    .invoke(registration, (Object) new String[] {mime});
            registration = registrationType.getMethod("supporting", String[].class)
                    .invoke(registration, (Object) new String[] {mime});
            Method register = null;
            for (Method m : registrationType.getMethods()) {
                if (m.getName().equals("register") && m.getParameterCount() == 1) {
                    register = m;
                }
            }
            if (register == null) {
                throw new NoSuchMethodException(registrationType.getName() + ".register(RenderFunction)");
            }
            Class<?> functionType = register.getParameterTypes()[0];
            InvocationHandler handler = (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    switch (method.getName()) {
                        case "equals": return proxy == args[0];
                        case "hashCode": return System.identityHashCode(proxy);
                        default: return "dlcourse.viz.Display renderer for " + type.getSimpleName();
                    }
                }
                fill(args[1], bundle(args[0]));
                return null;
            };
            Object function = Proxy.newProxyInstance(functionType.getClassLoader(), new Class<?>[] {functionType},
                    handler);
            register.invoke(registration, function);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("Display: cannot register a renderer with "
                    + renderer.getClass().getName() + " (expected the Renderer of IJava's or JJava's base kernel,"
                    + " with createRegistration(Class), preferring(String...) and register(RenderFunction)): " + e,
                    e);
        }
    }

    /** context.getOutputContainer().putData(mime, data) for every entry of the bundle. */
    private static void fill(Object context, Map<String, String> bundle) throws ReflectiveOperationException {
        Object container = context.getClass().getMethod("getOutputContainer").invoke(context);
        Method putData = container.getClass().getMethod("putData", String.class, Object.class);
        for (Map.Entry<String, String> entry : bundle.entrySet()) {
            putData.invoke(container, entry.getKey(), entry.getValue());
        }
    }

    private static String png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Display: could not encode a PNG", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static String html(Table table) {
        List<String> columns = table.columnNames();
        StringBuilder html = new StringBuilder("<table class=\"dataframe\">\n");
        String name = table.name();
        if (name != null && !name.isEmpty()) {
            html.append("<caption>").append(escape(name)).append("</caption>\n");
        }
        html.append("<thead><tr>");
        for (String column : columns) {
            html.append("<th>").append(escape(column)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int shown = Math.min(table.rowCount(), TABLE_ROWS_SHOWN);
        for (int r = 0; r < shown; r++) {
            html.append("<tr>");
            for (int c = 0; c < columns.size(); c++) {
                html.append("<td>").append(escape(table.getString(r, c))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        if (table.rowCount() > shown) {
            html.append("<p>").append(table.rowCount() - shown).append(" more rows (")
                    .append(table.rowCount()).append(" in all)</p>\n");
        }
        return html.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
