package dlcourse.experiment;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What an {@link Experiment} fills while it runs: the seeds it uses, its result rows under named columns, and its
 * progress (a text bar on the console). {@link Experiments} writes the rows to CSV when the run ends.
 */
public final class ExperimentRun {
    private static final int BAR_WIDTH = 30;

    private final PrintStream console;
    private final List<String> columns = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();
    private final List<Long> seeds = new ArrayList<>();
    private final long startNanos = System.nanoTime();

    ExperimentRun(PrintStream console) {
        this.console = console;
    }

    /** Declares the result columns (once, before the first row). */
    public ExperimentRun columns(String... names) {
        if (!columns.isEmpty()) {
            throw new IllegalStateException("columns are already declared: " + columns);
        }
        if (names.length == 0) {
            throw new IllegalArgumentException("an experiment needs at least one column");
        }
        columns.addAll(Arrays.asList(names));
        return this;
    }

    /** Records the seeds the run uses (written to the CSV's header). */
    public ExperimentRun seeds(long... used) {
        for (long s : used) {
            seeds.add(s);
        }
        return this;
    }

    /** Adds one result row: one value per declared column (numbers are written with full precision). */
    public void row(Object... values) {
        if (columns.isEmpty()) {
            throw new IllegalStateException("declare the columns before the first row");
        }
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("a row needs " + columns.size() + " values " + columns + ", got "
                    + values.length);
        }
        List<String> row = new ArrayList<>();
        for (Object v : values) {
            String text = v instanceof Double d ? Double.toString(d) : String.valueOf(v);
            if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
                throw new IllegalArgumentException("value '" + text + "' holds a comma, quote or line break");
            }
            row.add(text);
        }
        rows.add(row);
    }

    /** Shows progress: {@code done} of {@code total} steps of the part named {@code label}. */
    public void progress(String label, int done, int total) {
        int filled = total <= 0 ? BAR_WIDTH : (int) Math.round((double) done / total * BAR_WIDTH);
        double elapsed = seconds();
        console.printf(Locale.ROOT, "\r%-40s [%s%s] %d/%d  %.0f s", label, "#".repeat(filled),
                "-".repeat(BAR_WIDTH - filled), done, total, elapsed);
        if (done >= total) {
            console.println();
        }
        console.flush();
    }

    /** Prints one line of commentary on the console (not into the results). */
    public void say(String line) {
        console.println(line);
    }

    List<String> columns() {
        return columns;
    }

    List<List<String>> rows() {
        return rows;
    }

    List<Long> seeds() {
        return seeds;
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
