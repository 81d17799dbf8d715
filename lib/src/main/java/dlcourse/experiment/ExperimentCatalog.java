package dlcourse.experiment;

import java.util.List;

/**
 * The companion runs of one lecture part, for {@link Experiments#all()}. Each part's {@code experiments} package
 * (for example {@code dlcourse.nn.experiments}) has one catalog, a public class with a no-argument constructor,
 * listed in {@code META-INF/services/dlcourse.experiment.ExperimentCatalog}. The registry finds them with a
 * {@link java.util.ServiceLoader}, so this package does not depend on the packages that depend on it.
 */
public interface ExperimentCatalog {
    /** This part's experiments, in the order of its notebooks. */
    List<Experiment> experiments();
}
