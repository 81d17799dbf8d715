package dlcourse.claims;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimLedgerTest {
    @Test
    @DisplayName("measured and not-shown rows are joined in slide order and counted by verdict")
    void joins(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("measured"));
        Files.writeString(dir.resolve("measured/07-dropout.csv"), String.join(",", Ledger.COLUMNS) + "\n"
                + "25,dropout builds redundancy,07-dropout,Redundancy,0.9,holds,\n"
                + "28,\"w = 1 becomes 0.5\",07-dropout,Rule,0.5,holds,\n");
        Files.writeString(dir.resolve("not-shown.csv"), "slide,claim,reason\n2,\"applications include speech, images\","
                + "needs data sets the course does not ship\n");
        List<Ledger.Row> rows = ClaimLedger.read(dir);
        String md = ClaimLedger.markdown(rows);
        assertAll(
                () -> assertEquals(List.of(2, 25, 28), rows.stream().map(Ledger.Row::slide).toList()),
                () -> assertEquals(Verdict.NOT_SHOWN, rows.get(0).verdict()),
                () -> assertEquals(2, ClaimLedger.countByVerdict(rows).get(Verdict.HOLDS)),
                () -> assertEquals(1, ClaimLedger.countByVerdict(rows).get(Verdict.NOT_SHOWN)),
                () -> assertTrue(md.contains("3 claims: 2 holds, 0 holds when, 0 does not hold, 1 not shown here"), md),
                () -> assertTrue(md.contains("| 25 | dropout builds redundancy | `07-dropout`, Redundancy | 0.9 | holds |"), md),
                () -> assertEquals(List.of("slide", "claim", "notebook", "section", "figure measured", "verdict",
                        "when or why"), ClaimLedger.table(rows).columnNames()));
    }

    private static String section(String readme) {
        return readme.substring(readme.indexOf(ClaimLedger.BEGIN), readme.indexOf(ClaimLedger.END));
    }

    @Test
    @DisplayName("a not-shown row without a reason is refused with its line number")
    void reasonRequired(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("not-shown.csv");
        Files.writeString(csv, "slide,claim,reason\n3,some claim,\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ClaimLedger.readNotShown(csv));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    @DisplayName("the README's claim-ledger section is the one generated from claims/ (else: ClaimLedger --write-readme)")
    void readmeIsCurrent() throws Exception {
        Path claims = ClaimLedger.folder();
        String readme = Files.readString(claims.getParent().resolve("README.md"), StandardCharsets.UTF_8);
        String expected = ClaimLedger.withSection(readme, ClaimLedger.markdown(ClaimLedger.read(claims)));
        assertEquals(section(expected), section(readme), "the README's claim ledger is stale; regenerate it from the course folder with"
                + " java -cp 'lib/target/dlcourse-lib.jar:lib/target/jars/*' dlcourse.claims.ClaimLedger --write-readme");
    }
}
