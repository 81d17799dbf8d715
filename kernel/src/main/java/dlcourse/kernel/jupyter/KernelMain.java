package dlcourse.kernel.jupyter;

import dlcourse.kernel.engine.ExecutionOptions;
import dlcourse.kernel.engine.ExecutionSession;
import dlcourse.kernel.engine.KernelEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Starts the kernel: {@code java -cp 'kernelspec/java/*' dlcourse.kernel.jupyter.KernelMain CONNECTION_FILE}, as the
 * kernelspec's launcher does. The execution JVM starts while Jupyter connects, so the first cell waits little.
 */
public final class KernelMain {
    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain CONNECTION_FILE (Jupyter passes it; see kernel.json)");
            System.exit(2);
        }
        Path connectionFile = Path.of(args[0]);
        String json;
        try {
            json = Files.readString(connectionFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("dlcourse kernel: cannot read the connection file " + connectionFile + ": " + e);
            System.exit(2);
            return;
        }
        ExecutionOptions options;
        try {
            options = KernelEnvironment.options(System.getenv(), Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            System.err.println("dlcourse kernel: " + e.getMessage());
            System.exit(2);
            return;
        }
        ExecutionSession session = ExecutionSession.startInBackground(options);
        JavaKernel kernel = new JavaKernel(session);
        JupyterConnection connection = new QuickJupyterConnection(KernelConnectionProperties.parse(json));
        kernel.becomeHandlerForConnection(connection);
        kernel.onStartup();
        connection.connect();
        connection.waitUntilClose();
        session.close();
        System.exit(0);
    }
}
