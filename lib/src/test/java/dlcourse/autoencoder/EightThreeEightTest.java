package dlcourse.autoencoder;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class EightThreeEightTest {
    private final Autoencoder ae = EightThreeEight.train(0);

    @Test
    @DisplayName("the rounded hidden values of the eight inputs are eight distinct 3-bit codes")
    void distinctCodes() {
        List<String> codes = EightThreeEight.codes(ae);
        assertAll(
                () -> assertEquals(8, codes.size()),
                () -> assertEquals(8, new HashSet<>(codes).size(), "codes " + codes),
                () -> assertTrue(codes.stream().allMatch(c -> c.matches("[01]{3}")), "codes " + codes));
    }

    @Test
    @DisplayName("the table has the lecture's columns and every output reproduces its input")
    void table() {
        Table table = EightThreeEight.hiddenValueTable(ae);
        assertAll(
                () -> assertEquals(List.of("input", "h1", "h2", "h3", "code", "output"), table.columnNames()),
                () -> assertEquals(8, table.rowCount()),
                () -> assertEquals("00100000", table.stringColumn("input").get(2)),
                () -> assertEquals(table.stringColumn("input").asList(), table.stringColumn("output").asList()),
                () -> assertTrue(table.doubleColumn("h1").max() <= 1 && table.doubleColumn("h1").min() >= 0));
    }

    @Test
    @DisplayName("most seeds find a binary code, not just the one the notebook uses")
    void mostSeeds() {
        int found = 0;
        for (long seed = 1; seed <= 6; seed++) {
            if (new HashSet<>(EightThreeEight.codes(EightThreeEight.train(seed))).size() == 8) {
                found++;
            }
        }
        assertTrue(found >= 4, found + " of 6 seeds gave 8 distinct codes");
    }
}
