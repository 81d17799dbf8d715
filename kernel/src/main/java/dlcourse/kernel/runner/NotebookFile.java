package dlcourse.kernel.runner;

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
 * An nbformat 4 notebook as JSON, read and checked, with every field kept as it was. Reading upgrades it to
 * nbformat 4.5 (every cell gets an id).
 */
final class NotebookFile {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    final Path path;
    final JsonObject json;

    private NotebookFile(Path path, JsonObject json) {
        this.path = path;
        this.json = json;
    }

    static NotebookFile read(Path path) throws IOException, NotebookFormatException {
        if (!Files.isRegularFile(path)) {
            throw new NotebookFormatException(path, "there is no such file");
        }
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(Files.readString(path, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new NotebookFormatException(path, "it is not JSON (" + e.getMessage() + ")");
        }
        if (!parsed.isJsonObject()) {
            throw new NotebookFormatException(path, "its JSON is not an object");
        }
        JsonObject json = parsed.getAsJsonObject();
        if (!json.has("nbformat") || !json.get("nbformat").isJsonPrimitive() || json.get("nbformat").getAsInt() != 4) {
            throw new NotebookFormatException(path, "it is not nbformat 4 (found nbformat "
                    + json.get("nbformat") + "); save it with Jupyter 4 or newer");
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
            String type = cell.has("cell_type") ? cell.get("cell_type").getAsString() : null;
            if (!"code".equals(type) && !"markdown".equals(type) && !"raw".equals(type)) {
                throw new NotebookFormatException(path, "cell " + (i + 1) + " has cell_type " + cell.get("cell_type")
                        + "; it must be \"code\", \"markdown\" or \"raw\"");
            }
            if (!cell.has("source") || !(cell.get("source").isJsonArray() || isString(cell.get("source")))) {
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
        json.addProperty("nbformat_minor", Math.max(5, json.has("nbformat_minor") ? json.get("nbformat_minor").getAsInt() : 5));
        return new NotebookFile(path, json);
    }

    private static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && ((JsonPrimitive) e).isString();
    }

    List<JsonObject> cells() {
        List<JsonObject> cells = new ArrayList<>();
        json.getAsJsonArray("cells").forEach(c -> cells.add(c.getAsJsonObject()));
        return cells;
    }

    /** A cell's source as one string (nbformat allows a list of lines). */
    static String source(JsonObject cell) {
        JsonElement source = cell.get("source");
        if (source.isJsonArray()) {
            StringBuilder text = new StringBuilder();
            source.getAsJsonArray().forEach(line -> text.append(line.getAsString()));
            return text.toString();
        }
        return source.getAsString();
    }

    String toJson() {
        return GSON.toJson(json) + "\n";
    }

    static JsonElement toJsonTree(Object value) {
        return GSON.toJsonTree(value);
    }
}
