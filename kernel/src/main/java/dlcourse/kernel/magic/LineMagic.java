package dlcourse.kernel.magic;

/** A magic written on one line, {@code %name arguments}. */
public interface LineMagic {
    /**
     * Runs the magic.
     *
     * @param context   the session
     * @param arguments the rest of the magic's line, trimmed
     * @param line      the cell line (0-based) where the magic stands
     */
    void run(MagicContext context, String arguments, int line) throws MagicException;
}
