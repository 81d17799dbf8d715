package dlcourse.kernel.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * TAB completion, Shift-TAB inspection and the completeness check for the cell being edited, on the session's JShell
 * (which knows the user's class path and every declaration so far). Magic names complete too.
 */
public final class CodeAssist {
    private final JShell jshell;
    private final Set<String> magicNames;

    CodeAssist(JShell jshell, Set<String> magicNames) {
        this.jshell = jshell;
        this.magicNames = magicNames;
    }

    /**
     * Completion choices.
     *
     * @param matches what may replace {@code code[start, end)}
     * @param start   where the replaced text starts
     * @param end     where it ends (the cursor)
     */
    public record Completion(List<String> matches, int start, int end) {
    }

    /** The choices for the word at {@code cursor}. */
    public Completion complete(String code, int cursor) {
        int lineStart = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
        String linePrefix = code.substring(lineStart, cursor);
        String trimmed = linePrefix.stripLeading();
        if (trimmed.startsWith("%") && trimmed.chars().noneMatch(Character::isWhitespace)) {
            List<String> matches = magicNames.stream().filter(n -> n.startsWith(trimmed)).collect(Collectors.toList());
            return new Completion(matches, cursor - trimmed.length(), cursor);
        }
        if (jshell == null) {
            return new Completion(List.of(), cursor, cursor);
        }
        int snippetStart = snippetStart(code, cursor);
        String snippet = code.substring(snippetStart, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                jshell.sourceCodeAnalysis().completionSuggestions(snippet, snippet.length(), anchor);
        Set<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        return new Completion(new ArrayList<>(matches), snippetStart + anchor[0], cursor);
    }

    /** Signature and Javadoc of what is at {@code cursor}, as text, or null if there is nothing to say. */
    public String inspect(String code, int cursor, boolean detail) {
        if (jshell == null) {
            return null;
        }
        int snippetStart = snippetStart(code, cursor);
        String toCursor = code.substring(snippetStart, cursor);
        String toWordEnd = code.substring(snippetStart, identifierEnd(code, cursor));
        // JShell documents a method only inside its call, so try "name(" too
        List<SourceCodeAnalysis.Documentation> docs = List.of();
        for (String attempt : List.of(toCursor, toWordEnd, toWordEnd + "(")) {
            docs = jshell.sourceCodeAnalysis().documentation(attempt, attempt.length(), true);
            if (!docs.isEmpty()) {
                break;
            }
        }
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(doc.signature());
            if (doc.javadoc() != null && !doc.javadoc().isBlank()) {
                text.append("\n\n").append(doc.javadoc().strip());
            }
        }
        return text.toString();
    }

    /**
     * Jupyter's completeness of a cell: {@code complete}, {@code incomplete}, {@code invalid} or {@code unknown}.
     */
    public String isComplete(String code) {
        if (jshell == null) {
            return "unknown";
        }
        String remaining = code;
        while (!remaining.isBlank()) {
            String firstLine = remaining.stripLeading().lines().findFirst().orElse("");
            if (firstLine.startsWith("%")) {
                int newline = remaining.indexOf('\n', remaining.indexOf('%'));
                if (newline < 0 || firstLine.startsWith("%%")) {
                    return "complete";
                }
                remaining = remaining.substring(newline + 1);
                continue;
            }
            SourceCodeAnalysis.CompletionInfo info = jshell.sourceCodeAnalysis().analyzeCompletion(remaining);
            Completeness c = info.completeness();
            if (c == Completeness.DEFINITELY_INCOMPLETE || c == Completeness.CONSIDERED_INCOMPLETE) {
                return "incomplete";
            }
            if (c == Completeness.UNKNOWN) {
                return "invalid";
            }
            if (c == Completeness.EMPTY) {
                return "complete";
            }
            remaining = info.remaining();
        }
        return "complete";
    }

    /** Where the statement that holds the cursor starts: after the last complete snippet before it. */
    private int snippetStart(String code, int cursor) {
        String before = code.substring(0, cursor);
        int start = 0;
        String remaining = before;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = jshell.sourceCodeAnalysis().analyzeCompletion(remaining);
            if (!info.completeness().isComplete() || info.remaining().isEmpty()) {
                break;
            }
            start += remaining.length() - info.remaining().length();
            remaining = info.remaining();
        }
        while (start < cursor && Character.isWhitespace(code.charAt(start))) {
            start++;
        }
        return start;
    }

    private static int identifierEnd(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        return end;
    }
}
