package dlcourse.grader.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Jupyter notebook (nbformat 4): its top-level JSON kept as read, its cells as {@link Cell}s. Writes the way
 * Jupyter's nbformat does (keys sorted, one-space indent, sources split into lines, a final newline), so a
 * notebook the grader writes and the same notebook saved by Jupyter do not differ.
 */
public final class Notebook {
    private final String name;
    private final JsonObject json;
    private final List<Cell> cells;

    private Notebook(String name, JsonObject json, List<Cell> cells) {
        this.name = name;
        this.json = json;
        this.cells = List.copyOf(cells);
    }

    /** The largest notebook file the grader reads: far above any notebook of the course with its outputs. */
    public static final long MAX_FILE_BYTES = 64L << 20;

    /**
     * Reads a notebook file; every problem is a message that starts with the file's name and says what to do.
     * A symbolic link, a folder or anything but a regular file is refused without being opened (a link is never
     * followed: it could point anywhere on the grading machine), as is a file larger than
     * {@link #MAX_FILE_BYTES} or one that is not UTF-8 (the message gives the byte and line of the first bad byte).
     */
    public static Notebook read(Path file) throws NotebookFormatException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new NotebookFormatException(file + ": no such file");
        } catch (IOException | RuntimeException e) {
            throw new NotebookFormatException(file + ": cannot be read (" + plain(e) + ")");
        }
        if (attributes.isSymbolicLink()) {
            throw new NotebookFormatException(file + ": is a symbolic link, not a notebook file; the grader does not"
                    + " follow links. Submit the notebook itself (replace the link by a copy of your own notebook)");
        }
        if (attributes.isDirectory()) {
            throw new NotebookFormatException(file + ": is a folder, not a notebook file; give the .ipynb file");
        }
        if (!attributes.isRegularFile()) {
            throw new NotebookFormatException(file + ": is not a regular file (a pipe, a device or a socket), so it"
                    + " is not a notebook; submit the .ipynb file that Jupyter saved");
        }
        if (attributes.size() > MAX_FILE_BYTES) {
            throw new NotebookFormatException(file + ": is " + attributes.size() + " bytes; the grader reads"
                    + " notebooks up to " + (MAX_FILE_BYTES >> 20) + " MB. Clear the outputs (Edit > Clear Outputs of"
                    + " All Cells), save and submit again");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
        } catch (IOException | RuntimeException e) {
            throw new NotebookFormatException(file + ": cannot be read (" + plain(e) + ")");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new NotebookFormatException(file + ": is larger than " + (MAX_FILE_BYTES >> 20) + " MB; the grader"
                    + " reads notebooks up to that size. Clear the outputs, save and submit again");
        }
        return parse(utf8(bytes, file.toString()), file.toString());
    }

    /** The text of UTF-8 bytes, or a message with the byte offset and line of the first byte that is not UTF-8. */
    static String utf8(byte[] bytes, String name) throws NotebookFormatException {
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
            throw new NotebookFormatException(name + ": is not UTF-8 text: byte " + at + " (line " + line
                    + String.format(", value 0x%02x", bytes[at] & 0xff) + ") is not valid UTF-8. Jupyter saves"
                    + " notebooks as UTF-8: open the notebook in Jupyter, save it and submit again");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** An I/O problem's message without the exception's class name. */
    private static String plain(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Parses notebook JSON; {@code name} is how messages refer to it. */
    public static Notebook parse(String text, String name) throws NotebookFormatException {
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the end of the JSON document");
            }
        } catch (JsonParseException | IOException | IllegalStateException | NumberFormatException e) {
            throw new NotebookFormatException(name + ": is not a notebook: not valid JSON ("
                    + shorten(jsonProblem(firstLine(e.getMessage())), 200) + ")");
        } catch (StackOverflowError e) {
            throw new NotebookFormatException(name + ": is not a notebook: its JSON is nested too deeply");
        }
        if (!root.isJsonObject()) {
            throw new NotebookFormatException(name + ": is not a notebook: the JSON is not an object");
        }
        JsonObject o = root.getAsJsonObject();
        JsonElement major = o.get("nbformat");
        if (major == null || !major.isJsonPrimitive() || !major.getAsJsonPrimitive().isNumber()) {
            throw new NotebookFormatException(name + ": is not a notebook: no 'nbformat' version field");
        }
        String version = major.getAsString();
        if (!version.matches("4(\\.0+)?")) {
            throw new NotebookFormatException(name + ": is nbformat " + shorten(version, 20)
                    + "; the grader reads nbformat 4 (open and save it in a current Jupyter to convert it)");
        }
        JsonElement cellsJson = o.get("cells");
        if (cellsJson == null || !cellsJson.isJsonArray()) {
            throw new NotebookFormatException(name + ": is not a notebook: no 'cells' list");
        }
        List<Cell> cells = new ArrayList<>();
        JsonArray array = cellsJson.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            cells.add(Cell.fromJson(array.get(i), name + ", cell " + i));
        }
        JsonObject rest = o.deepCopy();
        rest.remove("cells");
        return new Notebook(name, rest, cells);
    }

    /** At most {@code max} characters of a text, with "..." when it was cut. */
    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /** Gson's complaint in a student's words: what and where (line, column), without its advice to programmers. */
    static String jsonProblem(String message) {
        String m = withoutClassName(message)
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON ", "malformed JSON ")
                .replaceFirst(" path \\$\\S*$", "");
        return m.replaceFirst("^(.*) at line (\\d+) column (\\d+)$", "$1 at line $2, column $3");
    }

    /** A message without the exception class names that wrapping puts in front ("java.io.EOFException: ..."). */
    static String withoutClassName(String s) {
        return s.replaceFirst("^(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ", "");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** How messages name this notebook (its path as given). */
    public String name() {
        return name;
    }

    public List<Cell> cells() {
        return cells;
    }

    /** nbformat_minor, or -1 if absent. */
    public int minorVersion() {
        JsonElement minor = json.get("nbformat_minor");
        if (minor == null || !minor.isJsonPrimitive() || !minor.getAsJsonPrimitive().isNumber()
                || !minor.getAsString().matches("\\d{1,6}")) {
            return -1;
        }
        return Integer.parseInt(minor.getAsString());
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
        return new Notebook(name, json, newCells);
    }

    /** The notebook's JSON text as Jupyter writes it. */
    public String toJson() {
        JsonObject whole = json.deepCopy();
        JsonArray array = new JsonArray();
        for (Cell cell : cells) {
            JsonObject c = cell.json().deepCopy();
            c.add("source", splitLines(cell.source()));
            array.add(c);
        }
        whole.add("cells", array);
        StringBuilder out = new StringBuilder();
        write(whole, out, 0);
        return out.append('\n').toString();
    }

    /** Writes the notebook to a file, creating its folder. */
    public void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
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
            Map<String, JsonElement> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
                sorted.put(entry.getKey(), entry.getValue());
            }
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
        if (d == Math.rint(d) && Math.abs(d) < 1e15 && !text.contains("e") && !text.contains("E")) {
            return (long) d + ".0";
        }
        return Double.toString(d);
    }

    private static void indent(StringBuilder out, int depth) {
        out.append(String.join("", Collections.nCopies(depth, " ")));
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
