package dlcourse.grader.release;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import dlcourse.grader.notebook.Cell;
import dlcourse.grader.notebook.Notebook;
import dlcourse.kernel.notebook.NotebookFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code ./course release}: writes the student version of every assignment, {@code exercises/NN-topic.ipynb},
 * from its source {@code solutions/NN-topic.ipynb}: solution regions become a stub that throws, hidden tests
 * are removed, outputs are cleared.
 *
 * <p>Release never overwrites an exercise that differs from what it last wrote there (a student may have
 * worked in it): it remembers the SHA-256 of each file it wrote in {@code exercises/.released.json}.
 *
 * <p>Students see its output: every {@code exercises/NN-topic.ipynb}, whose first cell ("How this notebook is
 * graded") explains the stubs and the test cells.
 */
public final class Release {
    /** The manifest of what release last wrote, beside the exercises. */
    public static final String MANIFEST = ".released.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private Release() {}

    /** What one release did, file by file. */
    public record Report(List<String> written, List<String> unchanged, List<String> refused) {
        public boolean ok() {
            return refused.isEmpty();
        }
    }

    /** The assignment's name: the file name without ".ipynb" (e.g. "02-activations"). */
    public static String assignmentName(Path notebook) {
        String file = notebook.getFileName().toString();
        return file.endsWith(".ipynb") ? file.substring(0, file.length() - ".ipynb".length()) : file;
    }

    /** The student version of a (valid) source notebook. */
    public static Notebook exerciseOf(Notebook source, String assignment) {
        Validation.require(source);
        List<Cell> cells = new ArrayList<>();
        for (Cell cell : source.cells()) {
            Cell released = cell.withoutOutputs();
            if (cell.isSolution()) {
                released = released.withSource(Markers.stubSolutions(cell.source(), cell.gradeId() + " (" + assignment + ")"));
            } else if (cell.isTest()) {
                released = released.withSource(Markers.removeHidden(cell.source()));
            }
            cells.add(released);
        }
        return source.withCells(cells);
    }

    /** The sources: every {@code NN-*.ipynb} in the folder, sorted. */
    public static List<Path> sources(Path solutionsDir) throws IOException {
        try (Stream<Path> files = Files.list(solutionsDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    /**
     * Validates every source, then writes the exercises. Nothing is written if a source is invalid
     * ({@link InvalidSourceException} lists all problems of all sources).
     */
    public static Report release(Path solutionsDir, Path exercisesDir, boolean force) throws IOException {
        Map<Path, String> texts = expected(solutionsDir, exercisesDir);
        Files.createDirectories(exercisesDir);
        Map<String, String> manifest = readManifest(exercisesDir);
        List<String> written = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Map.Entry<Path, String> entry : texts.entrySet()) {
            Path target = entry.getKey();
            String file = target.getFileName().toString();
            String text = entry.getValue();
            if (Files.exists(target)) {
                String current = Files.readString(target, StandardCharsets.UTF_8);
                if (current.equals(text)) {
                    unchanged.add(file);
                    manifest.put(file, sha256(text));
                    continue;
                }
                boolean ours = sha256(current).equals(manifest.get(file));
                if (!ours && !force) {
                    refused.add(target + " differs from what release last wrote there (someone's work?); it was not"
                            + " overwritten. Move it away, or run ./course release --force to replace it");
                    continue;
                }
            }
            Files.writeString(target, text, StandardCharsets.UTF_8);
            manifest.put(file, sha256(text));
            written.add(file);
        }
        Files.writeString(exercisesDir.resolve(MANIFEST), GSON.toJson(manifest) + "\n", StandardCharsets.UTF_8);
        return new Report(written, unchanged, refused);
    }

    /**
     * The exercises that are not what release would write now (missing or different), as messages; empty
     * when {@code exercises/} is current.
     */
    public static List<String> staleExercises(Path solutionsDir, Path exercisesDir) throws IOException {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<Path, String> entry : expected(solutionsDir, exercisesDir).entrySet()) {
            Path target = entry.getKey();
            if (!Files.exists(target)) {
                stale.add(target + " is missing");
            } else if (!Files.readString(target, StandardCharsets.UTF_8).equals(entry.getValue())) {
                stale.add(target + " is not what release writes from its source");
            }
        }
        return stale;
    }

    private static Map<Path, String> expected(Path solutionsDir, Path exercisesDir) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<Path, String> texts = new TreeMap<>();
        List<Path> sources = sources(solutionsDir);
        if (sources.isEmpty()) {
            throw new InvalidSourceException(List.of(solutionsDir + ": has no .ipynb source"));
        }
        for (Path source : sources) {
            try {
                Notebook notebook = Notebook.read(source);
                List<String> found = Validation.problems(notebook);
                if (!found.isEmpty()) {
                    problems.addAll(found);
                    continue;
                }
                String name = assignmentName(source);
                texts.put(exercisesDir.resolve(source.getFileName().toString()), exerciseOf(notebook, name).toJson());
            } catch (NotebookFormatException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSourceException(problems);
        }
        return texts;
    }

    private static Map<String, String> readManifest(Path exercisesDir) throws IOException {
        Path file = exercisesDir.resolve(MANIFEST);
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            Map<String, String> read = GSON.fromJson(Files.readString(file), new TypeToken<TreeMap<String, String>>() {}.getType());
            return read == null ? new TreeMap<>() : new TreeMap<>(read);
        } catch (RuntimeException e) {
            return new TreeMap<>();
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
