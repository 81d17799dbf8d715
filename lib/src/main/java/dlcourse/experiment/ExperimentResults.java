package dlcourse.experiment;

import dlcourse.data.CourseFolder;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The committed results of a full-scale run: the rows as a table and the header lines (experiment, date, machine,
 * java, seeds, duration_s) as a map. A notebook plots them beside its own quick run:
 * <pre>
 * ExperimentResults full = ExperimentResults.read("dropout-vs-training-size");
 * full.table();   // the rows
 * full.about();   // "full run of 2026-12-05 on Linux amd64, 2 cores, 412 s"
 * </pre>
 */
public record ExperimentResults(String name, Map<String, String> header, Table table) {
    /** The environment variable that names the course's {@code experiments/} folder explicitly. */
    public static final String ENV = "DLCOURSE_EXPERIMENTS";

    /** Reads {@code experiments/results/NAME.csv} from the course folder. */
    public static ExperimentResults read(String name) {
        Path dir = CourseFolder.find("experiments", "results", ENV).orElseThrow(() -> new IllegalStateException(
                "no experiments/ folder in the working folder or above it; run from inside the course folder or set "
                        + ENV));
        return read(dir.resolve("results").resolve(name + ".csv"));
    }

    /** Reads one results file written by {@link Experiments}. */
    public static ExperimentResults read(Path csv) {
        if (!Files.isRegularFile(csv)) {
            throw new IllegalStateException("no results file " + csv + "; run ./course experiment "
                    + stem(csv) + " to make it");
        }
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            Map<String, String> header = new LinkedHashMap<>();
            StringBuilder body = new StringBuilder();
            for (String line : lines) {
                if (line.startsWith("#")) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        header.put(line.substring(1, colon).strip(), line.substring(colon + 1).strip());
                    }
                } else if (!line.isBlank()) {
                    body.append(line).append('\n');
                }
            }
            Table table = Table.read().usingOptions(CsvReadOptions.builder(new StringReader(body.toString()))
                    .tableName(stem(csv)));
            return new ExperimentResults(stem(csv), header, table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    /** One line that says where the numbers come from. */
    public String about() {
        return "full run of " + header.getOrDefault("date", "?") + " on " + header.getOrDefault("machine", "?")
                + ", " + header.getOrDefault("duration_s", "?") + " s, seeds " + header.getOrDefault("seeds", "?");
    }

    private static String stem(Path csv) {
        String f = csv.getFileName().toString();
        return f.endsWith(".csv") ? f.substring(0, f.length() - 4) : f;
    }
}
