package dlcourse.kernel.agent;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.execution.Util;

/**
 * Main class of the execution JVM: it runs the snippets that the kernel's JShell compiles, and nothing else.
 *
 * <p>Started as {@code java ... -cp dlcourse-kernel-agent.jar dlcourse.kernel.agent.CellAgent PORT}; it connects
 * back to the kernel on {@code PORT} (loopback only) and carries four streams on that one connection: JShell's
 * commands, the user's {@code System.out} ({@code out}) and {@code System.err} ({@code err}), and the private
 * {@code display} channel for MIME bundles.
 *
 * <p>Interrupting: the kernel attaches a debugger (JDI) and throws {@link CellStopped} into the thread that runs
 * the cell, found through the static fields below. This works on JDK 17 and on JDK 21+, where
 * {@code Thread.stop} is gone; code that ignores it is ended by the kernel replacing this JVM.
 */
public final class CellAgent extends DirectExecutionControl {
    /** The extension command that renders the value of the last snippet run. */
    public static final String RENDER_LAST_VALUE = "dlcourse.renderLastValue";
    /**
     * The extension command sent before a cell runs, with a {@code long[]}: the cell's run number and the kernel's
     * output limit in characters (0 for none).
     */
    public static final String CELL_STARTS = "dlcourse.cellStarts";

    // Read and written by the kernel through JDI; names are part of the contract with engine.JdiStopper.
    static volatile boolean inClientCode;
    static volatile boolean expectingStop;
    static volatile Thread cellThread;
    static final CellStopped STOP_SIGNAL = new CellStopped();

    private Object lastValue;

    /**
     * Connects to the kernel and serves it until the connection closes.
     *
     * @param args the kernel's loopback port
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: CellAgent PORT (the execution JVM is started by the dlcourse kernel)");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
        socket.setTcpNoDelay(true);
        // If the kernel goes away (even killed), this JVM goes too, whatever the cell is doing.
        ProcessHandle.current().parent().ifPresent(kernel -> kernel.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        InputStream in = new KernelConnectionInput(socket.getInputStream());
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        Map<String, Consumer<OutputStream>> outputs = new HashMap<>();
        outputs.put("out", stream -> System.setOut(new PrintStream(new OutputOrigin.TaggedStream(stream), true,
                StandardCharsets.UTF_8)));
        outputs.put("err", stream -> System.setErr(new PrintStream(new OutputOrigin.TaggedStream(stream), true,
                StandardCharsets.UTF_8)));
        outputs.put("display", DisplayChannel::open);
        Map<String, Consumer<InputStream>> inputs = new HashMap<>();
        inputs.put("in", System::setIn);
        Util.forwardExecutionControlAndIO(new CellAgent(), in, out, outputs, inputs);
        System.exit(0);
    }

    /** JShell's text for a value ({@code "hi"} with quotes, arrays spelled out). */
    static String plainText(Object value) {
        return valueString(value);
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        lastValue = null;
        Object value = doitMethod.invoke(null);
        lastValue = value;
        return valueString(value);
    }

    @Override
    public Object extensionCommand(String command, Object arg) throws RunException, EngineTerminationException,
            InternalException {
        if (CELL_STARTS.equals(command) && arg instanceof long[] cell && cell.length == 2) {
            OutputOrigin.cellStarts(cell[0], cell[1]);
            return null;
        }
        if (RENDER_LAST_VALUE.equals(command)) {
            Object value = lastValue;
            lastValue = null;
            if (value == null) {
                return null;
            }
            try {
                clientCodeEnter();
                return Notebook.render(value).toJson();
            } catch (CellStopped stopped) {
                throw new StoppedException();
            } catch (RuntimeException | Error e) {
                return new MimeBundle().put("text/plain", valueString(value) + "\n(rendering failed: " + e + ")").toJson();
            } finally {
                clientCodeLeave();
            }
        }
        return super.extensionCommand(command, arg);
    }

    @Override
    public void stop() {
        // done from the kernel through JDI, see the class comment
    }

    @Override
    protected void clientCodeEnter() {
        expectingStop = false;
        cellThread = Thread.currentThread();
        inClientCode = true;
    }

    @Override
    protected void clientCodeLeave() throws InternalException {
        inClientCode = false;
        while (expectingStop) {
            Thread.onSpinWait();
        }
        System.out.flush();
        System.err.flush();
    }

    @Override
    protected String throwConvertedInvocationException(Throwable cause) throws RunException, InternalException {
        if (cause instanceof CellStopped) {
            expectingStop = false;
            throw new StoppedException();
        }
        return super.throwConvertedInvocationException(cause);
    }

    @Override
    protected String throwConvertedOtherException(Throwable e) throws RunException, InternalException {
        if (e instanceof CellStopped || e.getCause() instanceof CellStopped) {
            expectingStop = false;
            throw new StoppedException();
        }
        return super.throwConvertedOtherException(e);
    }
}
