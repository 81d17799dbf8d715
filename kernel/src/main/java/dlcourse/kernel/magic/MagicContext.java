package dlcourse.kernel.magic;

import java.nio.file.Path;
import java.util.List;

/** What a magic may do to the session that runs it. */
public interface MagicContext {
    /** The folder where relative paths in magics start ({@code ExecutionOptions.magicBase()}). */
    Path magicBase();

    /** Adds jars or class folders to the user's class path (compiler and execution JVM). */
    void addToClasspath(List<Path> paths);

    /**
     * Runs Java code as part of the current cell.
     *
     * @param code      the code
     * @param origin    where the code comes from, for error messages (for example a file name), or null for the cell
     * @param firstLine the cell line where it starts (0-based), when {@code origin} is null
     * @return true if it completed, false if it failed (the error is already shown)
     */
    boolean runCode(String code, String origin, int firstLine);

    /** Prints text on the cell's stdout. */
    void print(String text);
}
