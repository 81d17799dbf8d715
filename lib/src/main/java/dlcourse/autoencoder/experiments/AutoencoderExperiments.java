package dlcourse.autoencoder.experiments;

import dlcourse.experiment.Experiment;
import dlcourse.experiment.ExperimentCatalog;
import java.util.List;

/** The companion run of notebook 06 (stacked autoencoders pretrained on many unlabelled digits). */
public final class AutoencoderExperiments implements ExperimentCatalog {
    @Override
    public List<Experiment> experiments() {
        return List.of(PretrainingGain.fullScale());
    }
}
