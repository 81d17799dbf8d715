package dlcourse.launcher;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher's commands, run in this JVM where they only parse arguments or fail early, and through the real
 * shim ({@code ./course}) where the whole path matters. Exit codes: 0 done, 1 failure, 2 bad arguments.
 */
class CourseTest {
    /** The repository: Surefire runs in launcher/. */
    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    /** One launcher run in this JVM, its exit code and what it printed. */
    record Run(int code, String out, String err) {
    }

    static Run run(Path root, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Course course = new Course(root, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, "/usr/bin/java");
        int code = course.run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        return run(REPO, System.getenv(), args);
    }

    static Course course(Path root) {
        return new Course(root, System.getenv(), System.out, System.err, false, null);
    }

    static void assertUsageError(Run run, String message) {
        assertAll(
                () -> assertEquals(2, run.code(), "exit code for bad arguments"),
                () -> assertEquals("", run.out()),
                () -> assertEquals("course: " + message + "\n\n" + Course.USAGE, run.err()));
    }

    @Nested
    @DisplayName("help and unknown commands")
    class Help {
        @ParameterizedTest
        @ValueSource(strings = {"help", "-h", "--help"})
        @DisplayName("help prints the usage and exits 0")
        void help(String word) {
            Run run = run(word);
            assertAll(
                    () -> assertEquals(0, run.code()),
                    () -> assertTrue(run.out().startsWith("Usage: ./course COMMAND [ARGS...]\n"), run.out()),
                    () -> assertEquals("", run.err()));
        }

        @Test
        @DisplayName("no command prints the usage and exits 2")
        void none() {
            Run run = run();
            assertAll(() -> assertEquals(2, run.code()), () -> assertEquals(Course.USAGE, run.out()));
        }

        @Test
        @DisplayName("the usage names every command")
        void everyCommand() {
            for (String command : List.of("notebook", "run", "doctor", "release", "grade", "gradescope", "site",
                    "experiment", "test", "build", "bench", "help")) {
                assertTrue(Course.USAGE.contains("\n  " + command + " "), command);
            }
        }

        @Test
        @DisplayName("an unknown command is a usage error")
        void unknown() {
            assertUsageError(run("lecture"), "unknown command 'lecture'");
        }
    }

    @Nested
    @DisplayName("commands that take no arguments")
    class NoArguments {
        @ParameterizedTest
        @ValueSource(strings = {"test", "doctor", "build", "site"})
        @DisplayName("refuse any")
        void refuse(String command) {
            assertUsageError(run(command, "--fast"), command + " takes no arguments");
        }

        @Test
        @DisplayName("bench needs a name")
        void benchNeedsName() {
            assertUsageError(run("bench"), "bench needs a NAME (./course bench list)");
        }
    }

