package dlcourse.grader.notebook;

/**
 * A file that is not a notebook the grader can read: not JSON, not nbformat 4, or cells that are not cells.
 * The message names the file and says what is wrong.
 */
public final class NotebookFormatException extends Exception {
    public NotebookFormatException(String message) {
        super(message);
    }
}
