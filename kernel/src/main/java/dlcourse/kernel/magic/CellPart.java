package dlcourse.kernel.magic;

/**
 * A piece of a cell: Java code, a line magic ({@code %name args}) or a cell magic ({@code %%name args} on the first
 * line, the rest of the cell as its body).
 *
 * @param kind      what the piece is
 * @param name      the magic's name without {@code %}, or null for code
 * @param arguments the magic's arguments (the rest of its line), or null for code
 * @param body      the code, or a cell magic's body, or null for a line magic
 * @param firstLine the cell line (0-based) where the piece's code or body starts, or where the magic stands
 */
public record CellPart(Kind kind, String name, String arguments, String body, int firstLine) {
    /** The three kinds of piece. */
    public enum Kind { CODE, LINE_MAGIC, CELL_MAGIC }

    static CellPart code(String code, int firstLine) {
        return new CellPart(Kind.CODE, null, null, code, firstLine);
    }

    static CellPart lineMagic(String name, String arguments, int line) {
        return new CellPart(Kind.LINE_MAGIC, name, arguments, null, line);
    }

    static CellPart cellMagic(String name, String arguments, String body, int bodyFirstLine) {
        return new CellPart(Kind.CELL_MAGIC, name, arguments, body, bodyFirstLine);
    }
}
