package dlcourse.grader;

import dlcourse.grader.grade.Assignment;
import dlcourse.grader.grade.Autograder;
import dlcourse.grader.grade.GradeOptions;
import dlcourse.grader.grade.SubmissionResult;
import dlcourse.grader.gradescope.GradescopeZip;
import dlcourse.grader.release.InvalidSourceException;
import dlcourse.grader.release.Release;
import dlcourse.grader.report.ClassroomResult;
import dlcourse.grader.report.Feedback;
import dlcourse.grader.report.Reports;
import dlcourse.grader.report.ResultsJson;
import dlcourse.grader.run.KernelSandbox;
import dlcourse.grader.run.Sandbox;
import dlcourse.kernel.engine.OsSandbox;
import dlcourse.kernel.notebook.NotebookFormatException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The grader's command line, run by {@code ./course release|grade|gradescope}. Exit status: 0 done, 1 some
 * submission could not be graded or release refused a file, 2 bad arguments or an invalid source.
 */
@Command(name = "grader", mixinStandardHelpOptions = true,
        subcommands = {GraderCli.ReleaseCommand.class, GraderCli.GradeCommand.class,
                GraderCli.GradescopeCommand.class, GraderCli.AutogradeCommand.class},
        description = "Release exercises, grade submissions, build a Gradescope autograder.")
public final class GraderCli implements Callable<Integer> {

    public static void main(String[] args) {
        int status = run(args);
        // a submission may have started processes of its own: end them before leaving
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        System.exit(status);
    }

    /** Runs a command line and returns its exit status (the tests call this). */
    public static int run(String... args) {
        return run(null, args);
    }

