package dlcourse.check;

import dlcourse.check.Checks.Mistake;
import dlcourse.nn.Sigmoid;
import dlcourse.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * Named recognisers of the usual mistakes that a plain comparison cannot name: each builds the answer the mistake
 * gives from the pieces a test already has, with the lecture's rule in words, to pass as a known {@link Mistake}
 * to {@link Checks#assertClose} or {@link GradientCheck#assertGradient}. A failure whose answer is that one then
 * says "your answer matches a known mistake: ..."; a right answer, or another mistake, is not named by it.
 * <pre>
 * Checks.assertClose("leakyRelu(-3)", -0.03, leakyRelu(-3), 1e-12, hint, Mistakes.leakyReluAsRelu(-3));
 * </pre>
 */
public final class Mistakes {
    private Mistakes() {}

    /**
     * Sigmoid's derivative taken at its output instead of its input. The forward pass was h = σ(z), and
     * σ'(z) = σ(z) (1 − σ(z)) = h (1 − h): written with h, the derivative needs no second σ. The mistake applies σ
     * to h once more, dz = dh ⊙ σ(h) (1 − σ(h)).
     *
     * @param dH      the gradient reaching h (right values), shape of h
     * @param h       the sigmoid's output, σ(z)
     * @param checked what the test checks, made from dz (e.g. {@code dz -> X.transpose().matmul(dz)} for dW, or
     *                {@code dz -> dz.sum(0)} for db); {@code UnaryOperator.identity()} for dz itself
     */
    public static Mistake sigmoidDerivativeAtOutput(Tensor dH, Tensor h, UnaryOperator<Tensor> checked) {
        Tensor sigmaOfH = h.map(Sigmoid::sigma);
        Tensor dZ = dH.times(sigmaOfH.map(s -> s * (1 - s)));
        return new Mistake("sigmoid's derivative taken at its output h instead of its input z: the forward pass was"
                + " h = σ(z), so σ'(z) = σ(z) (1 − σ(z)) = h (1 − h); σ(h) (1 − σ(h)) applies σ twice",
                checked.apply(dZ));
    }

    /**
     * Leaky ReLU written as ReLU: the negative side gives 0 instead of α·x. For x ≥ 0 both give x, so the mistake
     * shows (and is named) only for a negative x.
     *
     * @param x     the input the test gives
     * @param alpha the leak, α (the lecture's 0.01)
     */
    public static Mistake leakyReluAsRelu(double x, double alpha) {
        return new Mistake(String.format("leaky ReLU written as ReLU: for a negative x the answer is 0, where leaky ReLU"
                + " gives α·x = %s·x (max(α·x, x)); that small slope is what keeps a unit with negative inputs"
                + " learning", String.valueOf(alpha)), Tensor.of(Math.max(0, x)));
    }

    /**
     * A gradient path forgotten: a quantity the forward pass used twice gets the sum of the gradients from both
     * uses, and this answer has only one of them.
     *
     * @param quantity     the variable whose gradient is incomplete, e.g. "C_t"
     * @param missingUse   the forward line through which the missing part arrives, e.g. "h_t = o_t * tanh(C_t)"
     * @param withoutPath  the answer without that part (a test gets it, for example, as the numerical gradient of
     *                     its loss with that path's upstream gradient set to zero)
     */
    public static Mistake gradientPathMissing(String quantity, String missingUse, Tensor withoutPath) {
        return new Mistake("the gradient that reaches " + quantity + " through " + missingUse + " is missing: "
                + quantity + " is used twice in the forward pass, so its gradient is the sum of both paths",
                withoutPath);
    }
}
