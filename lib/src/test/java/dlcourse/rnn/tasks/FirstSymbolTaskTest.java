package dlcourse.rnn.tasks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dlcourse.tensor.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FirstSymbolTaskTest {
    @Test
    @DisplayName("a sequence opens with its label's signal symbol, then only distractors; the same seed repeats it")
    void structure() {
        SequenceBatch batch = FirstSymbolTask.generate(3L, 50, 12);
        int[] labels = batch.labels();
        assertEquals(12, batch.length());
        for (int e = 0; e < 50; e++) {
            Tensor first = batch.xs().get(0).row(e);
            assertEquals(1.0, first.get(0, labels[e]), "example " + e + " starts with signal " + labels[e]);
            assertEquals(1.0, first.sum());
            for (int t = 1; t < 12; t++) {
                Tensor step = batch.xs().get(t).row(e);
                assertEquals(1.0, step.columns(FirstSymbolTask.SIGNALS, FirstSymbolTask.INPUT_SIZE).sum(),
                        "example " + e + ", step " + t + " is one distractor");
                assertEquals(1.0, step.sum());
            }
        }
        SequenceBatch again = FirstSymbolTask.generate(3L, 50, 12);
        assertAll(
                () -> assertArrayEquals(labels, again.labels()),
                () -> assertEquals(batch.xs(), again.xs()));
    }

    @Test
    @DisplayName("the labels use every signal, near a quarter each")
    void balanced() {
        int[] counts = new int[FirstSymbolTask.SIGNALS];
        for (int label : FirstSymbolTask.generate(1L, 2000, 1).labels()) {
            counts[label]++;
        }
        for (int count : counts) {
            assertEquals(500, count, 60);
        }
    }

    @Test
    @DisplayName("a non-positive length is rejected, naming it")
    void rejectsBadLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FirstSymbolTask.generate(1L, 4, 0));
        assertEquals("FirstSymbolTask.generate: need n > 0 sequences of length T > 0, got n=4, T=0", e.getMessage());
    }
}
