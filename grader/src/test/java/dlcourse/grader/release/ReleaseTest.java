package dlcourse.grader.release;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.grader.TestNotebooks;
import dlcourse.grader.notebook.Cell;
import dlcourse.grader.notebook.Notebook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Release")
class ReleaseTest {

    @Test
    @DisplayName("exercises/ is what ./course release writes from solutions/")
    void exercisesAreCurrent() throws Exception {
        Path root = TestNotebooks.root();
        List<String> stale = Release.staleExercises(root.resolve("solutions"), root.resolve("exercises"));
        assertEquals(List.of(), stale, "exercises/ is out of date with solutions/: run ./course release"
                + " (and commit exercises/)");
    }

    @Nested
    @DisplayName("of one source")
    class OneSource {
        Notebook source;
        Notebook exercise;

        @BeforeEach
        void release() throws Exception {
            source = Notebook.read(TestNotebooks.solution("02-activations"));
            exercise = Release.exerciseOf(source, "02-activations");
        }

        @Test
        @DisplayName("keeps every cell, its id and its nbgrader metadata")
        void keepsCells() {
            assertEquals(source.cells().size(), exercise.cells().size());
            for (int i = 0; i < source.cells().size(); i++) {
                Cell a = source.cells().get(i);
                Cell b = exercise.cells().get(i);
                assertAll("cell " + i,
                        () -> assertEquals(a.id(), b.id()),
                        () -> assertEquals(a.grading(), b.grading()),
                        () -> assertFalse(b.hasOutputs()));
            }
        }

        @Test
        @DisplayName("replaces solutions with a stub naming the exercise and removes hidden tests")
        void stripsAnswers() {
            String text = exercise.toJson();
            assertAll(
                    () -> assertFalse(text.contains("BEGIN SOLUTION"), "no solution marker is left"),
                    () -> assertFalse(text.contains("HIDDEN TESTS"), "no hidden test is left"),
                    () -> assertFalse(text.contains("Math.max(0.01 * x, x)"), "the leaky ReLU answer is gone"),
                    () -> assertTrue(text.contains("UnsupportedOperationException(\\\"maxout (02-activations): not solved yet"),
                            "the maxout stub names the exercise"),
                    () -> assertTrue(text.contains("eluDerivative(row[0], row[1]), 1e-6,"), "visible tests stay"));
        }
    }

    @Nested
    @DisplayName("into a folder")
    class IntoFolder {
        @TempDir
        Path temp;
        Path solutions;
        Path exercises;

        @BeforeEach
        void copySources() throws Exception {
            solutions = Files.createDirectories(temp.resolve("solutions"));
            exercises = temp.resolve("exercises");
            for (String name : List.of("02-activations", "03-softmax")) {
                Files.copy(TestNotebooks.solution(name), solutions.resolve(name + ".ipynb"));
            }
        }

        @Test
        @DisplayName("writes each exercise, and a second release changes nothing")
        void writesOnce() throws Exception {
            Release.Report first = Release.release(solutions, exercises, false);
            Release.Report second = Release.release(solutions, exercises, false);
            assertAll(
                    () -> assertEquals(List.of("02-activations.ipynb", "03-softmax.ipynb"), first.written()),
                    () -> assertEquals(List.of(), second.written()),
                    () -> assertEquals(2, second.unchanged().size()),
                    () -> assertEquals(List.of(), Release.staleExercises(solutions, exercises)));
        }

        @Test
        @DisplayName("updates an exercise it wrote when its source changed")
        void updatesItsOwn() throws Exception {
            Release.release(solutions, exercises, false);
            Path source = solutions.resolve("03-softmax.ipynb");
            Files.writeString(source, Files.readString(source).replace("Exercise 1: a stable softmax", "Exercise 1: a safe softmax"));
            Release.Report report = Release.release(solutions, exercises, false);
            assertAll(
                    () -> assertEquals(List.of("03-softmax.ipynb"), report.written()),
                    () -> assertTrue(Files.readString(exercises.resolve("03-softmax.ipynb")).contains("Exercise 1: a safe softmax")));
        }

        @Test
        @DisplayName("never overwrites an exercise someone edited, unless forced")
        void keepsStudentWork() throws Exception {
            Release.release(solutions, exercises, false);
            Path exercise = exercises.resolve("02-activations.ipynb");
            String work = Files.readString(exercise).replace("Replace this line with your code.", "my own work");
            Files.writeString(exercise, work);

            Release.Report refused = Release.release(solutions, exercises, false);
            assertAll(
                    () -> assertFalse(refused.ok()),
                    () -> assertTrue(refused.refused().get(0).contains("02-activations.ipynb")
                            && refused.refused().get(0).contains("--force"), refused.refused().toString()),
                    () -> assertEquals(work, Files.readString(exercise), "the edited file is untouched"));

            Release.Report forced = Release.release(solutions, exercises, true);
            assertAll(
                    () -> assertTrue(forced.ok()),
                    () -> assertEquals(List.of("02-activations.ipynb"), forced.written()),
                    () -> assertEquals(List.of(), Release.staleExercises(solutions, exercises)));
        }

        @Test
        @DisplayName("writes nothing when a source is invalid, and names it")
        void invalidWritesNothing() throws Exception {
            Path source = solutions.resolve("03-softmax.ipynb");
            Files.writeString(source, Files.readString(source).replace("\"points\": 1", "\"points\": -1"));
            InvalidSourceException e = assertThrows(InvalidSourceException.class,
                    () -> Release.release(solutions, exercises, false));
            assertAll(
                    () -> assertTrue(e.getMessage().contains("03-softmax.ipynb, cell"), e.getMessage()),
                    () -> assertFalse(Files.exists(exercises.resolve("02-activations.ipynb"))));
        }
    }
}
