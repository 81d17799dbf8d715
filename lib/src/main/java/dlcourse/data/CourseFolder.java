package dlcourse.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds one of the course's top-level folders ({@code datasets}, {@code claims}, {@code experiments}) from wherever
 * a notebook or program runs: an environment variable names it explicitly, otherwise the working folder and
 * each folder above it are searched.
 */
public final class CourseFolder {
    private CourseFolder() {}

    /**
     * The folder {@code name} (one that holds {@code marker}), named by the environment variable {@code envVar}
     * or found in the working folder or above it; empty when there is none.
     */
    public static Optional<Path> find(String name, String marker, String envVar) {
        String env = envVar == null ? null : System.getenv(envVar);
        if (env != null && !env.isBlank()) {
            Path dir = Path.of(env);
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(envVar + " is " + dir + ", which is not a folder; point it at the"
                        + " course's " + name + "/ folder");
            }
            return Optional.of(dir);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(name);
            if (Files.isDirectory(candidate) && (marker == null || Files.exists(candidate.resolve(marker)))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
