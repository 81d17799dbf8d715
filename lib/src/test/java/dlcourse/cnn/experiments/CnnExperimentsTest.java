package dlcourse.cnn.experiments;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.experiment.Experiments;
import dlcourse.nn.Mlp;
import dlcourse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CnnExperimentsTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ReLU", "tanh", "sigmoid"})
    @DisplayName("the four-layer CNN of activations-cnn maps digit rows [N, 784] to 10 scores and gives dX back")
    void cnnShapes(String activation) {
        Mlp net = ActivationsCnn.network(activation, 1);
        Tensor x = Tensor.uniform(new Random(2), 0, 1, 3, 784);
        Tensor z = net.forward(x);
        Tensor dX = net.backward(Tensor.randn(new Random(3), 1, 3, 10));
        assertAll(
                () -> assertArrayEquals(new int[] {3, 10}, z.shape()),
                () -> assertArrayEquals(new int[] {3, 784}, dX.shape()),
                () -> assertEquals(8 * 25 + 8 + 16 * 200 + 16 + 256 * 32 + 32 + 32 * 10 + 10, net.parameterCount()));
    }

    @Test
    @DisplayName("unknown activations and variants are refused, naming the ones that exist")
    void refusesUnknownNames() {
        IllegalArgumentException activation = assertThrows(IllegalArgumentException.class,
                () -> ActivationsCnn.network("elu", 1));
        IllegalArgumentException variant = assertThrows(IllegalArgumentException.class,
                () -> new Lenet5Convergence("lenet"));
        assertAll(
                () -> assertTrue(activation.getMessage().contains("use ReLU, tanh or sigmoid"), activation.getMessage()),
                () -> assertTrue(variant.getMessage().contains("use simplified or original"), variant.getMessage()));
    }

    @Test
    @DisplayName("the three runs are registered under the names the notebooks read")
    void registered() {
        assertAll(
                () -> assertTrue(Experiments.named("activations-cnn").isPresent()),
                () -> assertTrue(Experiments.named("lenet5-convergence-simplified").isPresent()),
                () -> assertTrue(Experiments.named("lenet5-convergence-original").isPresent()));
    }
}
