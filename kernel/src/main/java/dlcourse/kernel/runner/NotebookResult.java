package dlcourse.kernel.runner;

import dlcourse.kernel.engine.CellResult;
import dlcourse.kernel.notebook.NotebookFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/** An executed notebook: its JSON with outputs (nbformat 4.5) and each code cell's result, in order. */
public final class NotebookResult {
    private final NotebookFile notebook;
    private final Map<Integer, CellResult> resultsByCellIndex;

    NotebookResult(NotebookFile notebook, Map<Integer, CellResult> resultsByCellIndex) {
        this.notebook = notebook;
        this.resultsByCellIndex = Map.copyOf(resultsByCellIndex);
    }

    /** The results of the code cells that ran, by cell index (0-based, counting every cell). */
    public Map<Integer, CellResult> cellResults() {
        return resultsByCellIndex;
    }

    /** The index of the first cell that did not complete, if any. */
    public OptionalInt firstFailedCell() {
        return IntStream.range(0, notebook.cells().size())
                .filter(i -> resultsByCellIndex.containsKey(i) && resultsByCellIndex.get(i).status().failed())
                .findFirst();
    }

    /** True if a cell errored, timed out, was interrupted or lost its JVM. */
    public boolean failed() {
        return firstFailedCell().isPresent();
    }

    /** The executed notebook as nbformat 4.5 JSON. */
    public String toJson() {
        return notebook.toJson();
    }

    /** Writes the executed notebook. */
    public void write(Path file) throws IOException {
        notebook.write(file);
    }

    /** The source file's cells that ran, for messages. */
    List<Integer> ranCells() {
        return resultsByCellIndex.keySet().stream().sorted().toList();
    }
}
