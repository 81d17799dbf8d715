package dlcourse.kernel.notebook;

import java.nio.file.Path;

/** A file is not an nbformat 4 notebook; the message names the file and what is wrong with it. */
public final class NotebookFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotebookFormatException(Path file, String problem) {
        super(file + " is not a valid notebook: " + problem);
    }
}
