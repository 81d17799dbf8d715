package dlcourse.data;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    /** Two 2 x 3 images with pixels 0, 51, ..., 255 and a few more. */
    private static byte[] imageFile() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x803);
        out.writeInt(2);
        out.writeInt(2);
        out.writeInt(3);
        out.write(new byte[] {0, 51, 102, (byte) 153, (byte) 204, (byte) 255, 1, 2, 3, 4, 5, 6});
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path path = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(path)) : Files.newOutputStream(path)) {
            out.write(content);
        }
        return path;
    }

    @Test
    @DisplayName("reads images as [N, rows * columns] scaled to [0, 1], plain or gzip")
    void images() throws IOException {
        Tensor plain = Idx.readImages(write("a-idx3-ubyte", imageFile(), false));
        Tensor gz = Idx.readImages(write("a-idx3-ubyte.gz", imageFile(), true));
        assertAll(
                () -> assertArrayEquals(new int[] {2, 6}, plain.shape()),
                () -> assertEquals(0.2, plain.get(0, 1), 1e-12),
                () -> assertEquals(1.0, plain.get(0, 5), 1e-12),
                () -> assertEquals(6 / 255.0, plain.get(1, 5), 1e-12),
                () -> assertEquals(plain, gz));
    }

    @Test
    @DisplayName("reads labels as int[N]")
    void labels() throws IOException {
        byte[] content = {0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 9};
        assertArrayEquals(new int[] {7, 0, 9}, Idx.readLabels(write("l-idx1-ubyte.gz", content, true)));
    }

    @Test
    @DisplayName("a file that is not IDX, a truncated one and a labels file read as images are clear errors")
    void errors() throws IOException {
        byte[] truncated = java.util.Arrays.copyOf(imageFile(), 20);
        Path notIdx = write("text.gz", "hello world, not idx".getBytes(), true);
        Path shortFile = write("short-idx3-ubyte", truncated, false);
        Path labels = write("l-idx1-ubyte", new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 4}, false);
        assertAll(
                () -> assertTrue(assertThrows(IllegalArgumentException.class, () -> Idx.readImages(notIdx))
                        .getMessage().contains("text.gz")),
                () -> assertTrue(assertThrows(IllegalArgumentException.class, () -> Idx.readImages(shortFile))
                        .getMessage().contains("truncated")),
                () -> assertTrue(assertThrows(IllegalArgumentException.class, () -> Idx.readImages(labels))
                        .getMessage().contains("idx3-ubyte")));
    }
}
