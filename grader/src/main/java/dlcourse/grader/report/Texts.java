package dlcourse.grader.report;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the grader shapes text a student reads: cut to a bound with a note that says so, and failure messages
 * that start with what went wrong instead of an exception's class name.
 */
public final class Texts {
    private Texts() {}

    /** The most characters of a test's failure message shown. */
    public static final int MESSAGE_LIMIT = 2_000;
    /** The most characters of what a test cell printed shown. */
    public static final int PRINTED_LIMIT = 2_000;
    /** The most characters of one note (a removed declaration, a failed cell of the student's). */
    public static final int NOTE_LIMIT = 1_000;
    /** The most notes shown. */
    public static final int NOTES_SHOWN = 30;
    /** The most characters of the top-level {@code output} of results.json. */
    public static final int OUTPUT_LIMIT = 12_000;

    /** At most {@code limit} characters of {@code text}; when cut, a last line says how much was left out. */
    public static String cut(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        int end = limit;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // do not split a character in two
        }
        return text.substring(0, end) + String.format(Locale.ROOT,
                "\n[... %,d more characters not shown: the grader shows at most %,d here]", text.length() - end, limit);
    }

    private static final Pattern CLASS_NAME_FIRST = Pattern.compile(
            "^((?:[A-Za-z_$][\\w$]*[.$])*([A-Z][\\w]*(?:Exception|Error|Failure|Throwable)))(?::\\s*(.*))?$", Pattern.DOTALL);
    private static final Set<String> ASSERTIONS = Set.of("AssertionFailedError", "AssertionError",
            "MultipleFailuresError", "ComparisonFailure", "AssertionFailure");

    /**
     * A failure message as a student can act on it: an assertion's message alone ("expected: <1.0> but was:
     * <0.5>"), another exception's message followed by its simple class name in brackets; never a message that
     * starts with {@code org.opentest4j.AssertionFailedError:} or {@code java.lang.NullPointerException:}.
     */
    public static String plainMessage(String message) {
        if (message == null) {
            return "";
        }
        Matcher m = CLASS_NAME_FIRST.matcher(message.strip());
        if (!m.matches()) {
            return message;
        }
        String simple = m.group(2);
        String rest = m.group(3) == null ? "" : m.group(3).strip();
        if (ASSERTIONS.contains(simple)) {
            return rest.isEmpty() ? "a check failed (no message)" : rest;
        }
        String article = "AEIOU".indexOf(simple.charAt(0)) >= 0 ? "an " : "a ";
        return rest.isEmpty() ? article + simple + " was thrown (no message)" : rest + " (" + simple + ")";
    }
}
