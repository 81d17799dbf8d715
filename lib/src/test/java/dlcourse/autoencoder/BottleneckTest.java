package dlcourse.autoencoder;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.data.Mnist;
import dlcourse.data.TrainTest;
import dlcourse.tensor.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class BottleneckTest {
    @Test
    @DisplayName("on real digits, more hidden units rebuild both training and test digits better")
    void errorFallsWithHiddenUnits() {
        TrainTest data = Mnist.load(42);
        Tensor train = data.train().x().slice(0, 500);
        Tensor test = data.test().x().slice(0, 200);
        Table table = Bottleneck.errorByHiddenUnits(train, test, new int[] {2, 32}, 5, 0.5, 25, 1);
        double small = table.doubleColumn("testError").get(0);
        double large = table.doubleColumn("testError").get(1);
        double untrained = Bottleneck.reconstructionError(Autoencoder.create(784, 32, 1), test);
        assertAll(
                () -> assertEquals(2, table.rowCount()),
                () -> assertTrue(large < small, table.print()),
                () -> assertTrue(large < untrained / 3, table.print() + "\nuntrained " + untrained));
    }
}
