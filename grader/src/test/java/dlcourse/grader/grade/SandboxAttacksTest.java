package dlcourse.grader.grade;

import static dlcourse.grader.grade.HostileSubmissionsTest.addAfter;
import static dlcourse.grader.grade.HostileSubmissionsTest.answer;
import static dlcourse.grader.grade.HostileSubmissionsTest.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dlcourse.grader.GraderCli;
import dlcourse.grader.TestNotebooks;
import dlcourse.kernel.engine.OsSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Attacks on the process layer, each graded through ./course grade's command line in a batch with an honest
 * classmate and a blank submission of 02-activations (7 points): a forged stop signal, killing every process in
 * sight (the grader, its shell, the sibling JVMs), and children that try to outlive grading.
 */
@DisplayName("Attacks on the grader's processes")
class SandboxAttacksTest {
    static final String ASSIGNMENT = "02-activations";
    /** A unique sleep that marks the processes a submission starts in the background. */
    static final String SURVIVOR = "31.4159";

    @TempDir
    Path temp;

    /** Every stub throws the agent's stop signal, made by reflection, instead of its exception. */
    static void forgeStops(JsonObject nb) {
        for (JsonElement cell : nb.getAsJsonArray("cells")) {
            JsonObject c = cell.getAsJsonObject();
            String source = c.get("source").isJsonArray()
                    ? String.join("", c.getAsJsonArray("source").asList().stream().map(JsonElement::getAsString).toList())
                    : c.get("source").getAsString();
            if (source.contains("throw new UnsupportedOperationException(")) {
                c.addProperty("source", "Error forged(String why) {\n"
                        + "    try {\n"
                        + "        var make = Class.forName(\"dlcourse.kernel.agent.CellStopped\").getDeclaredConstructor();\n"
                        + "        make.setAccessible(true);\n"
                        + "        return (Error) make.newInstance();\n"
                        + "    } catch (ReflectiveOperationException e) {\n"
                        + "        return new Error(why);\n"
                        + "    }\n"
                        + "}\n" + source.replace("throw new UnsupportedOperationException(", "throw forged("));
            }
        }
    }

    /** A cell that leaves children behind: a double fork and a setsid one, each writing later into {@code target}. */
    static String survivors(Path target) {
        String later = "sleep " + SURVIVOR + "; echo forged > " + target;
        return "new ProcessBuilder(\"/bin/sh\", \"-c\", \"(" + later + ") &\").start().waitFor();\n"
                + "try { new ProcessBuilder(\"setsid\", \"/bin/sh\", \"-c\", \"" + later + "\").start(); }"
                + " catch (IOException e) { }\n"
                + "Thread.sleep(300);";
    }

