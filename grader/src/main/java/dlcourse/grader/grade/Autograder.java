package dlcourse.grader.grade;

import dlcourse.grader.notebook.Cell;
import dlcourse.grader.notebook.Notebook;
import dlcourse.grader.report.Texts;
import dlcourse.grader.run.CellOutcome;
import dlcourse.grader.run.Sandbox;
import dlcourse.grader.run.SandboxOptions;
import dlcourse.kernel.notebook.NotebookFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code ./course grade}: runs each submission in its own execution JVM, with the source's setup and test
 * cells around the student's answers, and scores each test cell by whether it completed. A submission that
 * ends its JVM or runs past the time limit gets a fresh JVM in which its earlier cells are replayed, so the
 * tests after that point still run and it earns exactly what its answers earn.
 *
 * <p>Students read how it grades in the first cell of every exercise notebook ("How this notebook is graded").
 */
public final class Autograder {
    private static final boolean TRACE = System.getenv("DLCOURSE_GRADER_TRACE") != null;

    private final Assignment assignment;
    private final GradeOptions options;
    private final Sandbox.Factory sandboxes;

    public Autograder(Assignment assignment, GradeOptions options, Sandbox.Factory sandboxes) {
        this.assignment = assignment;
        this.options = options;
        this.sandboxes = sandboxes;
    }

