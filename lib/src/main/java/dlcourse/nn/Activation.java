package dlcourse.nn;

/**
 * An element-wise activation function f: a {@link Layer} whose output has the input's shape ([N, H] or any
 * shape), plus the scalar function and its derivative, so a notebook can plot f and f' side by side.
 *
 * <p>Taught in {@code notebooks/02-activation-functions.ipynb}.
 */
public interface Activation extends Layer {
    /** f(x) for one number. */
    double value(double x);

    /** f'(x) for one number: the factor that {@code backward} multiplies dY by. */
    double derivative(double x);
}