    @Nested
    @DisplayName("notebook")
    class Notebook {
        @Test
        @DisplayName("passes --port, --ip and --no-browser to Jupyter, in either spelling")
        void options() {
            assertEquals(List.of("--port=8899", "--ip=0.0.0.0", "--no-browser", "--port=1", "--ip=::"),
                    course(REPO).notebookOptions(List.of("--port", "8899", "--ip", "0.0.0.0", "--no-browser",
                            "--port=1", "--ip=::")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"--port", "--ip"})
        @DisplayName("an option without its value is a usage error")
        void missingValue(String option) {
            assertUsageError(run("notebook", "--no-browser", option), option + " needs a value");
        }

        @Test
        @DisplayName("an unknown option is a usage error that lists the known ones")
        void unknownOption() {
            assertUsageError(run("notebook", "--lab"),
                    "notebook: unknown option '--lab' (known: --port N, --ip ADDRESS, --no-browser)");
        }

        @Test
        @DisplayName("Jupyter starts in the repository root (notebooks and exercises), opening notebook 00")
        void rootAndFirstNotebook() {
            List<String> command = course(REPO).jupyterCommand("/usr/bin/python3", List.of("--port=8899"), false);
            Path first = Path.of(command.get(command.size() - 1));
            assertAll(
                    () -> assertEquals(List.of("/usr/bin/python3", "-m", "notebook", "--notebook-dir=" + REPO,
                            "--port=8899"), command.subList(0, 5)),
                    () -> assertEquals(REPO.resolve("notebooks/00-getting-started.ipynb"), first),
                    () -> assertTrue(Files.isRegularFile(first), "notebook 00 exists"),
                    () -> assertTrue(Files.isDirectory(REPO.resolve("exercises")), "exercises/ is under the root"),
                    () -> assertFalse(command.contains("--allow-root")));
        }

        @Test
        @DisplayName("with --no-browser no notebook is named (Jupyter 6 would open a browser for it anyway)")
        void noBrowser() {
            List<String> command = course(REPO).jupyterCommand("python3", List.of("--no-browser"), false);
            assertEquals("--no-browser", command.get(command.size() - 1));
        }

        @Test
        @DisplayName("as root, Jupyter gets --allow-root")
        void asRoot() {
            assertTrue(course(REPO).jupyterCommand("python3", List.of(), true).contains("--allow-root"));
        }

        @Test
        @DisplayName("notebook 00 links to the exercises by a path that works from Jupyter's root")
        void linkToExercises() throws IOException {
            String notebook = Files.readString(REPO.resolve("notebooks/00-getting-started.ipynb"));
            assertTrue(notebook.contains("](../exercises/01-xor-network.ipynb)"), "a Markdown link to exercise 01");
        }
    }

    @Nested
    @DisplayName("the Java programs behind run, release, grade, gradescope and experiment")
    class JavaPrograms {
        final Course course = course(REPO);
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        @Test
        @DisplayName("run is the kernel's RunNotebookCli with the arguments as given")
        void run() {
            assertEquals(List.of(java, "-cp", REPO + "/kernel/target/kernelspec/java/*",
                            "dlcourse.kernel.runner.RunNotebookCli", "notebooks/x.ipynb", "--timeout", "5"),
                    course.kernelJava("dlcourse.kernel.runner.RunNotebookCli",
                            List.of("notebooks/x.ipynb", "--timeout", "5")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"release", "grade", "gradescope"})
        @DisplayName("release, grade and gradescope are the grader's command line")
        void grader(String command) {
            assertEquals(List.of(java, "-cp", REPO + "/grader/target/grader/*", "dlcourse.grader.GraderCli",
                    command, "--out", "x"), course.graderJava(command, List.of("--out", "x")));
        }

        @Test
        @DisplayName("experiment runs the library's Experiments with a 2 GB heap")
        void experiment() {
            assertEquals(List.of(java, "-Xmx2g", "-cp", REPO + "/lib/target/dlcourse-lib.jar" + File.pathSeparator
                            + REPO + "/lib/target/jars/*", "dlcourse.experiment.Experiments", "all"),
                    course.experimentCommand(List.of("all")));
        }
    }

    @Nested
    @DisplayName("in a folder that is not a built course")
    class Failures {
        @TempDir
        Path root;

        @Test
        @DisplayName("build without the Maven Wrapper fails with exit 1 and names what could not start")
        void buildWithoutWrapper() throws IOException {
            Files.writeString(root.resolve("pom.xml"), "<project/>");
            Run run = run(root, System.getenv(), "build");
            assertAll(
                    () -> assertEquals(1, run.code()),
                    () -> assertTrue(run.out().contains("course: building the library"), run.out()),
                    () -> assertTrue(run.err().contains("course: cannot start " + root.resolve("mvnw")), run.err()));
        }

