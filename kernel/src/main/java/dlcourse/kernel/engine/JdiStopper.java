package dlcourse.kernel.engine;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.BooleanValue;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.spi.ClosedConnectionException;
import com.sun.jdi.connect.spi.Connection;
import dlcourse.kernel.agent.CellAgent;
import dlcourse.kernel.agent.KernelChannel;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Interrupts the cell running in an execution JVM: attaches to it as a debugger (on first use) and throws the
 * agent's stop signal into the thread that runs the cell, as JShell's own JDI engine does. JVMTI's StopThread
 * still works on JDK 21+, where {@code Thread.stop} is gone. Field and method names match
 * {@code dlcourse.kernel.agent.CellAgent}.
 *
 * <p>The debugger talks JDWP over the connection the agent relays to the kernel's private socket
 * ({@link ExecutionJvm#debugConnection()}), never over a TCP port of its own. The stop signal is read from the
 * argument of the agent's {@code holdStopSignal} frame, which no user code can reach; each throw is recorded
 * ({@link ExecutionJvm#markStopSent()}) so that the kernel can tell its own stops from forged ones.
 */
final class JdiStopper {
    private static final String AGENT_CLASS = "dlcourse.kernel.agent.CellAgent";

    private final ExecutionJvm jvm;
    private volatile VirtualMachine vm;

    JdiStopper(ExecutionJvm jvm) {
        this.jvm = jvm;
    }

    /** Throws the stop signal into the running cell, if a cell is running. */
    synchronized void stopRunningCell() throws Exception {
        VirtualMachine target = attach();
        List<ReferenceType> types = target.classesByName(AGENT_CLASS);
        if (types.isEmpty()) {
            return;
        }
        ClassType agent = (ClassType) types.get(0);
        Field inClientCode = agent.fieldByName("inClientCode");
        Field expectingStop = agent.fieldByName("expectingStop");
        Field cellThread = agent.fieldByName("cellThread");
        // Suspend only the cell's thread, never the whole VM: the agent's relay threads carry these very commands.
        ThreadReference thread = (ThreadReference) agent.getValue(cellThread);
        if (thread == null) {
            return;
        }
        thread.suspend();
        try {
            if (!((BooleanValue) agent.getValue(inClientCode)).value() || !thread.equals(agent.getValue(cellThread))) {
                return;
            }
            ObjectReference signal = stopSignal(target);
            agent.setValue(expectingStop, target.mirrorOf(true));
            thread.resume();
            jvm.markStopSent();
            thread.stop(signal);
            agent.setValue(expectingStop, target.mirrorOf(false));
        } finally {
            while (thread.suspendCount() > 0) {
                thread.resume();
            }
        }
    }

    /** The signal held by the agent's stop-signal thread. */
    private static ObjectReference stopSignal(VirtualMachine target) throws Exception {
        for (ThreadReference thread : target.allThreads()) {
            if (!CellAgent.STOP_SIGNAL_THREAD.equals(thread.name())) {
                continue;
            }
            thread.suspend();
            try {
                for (StackFrame frame : thread.frames()) {
                    if (frame.location().method().name().equals("holdStopSignal")
                            && frame.location().declaringType().name().equals(AGENT_CLASS)) {
                        List<Value> arguments = frame.getArgumentValues();
                        if (arguments.size() == 1 && arguments.get(0) instanceof ObjectReference signal
                                && signal.referenceType().name().equals("dlcourse.kernel.agent.CellStopped")) {
                            return signal;
                        }
                    }
                }
            } finally {
                thread.resume();
            }
        }
        throw new IllegalStateException("the execution JVM's stop-signal thread is gone");
    }

    private VirtualMachine attach() throws Exception {
        if (vm == null) {
            Connection connection = jvm.debugConnection();
            if (connection == null) {
                throw new IllegalStateException("the execution JVM has not connected its debugger");
            }
            vm = Bootstrap.virtualMachineManager().createVirtualMachine(connection);
        }
        return vm;
    }

    /** Lets go of the execution JVM (it keeps running). */
    void detach() {
        VirtualMachine attached = vm;
        vm = null;
        if (attached != null) {
            try {
                attached.dispose();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        Connection connection = jvm.debugConnection();
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** The JDI connection over the relayed socket (the agent has already done JDWP's handshake). */
    static Connection connection(SocketChannel channel) {
        return new RelayedConnection(channel);
    }

    /** JDWP packets over the relayed socket. */
    private static final class RelayedConnection extends Connection {
        private final SocketChannel channel;
        private final DataInputStream in;
        private final OutputStream out;
        private volatile boolean open = true;

        RelayedConnection(SocketChannel channel) {
            this.channel = channel;
            this.in = new DataInputStream(KernelChannel.in(channel));
            this.out = KernelChannel.out(channel);
        }

        @Override
        public byte[] readPacket() throws IOException {
            if (!open) {
                throw new ClosedConnectionException("the debugger connection is closed");
            }
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                open = false;
                return new byte[0];
            }
            if (length < 11) {
                throw new IOException("a JDWP packet of length " + length + " (at least 11 expected)");
            }
            byte[] packet = new byte[length];
            packet[0] = (byte) (length >>> 24);
            packet[1] = (byte) (length >>> 16);
            packet[2] = (byte) (length >>> 8);
            packet[3] = (byte) length;
            in.readFully(packet, 4, length - 4);
            return packet;
        }

        @Override
        public synchronized void writePacket(byte[] packet) throws IOException {
            if (!open) {
                throw new ClosedConnectionException("the debugger connection is closed");
            }
            out.write(packet);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            open = false;
            channel.close();
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }
}
