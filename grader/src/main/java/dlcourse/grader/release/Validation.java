package dlcourse.grader.release;

import dlcourse.grader.notebook.Cell;
import dlcourse.grader.notebook.GradeMeta;
import dlcourse.grader.notebook.Notebook;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an assignment source ({@code solutions/NN-topic.ipynb}) before anything is released or graded from
 * it. Every problem names the notebook and the cell.
 */
public final class Validation {
    private Validation() {}

    /** All problems found; empty when the source is fine. */
    public static List<String> problems(Notebook source) {
        List<String> problems = new ArrayList<>();
        String nb = source.name();
        if (source.minorVersion() < 5) {
            problems.add(nb + ": nbformat 4." + source.minorVersion() + "; sources are nbformat 4.5 (cells have ids)");
        }
        if (!"java".equals(source.kernelName())) {
            problems.add(nb + ": kernelspec name is '" + source.kernelName() + "'; it must be 'java'");
        }
        Map<String, Integer> firstCellOfId = new HashMap<>();
        int graded = 0;
        List<Cell> cells = source.cells();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            String where = nb + ", " + cell.describe(i);
            String text = cell.source();
            if (cell.id() == null) {
                problems.add(where + ": has no cell id (nbformat 4.5 needs one)");
            }
            GradeMeta meta = cell.grading().orElse(null);
            if (meta != null) {
                Integer earlier = firstCellOfId.putIfAbsent(meta.gradeId(), i);
                if (earlier != null) {
                    problems.add(where + ": grade_id '" + meta.gradeId() + "' is already used by cell " + earlier
                            + "; every grade_id must be unique");
                }
                if (!(meta.points() >= 0) || Double.isInfinite(meta.points())) {
                    problems.add(where + ": points is " + meta.points() + "; points must be a number >= 0");
                }
                if (meta.schemaVersion() != 3) {
                    problems.add(where + ": nbgrader schema_version is " + meta.schemaVersion() + "; expected 3");
                }
                if (meta.solution() && !cell.isCode()) {
                    problems.add(where + ": a solution cell must be a code cell (manually graded answers are not"
                            + " supported)");
                }
                if (meta.grade() && meta.solution()) {
                    problems.add(where + ": a cell is either a solution (solution: true) or a test (grade: true),"
                            + " not both");
                }
                if (meta.isTest()) {
                    graded++;
                    if (!meta.locked()) {
                        problems.add(where + ": a test cell must be locked (locked: true)");
                    }
                }
                if (meta.solution() && cell.isCode() && !text.contains(Markers.BEGIN_SOLUTION)) {
                    problems.add(where + ": a solution cell needs a '" + Markers.BEGIN_SOLUTION + "' / '"
                            + Markers.END_SOLUTION + "' region to replace by a stub");
                }
            }
            if (Markers.hasSolutionMarker(text)) {
                if (!cell.isSolution()) {
                    problems.add(where + ": has a solution marker but is not a solution cell (set nbgrader"
                            + " solution: true, or remove the marker)");
                }
                for (String p : Markers.problems(text, "SOLUTION")) {
                    problems.add(where + ": " + p);
                }
            }
            if (Markers.hasHiddenMarker(text)) {
                if (!cell.isTest()) {
                    problems.add(where + ": has a hidden-tests marker but is not a test cell (nbgrader grade: true,"
                            + " solution: false)");
                }
                for (String p : Markers.problems(text, "HIDDEN TESTS")) {
                    problems.add(where + ": " + p);
                }
            }
        }
        if (graded == 0) {
            problems.add(nb + ": has no test cell (nbgrader grade: true with points); nothing could be graded");
        }
        return problems;
    }

    /** Throws {@link InvalidSourceException} listing every problem, one per line. */
    public static void require(Notebook source) {
        List<String> problems = problems(source);
        if (!problems.isEmpty()) {
            throw new InvalidSourceException(problems);
        }
    }
}
