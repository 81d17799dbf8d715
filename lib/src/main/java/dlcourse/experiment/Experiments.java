package dlcourse.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The registry of full-scale companion runs and their command line:
 * {@code Experiments list} and {@code Experiments NAME [--out FOLDER]} (what {@code ./course experiment} calls).
 */
public final class Experiments {
    private Experiments() {}

    /**
     * Every experiment: those of each lecture part's {@link ExperimentCatalog}, in the order the catalogs are listed
     * in {@code META-INF/services/dlcourse.experiment.ExperimentCatalog}.
     */
    public static List<Experiment> all() {
        List<Experiment> all = new ArrayList<>();
        for (ExperimentCatalog catalog : ServiceLoader.load(ExperimentCatalog.class, Experiments.class.getClassLoader())) {
            all.addAll(catalog.experiments());
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("Experiments.all: no ExperimentCatalog found on the class path; the"
                    + " library's jar lists them in META-INF/services/dlcourse.experiment.ExperimentCatalog (rebuild it"
                    + " with ./course build)");
        }
        return List.copyOf(all);
    }

    /** The experiment called {@code name}. */
    public static Optional<Experiment> named(String name) {
        return all().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * Runs {@code experiment} and writes {@code NAME.csv} into {@code folder} (atomically, so a run that fails
     * leaves the committed file as it was). Returns the file.
     */
    public static Path run(Experiment experiment, Path folder, PrintStream console) throws Exception {
        ExperimentRun run = new ExperimentRun(console);
        console.println("experiment " + experiment.name() + ": " + experiment.description());
        experiment.run(run);
        if (run.rows().isEmpty()) {
            throw new IllegalStateException("experiment " + experiment.name() + " produced no rows");
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# experiment: ").append(experiment.name()).append('\n');
        sb.append("# description: ").append(experiment.description()).append('\n');
        sb.append("# date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        sb.append("# machine: ").append(machine()).append('\n');
        sb.append("# java: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append('\n');
        sb.append("# seeds: ").append(run.seeds().stream().map(String::valueOf).collect(Collectors.joining(" ")))
                .append('\n');
        sb.append("# duration_s: ").append(String.format(Locale.ROOT, "%.1f", run.seconds())).append('\n');
        sb.append(String.join(",", run.columns())).append('\n');
        for (List<String> row : run.rows()) {
            sb.append(String.join(",", row)).append('\n');
        }
        Files.createDirectories(folder);
        Path target = folder.resolve(experiment.name() + ".csv");
        Path tmp = Files.createTempFile(folder, "." + experiment.name(), ".tmp");
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        console.printf(Locale.ROOT, "wrote %s (%d rows, %.1f s)%n", target, run.rows().size(), run.seconds());
        return target;
    }

    /** {@code list}, or {@code NAME [--out FOLDER]}; exit status 2 for a bad argument. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("list")) {
            System.out.println("experiments (./course experiment NAME):");
            for (Experiment e : all()) {
                System.out.printf("  %-32s %s%n", e.name(), e.description());
            }
            return;
        }
        Optional<Experiment> experiment = named(args[0]);
        if (experiment.isEmpty()) {
            System.err.println("experiment: no experiment named '" + args[0] + "'; known: "
                    + all().stream().map(Experiment::name).collect(Collectors.joining(", ")));
            System.exit(2);
        }
        Path out = Path.of("experiments", "results");
        if (args.length == 3 && args[1].equals("--out")) {
            out = Path.of(args[2]);
        } else if (args.length != 1) {
            System.err.println("experiment: usage: NAME [--out FOLDER]");
            System.exit(2);
        }
        run(experiment.get(), out, System.out);
    }

    private static String machine() {
        String cpu = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> ", " + l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            // not Linux: the OS and the core count say enough
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores" + cpu;
    }
}