        @Test
        @DisplayName("a missing kernelspec says to run ./course build")
        void missingKernelspec() throws IOException {
            Files.writeString(root.resolve("pom.xml"), "<project/>");
            Files.createDirectories(root.resolve("kernel/target/kernelspec/java"));
            Files.createDirectories(root.resolve(".jupyter"));
            Files.writeString(root.resolve(".jupyter/built.stamp"), "");
            Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.fromMillis(0));
            Run run = run(root, System.getenv(), "site");
            assertAll(
                    () -> assertEquals(1, run.code()),
                    () -> assertTrue(run.err().contains("kernel/target/kernelspec/java/kernel.json is missing; run"
                            + " ./course build") || run.err().contains("Jupyter was not found"), run.err()));
        }

        @Test
        @DisplayName("the doctor fails on what is missing, prints a fix for each, and the MatMul line without failing")
        void doctor() {
            Run run = run(root, System.getenv(), "doctor");
            assertAll(
                    () -> assertEquals(1, run.code()),
                    () -> assertTrue(run.out().startsWith("course doctor:\n  [ok]   Java "), run.out()),
                    () -> assertTrue(run.out().contains("  [fail] Maven Wrapper (./mvnw)\n         fix: git checkout"
                            + " -- mvnw .mvn"), run.out()),
                    () -> assertTrue(run.out().contains("  [fail] Java kernel installed for this project\n"
                            + "         fix: ./course build"), run.out()),
                    () -> assertTrue(run.out().contains("  [info] MatMul backend: unknown (the library is not built"
                            + " yet: ./course build)\n"), run.out()),
                    () -> assertTrue(run.out().endsWith("Some checks failed; run the fix lines above.\n"), run.out()));
        }

