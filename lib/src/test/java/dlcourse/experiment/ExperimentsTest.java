package dlcourse.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentsTest {
    private static final Experiment SQUARES = new Experiment() {
        @Override
        public String name() {
            return "squares";
        }

        @Override
        public String description() {
            return "n and n squared";
        }

        @Override
        public void run(ExperimentRun run) {
            run.seeds(7).columns("n", "square");
            for (int n = 1; n <= 3; n++) {
                run.row(n, (double) n * n);
                run.progress("squares", n, 3);
            }
        }
    };

    @Test
    @DisplayName("a run writes its rows with date, machine, seeds and duration, and reads back as a table")
    void writesAndReads(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path csv = Experiments.run(SQUARES, dir, new PrintStream(console, true));
        assertTrue(Files.readString(csv).contains("# seeds: 7"));
        ExperimentResults results = ExperimentResults.read(csv);
        assertEquals(3, results.table().rowCount());
        assertEquals(9.0, results.table().numberColumn("square").getDouble(2));
        assertTrue(results.header().containsKey("duration_s"));
        assertTrue(results.header().containsKey("machine"));
        assertTrue(console.toString().contains("3/3"));
    }

    @Test
    @DisplayName("a missing results file says which command makes it")
    void missing(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ExperimentResults.read(dir.resolve("lenet5-convergence.csv")));
        assertTrue(e.getMessage().contains("./course experiment lenet5-convergence"), e.getMessage());
    }

    @Test
    @DisplayName("a row with the wrong number of values names the columns")
    void wrongRow() {
        ExperimentRun run = new ExperimentRun(new PrintStream(new ByteArrayOutputStream()));
        run.columns("a", "b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.row(1));
        assertTrue(e.getMessage().contains("[a, b]"), e.getMessage());
    }
}
