package dlcourse.grader.grade;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the grading machine's paths out of text a student reads: the folders of the assignment's source, of the
 * submission, the grader's working folder, the user's home and the JDK become {@code <source folder>},
 * {@code <submission folder>}, {@code <grader folder>}, {@code ~} and {@code <jdk>}; a submission's temporary
 * working folder becomes {@code <working folder>}. Longer paths are replaced first, so a file inside the source
 * folder under the home folder is named by the source folder.
 */
final class Redaction {
    private static final Pattern WORK_DIR = Pattern.compile(
            Pattern.quote(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize().toString())
                    + "/dlcourse-grade-[0-9]+");

    private final List<Map.Entry<String, String>> replacements;

    private Redaction(Map<String, String> paths) {
        List<Map.Entry<String, String>> list = new ArrayList<>(paths.entrySet());
        list.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        this.replacements = List.copyOf(list);
    }

    static Redaction of(Path sourceFile, Path submissionFile) {
        Map<String, String> paths = new LinkedHashMap<>();
        add(paths, System.getProperty("java.home"), "<jdk>");
        add(paths, System.getProperty("user.home"), "~");
        add(paths, System.getProperty("user.dir"), "<grader folder>");
        add(paths, parent(sourceFile), "<source folder>");
        add(paths, parent(submissionFile), "<submission folder>");
        return new Redaction(paths);
    }

    private static String parent(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? null : parent.toString();
    }

    private static void add(Map<String, String> paths, String path, String name) {
        if (path == null || path.length() < 2) {
            return; // never replace "/" itself
        }
        Path p = Path.of(path).toAbsolutePath().normalize();
        paths.put(p.toString(), name);
        try {
            paths.putIfAbsent(p.toRealPath().toString(), name);
        } catch (IOException | RuntimeException ignored) {
            // the path as given is enough
        }
    }

    String apply(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = WORK_DIR.matcher(text).replaceAll(Matcher.quoteReplacement("<working folder>"));
        for (Map.Entry<String, String> r : replacements) {
            out = out.replace(r.getKey(), r.getValue());
        }
        return out;
    }
}
