package dlcourse.kernel.engine;

/** Where a cell's {@code System.in} reads from: one line at a time, null at the end. */
@FunctionalInterface
public interface LineReader {
    /** Reads no input at all: {@code System.in} is at its end. */
    LineReader NONE = () -> null;

    /** The next line without its line break, or null if there is no more input. */
    String readLine();
}
