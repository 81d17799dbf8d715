package dlcourse.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CatalogTest {
    @Test
    @DisplayName("the registry finds every part's catalog through the service file: all six companion runs, once each")
    void allExperiments() {
        List<String> names = Experiments.all().stream().map(Experiment::name).toList();
        assertEquals(List.of("activations-cnn", "lenet5-convergence-simplified", "lenet5-convergence-original",
                "stacked-autoencoder-labels", "dropout-vs-training-size", "dropout-rates"), names);
    }
}
