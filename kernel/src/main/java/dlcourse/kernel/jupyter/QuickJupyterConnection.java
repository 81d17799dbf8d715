package dlcourse.kernel.jupyter;

import java.lang.reflect.Field;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * JJava's connection with a shorter pause in its shell and control loops. The base module (1.0-a6) polls each
 * channel and then sleeps 50 ms, which adds up to 50 ms to every request; {@value #LOOP_SLEEP_MILLIS} ms keeps a
 * trivial cell's round trip short at a negligible idle cost. The pause is a private field of the pinned version,
 * set by reflection before the channels start; if it is not there, the default stays.
 */
final class QuickJupyterConnection extends JupyterConnection {
    static final long LOOP_SLEEP_MILLIS = 3;

    QuickJupyterConnection(KernelConnectionProperties properties) throws NoSuchAlgorithmException, InvalidKeyException {
        super(properties);
        shortenPause(shell);
        shortenPause(control);
    }

    private static void shortenPause(ShellChannel channel) {
        try {
            Field sleep = ShellChannel.class.getDeclaredField("sleep");
            sleep.setAccessible(true);
            sleep.setLong(channel, LOOP_SLEEP_MILLIS);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("dlcourse kernel: keeping the base module's 50 ms shell loop pause (" + e + ")");
        }
    }
}
