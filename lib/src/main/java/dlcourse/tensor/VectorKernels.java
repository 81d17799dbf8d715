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

    /** out[i] = max(floor, a[i]) for i in from .. to-1, NaN becoming floor (as {@link Tensor#atLeast}). */
    static void atLeast(float[] a, float floor, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromArray(SPECIES, a, i);
            // where v > floor keep v, elsewhere (also where v is NaN: the comparison is false) the floor
            FloatVector.broadcast(SPECIES, floor).blend(v, v.compare(VectorOperators.GT, floor)).intoArray(out, i);
        }
        for (; i < to; i++) {
            float v = a[i];
            out[i] = v > floor ? v : floor;
        }
    }

    /** out[i] = gate[i] &gt; 0 ? a[i] : 0 for i in from .. to-1 (as {@link Tensor#wherePositive}). */
    static void wherePositive(float[] a, float[] gate, float[] out, int from, int to) {
        FloatVector zero = FloatVector.zero(SPECIES);
        int i = from;
        for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
            FloatVector g = FloatVector.fromArray(SPECIES, gate, i);
            zero.blend(FloatVector.fromArray(SPECIES, a, i), g.compare(VectorOperators.GT, 0f)).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = gate[i] > 0 ? a[i] : 0;
        }
    }

    /** Whether any of a[0 .. length-1] is NaN or infinite: v * 0 is 0 for a number and NaN otherwise. */
    static boolean hasNonFinite(float[] a) {
        FloatVector sum = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(a.length); i < bound; i += SPECIES.length()) {
            sum = sum.add(FloatVector.fromArray(SPECIES, a, i).mul(0f));
        }
        float rest = 0;
        for (; i < a.length; i++) {
            rest += a[i] * 0f;
        }
        return Float.isNaN(rest + sum.reduceLanes(VectorOperators.ADD));
    }
}