    /** Runs a command line with the command line's own messages (bad arguments, invalid source) sent to {@code err}. */
    public static int run(java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new GraderCli());
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof InvalidSourceException || e instanceof NotebookFormatException) {
                commandLine.getErr().println("grader: the source is not valid:\n  "
                        + e.getMessage().replace("\n", "\n  "));
                return 2;
            }
            if (e instanceof IOException || e instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("grader: could not read or write a file: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return 2;
    }

    /** The repository root: -Ddlcourse.root, else the working directory (./course runs from the root). */
    static Path root() {
        String property = System.getProperty("dlcourse.root");
        return Path.of(property != null ? property : "").toAbsolutePath().normalize();
    }

    @Command(name = "release", description = "Write exercises/ from solutions/ (stubs for solutions, hidden tests"
            + " removed, outputs cleared).")
    static final class ReleaseCommand implements Callable<Integer> {
        @Option(names = "--force", description = "overwrite exercises that differ from what release last wrote")
        boolean force;
        @Option(names = "--solutions", description = "the sources' folder (default: solutions)")
        Path solutions;
        @Option(names = "--exercises", description = "the exercises' folder (default: exercises)")
        Path exercises;

        @Override
        public Integer call() throws IOException {
            Path from = solutions != null ? solutions : root().resolve("solutions");
            Path to = exercises != null ? exercises : root().resolve("exercises");
            Release.Report report = Release.release(from, to, force);
            for (String file : report.written()) {
                System.out.println("release: wrote " + to.resolve(file));
            }
            for (String file : report.unchanged()) {
                System.out.println("release: " + to.resolve(file) + " is current");
            }
            for (String refused : report.refused()) {
                System.err.println("release: " + refused);
            }
            return report.ok() ? 0 : 1;
        }
    }

    /** Options shared by grade and autograde. */
    static class GradingOptions {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--timeout", description = "per-cell time limit in seconds (default: ${DEFAULT-VALUE})",
                defaultValue = "30")
        int timeoutSeconds;
        @Option(names = "--heap", description = "heap cap of each execution JVM in MiB (default: ${DEFAULT-VALUE})",
                defaultValue = "512")
        int heapMb;
        @Option(names = "--jobs", description = "submissions graded at once (default: the number of cores)")
        Integer jobs;
        @Option(names = "--sandbox", description = "run each submission in an OS sandbox (bwrap: own PID and network"
                + " namespaces, only the system, the JDK and the library visible, a private scratch folder): auto (use"
                + " it where available, else say why), require, or off (default: ${DEFAULT-VALUE})", defaultValue = "auto")
        String sandbox;
        @Option(names = "--submission-timeout", description = "the most one submission may take in all, in seconds:"
                + " its cells times --timeout, capped by this (default: ${DEFAULT-VALUE})", defaultValue = "300")
        int submissionTimeoutSeconds;
        /** Every submission runs on the course kernel's engine, the one behind Jupyter and the notebook runner. */
        Sandbox.Factory sandboxes() {
            return KernelSandbox.factory();
        }

        GradeOptions options() {
            if (timeoutSeconds < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--timeout must be at least 1 second, was " + timeoutSeconds);
            }
            if (jobs != null && jobs < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--jobs must be at least 1 (submissions graded at once), was " + jobs);
            }
            GradeOptions o;
            try {
                OsSandbox.Mode mode = OsSandbox.Mode.parse(sandbox, "--sandbox");
                if (mode == OsSandbox.Mode.REQUIRE && OsSandbox.unavailableReason().isPresent()) {
                    throw new IllegalArgumentException("--sandbox require, but this machine has no OS sandbox: "
                            + OsSandbox.unavailableReason().get() + "; use --sandbox auto or off to grade without it");
                }
                o = GradeOptions.defaults().withCellTimeout(Duration.ofSeconds(timeoutSeconds)).withHeapMb(heapMb)
                        .withSandbox(mode).withSubmissionTimeout(Duration.ofSeconds(submissionTimeoutSeconds));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (o.sandbox() == OsSandbox.Mode.OFF) {
                System.err.println("grade: --sandbox off: submissions run unsandboxed (they can see this machine's files"
                        + " and processes; only their process tree is ended after grading)");
            } else if (OsSandbox.unavailableReason().isPresent()) {
                System.err.println("grade: grading runs unsandboxed, because " + OsSandbox.unavailableReason().get());
                OsSandbox.fallbackExplained();
            }
            return jobs != null ? o.withJobs(jobs) : o;
        }
    }

    @Command(name = "grade", description = "Grade submissions (files or folders of .ipynb) into DIR: one"
            + " results.json and feedback.html per submission, gradebook.csv and gradebook.html.")
    static final class GradeCommand extends GradingOptions implements Callable<Integer> {
        @Option(names = "--source", required = true, description = "the assignment's source, solutions/NN-topic.ipynb")
        Path source;
        @Option(names = "--out", required = true, description = "the output folder")
        Path out;
        @Parameters(arity = "1..*", paramLabel = "SUBMISSION", description = "notebooks or folders of notebooks")
        List<Path> submissions;

        @Override
        public Integer call() throws Exception {
            GradeOptions gradeOptions = options();
            for (Path submission : submissions) {
                if (!Files.exists(submission, LinkOption.NOFOLLOW_LINKS)) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "SUBMISSION " + submission + " does not exist");
                }
            }
            requireWritableFolder(spec.commandLine(), "--out", out);
            Assignment assignment = Assignment.load(source);
            List<Path> files = Autograder.expand(submissions);
            if (files.isEmpty()) {
                System.err.println("grade: no .ipynb file in " + submissions);
                return 1;
            }
            long start = System.nanoTime();
            List<SubmissionResult> results = new Autograder(assignment, gradeOptions, sandboxes()).gradeAll(files);
            Reports.write(out, assignment.name(), results);
            int failed = 0;
            for (SubmissionResult r : results) {
                System.out.printf("%-30s %6s / %s%s%n", r.name(), fmt(r.score()), fmt(r.maxScore()),
                        r.graded() ? "" : "   NOT GRADED: " + r.problem());
                if (!r.graded()) {
                    failed++;
                }
            }
            System.out.printf("grade: %d submissions in %.1f s; results in %s (gradebook.csv, gradebook.html)%n",
                    results.size(), (System.nanoTime() - start) / 1e9, out);
            if (failed > 0) {
                System.err.println("grade: " + failed + " submission(s) could not be graded; their results.json says why");
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "gradescope", description = "Build a Gradescope autograder zip for one assignment.")
    static final class GradescopeCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "SOURCE", description = "the assignment's source, solutions/NN-topic.ipynb")
        Path source;
        @Option(names = "--out", required = true, description = "the zip to write, e.g. autograder.zip")
        Path out;

        @Override
        public Integer call() throws Exception {
            requireWritableFile(spec.commandLine(), "--out", out);
            Assignment.load(source); // validates
            Path repository = source.toAbsolutePath().getParent().getParent();
            Path libJar = repository.resolve("lib/target/dlcourse-lib.jar");
            if (!Files.isRegularFile(libJar)) {
                System.err.println("gradescope: " + libJar + " is missing; run ./course build first");
                return 1;
            }
            GradescopeZip.build(source, out, graderClasspath(), libJar, jarsIn(repository.resolve("lib/target/jars")));
            System.out.println("gradescope: wrote " + out + " (upload it as the autograder of " + source.getFileName() + ")");
            return 0;
        }
    }

    @Command(name = "autograde", description = "Grade one Gradescope submission folder into a results.json"
            + " (what run_autograder calls).")
    static final class AutogradeCommand extends GradingOptions implements Callable<Integer> {
        @Option(names = "--source", required = true)
        Path source;
        @Option(names = "--submission", required = true, description = "the folder with the student's notebook")
        Path submission;
        @Option(names = "--results", required = true, description = "the results.json to write")
        Path results;
        @Option(names = "--feedback", description = "also write the feedback page here")
        Path feedback;
        @Option(names = "--classroom", description = "also write the result for GitHub Classroom's grading reporter here")
        Path classroom;

        @Override
        public Integer call() throws Exception {
            GradeOptions gradeOptions = options().withJobs(1);
            if (!Files.isDirectory(submission, LinkOption.NOFOLLOW_LINKS)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--submission " + submission
                        + (Files.exists(submission, LinkOption.NOFOLLOW_LINKS) ? " is not a folder" : " does not exist"));
            }
            requireWritableFile(spec.commandLine(), "--results", results);
            if (feedback != null) {
                requireWritableFile(spec.commandLine(), "--feedback", feedback);
            }
            if (classroom != null) {
                requireWritableFile(spec.commandLine(), "--classroom", classroom);
            }
            Assignment assignment = Assignment.load(source);
            List<Path> files = Autograder.expand(List.of(submission));
            Path chosen = files.stream().filter(p -> p.getFileName().toString().equals(source.getFileName().toString()))
                    .findFirst().orElse(files.isEmpty() ? submission.resolve(source.getFileName()) : files.get(0));
            SubmissionResult result = new Autograder(assignment, gradeOptions, sandboxes())
                    .gradeAll(List.of(chosen)).get(0);
            if (files.isEmpty()) {
                result = new SubmissionResult(result.name(), chosen, result.assignment(), 0, result.maxScore(),
                        result.seconds(), result.tests(), result.notes(), "no .ipynb file was submitted; upload your "
                        + source.getFileName() + " notebook");
            }
            Files.createDirectories(results.toAbsolutePath().getParent());
            Reports.replace(results.toAbsolutePath(), ResultsJson.of(result));
            if (feedback != null) {
                Files.createDirectories(feedback.toAbsolutePath().getParent());
                Reports.replace(feedback.toAbsolutePath(), Feedback.html(result));
            }
            if (classroom != null) {
                Files.createDirectories(classroom.toAbsolutePath().getParent());
                Reports.replace(classroom.toAbsolutePath(), ClassroomResult.of(result));
            }
            System.out.printf("autograde: %s of %s points%n", fmt(result.score()), fmt(result.maxScore()));
            return result.graded() ? 0 : 1;
        }
    }

    /**
     * Refuses, before any work, an output folder that is a file or cannot be created or written, so that a batch
     * is never graded only to be lost at the end.
     */
    static void requireWritableFolder(CommandLine command, String option, Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new CommandLine.ParameterException(command, option + " " + folder
                    + " is a file; give a folder (it is created if missing)");
        }
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, ".grader-check-", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new CommandLine.ParameterException(command, option + " " + folder
                    + " cannot be written (" + reason(e) + "); give a folder you can write to");
        }
    }

    /** Refuses an output file that is a folder or whose folder cannot be written, before any work. */
    static void requireWritableFile(CommandLine command, String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(command, option + " " + file
                    + " is a folder; give the name of the file to write");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (Files.exists(parent) && !Files.isDirectory(parent)) {
            throw new CommandLine.ParameterException(command, option + " " + file
                    + ": " + parent + " is a file, not a folder");
        }
        try {
            Files.createDirectories(parent);
            Files.delete(Files.createTempFile(parent, ".grader-check-", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new CommandLine.ParameterException(command, option + " " + file
                    + " cannot be written (" + reason(e) + "); give a place you can write to");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The class path this JVM started with (the kernel's engine changes java.class.path when a session starts). */
    private static final String STARTUP_CLASS_PATH = System.getProperty("java.class.path");

    static List<Path> graderClasspath() {
        List<Path> entries = new ArrayList<>();
        for (String entry : STARTUP_CLASS_PATH.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry));
            }
        }
        return entries;
    }

    static List<Path> jarsIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static String fmt(double p) {
        return p == Math.rint(p) ? String.valueOf((long) p) : String.format("%.2f", p);
    }
}
