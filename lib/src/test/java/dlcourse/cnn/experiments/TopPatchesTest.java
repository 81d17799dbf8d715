package dlcourse.cnn.experiments;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dlcourse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TopPatchesTest {
    @Test
    @DisplayName("picks the images where a unit responds most and cuts out its receptive field there, padding with 0")
    void findsTheStrongestPatches() {
        // three 4x4 images with values 100 n + 10 y + x; one unit whose map is 2x2 with step 2, field 3, pad 1
        double[][][][] x = new double[3][1][4][4];
        for (int n = 0; n < 3; n++) {
            for (int y = 0; y < 4; y++) {
                for (int c = 0; c < 4; c++) {
                    x[n][0][y][c] = 100 * n + 10 * y + c;
                }
            }
        }
        double[][][][] maps = new double[3][1][2][2];
        maps[0][0][1][1] = 5;    // image 0 peaks at (1, 1): rows 1..3, columns 1..3
        maps[1][0][0][0] = 9;    // image 1 peaks at (0, 0): rows -1..1, columns -1..1
        maps[2][0][0][1] = 1;
        List<TopPatches> top = TopPatches.find("C", Tensor.of(x), Tensor.of(maps), 3, 2, 1, 2);
        TopPatches unit = top.get(0);
        assertAll(
                () -> assertEquals(1, top.size()),
                () -> assertArrayEquals(new int[] {1, 0}, unit.images()),
                () -> assertArrayEquals(new double[] {9, 5}, unit.responses()),
                () -> assertArrayEquals(new int[] {2, 1, 3, 3}, unit.patches().shape()),
                () -> assertEquals(0, unit.patches().get(0, 0, 0, 0)),
                () -> assertEquals(100 + 0 + 0, unit.patches().get(0, 0, 1, 1)),
                () -> assertEquals(11, unit.patches().get(1, 0, 0, 0)),
                () -> assertEquals(33, unit.patches().get(1, 0, 2, 2)),
                () -> assertEquals(0.5, unit.labelAgreement(new int[] {4, 7, 7})),
                () -> assertEquals(1.0, unit.labelAgreement(new int[] {7, 7, 1})),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> TopPatches.find("C", Tensor.of(x), Tensor.of(maps), 3, 2, 1, 4)));
    }
}
