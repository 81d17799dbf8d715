package dlcourse.rnn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.nn.Parameter;
import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LstmCellTest {
    private static final int N = 2;
    private static final int T = 4;
    private static final int D = 3;
    private static final int H = 4;

    private static double sigma(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** A one-unit cell (D = H = 1): each gate's W is [2, 1], acting on [h_{t-1}, x_t]. */
    private static LstmCell oneUnit(double[] wf, double bf, double[] wi, double bi, double[] wc, double bc,
                                    double[] wo, double bo) {
        LstmCell cell = LstmCell.create(1, 1, 0);
        List<Parameter> p = cell.parameters();
        p.get(0).setValue(Tensor.of(new double[][] {{wf[0]}, {wf[1]}}));
        p.get(1).setValue(Tensor.of(bf));
        p.get(2).setValue(Tensor.of(new double[][] {{wi[0]}, {wi[1]}}));
        p.get(3).setValue(Tensor.of(bi));
        p.get(4).setValue(Tensor.of(new double[][] {{wc[0]}, {wc[1]}}));
        p.get(5).setValue(Tensor.of(bc));
        p.get(6).setValue(Tensor.of(new double[][] {{wo[0]}, {wo[1]}}));
        p.get(7).setValue(Tensor.of(bo));
        return cell;
    }

    @Nested
    @DisplayName("forward")
    class Forward {
        @Test
        @DisplayName("two steps of the lecture's six equations, worked by hand for one unit")
        void equationsByHand() {
            double[] wf = {0.3, -0.2};
            double[] wi = {0.1, 0.8};
            double[] wc = {-0.5, 1.2};
            double[] wo = {0.7, 0.4};
            LstmCell cell = oneUnit(wf, 0.5, wi, -0.1, wc, 0.2, wo, 0.0);
            double[] x = {1.5, -0.7};
            List<Tensor> hs = cell.forwardSequence(List.of(Tensor.of(new double[][] {{x[0]}}),
                    Tensor.of(new double[][] {{x[1]}})));
            double h = 0;
            double c = 0;
            double[] expected = new double[2];
            for (int t = 0; t < 2; t++) {
                double f = sigma(wf[0] * h + wf[1] * x[t] + 0.5);
                double i = sigma(wi[0] * h + wi[1] * x[t] - 0.1);
                double cTilde = Math.tanh(wc[0] * h + wc[1] * x[t] + 0.2);
                c = f * c + i * cTilde;
                double o = sigma(wo[0] * h + wo[1] * x[t]);
                h = o * Math.tanh(c);
                expected[t] = h;
            }
            assertAll(
                    () -> assertEquals(expected[0], hs.get(0).item(), 1e-15),
                    () -> assertEquals(expected[1], hs.get(1).item(), 1e-15));
        }

        @Test
        @DisplayName("forget gate open and input gate closed: the cell keeps C_0 over 50 steps, whatever the input")
        void remembersWithGatesSet() {
            LstmCell cell = oneUnit(new double[] {0, 0}, 30, new double[] {0, 0}, -30, new double[] {0, 1}, 0,
                    new double[] {0, 0}, 0);
            List<Tensor> xs = RecurrentChecks.randomSteps(new Random(1), 50, 1, 1);
            cell.forwardSequence(xs, Tensor.zeros(1, 1), Tensor.of(new double[][] {{0.8}}));
            LstmCell.GateActivations gates = cell.gateActivations(0);
            assertAll(
                    () -> assertEquals(0.8, gates.c().get(49, 0), 1e-9),
                    () -> assertEquals(0.5 * Math.tanh(0.8), gates.h().get(49, 0), 1e-9));
        }

        @Test
        @DisplayName("gate activations are recorded per step for heat maps: [T, H], gates inside (0, 1)")
        void gateActivations() {
            LstmCell cell = LstmCell.create(D, H, 2);
            cell.forwardSequence(RecurrentChecks.randomSteps(new Random(3), T, N, D));
            LstmCell.GateActivations gates = cell.gateActivations(1);
            assertAll(
                    () -> assertArrayEquals(new int[] {T, H}, gates.f().shape()),
                    () -> assertArrayEquals(new int[] {T, H}, gates.cTilde().shape()),
                    () -> assertArrayEquals(new int[] {T, H}, gates.h().shape()),
                    () -> assertTrue(gates.f().min() > 0 && gates.f().max() < 1),
                    () -> assertTrue(gates.i().min() > 0 && gates.i().max() < 1),
                    () -> assertTrue(gates.o().min() > 0 && gates.o().max() < 1),
                    () -> assertThrows(IndexOutOfBoundsException.class, () -> cell.gateActivations(N)),
                    () -> assertEquals(6 * T * H, gates.toTable().rowCount()),
                    () -> assertEquals(gates.o().get(2, 3), gates.toTable().where(gates.toTable().stringColumn("name")
                            .isEqualTo("o").and(gates.toTable().intColumn("step").isEqualTo(3))
                            .and(gates.toTable().intColumn("unit").isEqualTo(3))).doubleColumn("value").get(0)));
        }

        @Test
        @DisplayName("a wrong C_0 is rejected with a message naming C_0 and both shapes")
        void rejectsWrongState() {
            LstmCell cell = LstmCell.create(D, H, 2);
            List<Tensor> xs = RecurrentChecks.randomSteps(new Random(3), T, N, D);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cell.forwardSequence(xs, Tensor.zeros(N, H), Tensor.zeros(N, H + 1)));
            assertTrue(e.getMessage().contains("C_0 [N, H]") && e.getMessage().contains("[2, 4]")
                    && e.getMessage().contains("[2, 5]"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("backpropagation through time")
    class Backward {
        @Test
        @DisplayName("dX and every gate's dW and db agree with central differences")
        void gradientCheck() {
            Random rng = new Random(7);
            LstmCell cell = new LstmCell(D, H, rng);
            Tensor x = Tensor.randn(rng, 1, N, T, D);
            List<Tensor> upstream = RecurrentChecks.randomSteps(rng, T, N, H);
            assertAll(RecurrentChecks.gradientChecks(cell, x, upstream).stream());
        }

        @Test
        @DisplayName("dHPrev and dCPrev reach h_0 and C_0 and agree with central differences")
        void initialStateGradients() {
            Random rng = new Random(8);
            LstmCell cell = new LstmCell(D, H, rng);
            List<Tensor> xs = RecurrentChecks.randomSteps(rng, T, N, D);
            List<Tensor> upstream = RecurrentChecks.randomSteps(rng, T, N, H);
            Tensor h0 = Tensor.randn(rng, 0.5, N, H);
            Tensor c0 = Tensor.randn(rng, 0.5, N, H);
            cell.forwardSequence(xs, h0, c0);
            cell.backwardSequence(upstream);
            Tensor dH0 = cell.dH0();
            Tensor dC0 = cell.dC0();
            assertAll(
                    () -> GradientCheck.assertGradient("LstmCell dH0",
                            h -> RecurrentChecks.loss(cell.forwardSequence(xs, h, c0), upstream), h0, dH0),
                    () -> GradientCheck.assertGradient("LstmCell dC0",
                            c -> RecurrentChecks.loss(cell.forwardSequence(xs, h0, c), upstream), c0, dC0));
        }

        @Test
        @DisplayName("with the forget gate open, the gradient on the cell state reaches C_0 undiminished after 50 steps")
        void cellStateCarriesGradient() {
            LstmCell cell = oneUnit(new double[] {0, 0}, 30, new double[] {0, 0}, -30, new double[] {0, 1}, 0,
                    new double[] {0, 0}, 0);
            List<Tensor> xs = RecurrentChecks.randomSteps(new Random(1), 50, 1, 1);
            Tensor c0 = Tensor.of(new double[][] {{0.8}});
            cell.forwardSequence(xs, Tensor.zeros(1, 1), c0);
            cell.backwardSequence(Sequences.onlyLast(50, Tensor.of(new double[][] {{1.0}})));
            // h_T = 0.5 tanh(C_T) with C_T = C_0: dh_T/dC_0 = 0.5 (1 - tanh(0.8)^2)
            double expected = 0.5 * (1 - Math.pow(Math.tanh(0.8), 2));
            assertEquals(expected, cell.dC0().item(), 1e-9);
        }
    }
}
