package dlcourse.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
    @Test
    @DisplayName("a row written with commas and quotes reads back the same")
    void roundTrip(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("07-dropout.csv");
        String line = Csv.join(List.of("25", "dropout, \"thinned\" networks", "07-dropout", "Sweep", "0.91",
                "holds when", "N >= 2,000"));
        Files.writeString(csv, String.join(",", Ledger.COLUMNS) + "\n" + line + "\n");
        List<Ledger.Row> rows = Ledger.read(csv);
        assertEquals(1, rows.size());
        assertEquals("dropout, \"thinned\" networks", rows.get(0).claim());
        assertEquals(Verdict.HOLDS_WHEN, rows.get(0).verdict());
        assertEquals("N >= 2,000", rows.get(0).condition());
    }

    @Test
    @DisplayName("a verdict other than 'holds' needs a condition")
    void conditionRequired() {
        Ledger ledger = Ledger.forNotebook("99-test-only");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ledger.record(3, "claim", "section", "1.0", Verdict.HOLDS_WHEN, " "));
        assertTrue(e.getMessage().contains("needs a condition"), e.getMessage());
    }

    @Test
    @DisplayName("a notebook name that is not NN-topic is refused with an example")
    void badName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ledger.forNotebook("dropout.ipynb"));
        assertTrue(e.getMessage().contains("07-dropout"), e.getMessage());
    }

    @Test
    @DisplayName("a file with a missing field names the line and the columns")
    void malformed(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("x.csv");
        Files.writeString(csv, String.join(",", Ledger.COLUMNS) + "\n25,only,three\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Ledger.read(csv));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
