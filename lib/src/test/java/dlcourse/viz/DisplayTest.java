package dlcourse.viz;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The path a chart or a table takes on a kernel that is not the course's own (IJava, JJava): the library is loaded
 * into the kernel's JVM, the first cell's {@code Display.install()} registers render functions with the kernel's
 * {@code Renderer}, and the kernel renders a cell's last value through them. The {@code Renderer} here is the real
 * one of JJava's base kernel (jjava-jupyter 1.0-a6, the version served on Maven Central); IJava's base kernel has
 * the same methods in another package.
 */
class DisplayTest {
    private static final String PNG_BASE64_SIGNATURE = "iVBORw0KGgo"; // the 8 bytes every PNG starts with

    static XYChart chart() {
        XYChart chart = new XYChartBuilder().width(320).height(240).title("loss").build();
        chart.addSeries("train", new double[] {1, 2, 3}, new double[] {0.9, 0.5, 0.3});
        return chart;
    }

    static Table table() {
        return Table.create("history", IntColumn.create("epoch", 1, 2, 3),
                DoubleColumn.create("loss", 0.9, 0.5, 0.3));
    }

    static BufferedImage decodePng(String base64) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    @Nested
    @DisplayName("the bundle")
    class Bundle {
        @Test
        @DisplayName("a chart is a PNG of the chart's own size, named in text/plain")
        void chartIsPng() throws IOException {
            Map<String, String> bundle = Display.bundle(chart());
            BufferedImage image = decodePng(bundle.get("image/png"));
            assertAll(
                    () -> assertEquals(320, image.getWidth()),
                    () -> assertEquals(240, image.getHeight()),
                    () -> assertEquals("XYChart 'loss'", bundle.get("text/plain")));
        }

        @Test
        @DisplayName("a table is an HTML table with a caption, a header and one row per table row")
        void tableIsHtml() {
            String html = Display.bundle(table()).get("text/html");
            assertAll(
                    () -> assertTrue(html.startsWith("<table"), html),
                    () -> assertTrue(html.contains("<caption>history</caption>"), html),
                    () -> assertTrue(html.contains("<th>epoch</th><th>loss</th>"), html),
                    () -> assertEquals(3, html.split("<tr><td>", -1).length - 1, html));
        }

        @Test
        @DisplayName("a long table shows its first rows and counts the rest")
        void longTable() {
            int rows = Display.TABLE_ROWS_SHOWN + 5;
            int[] epochs = new int[rows];
            for (int i = 0; i < rows; i++) {
                epochs[i] = i;
            }
            String html = Display.bundle(Table.create("long", IntColumn.create("epoch", epochs))).get("text/html");
            assertAll(
                    () -> assertEquals(Display.TABLE_ROWS_SHOWN, html.split("<tr><td>", -1).length - 1),
                    () -> assertTrue(html.contains("5 more rows (" + rows + " in all)"), html));
        }

        @Test
        @DisplayName("cell text is escaped")
        void escapes() {
            Table t = Table.create("a<b", tech.tablesaw.api.StringColumn.create("x&y", "<script>"));
            String html = Display.bundle(t).get("text/html");
            assertAll(
                    () -> assertTrue(html.contains("<caption>a&lt;b</caption>"), html),
                    () -> assertTrue(html.contains("<th>x&amp;y</th>"), html),
                    () -> assertFalse(html.contains("<script>"), html));
        }

        @Test
        @DisplayName("anything else is its text")
        void other() {
            assertEquals(Map.of("text/plain", "42"), Display.bundle(42));
        }
    }

    @Nested
    @DisplayName("with the Renderer of JJava's base kernel")
    class WithJJavaRenderer {
        @Test
        @DisplayName("without the hook a chart renders only as text (what students saw on JJava and IJava)")
        void withoutHook() {
            DisplayData data = new Renderer().render(chart());
            assertAll(
                    () -> assertNull(data.getData(MIMEType.IMAGE_PNG)),
                    () -> assertTrue(String.valueOf(data.getData(MIMEType.TEXT_PLAIN))
                            .startsWith("org.knowm.xchart.XYChart@")));
        }

        @Test
        @DisplayName("with the hook a chart renders as image/png and a table as text/html")
        void withHook() throws IOException {
            Renderer renderer = new Renderer();
            Display.registerWith(renderer);
            DisplayData chart = renderer.render(chart());
            DisplayData table = renderer.render(table());
            assertEquals(320, decodePng((String) chart.getData(MIMEType.IMAGE_PNG)).getWidth());
            assertAll(
                    () -> assertEquals("XYChart 'loss'", chart.getData(MIMEType.TEXT_PLAIN)),
                    () -> assertTrue(String.valueOf(table.getData(MIMEType.TEXT_HTML)).contains("<th>loss</th>")),
                    () -> assertTrue(String.valueOf(table.getData(MIMEType.TEXT_PLAIN)).contains("epoch")));
        }

