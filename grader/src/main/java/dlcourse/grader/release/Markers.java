package dlcourse.grader.release;

import java.util.ArrayList;
import java.util.List;

/**
 * The nbgrader markers in a cell's source, each alone on its line:
 * <pre>
 * // BEGIN SOLUTION      ...the instructor's answer...      // END SOLUTION       (in solution cells)
 * // BEGIN HIDDEN TESTS  ...tests the student does not see... // END HIDDEN TESTS (in test cells)
 * </pre>
 * Release replaces a solution region by a stub that throws, and deletes a hidden-tests region.
 */
public final class Markers {
    private Markers() {}

    public static final String BEGIN_SOLUTION = "// BEGIN SOLUTION";
    public static final String END_SOLUTION = "// END SOLUTION";
    public static final String BEGIN_HIDDEN = "// BEGIN HIDDEN TESTS";
    public static final String END_HIDDEN = "// END HIDDEN TESTS";

    /** True if the text has any solution marker (even a misspelt one that names SOLUTION). */
    public static boolean hasSolutionMarker(String source) {
        return source.contains("BEGIN SOLUTION") || source.contains("END SOLUTION");
    }

    /** True if the text has any hidden-tests marker. */
    public static boolean hasHiddenMarker(String source) {
        return source.contains("BEGIN HIDDEN TESTS") || source.contains("END HIDDEN TESTS");
    }

    /**
     * Problems with the markers of one kind: unbalanced, nested, or not alone on their line. Empty if fine.
     * {@code kind} is "SOLUTION" or "HIDDEN TESTS".
     */
    public static List<String> problems(String source, String kind) {
        String begin = "// BEGIN " + kind;
        String end = "// END " + kind;
        List<String> problems = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        int openedAt = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            boolean mentionsBegin = line.contains("BEGIN " + kind);
            boolean mentionsEnd = line.contains("END " + kind);
            if (!mentionsBegin && !mentionsEnd) {
                continue;
            }
            if (!line.equals(begin) && !line.equals(end)) {
                problems.add("line " + (i + 1) + " '" + line + "': write the marker alone on its line, exactly '"
                        + (mentionsBegin ? begin : end) + "'");
                continue;
            }
            if (line.equals(begin)) {
                if (openedAt >= 0) {
                    problems.add("line " + (i + 1) + ": '" + begin + "' again before '" + end + "' (opened on line "
                            + (openedAt + 1) + "); regions do not nest");
                }
                openedAt = i;
            } else {
                if (openedAt < 0) {
                    problems.add("line " + (i + 1) + ": '" + end + "' without a '" + begin + "' before it");
                }
                openedAt = -1;
            }
        }
        if (openedAt >= 0) {
            problems.add("line " + (openedAt + 1) + ": '" + begin + "' is never closed by '" + end + "'");
        }
        return problems;
    }

    /**
     * Replaces each solution region (markers included) by one line, indented like the BEGIN marker, that
     * throws {@code UnsupportedOperationException} naming the exercise.
     */
    public static String stubSolutions(String source, String exercise) {
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            String newline = i < lines.length - 1 ? "\n" : "";
            if (!inside && trimmed.equals(BEGIN_SOLUTION)) {
                inside = true;
                String indent = line.substring(0, line.indexOf('/'));
                out.append(indent).append(stub(exercise)).append(newline);
            } else if (inside && trimmed.equals(END_SOLUTION)) {
                inside = false;
            } else if (!inside) {
                out.append(line).append(newline);
            }
        }
        return out.toString();
    }

    /** The line that stands where a solution was. */
    public static String stub(String exercise) {
        return "throw new UnsupportedOperationException(\"" + exercise
                + ": not solved yet. Replace this line with your code.\");";
    }

    /** Deletes each hidden-tests region, markers included. */
    public static String removeHidden(String source) {
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].strip();
            String newline = i < lines.length - 1 ? "\n" : "";
            if (!inside && trimmed.equals(BEGIN_HIDDEN)) {
                inside = true;
            } else if (inside && trimmed.equals(END_HIDDEN)) {
                inside = false;
            } else if (!inside) {
                out.append(lines[i]).append(newline);
            }
        }
        // a hidden region at the end leaves a trailing newline behind: drop it, as Jupyter would
        String result = out.toString();
        while (result.endsWith("\n")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    /** Keeps only the marker-free text: the source as the grader runs it (markers are comments anyway). */
    public static boolean hasHiddenTests(String source) {
        for (String line : source.split("\n")) {
            if (line.strip().equals(BEGIN_HIDDEN)) {
                return true;
            }
        }
        return false;
    }
}
