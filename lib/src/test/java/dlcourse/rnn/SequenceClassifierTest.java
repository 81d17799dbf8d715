package dlcourse.rnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.nn.Parameter;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SequenceClassifierTest {
    @Test
    @DisplayName("every parameter's gradient of the mean cross-entropy agrees with central differences")
    void gradientCheck() {
        Random rng = new Random(9);
        SequenceClassifier model = new SequenceClassifier(new LstmCell(3, 4, rng), 3, rng);
        List<Tensor> xs = RecurrentChecks.randomSteps(rng, 5, 4, 3);
        int[] labels = {0, 2, 1, 2};
        model.lossAndGradients(xs, labels);
        List<Executable> checks = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            Tensor analytic = p.grad();
            Tensor saved = p.value();
            checks.add(() -> {
                try {
                    GradientCheck.assertGradient("d" + p.name(), value -> {
                        p.setValue(value);
                        return model.lossAndGradients(xs, labels);
                    }, saved, analytic);
                } finally {
                    p.setValue(saved);
                }
            });
        }
        assertAll(checks.stream());
    }

    @Test
    @DisplayName("with zero weights every class is equally likely: the loss is ln K")
    void uniformLoss() {
        RnnCell cell = RnnCell.create(2, 3, 1);
        SequenceClassifier model = new SequenceClassifier(cell, 5, new Random(1));
        for (Parameter p : model.parameters()) {
            p.setValue(Tensor.zeros(p.value().shape()));
        }
        double loss = model.lossAndGradients(RecurrentChecks.randomSteps(new Random(2), 3, 2, 2), new int[] {1, 4});
        assertEquals(Math.log(5), loss, 1e-12);
    }

    @Test
    @DisplayName("labels outside the classes or of the wrong count are rejected with what was expected")
    void rejectsBadLabels() {
        SequenceClassifier model = new SequenceClassifier(RnnCell.create(2, 3, 1), 3, new Random(1));
        List<Tensor> xs = RecurrentChecks.randomSteps(new Random(2), 3, 2, 2);
        assertAll(
                () -> assertTrue(assertThrows(IllegalArgumentException.class,
                        () -> model.lossAndGradients(xs, new int[] {0, 3})).getMessage().contains("label 3 outside")),
                () -> assertTrue(assertThrows(IllegalArgumentException.class,
                        () -> model.accuracy(xs, new int[] {0})).getMessage().contains("expected 2 labels")));
    }
}
