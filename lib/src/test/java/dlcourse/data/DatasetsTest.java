package dlcourse.data;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @Nested
    @DisplayName("MNIST and Fashion-MNIST subsets")
    class Subsets {
        @Test
        @DisplayName("MNIST: 10,000 digits of 784 pixels in [0, 1], with the class counts of datasets/README.md")
        void mnist() {
            Dataset all = Mnist.all();
            assertAll(
                    () -> assertEquals(10_000, all.size()),
                    () -> assertEquals(784, all.x().dim(1)),
                    () -> assertEquals(0.0, all.x().min()),
                    () -> assertEquals(1.0, all.x().max()),
                    () -> assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978},
                            all.classCounts()),
                    // a digit covers roughly a fifth of its 28 x 28 box
                    () -> assertEquals(0.13, all.x().mean(), 0.02));
        }

        @Test
        @DisplayName("Fashion-MNIST: 10,000 images with ten named classes")
        void fashion() {
            Dataset all = FashionMnist.all();
            assertAll(
                    () -> assertEquals(10_000, all.size()),
                    () -> assertEquals(784, all.x().dim(1)),
                    () -> assertEquals("Ankle boot", all.classNames().get(9)),
                    () -> assertArrayEquals(new int[] {942, 1027, 1016, 1019, 974, 989, 1021, 1022, 990, 1000},
                            all.classCounts()));
        }

        @Test
        @DisplayName("load(seed) splits 8,000 / 2,000, the same for the same seed and different for another")
        void seededSplit() {
            TrainTest a = Mnist.load(1);
            TrainTest b = Mnist.load(1);
            TrainTest c = Mnist.load(2);
            assertAll(
                    () -> assertEquals(8000, a.train().size()),
                    () -> assertEquals(2000, a.test().size()),
                    () -> assertEquals(a, b),
                    () -> assertNotEquals(a.test().x(), c.test().x()));
        }
    }

    @Nested
    @DisplayName("files")
    class Files_ {
        @TempDir
        Path dir;

        @Test
        @DisplayName("a corrupt file names its path, both sums and datasets/prepare")
        void corrupt() throws IOException {
            Path original = DatasetFiles.folder().resolve(Mnist.LABELS);
            Path copy = dir.resolve(Mnist.LABELS);
            byte[] bytes = Files.readAllBytes(original);
            bytes[bytes.length / 2] ^= 1;
            Files.write(copy, bytes);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> DatasetFiles.verified(copy, Mnist.LABELS_SHA256));
            assertAll(
                    () -> assertTrue(e.getMessage().contains(copy.toString()), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains(Mnist.LABELS_SHA256), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("datasets/prepare"), e.getMessage()));
        }

        @Test
        @DisplayName("a missing file names its path and datasets/prepare")
        void missing() {
            Path absent = dir.resolve("nothing-idx3-ubyte.gz");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> DatasetFiles.verified(absent, Mnist.IMAGES_SHA256));
            assertTrue(e.getMessage().contains(absent.toString()) && e.getMessage().contains("datasets/prepare"),
                    e.getMessage());
        }
    }

    @Nested
    @DisplayName("2-D toy sets")
    class Toys {
        @Test
        @DisplayName("XOR labels are 1 exactly where the corner's signs differ")
        void xor() {
            Dataset xor = ToySets.xor(200, 0.1, 3);
            for (int i = 0; i < xor.size(); i++) {
                double a = xor.x().get(i, 0);
                double b = xor.x().get(i, 1);
                assertEquals(a * b < 0 ? 1 : 0, xor.labels()[i], "point " + i + " at (" + a + ", " + b + ")");
            }
        }

        @Test
        @DisplayName("the ring's inner class lies inside radius 1, the outer one beyond radius 2 (without noise)")
        void ring() {
            Dataset ring = ToySets.ring(100, 0, 4);
            for (int i = 0; i < ring.size(); i++) {
                double r = Math.hypot(ring.x().get(i, 0), ring.x().get(i, 1));
                assertTrue(ring.labels()[i] == 1 ? r <= 1 : r >= 2, "point " + i + " radius " + r);
            }
        }

        @Test
        @DisplayName("the same seed gives the same points; balanced classes")
        void seeded() {
            assertAll(
                    () -> assertEquals(ToySets.moons(50, 0.1, 9), ToySets.moons(50, 0.1, 9)),
                    () -> assertNotEquals(ToySets.blobs(50, 0.5, 9), ToySets.blobs(50, 0.5, 10)),
                    () -> assertArrayEquals(new int[] {25, 25}, ToySets.blobs(50, 0.5, 1).classCounts()));
        }
    }
}
