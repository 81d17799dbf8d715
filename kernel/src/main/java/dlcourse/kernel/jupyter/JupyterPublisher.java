package dlcourse.kernel.jupyter;

import dlcourse.kernel.engine.CellOutput;
import dlcourse.kernel.engine.OutputListener;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;

/**
 * Publishes one cell's outputs on IOPub as they happen. Stream text is gathered briefly (up to
 * {@value #STREAM_DELAY_MILLIS} ms or {@value #STREAM_MAX_CHARS} characters) so that a loop of prints does not
 * become thousands of messages; it always goes out before the next display or error, keeping the cell's order, and
 * {@link #finish} sends what is left when the cell ends, then the reply.
 *
 * <p>It stays in use after the cell ended: a thread that the cell started may print later (while the kernel is idle,
 * or while another cell runs), and that text is published with this cell's parent header, so Jupyter shows it under
 * the cell that started the thread. Every message goes out under one lock shared by all cells, so that a late
 * message never slips between another cell's deferred reply and its status.
 */
final class JupyterPublisher implements OutputListener {
    static final long STREAM_DELAY_MILLIS = 50;
    static final int STREAM_MAX_CHARS = 8192;
    private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stream-flusher");
        t.setDaemon(true);
        return t;
    });

    /** Held while publishing, and by the kernel while it replies to a request. */
    static final Object PUBLISH_LOCK = new Object();

    private final ShellReplyEnvironment env;
    private final int executionCount;
    private final StringBuilder pending = new StringBuilder();
    private String pendingStream;
    private ScheduledFuture<?> scheduledFlush;

    JupyterPublisher(ShellReplyEnvironment env, int executionCount) {
        this.env = env;
        this.executionCount = executionCount;
    }

    @Override
    public synchronized void output(CellOutput output) {
        if (output.type() == CellOutput.Type.STREAM) {
            if (pendingStream != null && !pendingStream.equals(output.streamName())) {
                flushStream();
            }
            pendingStream = output.streamName();
            pending.append(output.text());
            if (pending.length() >= STREAM_MAX_CHARS) {
                flushStream();
            } else if (scheduledFlush == null) {
                scheduledFlush = FLUSHER.schedule(this::flushStreamLater, STREAM_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            }
            return;
        }
        flushStream();
        switch (output.type()) {
            case DISPLAY_DATA:
                DisplayData display = bundle(output.data());
                if (output.displayId() != null) {
                    display.setDisplayId(output.displayId());
                }
                publish(new PublishDisplayData(display));
                break;
            case EXECUTE_RESULT:
                publish(new PublishExecuteResult(executionCount, bundle(output.data())));
                break;
            case ERROR:
                publish(new PublishError(output.ename(), output.evalue(), output.traceback()));
                break;
            default:
                throw new AssertionError(output.type());
        }
    }

    @Override
    public synchronized void updateDisplay(String displayId, Map<String, String> data) {
        flushStream();
        DisplayData update = bundle(data);
        update.setDisplayId(displayId);
        publish(new PublishUpdateDisplayData(update));
    }

    /** Sends the stream text still gathered, then the reply; call when the cell has ended. */
    synchronized void finish(Runnable reply) {
        flushStream();
        synchronized (PUBLISH_LOCK) {
            reply.run();
        }
    }

    private synchronized void flushStreamLater() {
        scheduledFlush = null;
        flushStream();
    }

    private void flushStream() {
        if (scheduledFlush != null) {
            scheduledFlush.cancel(false);
            scheduledFlush = null;
        }
        if (pending.length() > 0) {
            PublishStream.StreamType type = "stderr".equals(pendingStream)
                    ? PublishStream.StreamType.ERR : PublishStream.StreamType.OUT;
            publish(new PublishStream(type, pending.toString()));
            pending.setLength(0);
        }
        pendingStream = null;
    }

    private <T extends ContentType<T>> void publish(T content) {
        synchronized (PUBLISH_LOCK) {
            env.publish(content);
        }
    }

    private static DisplayData bundle(Map<String, String> data) {
        DisplayData display = new DisplayData();
        data.forEach(display::putData);
        return display;
    }
}
