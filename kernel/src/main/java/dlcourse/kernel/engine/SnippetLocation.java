package dlcourse.kernel.engine;

/**
 * Where a snippet came from, so that an error can name the cell and line.
 *
 * @param cellNumber the session's cell number that ran it
 * @param origin     a file loaded with {@code %load}, or null for the cell itself
 * @param firstLine  the 0-based line in the cell (or file) where the snippet starts
 */
record SnippetLocation(int cellNumber, String origin, int firstLine) {
    /** "line 3" in the current cell, "cell [2] line 3" in an earlier one, "helpers.jsh line 3" for a file. */
    String describe(int lineInSnippet, int currentCell) {
        int line = firstLine + lineInSnippet;
        if (origin != null) {
            return origin + " line " + line;
        }
        return cellNumber == currentCell ? "line " + line : "cell [" + cellNumber + "] line " + line;
    }
}
