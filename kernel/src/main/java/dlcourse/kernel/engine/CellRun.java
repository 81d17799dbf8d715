package dlcourse.kernel.engine;

import dlcourse.kernel.magic.MagicContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state of one running cell: its outputs as they arrive (consecutive stream text merged, displays updated in
 * place), how it ended, and whether a stop was asked for. It is also the {@link MagicContext} its magics see.
 */
final class CellRun implements OutputListener, MagicContext {
    final int cellNumber;
    private final ExecutionSession session;
    private final OutputListener live;
    private final List<CellOutput> outputs = new ArrayList<>();
    private CellStatus status = CellStatus.COMPLETED;
    volatile CellStatus stopReason;
    volatile boolean finished;

    CellRun(ExecutionSession session, OutputListener live, int cellNumber) {
        this.session = session;
        this.live = live == null ? OutputListener.NONE : live;
        this.cellNumber = cellNumber;
    }

    @Override
    public void output(CellOutput output) {
        synchronized (outputs) {
            int last = outputs.size() - 1;
            if (output.type() == CellOutput.Type.STREAM && last >= 0
                    && outputs.get(last).type() == CellOutput.Type.STREAM
                    && outputs.get(last).streamName().equals(output.streamName())) {
                outputs.set(last, outputs.get(last).withText(outputs.get(last).text() + output.text()));
            } else {
                outputs.add(output);
            }
        }
        live.output(output);
    }

    @Override
    public void updateDisplay(String displayId, Map<String, String> data) {
        synchronized (outputs) {
            for (int i = 0; i < outputs.size(); i++) {
                if (displayId.equals(outputs.get(i).displayId())) {
                    outputs.set(i, outputs.get(i).withData(data));
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

    CellStatus status() {
        synchronized (outputs) {
            return status;
        }
    }

    List<CellOutput> outputs() {
        synchronized (outputs) {
            return new ArrayList<>(outputs);
        }
    }

    @Override
    public Path workingDirectory() {
        return session.options().workingDirectory();
    }

    @Override
    public void addToClasspath(List<Path> paths) {
        session.addToClasspath(paths);
    }

    @Override
    public boolean runCode(String code, String origin, int firstLine) {
        return session.runCode(this, code, origin, firstLine, origin == null);
    }

    @Override
    public void print(String text) {
        output(CellOutput.stream("stdout", text));
    }
}
