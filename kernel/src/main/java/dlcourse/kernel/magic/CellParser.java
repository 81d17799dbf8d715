package dlcourse.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a cell into code and magics, as IJava reads them: a line that starts with {@code %name} (after optional
 * blanks) is a line magic; a first line that starts with {@code %%name} makes the whole cell a cell magic.
 */
public final class CellParser {
    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%(?!%)([A-Za-z_][\\w-]*)(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%([A-Za-z_][\\w-]*)(.*)$");

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
