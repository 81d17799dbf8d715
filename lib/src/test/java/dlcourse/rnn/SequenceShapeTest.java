package dlcourse.rnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequenceShapeTest {
    @ParameterizedTest(name = "{0} with {1} inputs and {2} outputs runs {3} steps: {4} / {5}")
    @DisplayName("each shape's chain: which steps read an input (x) and which give an output (y)")
    @CsvSource({
            "ONE_TO_ONE,          1, 1, 1, x,         y",
            "ONE_TO_MANY,         1, 4, 4, x . . .,   y y y y",
            "MANY_TO_ONE,         4, 1, 4, x x x x,   . . . y",
            "MANY_TO_MANY,        3, 2, 5, x x x . ., . . . y y",
            "SYNCED_MANY_TO_MANY, 4, 4, 4, x x x x,   y y y y"})
    void patterns(SequenceShape shape, int inputs, int outputs, int steps, String top, String bottom) {
        assertAll(
                () -> assertEquals(steps, shape.steps(inputs, outputs)),
                () -> assertEquals(top + "\n" + bottom, shape.pattern(inputs, outputs)));
    }

    @Test
    @DisplayName("run feeds zeros where there is no input and returns the hidden states of the output steps")
    void runManyToMany() {
        Random rng = new Random(1);
        RnnCell cell = RnnCell.create(3, 4, 2);
        List<Tensor> given = RecurrentChecks.randomSteps(rng, 3, 2, 3);
        List<Tensor> outputs = SequenceShape.MANY_TO_MANY.run(cell, given, 2);
        List<Tensor> all = cell.forwardSequence(List.of(given.get(0), given.get(1), given.get(2), Tensor.zeros(2, 3),
                Tensor.zeros(2, 3)));
        assertAll(
                () -> assertEquals(2, outputs.size()),
                () -> assertEquals(all.get(3), outputs.get(0)),
                () -> assertEquals(all.get(4), outputs.get(1)));
    }

    @Test
    @DisplayName("many to one returns only the last hidden state; synced returns every one")
    void manyToOneAndSynced() {
        LstmCell cell = LstmCell.create(3, 4, 2);
        List<Tensor> given = RecurrentChecks.randomSteps(new Random(3), 5, 2, 3);
        List<Tensor> all = cell.forwardSequence(given);
        List<Tensor> last = SequenceShape.MANY_TO_ONE.run(cell, given, 1);
        List<Tensor> synced = SequenceShape.SYNCED_MANY_TO_MANY.run(cell, given, 5);
        assertAll(
                () -> assertEquals(List.of(all.get(4)), last),
                () -> assertEquals(all, synced),
                () -> assertSame(given.get(0), SequenceShape.ONE_TO_MANY.inputs(given.subList(0, 1), 3).get(0)),
                () -> assertEquals(Tensor.zeros(2, 3), SequenceShape.ONE_TO_MANY.inputs(given.subList(0, 1), 3).get(2)));
    }

    @Test
    @DisplayName("counts that do not fit the shape are rejected with what the shape expects")
    void rejectsWrongCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SequenceShape.SYNCED_MANY_TO_MANY.steps(4, 3));
        assertTrue(e.getMessage().contains("synchronised many to many: expected as many outputs as inputs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SequenceShape.ONE_TO_MANY.steps(2, 3));
    }
}
