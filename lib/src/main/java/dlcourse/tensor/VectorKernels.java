package dlcourse.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 element functions on the JDK's Vector API (module {@code jdk.incubator.vector}): 8 or 16 values
 * per instruction, with the JDK's vectorised exp and tanh (Intel's SVML on x86). The only class of the library
 * that names the module; {@link ElementFunctions} loads it only when the module is in the JVM and falls back to
 * plain loops otherwise.
 */
final class VectorKernels {
    private VectorKernels() {}

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** out[outOffset + i] = sigma(in[inOffset + i]) for i below count. */
    static void sigmoid(float[] in, int inOffset, float[] out, int outOffset, int count) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int bound = SPECIES.loopBound(count); i < bound; i += SPECIES.length()) {
            FloatVector x = FloatVector.fromArray(SPECIES, in, inOffset + i);
            // sigma(x) = 1 / (1 + e^-x); for x below -88, e^-x is +infinity and the quotient its limit 0
            one.div(x.neg().lanewise(VectorOperators.EXP).add(one)).intoArray(out, outOffset + i);
        }
        for (; i < count; i++) {
            out[outOffset + i] = (float) ElementFunctions.sigmoid(in[inOffset + i]);
        }
    }

    /** out[outOffset + i] = tanh(in[inOffset + i]) for i below count. */
    static void tanh(float[] in, int inOffset, float[] out, int outOffset, int count) {
        int i = 0;
        for (int bound = SPECIES.loopBound(count); i < bound; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, in, inOffset + i).lanewise(VectorOperators.TANH)
                    .intoArray(out, outOffset + i);
        }
        for (; i < count; i++) {
            out[outOffset + i] = (float) Math.tanh(in[inOffset + i]);
        }
    }
}
