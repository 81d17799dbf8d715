package dlcourse.rnn.tasks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.rnn.tasks.LongLagExperiment.Model;
import dlcourse.rnn.tasks.LongLagExperiment.Outcome;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class LongLagExperimentTest {
    @Test
    @DisplayName("at lag 40, with the same budget, the LSTM learns the first symbol and the plain RNN does not")
    void lstmRemembersWhereRnnForgets() {
        List<Outcome> outcomes = LongLagExperiment.run(LongLagExperiment.Settings.defaults(), 40);
        Outcome rnn = outcomes.get(0);
        Outcome lstm = outcomes.get(1);
        double rnnDecay = rnn.gradientNormsAtStart()[0] / rnn.gradientNormsAtStart()[39];
        double lstmDecay = lstm.gradientNormsAtStart()[0] / lstm.gradientNormsAtStart()[39];
        assertAll(
                () -> assertEquals(Model.RNN, rnn.model()),
                () -> assertTrue(lstm.testAccuracy() >= 0.95, "LSTM accuracy " + lstm.testAccuracy()),
                () -> assertTrue(rnn.testAccuracy() <= 0.5, "RNN accuracy " + rnn.testAccuracy() + " (chance is 0.25)"),
                () -> assertTrue(rnn.stepsTrained() == 200 && lstm.stepsTrained() < 200,
                        "steps: RNN " + rnn.stepsTrained() + ", LSTM " + lstm.stepsTrained()),
                () -> assertTrue(rnnDecay < 1e-3, "RNN ||dL/dh_1|| / ||dL/dh_40|| = " + rnnDecay),
                () -> assertTrue(lstmDecay > 100 * rnnDecay, "LSTM " + lstmDecay + " vs RNN " + rnnDecay));
    }

    @Test
    @DisplayName("the tables are tidy: one row per run, and one row per run, moment and time step")
    void tables() {
        LongLagExperiment.Settings quick = LongLagExperiment.Settings.defaults().withMaxSteps(2);
        List<Outcome> outcomes = LongLagExperiment.run(quick, 3, 4);
        Table accuracy = LongLagExperiment.accuracyTable(outcomes);
        Table norms = LongLagExperiment.gradientNormTable(outcomes);
        assertAll(
                () -> assertEquals(4, accuracy.rowCount()),
                () -> assertEquals(List.of("model", "lag", "accuracy", "finalLoss", "steps", "seconds"),
                        accuracy.columnNames()),
                () -> assertEquals(2 * (3 + 3 + 4 + 4), norms.rowCount()),
                () -> assertEquals(List.of("model", "lag", "when", "step", "gradientNorm"), norms.columnNames()),
                () -> assertEquals("LSTM", accuracy.stringColumn("model").get(3)),
                () -> assertEquals(4, accuracy.intColumn("lag").get(3)));
    }
}
