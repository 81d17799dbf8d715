package dlcourse.rnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class GradientNormsTest {
    @Test
    @DisplayName("scaling a plain RNN's W_hh turns the per-step gradient from vanishing into exploding")
    void decayAndExplosion() {
        List<Tensor> xs = RecurrentChecks.randomSteps(new Random(1), 30, 4, 3);
        RnnCell small = RnnCell.create(3, 16, 2);
        RnnCell large = RnnCell.create(3, 16, 2);
        small.parameters().get(0).setValue(small.parameters().get(0).value().times(0.5));
        large.parameters().get(0).setValue(large.parameters().get(0).value().times(4));
        large.parameters().get(1).setValue(large.parameters().get(1).value().times(0.01));
        double[] vanishing = GradientNorms.fromLastStep(small, xs);
        double[] exploding = GradientNorms.fromLastStep(large, xs);
        assertAll(
                () -> assertEquals(30, vanishing.length),
                () -> assertEquals(Math.sqrt(4 * 16), vanishing[29], 1e-12),
                () -> assertTrue(vanishing[0] < 1e-6 * vanishing[29], "vanishing: " + vanishing[0]),
                () -> assertTrue(exploding[0] > 1e3 * exploding[29], "exploding: " + exploding[0]));
    }

    @Test
    @DisplayName("the table has one row per step, labelled, in order")
    void table() {
        Table t = GradientNorms.table("RNN", new double[] {0.25, 0.5, 1.0});
        assertAll(
                () -> assertEquals(List.of("label", "step", "gradientNorm"), t.columnNames()),
                () -> assertArrayEquals(new double[] {0.25, 0.5, 1.0}, t.doubleColumn("gradientNorm").asDoubleArray()),
                () -> assertEquals(3, t.intColumn("step").get(2)));
    }
}
