package dlcourse.experiment;

/**
 * A full-scale companion run of a notebook: the long version of an experiment that the notebook can only show in a
 * short run. {@code ./course experiment NAME} runs it and writes its rows, with the date, machine, seeds and
 * duration, to {@code experiments/results/NAME.csv}; the CSV is committed and the notebook plots it beside its own
 * quick run ({@link ExperimentResults#read}).
 */
public interface Experiment {
    /** The name on the command line and of the CSV file, in lower case with hyphens, e.g. {@code lenet5-convergence}. */
    String name();

    /** One line: what it measures, and which notebook shows it. */
    String description();

    /** Runs the experiment: declares the seeds, reports progress and adds the result rows to {@code run}. */
    void run(ExperimentRun run) throws Exception;
}
