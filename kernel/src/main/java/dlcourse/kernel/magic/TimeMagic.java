package dlcourse.kernel.magic;

/**
 * {@code %time CODE} times one line of code; {@code %%time} on a cell's first line times the whole cell. Both print
 * the wall time after the code's own output.
 */
final class TimeMagic implements LineMagic, CellMagic {
    @Override
    public void run(MagicContext context, String arguments, int line) throws MagicException {
        if (arguments.isBlank()) {
            throw new MagicException("%time needs code to time, for example: %time fib(30)");
        }
        time(context, arguments, line);
    }

    @Override
    public void run(MagicContext context, String arguments, String body, int bodyFirstLine) throws MagicException {
        time(context, body, bodyFirstLine);
    }

    private static void time(MagicContext context, String code, int firstLine) {
        long start = System.nanoTime();
        boolean completed = context.runCode(code, null, firstLine);
        if (completed) {
            context.print("Wall time: " + format((System.nanoTime() - start) / 1e6) + "\n");
        }
    }

    static String format(double millis) {
        if (millis < 1000) {
            return String.format(java.util.Locale.ROOT, "%.1f ms", millis);
        }
        return String.format(java.util.Locale.ROOT, "%.2f s", millis / 1000);
    }
}
