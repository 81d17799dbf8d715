package dlcourse.kernel.runner;

import dlcourse.kernel.engine.CellResult;
import dlcourse.kernel.engine.ExecutionOptions;
import dlcourse.kernel.engine.KernelEnvironment;
import dlcourse.kernel.notebook.NotebookFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code ./course run NOTEBOOK.ipynb [--out FILE] [--timeout S] [--allow-errors]}: executes a notebook headless and
 * writes it with outputs (by default beside it, as {@code NAME.executed.ipynb}).
 * Exit codes: 0 every cell completed; 1 a cell errored or timed out (unless {@code --allow-errors}); 2 bad usage,
 * or the file is not a notebook. JJava's environment variables ({@code JJAVA_JVM_OPTS} ...) apply.
 */
public final class RunNotebookCli {
    static final String USAGE = "usage: ./course run NOTEBOOK.ipynb [--out FILE] [--timeout SECONDS] [--allow-errors]";

    private RunNotebookCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path notebook = null;
        Path output = null;
        Duration timeout = null;
        boolean allowErrors = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--out":
                    if (i + 1 >= args.length) {
                        return usage(err, "--out needs a file name");
                    }
                    output = Path.of(args[++i]);
                    break;
                case "--timeout":
                    if (i + 1 >= args.length) {
                        return usage(err, "--timeout needs a number of seconds");
                    }
                    try {
                        double seconds = Double.parseDouble(args[++i]);
                        if (!(seconds > 0)) {
                            return usage(err, "--timeout must be a positive number of seconds, not " + args[i]);
                        }
                        timeout = Duration.ofMillis(Math.round(seconds * 1000));
                    } catch (NumberFormatException e) {
                        return usage(err, "--timeout must be a number of seconds, not '" + args[i] + "'");
                    }
                    break;
                case "--allow-errors":
                    allowErrors = true;
                    break;
                case "-h":
                case "--help":
                    out.println(USAGE);
                    return 0;
                default:
                    if (arg.startsWith("-")) {
                        return usage(err, "unknown option " + arg);
                    }
                    if (notebook != null) {
                        return usage(err, "one notebook at a time (got " + notebook + " and " + arg + ")");
                    }
                    notebook = Path.of(arg);
            }
        }
        if (notebook == null) {
            return usage(err, "which notebook? name an .ipynb file");
        }
        if (java.nio.file.Files.isDirectory(notebook)) {
            return usage(err, notebook + " is a folder; name one .ipynb file in it");
        }
        if (!java.nio.file.Files.exists(notebook)) {
            return usage(err, notebook + ": no such file");
        }
        if (output == null) {
            String name = notebook.getFileName().toString();
            String base = name.endsWith(".ipynb") ? name.substring(0, name.length() - ".ipynb".length()) : name;
            output = notebook.resolveSibling(base + ".executed.ipynb");
        }
        ExecutionOptions options;
        try {
            options = KernelEnvironment.options(System.getenv(), Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        if (timeout != null) {
            options = options.toBuilder().cellTimeout(timeout).build();
        }
        NotebookRunner runner = new NotebookRunner(options, allowErrors).onCell((index, result) ->
                err.printf(Locale.ROOT, "cell %d: %s (%.2f s)%n", index + 1, describe(result), result.elapsed().toMillis() / 1000.0));
        NotebookResult result;
        try {
            result = runner.run(notebook);
        } catch (NotebookFormatException e) {
            err.println("course run: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("course run: " + notebook + ": " + e.getMessage());
            return 2;
        }
        try {
            result.write(output);
        } catch (IOException e) {
            err.println("course run: could not write " + output + ": " + e.getMessage());
            return 2;
        }
        out.println("wrote " + output);
        if (result.failed() && !allowErrors) {
            int cell = result.firstFailedCell().getAsInt();
            err.println("course run: cell " + (cell + 1) + " of " + notebook + " failed; the cells after it did not run"
                    + " (--allow-errors runs them all)");
            return 1;
        }
        return result.failed() && !allowErrors ? 1 : 0;
    }

    private static String describe(CellResult result) {
        return result.error().map(e -> result.status().name().toLowerCase(Locale.ROOT) + ": " + e.ename() + ": " + e.evalue())
                .orElse(result.status().name().toLowerCase(Locale.ROOT));
    }

    private static int usage(PrintStream err, String problem) {
        err.println("course run: " + problem);
        err.println(USAGE);
        return 2;
    }
}
