package dlcourse.cnn.experiments;

import dlcourse.experiment.Experiment;
import dlcourse.experiment.ExperimentCatalog;
import java.util.List;

/** The companion runs of notebooks 02 (activations on a CNN) and 09 (both LeNet-5 variants to convergence). */
public final class CnnExperiments implements ExperimentCatalog {
    @Override
    public List<Experiment> experiments() {
        return List.of(new ActivationsCnn(), new Lenet5Convergence("simplified"), new Lenet5Convergence("original"));
    }
}
