/**
 * The part of the kernel that runs inside the execution JVM, next to the user's code.
 *
 * <p>It is packaged as its own small jar ({@code dlcourse-kernel-agent.jar}) with no dependencies, and it is the
 * only jar of the kernel on the user's class path: the kernel's own libraries (Gson, JeroMQ, slf4j) never are.
 * {@link dlcourse.kernel.agent.CellAgent} is the execution JVM's main class; {@link dlcourse.kernel.agent.Notebook}
 * holds the statics that cells call ({@code display}, {@code updateDisplay}, {@code render}, {@code markdown}, ...);
 * {@link dlcourse.kernel.agent.Renderers} turns a value into a MIME bundle by its type. Finished bundles travel to
 * the kernel over a private channel ({@link dlcourse.kernel.agent.DisplayChannel}), never through stdout.
 */
package dlcourse.kernel.agent;
