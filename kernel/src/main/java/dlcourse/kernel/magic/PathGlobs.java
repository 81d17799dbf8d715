package dlcourse.kernel.magic;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Resolves file paths with glob patterns ({@code *}, {@code ?}, {@code **}, {@code [..]}, {@code {a,b}}). */
final class PathGlobs {
    private PathGlobs() {
    }

    /**
     * The files a pattern names, sorted; relative patterns start at {@code base}.
     *
     * @throws MagicException if nothing matches, naming the pattern and where it looked
     */
    static List<Path> resolve(Path base, String pattern) throws MagicException {
        String expanded = pattern.startsWith("~" + File.separator) || pattern.startsWith("~/")
                ? System.getProperty("user.home") + pattern.substring(1) : pattern;
        Path asPath = base.resolve(expanded.replace('/', File.separatorChar)).normalize();
        if (!hasGlob(expanded)) {
            if (!Files.exists(asPath)) {
                throw new MagicException("no file or folder at " + asPath + " ('" + pattern + "' from " + base + ")");
            }
            return List.of(asPath);
        }
        Path root = asPath;
        while (root != null && hasGlob(root.toString())) {
            root = root.getParent();
        }
        if (root == null || !Files.isDirectory(root)) {
            throw new MagicException("no folder " + root + " for the pattern '" + pattern + "' (from " + base + ")");
        }
        String globText = asPath.toString().replace("\\", "\\\\");
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + globText);
        int depth = globText.contains("**") ? Integer.MAX_VALUE : asPath.getNameCount() - root.getNameCount();
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, depth)) {
            walk.filter(matcher::matches).filter(Files::isRegularFile).sorted().forEach(found::add);
        } catch (IOException e) {
            throw new MagicException("could not list " + root + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new MagicException("no file matches '" + pattern + "' (looked in " + root + ")");
        }
        return found;
    }

    private static boolean hasGlob(String text) {
        return text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }
}
