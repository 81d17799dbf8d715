package dlcourse.grader.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dlcourse.kernel.notebook.NotebookFile;
import dlcourse.kernel.notebook.NotebookFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Jupyter notebook (nbformat 4) as the grader sees it: its top-level JSON kept as read, its cells as
 * {@link Cell}s with their nbgrader metadata. Reading and writing is the kernel's {@link NotebookFile} (the one
 * reader and writer of notebooks: hardened against hostile files, and writing what Jupyter writes); this class
 * adds the grading view.
 */
public final class Notebook {
    private final String name;
    private final JsonObject json;
    private final List<Cell> cells;
    private final int minorVersion;

    private Notebook(String name, JsonObject json, List<Cell> cells, int minorVersion) {
        this.name = name;
        this.json = json;
        this.cells = List.copyOf(cells);
        this.minorVersion = minorVersion;
    }

    /** The largest notebook file the grader reads (the reader's cap). */
    public static final long MAX_FILE_BYTES = NotebookFile.MAX_FILE_BYTES;

    /**
     * Reads a notebook file with {@link NotebookFile#read}: a link, a folder, a pipe, a file over
     * {@link #MAX_FILE_BYTES} or bytes that are not UTF-8 are refused with a message that starts with the file's
     * name and says what to do; then checks the cells' nbgrader metadata.
     */
    public static Notebook read(Path file) throws NotebookFormatException {
        NotebookFile notebook;
        try {
            notebook = NotebookFile.read(file);
        } catch (IOException e) {
            String message = e.getMessage();
            throw new NotebookFormatException(file, "it cannot be read ("
                    + (message == null || message.isBlank() ? e.getClass().getSimpleName() : message) + ")");
        }
        return of(notebook, file.toString());
    }

    /** Parses notebook JSON; {@code name} is how messages refer to it. */
    public static Notebook parse(String text, String name) throws NotebookFormatException {
        return of(NotebookFile.parse(text, Path.of(name)), name);
    }

    private static Notebook of(NotebookFile file, String name) throws NotebookFormatException {
        List<Cell> cells = new ArrayList<>();
        List<JsonObject> jsonCells = file.cells();
        for (int i = 0; i < jsonCells.size(); i++) {
            cells.add(Cell.fromJson(jsonCells.get(i), file.path(), i + 1));
        }
        JsonObject rest = file.json().deepCopy();
        rest.remove("cells");
        return new Notebook(name, rest, cells, file.minorVersionAsRead());
    }

    /** How messages name this notebook (its path as given). */
    public String name() {
        return name;
    }

    public List<Cell> cells() {
        return cells;
    }

    /** The nbformat_minor the file declared (reading upgrades to 4.5), or -1 if absent. */
    public int minorVersion() {
        return minorVersion;
    }

    /** The kernelspec's name, or null. */
    public String kernelName() {
        JsonElement metadata = json.get("metadata");
        if (metadata == null || !metadata.isJsonObject()) {
            return null;
        }
        JsonElement spec = metadata.getAsJsonObject().get("kernelspec");
        if (spec == null || !spec.isJsonObject() || !spec.getAsJsonObject().has("name")
                || !spec.getAsJsonObject().get("name").isJsonPrimitive()) {
            return null;
        }
        return spec.getAsJsonObject().get("name").getAsString();
    }

    /** The same notebook with other cells. */
    public Notebook withCells(List<Cell> newCells) {
        return new Notebook(name, json, newCells, minorVersion);
    }

    /** The notebook's JSON text as Jupyter writes it ({@link NotebookFile#toJson(JsonObject)}). */
    public String toJson() {
        JsonObject whole = json.deepCopy();
        JsonArray array = new JsonArray();
        for (Cell cell : cells) {
            array.add(cell.json().deepCopy());
        }
        whole.add("cells", array);
        return NotebookFile.toJson(whole);
    }

    /** Writes the notebook to a file, creating its folder. */
    public void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }
}
