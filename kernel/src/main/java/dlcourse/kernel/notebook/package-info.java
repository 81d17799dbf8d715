/**
 * Notebook files: {@link dlcourse.kernel.notebook.NotebookFile} reads, checks and writes nbformat 4 JSON, for the
 * notebook runner, {@code %load} and the grader.
 */
package dlcourse.kernel.notebook;
