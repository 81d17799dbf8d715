package dlcourse.cnn;

import dlcourse.nn.Layer;
import dlcourse.tensor.Tensor;

/**
 * Turns a batch of feature maps [N, C, H, W] into a batch of vectors [N, C*H*W], the hand-over from the
 * convolutional part of a network to its fully connected part (in LeNet-5, from C5's 120 maps of 1x1 to F6).
 * No numbers change, only the shape; backward gives dY its 4-D shape back. Taught in notebook
 * {@code 08-convolutional-networks}, section "LeNet-5".
 */
public final class Flatten implements Layer {
    private Cache cache;

    /** The input shape to restore in backward. */
    private record Cache(int[] inputShape) {}

    /** [N, C, H, W] to [N, C*H*W]. */
    @Override
    public Tensor forward(Tensor x) {
        x.requireShape("Flatten.forward (input [N, C, H, W])", -1, -1, -1, -1);
        cache = new Cache(x.shape());
        return x.reshape(x.dim(0), -1);
    }

    /** [N, C*H*W] back to [N, C, H, W]. */
    @Override
    public Tensor backward(Tensor dY) {
        if (cache == null) {
            throw new IllegalStateException("Flatten.backward: call forward first, backward needs the input shape");
        }
        int[] in = cache.inputShape();
        dY.requireShape("Flatten.backward (dY)", in[0], in[1] * in[2] * in[3]);
        return dY.reshape(in);
    }

    @Override
    public String describe() {
        return "Flatten";
    }
}
