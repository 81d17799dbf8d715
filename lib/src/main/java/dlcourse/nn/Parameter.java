package dlcourse.nn;

import dlcourse.tensor.Tensor;

/**
 * A trainable tensor of a layer (a weight matrix W or a bias b) and its gradient from the last backward
 * pass. The value is replaced, never changed in place, by an optimizer's update.
 */
public final class Parameter {
    private final String name;
    private Tensor value;
    private Tensor grad;

    public Parameter(String name, Tensor value) {
        this.name = name;
        this.value = value;
        this.grad = Tensor.zeros(value.shape());
    }

    /** The parameter's name on the slide, such as "W" or "b". */
    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    /** dL/d(value) from the last backward pass; zeros before the first one. */
    public Tensor grad() {
        return grad;
    }

    /** Sets a new value of the same shape (an optimizer's update, or loading weights). */
    public void setValue(Tensor newValue) {
        newValue.requireShape("Parameter " + name + ".setValue", value.shape());
        this.value = newValue;
    }

    /** Sets the gradient (called by the layer's backward). */
    public void setGrad(Tensor newGrad) {
        newGrad.requireShape("Parameter " + name + ".setGrad", value.shape());
        this.grad = newGrad;
    }

    /** The number of scalars in this parameter. */
    public int count() {
        return value.size();
    }

    @Override
    public String toString() {
        return "Parameter " + name + " " + Tensor.describe(value.shape());
    }
}
