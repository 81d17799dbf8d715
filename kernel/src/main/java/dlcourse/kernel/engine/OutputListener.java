package dlcourse.kernel.engine;

import java.util.Map;

/**
 * Receives a cell's outputs as they happen, in order: the Jupyter kernel publishes them at once, while
 * {@link CellResult} collects them for the runner and the grader. Called on the session's output thread.
 */
public interface OutputListener {
    /** A listener that ignores everything. */
    OutputListener NONE = new OutputListener() {
        @Override
        public void output(CellOutput output) {
        }

        @Override
        public void updateDisplay(String displayId, Map<String, String> data) {
        }
    };

    /** A new output: stream text (one chunk of it), a display, the result, or the error. */
    void output(CellOutput output);

    /** {@code updateDisplay(id, value)} ran: replace what the display with this id shows. */
    void updateDisplay(String displayId, Map<String, String> data);

    /**
     * Output of a thread that this cell started, arriving after the cell ended (it is not in the cell's
     * {@link CellResult}). By default it goes to {@link #output}: the Jupyter kernel publishes it with the cell's
     * parent header, so it shows under that cell.
     */
    default void lateOutput(CellOutput output) {
        output(output);
    }
}
