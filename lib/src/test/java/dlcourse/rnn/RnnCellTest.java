package dlcourse.rnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RnnCellTest {
    private static final int N = 2;
    private static final int T = 4;
    private static final int D = 3;
    private static final int H = 5;

    /** Sets W_hh, W_xh and b (in the order of parameters()). */
    private static RnnCell cellWith(Tensor W_hh, Tensor W_xh, Tensor b) {
        RnnCell cell = new RnnCell(W_xh.rows(), W_hh.rows(), new Random(0));
        cell.parameters().get(0).setValue(W_hh);
        cell.parameters().get(1).setValue(W_xh);
        cell.parameters().get(2).setValue(b);
        return cell;
    }

    @Nested
    @DisplayName("forward")
    class Forward {
        @Test
        @DisplayName("h_t = tanh(W_hh h_{t-1} + W_xh x_t + b), worked by hand for one unit")
        void equationByHand() {
            RnnCell cell = cellWith(Tensor.of(new double[][] {{0.5}}), Tensor.of(new double[][] {{2.0}}), Tensor.of(0.1));
            List<Tensor> xs = List.of(Tensor.of(new double[][] {{1.0}}), Tensor.of(new double[][] {{-1.0}}));
            List<Tensor> hs = cell.forwardSequence(xs);
            double h1 = Math.tanh(0.5 * 0 + 2.0 * 1.0 + 0.1);
            double h2 = Math.tanh(0.5 * h1 + 2.0 * -1.0 + 0.1);
            assertAll(
                    () -> assertEquals(h1, hs.get(0).item(), 1e-15),
                    () -> assertEquals(h2, hs.get(1).item(), 1e-15));
        }

        @Test
        @DisplayName("as a Layer it maps [N, T, D] to the hidden states [N, T, H]")
        void layerShapes() {
            RnnCell cell = RnnCell.create(D, H, 1);
            Tensor x = Tensor.randn(new Random(2), 1, N, T, D);
            Tensor y = cell.forward(x);
            List<Tensor> hs = cell.forwardSequence(Sequences.split(x));
            assertAll(
                    () -> assertArrayEquals(new int[] {N, T, H}, y.shape()),
                    () -> assertEquals(Sequences.join(hs), y));
        }

        @Test
        @DisplayName("a step with the wrong number of features is rejected, naming the step and both shapes")
        void rejectsWrongInput() {
            RnnCell cell = RnnCell.create(D, H, 1);
            List<Tensor> xs = List.of(Tensor.zeros(N, D), Tensor.zeros(N, D + 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cell.forwardSequence(xs));
            assertAll(
                    () -> assertTrue(e.getMessage().contains("RnnCell.forwardSequence"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("time step 1"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 4]"), e.getMessage()));
        }

        @Test
        @DisplayName("backward before forward says to call forward first")
        void backwardBeforeForward() {
            RnnCell cell = RnnCell.create(D, H, 1);
            assertThrows(IllegalStateException.class, () -> cell.backwardSequence(List.of(Tensor.zeros(N, H))));
        }
    }

    @Nested
    @DisplayName("backpropagation through time")
    class Backward {
        @Test
        @DisplayName("dX, dW_hh, dW_xh and db agree with central differences")
        void gradientCheck() {
            Random rng = new Random(3);
            RnnCell cell = new RnnCell(D, H, rng);
            Tensor x = Tensor.randn(rng, 1, N, T, D);
            List<Tensor> upstream = RecurrentChecks.randomSteps(rng, T, N, H);
            assertAll(RecurrentChecks.gradientChecks(cell, x, upstream).stream());
        }

        @Test
        @DisplayName("dL/dh_0 agrees with central differences")
        void initialStateGradient() {
            Random rng = new Random(4);
            RnnCell cell = new RnnCell(D, H, rng);
            List<Tensor> xs = RecurrentChecks.randomSteps(rng, T, N, D);
            List<Tensor> upstream = RecurrentChecks.randomSteps(rng, T, N, H);
            Tensor h0 = Tensor.randn(rng, 0.5, N, H);
            cell.forwardSequence(xs, h0);
            cell.backwardSequence(upstream);
            GradientCheck.assertGradient("RnnCell dH0",
                    h -> RecurrentChecks.loss(cell.forwardSequence(xs, h), upstream), h0, cell.dH0());
        }

        @Test
        @DisplayName("with W_hh = 0.5 I the gradient at least halves at every step back in time (it vanishes)")
        void vanishing() {
            Random rng = new Random(5);
            RnnCell cell = cellWith(Tensor.of(new double[][] {{0.5, 0}, {0, 0.5}}), Tensor.randn(rng, 1, D, 2),
                    Tensor.zeros(2));
            List<Tensor> xs = RecurrentChecks.randomSteps(rng, 12, N, D);
            cell.forwardSequence(xs);
            cell.backwardSequence(Sequences.onlyLast(12, Tensor.full(1.0, N, 2)));
            double[] norms = cell.gradientNormsPerStep();
            assertEquals(12, norms.length);
            assertEquals(2.0, norms[11], 1e-12, "the last step gets the loss's gradient ||1|| over 4 entries");
            for (int t = 0; t < 11; t++) {
                assertTrue(norms[t] <= 0.5 * norms[t + 1] + 1e-15, "step " + t + ": " + norms[t] + " vs " + norms[t + 1]);
            }
        }

        @Test
        @DisplayName("with W_hh = 3 I and h staying 0 the gradient grows exactly 3-fold per step back (it explodes)")
        void exploding() {
            RnnCell cell = cellWith(Tensor.of(new double[][] {{3, 0}, {0, 3}}), Tensor.zeros(D, 2), Tensor.zeros(2));
            cell.forwardSequence(RecurrentChecks.randomSteps(new Random(6), 6, N, D));
            cell.backwardSequence(Sequences.onlyLast(6, Tensor.full(1.0, N, 2)));
            double[] norms = cell.gradientNormsPerStep();
            assertAll(
                    () -> assertEquals(2.0, norms[5], 1e-12),
                    () -> assertEquals(2.0 * Math.pow(3, 5), norms[0], 1e-9));
        }
    }
}
