package dlcourse.grader;

import dlcourse.grader.notebook.Notebook;
import dlcourse.kernel.notebook.NotebookFormatException;
import java.nio.file.Path;

/** Where the tests find the repository and small notebooks they build. */
public final class TestNotebooks {
    private TestNotebooks() {}

    /** The repository root (set by Surefire as dlcourse.root). */
    public static Path root() {
        return Path.of(System.getProperty("dlcourse.root", "..")).toAbsolutePath().normalize();
    }

    public static Path solution(String name) {
        return root().resolve("solutions").resolve(name + ".ipynb");
    }

    public static Path exercise(String name) {
        return root().resolve("exercises").resolve(name + ".ipynb");
    }

    /** A notebook with the given cells' JSON objects, nbformat 4.5 with the Java kernelspec. */
    public static String notebookJson(String... cells) {
        return "{\"cells\": [" + String.join(",", cells) + "], \"metadata\": {\"kernelspec\": {\"display_name\": \"Java\","
                + " \"language\": \"java\", \"name\": \"java\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}";
    }

    /** A code cell; nbgrader metadata if gradeId is not null. */
    public static String code(String id, String gradeId, boolean solution, boolean grade, double points, String source) {
        String meta = gradeId == null ? "{}" : "{\"nbgrader\": {\"grade\": " + grade + ", \"grade_id\": \"" + gradeId
                + "\", \"locked\": " + !solution + ", \"points\": " + points + ", \"schema_version\": 3, \"solution\": "
                + solution + "}}";
        return "{\"cell_type\": \"code\", \"execution_count\": null, \"id\": \"" + id + "\", \"metadata\": " + meta
                + ", \"outputs\": [], \"source\": " + new com.google.gson.Gson().toJson(source) + "}";
    }

    public static Notebook parse(String json) throws NotebookFormatException {
        return Notebook.parse(json, "test.ipynb");
    }
}
