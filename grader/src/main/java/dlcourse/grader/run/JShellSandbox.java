package dlcourse.grader.run;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * An execution JVM driven through the JDK's JShell API with remote execution: the cells' code runs in a
 * separate JVM that JShell launches (with the heap cap and working directory of the options), compiled in
 * this process. A cell that runs past the time limit is stopped ({@link JShell#stop()}); if it does not stop
 * within a grace period the JVM is killed and the cell counts as {@link CellOutcome.Status#DIED}.
 *
 * <p>This is the grader's own engine, equal in what it does to the kernel's execution session for the
 * grader's needs (cells in, outcomes out).
 */
public final class JShellSandbox implements Sandbox {
    private static final int OUTPUT_LIMIT = 64 * 1024;
    private static final long GRACE_MILLIS = 3000;
    private static final ScheduledExecutorService WATCHDOG = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "sandbox-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final SandboxOptions options;
    private final JShell shell;
    private final BoundedOutput output = new BoundedOutput();
    private volatile boolean dead;
    private volatile boolean stopRequested;

    private JShellSandbox(SandboxOptions options) {
        this.options = options;
        PrintStream printed = new PrintStream(output, true, StandardCharsets.UTF_8);
        List<String> vmOptions = new ArrayList<>(List.of(
                "-Xmx" + options.heapMb() + "m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Duser.dir=" + options.workDir().toAbsolutePath()));
        this.shell = JShell.builder()
                .out(printed).err(printed)
                .in(new ByteArrayInputStream(new byte[0]))
                .executionEngine("jdi:launch(true)")
                .remoteVMOptions(vmOptions.toArray(String[]::new))
                .build();
        shell.onShutdown(s -> dead = true);
        for (Path entry : options.classpath()) {
            shell.addToClasspath(entry.toAbsolutePath().toString());
        }
        // Start the remote JVM and warm the compiler now, so that it does not count against the first cell's time.
        shell.eval("\"ready\"");
    }

    /** Starts one execution JVM. */
    public static JShellSandbox start(SandboxOptions options) {
        return new JShellSandbox(options);
    }

    /** The factory the grader uses by default. */
    public static Sandbox.Factory factory() {
        return JShellSandbox::start;
    }

    @Override
    public boolean alive() {
        return !dead;
    }

    @Override
    public CellOutcome execute(String cellSource) {
        long start = System.nanoTime();
        output.reset();
        if (dead) {
            return outcome(CellOutcome.Status.DIED, "the execution JVM had already ended", start);
        }
        StringBuilder code = new StringBuilder();
        for (String line : cellSource.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("%")) {
                String problem = magic(trimmed);
                if (problem != null) {
                    return outcome(CellOutcome.Status.ERRORED, problem, start);
                }
                code.append('\n'); // keep line numbers
            } else {
                code.append(line).append('\n');
            }
        }
        String remaining = code.toString();
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info;
            try {
                info = analysis.analyzeCompletion(remaining);
            } catch (IllegalStateException e) {
                return outcome(CellOutcome.Status.DIED, "the execution JVM ended", start);
            }
            String snippet;
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break; // only comments and blanks are left
            }
            if (info.completeness().isComplete()) {
                snippet = info.source();
                remaining = info.remaining();
            } else {
                snippet = remaining;
                remaining = "";
            }
            if (snippet == null || snippet.isBlank()) {
                continue;
            }
            CellOutcome failed = evaluate(snippet, start);
            if (failed != null) {
                return failed;
            }
        }
        // A cell that called System.exit returns as if it completed: JShell has closed itself by then.
        if (dead) {
            return outcome(CellOutcome.Status.DIED, "the execution JVM ended during this cell (System.exit, Runtime.halt"
                    + " or a crash); hint: do not end the JVM, return or throw instead", start);
        }
        return outcome(CellOutcome.Status.COMPLETED, null, start);
    }

    /** Evaluates one snippet; null if it completed, else the outcome of the cell. */
    private CellOutcome evaluate(String snippet, long start) {
        stopRequested = false;
        long limit = options.cellTimeout().toMillis() - (System.nanoTime() - start) / 1_000_000;
        if (limit <= 0) {
            return timedOut(start);
        }
        ScheduledFuture<?> stop = WATCHDOG.schedule(() -> {
            stopRequested = true;
            shell.stop();
        }, limit, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> kill = WATCHDOG.schedule(() -> {
            dead = true;
            shell.close();
        }, limit + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        List<SnippetEvent> events;
        try {
            events = shell.eval(snippet);
        } catch (IllegalStateException e) {
            dead = true;
            events = List.of();
        } finally {
            stop.cancel(false);
            kill.cancel(false);
        }
        if (dead) {
            if (stopRequested) {
                return outcome(CellOutcome.Status.DIED, "still running after the time limit of "
                        + options.cellTimeout().toSeconds() + " s and could not be stopped, so its JVM was ended;"
                        + " hint: look for a loop that never ends", start);
            }
            return outcome(CellOutcome.Status.DIED, "the execution JVM ended during this cell (System.exit, Runtime.halt"
                    + " or a crash); hint: do not end the JVM, return or throw instead", start);
        }
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            Snippet s = event.snippet();
            if (event.status() == Snippet.Status.REJECTED) {
                String diagnostics = shell.diagnostics(s).map(d -> describe(d, s)).collect(Collectors.joining("; "));
                return outcome(CellOutcome.Status.ERRORED, "does not compile: " + diagnostics, start);
            }
            if (event.exception() != null) {
                if (stopRequested) {
                    return timedOut(start);
                }
                return outcome(CellOutcome.Status.ERRORED, describe(event.exception()), start);
            }
        }
        if (stopRequested) {
            return timedOut(start);
        }
        return null;
    }

    private CellOutcome timedOut(long start) {
        return outcome(CellOutcome.Status.TIMED_OUT, "still running after the time limit of "
                + options.cellTimeout().toSeconds() + " s, so it was stopped; hint: look for a loop that never ends"
                + " or work that grows too fast", start);
    }

    private static String describe(Diag d, Snippet s) {
        String message = d.getMessage(java.util.Locale.ROOT).replace('\n', ' ');
        String source = s.source();
        long position = d.getStartPosition();
        if (position >= 0 && position <= source.length()) {
            int lineStart = source.lastIndexOf('\n', (int) Math.max(0, position - 1)) + 1;
            int lineEnd = source.indexOf('\n', (int) position);
            String line = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd).strip();
            return message + " (in: " + line + ")";
        }
        return message;
    }

    private static String describe(Throwable t) {
        if (t instanceof UnresolvedReferenceException u) {
            return "uses '" + u.getSnippet().toString().replaceAll("\\s+", " ") + "', which cannot run because it refers"
                    + " to something that is not defined";
        }
        String className = t instanceof EvalException e ? e.getExceptionClassName() : t.getClass().getName();
        String message = t.getMessage();
        StringBuilder text = new StringBuilder(className);
        if (message != null && !message.isBlank()) {
            text.append(": ").append(message.strip());
        }
        Throwable cause = t.getCause();
        int depth = 0;
        while (cause != null && depth++ < 3) {
            String name = cause instanceof EvalException e ? e.getExceptionClassName() : cause.getClass().getName();
            text.append("\n  caused by ").append(name);
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage().strip());
            }
            cause = cause.getCause();
        }
        return text.toString();
    }

    /** Handles {@code %jars} / {@code %classpath}; returns a problem, or null if done. */
    private String magic(String line) {
        String[] words = line.split("\\s+");
        String name = words[0];
        if (!name.equals("%jars") && !name.equals("%classpath")) {
            return "the magic " + name + " cannot be used when grading; only %jars and %classpath in setup cells";
        }
        for (int i = 1; i < words.length; i++) {
            List<Path> matches = resolve(words[i]);
            if (matches.isEmpty()) {
                return name + " " + words[i] + ": no such file (resolved against " + options.magicBase() + ")";
            }
            for (Path match : matches) {
                shell.addToClasspath(match.toAbsolutePath().toString());
            }
        }
        return null;
    }

    private List<Path> resolve(String pattern) {
        Path path = options.magicBase().resolve(pattern).normalize();
        String file = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!file.contains("*")) {
            return Files.exists(path) ? List.of(path) : List.of();
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path.getParent(), file)) {
            stream.forEach(matches::add);
        } catch (IOException e) {
            return List.of();
        }
        matches.sort(null);
        return matches;
    }

    private CellOutcome outcome(CellOutcome.Status status, String message, long start) {
        return new CellOutcome(status, message, output.text(), (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void close() {
        dead = true;
        try {
            shell.close();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }

    /** Keeps the first OUTPUT_LIMIT bytes a cell prints. */
    private static final class BoundedOutput extends OutputStream {
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private boolean truncated;

        @Override
        public synchronized void write(int b) {
            if (kept.size() < OUTPUT_LIMIT) {
                kept.write(b);
            } else {
                truncated = true;
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = OUTPUT_LIMIT - kept.size();
            if (len > room) {
                truncated = true;
            }
            kept.write(b, off, Math.max(0, Math.min(room, len)));
        }

        synchronized void reset() {
            kept.reset();
            truncated = false;
        }

        synchronized String text() {
            String text = kept.toString(StandardCharsets.UTF_8);
            return truncated ? text + "\n[... output cut at " + OUTPUT_LIMIT / 1024 + " KiB]" : text;
        }
    }
}
