package dlcourse.kernel.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Writes errors the way a student can act on them: the user's exception type and message, then a short stack whose
 * cell frames say the cell's line; a compile error quotes the offending line and underlines the code.
 */
final class ErrorFormatter {
    /** Frames of library code shown above the first cell frame; deeper ones are summarised. */
    private static final int LIBRARY_FRAMES_SHOWN = 5;

    private ErrorFormatter() {
    }

    /** Why a snippet did not compile. */
    static CellOutput compileError(JShell jshell, Snippet snippet, String source, SnippetLocation where, int currentCell) {
        List<Diag> errors = jshell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag diag : errors) {
            String message = diag.getMessage(Locale.ROOT);
            if (first == null) {
                first = message.lines().findFirst().orElse(message);
            }
            int position = (int) Math.max(0, diag.getStartPosition() >= 0 ? diag.getStartPosition() : diag.getPosition());
            int end = (int) Math.max(position + 1, diag.getEndPosition());
            int lineInSnippet = SnippetSplitter.countLines(source, position);
            message.lines().filter(l -> !l.isBlank() && !l.strip().equals("location: class"))
                    .forEach(l -> lines.add(lines.isEmpty() || !l.startsWith(" ") ? "error: " + l : l));
            lines.addAll(quote(source, position, end, where.describe(lineInSnippet + 1, currentCell)));
        }
        if (first == null) {
            first = "the code was rejected (" + snippet.kind().name().toLowerCase(Locale.ROOT) + ")";
            lines.add(first);
            lines.addAll(quote(source, 0, source.length(), where.describe(1, currentCell)));
        }
        return CellOutput.error("CompilationException", first, lines);
    }

    /** The code ended in the middle of a statement. */
    static CellOutput incomplete(String source, SnippetLocation where, int currentCell) {
        String message = "the code ends before its statement does (a missing ';', ')' or '}'?)";
        List<String> lines = new ArrayList<>();
        lines.add("error: " + message);
        int last = source.length();
        lines.addAll(quote(source, Math.max(0, last - 1), last, where.describe(SnippetSplitter.countLines(source, last) + 1, currentCell)));
        return CellOutput.error("CompilationException", message, lines);
    }

    private static List<String> quote(String source, int start, int end, String place) {
        int lineStart = source.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
        if (start == 0) {
            lineStart = 0;
        }
        int lineEnd = source.indexOf('\n', start);
        if (lineEnd < 0) {
            lineEnd = source.length();
        }
        String prefix = place + ": ";
        String code = source.substring(lineStart, lineEnd);
        int underlineFrom = start - lineStart;
        int underlineTo = Math.min(end, lineEnd) - lineStart;
        StringBuilder marks = new StringBuilder(" ".repeat(prefix.length() + Math.max(0, underlineFrom)));
        marks.append("^".repeat(Math.max(1, underlineTo - underlineFrom)));
        return List.of(prefix + code, marks.toString());
    }

    /** An exception thrown by the user's code (or a reference to something not yet defined). */
    static CellOutput runtimeError(JShellException exception, Map<String, SnippetLocation> locations, int currentCell) {
        String ename;
        String evalue;
        if (exception instanceof EvalException) {
            ename = ((EvalException) exception).getExceptionClassName();
            evalue = exception.getMessage() == null ? "" : exception.getMessage();
        } else if (exception instanceof UnresolvedReferenceException) {
            Snippet snippet = ((UnresolvedReferenceException) exception).getSnippet();
            ename = "UnresolvedReferenceException";
            evalue = "cannot use " + describe(snippet) + " because it uses something not defined yet; define that first";
        } else {
            ename = exception.getClass().getName();
            evalue = String.valueOf(exception.getMessage());
        }
        List<String> lines = new ArrayList<>();
        lines.add(ename + (evalue.isEmpty() ? "" : ": " + evalue));
        addFrames(lines, exception, locations, currentCell);
        Throwable cause = exception.getCause();
        while (cause instanceof JShellException) {
            String causeName = cause instanceof EvalException ? ((EvalException) cause).getExceptionClassName()
                    : cause.getClass().getName();
            lines.add("Caused by: " + causeName + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            addFrames(lines, cause, locations, currentCell);
            cause = cause.getCause();
        }
        return CellOutput.error(ename, evalue, lines);
    }

    private static void addFrames(List<String> lines, Throwable exception, Map<String, SnippetLocation> locations,
                                  int currentCell) {
        StackTraceElement[] frames = exception.getStackTrace();
        int library = 0;
        int hidden = 0;
        for (StackTraceElement frame : frames) {
            String file = frame.getFileName();
            if (file != null && file.startsWith("#")) {
                if (hidden > 0) {
                    lines.add("    ... " + hidden + " more frames in library code");
                    hidden = 0;
                }
                SnippetLocation where = locations.get(file.substring(1));
                String place = where == null ? "snippet " + file : where.describe(frame.getLineNumber(), currentCell);
                String method = frame.getMethodName();
                lines.add("    at " + (method == null || method.isEmpty() ? place : method + " (" + place + ")"));
            } else if (library < LIBRARY_FRAMES_SHOWN) {
                library++;
                lines.add("    at " + frame);
            } else {
                hidden++;
            }
        }
        if (hidden > 0) {
            lines.add("    ... " + hidden + " more frames in library code");
        }
    }

    private static String describe(Snippet snippet) {
        if (snippet instanceof jdk.jshell.DeclarationSnippet) {
            return snippet.kind().name().toLowerCase(Locale.ROOT).replace("type_decl", "type") + " "
                    + ((jdk.jshell.DeclarationSnippet) snippet).name();
        }
        return "this code";
    }
}
