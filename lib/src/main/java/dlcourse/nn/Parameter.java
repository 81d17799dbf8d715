package dlcourse.nn;

import dlcourse.tensor.Precision;
import dlcourse.tensor.Tensor;

/**
 * A trainable tensor of a layer (a weight matrix W or a bias b) and its gradient from the last backward
 * pass. The value is replaced, never changed in place, by an optimizer's update.
 *
 * <p>A value stored in float32 (training in {@link Precision#FLOAT32}) that an optimizer's {@link #update}
 * replaces, and a float32 gradient that the next backward pass replaces, are retired ({@link Tensor#retire}):
 * their memory serves the next value or gradient of the same size, and reading the old tensor afterwards
 * throws. To keep a value for later (to compare the weights before and after training), keep
 * {@code value().copy()}. Tensors stored in float64 are never retired, so in float64 training (the default) an
 * old value stays readable; {@link #setValue} (loading or restoring weights) never retires.
 */
public final class Parameter {
    private final String name;
    private Tensor value;
    private Tensor grad;

    public Parameter(String name, Tensor value) {
        this.name = name;
        // a float32 tensor may be another parameter's value too (a pretrained layer's weights); this parameter
        // gets its own copy, since it retires its values as it replaces them
        this.value = owned(value);
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

    /**
     * Sets a new value of the same shape (loading, restoring or editing weights); the old value stays readable. A
     * float32 tensor is copied: the caller may keep it, and this parameter's updates retire only its own values.
     */
    public void setValue(Tensor newValue) {
        newValue.requireShape("Parameter " + name + ".setValue", value.shape());
        this.value = owned(newValue);
    }

    /**
     * An optimizer's step: sets the updated value (same shape) and, in float32, retires the value it replaces so
     * that the next update reuses its memory (see the class comment).
     */
    public void update(Tensor newValue) {
        newValue.requireShape("Parameter " + name + ".update", value.shape());
        Tensor old = value;
        this.value = newValue;
        if (old != newValue) {
            old.retire();   // float32 only
        }
    }

    /** Sets the gradient (called by the layer's backward). */
    public void setGrad(Tensor newGrad) {
        newGrad.requireShape("Parameter " + name + ".setGrad", value.shape());
        Tensor old = grad;
        this.grad = newGrad;
        if (old != newGrad && old != value) {
            old.retire();   // float32 only, as in update
        }
    }

    /** The tensor itself, or for a float32 tensor (which this parameter's updates retire) a copy of its own. */
    private static Tensor owned(Tensor value) {
        return value.storage() == Precision.FLOAT32 ? value.copy() : value;
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
