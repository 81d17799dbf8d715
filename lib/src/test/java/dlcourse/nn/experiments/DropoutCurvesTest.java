package dlcourse.nn.experiments;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.data.Mnist;
import dlcourse.data.TrainTest;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class DropoutCurvesTest {
    @Test
    @DisplayName("on 300 digits, the network without dropout fits the training set more tightly than with dropout")
    void curves() {
        TrainTest data = Mnist.load(42);
        Table table = DropoutCurves.compare(data.train().slice(0, 300), data.test().slice(0, 300), 64, 0.5, 15, 0.1, 20, 1);
        Table plainTrain = table.where(table.stringColumn("network").isEqualTo("no dropout")
                .and(table.stringColumn("split").isEqualTo("train")));
        Table dropTrain = table.where(table.stringColumn("network").isEqualTo("dropout dropProb=0.5")
                .and(table.stringColumn("split").isEqualTo("train")));
        double plainLoss = plainTrain.doubleColumn("loss").get(14);
        double dropLoss = dropTrain.doubleColumn("loss").get(14);
        assertAll(
                () -> assertEquals(List.of("epoch", "split", "loss", "accuracy", "network"), table.columnNames()),
                () -> assertEquals(60, table.rowCount()),
                () -> assertTrue(plainLoss < dropLoss, "final training loss without dropout " + plainLoss + ", with " + dropLoss));
    }
}
