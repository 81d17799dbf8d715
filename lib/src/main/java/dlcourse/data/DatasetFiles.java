package dlcourse.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Finds the course's {@code datasets/} folder and checks a file's sha256 before it is read. The folder is
 * {@code $DLCOURSE_DATASETS} if set, otherwise the first {@code datasets/} found from the working directory
 * upwards (notebooks run in {@code notebooks/}, tests in {@code lib/}).
 *
 * <p>Taught in {@code notebooks/00-getting-started.ipynb} (section "Where the data comes from").
 */
public final class DatasetFiles {
    private DatasetFiles() {}

    /** The environment variable that names the data folder explicitly. */
    public static final String ENV = "DLCOURSE_DATASETS";

    /** The datasets folder, or an error that says where it was looked for. */
    public static Path folder() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            Path dir = Path.of(env);
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(ENV + " is " + dir + ", which is not a folder; point it at the course's"
                        + " datasets/ folder (rebuild its files with datasets/prepare)");
            }
            return dir;
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("datasets"))) {
                return dir.resolve("datasets");
            }
        }
        throw new IllegalStateException("no datasets/ folder in " + start + " or above it; run from inside the course"
                + " folder, or set " + ENV + " to its datasets/ folder (rebuild its files with datasets/prepare)");
    }

    /** The file {@code name} in the datasets folder, after checking that its sha256 is {@code sha256}. */
    public static Path verified(String name, String sha256) {
        return verified(folder().resolve(name), sha256);
    }

    /** {@code path}, after checking that it exists and that its sha256 is {@code sha256}. */
    public static Path verified(Path path, String sha256) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("missing data file " + path.toAbsolutePath()
                    + "; rebuild it with datasets/prepare");
        }
        String actual = sha256(path);
        if (!actual.equalsIgnoreCase(sha256)) {
            throw new IllegalStateException("corrupt data file " + path.toAbsolutePath() + ": sha256 " + actual
                    + ", expected " + sha256 + " (see datasets/README.md); rebuild it with datasets/prepare");
        }
        return path;
    }

    /** The sha256 of a file as 64 hex digits. */
    public static String sha256(Path path) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(path)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
