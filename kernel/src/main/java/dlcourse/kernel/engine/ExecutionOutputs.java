package dlcourse.kernel.engine;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel's ends of the execution JVM's output streams. Text on {@code out} and {@code err} and bundles on the
 * {@code display} channel all arrive on JShell's one demultiplexing thread, in the order they were written. Origin
 * frames on the display channel say which cell (by run number) the output after them belongs to; the
 * {@link Router} gives the listener of that cell.
 */
final class ExecutionOutputs {
    /** Finds where the output of a cell goes, by the cell's run number (0 before any cell). */
    @FunctionalInterface
    interface Router {
        OutputListener listenerFor(long runId);
    }

    private volatile Router router = runId -> OutputListener.NONE;
    private volatile long origin;
    private final OutputStream stdout = new TextStream("stdout");
    private final OutputStream stderr = new TextStream("stderr");
    private final OutputStream display = new DisplayStream();

    void router(Router newRouter) {
        router = newRouter;
    }

    /** A new execution JVM starts: its output has no origin until it says so. */
    void reset() {
        origin = 0;
    }

    private OutputListener listener() {
        return router.listenerFor(origin);
    }

    OutputStream stdout() {
        return stdout;
    }

    OutputStream stderr() {
        return stderr;
    }

    OutputStream display() {
        return display;
    }

    /** Decodes UTF-8 (a character may be split across packets) and passes each chunk on. */
    private final class TextStream extends OutputStream {
        private final String name;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private ByteBuffer pending = ByteBuffer.allocate(0);

        TextStream(String name) {
            this.name = name;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            ByteBuffer in = ByteBuffer.allocate(pending.remaining() + len);
            in.put(pending).put(b, off, len).flip();
            CharBuffer chars = CharBuffer.allocate(in.remaining() + 1);
            decoder.decode(in, chars, false);
            pending = in.slice();
            chars.flip();
            if (chars.hasRemaining()) {
                listener().output(CellOutput.stream(name, chars.toString()));
            }
        }
    }

    /** Collects one JSON frame per line and turns it into a display or an update. */
    private final class DisplayStream extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                frame(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        private void frame(String json) {
            try {
                JsonObject frame = JsonParser.parseString(json).getAsJsonObject();
                if ("origin".equals(frame.get("kind").getAsString())) {
                    origin = Long.parseLong(frame.get("run").getAsString());
                    return;
                }
                String id = frame.get("id").getAsString();
                Map<String, String> data = new LinkedHashMap<>();
                frame.getAsJsonObject("data").entrySet().forEach(e -> data.put(e.getKey(), e.getValue().getAsString()));
                if ("update".equals(frame.get("kind").getAsString())) {
                    listener().updateDisplay(id, data);
                } else {
                    listener().output(CellOutput.displayData(data, id));
                }
            } catch (RuntimeException e) {
                listener().output(CellOutput.stream("stderr", "(a display from the cell was malformed and is not shown: "
                        + e.getMessage() + ")\n"));
            }
        }
    }
}
