package dlcourse.claims;

import dlcourse.data.CourseFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The whole claim ledger of the course: the rows every notebook measured ({@code claims/measured/*.csv}, written by
 * {@link Ledger}) and the typed list of claims no notebook measures ({@code claims/not-shown.csv}: slide, claim,
 * reason), one row per claim, in slide order. Notebook {@code 12-claims} shows it; the README's claim-ledger section
 * is generated from it ({@code java -cp ... dlcourse.claims.ClaimLedger --write-readme}), and a test fails when that
 * section is stale.
 */
public final class ClaimLedger {
    /** The README's markers around the generated section. */
    public static final String BEGIN = "<!-- claims:begin -->";
    public static final String END = "<!-- claims:end -->";
    /** The notebook shown for claims that no notebook measures. */
    public static final String NONE = "(none)";

    private ClaimLedger() {}

    /** The course's {@code claims/} folder (named by {@value Ledger#ENV}, or found in the working folder or above). */
    public static Path folder() {
        return CourseFolder.find("claims", "not-shown.csv", Ledger.ENV).orElseThrow(() -> new IllegalStateException(
                "no claims/ folder with a not-shown.csv in the working folder or above it; run from inside the course"
                        + " folder or set " + Ledger.ENV));
    }

    /** Every row: the measured ones of all notebooks and the not-shown ones, sorted by slide, then notebook. */
    public static List<Ledger.Row> read(Path claimsFolder) {
        List<Ledger.Row> rows = new ArrayList<>();
        Path measured = claimsFolder.resolve("measured");
        if (Files.isDirectory(measured)) {
            try (Stream<Path> files = Files.list(measured)) {
                for (Path csv : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                    rows.addAll(Ledger.read(csv));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + measured, e);
            }
        }
        rows.addAll(readNotShown(claimsFolder.resolve("not-shown.csv")));
        rows.sort(Comparator.comparingInt(Ledger.Row::slide).thenComparing(Ledger.Row::notebook));
        return rows;
    }

    /** The typed file of claims no notebook measures: columns slide, claim, reason. */
    public static List<Ledger.Row> readNotShown(Path csv) {
        List<Ledger.Row> rows = new ArrayList<>();
        if (!Files.isRegularFile(csv)) {
            return rows;
        }
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).strip().equals("slide,claim,reason")) {
                throw new IllegalStateException(csv + ": the first line must be the header 'slide,claim,reason'");
            }
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                List<String> f = Csv.split(lines.get(i));
                if (f.size() != 3 || f.get(2).isBlank()) {
                    throw new IllegalStateException(csv + " line " + (i + 1) + ": expected slide, claim and a reason"
                            + " (quote fields that hold commas), got " + f.size() + " fields");
                }
                rows.add(new Ledger.Row(Integer.parseInt(f.get(0).strip()), f.get(1), NONE, "", "",
                        Verdict.NOT_SHOWN, f.get(2)));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    /** The ledger as a table with plain column names: slide, claim, notebook, section, figure, verdict, when or why. */
    public static Table table(List<Ledger.Row> rows) {
        IntColumn slide = IntColumn.create("slide");
        StringColumn claim = StringColumn.create("claim");
        StringColumn notebook = StringColumn.create("notebook");
        StringColumn section = StringColumn.create("section");
        StringColumn figure = StringColumn.create("figure measured");
        StringColumn verdict = StringColumn.create("verdict");
        StringColumn condition = StringColumn.create("when or why");
        for (Ledger.Row r : rows) {
            slide.append(r.slide());
            claim.append(r.claim());
            notebook.append(r.notebook());
            section.append(r.section());
            figure.append(r.figure());
            verdict.append(r.verdict().words());
            condition.append(r.condition());
        }
        return Table.create("the claim ledger", slide, claim, notebook, section, figure, verdict, condition);
    }

    /** The number of rows of each verdict, in the order of {@link Verdict}. */
    public static Map<Verdict, Integer> countByVerdict(List<Ledger.Row> rows) {
        Map<Verdict, Integer> counts = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        for (Ledger.Row r : rows) {
            counts.merge(r.verdict(), 1, Integer::sum);
        }
        return counts;
    }

    /** The README section (without the markers): the counts and one Markdown table row per claim. */
    public static String markdown(List<Ledger.Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("Generated from `claims/measured/*.csv` (written by the notebooks when they run) and"
                + " `claims/not-shown.csv`; do not edit by hand. ").append(rows.size()).append(" claims:");
        countByVerdict(rows).forEach((v, n) -> sb.append(' ').append(n).append(' ').append(v.words()).append(','));
        sb.setLength(sb.length() - 1);
        sb.append(".\n\n| Slide | Claim | Notebook, section | Figure measured | Verdict |\n|---|---|---|---|---|\n");
        for (Ledger.Row r : rows) {
            String where = r.notebook().equals(NONE) ? "" : "`" + r.notebook() + "`, " + r.section();
            String verdict = r.verdict().words() + (r.condition().isEmpty() ? "" : ": " + r.condition());
            sb.append("| ").append(r.slide()).append(" | ").append(cell(r.claim())).append(" | ").append(cell(where))
                    .append(" | ").append(cell(r.figure())).append(" | ").append(cell(verdict)).append(" |\n");
        }
        return sb.toString();
    }

    /** {@code readme} with the text between {@link #BEGIN} and {@link #END} replaced by {@code section}. */
    public static String withSection(String readme, String section) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("README.md has no '" + BEGIN + "' ... '" + END + "' section to fill");
        }
        return readme.substring(0, begin + BEGIN.length()) + "\n" + section + readme.substring(end);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** {@code --write-readme}: regenerates the README section; {@code --check}: exit status 1 when it is stale. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !(args[0].equals("--write-readme") || args[0].equals("--check"))) {
            System.err.println("usage: ClaimLedger --write-readme | --check (run from inside the course folder)");
            System.exit(2);
        }
        Path claims = folder();
        Path readme = claims.getParent().resolve("README.md");
        String current = Files.readString(readme, StandardCharsets.UTF_8);
        String updated = withSection(current, markdown(read(claims)));
        if (args[0].equals("--check")) {
            System.out.println(updated.equals(current) ? "README claim ledger is current" : "README claim ledger is stale");
            System.exit(updated.equals(current) ? 0 : 1);
        }
        Files.writeString(readme, updated, StandardCharsets.UTF_8);
        System.out.println("wrote the claim ledger into " + readme);
    }
}
