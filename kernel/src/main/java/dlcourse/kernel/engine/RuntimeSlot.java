package dlcourse.kernel.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * Holds a session's current {@link JShellRuntime}: starts it in the background, hands it out when it is ready, and
 * starts a fresh one (with the whole class path and the startup script) when its execution JVM dies or fails to
 * start.
 */
final class RuntimeSlot {
    private final ExecutionOptions options;
    private final ExecutionOutputs outputs;
    private final UserInput input;
    private final List<Path> classpath;
    private final Runnable onReplace;
    private volatile CompletableFuture<JShellRuntime> current;
    private volatile boolean closed;
    private StateLoss unannounced;

    /**
     * @param classpath the session's class path, read each time a runtime starts
     * @param onReplace called when a dead runtime is replaced (the session forgets its snippets)
     */
    RuntimeSlot(ExecutionOptions options, ExecutionOutputs outputs, UserInput input, List<Path> classpath,
                Runnable onReplace) {
        this.options = options;
        this.outputs = outputs;
        this.input = input;
        this.classpath = classpath;
        this.onReplace = onReplace;
        this.current = startAsync();
    }

    /** The runtime if it is ready now, else null. */
    JShellRuntime ready() {
        CompletableFuture<JShellRuntime> now = current;
        if (!now.isDone() || now.isCompletedExceptionally()) {
            return null;
        }
        return now.join();
    }

    /**
     * Waits for a live runtime. If it could not start, a new attempt begins in the background and this throws.
     *
     * @throws IOException why the execution JVM could not start
     */
    JShellRuntime await() throws IOException, InterruptedException {
        try {
            JShellRuntime rt = current.get();
            if (rt.isDead()) {
                replaceBetweenCells(rt);
                rt = current.get();
            }
            return rt;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
            if (!closed) {
                current = startAsync();
            }
            throw cause instanceof IOException ? (IOException) cause : new IOException(String.valueOf(cause), cause);
        }
    }

    /** Waits for the starting runtime; null if it failed (the next one starts with the whole class path). */
    JShellRuntime awaitQuietly() {
        try {
            return current.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Closes a runtime that died or must end (while a cell ran) and starts a fresh one in the background.
     *
     * @return what its state held, for the cell's error
     */
    synchronized StateLoss replace(JShellRuntime dead) {
        StateLoss loss = new StateLoss(dead.isDead() ? dead.exitStatus() : -1, dead.lostState());
        dead.close();
        onReplace.run();
        if (!closed) {
            current = startAsync();
        }
        return loss;
    }

    /**
     * Replaces a runtime whose JVM died while no cell ran; the loss is kept for {@link #takeUnannounced()}.
     *
     * @return what its state held
     */
    synchronized StateLoss replaceBetweenCells(JShellRuntime dead) {
        if (ready() != dead) {
            return null; // replaced already
        }
        unannounced = replace(dead);
        return unannounced;
    }

    /** The loss of a JVM that died between cells, if no cell has told the user of it yet; clears it. */
    synchronized StateLoss takeUnannounced() {
        StateLoss loss = unannounced;
        unannounced = null;
        return loss;
    }

    void close() {
        closed = true;
        current.thenAccept(JShellRuntime::close);
    }

    private CompletableFuture<JShellRuntime> startAsync() {
        List<Path> startClasspath = new ArrayList<>(classpath);
        outputs.reset();
        return CompletableFuture.supplyAsync(() -> {
            try {
                JShellRuntime rt = JShellRuntime.start(options, outputs, input, startClasspath);
                if (!options.startupScript().isBlank()) {
                    runStartupScript(rt);
                }
                return rt;
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    private void runStartupScript(JShellRuntime rt) {
        for (SnippetSplitter.Piece piece : SnippetSplitter.split(options.startupScript(), rt.jshell.sourceCodeAnalysis())) {
            for (SnippetEvent event : rt.jshell.eval(piece.source())) {
                if (event.causeSnippet() == null && (event.exception() != null || event.status() == Snippet.Status.REJECTED)) {
                    System.err.println("dlcourse kernel: the startup script (JJAVA_STARTUP_SCRIPT) failed at: "
                            + piece.source().strip());
                }
            }
        }
    }
}
