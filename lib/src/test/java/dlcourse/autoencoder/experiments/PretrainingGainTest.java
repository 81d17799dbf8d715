package dlcourse.autoencoder.experiments;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.data.Dataset;
import dlcourse.data.Mnist;
import dlcourse.data.TrainTest;
import dlcourse.nn.Dense;
import dlcourse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class PretrainingGainTest {
    private static final PretrainingGain.Settings TINY =
            new PretrainingGain.Settings(new int[] {32, 16}, 0.3, 2, 0.5, 60, 0.5, 32);

    @Test
    @DisplayName("pretraining stacks one encoder per hidden size, and the classifier copies them instead of sharing")
    void encodersAreCopied() {
        Tensor x = Mnist.load(42).train().x().slice(0, 300);
        List<Dense> encoders = PretrainingGain.pretrain(x, TINY, 1);
        Tensor before = encoders.get(0).W().value();
        var net = PretrainingGain.fromEncoders(encoders, 10, 2);
        ((Dense) net.layers().get(0)).W().setValue(before.times(0));
        assertAll(
                () -> assertEquals(2, encoders.size()),
                () -> assertEquals(784, encoders.get(0).inputs()),
                () -> assertEquals(16, encoders.get(1).outputs()),
                () -> assertEquals(before, encoders.get(0).W().value(), "the encoder is unchanged"));
    }

    @Test
    @DisplayName("one outcome per labelled-set size and seed, with gain = pretrained - random init")
    void outcomes() {
        TrainTest mnist = Mnist.load(42);
        Dataset test = mnist.test().slice(0, 300);
        var outcomes = PretrainingGain.run(mnist.train().x().slice(0, 600), mnist.train(), test, new int[] {50, 100},
                new long[] {1}, TINY);
        Table table = PretrainingGain.table(outcomes);
        assertAll(
                () -> assertEquals(2, outcomes.size()),
                () -> assertEquals(List.of("labels", "seed", "pretrained", "random init", "gain"), table.columnNames()),
                () -> assertEquals(outcomes.get(0).pretrainedAccuracy() - outcomes.get(0).randomAccuracy(),
                        outcomes.get(0).gain(), 1e-12),
                () -> assertEquals(100, outcomes.get(1).labels()),
                () -> assertTrue(outcomes.stream().allMatch(o -> o.pretrainedAccuracy() >= 0
                        && o.pretrainedAccuracy() <= 1 && o.randomAccuracy() >= 0 && o.randomAccuracy() <= 1)));
    }

    @Test
    @DisplayName("asking for more labels than the training set has names both numbers")
    void tooManyLabels() {
        TrainTest mnist = Mnist.load(42);
        Dataset small = mnist.train().slice(0, 100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PretrainingGain.run(
                small.x(), small, small, new int[] {200}, new long[] {1}, TINY));
        assertTrue(e.getMessage().contains("200 labels") && e.getMessage().contains("100 examples"), e.getMessage());
    }
}
