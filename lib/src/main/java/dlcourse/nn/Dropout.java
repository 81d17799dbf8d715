package dlcourse.nn;

import dlcourse.tensor.Tensor;
import java.util.Random;

/**
 * Dropout: during training each unit of the input is dropped (set to 0) with probability {@code dropProb},
 * with a new random mask for every mini-batch, so every mini-batch trains a different thinned network that
 * shares its weights with all the others. Taught in notebook {@code 07-dropout}, sections "Training with
 * dropout" and "Testing with dropout".
 *
 * <p>The parameter is named {@code dropProb} (the probability of DROPPING a unit), never a bare {@code p}:
 * the keep probability is {@code 1 - dropProb}. Two rules decide where the factor 1 - dropProb goes:
 * <ul>
 *   <li>{@link Rule#SCALE_AT_TEST} (the lecture's rule): train with y = x * m; at test time there is no
 *       dropout and the weights are multiplied by 1 - dropProb. Scaling the output of this layer by
 *       1 - dropProb is the same as scaling the weights of the layer that follows it, so test mode returns
 *       y = (1 - dropProb) x.</li>
 *   <li>{@link Rule#INVERTED}: train with y = x * m / (1 - dropProb), test with y = x; nothing to change at
 *       test time, which is what PyTorch's {@code nn.Dropout} does.</li>
 * </ul>
 * Either way the expected training output equals the test output.
 *
 * <p>Shapes: x, y, dY, dX and the mask m are all [N, H] (any shape works, element by element). The small
 * static functions ({@link #sampleMask}, {@link #forwardTrain}, {@link #backwardTrain}, {@link #forwardTest},
 * {@link #backwardTest}) are the steps the graded exercise asks for one at a time.
 */
public final class Dropout implements Layer {

    /** Where the factor 1 - dropProb is applied. */
    public enum Rule {
        /** The lecture's rule: no scaling in training; at test time the weights are times (1 - dropProb). */
        SCALE_AT_TEST,
        /** Inverted dropout: kept units are divided by (1 - dropProb) in training; test time is the identity. */
        INVERTED
    }

    /** What forward keeps for backward: the mask used (null in test mode), the mode, and the shape of x. */
    private record Cache(Tensor mask, boolean training, int[] shape) {}

    private final double dropProb;
    private final Rule rule;
    private final Random rng;
    private boolean training = true;
    private Cache cache;

    /**
     * A dropout layer.
     *
     * @param dropProb probability of dropping each unit, in [0, 1)
     * @param rule     {@link Rule#SCALE_AT_TEST} (the lecture's) or {@link Rule#INVERTED}
     * @param rng      source of the masks; fix its seed for results that repeat
     */
    public Dropout(double dropProb, Rule rule, Random rng) {
        this.dropProb = checkDropProb(dropProb, "Dropout");
        if (rule == null || rng == null) {
            throw new IllegalArgumentException("Dropout: rule and rng must not be null");
        }
        this.rule = rule;
        this.rng = rng;
    }

    /** Inverted dropout with a seeded generator. */
    public static Dropout inverted(double dropProb, long seed) {
        return new Dropout(dropProb, Rule.INVERTED, new Random(seed));
    }

    /** The lecture's rule (scale at test time) with a seeded generator. */
    public static Dropout scaleAtTest(double dropProb, long seed) {
        return new Dropout(dropProb, Rule.SCALE_AT_TEST, new Random(seed));
    }

    public double dropProb() {
        return dropProb;
    }

    /** The probability of keeping a unit, 1 - dropProb. */
    public double keepProb() {
        return 1 - dropProb;
    }

    public Rule rule() {
        return rule;
    }

