package dlcourse.kernel.agent;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.execution.Util;

/**
 * Main class of the execution JVM: it runs the snippets that the kernel's JShell compiles, and nothing else.
 *
 * <p>Started as {@code java ... -cp dlcourse-kernel-agent.jar dlcourse.kernel.agent.CellAgent CONTROL DEBUG PORT}:
 * before anything else it takes its own debugger port {@code PORT} and relays it to the kernel's socket
 * {@code DEBUG}, then connects to the kernel's socket {@code CONTROL} (both Unix domain sockets in a folder only
 * the kernel's user can open, see {@link KernelChannel}) and carries four streams on that one connection:
 * JShell's commands, the user's {@code System.out} ({@code out}) and {@code System.err} ({@code err}), and the
 * private {@code display} channel for MIME bundles.
 *
 * <p>Interrupting: the kernel attaches a debugger (JDI) and throws {@link CellStopped} into the thread that runs
 * the cell, found through the static fields below. This works on JDK 17 and on JDK 21+, where
 * {@code Thread.stop} is gone; code that ignores it is ended by the kernel replacing this JVM. The signal itself is
 * in no field: it is the argument of a parked thread's frame ({@link #holdStopSignal}), which the debugger reads
 * and reflection cannot. User code that throws a {@code CellStopped} of its own gains nothing either: the kernel
 * counts only the stops it sent itself, and reports any other as an error of the cell.
 */
public final class CellAgent extends DirectExecutionControl {
    /** The extension command that renders the value of the last snippet run. */
    public static final String RENDER_LAST_VALUE = "dlcourse.renderLastValue";
    /** The name of the thread whose frame holds the stop signal; part of the contract with engine.JdiStopper. */
    public static final String STOP_SIGNAL_THREAD = "dlcourse-stop-signal";
    /**
     * The extension command sent before a cell runs, with a {@code long[]}: the cell's run number and the kernel's
     * output limit in characters (0 for none).
     */
    public static final String CELL_STARTS = "dlcourse.cellStarts";

    // Read and written by the kernel through JDI; names are part of the contract with engine.JdiStopper.
    static volatile boolean inClientCode;
    static volatile boolean expectingStop;
    static volatile Thread cellThread;

    private Object lastValue;

    /**
     * Connects to the kernel and serves it until the connection closes.
     *
     * @param args the kernel's control socket, its debugger socket, and this JVM's debugger port
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: CellAgent CONTROL_SOCKET DEBUG_SOCKET JDWP_PORT"
                    + " (the execution JVM is started by the dlcourse kernel)");
            System.exit(2);
        }
        try {
            KernelChannel.relayDebugger(Integer.parseInt(args[2]), Path.of(args[1]));
        } catch (IOException | RuntimeException e) {
            // someone else may hold the debugger: this JVM must not run anybody's code
            System.err.println("dlcourse agent: cannot take the debugger connection, so this JVM ends: " + e);
            Runtime.getRuntime().halt(3);
        }
        Thread holder = new Thread(() -> holdStopSignal(new CellStopped()), STOP_SIGNAL_THREAD);
        holder.setDaemon(true);
        holder.start();
        System.setProperty("java.awt.headless", "true");
        SocketChannel channel = KernelChannel.connect(Path.of(args[0]));
        // If the kernel goes away (even killed), this JVM goes too, whatever the cell is doing.
        ProcessHandle.current().parent().ifPresent(kernel -> kernel.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        InputStream in = new KernelConnectionInput(KernelChannel.in(channel));
        OutputStream out = new BufferedOutputStream(KernelChannel.out(channel), 1 << 16);
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

    /**
     * Keeps the stop signal as this frame's argument, where only the kernel's debugger reads it; never returns.
     * Part of the contract with engine.JdiStopper (name and parameter).
     */
    private static void holdStopSignal(CellStopped signal) {
        while (signal != null) {
            LockSupport.park();
            Thread.interrupted();
        }
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
