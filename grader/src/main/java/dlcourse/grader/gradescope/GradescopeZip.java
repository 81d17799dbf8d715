package dlcourse.grader.gradescope;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code ./course gradescope solutions/NN-topic.ipynb --out autograder.zip}: the autograder zip Gradescope
 * asks for. Gradescope unpacks it into {@code /autograder/source}, runs {@code setup.sh} once when it builds the
 * image, and {@code /autograder/run_autograder} for every submission, which must leave
 * {@code /autograder/results/results.json}. Inside:
 * <pre>
 * setup.sh                        installs a JDK 17 (Ubuntu's openjdk-17-jdk-headless) and OpenBLAS
 * run_autograder                  grades /autograder/submission into /autograder/results/results.json
 * grader/*.jar                    the grader and what it needs at run time
 * solutions/NN-topic.ipynb        the assignment's source: setup and tests, hidden ones included
 * lib/target/dlcourse-lib.jar     the library, where the source's %jars line finds it (../lib/target/...)
 * lib/target/jars/*.jar
 * </pre>
 */
public final class GradescopeZip {
    private GradescopeZip() {}

    private static final FileTime EPOCH = FileTime.fromMillis(315532800000L); // 1980-01-01: reproducible zips

    static final String SETUP = """
            #!/usr/bin/env bash
            # Gradescope runs this once while it builds the autograder image: a JDK 17 (the grader compiles cells),
            # OpenBLAS, the native BLAS behind the library's matrix multiply (dlcourse.tensor.MatMul), and
            # bubblewrap, the OS sandbox each submission runs in where the image allows user namespaces (the
            # grader says so in its log when it does not, and grades without it).
            set -euo pipefail
            export DEBIAN_FRONTEND=noninteractive
            apt-get update
            apt-get install -y --no-install-recommends openjdk-17-jdk-headless libopenblas0-pthread bubblewrap
            java -version
            """;

    static String runAutograder(String sourceFile) {
        return """
                #!/usr/bin/env bash
                # Gradescope runs this for each submission (as /autograder/run_autograder). It grades the notebook in
                # submission/ against the assignment's source and writes results/results.json in Gradescope's schema.
                set -euo pipefail
                ROOT="${AUTOGRADER_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}"
                mkdir -p "$ROOT/results"
                exec java -cp "$ROOT/source/grader/*" dlcourse.grader.GraderCli autograde \\
                  --source "$ROOT/source/solutions/%s" \\
                  --submission "$ROOT/submission" \\
                  --results "$ROOT/results/results.json"
                """.formatted(sourceFile);
    }

    /**
     * Builds the zip.
     *
     * @param source          the assignment's source notebook
     * @param graderClasspath the grader's run-time class path (jars; folders are packed as jars)
     * @param libJars         the library jar followed by its dependencies' jars
     */
    public static void build(Path source, Path zip, List<Path> graderClasspath, Path libJar, List<Path> libJars)
            throws IOException {
        if (zip.toAbsolutePath().getParent() != null) {
            Files.createDirectories(zip.toAbsolutePath().getParent());
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            text(out, "setup.sh", SETUP);
            text(out, "run_autograder", runAutograder(source.getFileName().toString()));
            List<String> names = new ArrayList<>();
            for (Path entry : graderClasspath) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry)) {
                    name = "classes-" + names.size() + ".jar";
                    put(out, "grader/" + name, jarOf(entry));
                } else {
                    if (names.contains(name)) {
                        continue;
                    }
                    put(out, "grader/" + name, Files.readAllBytes(entry));
                }
                names.add(name);
            }
            put(out, "solutions/" + source.getFileName(), Files.readAllBytes(source));
            put(out, "lib/target/dlcourse-lib.jar", Files.readAllBytes(libJar));
            for (Path jar : libJars) {
                put(out, "lib/target/jars/" + jar.getFileName(), Files.readAllBytes(jar));
            }
        }
    }

    private static void text(ZipOutputStream out, String name, String text) throws IOException {
        put(out, name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setLastModifiedTime(EPOCH);
        out.putNextEntry(entry);
        out.write(bytes);
        out.closeEntry();
    }

    private static byte[] jarOf(Path folder) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes); Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                JarEntry entry = new JarEntry(folder.relativize(file).toString().replace('\\', '/'));
                entry.setLastModifiedTime(EPOCH);
                jar.putNextEntry(entry);
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
