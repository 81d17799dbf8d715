package dlcourse.kernel.notebook;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An nbformat 4 notebook as JSON, read and checked, with every field kept as it was: the one reader and writer of
 * notebook files in the kernel module (the notebook runner, {@code %load}; the grader can use it too). Reading
 * upgrades it to nbformat 4.5 (every cell gets an id, duplicates get a new one).
 *
 * <pre>{@code
 * NotebookFile nb = NotebookFile.read(Path.of("notebooks/00-getting-started.ipynb"));
 * for (JsonObject cell : nb.codeCells()) {
 *     String code = NotebookFile.source(cell);
 * }
 * nb.write(Path.of("out.ipynb"));
 * }</pre>
 */
public final class NotebookFile {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path path;
    private final JsonObject json;

    private NotebookFile(Path path, JsonObject json) {
        this.path = path;
        this.json = json;
    }

    /**
     * Reads and checks a notebook file.
     *
     * @throws NotebookFormatException if it is not a regular file holding an nbformat 4 notebook (the message says
     *                                 what is wrong); never any other exception for bad content
     */
    public static NotebookFile read(Path path) throws IOException, NotebookFormatException {
        if (Files.isDirectory(path)) {
            throw new NotebookFormatException(path, "it is a folder; give the .ipynb file inside it");
        }
        if (!Files.isRegularFile(path)) {
            throw new NotebookFormatException(path, "there is no such file");
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new NotebookFormatException(path, "it is not UTF-8 text; save it again with Jupyter");
        }
        return parse(text, path);
    }

    /**
     * Checks a notebook given as JSON text; {@code path} names it in messages and is where {@link #path()} points.
     *
     * @throws NotebookFormatException if it is not an nbformat 4 notebook (the message says what is wrong)
     */
    public static NotebookFile parse(String text, Path path) throws NotebookFormatException {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(text);
        } catch (JsonParseException | StackOverflowError e) {
            throw new NotebookFormatException(path, "it is not JSON (" + e.getMessage() + ")");
        }
        if (!parsed.isJsonObject()) {
            throw new NotebookFormatException(path, "its JSON is not an object");
        }
        JsonObject json = parsed.getAsJsonObject();
        if (!isInteger(json.get("nbformat"), 4)) {
            String found = String.valueOf(json.get("nbformat"));
            throw new NotebookFormatException(path, "it is not nbformat 4 (found nbformat "
                    + (found.length() > 40 ? found.substring(0, 40) + "..." : found) + "); save it with Jupyter 4 or newer");
        }
        if (!json.has("cells") || !json.get("cells").isJsonArray()) {
            throw new NotebookFormatException(path, "it has no \"cells\" list");
        }
        if (!json.has("metadata") || !json.get("metadata").isJsonObject()) {
            json.add("metadata", new JsonObject());
        }
        Set<String> ids = new HashSet<>();
        JsonArray cells = json.getAsJsonArray("cells");
        for (int i = 0; i < cells.size(); i++) {
            if (!cells.get(i).isJsonObject()) {
                throw new NotebookFormatException(path, "cell " + (i + 1) + " is not a JSON object");
            }
            JsonObject cell = cells.get(i).getAsJsonObject();
            String type = cell.has("cell_type") && isString(cell.get("cell_type")) ? cell.get("cell_type").getAsString() : null;
            if (!"code".equals(type) && !"markdown".equals(type) && !"raw".equals(type)) {
                throw new NotebookFormatException(path, "cell " + (i + 1) + " has cell_type " + cell.get("cell_type")
                        + "; it must be \"code\", \"markdown\" or \"raw\"");
            }
            if (!cell.has("source") || !(isStringArray(cell.get("source")) || isString(cell.get("source")))) {
                throw new NotebookFormatException(path, "cell " + (i + 1) + " has no \"source\" text");
            }
            if (!cell.has("metadata") || !cell.get("metadata").isJsonObject()) {
                cell.add("metadata", new JsonObject());
            }
            String id = cell.has("id") && isString(cell.get("id")) ? cell.get("id").getAsString() : null;
            if (id == null || id.isEmpty() || !ids.add(id)) {
                id = UUID.randomUUID().toString().substring(0, 8);
                ids.add(id);
                cell.addProperty("id", id);
            }
        }
        json.addProperty("nbformat", 4);
        int minor = json.has("nbformat_minor") && isInteger(json.get("nbformat_minor"), -1)
                ? json.get("nbformat_minor").getAsInt() : 5;
        json.addProperty("nbformat_minor", Math.max(5, minor));
        return new NotebookFile(path, json);
    }

    /** True if {@code e} is a small whole number, equal to {@code expected} unless that is -1. */
    private static boolean isInteger(JsonElement e, int expected) {
        if (e == null || !e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
            return false;
        }
        try {
            int value = new java.math.BigDecimal(e.getAsString()).intValueExact();
            return expected == -1 ? value >= 0 : value == expected;
        } catch (ArithmeticException | NumberFormatException notSmallWhole) {
            return false;
        }
    }

    private static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && ((JsonPrimitive) e).isString();
    }

    private static boolean isStringArray(JsonElement e) {
        if (!e.isJsonArray()) {
            return false;
        }
        for (JsonElement line : e.getAsJsonArray()) {
            if (!isString(line)) {
                return false;
            }
        }
        return true;
    }

    /** The file this notebook was read from. */
    public Path path() {
        return path;
    }

    /** The whole notebook as JSON (live: changes to it are written by {@link #toJson()}). */
    public JsonObject json() {
        return json;
    }

    /** Every cell, in order (live JSON objects). */
    public List<JsonObject> cells() {
        List<JsonObject> cells = new ArrayList<>();
        json.getAsJsonArray("cells").forEach(c -> cells.add(c.getAsJsonObject()));
        return cells;
    }

    /** The code cells, in order. */
    public List<JsonObject> codeCells() {
        return cells().stream().filter(c -> "code".equals(c.get("cell_type").getAsString())).toList();
    }

    /** A cell's source as one string (nbformat allows a list of lines). */
    public static String source(JsonObject cell) {
        JsonElement source = cell.get("source");
        if (source.isJsonArray()) {
            StringBuilder text = new StringBuilder();
            source.getAsJsonArray().forEach(line -> text.append(line.getAsString()));
            return text.toString();
        }
        return source.getAsString();
    }

    /** The notebook as nbformat 4.5 JSON text, indented as Jupyter writes it. */
    public String toJson() {
        return GSON.toJson(json) + "\n";
    }

    /** Writes {@link #toJson()} to a file, creating its folder. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    /** A value (maps, lists, strings, numbers) as JSON, for example a cell output's {@code toNbformat()}. */
    public static JsonElement toJsonTree(Object value) {
        return GSON.toJsonTree(value);
    }
}
