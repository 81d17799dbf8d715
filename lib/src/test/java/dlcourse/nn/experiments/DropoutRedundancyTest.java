package dlcourse.nn.experiments;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.data.Mnist;
import dlcourse.data.TrainTest;
import dlcourse.nn.Dense;
import dlcourse.tensor.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DropoutRedundancyTest {
    @Test
    @DisplayName("knocking out 0 units keeps the accuracy, all units leaves one guess; the weights are restored")
    void knockOut() {
        TrainTest mnist = Mnist.load(42);
        DropoutCurves.Run run = DropoutCurves.train(mnist.train().slice(0, 300), mnist.test().slice(0, 300), 0.5,
                new DropoutCurves.Settings(32, 5, 0.1, 32), 1);
        Dense first = (Dense) run.network().layers().get(0);
        Tensor W = first.W().value();
        double none = DropoutRedundancy.accuracyWithout(run.network(), mnist.test().slice(0, 300), 0, 1, 1);
        double all = DropoutRedundancy.accuracyWithout(run.network(), mnist.test().slice(0, 300), 32, 1, 1);
        assertAll(
                () -> assertEquals(run.testAccuracy(), none, 1e-12),
                () -> assertTrue(all < 0.35, "with every hidden unit gone the network answers one class: " + all),
                () -> assertEquals(W, first.W().value(), "weights restored"),
                () -> assertTrue(assertThrows(IllegalArgumentException.class, () -> DropoutRedundancy.accuracyWithout(
                        run.network(), mnist.test(), 33, 1, 1)).getMessage().contains("H = 32")));
    }

    @Test
    @DisplayName("withoutUnits zeroes exactly the chosen columns")
    void columns() {
        Tensor W = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(Tensor.of(new double[][] {{1, 0, 3}, {4, 0, 6}}), DropoutRedundancy.withoutUnits(W, new int[] {1}));
    }
}
