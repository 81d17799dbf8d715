package dlcourse.kernel.notebook;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An nbformat 4 notebook as JSON, read and checked, with every field kept as it was: the one reader and writer of
 * notebook files (the notebook runner, {@code %load} and the grader all use it). Reading upgrades it to nbformat
 * 4.5 (every cell gets an id, duplicates get a new one); writing is what Jupyter's nbformat writes (keys sorted,
 * one-space indent, sources split into lines), so a notebook read and written back does not change.
 *
 * <p>The reader is meant for files from anyone (a student's submission): a link, a folder, a pipe or a device is
 * refused without being opened, as is a file over {@link #MAX_FILE_BYTES}, bytes that are not UTF-8 (the message
 * gives the byte and line), JSON that is broken (line and column), nested over {@link #MAX_NESTING} levels or with
 * over {@link #MAX_CELLS} cells. Every refusal is a {@link NotebookFormatException} whose message starts with the
 * file's name and says what is wrong, never another exception.
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
    /** The largest notebook file read: far above any notebook of the course with its outputs. */
    public static final long MAX_FILE_BYTES = 64L << 20;
    /** The most cells a notebook may have (the course's longest has under 200). */
    public static final int MAX_CELLS = 20_000;
    /** The deepest nesting of JSON arrays and objects read (nbformat needs under ten). */
    public static final int MAX_NESTING = 255;

    private static final Gson GSON = new Gson();

    private final Path path;
    private final JsonObject json;
    private final int minorAsRead;

    private NotebookFile(Path path, JsonObject json, int minorAsRead) {
        this.path = path;
        this.json = json;
        this.minorAsRead = minorAsRead;
    }

    /**
     * Reads and checks a notebook file. A symbolic link is never followed (it could point anywhere on the machine
     * that reads it).
     *
     * @throws NotebookFormatException if it is not a regular file holding an nbformat 4 notebook, or cannot be read
     *                                 (the message says what is wrong); never any other exception for bad content
     */
    public static NotebookFile read(Path path) throws IOException, NotebookFormatException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new NotebookFormatException(path, "there is no such file");
        } catch (IOException | RuntimeException e) {
            throw new NotebookFormatException(path, "it cannot be read (" + plain(e) + ")");
        }
        if (attributes.isSymbolicLink()) {
            throw new NotebookFormatException(path, "it is a symbolic link, and links are not followed; give the"
                    + " notebook file itself (replace the link by a copy of the notebook)");
        }
        if (attributes.isDirectory()) {
            throw new NotebookFormatException(path, "it is a folder; give the .ipynb file inside it");
        }
        if (!attributes.isRegularFile()) {
            throw new NotebookFormatException(path, "it is not a regular file (a pipe, a device or a socket); give"
                    + " the .ipynb file that Jupyter saved");
        }
        if (attributes.size() > MAX_FILE_BYTES) {
            throw tooLarge(path, attributes.size() + " bytes");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
        } catch (IOException | RuntimeException e) {
            throw new NotebookFormatException(path, "it cannot be read (" + plain(e) + ")");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw tooLarge(path, "more than " + (MAX_FILE_BYTES >> 20) + " MB");
        }
        return parse(utf8(bytes, path), path);
    }

    private static NotebookFormatException tooLarge(Path path, String size) {
        return new NotebookFormatException(path, "it is " + size + "; notebooks are read up to "
                + (MAX_FILE_BYTES >> 20) + " MB. Clear the outputs (Edit > Clear Outputs of All Cells) and save again");
    }

    /** The text of UTF-8 bytes, or a refusal that gives the byte offset and line of the first byte that is not. */
    private static String utf8(byte[] bytes, Path path) throws NotebookFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new NotebookFormatException(path, "it is not UTF-8 text: byte " + at + " (line " + line
                    + String.format(", value 0x%02x", bytes[at] & 0xff) + ") is not valid UTF-8. Jupyter saves"
                    + " notebooks as UTF-8: open the notebook in Jupyter and save it again");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /**
     * Checks a notebook given as JSON text; {@code path} names it in messages and is where {@link #path()} points.
     *
     * @throws NotebookFormatException if it is not an nbformat 4 notebook (the message says what is wrong)
     */
    public static NotebookFile parse(String text, Path path) throws NotebookFormatException {
        JsonElement parsed;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            reader.setNestingLimit(MAX_NESTING);
            parsed = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the end of the JSON document");
            }
        } catch (JsonParseException | IOException | IllegalStateException | NumberFormatException e) {
            String problem = jsonProblem(firstLine(e.getMessage()));
            if (problem.startsWith("Nesting limit")) {
                throw new NotebookFormatException(path, "it is not valid JSON for a notebook: arrays and objects"
                        + " are nested more than " + MAX_NESTING + " deep (" + shorten(problem, 200) + ")");
            }
            throw new NotebookFormatException(path, "it is not valid JSON (" + shorten(problem, 200) + ")");
        } catch (StackOverflowError e) {
            throw new NotebookFormatException(path, "it is not valid JSON for a notebook: nested too deeply");
        }
        if (!parsed.isJsonObject()) {
            throw new NotebookFormatException(path, "its JSON is not an object");
        }
        JsonObject json = parsed.getAsJsonObject();
        JsonElement major = json.get("nbformat");
        if (major == null || !major.isJsonPrimitive() || !major.getAsJsonPrimitive().isNumber()) {
            throw new NotebookFormatException(path, "it has no \"nbformat\" version number"
                    + (major == null ? "" : " (found " + shorten(major.toString(), 40) + ")"));
        }
        if (!isInteger(major, 4)) {
            throw new NotebookFormatException(path, "it is nbformat " + shorten(major.getAsString(), 20)
                    + ", not 4; open and save it with a current Jupyter to convert it");
        }
        if (!json.has("cells") || !json.get("cells").isJsonArray()) {
            throw new NotebookFormatException(path, "it has no \"cells\" list");
        }
        JsonArray cells = json.getAsJsonArray("cells");
        if (cells.size() > MAX_CELLS) {
            throw new NotebookFormatException(path, "it has " + cells.size() + " cells; notebooks are read up to "
                    + MAX_CELLS + " cells");
        }
        if (!json.has("metadata") || !json.get("metadata").isJsonObject()) {
            json.add("metadata", new JsonObject());
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < cells.size(); i++) {
            if (!cells.get(i).isJsonObject()) {
                throw new NotebookFormatException(path, "cell " + (i + 1) + " is not a JSON object");
            }
            JsonObject cell = cells.get(i).getAsJsonObject();
            String type = cell.has("cell_type") && isString(cell.get("cell_type")) ? cell.get("cell_type").getAsString() : null;
            if (!"code".equals(type) && !"markdown".equals(type) && !"raw".equals(type)) {
                throw new NotebookFormatException(path, "cell " + (i + 1) + " has cell_type "
                        + shorten(String.valueOf(cell.get("cell_type")), 40) + "; it must be \"code\", \"markdown\" or \"raw\"");
            }
            if (!cell.has("source") || !(isStringArray(cell.get("source")) || isString(cell.get("source")))) {
                throw new NotebookFormatException(path, "cell " + (i + 1) + " has no \"source\" text (a string or"
                        + " a list of strings)");
            }
            if (!cell.has("metadata") || !cell.get("metadata").isJsonObject()) {
                cell.add("metadata", new JsonObject());
            }
            String id = cell.has("id") && isString(cell.get("id")) ? cell.get("id").getAsString() : null;
            if (id == null || id.isEmpty() || !ids.add(id)) {
                // a missing or repeated id gets one made from the cell's place: the same file gets the same ids
                // every time it is read, so messages that name a cell by id agree between two gradings
                String made = "cell-" + (i + 1);
                for (int k = 2; !ids.add(made); k++) {
                    made = "cell-" + (i + 1) + "-" + k;
                }
                cell.addProperty("id", made);
            }
        }
        int minor = json.has("nbformat_minor") && isInteger(json.get("nbformat_minor"), -1)
                ? json.get("nbformat_minor").getAsInt() : -1;
        json.addProperty("nbformat", 4);
        json.addProperty("nbformat_minor", Math.max(5, minor));
        return new NotebookFile(path, json, minor);
    }

    /** True if {@code e} is a small whole number, equal to {@code expected} unless that is -1. */
    private static boolean isInteger(JsonElement e, int expected) {
        if (e == null || !e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
            return false;
        }
        String text = e.getAsString();
        if (text.length() > 30) {
            return false;
        }
        try {
            int value = new java.math.BigDecimal(text).intValueExact();
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

    /** At most {@code max} characters of a text, with "..." when it was cut. */
    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /** Gson's complaint in a reader's words: what and where (line, column), without its advice to programmers. */
    private static String jsonProblem(String message) {
        String m = message.replaceFirst("^(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ", "")
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON ", "malformed JSON ")
                .replaceFirst("\\s*See https?://\\S+$", "")
                .replaceFirst(" path \\$\\S*$", "");
        return m.replaceFirst("^(.*) at line (\\d+) column (\\d+)$", "$1 at line $2, column $3");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** An I/O problem's message without the exception's class name. */
    private static String plain(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** The file this notebook was read from. */
    public Path path() {
        return path;
    }

    /** The whole notebook as JSON (live: changes to it are written by {@link #toJson()}). */
    public JsonObject json() {
        return json;
    }

    /**
     * The nbformat minor version the file declared before reading upgraded it to 4.5, or -1 if it declared none
     * (or something that is not a small whole number).
     */
    public int minorVersionAsRead() {
        return minorAsRead;
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

    /** The notebook as nbformat 4.5 JSON text, as Jupyter's nbformat writes it (see {@link #toJson(JsonObject)}). */
    public String toJson() {
        return toJson(json);
    }

    /**
     * Notebook JSON as text the way Jupyter's nbformat writes it ({@code json.dumps(sort_keys=True, indent=1,
     * ensure_ascii=False)} with every cell's source split into lines, and a final newline), so a notebook written
     * here and the same notebook saved by Jupyter do not differ. {@code notebook} is not changed.
     */
    public static String toJson(JsonObject notebook) {
        JsonObject whole = notebook.deepCopy();
        JsonElement cells = whole.get("cells");
        if (cells != null && cells.isJsonArray()) {
            for (JsonElement cell : cells.getAsJsonArray()) {
                if (cell.isJsonObject() && cell.getAsJsonObject().has("source")) {
                    JsonObject c = cell.getAsJsonObject();
                    c.add("source", splitLines(source(c)));
                }
            }
        }
        StringBuilder out = new StringBuilder();
        write(whole, out, 0);
        return out.append('\n').toString();
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

    private static JsonArray splitLines(String text) {
        JsonArray lines = new JsonArray();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    // Python's json.dumps(sort_keys=True, indent=1, ensure_ascii=False), which nbformat uses.
    private static void write(JsonElement e, StringBuilder out, int depth) {
        if (e == null || e.isJsonNull()) {
            out.append("null");
        } else if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isString()) {
                quote(p.getAsString(), out);
            } else if (p.isBoolean()) {
                out.append(p.getAsBoolean());
            } else {
                out.append(number(p));
            }
        } else if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            if (a.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            for (int i = 0; i < a.size(); i++) {
                out.append(i == 0 ? "\n" : ",\n");
                indent(out, depth + 1);
                write(a.get(i), out, depth + 1);
            }
            out.append('\n');
            indent(out, depth);
            out.append(']');
        } else {
            Map<String, JsonElement> sorted = new TreeMap<>(e.getAsJsonObject().asMap());
            if (sorted.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonElement> entry : sorted.entrySet()) {
                out.append(first ? "\n" : ",\n");
                first = false;
                indent(out, depth + 1);
                quote(entry.getKey(), out);
                out.append(": ");
                write(entry.getValue(), out, depth + 1);
            }
            out.append('\n');
            indent(out, depth);
            out.append('}');
        }
    }

    private static String number(JsonPrimitive p) {
        String text = p.getAsString();
        if (text.matches("-?\\d+")) {
            return text;
        }
        double d = p.getAsDouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : d < 0 ? "-Infinity" : "NaN"; // what Python's json writes
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15 && !text.contains("e") && !text.contains("E")) {
            return (long) d + ".0";
        }
        return Double.toString(d);
    }

    private static void indent(StringBuilder out, int depth) {
        out.append(" ".repeat(depth));
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
