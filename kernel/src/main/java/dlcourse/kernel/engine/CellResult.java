package dlcourse.kernel.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What running one cell produced: how it ended, its outputs in order (nbformat output objects), how long it took,
 * and whether the session's state was lost on the way.
 *
 * @param status      how the cell ended
 * @param outputs     the outputs in the order they appeared; an error, if any, is the last one
 * @param elapsed     wall time of the cell
 * @param jvmReplaced true if the execution JVM was replaced during this cell or just before it (it died between
 *                    cells, the cell ended it, or it did not stop and was killed): every variable, method and class
 *                    defined before is gone. The outputs say what was lost.
 */
public record CellResult(CellStatus status, List<CellOutput> outputs, Duration elapsed, boolean jvmReplaced) {
    public CellResult {
        outputs = List.copyOf(outputs);
    }

    /** A result in the same execution JVM as the cell before. */
    public CellResult(CellStatus status, List<CellOutput> outputs, Duration elapsed) {
        this(status, outputs, elapsed, false);
    }

    /** The error output, if the cell has one. */
    public Optional<CellOutput> error() {
        return outputs.stream().filter(o -> o.type() == CellOutput.Type.ERROR).reduce((first, second) -> second);
    }

    /** Everything the cell wrote on the given stream ({@code stdout} or {@code stderr}), joined. */
    public String streamText(String name) {
        return outputs.stream()
                .filter(o -> o.type() == CellOutput.Type.STREAM && o.streamName().equals(name))
                .map(CellOutput::text)
                .collect(Collectors.joining());
    }

    /** The {@code text/plain} of the execute_result, if the cell has one. */
    public Optional<String> resultText() {
        return outputs.stream()
                .filter(o -> o.type() == CellOutput.Type.EXECUTE_RESULT)
                .map(o -> o.data().get("text/plain"))
                .findFirst();
    }
}
