package dlcourse.grader.grade;

import dlcourse.grader.notebook.Cell;
import dlcourse.grader.notebook.Notebook;
import dlcourse.grader.release.Markers;
import dlcourse.grader.release.Release;
import dlcourse.grader.release.Validation;
import dlcourse.kernel.magic.CellParser;
import dlcourse.kernel.notebook.NotebookFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One assignment as the grader sees it, read from its source {@code solutions/NN-topic.ipynb}: the cells to
 * run in order, which of them the student writes (solution cells, by grade_id), and the graded tests with
 * their points. Tests and setup always come from here, never from a submission.
 */
public final class Assignment {

    /** What a planned cell is. */
    public enum Kind { SETUP, STUDENT, TEST }

    /** One cell of the run: its code and, for tests, its points. */
    public record PlannedCell(Kind kind, String gradeId, String code, double points, boolean hidden) {}

    /** A graded test of the assignment. */
    public record Test(String gradeId, double points, boolean hidden) {}

    private final String name;
    private final Path sourceFile;
    private final Notebook source;
    private final Notebook exercise;
    private final Protection protection;
    private final List<Test> tests;
    private final Set<String> knownIds;
    private final Set<String> answerIds = new LinkedHashSet<>();
    private final Map<String, String> testCode = new HashMap<>();

