package dlcourse.kernel.engine;

import java.io.ObjectInput;
import java.io.ObjectOutput;
import jdk.jshell.execution.StreamingExecutionControl;

/**
 * The kernel's end of JShell's execution protocol with one {@link ExecutionJvm}: commands travel as JShell's
 * streaming protocol; {@link #stop()} interrupts through the debugger; {@link #close()} ends the process.
 */
final class ExecutionJvmControl extends StreamingExecutionControl {
    private final ExecutionJvm jvm;

    ExecutionJvmControl(ObjectOutput out, ObjectInput in, ExecutionJvm jvm) {
        super(out, in);
        this.jvm = jvm;
    }

    ExecutionJvm jvm() {
        return jvm;
    }

    @Override
    public void stop() throws EngineTerminationException, InternalException {
        if (!jvm.isAlive()) {
            throw new EngineTerminationException("the execution JVM has exited");
        }
        try {
            jvm.stopper().stopRunningCell();
        } catch (Exception e) {
            throw new InternalException("could not interrupt the cell through the debugger: " + e);
        }
    }

    @Override
    public void close() {
        jvm.kill();
        super.close();
    }
}
