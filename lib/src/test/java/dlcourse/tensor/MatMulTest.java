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

    @Test
    @DisplayName("mismatched inner sizes name the operation and both shapes")
    void mismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).matmulTransposeB(Tensor.zeros(4, 2)));
        assertTrue(e.getMessage().contains("matmulTransposeB") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[4, 2]"), e.getMessage());
    }
}
