package dlcourse.autoencoder;

import dlcourse.check.GradientCheck;
import dlcourse.nn.Parameter;
import dlcourse.tensor.Tensor;
import java.util.function.DoubleSupplier;

/** Gradient checks of a parameter: the objective is re-evaluated with the parameter's value moved. */
final class ParameterCheck {
    private ParameterCheck() {}

    /** Fails unless {@code analytic} is the gradient of {@code objective} with respect to p's value. */
    static void assertParameterGradient(String what, Parameter p, DoubleSupplier objective, Tensor analytic) {
        Tensor saved = p.value();
        try {
            GradientCheck.assertGradient(what, value -> {
                p.setValue(value);
                return objective.getAsDouble();
            }, saved, analytic);
        } finally {
            p.setValue(saved);
        }
    }
}
