package dlcourse.kernel.engine;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.BooleanValue;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import java.util.List;
import java.util.Map;

/**
 * Interrupts the cell running in an execution JVM: attaches to it as a debugger (on first use) and throws the
 * agent's stop signal into the thread that runs the cell, as JShell's own JDI engine does. JVMTI's StopThread
 * still works on JDK 21+, where {@code Thread.stop} is gone. Field names match {@code dlcourse.kernel.agent.CellAgent}.
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
        Field stopSignal = agent.fieldByName("STOP_SIGNAL");
        target.suspend();
        try {
            if (!((BooleanValue) agent.getValue(inClientCode)).value()) {
                return;
            }
            ThreadReference thread = (ThreadReference) agent.getValue(cellThread);
            ObjectReference signal = (ObjectReference) agent.getValue(stopSignal);
            agent.setValue(expectingStop, target.mirrorOf(true));
            target.resume();
            thread.stop(signal);
            agent.setValue(expectingStop, target.mirrorOf(false));
        } finally {
            target.resume();
        }
    }

    private VirtualMachine attach() throws Exception {
        if (vm == null) {
            AttachingConnector socketAttach = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                    .filter(c -> c.name().equals("com.sun.jdi.SocketAttach"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("this JDK has no JDI socket connector"));
            Map<String, Connector.Argument> args = socketAttach.defaultArguments();
            args.get("hostname").setValue("127.0.0.1");
            args.get("port").setValue(Integer.toString(jvm.debugPort()));
            if (args.containsKey("timeout")) {
                args.get("timeout").setValue("3000");
            }
            vm = socketAttach.attach(args);
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
    }
}
