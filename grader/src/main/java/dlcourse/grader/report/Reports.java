package dlcourse.grader.report;

import dlcourse.grader.grade.SubmissionResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a run's files: {@code DIR/<name>/results.json} and {@code DIR/<name>/feedback.html} per submission,
 * {@code DIR/gradebook.csv} and {@code DIR/gradebook.html}. The grader writes them only after every execution
 * JVM of the run has ended, each through a temporary file and a move, so a file a submission wrote at one of
 * these paths is replaced; a symbolic link in place of a submission's folder or a report is replaced too, never
 * written through. The gradebook is written last.
 */
public final class Reports {
    private Reports() {}

    public static void write(Path outDir, String assignment, List<SubmissionResult> results) throws IOException {
        Files.createDirectories(outDir);
        for (SubmissionResult result : results) {
            Path folder = outDir.resolve(result.name());
            if (Files.isSymbolicLink(folder)
                    || (Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS))) {
                Files.delete(folder); // a link or file put here by someone else: never write through it
            }
            Files.createDirectories(folder);
            replace(folder.resolve("results.json"), ResultsJson.of(result));
            replace(folder.resolve("feedback.html"), Feedback.html(result));
        }
        replace(outDir.resolve("gradebook.csv"), Gradebook.csv(results));
        replace(outDir.resolve("gradebook.html"), Gradebook.html(assignment, results));
    }

    /** Writes through a temporary file and an atomic move. */
    public static void replace(Path file, String text) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), ".writing-", ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
