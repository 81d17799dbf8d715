package dlcourse.data;

import dlcourse.tensor.Precision;
import dlcourse.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST, plain or gzip-compressed (detected from the first bytes).
 * <pre>
 * magic: 0x00 0x00 type ndim     type 0x08 = unsigned byte
 * ndim sizes, each a big-endian 32-bit integer
 * the values, row-major
 * </pre>
 * Images ({@code idx3-ubyte}, sizes N, rows, columns) become a tensor [N, rows * columns] scaled to [0, 1];
 * labels ({@code idx1-ubyte}, size N) become an {@code int[N]}.
 *
 * <p>Taught in {@code notebooks/00-getting-started.ipynb} (section "Where the data comes from").
 */
public final class Idx {
    private Idx() {}

    /** The raw content of an IDX file of unsigned bytes: its sizes and its values (0..255). */
    public record Array(int[] sizes, int[] values) {}

    /** Reads an IDX file of unsigned bytes, gzip-compressed or not. */
    public static Array read(Path path) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (DataInputStream in = new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw)) {
                return read(in, path);
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException("Idx.read: " + path + " ends early; the file is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Idx.read: cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static Array read(DataInputStream in, Path path) throws IOException {
        int magic = in.readInt();
        int type = (magic >> 8) & 0xff;
        int ndim = magic & 0xff;
        if ((magic >>> 16) != 0 || type != 0x08 || ndim < 1 || ndim > 4) {
            throw new IllegalArgumentException(String.format(
                    "Idx.read: %s does not start like an IDX file of unsigned bytes (magic 0x%08x, expected 0x0000080N)",
                    path, magic));
        }
        int[] sizes = new int[ndim];
        long count = 1;
        for (int i = 0; i < ndim; i++) {
            sizes[i] = in.readInt();
            count *= sizes[i];
        }
        if (count < 0 || count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Idx.read: " + path + " declares sizes " + Arrays.toString(sizes));
        }
        byte[] bytes = new byte[(int) count];
        in.readFully(bytes);
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xff;
        }
        return new Array(sizes, values);
    }

    /** Images [N, rows * columns] with pixel values / 255, from an {@code idx3-ubyte} file. */
    public static Tensor readImages(Path path) {
        Array array = read(path);
        if (array.sizes().length != 3) {
            throw new IllegalArgumentException("Idx.readImages: " + path + " holds sizes " + Arrays.toString(array.sizes())
                    + "; expected 3 (N, rows, columns), an idx3-ubyte file");
        }
        int n = array.sizes()[0];
        int d = array.sizes()[1] * array.sizes()[2];
        if (Precision.current() == Precision.FLOAT32) {
            // images for float32 training are stored in float32 (half the memory; no rounding at every batch)
            float[] pixels = new float[array.values().length];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) (array.values()[i] / 255.0);
            }
            return Tensor.wrapSingles(pixels, n, d);
        }
        double[] pixels = new double[array.values().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = array.values()[i] / 255.0;
        }
        return Tensor.wrap(pixels, n, d);
    }

    /** Labels int[N] from an {@code idx1-ubyte} file. */
    public static int[] readLabels(Path path) {
        Array array = read(path);
        if (array.sizes().length != 1) {
            throw new IllegalArgumentException("Idx.readLabels: " + path + " holds sizes " + Arrays.toString(array.sizes())
                    + "; expected 1 (N), an idx1-ubyte file");
        }
        return array.values();
    }
}
