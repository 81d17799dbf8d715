package dlcourse.grader.report;

import dlcourse.grader.grade.SubmissionResult;
import dlcourse.grader.grade.TestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gradebook across a run's submissions, one row per submission: name, score, max_score, percent,
 * status ("graded" or "not graded"), then the points of each test by grade_id. As CSV (RFC 4180 quoting)
 * and as an HTML table.
 */
public final class Gradebook {
    private Gradebook() {}

    private static List<String> header(List<SubmissionResult> results) {
        List<String> header = new ArrayList<>(List.of("submission", "score", "max_score", "percent", "status"));
        if (!results.isEmpty()) {
            for (TestResult test : results.get(0).tests()) {
                header.add(test.gradeId());
            }
        }
        return header;
    }

    private static List<String> row(SubmissionResult r) {
        List<String> row = new ArrayList<>(List.of(r.name(), Feedback.points(r.score()), Feedback.points(r.maxScore()),
                String.format(Locale.ROOT, "%.1f", r.maxScore() == 0 ? 0 : 100 * r.score() / r.maxScore()),
                r.graded() ? "graded" : "not graded"));
        for (TestResult test : r.tests()) {
            row.add(Feedback.points(test.score()));
        }
        return row;
    }

    public static String csv(List<SubmissionResult> results) {
        StringBuilder csv = new StringBuilder();
        csv.append(csvLine(header(results)));
        for (SubmissionResult r : results) {
            csv.append(csvLine(row(r)));
        }
        return csv.toString();
    }

    private static String csvLine(List<String> fields) {
        List<String> quoted = new ArrayList<>();
        for (String f : fields) {
            quoted.add(f.matches(".*[,\"\\r\\n].*") || f.contains("\n") ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        return String.join(",", quoted) + "\n";
    }

    public static String html(String assignment, List<SubmissionResult> results) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Gradebook: ")
                .append(Feedback.escape(assignment)).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}.failed{color:#cf222e}</style>\n</head>\n<body>\n")
                .append("<h1>Gradebook: ").append(Feedback.escape(assignment)).append("</h1>\n<table>\n<tr>");
        for (String h : header(results)) {
            html.append("<th>").append(Feedback.escape(h)).append("</th>");
        }
        html.append("</tr>\n");
        for (SubmissionResult r : results) {
            List<String> row = row(r);
            html.append("<tr").append(r.graded() ? "" : " class=\"failed\"").append(">");
            html.append("<td><a href=\"").append(Feedback.escape(r.name())).append("/feedback.html\">")
                    .append(Feedback.escape(row.get(0))).append("</a></td>");
            for (String cell : row.subList(1, row.size())) {
                html.append("<td>").append(Feedback.escape(cell)).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</table>\n</body>\n</html>\n").toString();
    }
}
