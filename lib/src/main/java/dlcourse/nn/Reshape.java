package dlcourse.nn;

import dlcourse.tensor.Tensor;
import java.util.Arrays;

/**
 * Gives each example of a batch a new shape, keeping the batch axis N: for instance flat MNIST rows
 * [N, 784] become images [N, 1, 28, 28] for a convolution, and feature maps [N, C, H, W] become rows
 * [N, C*H*W] for a {@link Dense} layer. The values and their order do not change, so backward reshapes
 * dY back to the input's shape.
 * <pre>
 * new Reshape(1, 28, 28)    // [N, 784] to [N, 1, 28, 28]
 * Reshape.flatten()         // [N, C, H, W] to [N, C*H*W]
 * </pre>
 *
 * <p>Used where convolutional layers meet dense ones: the "flatten" stage of LeNet-5, taught in
 * {@code notebooks/09-lenet5.ipynb} (section "The architecture").
 */
public final class Reshape implements Layer {
    private record Cache(int[] inputShape, int[] outputShape) {}

    private final int[] exampleShape;
    private Cache cache;

    /** Each example gets {@code exampleShape}; one length may be -1 for "the rest". */
    public Reshape(int... exampleShape) {
        if (exampleShape.length == 0) {
            throw new IllegalArgumentException("Reshape: give the new shape of one example, e.g. 1, 28, 28");
        }
        this.exampleShape = exampleShape.clone();
    }

    /** [N, ...] to [N, D]: every example as one row. */
    public static Reshape flatten() {
        return new Reshape(-1);
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] shape = new int[exampleShape.length + 1];
        shape[0] = x.dim(0);
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        Tensor y = x.reshape(shape);
        cache = new Cache(x.shape(), y.shape());
        return y;
    }

    @Override
    public Tensor backward(Tensor dY) {
        Cache c = Layers.requireCache(cache, this);
        // dY has the shape forward gave y, not just its number of values
        dY.requireShape("Reshape.backward (dY, the shape of the last forward's output)", c.outputShape());
        // forward only changed the shape, so the gradient only changes it back
        return dY.reshape(c.inputShape());
    }

    @Override
    public String describe() {
        return "Reshape(N, " + Arrays.toString(exampleShape).replace("[", "").replace("]", "").replace("-1", "*") + ")";
    }
}
