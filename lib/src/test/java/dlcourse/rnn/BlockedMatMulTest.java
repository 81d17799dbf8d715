package dlcourse.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;

class BlockedMatMulTest {
    @ParameterizedTest(name = "[{0}, {1}] x [{1}, {2}]")
    @DisplayName("the blocked product equals Tensor.matmul, also for A^T B, on shapes that do not divide the blocks")
    @CsvSource({"1, 1, 1", "3, 5, 7", "7, 130, 9", "33, 64, 20", "130, 200, 70"})
    void equalsReference(int m, int k, int n) {
        Random rng = new Random(m * 31 + k);
        Tensor a = Tensor.randn(rng, 1, m, k);
        Tensor b = Tensor.randn(rng, 1, k, n);
        Tensor expected = a.matmul(b);
        Tensor blocked = Tensor.wrap(BlockedMatMul.multiply(a.rawData(), b.rawData(), m, k, n), m, n);
        Tensor transposedA = Tensor.wrap(BlockedMatMul.multiplyTransposedA(a.transpose().rawData(), b.rawData(), m, k, n),
                m, n);
        assertTrue(blocked.allClose(expected, 1e-12) && transposedA.allClose(expected, 1e-12));
    }
}
