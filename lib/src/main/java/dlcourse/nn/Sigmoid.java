package dlcourse.nn;

import dlcourse.tensor.ElementFunctions;
import dlcourse.tensor.Tensor;

/**
 * The logistic sigmoid, sigma(x) = 1 / (1 + e^-x), applied element-wise; squashes numbers into (0, 1).
 * Shapes: any, e.g. [N, H] to [N, H].
 *
 * <p>Taught in {@code notebooks/02-activation-functions.ipynb}.
 */
public final class Sigmoid implements Activation {
    private record Cache(Tensor y) {}

    private Cache cache;

    /**
     * sigma(x) = 1 / (1 + e^-x) for one number, in the stable form: e^-x is only computed for x >= 0 and e^x
     * for x < 0, so neither overflows. For code that needs the sigmoid outside a layer.
     */
    public static double sigma(double x) {
        // the library's one sigmoid: 1 / (1 + e^-x) for x >= 0, e^x / (1 + e^x) for x < 0
        return ElementFunctions.sigmoid(x);
    }

    @Override
    public double value(double x) {
        return sigma(x);
    }

    @Override
    public double derivative(double x) {
        double s = value(x);
        // sigma'(x) = sigma(x) (1 - sigma(x))
        return s * (1 - s);
    }

    @Override
    public Tensor forward(Tensor x) {
        // y = sigma(x) for every element
        Tensor y = x.sigmoid();
        cache = new Cache(y);
        return y;
    }

    @Override
    public Tensor backward(Tensor dY) {
        Cache c = Layers.requireCache(cache, this);
        dY.requireShape("Sigmoid.backward (dY)", c.y().shape());
        // forward was: y = sigma(x), so dX = dY * y (1 - y)
        return dY.timesSigmoidSlope(c.y());
    }
}
