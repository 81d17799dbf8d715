package dlcourse.kernel.runner;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dlcourse.kernel.engine.CellOutput;
import dlcourse.kernel.engine.CellResult;
import dlcourse.kernel.engine.ExecutionOptions;
import dlcourse.kernel.engine.ExecutionSession;
import dlcourse.kernel.engine.OutputListener;
import dlcourse.kernel.notebook.NotebookFile;
import dlcourse.kernel.notebook.NotebookFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Executes a notebook headless, top to bottom, in one fresh {@link ExecutionSession} whose working directory is the
 * notebook's folder (as in Jupyter), and fills in each code cell's outputs and execution count.
 *
 * <pre>{@code
 * NotebookRunner runner = new NotebookRunner(ExecutionOptions.builder()
 *         .cellTimeout(Duration.ofSeconds(60)).build(), false);
 * NotebookResult result = runner.run(Path.of("notebooks/00-getting-started.ipynb"));
 * result.write(Path.of("out.ipynb"));
 * if (result.failed()) { ... }
 * }</pre>
 */
public final class NotebookRunner {
    private final ExecutionOptions options;
    private final boolean allowErrors;
    private BiConsumer<Integer, CellResult> progress = (index, result) -> { };

    /**
     * @param options     the session's options; the working directory is replaced by the notebook's folder
     * @param allowErrors true to run every cell even after one fails; false to stop at the first failure
     */
    public NotebookRunner(ExecutionOptions options, boolean allowErrors) {
        this.options = options;
        this.allowErrors = allowErrors;
    }

    /** Called after each code cell with its index (0-based, counting every cell) and its result. */
    public NotebookRunner onCell(BiConsumer<Integer, CellResult> listener) {
        this.progress = listener;
        return this;
    }

    /**
     * Runs the notebook.
     *
     * @throws NotebookFormatException if the file is not an nbformat 4 notebook (the message says why)
     * @throws IOException             if it cannot be read or the execution JVM cannot start
     */
    public NotebookResult run(Path notebookFile) throws IOException, NotebookFormatException {
        NotebookFile notebook = NotebookFile.read(notebookFile);
        Path folder = notebookFile.toAbsolutePath().normalize().getParent();
        ExecutionOptions here = options.toBuilder().workingDirectory(folder).build();
        Map<Integer, CellResult> results = new LinkedHashMap<>();
        setKernelMetadata(notebook.json());
        List<LateOutputs> lateOutputs = new ArrayList<>();
        try (ExecutionSession session = ExecutionSession.start(here)) {
            int count = 0;
            boolean stopped = false;
            int index = -1;
            for (JsonObject cell : notebook.cells()) {
                index++;
                if (!"code".equals(cell.get("cell_type").getAsString())) {
                    continue;
                }
                JsonArray outputs = new JsonArray();
                cell.add("outputs", outputs);
                if (stopped) {
                    cell.add("execution_count", null);
                    continue;
                }
                count++;
                LateOutputs late = new LateOutputs(outputs);
                lateOutputs.add(late);
                CellResult result = session.execute(NotebookFile.source(cell), late, count);
                cell.addProperty("execution_count", count);
                for (CellOutput output : result.outputs()) {
                    outputs.add(NotebookFile.toJsonTree(output.toNbformat(count)));
                }
                results.put(index, result);
                progress.accept(index, result);
                if (result.status().failed() && !allowErrors) {
                    stopped = true;
                }
            }
        }
        lateOutputs.forEach(LateOutputs::addToCell); // the session is closed: no thread prints any more
        return new NotebookResult(notebook, results);
    }

    /**
     * Collects what a thread started by a cell prints after that cell ended (while later cells run); it is added to
     * that cell's outputs when the notebook has run, as Jupyter shows it under the cell. Outputs during the cell
     * come with its result.
     */
    private static final class LateOutputs implements OutputListener {
        final JsonArray cellOutputs;
        private final List<Object[]> streams = new ArrayList<>(); // {name, StringBuilder}

        LateOutputs(JsonArray cellOutputs) {
            this.cellOutputs = cellOutputs;
        }

        @Override
        public void output(CellOutput output) {
        }

        @Override
        public void updateDisplay(String displayId, Map<String, String> data) {
        }

        @Override
        public synchronized void lateOutput(CellOutput output) {
            if (output.type() != CellOutput.Type.STREAM) {
                return; // a display from a background thread: not kept headless
            }
            Object[] last = streams.isEmpty() ? null : streams.get(streams.size() - 1);
            if (last == null || !last[0].equals(output.streamName())) {
                last = new Object[] {output.streamName(), new StringBuilder()};
                streams.add(last);
            }
            ((StringBuilder) last[1]).append(output.text());
        }

        /** Adds the collected text to the cell's outputs. */
        synchronized void addToCell() {
            for (Object[] stream : streams) {
                cellOutputs.add(NotebookFile.toJsonTree(CellOutput.stream((String) stream[0], stream[1].toString())
                        .toNbformat()));
            }
        }
    }

    private static void setKernelMetadata(JsonObject notebook) {
        JsonObject metadata = notebook.getAsJsonObject("metadata");
        if (!metadata.has("kernelspec")) {
            JsonObject kernelspec = new JsonObject();
            kernelspec.addProperty("name", "java");
            kernelspec.addProperty("display_name", "Java");
            kernelspec.addProperty("language", "java");
            metadata.add("kernelspec", kernelspec);
        }
        JsonObject language = new JsonObject();
        language.addProperty("name", "java");
        language.addProperty("version", Runtime.version().toString());
        language.addProperty("mimetype", "text/x-java-source");
        language.addProperty("file_extension", ".jshell");
        language.addProperty("pygments_lexer", "java");
        language.addProperty("codemirror_mode", "text/x-java");
        metadata.add("language_info", language);
    }
}
