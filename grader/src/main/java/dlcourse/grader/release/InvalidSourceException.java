package dlcourse.grader.release;

import java.util.List;

/** An assignment source that cannot be released or graded from; the message lists every problem. */
public final class InvalidSourceException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidSourceException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
