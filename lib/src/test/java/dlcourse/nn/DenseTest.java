package dlcourse.nn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DenseTest {
    private final Random rng = new Random(3);

    @Nested
    @DisplayName("forward")
    class Forward {
        @Test
        @DisplayName("computes y = xW + b on a hand-worked example")
        void handWorked() {
            Dense dense = new Dense(Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}), Tensor.of(0.5, -1));
            Tensor y = dense.forward(Tensor.of(new double[][] {{1, 0, -1}, {2, 1, 0}}));
            // row 1: [1 - 5 + 0.5, 2 - 6 - 1]; row 2: [2 + 3 + 0.5, 4 + 4 - 1]
            assertEquals(Tensor.of(new double[][] {{-3.5, -5}, {5.5, 7}}), y);
        }

        @Test
        @DisplayName("an input with the wrong number of features names Dense.forward and both shapes")
        void wrongInput() {
            Dense dense = new Dense(4, 3, rng);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> dense.forward(Tensor.zeros(2, 5)));
            assertAll(
                    () -> assertTrue(e.getMessage().contains("Dense.forward"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("[*, 4]"), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("[2, 5]"), e.getMessage()));
        }

        @Test
        @DisplayName("initial weights have standard deviation near sqrt(1/D) and zero bias")
        void initialization() {
            Dense dense = new Dense(400, 50, rng);
            double std = Math.sqrt(dense.W().value().squaredNorm() / dense.W().count());
            assertAll(
                    () -> assertEquals(Math.sqrt(1.0 / 400), std, 0.002),
                    () -> assertEquals(0, dense.b().value().squaredNorm()),
                    () -> assertEquals("Dense(400 -> 50)", dense.describe()));
        }
    }

    @Nested
    @DisplayName("backward")
    class Backward {
        @Test
        @DisplayName("dX, dW and db pass the gradient check")
        void gradients() {
            Dense dense = new Dense(4, 3, rng);
            Tensor x = Tensor.randn(rng, 1, 5, 4);
            Tensor dY = Tensor.randn(rng, 1, 5, 3);
            dense.forward(x);
            Tensor dX = dense.backward(dY);
            Tensor W = dense.W().value();
            Tensor b = dense.b().value();
            assertAll(
                    () -> GradientCheck.assertBackward("Dense dX", in -> new Dense(W, b).forward(in), x, dY, dX),
                    () -> GradientCheck.assertBackward("Dense dW", w -> new Dense(w, b).forward(x), W, dY, dense.W().grad()),
                    () -> GradientCheck.assertBackward("Dense db", c -> new Dense(W, c).forward(x), b, dY, dense.b().grad()));
        }
    }

    @Test
    @DisplayName("maxout takes the largest of k pieces, and dX, dW, db pass the gradient check")
    void maxout() {
        Maxout maxout = new Maxout(3, 2, 3, rng);
        Tensor x = Tensor.randn(rng, 1, 4, 3);
        Tensor y = maxout.forward(x);
        Tensor z = x.matmul(maxout.W().value()).plusRow(maxout.b().value());
        assertEquals(Math.max(z.get(1, 3), Math.max(z.get(1, 4), z.get(1, 5))), y.get(1, 1), 1e-12);

        Tensor dY = Tensor.randn(rng, 1, 4, 2);
        Tensor dX = maxout.backward(dY);
        Tensor W = maxout.W().value();
        Tensor b = maxout.b().value();
        assertAll(
                () -> GradientCheck.assertBackward("Maxout dX", in -> new Maxout(W, b, 3).forward(in), x, dY, dX),
                () -> GradientCheck.assertBackward("Maxout dW", w -> new Maxout(w, b, 3).forward(x), W, dY, maxout.W().grad()),
                () -> GradientCheck.assertBackward("Maxout db", c -> new Maxout(W, c, 3).forward(x), b, dY, maxout.b().grad()));
    }

    @Test
    @DisplayName("maxout with k = 2 and pieces (w, 0) is a ReLU of xw")
    void maxoutGeneralizesRelu() {
        Tensor w = Tensor.of(new double[][] {{2, 0}});
        Maxout maxout = new Maxout(w, Tensor.zeros(2), 2);
        Tensor x = Tensor.of(new double[][] {{-1.5}, {0.25}, {3}});
        assertEquals(new Relu().forward(x.times(2)), maxout.forward(x));
    }
}
