package dlcourse.kernel.engine;

import java.io.ObjectInput;
import java.io.ObjectOutput;
import jdk.jshell.execution.StreamingExecutionControl;

/**
 * The kernel's end of JShell's execution protocol with one {@link ExecutionJvm}: commands travel as JShell's
 * streaming protocol; {@link #stop()} interrupts through the debugger; {@link #close()} ends the process.
 *
 * <p>A stop means what the kernel decided: JShell takes a "stopped" answer from the JVM as a silent end of the
 * snippet, so a snippet that throws the stop signal itself would pass as if it had completed. Here a stop that the
 * kernel's debugger did not send becomes an exception of the snippet ({@value #UNREQUESTED_STOP}), which the cell
 * reports as its error.
 */
final class ExecutionJvmControl extends StreamingExecutionControl {
    /** The exception class name that a stop the kernel did not send is reported as. */
    static final String UNREQUESTED_STOP = "UnrequestedStop";

    private final ExecutionJvm jvm;

    ExecutionJvmControl(ObjectOutput out, ObjectInput in, ExecutionJvm jvm) {
        super(out, in);
        this.jvm = jvm;
    }

    ExecutionJvm jvm() {
        return jvm;
    }

    @Override
    public String invoke(String className, String methodName) throws RunException, EngineTerminationException,
            InternalException {
        jvm.clearStopSent();
        try {
            return super.invoke(className, methodName);
        } catch (StoppedException e) {
            if (jvm.stopSent()) {
                throw e;
            }
            throw unrequestedStop();
        }
    }

    /** The error for a stop signal that user code threw itself. */
    static UserException unrequestedStop() {
        return new UserException("the code threw the kernel's stop signal itself; only the kernel stops a cell"
                + " (when it is interrupted or runs out of time), so this counts as an error of the cell",
                UNREQUESTED_STOP, new StackTraceElement[0]);
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
