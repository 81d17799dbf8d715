package dlcourse.grader.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
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

    /** Reads a cell; {@code where} names the notebook and cell in error messages. */
    static Cell fromJson(JsonElement element, String where) throws NotebookFormatException {
        if (element == null || !element.isJsonObject()) {
            throw new NotebookFormatException(where + ": a cell must be a JSON object");
        }
        JsonObject o = element.getAsJsonObject();
        if (!o.has("cell_type") || !o.get("cell_type").isJsonPrimitive()) {
            throw new NotebookFormatException(where + ": cell without a cell_type");
        }
        if (!o.has("source")) {
            throw new NotebookFormatException(where + ": cell without a source");
        }
        sourceOf(o, where);
        GradeMeta meta = null;
        JsonElement metadata = o.get("metadata");
        if (metadata != null && metadata.isJsonObject()) {
            JsonElement nbgrader = metadata.getAsJsonObject().get("nbgrader");
            if (nbgrader != null && nbgrader.isJsonObject()) {
                meta = GradeMeta.fromJson(nbgrader.getAsJsonObject(), where);
            }
        }
        return new Cell(o.deepCopy(), meta);
    }

    private static String sourceOf(JsonObject o, String where) throws NotebookFormatException {
        JsonElement source = o.get("source");
        if (source.isJsonPrimitive() && source.getAsJsonPrimitive().isString()) {
            return source.getAsString();
        }
        if (source.isJsonArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonElement line : source.getAsJsonArray()) {
                if (!line.isJsonPrimitive() || !line.getAsJsonPrimitive().isString()) {
                    throw new NotebookFormatException(where + ": source lines must be strings");
                }
                text.append(line.getAsString());
            }
            return text.toString();
        }
        throw new NotebookFormatException(where + ": source must be a string or a list of strings");
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
        try {
            return sourceOf(json, "cell");
        } catch (NotebookFormatException e) {
            throw new IllegalStateException(e);
        }
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