        @Test
        @DisplayName("a renderer of another kind is refused with a message that names it")
        void wrongRenderer() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Display.registerWith(new Object()));
            assertTrue(e.getMessage().contains("java.lang.Object") && e.getMessage().contains("createRegistration"),
                    e.getMessage());
        }

        @Test
        @DisplayName("install() finds a running JJava kernel, registers once, and does nothing outside a kernel")
        void installFindsTheKernel() {
            assertEquals("none", Display.installedInto(), "no kernel is running yet");
            MinimalKernel kernel = new MinimalKernel();
            kernel.start();
            try {
                assertEquals("JJava", Display.installedInto());
                assertEquals("JJava", Display.installedInto(), "a second call is harmless");
                DisplayData data = kernel.getRenderer().render(chart());
                assertNotNull(data.getData(MIMEType.IMAGE_PNG), "the kernel renders the chart as a picture");
            } finally {
                kernel.stop();
            }
            assertEquals("none", Display.installedInto());
        }
    }

    @Nested
    @DisplayName("with the Renderer of IJava's base kernel (jupyter-jvm-basekernel 2.3.0, which IJava builds on)")
    class WithIJavaRenderer {
        @Test
        @DisplayName("with the hook a chart renders as image/png and a table as text/html; without, as text")
        void withHook() throws IOException {
            io.github.spencerpark.jupyter.kernel.display.Renderer plain =
                    new io.github.spencerpark.jupyter.kernel.display.Renderer();
            io.github.spencerpark.jupyter.kernel.display.Renderer hooked =
                    new io.github.spencerpark.jupyter.kernel.display.Renderer();
            Display.registerWith(hooked);
            var png = io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.IMAGE_PNG;
            var html = io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML;
            Object picture = hooked.render(chart()).getData(png);
            assertNotNull(picture, "a picture with the hook");
            assertEquals(240, decodePng((String) picture).getHeight());
            assertAll(
                    () -> assertNull(plain.render(chart()).getData(png), "no picture without the hook"),
                    () -> assertTrue(String.valueOf(hooked.render(table()).getData(html)).contains("<th>epoch</th>")),
                    () -> assertNull(plain.render(table()).getData(html), "no HTML without the hook"));
        }
    }

    @Test
    @DisplayName("in a plain JShell that loads the library as IJava and JJava do, the hook renders a chart and a table")
    void inPlainJShell() throws IOException {
        // The kernels add the notebook's jars to JShell's class path (%classpath) and evaluate the cells there.
        // Here the execution JVM is JShell's own remote one, which sees only the class path added below.
        try (JShell shell = JShell.builder().out(System.out).err(System.err).build()) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!entry.contains("test-classes") && !entry.contains("surefire")) {
                    shell.addToClasspath(entry);
                }
            }
            eval(shell, "import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;");
            eval(shell, "var renderer = new org.dflib.jjava.jupyter.kernel.display.Renderer();");
            eval(shell, "var chart = new org.knowm.xchart.XYChartBuilder().width(320).height(240).title(\"loss\")"
                    + ".build();");
            eval(shell, "chart.addSeries(\"train\", new double[] {1, 2, 3}, new double[] {0.9, 0.5, 0.3});");
            eval(shell, "var table = tech.tablesaw.api.Table.create(\"history\","
                    + " tech.tablesaw.api.IntColumn.create(\"epoch\", 1, 2, 3));");
            assertEquals("true", eval(shell, "renderer.render(chart).getData(MIMEType.IMAGE_PNG) == null"),
                    "before the hook, no picture");
            eval(shell, "dlcourse.viz.Display.install();");
            eval(shell, "dlcourse.viz.Display.registerWith(renderer);");
            String png = eval(shell, "(String) renderer.render(chart).getData(MIMEType.IMAGE_PNG)");
            String html = eval(shell, "(String) renderer.render(table).getData(MIMEType.TEXT_HTML)");
            png = png.substring(1, png.length() - 1); // JShell quotes a String value
            assertTrue(png.startsWith(PNG_BASE64_SIGNATURE), png.substring(0, Math.min(40, png.length())));
            BufferedImage image = decodePng(png);
            assertAll(
                    () -> assertEquals(320, image.getWidth()),
                    () -> assertEquals(240, image.getHeight()),
                    () -> assertTrue(html.contains("<th>epoch</th>"), html));
        }
    }

    /** Evaluates one snippet and returns its value; fails on a compile error or an exception. */
    private static String eval(JShell shell, String code) {
        List<String> problems = new ArrayList<>();
        String value = null;
        for (SnippetEvent event : shell.eval(code)) {
            if (event.exception() != null) {
                problems.add(event.exception().toString());
            }
            if (event.status() == Snippet.Status.REJECTED) {
                shell.diagnostics(event.snippet()).forEach(d -> problems.add(d.getMessage(null)));
            }
            value = event.value();
        }
        assertEquals(List.of(), problems, "JShell: " + code);
        return value;
    }

    /** The smallest JJava kernel: enough to be the running notebook kernel, with JJava's own Renderer. */
    static final class MinimalKernel extends BaseKernel {
        MinimalKernel() {
            super("test", "0", new LanguageInfo("java", "17", "text/x-java", ".java", "java", "java", "java"),
                    List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null,
                    new MagicsRegistry(), false, new StringStyler("", "", "", line -> ""));
        }

        void start() {
            installNotebookKernel();
        }

        void stop() {
            uninstallNotebookKernel();
        }

        @Override
        public Object evalRaw(String source) {
            throw new UnsupportedOperationException("this test kernel evaluates nothing");
        }

        @Override
        public DisplayData inspect(String code, int at, boolean extraDetail) {
            return null;
        }

        @Override
        public ReplacementOptions complete(String code, int at) {
            return null;
        }

        @Override
        public String isComplete(String code) {
            return IS_COMPLETE_YES;
        }
    }
}
