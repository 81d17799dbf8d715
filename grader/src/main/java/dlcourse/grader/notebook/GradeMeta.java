package dlcourse.grader.notebook;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dlcourse.kernel.notebook.NotebookFormatException;
import java.nio.file.Path;

/**
 * A cell's nbgrader metadata (schema version 3), as nbgrader writes it under {@code metadata.nbgrader}:
 * <ul>
 *   <li>{@code solution}: the student writes code here (an "autograded answer" cell);</li>
 *   <li>{@code grade} with {@code points}: a test cell whose points the student earns when it runs without
 *       an error;</li>
 *   <li>{@code locked}: the student must not change the cell (setup and test cells).</li>
 * </ul>
 * Taught in the exercises' "How grading works" cell; used by {@link dlcourse.grader.release.Release} and the
 * autograder.
 */
public record GradeMeta(String gradeId, double points, boolean grade, boolean solution, boolean locked,
                        int schemaVersion) {

    /** True for an autograded test cell: it carries points and is not where the student writes. */
    public boolean isTest() {
        return grade && !solution;
    }

    /** Reads {@code metadata.nbgrader}; a missing or mistyped field is a message naming it. */
    static GradeMeta fromJson(JsonObject nbgrader, Path file, String where) throws NotebookFormatException {
        String gradeId = nbgrader.has("grade_id") && nbgrader.get("grade_id").isJsonPrimitive()
                ? nbgrader.get("grade_id").getAsString() : null;
        if (gradeId == null || gradeId.isBlank()) {
            throw new NotebookFormatException(file, where + ": nbgrader metadata without a grade_id");
        }
        return new GradeMeta(gradeId,
                number(nbgrader, "points", file, where),
                flag(nbgrader, "grade", file, where),
                flag(nbgrader, "solution", file, where),
                flag(nbgrader, "locked", file, where),
                (int) number(nbgrader, "schema_version", file, where));
    }

    private static boolean flag(JsonObject o, String key, Path file, String where) throws NotebookFormatException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return false;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new NotebookFormatException(file, where + ": nbgrader field '" + key + "' must be true or false, was " + shorten(e));
        }
        return e.getAsBoolean();
    }

    private static double number(JsonObject o, String key, Path file, String where) throws NotebookFormatException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return 0;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new NotebookFormatException(file, where + ": nbgrader field '" + key + "' must be a number, was " + shorten(e));
        }
        return e.getAsDouble();
    }

    private static String shorten(JsonElement e) {
        String s = e.toString();
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
