package dlcourse.rnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SequencesTest {
    @Test
    @DisplayName("split takes [N, T, D] apart into T steps [N, D]; join puts them back")
    void splitAndJoin() {
        Tensor x = Tensor.randn(new Random(1), 1, 2, 3, 4);
        List<Tensor> steps = Sequences.split(x);
        assertAll(
                () -> assertEquals(3, steps.size()),
                () -> assertEquals(x.get(1, 2, 3), steps.get(2).get(1, 3)),
                () -> assertEquals(x.get(0, 1, 0), steps.get(1).get(0, 0)),
                () -> assertEquals(x, Sequences.join(steps)));
    }

    @Test
    @DisplayName("onlyLast gives zeros at every step but the last")
    void onlyLast() {
        Tensor g = Tensor.full(2.0, 2, 3);
        List<Tensor> grads = Sequences.onlyLast(4, g);
        assertAll(
                () -> assertEquals(4, grads.size()),
                () -> assertEquals(Tensor.zeros(2, 3), grads.get(0)),
                () -> assertEquals(g, grads.get(3)));
    }

    @Test
    @DisplayName("a tensor that is not [N, T, D] and an empty sequence are rejected with what was expected")
    void rejects() {
        assertAll(
                () -> assertEquals("Sequences.split: expected a sequence batch of shape [N, T, D] but got [2, 3]",
                        assertThrows(IllegalArgumentException.class, () -> Sequences.split(Tensor.zeros(2, 3)))
                                .getMessage()),
                () -> assertEquals("Sequences.join: expected at least one time step, got none",
                        assertThrows(IllegalArgumentException.class, () -> Sequences.join(List.of())).getMessage()));
    }
}
