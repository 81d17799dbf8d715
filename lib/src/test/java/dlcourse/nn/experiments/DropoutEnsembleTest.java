package dlcourse.nn.experiments;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.tensor.Tensor;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tech.tablesaw.api.Table;

class DropoutEnsembleTest {
    private final Random rng = new Random(4);
    private final Tensor W = Tensor.randn(rng, 1, 6, 3);
    private final Tensor b = Tensor.randn(rng, 1, 3);
    private final Tensor x = Tensor.randn(rng, 1, 2, 6);

    @ParameterizedTest(name = "dropProb {0}")
    @CsvSource({"0.5", "0.2", "0.7"})
    @DisplayName("for a linear layer the average over all 2^6 masks equals the network with weights times 1 - dropProb")
    void linearIsExact(double dropProb) {
        Function<Tensor, Tensor> layer = DropoutEnsemble.linear(W, b);
        Tensor average = DropoutEnsemble.exactAverage(layer, x, dropProb);
        Tensor scaled = DropoutEnsemble.scaledNetwork(layer, x, dropProb);
        Tensor byHand = x.matmul(W.times(1 - dropProb)).plusRow(b);
        assertAll(
                () -> assertTrue(average.allClose(scaled, 1e-12), average + " vs " + scaled),
                () -> assertTrue(scaled.allClose(byHand, 1e-12)));
    }

    @Test
    @DisplayName("for a sigmoid layer the scaled network is only an approximation of the average")
    void sigmoidIsApproximate() {
        Function<Tensor, Tensor> layer = DropoutEnsemble.sigmoidLayer(W.times(3), b);
        double gap = DropoutEnsemble.maxAbsDifference(DropoutEnsemble.exactAverage(layer, x, 0.5),
                DropoutEnsemble.scaledNetwork(layer, x, 0.5));
        assertTrue(gap > 1e-3 && gap < 0.3, "gap " + gap);
    }

    @Test
    @DisplayName("the sampled average approaches the scaled network as masks grow")
    void convergence() {
        Table table = DropoutEnsemble.convergenceTable(DropoutEnsemble.linear(W, b), x, 0.5, new int[] {1, 10, 100, 10000}, 7);
        double first = table.doubleColumn("maxAbsDifference").get(0);
        double last = table.doubleColumn("maxAbsDifference").get(3);
        assertAll(
                () -> assertEquals(4, table.rowCount()),
                () -> assertTrue(last < 0.1 && last < first / 5, table.print()));
    }

    @Test
    @DisplayName("too many units to enumerate is rejected with advice")
    void tooMany() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DropoutEnsemble.exactAverage(t -> t, Tensor.zeros(1, 21), 0.5));
        assertTrue(e.getMessage().contains("sampledAverage"), e.getMessage());
    }
}
