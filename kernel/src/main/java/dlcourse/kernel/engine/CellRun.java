package dlcourse.kernel.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outputs of one cell as they arrive: consecutive stream text merged (in a growing buffer, so printing costs time
 * linear in its length), displays updated in place, stream text capped at the session's output limit with one note,
 * how the cell ended, and whether a stop was asked for.
 *
 * <p>Output that arrives after the cell ended (a thread the cell started, printing while the kernel is idle or while
 * a later cell runs) is not added to the finished result; it goes to the live listener's
 * {@link OutputListener#lateOutput}, under the same cap.
 */
final class CellRun implements OutputListener {
    final int cellNumber;
    /** The session's number for this run, unique in the session; the agent tags output with it. */
    final long runId;
    private final OutputListener live;
    private final long outputLimit;
    private final List<Object> outputs = new ArrayList<>(); // CellOutput, or a Text still growing
    private long streamChars;
    private boolean truncated;
    private CellStatus status = CellStatus.COMPLETED;
    private boolean jvmReplaced;
    volatile CellStatus stopReason;
    volatile boolean finished;

    /** The text of one stream, still growing. */
    private static final class Text {
        final String stream;
        final StringBuilder text = new StringBuilder();

        Text(String stream) {
            this.stream = stream;
        }
    }

    /**
     * @param outputLimit the most stream characters kept and passed on; 0 for no limit
     */
    CellRun(OutputListener live, int cellNumber, long runId, long outputLimit) {
        this.live = live == null ? OutputListener.NONE : live;
        this.cellNumber = cellNumber;
        this.runId = runId;
        this.outputLimit = outputLimit;
    }

    @Override
    public void output(CellOutput output) {
        CellOutput passOn = output;
        boolean late;
        synchronized (outputs) {
            late = finished;
            if (output.type() == CellOutput.Type.STREAM) {
                passOn = capped(output);
                if (passOn == null) {
                    return;
                }
                if (!finished) {
                    Object last = outputs.isEmpty() ? null : outputs.get(outputs.size() - 1);
                    Text text;
                    if (last instanceof Text && ((Text) last).stream.equals(passOn.streamName())) {
                        text = (Text) last;
                    } else {
                        text = new Text(passOn.streamName());
                        outputs.add(text);
                    }
                    text.text.append(passOn.text());
                }
            } else if (!finished) {
                outputs.add(output);
            }
        }
        if (late) {
            live.lateOutput(passOn);
        } else {
            live.output(passOn);
        }
    }

    /** The part of this stream output within the limit (with the note at the limit), or null if none is left. */
    private CellOutput capped(CellOutput output) {
        if (outputLimit <= 0) {
            return output;
        }
        if (truncated) {
            return null;
        }
        String text = output.text();
        if (streamChars + text.length() <= outputLimit) {
            streamChars += text.length();
            return output;
        }
        truncated = true;
        String kept = text.substring(0, (int) (outputLimit - streamChars));
        streamChars = outputLimit;
        return CellOutput.stream(output.streamName(), kept + truncationNote(outputLimit));
    }

    static String truncationNote(long limit) {
        return String.format("%n[output truncated: this cell printed more than %,d characters, the rest is not shown;"
                + " set DLCOURSE_OUTPUT_LIMIT to change the limit]%n", limit);
    }

    @Override
    public void updateDisplay(String displayId, Map<String, String> data) {
        synchronized (outputs) {
            for (int i = 0; i < outputs.size(); i++) {
                if (outputs.get(i) instanceof CellOutput o && displayId.equals(o.displayId())) {
                    outputs.set(i, o.withData(data));
                }
            }
        }
        live.updateDisplay(displayId, data);
    }

    /** Ends the cell with this status and error output. */
    void fail(CellStatus failure, CellOutput error) {
        synchronized (outputs) {
            status = failure;
        }
        output(error);
    }

    /** Records that this cell ran in (or ended with) a new execution JVM: the state before it is gone. */
    void jvmReplaced() {
        synchronized (outputs) {
            jvmReplaced = true;
        }
    }

    CellStatus status() {
        synchronized (outputs) {
            return status;
        }
    }

    /** Marks the run finished and returns its result. */
    CellResult finish(long elapsedNanos) {
        synchronized (outputs) {
            finished = true;
            List<CellOutput> result = new ArrayList<>(outputs.size());
            for (Object o : outputs) {
                result.add(o instanceof Text t ? CellOutput.stream(t.stream, t.text.toString()) : (CellOutput) o);
            }
            outputs.clear();
            return new CellResult(status, result, Duration.ofNanos(elapsedNanos), jvmReplaced);
        }
    }
}