        @Test
        @DisplayName("the doctor shows what the library's MatMulInfo prints, and 'unknown' where it has none")
        void matMulBackend() throws Exception {
            Path classes = Files.createDirectories(root.resolve("classes/dlcourse/tensor"));
            Path source = Files.writeString(classes.resolve("MatMulInfo.java"), "package dlcourse.tensor;\n"
                    + "public class MatMulInfo { public static void main(String[] a) {\n"
                    + "System.out.println(\"MatMul backend: plain Java loops\");\n"
                    + "System.out.println(\"fix: sudo apt install libopenblas0-pthread\"); } }\n");
            assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, source.toString()));
            Files.createDirectories(root.resolve("lib/target/jars"));
            Path jar = root.resolve("lib/target/dlcourse-lib.jar");
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
                out.putNextEntry(new java.util.jar.JarEntry("dlcourse/tensor/MatMulInfo.class"));
                out.write(Files.readAllBytes(classes.resolve("MatMulInfo.class")));
            }
            assertEquals(List.of("  [info] MatMul backend: plain Java loops",
                    "         fix: sudo apt install libopenblas0-pthread"), course(root).matMulBackend());
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
                out.putNextEntry(new java.util.jar.JarEntry("dlcourse/Other.txt"));
            }
            assertEquals(List.of("  [info] MatMul backend: unknown (this library has no dlcourse.tensor.MatMulInfo"
                    + " yet)"), course(root).matMulBackend());
        }

        @Test
        @DisplayName("test adds up Surefire's and Jupyter's counts into the closing Summary line")
        void testSummary() throws IOException {
            // Stand-ins for ./mvnw verify (writes one report: 3 tests, 1 failure) and for the Jupyter tests
            // (5 tests, 1 failure, 1 skipped); both fail, so ./course test exits 1.
            Path mvnw = Files.writeString(root.resolve("mvnw"), String.join("\n", "#!/bin/sh",
                    "mkdir -p lib/target/surefire-reports",
                    "printf '<testsuite>\\n<testcase name=\"a\"/>\\n<testcase name=\"b\"><failure/></testcase>"
                            + "\\n<testcase name=\"c\"/>\\n</testsuite>\\n' > lib/target/surefire-reports/TEST-x.xml",
                    "exit 1", ""));
            Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(root.resolve("kernel/target/kernelspec/java"));
            Files.writeString(root.resolve("kernel/target/kernelspec/java/kernel.json"), "{}");
            Files.createDirectories(root.resolve("kernel/src/test/python"));
            Files.writeString(root.resolve("kernel/src/test/python/run_jupyter_tests.py"), String.join("\n",
                    "import sys", "open(sys.argv[sys.argv.index('--counts') + 1], 'w').write('5 1 1\\n')",
                    "sys.exit(1)", ""));
            Run run = run(root, System.getenv(), "test");
            assertAll(
                    () -> assertEquals(1, run.code()),
                    () -> assertTrue(run.out().startsWith("== ./mvnw verify (library, kernel and grader tests)\n"),
                            run.out()),
                    () -> assertTrue(run.out().contains("== through real Jupyter: kernel protocol, notebooks,"
                            + " exercises\n"), run.out()),
                    () -> assertTrue(run.out().endsWith("\nSummary: 5 passed, 2 failed, 1 skipped\n"), run.out()),
                    () -> assertTrue(Files.isRegularFile(root.resolve(".jupyter/data/kernels/java/kernel.json")),
                            "the kernel was installed for the Jupyter tests"));
        }

        @Test
        @DisplayName("a build is stale when a source is newer than the stamp, not when only target/ is")
        void staleness() throws IOException {
            Files.writeString(root.resolve("pom.xml"), "<project/>");
            Path source = root.resolve("lib/src/A.java");
            Path output = root.resolve("lib/target/A.class");
            Files.createDirectories(source.getParent());
            Files.createDirectories(output.getParent());
            Files.writeString(source, "class A {}");
            Files.writeString(output, "");
            Course course = course(root);
            assertTrue(course.sourcesNewerThanStamp(), "never built");
            Files.createDirectories(root.resolve(".jupyter"));
            Files.writeString(root.resolve(".jupyter/built.stamp"), "");
            long built = Files.getLastModifiedTime(root.resolve(".jupyter/built.stamp")).toMillis();
            Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.fromMillis(built - 10_000));
            Files.setLastModifiedTime(source, FileTime.fromMillis(built - 10_000));
            Files.setLastModifiedTime(output, FileTime.fromMillis(built + 10_000));
            assertFalse(course.sourcesNewerThanStamp(), "only target/ changed");
            Files.setLastModifiedTime(source, FileTime.fromMillis(built + 10_000));
            assertTrue(course.sourcesNewerThanStamp(), "a source changed");
        }

        @Test
        @DisplayName("test counts only the Surefire reports written since it started, line by line like grep -c")
        void surefireCounts() throws IOException {
            Path reports = Files.createDirectories(root.resolve("lib/target/surefire-reports"));
            Path started = Files.writeString(root.resolve("started"), "");
            long t = Files.getLastModifiedTime(started).toMillis();
            Path fresh = Files.writeString(reports.resolve("TEST-a.xml"), String.join("\n",
                    "<testsuite>", "<testcase name=\"1\"/>", "<testcase name=\"2\"><failure/></testcase>",
                    "<testcase name=\"3\">", "<error/>", "</testcase>", "<testcase name=\"4\"><skipped/></testcase>",
                    "</testsuite>"));
            Path old = Files.writeString(reports.resolve("TEST-b.xml"), "<testcase name=\"old\"/>\n");
            Path other = Files.writeString(reports.resolve("a.txt"), "<testcase name=\"txt\"/>\n");
            Files.setLastModifiedTime(fresh, FileTime.fromMillis(t + 5_000));
            Files.setLastModifiedTime(other, FileTime.fromMillis(t + 5_000));
            Files.setLastModifiedTime(old, FileTime.fromMillis(t - 5_000));
            assertEquals(List.of(4, 1, 1, 1), toList(course(root).surefireCounts(started)));
        }

        private List<Integer> toList(int[] values) {
            List<Integer> list = new ArrayList<>();
            for (int v : values) {
                list.add(v);
            }
            return list;
        }
    }

    @Nested
    @DisplayName("through the shim ./course")
    class Shim {
        @TempDir
        Path bin;

        Run shim(Map<String, String> env, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(REPO.resolve("course").toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
            env.forEach((k, v) -> {
                if (v == null) {
                    builder.environment().remove(k);
                } else {
                    builder.environment().put(k, v);
                }
            });
            Path out = Files.createTempFile(bin, "out", ".txt");
            Path err = Files.createTempFile(bin, "err", ".txt");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(process.waitFor(300, TimeUnit.SECONDS), "./course " + String.join(" ", args) + " ended");
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        @Test
        @DisplayName("help, a bad command and the doctor behave as in this JVM")
        void commands() throws Exception {
            Run help = shim(Map.of(), "help");
            Run bad = shim(Map.of(), "lecture");
            Run doctor = shim(Map.of(), "doctor");
            assertAll(
                    () -> assertEquals(0, help.code()),
                    () -> assertEquals(Course.USAGE, help.out()),
                    () -> assertEquals(2, bad.code()),
                    () -> assertTrue(bad.err().startsWith("course: unknown command 'lecture'\n"), bad.err()),
                    () -> assertTrue(doctor.code() == 0 || doctor.code() == 1, "doctor exits 0 or 1"),
                    () -> assertTrue(doctor.out().startsWith("course doctor:\n  [ok]   Java "), doctor.out()),
                    () -> assertTrue(doctor.out().contains("  [info] MatMul backend: "), doctor.out()));
        }

        /** A PATH with the few tools the shim uses, and no Java. */
        private String pathWithoutJava() throws IOException {
            for (String tool : List.of("bash", "dirname", "readlink", "sed")) {
                for (String dir : List.of("/usr/bin", "/bin")) {
                    Path found = Path.of(dir, tool);
                    if (Files.isExecutable(found) && !Files.exists(bin.resolve(tool))) {
                        Path script = Files.writeString(bin.resolve(tool), "#!/bin/sh\nexec " + found + " \"$@\"\n");
                        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
            return bin.toString();
        }

        @Test
        @DisplayName("without Java, the shim says how to install a JDK and exits 1")
        void noJava() throws Exception {
            Map<String, String> env = new HashMap<>();
            env.put("PATH", pathWithoutJava());
            env.put("JAVA_HOME", null);
            Run run = shim(env, "help");
            assertAll(
                    () -> assertEquals(1, run.code()),
                    () -> assertEquals("course: no Java found. Install a JDK 17 or newer, e.g. 'sudo apt install"
                            + " openjdk-17-jdk-headless'.\n", run.err()));
        }

        @Test
        @DisplayName("with a JRE (no javac), the shim says a JDK is needed and exits 1")
        void jre() throws Exception {
            Path jre = Files.createDirectories(bin.resolve("jre/bin"));
            Path java = Files.writeString(jre.resolve("java"), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
            Map<String, String> env = new HashMap<>();
            env.put("PATH", pathWithoutJava());
            env.put("JAVA_HOME", bin.resolve("jre").toString());
            Run run = shim(env, "doctor");
            assertAll(
                    () -> assertEquals(1, run.code()),
                    () -> assertEquals("course: " + java + " is a JRE; the kernel compiles your cells and needs a JDK"
                            + " (javac).\n", run.err()));
        }

        @ParameterizedTest
        @CsvSource({"1.8.0_402, 1.8.0_402", "9.0.4, 9.0.4"})
        @DisplayName("with a Java older than 11, the shim names its version and exits 1")
        void oldJava(String version, String shown) throws Exception {
            Path home = Files.createDirectories(bin.resolve("old"));
            Files.createDirectories(home.resolve("bin"));
            Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
            Map<String, String> env = new HashMap<>();
            env.put("PATH", pathWithoutJava());
            env.put("JAVA_HOME", home.toString());
            Run run = shim(env, "help");
            assertAll(
                    () -> assertEquals(1, run.code()),
                    () -> assertEquals("course: " + java + " is Java " + shown + "; the course needs Java 17 or newer.\n",
                            run.err()));
        }
    }
}
