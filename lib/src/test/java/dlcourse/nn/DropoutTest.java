package dlcourse.nn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DropoutTest {
    private final Tensor x = Tensor.uniform(new Random(1), 0.5, 1.5, 200, 50);

    @Nested
    @DisplayName("training mode")
    class Training {
        @ParameterizedTest(name = "dropProb {0}")
        @CsvSource({"0.2", "0.5", "0.8"})
        @DisplayName("drops about dropProb of the units")
        void dropsFraction(double dropProb) {
            Dropout dropout = Dropout.scaleAtTest(dropProb, 3);
            Tensor y = dropout.forward(x);
            double dropped = y.map(v -> v == 0 ? 1 : 0).mean();
            assertEquals(dropProb, dropped, 0.02);
        }

        @Test
        @DisplayName("the lecture's rule keeps units unchanged; inverted dropout divides them by 1 - dropProb")
        void keptUnits() {
            Dropout lecture = Dropout.scaleAtTest(0.5, 3);
            Dropout inverted = Dropout.inverted(0.5, 3);
            Tensor yLecture = lecture.forward(x);
            Tensor yInverted = inverted.forward(x);
            assertAll(
                    () -> assertEquals(x.times(lecture.lastMask()), yLecture),
                    () -> assertTrue(x.times(inverted.lastMask()).times(2).allClose(yInverted, 1e-12)));
        }

        @Test
        @DisplayName("draws a new mask for every mini-batch")
        void newMaskEachBatch() {
            Dropout dropout = Dropout.inverted(0.5, 3);
            dropout.forward(x);
            Tensor first = dropout.lastMask();
            dropout.forward(x);
            assertNotEquals(first, dropout.lastMask());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Dropout.Rule.class)
        @DisplayName("the expected training output equals the test output")
        void expectationMatchesTest(Dropout.Rule rule) {
            Tensor ones = Tensor.full(1, 400, 100);
            Dropout dropout = new Dropout(0.3, rule, new Random(5));
            double trainMean = dropout.forward(ones).mean();
            dropout.setTraining(false);
            double testMean = dropout.forward(ones).mean();
            assertEquals(testMean, trainMean, 0.01);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Dropout.Rule.class)
        @DisplayName("backward passes the gradient check with the mask held fixed")
        void backward(Dropout.Rule rule) {
            Tensor small = Tensor.randn(new Random(2), 1, 4, 5);
            Dropout dropout = new Dropout(0.4, rule, new Random(6));
            dropout.forward(small);
            Tensor mask = dropout.lastMask();
            Tensor upstream = Tensor.randn(new Random(3), 1, 4, 5);
            Tensor dX = dropout.backward(upstream);
            GradientCheck.assertBackward("dropout " + rule, t -> Dropout.forwardTrain(t, mask, 0.4, rule), small, upstream, dX);
        }
    }

    @Nested
    @DisplayName("test mode")
    class Testing {
        @Test
        @DisplayName("the lecture's rule scales by 1 - dropProb (a weight w = 1 becomes 0.5 at 50%), inverted is the identity")
        void scaling() {
            Dropout lecture = Dropout.scaleAtTest(0.5, 1);
            Dropout inverted = Dropout.inverted(0.5, 1);
            lecture.setTraining(false);
            inverted.setTraining(false);
            assertAll(
                    () -> assertEquals(x.times(0.5), lecture.forward(x)),
                    () -> assertEquals(x, inverted.forward(x)),
                    () -> assertEquals(x.times(0.5), lecture.backward(x)));
        }

        @Test
        @DisplayName("scaling the activations at test time equals scaling the next layer's weights by 1 - dropProb")
        void weightsView() {
            Random rng = new Random(8);
            Tensor W = Tensor.randn(rng, 1, 50, 4);
            Tensor b = Tensor.randn(rng, 1, 4);
            Dropout dropout = Dropout.scaleAtTest(0.3, 1);
            dropout.setTraining(false);
            Tensor viaLayer = new Dense(W, b).forward(dropout.forward(x));
            Tensor viaWeights = new Dense(Dropout.scaleWeightsForTest(W, 0.3), b).forward(x);
            assertAll(
                    () -> assertTrue(viaLayer.allClose(viaWeights, 1e-10)),
                    () -> assertEquals(0.5, Dropout.scaleWeightsForTest(Tensor.of(1.0), 0.5).get(0), "w = 1 becomes 0.5"));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Dropout.Rule.class)
        @DisplayName("backward passes the gradient check")
        void backward(Dropout.Rule rule) {
            Tensor small = Tensor.randn(new Random(2), 1, 3, 4);
            Dropout dropout = new Dropout(0.25, rule, new Random(6));
            dropout.setTraining(false);
            dropout.forward(small);
            Tensor upstream = Tensor.randn(new Random(3), 1, 3, 4);
            GradientCheck.assertBackward("dropout test " + rule, t -> Dropout.forwardTest(t, 0.25, rule), small, upstream,
                    dropout.backward(upstream));
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {
        @ParameterizedTest(name = "dropProb {0}")
        @CsvSource({"-0.1", "1", "1.5", "NaN"})
        @DisplayName("a dropProb outside [0, 1) is rejected with a message naming dropProb")
        void badDropProb(double dropProb) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dropout.inverted(dropProb, 1));
            assertTrue(e.getMessage().contains("dropProb"), e.getMessage());
        }

        @Test
        @DisplayName("a mask of the wrong shape is rejected with both shapes")
        void maskShape() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Dropout.forwardTrain(Tensor.zeros(2, 3), Tensor.zeros(2, 4), 0.5, Dropout.Rule.INVERTED));
            assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 4]"), e.getMessage());
        }

        @ParameterizedTest(name = "training = {0}")
        @CsvSource({"true", "false"})
        @DisplayName("a dY of another shape than x is rejected in training and in test mode")
        void backwardShape(boolean training) {
            Dropout dropout = Dropout.inverted(0.5, 1);
            dropout.setTraining(training);
            dropout.forward(Tensor.zeros(2, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dropout.backward(Tensor.zeros(3, 2)));
            assertTrue(e.getMessage().contains("Dropout.backward") && e.getMessage().contains("[2, 3]")
                    && e.getMessage().contains("[3, 2]"), e.getMessage());
        }

        @Test
        @DisplayName("backward before forward says to call forward first")
        void backwardFirst() {
            assertThrows(IllegalStateException.class, () -> Dropout.inverted(0.5, 1).backward(x));
        }
    }
}
