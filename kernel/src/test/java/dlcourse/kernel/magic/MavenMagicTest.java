package dlcourse.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.kernel.engine.CellResult;
import dlcourse.kernel.engine.CellStatus;
import dlcourse.kernel.engine.ExecutionOptions;
import dlcourse.kernel.engine.ExecutionSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * %maven against a file:// repository this test writes: dlcourse.test:alpha:1.0 depends on dlcourse.test:beta:1.0.
 * The local repository is a temporary folder (maven.repo.local), so ~/.m2 stays untouched.
 */
class MavenMagicTest {
    @TempDir
    Path temp;
    private String previousLocalRepo;

    @BeforeEach
    void useTemporaryLocalRepository() {
        previousLocalRepo = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", temp.resolve("local").toString());
    }

    @AfterEach
    void restore() {
        if (previousLocalRepo == null) {
            System.clearProperty("maven.repo.local");
        } else {
            System.setProperty("maven.repo.local", previousLocalRepo);
        }
    }

    @Test
    @DisplayName("%maven resolves transitively from a file:// repository, then works offline from the local one")
    void resolvesTransitivelyAndOffline() throws IOException, MagicException {
        Path remote = temp.resolve("remote");
        publish(remote, "alpha", "<dependencies><dependency><groupId>dlcourse.test</groupId>"
                + "<artifactId>beta</artifactId><version>1.0</version></dependency></dependencies>");
        publish(remote, "beta", "");

        MavenMagic maven = new MavenMagic();
        maven.repositoryMagic().run(null, "test-repo " + remote.toUri(), 0);
        List<Path> jars = maven.resolve(List.of("dlcourse.test:alpha:1.0"));
        assertEquals(List.of("alpha-1.0.jar", "beta-1.0.jar"), jars.stream().map(p -> p.getFileName().toString()).sorted().toList());
        assertTrue(jars.get(0).startsWith(temp.resolve("local")), "downloaded into the local repository");

        deleteTree(remote);
        List<Path> offline = new MavenMagic().resolve(List.of("dlcourse.test:alpha:1.0"));
        assertEquals(2, offline.size(), "resolved from the local repository without the remote one");
    }

    @Test
    @DisplayName("in a cell, %maven puts the jars on the user's class path")
    void inACell() throws IOException {
        Path remote = temp.resolve("remote");
        publish(remote, "alpha", "<dependencies><dependency><groupId>dlcourse.test</groupId>"
                + "<artifactId>beta</artifactId><version>1.0</version></dependency></dependencies>");
        publish(remote, "beta", "");
        try (ExecutionSession session = ExecutionSession.start(ExecutionOptions.builder().build())) {
            CellResult r = session.execute("%mavenRepo test-repo " + remote.toUri() + "\n%maven dlcourse.test:alpha:1.0\n"
                    + "new Object() { }.getClass().getClassLoader().getResource(\"beta.txt\") != null");
            assertAll(
                    () -> assertEquals(CellStatus.COMPLETED, r.status(), r.outputs().toString()),
                    () -> assertEquals("true", r.resultText().orElseThrow()));
        }
    }

    @Test
    @DisplayName("a coordinate that is not group:artifact:version is an error that shows the right form")
    void badCoordinates() {
        MagicException e = assertThrows(MagicException.class, () -> new MavenMagic().resolve(List.of("just-a-name")));
        assertTrue(e.getMessage().contains("group:artifact:version"), e.getMessage());
    }

    /** Writes dlcourse.test:NAME:1.0 (a pom, and a jar holding NAME.txt) into a repository folder. */
    private static void publish(Path repository, String name, String dependencies) throws IOException {
        Path folder = repository.resolve("dlcourse/test/" + name + "/1.0");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name + "-1.0.pom"), "<project><modelVersion>4.0.0</modelVersion>"
                + "<groupId>dlcourse.test</groupId><artifactId>" + name + "</artifactId><version>1.0</version>"
                + dependencies + "</project>", StandardCharsets.UTF_8);
        try (OutputStream file = Files.newOutputStream(folder.resolve(name + "-1.0.jar"));
             JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new JarEntry(name + ".txt"));
            jar.write(name.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
