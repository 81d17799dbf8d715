package dlcourse.grader.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dlcourse.kernel.notebook.NotebookFile;
import dlcourse.kernel.notebook.NotebookFormatException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One notebook cell, kept as its JSON so that nothing a tool wrote into it is lost; read through typed
 * accessors, changed through {@code with...} methods that return a new cell.
 */
public final class Cell {
    private final JsonObject json;
    private final GradeMeta meta;

    Cell(JsonObject json, GradeMeta meta) {
        this.json = json;
        this.meta = meta;
    }

    /**
     * Makes a cell of one that {@link NotebookFile} has checked (a type, a source); reads its nbgrader metadata.
     * {@code file} and {@code number} (from 1) name the cell in error messages.
     */
    static Cell fromJson(JsonObject o, Path file, int number) throws NotebookFormatException {
        GradeMeta meta = null;
        JsonElement metadata = o.get("metadata");
        if (metadata != null && metadata.isJsonObject()) {
            JsonElement nbgrader = metadata.getAsJsonObject().get("nbgrader");
            if (nbgrader != null && nbgrader.isJsonObject()) {
                meta = GradeMeta.fromJson(nbgrader.getAsJsonObject(), file, "cell " + number);
            }
        }
        return new Cell(o.deepCopy(), meta);
    }

    public String id() {
        JsonElement id = json.get("id");
        return id != null && id.isJsonPrimitive() ? id.getAsString() : null;
    }

    /** "code", "markdown" or "raw". */
    public String type() {
        return json.get("cell_type").getAsString();
    }

    public boolean isCode() {
        return "code".equals(type());
    }

    /** The cell's text, its lines joined. */
    public String source() {
        return NotebookFile.source(json);
    }

    /** The nbgrader metadata, if the cell has some. */
    public Optional<GradeMeta> grading() {
        return Optional.ofNullable(meta);
    }

    /** The grade_id, or null for a cell without nbgrader metadata. */
    public String gradeId() {
        return meta == null ? null : meta.gradeId();
    }

    public boolean isSolution() {
        return meta != null && meta.solution();
    }

    public boolean isTest() {
        return meta != null && meta.isTest();
    }

    public boolean hasOutputs() {
        JsonElement outputs = json.get("outputs");
        return outputs != null && outputs.isJsonArray() && outputs.getAsJsonArray().size() > 0;
    }

    /** The same cell with another source text. */
    public Cell withSource(String source) {
        JsonObject copy = json.deepCopy();
        copy.add("source", new JsonPrimitive(source));
        return new Cell(copy, meta);
    }

    /** The same cell with no outputs and no execution count (code cells), as notebooks are committed. */
    public Cell withoutOutputs() {
        JsonObject copy = json.deepCopy();
        if (isCode()) {
            copy.add("outputs", new JsonArray());
            copy.add("execution_count", com.google.gson.JsonNull.INSTANCE);
        }
        return new Cell(copy, meta);
    }

    JsonObject json() {
        return json;
    }

    /** A short name for messages: "cell 4 (grade_id 'elu')" or "cell 4 (id 'a1b2')". */
    public String describe(int index) {
        if (meta != null) {
            return "cell " + index + " (grade_id '" + meta.gradeId() + "')";
        }
        return id() != null ? "cell " + index + " (id '" + id() + "')" : "cell " + index;
    }
}
