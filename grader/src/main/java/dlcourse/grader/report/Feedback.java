package dlcourse.grader.report;

import dlcourse.grader.grade.SubmissionResult;
import dlcourse.grader.grade.TestResult;
import java.util.Locale;

/**
 * A submission's feedback page ({@code feedback.html}): the score, then each test with its result and
 * message (what was expected, what came back, a hint), then the grader's notes. Plain HTML, no scripts. The
 * messages are the ones the test cells print in the exercise notebooks ("How this notebook is graded").
 */
public final class Feedback {
    private Feedback() {}

    /** What a hidden test shows a student: whether it passed and its points, nothing of its code or output. */
    static final String HIDDEN = "Hidden test: its details are shown when your instructor publishes the grades.";

    /** A test's message with what the cell printed, as students read it once grades are published; bounded. */
    static String testText(TestResult test) {
        StringBuilder text = new StringBuilder(test.passed() ? "Passed."
                : "Failed: " + Texts.cut(Texts.plainMessage(test.message()), Texts.MESSAGE_LIMIT));
        String printed = test.printed() == null ? "" : test.printed().strip();
        if (!printed.isEmpty()) {
            text.append("\n\nPrinted:\n").append(Texts.cut(printed, Texts.PRINTED_LIMIT));
        }
        return text.toString();
    }

    /** What the student sees of a test before grades are published: a hidden test's result only. */
    static String visibleText(TestResult test) {
        return test.hidden() ? (test.passed() ? "Passed. " : "Failed. ") + HIDDEN : testText(test);
    }

    /** The notes as a student reads them: each bounded, at most {@link Texts#NOTES_SHOWN} of them. */
    static java.util.List<String> shownNotes(SubmissionResult result) {
        java.util.List<String> shown = new java.util.ArrayList<>();
        for (String note : result.notes()) {
            if (shown.size() == Texts.NOTES_SHOWN) {
                shown.add("[... " + (result.notes().size() - Texts.NOTES_SHOWN) + " more notes not shown]");
                break;
            }
            shown.add(Texts.cut(note, Texts.NOTE_LIMIT));
        }
        return shown;
    }

    static String points(double p) {
        return p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.2f", p);
    }

    public static String html(SubmissionResult result) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(result.assignment() + ": feedback for " + result.name())).append("</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
                        + "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4em;"
                        + "vertical-align:top;text-align:left}.passed{color:#1a7f37}.failed{color:#cf222e}"
                        + "pre{white-space:pre-wrap;margin:0}</style>\n</head>\n<body>\n");
        html.append("<h1>").append(escape(result.assignment())).append(": ").append(escape(result.name())).append("</h1>\n");
        if (!result.graded()) {
            html.append("<p class=\"failed\">Could not be graded: ").append(escape(Texts.cut(result.problem(),
                    Texts.NOTE_LIMIT))).append("</p>\n");
        }
        html.append("<p>Score: <strong>").append(points(result.score())).append(" of ")
                .append(points(result.maxScore())).append("</strong> points</p>\n");
        html.append("<table>\n<tr><th>Test</th><th>Points</th><th>Result</th><th>Message</th></tr>\n");
        for (TestResult test : result.tests()) {
            String status = test.passed() ? "passed" : "failed";
            html.append("<tr><td>").append(escape(test.gradeId())).append(test.hidden() ? " (hidden tests)" : "")
                    .append("</td><td>").append(points(test.score())).append(" / ").append(points(test.maxScore()))
                    .append("</td><td class=\"").append(status).append("\">").append(status)
                    .append("</td><td><pre>").append(escape(visibleText(test))).append("</pre></td></tr>\n");
        }
        html.append("</table>\n");
        if (!result.notes().isEmpty()) {
            html.append("<h2>Notes</h2>\n<ul>\n");
            for (String note : shownNotes(result)) {
                html.append("<li><pre>").append(escape(note)).append("</pre></li>\n");
            }
            html.append("</ul>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
