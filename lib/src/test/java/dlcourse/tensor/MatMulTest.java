package dlcourse.tensor;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MatMulTest {

    /** The reference triple loop of Tensor.matmul's Javadoc. */
    static Tensor reference(Tensor a, Tensor b) {
        double[][] c = new double[a.rows()][b.cols()];
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < b.cols(); j++) {
                for (int p = 0; p < a.cols(); p++) {
                    c[i][j] += a.get(i, p) * b.get(p, j);
                }
            }
        }
        return Tensor.of(c);
    }

    @ParameterizedTest(name = "[{0}, {1}] x [{1}, {2}]: fast paths equal the triple loop")
    @CsvSource({"1, 1, 1", "3, 5, 2", "7, 1, 9", "64, 784, 256", "64, 256, 10", "130, 67, 33", "5, 300, 517"})
    void fastEqualsReference(int m, int k, int n) {
        Random rng = new Random(m * 31L + k * 7L + n);
        Tensor a = Tensor.randn(rng, 1, m, k);
        Tensor b = Tensor.randn(rng, 1, k, n);
        Tensor expected = reference(a, b);
        // the fast paths add the products in the reference's order, so the results are identical, not just close
        assertAll(
                () -> assertEquals(expected, a.matmul(b), "matmul"),
                () -> assertEquals(expected, a.transpose().matmulTransposeA(b), "matmulTransposeA"),
                () -> assertEquals(expected, a.matmulTransposeB(b.transpose()), "matmulTransposeB"));
    }

    @ParameterizedTest(name = "[{0}, {1}] x [{1}, {2}]")
    @CsvSource({"9, 40, 7", "64, 784, 64", "130, 67, 33"})
    @DisplayName("with about half of A zero (ReLU-like) and some dead units, the fast paths still equal the triple loop exactly")
    void sparseEqualsReference(int m, int k, int n) {
        Random rng = new Random(m + 1000L * k + n);
        // relu(Gaussian) is 0 about half the time; columns 0 and 3 are dead units, 0 for every example
        Tensor a = Tensor.randn(rng, 1, m, k).map(v -> Math.max(0, v));
        double[] raw = a.toArray();
        for (int i = 0; i < m; i++) {
            raw[i * k] = 0;
            raw[i * k + 3] = 0;
        }
        Tensor sparse = Tensor.wrap(raw, m, k);
        Tensor b = Tensor.randn(rng, 1, k, n);
        double zeros = sparse.map(v -> v == 0 ? 1 : 0).mean();
        Tensor expected = reference(sparse, b);
        assertAll(
                () -> assertTrue(zeros > 0.4 && zeros < 0.7, "fraction of zeros " + zeros),
                () -> assertEquals(expected, sparse.matmul(b), "matmul"),
                () -> assertEquals(expected, sparse.transpose().matmulTransposeA(b), "matmulTransposeA"),
                () -> assertEquals(expected, sparse.matmulTransposeB(b.transpose()), "matmulTransposeB"));
    }

    @Test
    @DisplayName("non-finite B: a 0 in A skips its product, so 0 * NaN does not reach C as it does in the triple loop")
    void nonFiniteDiffersWhereAIsZero() {
        Tensor a = Tensor.of(new double[][] {{0, 1}, {2, 1}});
        Tensor b = Tensor.of(new double[][] {{Double.NaN}, {1}});
        Tensor fast = a.matmul(b);
        Tensor slow = reference(a, b);
        assertAll(
                () -> assertTrue(Double.isNaN(slow.get(0, 0)), "the triple loop gives 0 * NaN + 1 = NaN"),
                () -> assertEquals(1.0, fast.get(0, 0), "the fast path skips the 0 and gives 1"),
                () -> assertTrue(Double.isNaN(fast.get(1, 0)), "a nonzero input still carries the NaN"));
    }

    @Test
    @DisplayName("mismatched inner sizes name the operation and both shapes")
    void mismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).matmulTransposeB(Tensor.zeros(4, 2)));
        assertTrue(e.getMessage().contains("matmulTransposeB") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[4, 2]"), e.getMessage());
    }
}
