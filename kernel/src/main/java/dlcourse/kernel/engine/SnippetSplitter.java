package dlcourse.kernel.engine;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Splits code into JShell snippets (one statement, declaration or expression each), remembering the line where each
 * starts so that errors can point at the cell's line.
 */
final class SnippetSplitter {
    /**
     * One snippet.
     *
     * @param source     the snippet's source as JShell wants it (a missing final ';' added)
     * @param firstLine  the line (0-based, within the split code) where it starts
     * @param incomplete true if the code ended before the snippet did (an unclosed brace, a missing ';' ...)
     * @param endsWithSemicolon true if the user ended it with ';' (an expression written so shows no result)
     */
    record Piece(String source, int firstLine, boolean incomplete, boolean endsWithSemicolon) {
    }

    private SnippetSplitter() {
    }

    static List<Piece> split(String code, SourceCodeAnalysis analysis) {
        List<Piece> pieces = new ArrayList<>();
        String remaining = code;
        int consumed = 0;
        while (!remaining.isBlank()) {
            int start = consumed + leadingBlanks(remaining);
            int line = countLines(code, start);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break;
            }
            if (completeness == Completeness.DEFINITELY_INCOMPLETE || completeness == Completeness.CONSIDERED_INCOMPLETE) {
                pieces.add(new Piece(remaining.strip(), line, true, false));
                break;
            }
            String source = info.source();
            String rest = info.remaining();
            if (source == null || source.isBlank()) {
                source = remaining;
                rest = "";
            }
            // the position was taken after leading blanks, so the source must not keep them
            String written = remaining.substring(0, remaining.length() - rest.length()).strip();
            pieces.add(new Piece(source.stripLeading(), line, false, written.endsWith(";")));
            consumed += remaining.length() - rest.length();
            remaining = rest;
        }
        return pieces;
    }

    private static int leadingBlanks(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    static int countLines(String text, int end) {
        int lines = 0;
        for (int i = 0; i < Math.min(end, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
