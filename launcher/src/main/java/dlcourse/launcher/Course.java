package dlcourse.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one launcher of the dlcourse course: {@code ./course COMMAND} on Linux and macOS, {@code course COMMAND} on
 * Windows. Both are thin shims that find a JDK and run this file as a single-file program ({@code java Course.java},
 * no build step); every decision is made here, so the launcher behaves the same on every system. It finds Java,
 * Maven and Jupyter, builds what is stale, and hands real work to the Java programs in kernel/, grader/ and lib/.
 *
 * <p>Written in the Java 11 subset on purpose: a JDK 11 to 16 can still compile this file and then be told that
 * the course needs 17. Exit codes: 0 done, 1 a failure (with a line that says what to do), 2 bad arguments;
 * a command that hands over to another program exits with that program's code.
 *
 * <p>Tested by {@code launcher/src/test/java/dlcourse/launcher/CourseTest.java} (every command's arguments, the
 * error paths and exit codes, and the shim itself).
 */
public final class Course {
    static final String USAGE = String.join("\n",
            "Usage: ./course COMMAND [ARGS...]",
            "",
            "Students",
            "  notebook [--port N] [--ip ADDRESS] [--no-browser]",
            "                      build what is stale, install the Java kernel (project-local), start Jupyter",
            "  run NOTEBOOK.ipynb  execute a notebook headless: [--out FILE] [--timeout S] [--allow-errors]",
            "  doctor              check Java, the Maven Wrapper, Jupyter and the kernel; say how to fix what is missing",
            "",
            "Instructors",
            "  release [--force]   write exercises/ from solutions/ (stubs in place of solutions, hidden tests removed)",
            "  grade --source solutions/NN-topic.ipynb --out DIR SUBMISSION...",
            "                      grade submissions (files or folders of .ipynb) into results.json files and a gradebook",
            "  gradescope solutions/NN-topic.ipynb --out autograder.zip",
            "                      build a Gradescope autograder for one assignment",
            "  site                render the executed notebooks to HTML pages in site/",
            "  experiment NAME     run a full-scale companion experiment into experiments/results/NAME.csv (list: all names)",
            "",
            "Developers",
            "  test                run every test: ./mvnw verify, then the notebooks and exercises through real Jupyter",
            "  build               build the library, the kernel and the grader (skipping tests)",
            "  bench NAME          run a benchmark from bench/ (./course bench list)",
            "  help                this text",
            "");

    static final String JUPYTER_HELP = String.join("\n",
            "course: Jupyter was not found (a python3 with notebook, nbclient and jupyter_client). Install it with one of:",
            "  pip:    python3 -m pip install --user notebook nbclient nbconvert jupyter_client",
            "  conda:  conda install -c conda-forge notebook nbclient nbconvert jupyter_client",
            "  apt:    sudo apt install jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client",
            "Or point DLCOURSE_PYTHON at the python3 that has them.",
            "");

    /** This file, from the repository's root. */
    static final String SOURCE = "launcher/src/main/java/dlcourse/launcher/Course.java";

    /** The notebook Jupyter opens first; the exercises are one folder up from it, in the same Jupyter. */
    static final String FIRST_NOTEBOOK = "notebooks/00-getting-started.ipynb";

    /** A failure that ends the command with an exit code, after its message was printed. */
    static final class Exit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    private final Path root;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean windows;
    /** The java command the shim found (shown in messages), and the JVM that runs the course's Java programs. */
    private final String javaShown;
    private final Path javaExe;
    private String python;
    private final String self = System.getProperty("dlcourse.self", "./course");

