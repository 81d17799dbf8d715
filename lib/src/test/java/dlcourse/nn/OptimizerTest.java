package dlcourse.nn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizerTest {

    @Test
    @DisplayName("SGD moves W by -learningRate dW")
    void sgd() {
        Parameter W = new Parameter("W", Tensor.of(1, 2));
        W.setGrad(Tensor.of(10, -20));
        new Sgd(0.1).step(List.of(W));
        assertTrue(Tensor.of(0, 4).allClose(W.value(), 1e-12), W.value().toString());
    }

    @Test
    @DisplayName("momentum accumulates velocity: v = mu v - lr dW, then W = W + v")
    void momentum() {
        Parameter W = new Parameter("W", Tensor.of(0.0));
        W.setGrad(Tensor.of(1.0));
        Momentum optimizer = new Momentum(0.1, 0.9);
        optimizer.step(List.of(W));
        double afterOne = W.value().get(0);
        optimizer.step(List.of(W));
        // step 1: v = -0.1, W = -0.1; step 2: v = 0.9 * -0.1 - 0.1 = -0.19, W = -0.29
        assertAll(
                () -> assertEquals(-0.1, afterOne, 1e-12),
                () -> assertEquals(-0.29, W.value().get(0), 1e-12));
    }

    @Test
    @DisplayName("Adam's first steps: bias-corrected averages move W by about the learning rate, whatever the gradient's scale")
    void adam() {
        Parameter W = new Parameter("W", Tensor.of(1.0, 1.0));
        Adam optimizer = new Adam(0.1);
        W.setGrad(Tensor.of(1000.0, -0.001));
        optimizer.step(List.of(W));
        Tensor afterOne = W.value();
        W.setGrad(Tensor.of(-1000.0, -0.001));
        optimizer.step(List.of(W));
        // step 1: mHat = g, vHat = g^2, so W moves by -0.1 g / (|g| + eps)
        // step 2, first weight: m = 0.9 * 100 - 100 = -10, mHat = -10 / 0.19; v = 0.999 * 1000 + 1000 = 1999,
        // vHat = 1999 / (1 - 0.999^2); W = 0.9 + 0.1 * (10 / 0.19) / sqrt(1999 / 0.001999)
        double mHat = -10 / (1 - 0.81);
        double vHat = 1999 / (1 - 0.999 * 0.999);
        double expected = 0.9 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
        assertAll(
                () -> assertEquals(0.9, afterOne.get(0), 1e-9),
                () -> assertEquals(1.1, afterOne.get(1), 1e-5),
                () -> assertEquals(expected, W.value().get(0), 1e-9),
                () -> assertEquals(1.2, W.value().get(1), 1e-5));
    }

    @Test
    @DisplayName("gradient descent with momentum minimizes a quadratic bowl faster than plain SGD")
    void minimizes() {
        double sgd = descend(new Sgd(0.01));
        double momentum = descend(new Momentum(0.01, 0.9));
        double adam = descend(new Adam(0.1));
        assertAll(
                () -> assertTrue(adam < sgd, "adam " + adam + " vs sgd " + sgd),
                () -> assertTrue(sgd < 1.0, "sgd ended at f = " + sgd),
                () -> assertTrue(momentum < sgd / 100, "momentum " + momentum + " vs sgd " + sgd));
    }

    /** 200 steps on f(w) = 1/2 (w1^2 + 10 w2^2) from (5, 5); returns f at the end. */
    private static double descend(Optimizer optimizer) {
        Parameter w = new Parameter("w", Tensor.of(5, 5));
        for (int step = 0; step < 200; step++) {
            w.setGrad(Tensor.of(w.value().get(0), 10 * w.value().get(1)));
            optimizer.step(List.of(w));
        }
        return 0.5 * (Math.pow(w.value().get(0), 2) + 10 * Math.pow(w.value().get(1), 2));
    }

    @ParameterizedTest(name = "learning rate {0} is refused")
    @ValueSource(doubles = {-0.1, 0, Double.NaN, Double.POSITIVE_INFINITY})
    void badLearningRate(double learningRate) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sgd(learningRate));
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Momentum(learningRate, 0.9));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam(learningRate)).getMessage()
                .startsWith("Adam: learning rate must be a positive number"));
    }

    @Test
    @DisplayName("momentum mu outside [0, 1) is refused")
    void badMu() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Momentum(0.1, 1.0)).getMessage().contains("mu"));
    }
}
