/**
 * The notebook runner: executes an {@code .ipynb} headless on the same engine as the Jupyter kernel
 * ({@link dlcourse.kernel.engine.ExecutionSession}) and writes it back as nbformat 4.5 with outputs.
 * {@link dlcourse.kernel.runner.NotebookRunner} is the Java API, {@link dlcourse.kernel.runner.RunNotebookCli} the
 * command line behind {@code ./course run}.
 */
package dlcourse.kernel.runner;