    static JsonObject grade(Path submissions, Path out, String sandbox) throws Exception {
        int status = GraderCli.run("grade", "--source", TestNotebooks.solution(ASSIGNMENT).toString(),
                "--out", out.toString(), "--timeout", "20", "--heap", "256", "--jobs", "2", "--sandbox", sandbox,
                submissions.toString());
        JsonObject scores = new JsonObject();
        scores.addProperty("exit", status);
        try (var folders = Files.list(out)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                JsonObject results = JsonParser.parseString(Files.readString(folder.resolve("results.json"))).getAsJsonObject();
                scores.add(folder.getFileName().toString(), results.get("score"));
            }
        }
        return scores;
    }

    static long survivorsAlive() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(SURVIVOR)).count();
    }

    @Test
    @DisplayName("in the sandbox: forged stops score what a blank scores, killers and forkers harm nobody, nothing outlives grading")
    void sandboxedBatch() throws Exception {
        assumeTrue(OsSandbox.unavailableReason().isEmpty(), () -> "no OS sandbox here: " + OsSandbox.unavailableReason());
        Path submissions = Files.createDirectories(temp.resolve("submissions"));
        Path out = temp.resolve("out");
        Path planted = temp.resolve("planted.txt");
        String exercise = Files.readString(TestNotebooks.exercise(ASSIGNMENT));
        Files.copy(TestNotebooks.exercise(ASSIGNMENT), submissions.resolve("blank.ipynb"));
        Files.copy(TestNotebooks.solution(ASSIGNMENT), submissions.resolve("honest.ipynb"));
        Files.copy(TestNotebooks.solution(ASSIGNMENT), submissions.resolve("zz_honest.ipynb"));
        write(submissions, "forges_stop", exercise, SandboxAttacksTest::forgeStops);
        write(submissions, "kills_everything", exercise, nb -> {
            answer(nb, "elu", HostileSubmissionsTest.ELU);
            answer(nb, "leaky_relu", HostileSubmissionsTest.LEAKY);
            addAfter(nb, "leaky_relu", "ProcessHandle me = ProcessHandle.current();\n"
                    + "me.parent().ifPresent(ProcessHandle::destroyForcibly);\n"
                    + "for (var up = me.parent(); up.isPresent(); up = up.get().parent()) up.get().destroyForcibly();\n"
                    + "ProcessHandle.allProcesses().filter(p -> p.pid() != me.pid()).forEach(ProcessHandle::destroyForcibly);");
        });
        write(submissions, "leaves_children", exercise, nb -> {
            answer(nb, "leaky_relu", HostileSubmissionsTest.LEAKY);
            addAfter(nb, "leaky_relu", survivors(planted));
        });

        JsonObject scores = grade(submissions, out, "require");
        Thread.sleep(500);
        assertAll(
                () -> assertEquals(0, scores.get("exit").getAsInt(), scores.toString()),
                () -> assertEquals(7, scores.get("honest").getAsDouble(), scores.toString()),
                () -> assertEquals(7, scores.get("zz_honest").getAsDouble(), scores.toString()),
                () -> assertEquals(0, scores.get("blank").getAsDouble(), scores.toString()),
                () -> assertEquals(scores.get("blank").getAsDouble(), scores.get("forges_stop").getAsDouble(),
                        "a forged stop scores what a blank scores: " + scores),
                () -> assertEquals(4, scores.get("kills_everything").getAsDouble(), "its honest ELU and leaky ReLU: " + scores),
                () -> assertEquals(2, scores.get("leaves_children").getAsDouble(), "its honest leaky ReLU: " + scores),
                () -> assertEquals(0, survivorsAlive(), "a process a submission started is still running"),
                () -> assertTrue(Files.notExists(planted), "a submission wrote outside its sandbox"));
    }

    @Test
    @DisplayName("without the sandbox: double-forked and setsid children still die when grading ends")
    void unsandboxedChildrenDie() throws Exception {
        Path submissions = Files.createDirectories(temp.resolve("submissions"));
        Path out = temp.resolve("out");
        Path planted = temp.resolve("planted.txt");
        String exercise = Files.readString(TestNotebooks.exercise(ASSIGNMENT));
        Files.copy(TestNotebooks.solution(ASSIGNMENT), submissions.resolve("honest.ipynb"));
        write(submissions, "leaves_children", exercise, nb -> {
            answer(nb, "leaky_relu", HostileSubmissionsTest.LEAKY);
            addAfter(nb, "leaky_relu", survivors(planted));
        });
        JsonObject scores = grade(submissions, out, "off");
        Thread.sleep(500);
        assertAll(
                () -> assertEquals(7, scores.get("honest").getAsDouble(), scores.toString()),
                () -> assertEquals(2, scores.get("leaves_children").getAsDouble(), scores.toString()),
                () -> assertEquals(0, survivorsAlive(), "a process a submission started is still running"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--heap,               1",
            "--heap,               100000000",
            "--sandbox,            sometimes",
            "--submission-timeout, 0",
    })
    @DisplayName("nonsense values of the sandbox options are refused with exit 2 before anything runs")
    void badOptions(String option, String value) throws Exception {
        Path out = temp.resolve("out");
        int status = GraderCli.run("grade", "--source", TestNotebooks.solution(ASSIGNMENT).toString(), "--out",
                out.toString(), option, value, TestNotebooks.solution(ASSIGNMENT).toString());
        assertAll(
                () -> assertEquals(2, status),
                () -> assertTrue(Files.notExists(out), "nothing was graded"));
    }

    @Test
    @DisplayName("a submission that runs long in many cells is stopped at its total time limit")
    void totalTimeLimit() throws Exception {
        Path submissions = Files.createDirectories(temp.resolve("submissions"));
        String solution = Files.readString(TestNotebooks.solution(ASSIGNMENT));
        write(submissions, "slow", solution, nb -> {
            for (String id : List.of("elu", "leaky_relu", "maxout")) {
                addAfter(nb, id, "Thread.sleep(1500);");
            }
        });
        Autograder grader = new Autograder(Assignment.load(TestNotebooks.solution(ASSIGNMENT)),
                GradeOptions.defaults().withSubmissionTimeout(Duration.ofSeconds(3)).withJobs(1),
                dlcourse.grader.run.KernelSandbox.factory());
        SubmissionResult result = grader.grade(submissions.resolve("slow.ipynb"), "slow");
        List<TestResult> notRun = result.tests().stream().filter(t -> t.message().contains("total time limit of 3 s")).toList();
        assertAll(
                () -> assertTrue(result.score() < result.maxScore(), "score " + result.score()),
                () -> assertTrue(!notRun.isEmpty(), result.tests().toString()));
    }
}
