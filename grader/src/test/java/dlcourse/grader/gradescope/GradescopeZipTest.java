package dlcourse.grader.gradescope;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dlcourse.grader.TestNotebooks;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The Gradescope autograder zip")
class GradescopeZipTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("unpacked in a folder laid out like /autograder, grades a submission into results/results.json")
    void runsLikeGradescope() throws Exception {
        Path root = TestNotebooks.root();
        Path source = TestNotebooks.solution("03-softmax");
        Path zip = temp.resolve("autograder.zip");
        List<Path> graderClasspath = new ArrayList<>();
        // Surefire's copy of the class path: the kernel's engine rewrites java.class.path when it starts a session
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.endsWith("test-classes") && !entry.contains("surefire")) {
                graderClasspath.add(Path.of(entry));
            }
        }
        List<Path> libJars;
        try (Stream<Path> jars = Files.list(root.resolve("lib/target/jars"))) {
            libJars = jars.sorted().toList();
        }
        GradescopeZip.build(source, zip, graderClasspath, root.resolve("lib/target/dlcourse-lib.jar"), libJars);

        // Gradescope: the zip in /autograder/source, run_autograder copied to /autograder, the upload in submission/
        Path autograder = temp.resolve("autograder");
        Path unpacked = Files.createDirectories(autograder.resolve("source"));
        List<String> names = unzip(zip, unpacked);
        Files.copy(unpacked.resolve("run_autograder"), autograder.resolve("run_autograder"));
        Path submission = Files.createDirectories(autograder.resolve("submission"));
        String answer = Files.readString(TestNotebooks.solution("03-softmax"));
        Files.writeString(submission.resolve("my-softmax.ipynb"), answer);

        ProcessBuilder run = new ProcessBuilder("bash", autograder.resolve("run_autograder").toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("log.txt").toFile());
        run.environment().put("AUTOGRADER_ROOT", autograder.toString());
        run.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + System.getenv("PATH"));
        Process process = run.start();
        assertTrue(process.waitFor(150, TimeUnit.SECONDS), "run_autograder finished in time");
        String log = Files.readString(temp.resolve("log.txt"));
        JsonObject results = JsonParser.parseString(Files.readString(autograder.resolve("results/results.json"))).getAsJsonObject();
        assertAll(
                () -> assertTrue(names.containsAll(List.of("setup.sh", "run_autograder", "solutions/03-softmax.ipynb",
                        "lib/target/dlcourse-lib.jar")), names.toString()),
                () -> assertTrue(Files.readString(unpacked.resolve("setup.sh")).contains("openjdk-17-jdk-headless")),
                () -> assertTrue(Files.readString(unpacked.resolve("setup.sh")).contains("libopenblas0-pthread")),
                () -> assertTrue(Files.readString(unpacked.resolve("setup.sh")).contains("bubblewrap")),
                () -> assertEquals(0, process.exitValue(), log),
                () -> assertEquals(6.0, results.get("score").getAsDouble(), results.toString()),
                () -> assertEquals(6, results.getAsJsonArray("tests").size()),
                () -> assertTrue(results.get("output").getAsString().contains("6 of 6 points"), results.toString()));
    }

    private static List<String> unzip(Path zip, Path into) throws Exception {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                names.add(entry.getName());
                Path target = into.resolve(entry.getName()).normalize();
                Files.createDirectories(target.getParent());
                Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return names;
    }
}
