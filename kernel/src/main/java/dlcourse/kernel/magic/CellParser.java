package dlcourse.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a cell into code and magics, as IJava reads them: a line that starts with {@code %name} (after optional
 * blanks) is a line magic, wherever it stands; a first line that starts with {@code %%name} makes the whole cell a
 * cell magic. Lines end at {@code \n} (a {@code \r} before it belongs to the line and is trimmed from a magic's
 * arguments). Only ASCII blanks may come before the {@code %}, and a magic's name is ASCII: a look-alike (a
 * full-width {@code ％}, a Cyrillic letter in the name, a no-break space in front) makes the line code, which the
 * compiler then refuses. This is the one place that decides what a magic is: the kernel runs what it finds, and the
 * grader removes from a student's cell exactly what the kernel would run as a magic.
 */
public final class CellParser {
    private static final Pattern LINE_MAGIC = Pattern.compile("^[ \\t\\x0B\\f\\r]*%(?!%)([A-Za-z_][A-Za-z0-9_-]*)([^\\n]*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^[ \\t\\x0B\\f\\r]*%%([A-Za-z_][A-Za-z0-9_-]*)([^\\n]*)$");

    private CellParser() {
    }

    /** The cell's pieces in order; blank code between magics is left out. */
    public static List<CellPart> parse(String cell) {
        String[] lines = cell.split("\n", -1);
        List<CellPart> parts = new ArrayList<>();
        Matcher cellMagic = CELL_MAGIC.matcher(lines[0]);
        if (cellMagic.matches()) {
            String body = cell.contains("\n") ? cell.substring(cell.indexOf('\n') + 1) : "";
            parts.add(CellPart.cellMagic(cellMagic.group(1), cellMagic.group(2).trim(), body, 1));
            return parts;
        }
        StringBuilder code = new StringBuilder();
        int codeStart = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LINE_MAGIC.matcher(lines[i]);
            if (m.matches()) {
                addCode(parts, code, codeStart);
                parts.add(CellPart.lineMagic(m.group(1), m.group(2).trim(), i));
                code.setLength(0);
                codeStart = i + 1;
            } else {
                code.append(lines[i]);
                if (i < lines.length - 1) {
                    code.append('\n');
                }
            }
        }
        addCode(parts, code, codeStart);
        return parts;
    }

    /** True if the cell has a line magic anywhere or is a cell magic, as {@link #parse} reads it. */
    public static boolean hasMagic(String cell) {
        return parse(cell).stream().anyMatch(part -> part.kind() != CellPart.Kind.CODE);
    }

    /**
     * The cell's code with every line magic left out, and a cell magic's first line left out (its body is kept as
     * code); the code keeps its lines in order.
     */
    public static String withoutMagics(String cell) {
        StringBuilder code = new StringBuilder();
        for (CellPart part : parse(cell)) {
            if (part.kind() != CellPart.Kind.LINE_MAGIC) {
                code.append(part.body());
                if (!part.body().endsWith("\n")) {
                    code.append('\n');
                }
            }
        }
        return code.toString();
    }

    /** A magic as the user wrote it, for messages: "%jars a.jar" or "%%time". */
    public static String describe(CellPart magic) {
        String prefix = magic.kind() == CellPart.Kind.CELL_MAGIC ? "%%" : "%";
        return prefix + magic.name() + (magic.arguments().isEmpty() ? "" : " " + magic.arguments());
    }

    private static void addCode(List<CellPart> parts, StringBuilder code, int firstLine) {
        if (!code.toString().isBlank()) {
            parts.add(CellPart.code(code.toString(), firstLine));
        }
    }

    /**
     * Splits magic arguments at blanks; double or single quotes keep blanks inside one argument.
     */
    public static List<String> arguments(String text) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        boolean inArg = false;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArg = false;
                }
            } else {
                current.append(c);
                inArg = true;
            }
        }
        if (inArg) {
            args.add(current.toString());
        }
        return args;
    }
}
