package dlcourse.grader;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments exit 2 with a message naming them, before anything is graded. */
@DisplayName("The grader's command line")
class GraderCliTest {
    @TempDir
    Path temp;
    Path submissions;
    String source;

    @BeforeEach
    void submissions() throws Exception {
        submissions = Files.createDirectories(temp.resolve("submissions"));
        Files.copy(TestNotebooks.solution("02-activations"), submissions.resolve("alice.ipynb"));
        source = TestNotebooks.solution("02-activations").toString();
    }

    record Run(int status, String err) {}

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        int status = GraderCli.run(new PrintWriter(err, true), args);
        return new Run(status, err.toString());
    }

    void assertRefused(Run run, String... expected) {
        assertEquals(2, run.status(), run.err());
        for (String words : expected) {
            assertTrue(run.err().contains(words), () -> "'" + words + "' in: " + run.err());
        }
        assertFalse(run.err().contains("\tat "), () -> "a stack trace in: " + run.err());
    }

    List<String> grade(String... extra) {
        List<String> args = new ArrayList<>(List.of("grade", "--source", source, "--out", temp.resolve("out").toString()));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    @DisplayName("--jobs 0, --jobs x, --timeout 0 and an unknown option exit 2 naming the option")
    void badOptions() {
        List<String> zero = grade("--jobs", "0", submissions.toString());
        List<String> word = grade("--jobs", "x", submissions.toString());
        List<String> timeout = grade("--timeout", "0", submissions.toString());
        List<String> unknown = grade("--frobnicate", submissions.toString());
        assertAll(
                () -> assertRefused(run(zero.toArray(String[]::new)), "--jobs must be at least 1", "was 0"),
                () -> assertRefused(run(word.toArray(String[]::new)), "--jobs", "'x'"),
                () -> assertRefused(run(timeout.toArray(String[]::new)), "--timeout must be at least 1 second"),
                () -> assertRefused(run(unknown.toArray(String[]::new)), "--frobnicate"),
                () -> assertFalse(Files.exists(temp.resolve("out/alice")), "nothing was graded"));
    }

    @Test
    @DisplayName("a missing --source option, a source that does not exist, is a folder or is not UTF-8 exit 2 saying so")
    void badSource() throws Exception {
        Path latin = Files.write(temp.resolve("latin.ipynb"), new byte[] {'{', '"', (byte) 0xE9, '"', '}'});
        Path folder = Files.createDirectories(temp.resolve("folder"));
        assertAll(
                () -> assertRefused(run("grade", "--out", temp.resolve("out").toString(), submissions.toString()),
                        "Missing required option", "--source"),
                () -> assertRefused(run("grade", "--source", temp.resolve("nope.ipynb").toString(), "--out",
                        temp.resolve("out").toString(), submissions.toString()), "nope.ipynb is not a valid notebook: there is no such file"),
                () -> assertRefused(run("grade", "--source", folder.toString(), "--out",
                        temp.resolve("out").toString(), submissions.toString()), "folder is not a valid notebook: it is a folder"),
                () -> assertRefused(run("grade", "--source", latin.toString(), "--out",
                        temp.resolve("out").toString(), submissions.toString()), "is not UTF-8 text: byte 2 (line 1, value 0xe9)"),
                () -> assertRefused(run(grade(temp.resolve("nobody").toString()).toArray(String[]::new)),
                        "SUBMISSION " + temp.resolve("nobody") + " does not exist"));
    }

    @Test
    @DisplayName("--out naming a file, or a place that cannot be written, is refused before grading starts")
    void badOut() throws Exception {
        Path file = Files.writeString(temp.resolve("gradebook.txt"), "keep me");
        Run intoFile = run("grade", "--source", source, "--out", file.toString(), submissions.toString());
        Run underFile = run("grade", "--source", source, "--out", file.resolve("sub").toString(), submissions.toString());
        assertAll(
                () -> assertRefused(intoFile, "--out " + file + " is a file; give a folder"),
                () -> assertRefused(underFile, "--out " + file.resolve("sub") + " cannot be written"),
                () -> assertEquals("keep me", Files.readString(file)));
    }

    @Test
    @DisplayName("autograde and gradescope check their paths first too")
    void otherCommands() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("results-folder"));
        Path notebook = submissions.resolve("alice.ipynb");
        assertAll(
                () -> assertRefused(run("autograde", "--source", source, "--submission", notebook.toString(),
                        "--results", temp.resolve("r.json").toString()), "--submission " + notebook + " is not a folder"),
                () -> assertRefused(run("autograde", "--source", source, "--submission", submissions.toString(),
                        "--results", folder.toString()), "--results " + folder + " is a folder"),
                () -> assertRefused(run("gradescope", source, "--out", folder.toString()), "--out " + folder + " is a folder"));
    }

    @Test
    @DisplayName("autograde (Gradescope, Classroom) refuses a committed symbolic link to the solution with score 0")
    void linkedSolution() throws Exception {
        Path repository = Files.createDirectories(temp.resolve("student-repo"));
        Files.createSymbolicLink(repository.resolve("02-activations.ipynb"), TestNotebooks.solution("02-activations"));
        Path results = temp.resolve("results/results.json");
        Path classroom = temp.resolve("results/classroom.json");
        Run run = run("autograde", "--source", source, "--submission", repository.toString(), "--results",
                results.toString(), "--classroom", classroom.toString());
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(Files.readString(results)).getAsJsonObject();
        assertAll(
                () -> assertEquals(1, run.status(), run.err()),
                () -> assertEquals(0.0, json.get("score").getAsDouble()),
                () -> assertTrue(json.get("output").getAsString().contains("02-activations.ipynb is not a valid notebook: it is a symbolic link"),
                        json.toString()),
                () -> assertTrue(Files.readString(classroom).contains("\"status\": \"error\""), Files.readString(classroom)));
    }
}
