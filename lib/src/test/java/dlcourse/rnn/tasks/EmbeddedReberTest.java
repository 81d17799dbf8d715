package dlcourse.rnn.tasks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmbeddedReberTest {
    @ParameterizedTest(name = "\"{0}\" is a Reber string: {1}")
    @DisplayName("the grammar accepts the textbook's strings and rejects broken ones")
    @CsvSource({
            "BTSSXXTVVE, true",
            "BPVVE,      true",
            "BTXSE,      true",
            "BPTVPSE,    true",
            "BTSSXSE,    true",
            "BTSSXXTVE,  false",
            "BPVE,       false",
            "BTXE,       false",
            "TSXSE,      false"})
    void reberStrings(String s, boolean valid) {
        assertEquals(valid, EmbeddedReber.isReber(s));
    }

    @Test
    @DisplayName("generated strings are valid embedded Reber strings, repeat for a seed, and use both branches")
    void generated() {
        List<String> strings = EmbeddedReber.generate(5, 200);
        assertAll(
                () -> assertTrue(strings.stream().allMatch(EmbeddedReber::isEmbeddedReber)),
                () -> assertEquals(strings, EmbeddedReber.generate(5, 200)),
                () -> assertTrue(strings.stream().anyMatch(s -> s.startsWith("BT"))),
                () -> assertTrue(strings.stream().anyMatch(s -> s.startsWith("BP"))),
                () -> assertFalse(EmbeddedReber.isEmbeddedReber("BTBPVVEPE")),
                () -> assertTrue(EmbeddedReber.isEmbeddedReber("BPBPVVEPE")));
    }

    @Test
    @DisplayName("the allowed next symbols always contain the real next symbol; the second-to-last is forced")
    void allowedNext() {
        for (String s : EmbeddedReber.generate(6, 100)) {
            List<Set<Character>> allowed = EmbeddedReber.allowedNext(s);
            assertEquals(s.length() - 1, allowed.size(), s);
            for (int k = 0; k < allowed.size(); k++) {
                assertTrue(allowed.get(k).contains(s.charAt(k + 1)), s + " at " + k + ": " + allowed.get(k));
            }
            assertEquals(Set.of(s.charAt(1)), allowed.get(s.length() - 3), s);
        }
        assertEquals(List.of(Set.of('T', 'P'), Set.of('B'), Set.of('T', 'P'), Set.of('T', 'V'), Set.of('V', 'P'),
                        Set.of('E'), Set.of('P'), Set.of('E')),
                EmbeddedReber.allowedNext("BPBPVVEPE"));
        assertThrows(IllegalArgumentException.class, () -> EmbeddedReber.allowedNext("BTBPVVEPE"));
    }

    @Test
    @DisplayName("one-hot steps are [1, 7] in the order BTPSXVE; unknown symbols are named")
    void oneHot() {
        List<Tensor> steps = EmbeddedReber.oneHot("BPE");
        assertAll(
                () -> assertEquals(Tensor.of(new double[][] {{0, 0, 1, 0, 0, 0, 0}}), steps.get(1)),
                () -> assertEquals(1.0, steps.get(2).get(0, 6)),
                () -> assertTrue(assertThrows(IllegalArgumentException.class, () -> EmbeddedReber.oneHot("BQE"))
                        .getMessage().contains("'Q' at position 1")));
    }

    @Test
    @DisplayName("the branch batch: strings cut before the repeat, front-padded, labelled by their second symbol")
    void branchBatch() {
        SequenceBatch batch = EmbeddedReber.branchBatch(new Random(7), 16);
        int steps = batch.length();
        assertEquals(EmbeddedReber.MAX_LENGTH - 2, steps, "every batch has the same fixed length");
        assertEquals(steps, EmbeddedReber.branchBatch(new Random(8), 3).length(), "a small batch is as long");
        int[] labels = batch.labels();
        for (int e = 0; e < 16; e++) {
            int first = 0;
            while (batch.xs().get(first).row(e).sum() == 0) {
                first++;
            }
            int example = e;
            int start = first;
            assertAll(
                    () -> assertEquals(1.0, batch.xs().get(start).get(example, 0), "starts with B"),
                    () -> assertEquals(1.0, batch.xs().get(start + 1).get(example, labels[example] == 0 ? 1 : 2),
                            "second symbol is T for label 0, P for label 1"),
                    () -> assertEquals(1.0, batch.xs().get(steps - 1).get(example, 6), "ends with the inner E"),
                    () -> assertTrue(steps - start >= EmbeddedReber.MIN_LENGTH - 2, "at least 28 symbols"));
        }
    }

    @Test
    @DisplayName("strings of a length range are embedded Reber strings of that length; a range below 9 is refused")
    void lengthRange() {
        Random rng = new Random(3);
        for (int k = 0; k < 50; k++) {
            String s = EmbeddedReber.generate(rng, 30, 50);
            assertTrue(EmbeddedReber.isEmbeddedReber(s) && s.length() >= 30 && s.length() <= 50, s);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmbeddedReber.generate(rng, 3, 8))
                .getMessage().contains("maxLength >= 9"));
    }
}