    private Assignment(Path sourceFile, Notebook source) {
        this.sourceFile = sourceFile;
        this.source = source;
        this.name = Release.assignmentName(sourceFile);
        this.exercise = Release.exerciseOf(source, name);
        List<String> assignmentCode = new ArrayList<>();
        List<String> studentApi = new ArrayList<>();
        List<Path> libraryPaths = new ArrayList<>();
        List<Test> found = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Cell cell : source.cells()) {
            if (cell.gradeId() != null) {
                ids.add(cell.gradeId());
            }
            if (!cell.isCode()) {
                continue;
            }
            if (cell.isSolution()) {
                answerIds.add(cell.gradeId());
                studentApi.add(cell.source());
            } else {
                assignmentCode.add(CellParser.withoutMagics(cell.source()));
                if (!cell.isTest()) {
                    libraryPaths.addAll(LibraryUse.magicPaths(cell.source(), sourceFile.toAbsolutePath().getParent()));
                }
            }
            if (cell.isTest()) {
                testCode.put(cell.gradeId(), Protection.asBlock(cell.source()));
                found.add(new Test(cell.gradeId(), cell.grading().orElseThrow().points(),
                        Markers.hasHiddenTests(cell.source())));
            }
        }
        this.protection = Protection.of(assignmentCode, studentApi)
                .withLibrary(LibraryUse.of(LibraryUse.classesIn(libraryPaths), studentApi));
        this.tests = List.copyOf(found);
        this.knownIds = Set.copyOf(ids);
    }

    /** Reads and validates a source; problems are an exception naming notebook and cell. */
    public static Assignment load(Path sourceFile) throws NotebookFormatException {
        Notebook notebook = Notebook.read(sourceFile);
        Validation.require(notebook);
        return new Assignment(sourceFile, notebook);
    }

    public String name() {
        return name;
    }

    public Path sourceFile() {
        return sourceFile;
    }

    public List<Test> tests() {
        return tests;
    }

    public double maxScore() {
        return tests.stream().mapToDouble(Test::points).sum();
    }

    public Protection protection() {
        return protection;
    }

    /**
     * Checks that a submission is this assignment's notebook: it must carry the grade_id of at least one of its
     * answer (solution) cells; setup cells' ids such as "setup" are shared by every assignment.
     * Returns a problem, or null.
     */
    public String mismatch(Notebook submission) {
        Set<String> theirs = new LinkedHashSet<>();
        for (Cell cell : submission.cells()) {
            if (cell.gradeId() != null) {
                theirs.add(cell.gradeId());
            }
        }
        for (String id : theirs) {
            if (answerIds.contains(id)) {
                return null;
            }
        }
        return "this notebook is not assignment " + name + ": none of its cells is one of that assignment's"
                + " answer cells " + answerIds + (theirs.isEmpty() ? " (it has no nbgrader cells at all)"
                : " (it has " + theirs + ")") + "; hint: submit the notebook you got from exercises/" + name + ".ipynb";
    }

    /** The most code cells of a submission that run (its answers and the cells it added). */
    public static final int MAX_STUDENT_CELLS = 200;
    /** The most characters of code in those cells, all together. */
    public static final int MAX_STUDENT_CODE = 1_000_000;

    /**
     * Problems that keep a submission from being graded before anything runs, or null: a grade_id that two cells
     * carry (Jupyter's copy-cell copies the metadata, and nobody could tell which copy is the answer), and more
     * code than a notebook of this course has (each cell costs the engine a compilation, so thousands of tiny
     * cells would take minutes).
     */
    public String refusal(Notebook submission) {
        Map<String, Integer> firstCellOfId = new HashMap<>();
        int studentCells = 0;
        long studentCode = 0;
        List<Cell> cells = submission.cells();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            String id = cell.gradeId();
            if (id != null) {
                Integer earlier = firstCellOfId.putIfAbsent(id, i);
                if (earlier != null) {
                    return "cells " + earlier + " and " + i + " both have grade_id '" + shorten(id) + "' (copying a"
                            + " cell in Jupyter copies its grading metadata), so the grader cannot tell which one is"
                            + " your answer. Keep one cell with that grade_id: delete the copy, and put extra code in"
                            + " a new cell (Insert > Insert Cell Below) instead of a copied one";
                }
            }
            boolean runs = cell.isCode() && (id == null || !knownIds.contains(id) || answerIds.contains(id));
            if (runs && !cell.source().isBlank()) {
                studentCells++;
                studentCode += cell.source().length();
            }
        }
        if (studentCells > MAX_STUDENT_CELLS) {
            return "it has " + studentCells + " code cells of yours (answers and cells you added); the grader runs at"
                    + " most " + MAX_STUDENT_CELLS + ". Merge or delete cells and submit again";
        }
        if (studentCode > MAX_STUDENT_CODE) {
            return "its answers and added cells hold " + studentCode + " characters of code; the grader runs at most "
                    + MAX_STUDENT_CODE + ". Remove data or generated code pasted into cells and submit again";
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    /**
     * The cells to run for a submission: the source's setup and test cells, the submission's answer for each
     * solution cell (matched by grade_id; the unsolved stub when it is missing), and the code cells the student
     * added, each after the cell it followed. {@code notes} collects what the student should know.
     */
    public List<PlannedCell> plan(Notebook submission, List<String> notes) {
        Map<String, Cell> answers = new HashMap<>();
        Map<String, List<Cell>> addedAfter = new HashMap<>();
        String anchor = null;
        for (Cell cell : submission.cells()) {
            String id = cell.gradeId();
            if (id != null && knownIds.contains(id)) {
                if (cell.isCode()) {
                    answers.putIfAbsent(id, cell);
                }
                anchor = id;
            } else if (cell.isCode() && !cell.source().isBlank()) {
                addedAfter.computeIfAbsent(anchor, k -> new ArrayList<>()).add(cell);
            }
        }
        List<String> studentCode = new ArrayList<>();
        answers.values().forEach(cell -> studentCode.add(cell.source()));
        addedAfter.values().forEach(cells -> cells.forEach(cell -> studentCode.add(cell.source())));
        Set<String> declared = ownTypes(studentCode);
        List<PlannedCell> plan = new ArrayList<>();
        List<Cell> exerciseCells = exercise.cells();
        boolean addedBeforeAnyPlaced = false;
        for (int i = 0; i < source.cells().size(); i++) {
            Cell cell = source.cells().get(i);
            if (cell.isCode()) {
                if (cell.isSolution()) {
                    Cell answer = answers.get(cell.gradeId());
                    String code;
                    if (answer == null) {
                        notes.add("Your notebook has no cell '" + cell.gradeId() + "'; it was graded as not solved."
                                + " Hint: keep the exercise's cells, write inside them.");
                        code = exerciseCells.get(i).source();
                    } else {
                        code = cleaned(answer.source(), "'" + cell.gradeId() + "'", notes, declared);
                    }
                    plan.add(new PlannedCell(Kind.STUDENT, cell.gradeId(), code, 0, false));
                } else if (cell.isTest()) {
                    plan.add(new PlannedCell(Kind.TEST, cell.gradeId(), testCode.get(cell.gradeId()),
                            cell.grading().orElseThrow().points(), Markers.hasHiddenTests(cell.source())));
                } else {
                    plan.add(new PlannedCell(Kind.SETUP, cell.gradeId(), cell.source(), 0, false));
                }
                if (!addedBeforeAnyPlaced) {
                    // cells a student put before every known cell run after the first setup cell (imports)
                    addedBeforeAnyPlaced = true;
                    addAll(plan, addedAfter.get(null), notes, declared);
                }
            }
            if (cell.gradeId() != null) {
                addAll(plan, addedAfter.get(cell.gradeId()), notes, declared);
            }
        }
        return plan;
    }

    /**
     * The types the submission declares in code that survives the protection: a class of the student's own may
     * share a library class's name, but a declaration the protection removes (it redeclares a name the tests use,
     * say) leaves the name to the library. Each pass can only remove declarations, so this ends.
     */
    private Set<String> ownTypes(List<String> studentCode) {
        Set<String> declared = Protection.declaredNames(studentCode);
        while (!declared.isEmpty()) {
            List<String> kept = new ArrayList<>();
            for (String code : studentCode) {
                kept.add(protection.clean(code, declared).code());
            }
            Set<String> surviving = Protection.declaredNames(kept);
            if (surviving.equals(declared)) {
                break;
            }
            declared = surviving;
        }
        return declared;
    }

    private void addAll(List<PlannedCell> plan, List<Cell> added, List<String> notes, Set<String> declared) {
        if (added == null) {
            return;
        }
        for (Cell cell : added) {
            String label = "the cell you added" + (cell.id() != null ? " (id " + cell.id() + ")" : "");
            plan.add(new PlannedCell(Kind.STUDENT, null, cleaned(cell.source(), label, notes, declared), 0, false));
        }
    }

    private String cleaned(String code, String label, List<String> notes, Set<String> declared) {
        Protection.Cleaned cleaned = protection.clean(code, declared);
        for (String removed : cleaned.removed()) {
            notes.add("From " + label + " the grader removed " + removed + ".");
        }
        return cleaned.code();
    }
}
