package dlcourse.kernel.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The private channel on which finished MIME bundles travel to the kernel: one JSON object per line,
 * {@code {"kind": "display" | "update", "id": "...", "data": {...}}}, and the cell that the output after it belongs
 * to, {@code {"kind": "origin", "run": "7"}} (see {@link OutputOrigin}). It is a stream of its own beside stdout and
 * stderr, so printing text that looks like a bundle shows only that text.
 */
final class DisplayChannel {
    private static volatile OutputStream channel;

    private DisplayChannel() {
    }

    /** Called once by {@link CellAgent} at start with the stream that leads to the kernel. */
    static void open(OutputStream stream) {
        channel = stream;
    }

    /** Sends a new display with the given id. */
    static void display(String id, MimeBundle bundle) {
        send("display", id, bundle);
    }

    /** Replaces the display that has the given id. */
    static void update(String id, MimeBundle bundle) {
        send("update", id, bundle);
    }

    /** Says that the output after this frame belongs to the cell with this run number; called under its lock. */
    static void sendOrigin(long runId) throws IOException {
        OutputStream out = channel;
        if (out != null) {
            out.write(("{\"kind\":\"origin\",\"run\":\"" + runId + "\"}\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(String kind, String id, MimeBundle bundle) {
        OutputStream out = channel;
        if (out == null) {
            throw new IllegalStateException("display() works only inside a notebook cell run by the dlcourse kernel");
        }
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("kind", kind);
        frame.put("id", id);
        frame.put("data", bundle.data());
        byte[] line = (Json.object(frame) + "\n").getBytes(StandardCharsets.UTF_8);
        // stdout and stderr go first, so that text printed before a display shows above it
        System.out.flush();
        System.err.flush();
        try {
            OutputOrigin.write(() -> {
                out.write(line);
                out.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("the kernel's display channel is closed", e);
        }
    }
}
