package dlcourse.nn.experiments;

import dlcourse.experiment.Experiment;
import dlcourse.experiment.ExperimentCatalog;
import java.util.List;

/** The companion runs of notebook 07 (dropout against the training-set size and the drop probability). */
public final class NnExperiments implements ExperimentCatalog {
    @Override
    public List<Experiment> experiments() {
        return List.of(DropoutCurves.trainingSizeExperiment(), DropoutCurves.rateExperiment());
    }
}
