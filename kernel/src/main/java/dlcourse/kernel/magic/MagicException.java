package dlcourse.kernel.magic;

/** A magic could not do its work; the message says what was wrong and what to do. */
public final class MagicException extends Exception {
    private static final long serialVersionUID = 1L;

    public MagicException(String message) {
        super(message);
    }

    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