    Course(Path root, Map<String, String> env, PrintStream out, PrintStream err, boolean windows, String javaShown) {
        this.root = root.toAbsolutePath().normalize();
        this.env = env;
        this.out = out;
        this.err = err;
        this.windows = windows;
        this.javaExe = Paths.get(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
        this.javaShown = javaShown == null || javaShown.isEmpty() ? javaExe.toString() : javaShown;
    }

    public static void main(String[] args) {
        String rootProperty = System.getProperty("dlcourse.root");
        Path root = rootProperty != null ? Paths.get(rootProperty) : Paths.get("").toAbsolutePath();
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        String cache = System.getProperty("dlcourse.cache");
        if (cache != null) {
            compileInto(Paths.get(cache), root.resolve(SOURCE));
        }
        Course course = new Course(root, System.getenv(), System.out, System.err, windows,
                System.getProperty("dlcourse.java"));
        int code = course.run(args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * Compiles this file into the shim's cache folder, so that the next start skips the compilation that a
     * single-file run does every time (seconds on a busy machine). Quiet: if it fails, the shim keeps running
     * the source. Compiled for Java 11, so the cache still loads after JAVA_HOME changes to another JDK; into a
     * fresh folder that then replaces the cache in one move.
     */
    static void compileInto(Path cache, Path source) {
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        if (javac == null || !Files.isRegularFile(source)) {
            return;
        }
        try {
            Files.createDirectories(cache.getParent());
            Path fresh = Files.createTempDirectory(cache.getParent(), "launcher-");
            java.io.OutputStream quiet = java.io.OutputStream.nullOutputStream();
            if (javac.run(null, quiet, quiet, "-nowarn", "--release", "11", "-d", fresh.toString(),
                    source.toString()) == 0) {
                Path old = cache.resolveSibling(cache.getFileName() + ".old-" + ProcessHandle.current().pid());
                if (Files.exists(cache)) {
                    Files.move(cache, old);
                }
                Files.move(fresh, cache);
                deleteTree(old);
            } else {
                deleteTree(fresh);
            }
        } catch (IOException | RuntimeException e) {
            // another launcher started at the same moment may have won the move; the source still runs
        }
    }

    /** Runs one command line; returns the exit code. */
    int run(String... args) {
        try {
            return dispatch(Arrays.asList(args));
        } catch (Exit e) {
            return e.code;
        }
    }

    private int dispatch(List<String> all) {
        if (all.isEmpty()) {
            out.print(usage());
            return 2;
        }
        String command = all.get(0);
        List<String> args = all.subList(1, all.size());
        switch (command) {
            case "help":
            case "-h":
            case "--help":
                out.print(usage());
                return 0;
            case "notebook":
                return notebook(args);
            case "test":
                noArguments("test", args);
                return test();
            case "doctor":
                noArguments("doctor", args);
                return doctor();
            case "build":
                noArguments("build", args);
                return build();
            case "run":
                requireJdk();
                buildIfStale();
                return exec(kernelJava("dlcourse.kernel.runner.RunNotebookCli", args), Map.of());
            case "release":
            case "grade":
            case "gradescope":
                requireJdk();
                buildIfStale();
                return exec(graderJava(command, args), Map.of());
            case "site":
                noArguments("site", args);
                return site();
            case "bench":
                return bench(args);
            case "experiment":
                requireJdk();
                buildIfStale();
                return exec(experimentCommand(args), Map.of());
            default:
                throw usageError("unknown command '" + command + "'");
        }
    }

    // ------------------------------------------------------------------ arguments

    Exit usageError(String message) {
        err.println("course: " + message);
        err.println();
        err.print(usage());
        return new Exit(2);
    }

    /** The usage, naming the launcher as the user types it: ./course, or course on Windows (course.cmd). */
    String usage() {
        return self.equals("./course") ? USAGE : USAGE.replace("./course", self);
    }

    private void noArguments(String command, List<String> args) {
        if (!args.isEmpty()) {
            throw usageError(command + " takes no arguments");
        }
    }

    /** Jupyter's arguments for ./course notebook's options; a bad option is a usage error (exit 2). */
    List<String> notebookOptions(List<String> args) {
        List<String> options = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--no-browser")) {
                options.add(a);
            } else if (a.equals("--port") || a.equals("--ip")) {
                if (i + 1 >= args.size()) {
                    throw usageError(a + " needs a value");
                }
                options.add(a + "=" + args.get(++i));
            } else if (a.startsWith("--port=") || a.startsWith("--ip=")) {
                options.add(a);
            } else {
                throw usageError("notebook: unknown option '" + a
                        + "' (known: --port N, --ip ADDRESS, --no-browser)");
            }
        }
        return options;
    }

    /**
     * The Jupyter command line: the repository root as Jupyter's folder (lecture notebooks and exercises both
     * reachable), notebook 00 opened first in the browser, and --allow-root when run as root. With --no-browser
     * the notebook is not named, since Jupyter 6 opens a browser for a named notebook even then.
     */
    List<String> jupyterCommand(String python, List<String> options, boolean asRoot) {
        List<String> command = new ArrayList<>(List.of(python, "-m", "notebook", "--notebook-dir=" + root));
        command.addAll(options);
        if (asRoot) {
            command.add("--allow-root");
        }
        if (!options.contains("--no-browser")) {
            command.add(root.resolve(FIRST_NOTEBOOK).toString());
        }
        return command;
    }

    List<String> kernelJava(String mainClass, List<String> args) {
        return javaCommand(List.of(), classpath(root.resolve("kernel/target/kernelspec/java/*")), mainClass, args);
    }

    List<String> graderJava(String command, List<String> args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(args);
        return javaCommand(List.of(), classpath(root.resolve("grader/target/grader/*")), "dlcourse.grader.GraderCli",
                all);
    }

    /** The full-scale companion runs of the notebooks (lib: dlcourse.experiment.Experiments), with a 2 GB heap. */
    List<String> experimentCommand(List<String> args) {
        return javaCommand(List.of("-Xmx2g"), libClasspath(), "dlcourse.experiment.Experiments", args);
    }

    private String libClasspath() {
        return classpath(root.resolve("lib/target/dlcourse-lib.jar"), root.resolve("lib/target/jars/*"));
    }

    private static String classpath(Path... entries) {
        return Arrays.stream(entries).map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private List<String> javaCommand(List<String> jvmOptions, String classpath, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExe.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    // ------------------------------------------------------------------ Java and Maven

    private void requireJdk() {
        int feature = Runtime.version().feature();
        if (feature < 17) {
            err.println("course: " + javaShown + " is Java " + feature + "; the course needs Java 17 or newer.");
            throw new Exit(1);
        }
        if (!hasJavac()) {
            err.println("course: " + javaShown + " is a JRE; the kernel compiles your cells and needs a JDK (javac).");
            throw new Exit(1);
        }
    }

    private boolean hasJavac() {
        return Files.isRegularFile(javaExe.resolveSibling(windows ? "javac.exe" : "javac")) || onPath("javac") != null;
    }

    private List<String> mvnw(String... args) {
        List<String> command = new ArrayList<>();
        // Windows starts a .cmd file directly (through cmd.exe, with Java's quoting rules for batch files).
        command.add(root.resolve(windows ? "mvnw.cmd" : "mvnw").toString());
        command.addAll(Arrays.asList(args));
        return command;
    }

    private Path stamp() {
        return root.resolve(".jupyter/built.stamp");
    }

    private Path kernelspec() {
        return root.resolve("kernel/target/kernelspec/java");
    }

    /** True when no build happened yet or a source file of lib, kernel or grader (or a POM) changed since. */
    boolean sourcesNewerThanStamp() {
        Path stamp = stamp();
        if (!Files.isRegularFile(stamp)) {
            return true;
        }
        try {
            FileTime built = Files.getLastModifiedTime(stamp);
            if (Files.getLastModifiedTime(root.resolve("pom.xml")).compareTo(built) > 0) {
                return true;
            }
            for (String module : List.of("lib", "kernel", "grader")) {
                if (anyFileNewer(root.resolve(module), built)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean anyFileNewer(Path folder, FileTime than) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        boolean[] found = {false};
        Files.walkFileTree(folder, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName().toString().equals("target") ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && attrs.lastModifiedTime().compareTo(than) > 0) {
                    found[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found[0];
    }

    /** Builds if any source changed since the last build. */
    private void buildIfStale() {
        if (sourcesNewerThanStamp() || !Files.isDirectory(kernelspec())) {
            out.println("course: building the library, the kernel and the grader (./mvnw package -DskipTests) ...");
            out.flush();
            int code = exec(mvnw("-B", "-q", "package", "-DskipTests"), Map.of());
            if (code != 0) {
                throw new Exit(code);
            }
            touch(stamp());
        }
    }

    private void touch(Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            err.println("course: cannot write " + file + ": " + e.getMessage());
            throw new Exit(1);
        }
    }

    // ------------------------------------------------------------------ Jupyter

    private Path jupyterData() {
        return root.resolve(".jupyter/data");
    }

    /** A Python that has Jupyter's notebook and nbclient, or null. */
    String findPython() {
        if (python != null) {
            return python;
        }
        List<String> candidates = new ArrayList<>();
        String chosen = env.get("DLCOURSE_PYTHON");
        if (chosen != null && !chosen.isBlank()) {
            candidates.add(chosen.trim());
        }
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        if (windows) {
            candidates.add("python");
        }
        for (String candidate : candidates) {
            String resolved = resolveCommand(candidate);
            if (resolved != null && quietly(List.of(resolved, "-c",
                    "import notebook, nbclient, nbconvert, jupyter_client, nbformat")) == 0) {
                python = resolved;
                return python;
            }
        }
        return null;
    }

    private String requireJupyter() {
        String py = findPython();
        if (py == null) {
            err.print(JUPYTER_HELP);
            throw new Exit(1);
        }
        return py;
    }

    /** Jupyter sees the project-local data folder first; a user's own kernels stay where they are, untouched. */
    private Map<String, String> jupyterEnv() {
        Map<String, String> extra = new HashMap<>();
        String existing = env.get("JUPYTER_PATH");
        extra.put("JUPYTER_PATH", jupyterData() + (existing == null || existing.isEmpty() ? ""
                : File.pathSeparator + existing));
        extra.put("DLCOURSE_JUPYTER_DATA", jupyterData().toString());
        return extra;
    }

    /** Copies the built kernelspec into the project-local Jupyter data folder. */
    private void installKernel() {
        Path spec = kernelspec();
        if (!Files.isRegularFile(spec.resolve("kernel.json"))) {
            err.println("course: " + spec.resolve("kernel.json") + " is missing; run ./course build");
            throw new Exit(1);
        }
        Path target = jupyterData().resolve("kernels/java");
        try {
            deleteTree(target);
            Files.createDirectories(target.getParent());
            try (Stream<Path> files = Files.walk(spec)) {
                for (Path from : (Iterable<Path>) files::iterator) {
                    Path to = target.resolve(spec.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        } catch (IOException e) {
            err.println("course: cannot install the kernel into " + target + ": " + e);
            throw new Exit(1);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> all = files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList());
            for (Path p : all) {
                Files.delete(p);
            }
        }
    }

    // ------------------------------------------------------------------ commands

    private int notebook(List<String> args) {
        List<String> options = notebookOptions(args);
        requireJdk();
        String py = requireJupyter();
        buildIfStale();
        installKernel();
        boolean asRoot = runningAsRoot();
        if (asRoot) {
            out.println("course: running as root (as in Docker images and many cloud notebooks), so Jupyter gets"
                    + " --allow-root");
        }
        out.println("course: starting Jupyter in the course folder (notebooks/ and exercises/) with the Java kernel"
                + " ('Java' in the kernel list); " + (options.contains("--no-browser") ? "start with " : "opening ")
                + FIRST_NOTEBOOK);
        out.flush();
        return exec(jupyterCommand(py, options, asRoot), jupyterEnv());
    }

    /** True for the root user, whom Jupyter refuses to run for unless told --allow-root. */
    boolean runningAsRoot() {
        if (windows) {
            return false;
        }
        try {
            Object uid = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private int build() {
        requireJdk();
        buildIfStale();
        if (findPython() != null) {
            installKernel();
        }
        return 0;
    }

    private int site() {
        requireJdk();
        String py = requireJupyter();
        buildIfStale();
        installKernel();
        return exec(List.of(py, root.resolve("kernel/src/test/python/render_site.py").toString(), root.toString()),
                jupyterEnv());
    }

    private int bench(List<String> args) {
        if (args.isEmpty()) {
            throw usageError("bench needs a NAME (./course bench list)");
        }
        List<String> command = new ArrayList<>();
        if (windows) {
            String bash = resolveCommand("bash");
            if (bash == null) {
                err.println("course: the benchmarks are bash scripts (bench/NAME/run); run them where bash is"
                        + " (Git Bash or WSL): bash bench/run " + String.join(" ", args));
                return 1;
            }
            command.add(bash);
        }
        command.add(root.resolve("bench/run").toString());
        command.addAll(args);
        return exec(command, Map.of());
    }

    private int doctor() {
        boolean[] ok = {true};
        Checker check = (holds, what, fix) -> {
            if (holds) {
                out.println("  [ok]   " + what);
            } else {
                out.println("  [fail] " + what);
                out.println("         fix: " + fix);
                ok[0] = false;
            }
        };
        out.println("course doctor:");
        String v = String.valueOf(Runtime.version().feature());
        check.check(Runtime.version().feature() >= 17, Runtime.version().feature() >= 17
                        ? "Java " + v + " at " + javaShown : "Java 17 or newer (found: " + v + ")",
                "sudo apt install openjdk-17-jdk-headless (or set JAVA_HOME to a JDK 17+)");
        boolean javac = hasJavac();
        check.check(javac, javac ? "a JDK, not a JRE (javac present)" : "a JDK, not a JRE (javac missing)",
                "sudo apt install openjdk-17-jdk-headless");
        check.check(Files.isRegularFile(root.resolve(windows ? "mvnw.cmd" : "mvnw"))
                        && Files.isRegularFile(root.resolve(".mvn/wrapper/maven-wrapper.properties")),
                "Maven Wrapper (./mvnw)", "git checkout -- mvnw .mvn  (restore it from the repository)");
        String py = findPython();
        check.check(py != null, py != null ? "Jupyter (notebook, nbclient, jupyter_client) in " + py
                        : "Jupyter (notebook, nbclient, jupyter_client)",
                "sudo apt install jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client  (or: python3 -m"
                        + " pip install --user notebook nbclient nbconvert)");
        Path installed = jupyterData().resolve("kernels/java");
        if (Files.isRegularFile(installed.resolve("kernel.json"))) {
            boolean visible = py != null && quietly(List.of(py, "-c", "import sys; from jupyter_client.kernelspec"
                    + " import KernelSpecManager as K; s=K().get_kernel_spec('java');"
                    + " sys.exit(0 if s.language=='java' else 1)"), Map.of("JUPYTER_PATH", jupyterData().toString()))
                    == 0;
            check.check(visible, visible ? "Java kernel installed for this project (" + installed + ")"
                    : "Java kernel visible to Jupyter", "./course build && ./course notebook  (installs it"
                    + " project-locally)");
        } else {
            check.check(false, "Java kernel installed for this project",
                    "./course build  (then ./course notebook installs it project-locally)");
        }
        for (String line : matMulBackend()) {
            out.println(line);
        }
        out.println(ok[0] ? "All checks hold." : "Some checks failed; run the fix lines above.");
        return ok[0] ? 0 : 1;
    }

    private interface Checker {
        void check(boolean holds, String what, String fix);
    }

    /**
     * The doctor's MatMul lines: what dlcourse.tensor.MatMulInfo prints ("MatMul backend: ..." and maybe "fix:
     * ..."), or "unknown" with the reason when the library is not built or has no MatMulInfo. Never a failure.
     */
    List<String> matMulBackend() {
        List<String> lines = new ArrayList<>();
        if (!Files.isRegularFile(root.resolve("lib/target/dlcourse-lib.jar"))) {
            lines.add("  [info] MatMul backend: unknown (the library is not built yet: ./course build)");
            return lines;
        }
        Captured run = capture(javaCommand(List.of(), libClasspath(), "dlcourse.tensor.MatMulInfo", List.of()),
                120);
        List<String> printed = run.out.lines().map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.toList());
        if (run.code != 0 || printed.stream().noneMatch(l -> l.startsWith("MatMul backend:"))) {
            String why = run.err.contains("ClassNotFoundException") || run.err.contains("NoClassDefFoundError")
                    ? "this library has no dlcourse.tensor.MatMulInfo yet"
                    : "dlcourse.tensor.MatMulInfo exited with " + run.code;
            lines.add("  [info] MatMul backend: unknown (" + why + ")");
            return lines;
        }
        for (String line : printed) {
            lines.add((line.startsWith("MatMul backend:") ? "  [info] " : "         ") + line);
        }
        return lines;
    }

    private int test() {
        requireJdk();
        int rc = 0;
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        Path started = root.resolve(".jupyter/test-started.stamp");
        touch(started);
        try {
            Thread.sleep(1000); // file times have a resolution of a second on some file systems
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println("== ./mvnw verify (library, kernel and grader tests)");
        out.flush();
        if (exec(mvnw("-B", "verify"), Map.of()) != 0) {
            rc = 1;
        }
        int[] surefire = surefireCounts(started);
        passed += surefire[0] - surefire[1] - surefire[2] - surefire[3];
        failed += surefire[1] + surefire[2];
        skipped += surefire[3];
        touch(stamp());
        if (rc != 0 && surefire[0] == 0) {
            failed += 1;
        }

        String py = findPython();
        if (py != null) {
            installKernel();
            out.println("== through real Jupyter: kernel protocol, notebooks, exercises");
            out.flush();
            Path counts = root.resolve(".jupyter/jupyter-tests.counts");
            try {
                Files.deleteIfExists(counts);
            } catch (IOException e) {
                // written anew below
            }
            if (exec(List.of(py, root.resolve("kernel/src/test/python/run_jupyter_tests.py").toString(),
                    "--counts", counts.toString(), root.toString()), jupyterEnv()) != 0) {
                rc = 1;
            }
            int[] jupyter = readCounts(counts);
            if (jupyter != null) {
                passed += jupyter[0] - jupyter[1] - jupyter[2];
                failed += jupyter[1];
                skipped += jupyter[2];
            } else {
                failed += 1;
            }
        } else {
            err.print(JUPYTER_HELP);
            err.println("course test: the Jupyter tests could not run");
            rc = 1;
            failed += 1;
        }
        out.println();
        out.println("Summary: " + passed + " passed, " + failed + " failed, " + skipped + " skipped");
        return rc;
    }

    /**
     * Counts from the Surefire XML reports written since the file {@code since} was touched (reports of tests
     * deleted since an earlier run stay in target/ and must not count); nested classes included. Like
     * {@code grep -c}, a line counts once. Returns {tests, failures, errors, skipped}.
     */
    int[] surefireCounts(Path since) {
        int[] counts = new int[4];
        String[] marks = {"<testcase", "<failure", "<error", "<skipped"};
        try (Stream<Path> modules = Files.list(root)) {
            FileTime from = Files.getLastModifiedTime(since);
            for (Path module : (Iterable<Path>) modules.sorted()::iterator) {
                Path reports = module.resolve("target/surefire-reports");
                if (!Files.isDirectory(reports)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(reports)) {
                    for (Path report : (Iterable<Path>) files::iterator) {
                        String name = report.getFileName().toString();
                        if (!name.startsWith("TEST-") || !name.endsWith(".xml") || !Files.isRegularFile(report)
                                || Files.getLastModifiedTime(report).compareTo(from) <= 0) {
                            continue;
                        }
                        for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
                            for (int m = 0; m < marks.length; m++) {
                                if (line.contains(marks[m])) {
                                    counts[m]++;
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            err.println("course test: cannot read the Surefire reports: " + e);
        }
        return counts;
    }

    private static int[] readCounts(Path file) {
        try {
            String[] parts = Files.readString(file).trim().split("\\s+");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ processes

    /**
     * Runs a program in the foreground with this terminal, and returns its exit code. Ctrl-C goes to the program
     * (Jupyter asks before it stops); the launcher waits for it instead of dying first.
     */
    int exec(List<String> command, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).inheritIO();
        builder.environment().putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            err.println("course: cannot start " + command.get(0) + ": " + e.getMessage());
            return 1;
        }
        Runnable restore = ignoreInterrupts();
        // If the launcher itself is stopped (kill, a closed terminal), the program stops with it.
        Thread stopChild = new Thread(process::destroy, "course: stop " + command.get(0));
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    // keep waiting: the program decides when it ends
                }
            }
        } finally {
            restore.run();
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs and finds the program ended
            }
        }
    }

    /** Runs a program without showing its output; returns its exit code (127 when it cannot start). */
    private int quietly(List<String> command) {
        return quietly(command, Map.of());
    }

    private int quietly(List<String> command, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(extraEnv);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return process.waitFor();
        } catch (IOException e) {
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    static final class Captured {
        final int code;
        final String out;
        final String err;

        Captured(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }
    }

    private Captured capture(List<String> command, int timeoutSeconds) {
        try {
            Path errFile = Files.createTempFile("course-", ".err");
            try {
                Process process = new ProcessBuilder(command).directory(root.toFile())
                        .redirectError(errFile.toFile()).start();
                process.getOutputStream().close();
                String output;
                try (InputStream in = process.getInputStream()) {
                    output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Captured(124, output, "timed out after " + timeoutSeconds + " s");
                }
                return new Captured(process.exitValue(), output, Files.readString(errFile));
            } finally {
                Files.deleteIfExists(errFile);
            }
        } catch (IOException e) {
            return new Captured(127, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Captured(130, "", "interrupted");
        }
    }

    /**
     * Lets SIGINT reach the child only, while the launcher waits (sun.misc.Signal, reached by reflection so this
     * file compiles without warnings on every JDK); returns what puts the default back. Does nothing where
     * signals cannot be handled.
     */
    private static Runnable ignoreInterrupts() {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object signal = signalType.getConstructor(String.class).newInstance("INT");
            Object ignore = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> method.getDeclaringClass() == Object.class
                            ? (method.getName().equals("equals") ? proxy == args[0]
                                    : method.getName().equals("hashCode") ? 0 : "ignore SIGINT")
                            : null);
            java.lang.reflect.Method handle = signalType.getMethod("handle", signalType, handlerType);
            Object previous = handle.invoke(null, signal, ignore);
            return () -> {
                try {
                    handle.invoke(null, signal, previous);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // the launcher ends right after anyway
                }
            };
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return () -> { };
        }
    }

    /** A command as given (a path) or found on PATH; null when neither. */
    private String resolveCommand(String command) {
        if (command.contains("/") || command.contains("\\")) {
            return Files.isRegularFile(Paths.get(command)) ? command : null;
        }
        Path found = onPath(command);
        return found == null ? null : found.toString();
    }

    private Path onPath(String command) {
        String path = env.get(windows ? firstKey("PATH", "Path") : "PATH");
        if (path == null) {
            return null;
        }
        List<String> suffixes = windows ? List.of(".exe", ".cmd", ".bat", "") : List.of("");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String suffix : suffixes) {
                Path candidate = Paths.get(dir, command + suffix);
                if (Files.isRegularFile(candidate) && (windows || Files.isExecutable(candidate))) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private String firstKey(String... keys) {
        for (String key : keys) {
            if (env.containsKey(key)) {
                return key;
            }
        }
        return keys[0];
    }
}
