package dlcourse.kernel.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One output of a cell, shaped as an nbformat 4 output object: a {@code stream}, a {@code display_data}, an
 * {@code execute_result} or an {@code error}. Immutable; {@link #toNbformat()} gives the JSON-ready map.
 */
public final class CellOutput {
    /** The nbformat {@code output_type}s. */
    public enum Type {
        STREAM("stream"), DISPLAY_DATA("display_data"), EXECUTE_RESULT("execute_result"), ERROR("error");

        private final String nbformatName;

        Type(String nbformatName) {
            this.nbformatName = nbformatName;
        }

        /** The name nbformat uses, for example {@code display_data}. */
        public String nbformatName() {
            return nbformatName;
        }
    }

    private final Type type;
    private final String streamName;
    private final String text;
    private final Map<String, String> data;
    private final String displayId;
    private final String ename;
    private final String evalue;
    private final List<String> traceback;

    private CellOutput(Type type, String streamName, String text, Map<String, String> data, String displayId,
                       String ename, String evalue, List<String> traceback) {
        this.type = type;
        this.streamName = streamName;
        this.text = text;
        this.data = data == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(data));
        this.displayId = displayId;
        this.ename = ename;
        this.evalue = evalue;
        this.traceback = traceback == null ? null : List.copyOf(traceback);
    }

    /** Text on {@code stdout} or {@code stderr}. */
    public static CellOutput stream(String name, String text) {
        if (!"stdout".equals(name) && !"stderr".equals(name)) {
            throw new IllegalArgumentException("a stream is stdout or stderr, not '" + name + "'");
        }
        return new CellOutput(Type.STREAM, name, Objects.requireNonNull(text), null, null, null, null, null);
    }

    /** A {@code display(...)} output; {@code displayId} may be null. */
    public static CellOutput displayData(Map<String, String> data, String displayId) {
        return new CellOutput(Type.DISPLAY_DATA, null, null, Objects.requireNonNull(data), displayId, null, null, null);
    }

    /** The rendered value of the cell's last expression. */
    public static CellOutput executeResult(Map<String, String> data) {
        return new CellOutput(Type.EXECUTE_RESULT, null, null, Objects.requireNonNull(data), null, null, null, null);
    }

    /** An error: the exception type (or {@code CompilationException}), its message and readable lines. */
    public static CellOutput error(String ename, String evalue, List<String> traceback) {
        return new CellOutput(Type.ERROR, null, null, null, null, Objects.requireNonNull(ename),
                evalue == null ? "" : evalue, new ArrayList<>(traceback));
    }

    public Type type() {
        return type;
    }

    /** {@code stdout} or {@code stderr} for a stream, else null. */
    public String streamName() {
        return streamName;
    }

    /** A stream's text, else null. */
    public String text() {
        return text;
    }

    /** The MIME bundle of a display or result (binary types in Base64), else null. */
    public Map<String, String> data() {
        return data;
    }

    /** The display id of a display that {@code updateDisplay} may replace, else null. */
    public String displayId() {
        return displayId;
    }

    /** An error's exception type, for example {@code java.lang.ArithmeticException}, else null. */
    public String ename() {
        return ename;
    }

    /** An error's message, else null. */
    public String evalue() {
        return evalue;
    }

    /** An error's lines (message, then the short stack or the quoted code), else null. */
    public List<String> traceback() {
        return traceback;
    }

    CellOutput withText(String newText) {
        return stream(streamName, newText);
    }

    CellOutput withData(Map<String, String> newData) {
        return new CellOutput(type, null, null, newData, displayId, null, null, null);
    }

    /**
     * This output as an nbformat 4 output object (a map of strings, maps and lists, ready for JSON).
     *
     * @param executionCount the cell's execution count, used by {@code execute_result}
     */
    public Map<String, Object> toNbformat(int executionCount) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("output_type", type.nbformatName());
        switch (type) {
            case STREAM:
                out.put("name", streamName);
                out.put("text", text);
                break;
            case DISPLAY_DATA:
            case EXECUTE_RESULT:
                out.put("data", new LinkedHashMap<>(data));
                out.put("metadata", new LinkedHashMap<>());
                if (type == Type.EXECUTE_RESULT) {
                    out.put("execution_count", executionCount);
                }
                break;
            case ERROR:
                out.put("ename", ename);
                out.put("evalue", evalue);
                out.put("traceback", new ArrayList<>(traceback));
                break;
            default:
                throw new AssertionError(type);
        }
        return out;
    }

    /** Same as {@link #toNbformat(int)} with no execution count. */
    public Map<String, Object> toNbformat() {
        return toNbformat(0);
    }

    @Override
    public String toString() {
        switch (type) {
            case STREAM: return streamName + ": " + text;
            case ERROR: return "error " + ename + ": " + evalue + "\n" + String.join("\n", traceback);
            default: return type.nbformatName() + " " + data.keySet() + ": " + data.getOrDefault("text/plain", "");
        }
    }
}