    public boolean isTraining() {
        return training;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    /** The mask of the last training forward pass (1 = kept, 0 = dropped), or null if there was none. */
    public Tensor lastMask() {
        return cache == null ? null : cache.mask();
    }

    /** In training mode draws a new mask and drops units; in test mode applies the rule's test-time scaling. */
    @Override
    public Tensor forward(Tensor x) {
        if (training) {
            Tensor mask = sampleMask(rng, dropProb, x.shape());
            cache = new Cache(mask, true, x.shape());
            return forwardTrain(x, mask, dropProb, rule);
        }
        cache = new Cache(null, false, x.shape());
        return forwardTest(x, dropProb, rule);
    }

    @Override
    public Tensor backward(Tensor dY) {
        if (cache == null) {
            throw new IllegalStateException("Dropout.backward: call forward first");
        }
        // dY has the shape of the forward output, which is the shape of x, in both modes
        dY.requireShape("Dropout.backward (dY, the shape of the last forward's x)", cache.shape());
        if (cache.training()) {
            return backwardTrain(dY, cache.mask(), dropProb, rule);
        }
        return backwardTest(dY, dropProb, rule);
    }

    @Override
    public String describe() {
        return "Dropout(dropProb=" + dropProb + ", " + rule + ")";
    }

    // ------------------------------------------------------------------------- the steps, one by one

    /** A mask of the given shape: each entry is 0 (drop) with probability dropProb, else 1 (keep). */
    public static Tensor sampleMask(Random rng, double dropProb, int... shape) {
        checkDropProb(dropProb, "Dropout.sampleMask");
        // m_i ~ Bernoulli(1 - dropProb)
        return Tensor.uniform(rng, 0, 1, shape).map(u -> u < dropProb ? 0.0 : 1.0);
    }

    /** Training forward: y = x * m (lecture's rule) or y = x * m / (1 - dropProb) (inverted). */
    public static Tensor forwardTrain(Tensor x, Tensor mask, double dropProb, Rule rule) {
        checkDropProb(dropProb, "Dropout.forwardTrain");
        mask.requireShape("Dropout.forwardTrain (mask for x)", x.shape());
        // y = x * m
        Tensor y = x.times(mask);
        // inverted: y = x * m / (1 - dropProb)
        return rule == Rule.INVERTED ? y.times(1 / (1 - dropProb)) : y;
    }

    /** Training backward: dX = dY * m (lecture's rule) or dX = dY * m / (1 - dropProb) (inverted). */
    public static Tensor backwardTrain(Tensor dY, Tensor mask, double dropProb, Rule rule) {
        checkDropProb(dropProb, "Dropout.backwardTrain");
        mask.requireShape("Dropout.backwardTrain (mask for dY)", dY.shape());
        // forward was y = x * m  (times 1 / (1 - dropProb) if inverted)
        Tensor dX = dY.times(mask);
        return rule == Rule.INVERTED ? dX.times(1 / (1 - dropProb)) : dX;
    }

    /** Test forward, no dropout: y = (1 - dropProb) x (lecture's rule: the weights times 1 - p) or y = x (inverted). */
    public static Tensor forwardTest(Tensor x, double dropProb, Rule rule) {
        checkDropProb(dropProb, "Dropout.forwardTest");
        // lecture: "all the weights times (1 - p)"
        return rule == Rule.SCALE_AT_TEST ? x.times(1 - dropProb) : x;
    }

    /** Test backward: dX = (1 - dropProb) dY (lecture's rule) or dX = dY (inverted). */
    public static Tensor backwardTest(Tensor dY, double dropProb, Rule rule) {
        // forward was y = (1 - dropProb) x, or y = x
        return forwardTest(dY, dropProb, rule);
    }

    /**
     * The lecture's test-time rule written on the weights: the weights W [H, K] of the layer that follows a
     * dropout layer, times (1 - dropProb) ("if a weight w = 1 by training, set w = 0.5 for testing" at 50%).
     * A network using these weights without dropout computes what {@link Rule#SCALE_AT_TEST} computes in test mode.
     */
    public static Tensor scaleWeightsForTest(Tensor W, double dropProb) {
        checkDropProb(dropProb, "Dropout.scaleWeightsForTest");
        // w_test = (1 - p) w
        return W.times(1 - dropProb);
    }

    /** Returns dropProb if it is in [0, 1), else throws naming {@code operation} and what dropProb means. */
    public static double checkDropProb(double dropProb, String operation) {
        if (!(dropProb >= 0 && dropProb < 1)) {
            throw new IllegalArgumentException(operation + ": dropProb (the probability of dropping a unit) must be in "
                    + "[0, 1) but got " + dropProb + "; to keep units with probability k, pass dropProb = 1 - k");
        }
        return dropProb;
    }
}