    /**
     * The submissions to grade: each file as given; each folder's {@code .ipynb} entries, recursively, except
     * Jupyter's checkpoints. Sorted within a folder. Links inside a folder are not followed: a folder behind a
     * link is not entered, and a link named {@code .ipynb} is listed so that its result says why it was refused.
     */
    public static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                // the folder given is the instructor's: entered even through a link; links inside it are not
                try (Stream<Path> walk = Files.walk(input.toRealPath())) {
                    walk.filter(p -> p.getFileName().toString().endsWith(".ipynb"))
                            .filter(p -> !p.toString().contains(".ipynb_checkpoints"))
                            .filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                            .sorted(Comparator.naturalOrder())
                            .forEach(files::add);
                }
            } else {
                files.add(input);
            }
        }
        return files;
    }

    /**
     * Unique output names, each a plain folder name inside the output folder: the file name without ".ipynb",
     * other characters than letters, digits and {@code ._@+-} replaced by "_", a leading "." by "_" (so that
     * "..ipynb" cannot name the output folder's parent), "-2", "-3" appended on a clash, also with the
     * gradebook's own files.
     */
    public static List<String> names(List<Path> files) {
        List<String> names = new ArrayList<>();
        Set<String> used = new HashSet<>(Set.of("gradebook.csv", "gradebook.html"));
        for (Path file : files) {
            String base = file.getFileName().toString();
            if (base.endsWith(".ipynb")) {
                base = base.substring(0, base.length() - ".ipynb".length());
            }
            base = base.replaceAll("[^A-Za-z0-9._@+-]", "_");
            if (base.isEmpty() || base.startsWith(".")) {
                base = "_" + base;
            }
            if (base.length() > 100) {
                base = base.substring(0, 100);
            }
            String name = base;
            for (int n = 2; !used.add(name); n++) {
                name = base + "-" + n;
            }
            names.add(name);
        }
        return names;
    }

    /**
     * Grades every submission, {@code jobs} at a time; results in the order given. Every file is read before any
     * submission's code runs, so no submission can change another's notebook on disk.
     */
    public List<SubmissionResult> gradeAll(List<Path> files) {
        List<String> names = names(files);
        List<Object> contents = new ArrayList<>();
        for (Path file : files) {
            contents.add(read(file));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.jobs(), Math.max(1, files.size())));
        try {
            List<Future<SubmissionResult>> futures = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                String name = names.get(i);
                Object content = contents.get(i);
                futures.add(pool.submit(() -> finish(content instanceof Notebook notebook ? guarded(file, name, notebook)
                        : failed(file, name, (String) content, System.nanoTime()))));
            }
            List<SubmissionResult> results = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    results.add(finish(failed(files.get(i), names.get(i), internalError(files.get(i), "grading", e.getCause()), 0)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("grading was interrupted", e);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The parsed notebook without its outputs (they are never used, and a batch holds every submission at once),
     * or the problem with the file as a message. Nothing in a file can make this throw.
     */
    private Object read(Path file) {
        try {
            Notebook notebook = Notebook.read(file);
            String refusal = assignment.refusal(notebook);
            if (refusal != null) {
                return file.getFileName() + ": " + refusal;
            }
            return notebook.withCells(notebook.cells().stream().map(Cell::withoutOutputs).toList());
        } catch (NotebookFormatException e) {
            return e.getMessage().replace(file.toString(), file.getFileName().toString());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return internalError(file, "reading", e);
        }
    }

    /**
     * The message for a failure of the grader itself on one submission: the details (exception, stack) go to
     * the instructor's terminal, the student reads a plain sentence without class names, frames or paths.
     */
    private static String internalError(Path file, String doing, Throwable e) {
        System.err.println("grader: internal error while " + doing + " " + file + ":");
        e.printStackTrace();
        return file.getFileName() + ": the grader could not finish " + doing + " this notebook (an error in the"
                + " grader, not in your code); your instructor has the details";
    }

    /** Grades one submission file in its own execution JVM(s). */
    public SubmissionResult grade(Path file, String name) {
        Object content = read(file);
        return finish(content instanceof Notebook notebook ? guarded(file, name, notebook)
                : failed(file, name, (String) content, System.nanoTime()));
    }

    /** The most characters of any one text kept for a report (each report cuts further to what it shows). */
    static final int KEPT_LIMIT = 20_000;

    /**
     * A result as it may be shown to its student: the grading machine's paths taken out of every message, printed
     * text and note, each cut to {@link #KEPT_LIMIT} so that 300 results held until the reports are written stay
     * small.
     */
    private SubmissionResult finish(SubmissionResult r) {
        Redaction redaction = Redaction.of(assignment.sourceFile(), r.file());
        java.util.function.UnaryOperator<String> clean = text -> Texts.cut(redaction.apply(text), KEPT_LIMIT);
        List<TestResult> tests = new ArrayList<>();
        for (TestResult t : r.tests()) {
            tests.add(new TestResult(t.gradeId(), t.score(), t.maxScore(), t.passed(), t.hidden(), clean.apply(t.message()),
                    clean.apply(t.printed())));
        }
        return new SubmissionResult(r.name(), r.file(), r.assignment(), r.score(), r.maxScore(), r.seconds(), tests,
                r.notes().stream().map(clean).toList(), clean.apply(r.problem()));
    }

    /** Grades one notebook; whatever goes wrong in the grader gives this submission score 0 and a message. */
    private SubmissionResult guarded(Path file, String name, Notebook submission) {
        long start = System.nanoTime();
        try {
            return grade(file, name, submission);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return failed(file, name, internalError(file, "grading", e), start);
        }
    }

    private SubmissionResult grade(Path file, String name, Notebook submission) {
        long start = System.nanoTime();
        String mismatch = assignment.mismatch(submission);
        if (mismatch != null) {
            return failed(file, name, file.getFileName() + ": " + mismatch, start);
        }
        List<String> notes = new ArrayList<>();
        List<Assignment.PlannedCell> plan = assignment.plan(submission, notes);
        Path workDir;
        try {
            workDir = Files.createTempDirectory("dlcourse-grade-");
        } catch (IOException e) {
            return failed(file, name, "could not create a working folder: " + e.getMessage(), start);
        }
        try {
            return run(file, name, plan, notes, workDir, start);
        } finally {
            deleteQuietly(workDir);
        }
    }

    private SubmissionResult run(Path file, String name, List<Assignment.PlannedCell> plan, List<String> notes,
                                 Path workDir, long start) {
        Path magicBase = assignment.sourceFile().toAbsolutePath().getParent();
        SandboxOptions sandboxOptions = new SandboxOptions(options.classpath(), options.heapMb(), options.cellTimeout(),
                workDir, magicBase, libraryPaths(plan, magicBase), options.sandbox());
        Duration totalLimit = options.totalTimeout(plan.size());
        long deadline = start + totalLimit.toNanos();
        Map<String, TestResult> results = new HashMap<>();
        List<Assignment.PlannedCell> history = new ArrayList<>();
        boolean studentCodeRan = false;
        int restarts = 0;
        Sandbox sandbox = sandboxes.start(sandboxOptions);
        try {
            for (int index = 0; index < plan.size(); index++) {
                Assignment.PlannedCell cell = plan.get(index);
                if (System.nanoTime() > deadline) {
                    if (cell.kind() == Assignment.Kind.TEST) {
                        results.put(cell.gradeId(), failedTest(cell, "not run: the submission used up its total time"
                                + " limit of " + totalLimit.toSeconds() + " s (its cells times the per-cell limit, at most"
                                + " --submission-timeout); hint: look for slow or very many cells", ""));
                    }
                    continue;
                }
                if (restarts > options.maxRestarts()) {
                    if (cell.kind() == Assignment.Kind.TEST) {
                        results.put(cell.gradeId(), failedTest(cell, "not run: the execution JVM ended "
                                + restarts + " times, so grading stopped; hint: do not end the JVM, return or throw instead", ""));
                    }
                    continue;
                }
                CellOutcome outcome = sandbox.execute(cell.code());
                if (TRACE) {
                    System.err.printf("grader: %s %s %s %s %d ms%n", name, cell.kind(), cell.gradeId(), outcome.status(),
                            outcome.millis());
                }
                switch (cell.kind()) {
                    case TEST -> results.put(cell.gradeId(), outcome.completed()
                            ? new TestResult(cell.gradeId(), cell.points(), cell.points(), true, cell.hidden(), "passed",
                                    outcome.stdout())
                            : failedTest(cell, outcome.message(), outcome.stdout()));
                    case STUDENT -> {
                        studentCodeRan = true;
                        if (!outcome.completed()) {
                            notes.add(label(cell) + " failed: " + Texts.plainMessage(outcome.message()));
                        }
                    }
                    case SETUP -> {
                        if (!outcome.completed() && !studentCodeRan) {
                            return failed(file, name, "the assignment's setup cell"
                                    + (cell.gradeId() != null ? " '" + cell.gradeId() + "'" : "")
                                    + " failed before any of the submission's code ran: " + outcome.message(), start);
                        }
                    }
                }
                if (sandbox.alive()) {
                    if (outcome.status() != CellOutcome.Status.TIMED_OUT) {
                        history.add(cell); // a cell that ran out of time is not run again
                    }
                    continue;
                }
                // The JVM ended (or had to be killed): replay what ran before in a fresh one, then go on.
                sandbox.close();
                while (restarts++ <= options.maxRestarts()) {
                    sandbox = sandboxes.start(sandboxOptions);
                    boolean replayed = true;
                    for (Assignment.PlannedCell earlier : history) {
                        sandbox.execute(earlier.code());
                        if (!sandbox.alive()) {
                            replayed = false;
                            break;
                        }
                    }
                    if (replayed) {
                        break;
                    }
                    sandbox.close();
                }
            }
        } finally {
            sandbox.close();
        }
        List<TestResult> tests = new ArrayList<>();
        double score = 0;
        for (Assignment.Test test : assignment.tests()) {
            TestResult result = results.getOrDefault(test.gradeId(), new TestResult(test.gradeId(), 0, test.points(),
                    false, test.hidden(), "not run", ""));
            tests.add(result);
            score += result.score();
        }
        return new SubmissionResult(name, file, assignment.name(), score, assignment.maxScore(), seconds(start), tests,
                notes, null);
    }

    /**
     * What the setup cells load ({@code %jars} / {@code %classpath} from the source, trusted): each file, or for a
     * pattern such as {@code lib/target/jars/*.jar} the folder it is in. The OS sandbox shows these read-only.
     */
    static List<Path> libraryPaths(List<Assignment.PlannedCell> plan, Path magicBase) {
        List<Path> paths = new ArrayList<>();
        for (Assignment.PlannedCell cell : plan) {
            if (cell.kind() == Assignment.Kind.SETUP) {
                paths.addAll(LibraryUse.magicPaths(cell.code(), magicBase));
            }
        }
        return paths;
    }

    private static String label(Assignment.PlannedCell cell) {
        return cell.gradeId() != null ? "Your cell '" + cell.gradeId() + "'" : "A cell you added";
    }

    private static TestResult failedTest(Assignment.PlannedCell cell, String message, String printed) {
        return new TestResult(cell.gradeId(), 0, cell.points(), false, cell.hidden(), message, printed);
    }

    private SubmissionResult failed(Path file, String name, String problem, long start) {
        List<TestResult> tests = new ArrayList<>();
        for (Assignment.Test test : assignment.tests()) {
            tests.add(new TestResult(test.gradeId(), 0, test.points(), false, test.hidden(),
                    "not graded: " + problem, ""));
        }
        return new SubmissionResult(name, file, assignment.name(), 0, assignment.maxScore(),
                start == 0 ? 0 : seconds(start), tests, List.of(), problem);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a file a submission left open; the temp folder is cleaned by the system later
                }
            });
        } catch (IOException ignored) {
            // nothing to delete
        }
    }
}
