package dlcourse.kernel.magic;

/** A magic that takes the whole cell: {@code %%name arguments} on the first line, the body below. */
public interface CellMagic {
    /**
     * Runs the magic.
     *
     * @param context       the session
     * @param arguments     the rest of the first line, trimmed
     * @param body          the cell without its first line
     * @param bodyFirstLine the cell line (0-based) where the body starts
     */
    void run(MagicContext context, String arguments, String body, int bodyFirstLine) throws MagicException;
}
