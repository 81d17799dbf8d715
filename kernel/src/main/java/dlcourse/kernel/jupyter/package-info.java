/**
 * The Jupyter kernel: {@link dlcourse.kernel.jupyter.KernelMain} starts {@link dlcourse.kernel.jupyter.JavaKernel}
 * (built on JJava's base module, {@code org.dflib.jjava:jjava-jupyter}) over an
 * {@link dlcourse.kernel.engine.ExecutionSession}; {@link dlcourse.kernel.jupyter.JupyterPublisher} turns a cell's
 * outputs into IOPub messages as they happen.
 */
package dlcourse.kernel.jupyter;
