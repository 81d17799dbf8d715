package dlcourse.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The element functions: the stable float64 sigmoid, and the float32 sigmoid and tanh within 2 units in the last
 * place of float32 of the float64 function rounded, on whichever path this JVM runs (the library's tests run
 * with the Vector API module, so the vectorised path, and once more without it; {@link #theTestJvmHasTheVectorApi}).
 */
class ElementFunctionsTest {
    @AfterEach
    void float64Again() {
        Precision.set(Precision.FLOAT64);
    }

    /** Inputs across the range: ordinary values, both tails, the overflow edges of exp, zeros and special values. */
    private static float[] inputs() {
        Random rng = new Random(5);
        float[] x = new float[4099];   // not a multiple of any vector length: the scalar tail runs too
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() * (i % 3 == 0 ? 30 : 3));
        }
        float[] special = {0f, -0f, 1e-30f, -1e-30f, 88f, -88f, 89f, -89f, 100f, -100f, 1e4f, -1e4f,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        System.arraycopy(special, 0, x, 17, special.length);
        return x;
    }

    @Test
    @DisplayName("the library tests run with the Vector API (its kernels are tested), once more without it (-Ddlcourse.vector=false)")
    void theTestJvmHasTheVectorApi() {
        boolean off = "false".equals(System.getProperty("dlcourse.vector"));
        assertEquals(!off, ElementFunctions.vectorised(), "lib/pom.xml gives the test JVMs --add-modules"
                + " jdk.incubator.vector; the run without-vector-api sets -Ddlcourse.vector=false");
    }

    @Test
    @DisplayName("float32 sigmoid within 2 ulp of the stable float64 sigmoid rounded, never NaN for a number, in [0, 1]")
    void sigmoidFloat32() {
        float[] x = inputs();
        float[] y = new float[x.length];
        ElementFunctions.sigmoid(x, 0, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            float exact = (float) ElementFunctions.sigmoid(x[i]);
            assertTrue(y[i] >= 0 && y[i] <= 1, "sigmoid(" + x[i] + ") = " + y[i]);
            assertTrue(Math.abs(y[i] - exact) <= 2 * Math.ulp(exact) || Math.abs(y[i] - exact) < 1e-38,
                    "sigmoid(" + x[i] + "): " + y[i] + " against " + exact);
        }
        float[] nan = {Float.NaN};
        ElementFunctions.sigmoid(nan, 0, nan, 0, 1);
        assertTrue(Float.isNaN(nan[0]));
    }

    @Test
    @DisplayName("float32 tanh within 2 ulp of Math.tanh rounded, exactly ±1 far out")
    void tanhFloat32() {
        float[] x = inputs();
        float[] y = new float[x.length];
        ElementFunctions.tanh(x, 0, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            float exact = (float) Math.tanh(x[i]);
            assertTrue(Math.abs(y[i] - exact) <= 2 * Math.ulp(exact) || Math.abs(y[i] - exact) < 1e-38,
                    "tanh(" + x[i] + "): " + y[i] + " against " + exact);
        }
        float[] far = {50f, -50f};
        ElementFunctions.tanh(far, 0, far, 0, 2);
        assertArrayEquals(new float[] {1f, -1f}, far);
    }

    @Test
    @DisplayName("the float64 sigmoid is stable: no overflow at ±1000, and sigma(-x) = 1 - sigma(x)")
    void stableSigmoid() {
        assertEquals(1.0, ElementFunctions.sigmoid(1000));
        assertEquals(0.0, ElementFunctions.sigmoid(-1000));
        assertEquals(Math.exp(-700), ElementFunctions.sigmoid(-700), 1e-310);
        for (double v = -20; v <= 20; v += 0.37) {
            assertEquals(1, ElementFunctions.sigmoid(v) + ElementFunctions.sigmoid(-v), 1e-15);
        }
    }

    @Test
    @DisplayName("Tensor.sigmoid/tanh and their slopes: float64 exactly the scalar formulas, float32 stored in float32")
    void tensorFunctions() {
        Tensor x = Tensor.randn(new Random(6), 4, 50, 70);
        Tensor g = Tensor.randn(new Random(7), 1, 50, 70);
        Tensor s = x.sigmoid();
        Tensor t = x.tanh();
        for (int i = 0; i < x.size(); i++) {
            assertEquals(ElementFunctions.sigmoid(x.get(i)), s.get(i));
            assertEquals(Math.tanh(x.get(i)), t.get(i));
        }
        Tensor ds = g.timesSigmoidSlope(s);
        Tensor dt = g.timesTanhSlope(t);
        for (int i = 0; i < x.size(); i++) {
            assertEquals(g.get(i) * s.get(i) * (1 - s.get(i)), ds.get(i));
            assertEquals(g.get(i) * (1 - t.get(i) * t.get(i)), dt.get(i));
        }
        try (Precision.Scope scope = Precision.using(Precision.FLOAT32)) {
            Tensor s32 = x.sigmoid();
            Tensor t32 = x.tanh();
            assertEquals(Precision.FLOAT32, s32.storage());
            assertEquals(Precision.FLOAT32, t32.storage());
            assertTrue(s32.allClose(s, 1e-6));
            assertTrue(t32.allClose(t, 1e-6));
            assertTrue(g.timesSigmoidSlope(s32).allClose(ds, 1e-6));
            assertTrue(g.timesTanhSlope(t32).allClose(dt, 1e-6));
        }
    }
}
