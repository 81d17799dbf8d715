package dlcourse.rnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.nn.Parameter;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class FusedLstmTest {
    private static final double TOLERANCE = 1e-12;

    @Test
    @DisplayName("the fused [H + D, 4H] path gives the readable cell's h_t, dX, every gradient and gradient norm")
    void equalToReadableCell() {
        Random rng = new Random(11);
        LstmCell cell = new LstmCell(5, 7, rng);
        FusedLstm fused = new FusedLstm(cell);
        List<Tensor> xs = RecurrentChecks.randomSteps(rng, 6, 3, 5);
        List<Tensor> upstream = RecurrentChecks.randomSteps(rng, 6, 3, 7);

        List<Tensor> hsReadable = cell.forwardSequence(xs);
        List<Tensor> dXsReadable = cell.backwardSequence(upstream);
        List<Tensor> gradsReadable = cell.parameters().stream().map(Parameter::grad).toList();
        double[] normsReadable = cell.gradientNormsPerStep();

        List<Tensor> hsFused = fused.forwardSequence(xs);
        List<Tensor> dXsFused = fused.backwardSequence(upstream);
        List<Executable> checks = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int step = t;
            checks.add(() -> assertTrue(hsFused.get(step).allClose(hsReadable.get(step), TOLERANCE), "h at step " + step));
            checks.add(() -> assertTrue(dXsFused.get(step).allClose(dXsReadable.get(step), TOLERANCE), "dX at step " + step));
        }
        for (int p = 0; p < cell.parameters().size(); p++) {
            Parameter parameter = cell.parameters().get(p);
            Tensor readable = gradsReadable.get(p);
            checks.add(() -> assertTrue(parameter.grad().allClose(readable, TOLERANCE), "d" + parameter.name()));
        }
        checks.add(() -> assertArrayEquals(normsReadable, fused.gradientNormsPerStep(), TOLERANCE));
        assertAll(checks.stream());
    }

    @Test
    @DisplayName("its own backward passes the gradient check too: dX and every gate's dW and db")
    void gradientCheck() {
        Random rng = new Random(12);
        FusedLstm fused = new FusedLstm(new LstmCell(3, 4, rng));
        Tensor x = Tensor.randn(rng, 1, 2, 4, 3);
        assertAll(RecurrentChecks.gradientChecks(fused, x, RecurrentChecks.randomSteps(rng, 4, 2, 4)).stream());
    }

    @Test
    @DisplayName("it trains the cell's own Parameter objects and checks shapes like the cell")
    void sharesParameters() {
        LstmCell cell = LstmCell.create(3, 4, 1);
        FusedLstm fused = new FusedLstm(cell);
        assertAll(
                () -> assertSame(cell.parameters().get(0), fused.parameters().get(0)),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> fused.forwardSequence(List.of(Tensor.zeros(2, 4)))),
                () -> assertThrows(IllegalStateException.class,
                        () -> new FusedLstm(cell).backwardSequence(List.of(Tensor.zeros(2, 4)))));
    }
}
