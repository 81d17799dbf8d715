package dlcourse.nn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class MlpTest {
    private final Random rng = new Random(21);

    @Test
    @DisplayName("dense(rng, Relu::new, 4, 5, 3) is Dense, ReLU, Dense with 4*5+5 + 5*3+3 parameters")
    void structure() {
        Mlp net = Mlp.dense(rng, Relu::new, 4, 5, 3);
        Table summary = net.summary();
        assertAll(
                () -> assertEquals("Mlp(Dense(4 -> 5), Relu, Dense(5 -> 3))", net.describe()),
                () -> assertEquals(43, net.parameterCount()),
                () -> assertEquals(List.of("Dense(4 -> 5)", "Relu", "Dense(5 -> 3)"), summary.stringColumn("description").asList()),
                () -> assertEquals(25, summary.intColumn("parameters").get(0)));
    }

    @Test
    @DisplayName("backward through the whole network passes the gradient check, for the input and every parameter")
    void backward() {
        Mlp net = Mlp.of(new Dense(3, 4, rng), new Tanh(), new Dense(4, 4, rng), new Elu(), new Dense(4, 2, rng),
                new Sigmoid());
        Tensor x = Tensor.randn(rng, 1, 5, 3);
        Tensor dY = Tensor.randn(rng, 1, 5, 2);
        net.forward(x);
        Tensor dX = net.backward(dY);
        GradientCheck.assertBackward("Mlp dX", net::forward, x, dY, dX);
        Dense first = (Dense) net.layers().get(0);
        Tensor W = first.W().value();
        Tensor dW = first.W().grad();
        GradientCheck.assertBackward("Mlp dW of the first layer", w -> {
            first.W().setValue(w);
            return net.forward(x);
        }, W, dY, dW);
    }

    @Test
    @DisplayName("Reshape keeps the batch axis, and its backward restores the input's shape")
    void reshape() {
        Reshape toImages = new Reshape(1, 2, 3);
        Tensor x = Tensor.randn(rng, 1, 4, 6);
        Tensor images = toImages.forward(x);
        Tensor dY = Tensor.randn(rng, 1, 4, 1, 2, 3);
        Tensor dX = toImages.backward(dY);
        Reshape flat = Reshape.flatten();
        assertAll(
                () -> assertEquals(List.of(4, 1, 2, 3), java.util.Arrays.stream(images.shape()).boxed().toList()),
                () -> assertEquals(x.get(2, 4), images.get(2, 0, 1, 1)),
                () -> assertEquals(List.of(4, 6), java.util.Arrays.stream(flat.forward(images).shape()).boxed().toList()),
                () -> GradientCheck.assertBackward("Reshape", new Reshape(1, 2, 3)::forward, x, dY, dX),
                () -> assertEquals("Reshape(N, 1, 2, 3)", toImages.describe()));
    }

    @Test
    @DisplayName("Reshape.backward refuses a dY with the right number of values but not the output's shape")
    void reshapeBackwardShape() {
        Reshape toImages = new Reshape(1, 2, 3);
        toImages.forward(Tensor.randn(rng, 1, 4, 6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> toImages.backward(Tensor.zeros(4, 1, 3, 2)));
        assertAll(
                () -> assertTrue(e.getMessage().startsWith("Reshape.backward"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("[4, 1, 2, 3]") && e.getMessage().contains("[4, 1, 3, 2]"),
                        e.getMessage()));
    }

    @Test
    @DisplayName("an empty network and a size list shorter than two are refused")
    void errors() {
        assertAll(
                () -> assertThrows(IllegalArgumentException.class, () -> Mlp.of()),
                () -> assertThrows(IllegalArgumentException.class, () -> Mlp.dense(rng, Relu::new, 4)));
    }
}
