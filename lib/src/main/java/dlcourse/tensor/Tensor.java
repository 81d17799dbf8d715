package dlcourse.tensor;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * An immutable array of numbers with a shape, the one value type of the course: a vector [D], a batch of
 * vectors [N, D], a batch of images [N, C, H, W]. Every operation returns a new tensor; none changes its
 * inputs.
 *
 * <p>A tensor stores its values in float64 (doubles), or in float32 when it is the result of arithmetic in
 * {@link Precision#FLOAT32} (see {@link #storage}); either way {@link #get} reads them as doubles, exactly.
 *
 * <p>Shape legend used in every Javadoc of the library: N batch, D input features, H hidden units, T time
 * steps, C channels, F filters, KH/KW kernel height/width. Elements are stored row-major (the last index
 * varies fastest), as in NumPy.
 *
 * <p>In JShell and in a notebook a tensor prints like a NumPy array, shape first:
 * <pre>
 * Tensor[2, 3]
 * [[ 1.0000,  2.0000,  3.0000],
 *  [ 4.0000,  5.0000,  6.0000]]
 * </pre>
 */
public final class Tensor {
    private final int[] shape;
    /**
     * The values in float64: the tensor's own when it is stored in float64; for a tensor stored in float32 their
     * exact widening, made on the first read that needs doubles (null until then).
     */
    private volatile double[] data;
    /**
     * The values in float32: the tensor's own when it is stored in float32; for a tensor stored in float64 their
     * rounding, made on first use by {@link Precision#FLOAT32} arithmetic and kept (the tensor is immutable, so a
     * weight matrix read by the forward and the backward product of a step is rounded once).
     */
    private volatile float[] single;
    /** Whether the values are stored in float32 ({@link #single} is the tensor's own) or in float64. */
    private final boolean float32;
    /**
     * For a tensor stored in float32: whether its array has been given back for reuse ({@link #retire}), shared
     * by every tensor over that array (a reshaped view); null for a tensor stored in float64, which is never
     * retired. A retired tensor's reads throw (see {@link #current}).
     */
    private final boolean[] retired;

    private Tensor(int[] shape, double[] data) {
        this.shape = shape;
        this.data = data;
        this.float32 = false;
        this.retired = null;
    }

    private Tensor(int[] shape, float[] single) {
        this(shape, single, new boolean[1]);
    }

    private Tensor(int[] shape, float[] single, boolean[] retired) {
        this.shape = shape;
        this.single = single;
        this.float32 = true;
        this.retired = retired;
    }

    // ------------------------------------------------------------------------------------- factories

    /** A vector [D] holding the given values. */
    public static Tensor of(double... values) {
        return new Tensor(new int[] {values.length}, values.clone());
    }

    /** A matrix [rows, columns] from rows of equal length. */
    public static Tensor of(double[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        double[] data = new double[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != columns) {
                throw new IllegalArgumentException("Tensor.of: row " + i + " has " + rows[i].length
                        + " values, expected " + columns + " like row 0");
            }
            System.arraycopy(rows[i], 0, data, i * columns, columns);
        }
        return new Tensor(new int[] {rows.length, columns}, data);
    }

    /** A batch of images [N, C, H, W] from nested arrays; every image, channel and row must have the same size. */
    public static Tensor of(double[][][][] images) {
        int n = images.length;
        int c = n == 0 ? 0 : images[0].length;
        int h = c == 0 ? 0 : images[0][0].length;
        int w = h == 0 ? 0 : images[0][0][0].length;
        double[] data = new double[n * c * h * w];
        int at = 0;
        for (int i = 0; i < n; i++) {
            if (images[i].length != c) {
                throw new IllegalArgumentException("Tensor.of: image " + i + " has " + images[i].length
                        + " channels, expected " + c + " like image 0");
            }
            for (int ch = 0; ch < c; ch++) {
                if (images[i][ch].length != h) {
                    throw new IllegalArgumentException("Tensor.of: image " + i + ", channel " + ch + " has "
                            + images[i][ch].length + " rows, expected " + h + " like image 0, channel 0");
                }
                for (int y = 0; y < h; y++) {
                    if (images[i][ch][y].length != w) {
                        throw new IllegalArgumentException("Tensor.of: image " + i + ", channel " + ch + ", row " + y
                                + " has " + images[i][ch][y].length + " values, expected " + w);
                    }
                    System.arraycopy(images[i][ch][y], 0, data, at, w);
                    at += w;
                }
            }
        }
        return new Tensor(new int[] {n, c, h, w}, data);
    }

    /** A tensor of the given shape filled with zeros. */
    public static Tensor zeros(int... shape) {
        return new Tensor(checkShape(shape), new double[sizeOf(shape)]);
    }

    /** A tensor of the given shape with every element equal to {@code value}. */
    public static Tensor full(double value, int... shape) {
        double[] data = new double[sizeOf(checkShape(shape))];
        Arrays.fill(data, value);
        return new Tensor(shape.clone(), data);
    }

    /** Normal random values with mean 0 and the given standard deviation, drawn from {@code rng}. */
    public static Tensor randn(Random rng, double std, int... shape) {
        double[] data = new double[sizeOf(checkShape(shape))];
        for (int i = 0; i < data.length; i++) {
            data[i] = std * rng.nextGaussian();
        }
        return new Tensor(shape.clone(), data);
    }

    /** Uniform random values in [low, high), drawn from {@code rng}. */
    public static Tensor uniform(Random rng, double low, double high, int... shape) {
        double[] data = new double[sizeOf(checkShape(shape))];
        for (int i = 0; i < data.length; i++) {
            data[i] = low + (high - low) * rng.nextDouble();
        }
        return new Tensor(shape.clone(), data);
    }

    /**
     * Fast path only: a tensor that takes ownership of {@code data} (row-major) without copying it. The
     * caller must not touch the array afterwards.
     */
    public static Tensor wrap(double[] data, int... shape) {
        if (sizeOf(checkShape(shape)) != data.length) {
            throw new IllegalArgumentException("Tensor.wrap: shape " + Arrays.toString(shape) + " holds "
                    + sizeOf(shape) + " values, the array has " + data.length);
        }
        return new Tensor(shape.clone(), data);
    }

    // ------------------------------------------------------------------------------------- shape

    /** The shape, e.g. [N, D]; a copy. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of axes: 1 for a vector, 2 for a matrix. */
    public int rank() {
        return shape.length;
    }

    /** The length along one axis. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** The number of elements. */
    public int size() {
        return float32 ? single.length : data.length;
    }

    /** Rows of a matrix [rows, columns]. */
    public int rows() {
        requireRank(2, "rows");
        return shape[0];
    }

    /** Columns of a matrix [rows, columns]. */
    public int cols() {
        requireRank(2, "cols");
        return shape[1];
    }

    /** True if this tensor has exactly the given shape. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /**
     * Throws an {@link IllegalArgumentException} naming {@code operation}, the expected and the actual shape
     * unless this tensor has the expected shape. A negative expected length means "any".
     */
    public Tensor requireShape(String operation, int... expected) {
        boolean ok = expected.length == shape.length;
        for (int i = 0; ok && i < expected.length; i++) {
            ok = expected[i] < 0 || expected[i] == shape[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(operation + ": expected shape " + describe(expected)
                    + " but got " + describe(shape));
        }
        return this;
    }

    /** The same values in a new shape with the same number of elements; -1 once stands for "the rest". */
    public Tensor reshape(int... newShape) {
        int[] resolved = newShape.clone();
        int unknown = -1;
        int known = 1;
        for (int i = 0; i < resolved.length; i++) {
            if (resolved[i] == -1 && unknown < 0) {
                unknown = i;
            } else {
                known *= resolved[i];
            }
        }
        if (unknown >= 0 && known > 0) {
            resolved[unknown] = size() / known;
        }
        if (sizeOf(checkShape(resolved)) != size()) {
            throw new IllegalArgumentException("reshape: cannot view " + size() + " values of shape "
                    + describe(shape) + " as " + describe(newShape));
        }
        return float32 ? new Tensor(resolved, current(), retired) : new Tensor(resolved, data);
    }

    // ------------------------------------------------------------------------------------- elements

    /** Element i of a vector, or of the flat row-major order for any rank. */
    public double get(int i) {
        return float32 ? current()[i] : data[i];
    }

    /** Element [i, j] of a matrix; each index must lie in its axis. */
    public double get(int i, int j) {
        requireRank(2, "get(i, j)");
        checkIndex("get(i, j)", i, 0);
        checkIndex("get(i, j)", j, 1);
        return get(i * shape[1] + j);
    }

    /** Element [i, j, k] of a rank-3 tensor; each index must lie in its axis. */
    public double get(int i, int j, int k) {
        requireRank(3, "get(i, j, k)");
        checkIndex("get(i, j, k)", i, 0);
        checkIndex("get(i, j, k)", j, 1);
        checkIndex("get(i, j, k)", k, 2);
        return get((i * shape[1] + j) * shape[2] + k);
    }

    /** Element [n, c, y, x] of a batch of images [N, C, H, W]; each index must lie in its axis. */
    public double get(int n, int c, int y, int x) {
        requireRank(4, "get(n, c, y, x)");
        checkIndex("get(n, c, y, x)", n, 0);
        checkIndex("get(n, c, y, x)", c, 1);
        checkIndex("get(n, c, y, x)", y, 2);
        checkIndex("get(n, c, y, x)", x, 3);
        return get(((n * shape[1] + c) * shape[2] + y) * shape[3] + x);
    }

    private void checkIndex(String operation, int index, int axis) {
        if (index < 0 || index >= shape[axis]) {
            throw new IndexOutOfBoundsException(operation + ": index " + index + " is outside axis " + axis
                    + " of shape " + describe(shape) + " (valid: 0 to " + (shape[axis] - 1) + ")");
        }
    }

    /** The single value of a tensor with one element. */
    public double item() {
        if (size() != 1) {
            throw new IllegalArgumentException("item: expected a tensor with one element but got shape " + describe(shape));
        }
        return get(0);
    }

    /** A copy of the values in row-major order. */
    public double[] toArray() {
        return values().clone();
    }

    /** A copy as rows of a matrix. */
    public double[][] toArray2d() {
        requireRank(2, "toArray2d");
        double[][] rows = new double[shape[0]][shape[1]];
        double[] data = values();
        for (int i = 0; i < shape[0]; i++) {
            System.arraycopy(data, i * shape[1], rows[i], 0, shape[1]);
        }
        return rows;
    }

    /** A copy as nested arrays [N][C][H][W]. */
    public double[][][][] toArray4d() {
        requireRank(4, "toArray4d");
        double[][][][] out = new double[shape[0]][shape[1]][shape[2]][shape[3]];
        double[] data = values();
        int at = 0;
        for (double[][][] image : out) {
            for (double[][] channel : image) {
                for (double[] row : channel) {
                    System.arraycopy(data, at, row, 0, row.length);
                    at += row.length;
                }
            }
        }
        return out;
    }

    /**
     * Fast path only: the values as a row-major float64 array, not a copy. Never modify it: tensors are
     * immutable and may share it. For a tensor stored in float32 this is the exact widening of its values,
     * made on the first call and kept.
     */
    public double[] rawData() {
        return values();
    }

    /**
     * Fast path only: the values as a row-major float32 array, not a copy. Never modify it, and never wrap it
     * into another tensor ({@link #wrapSingles}; {@link #reshape} gives a view): a tensor that shares it would
     * not know when it is retired. For a tensor stored in float64 this is their rounding to float32, made on
     * the first call and kept.
     */
    public float[] rawSingles() {
        return singles();
    }

    /** The precision in which this tensor stores its values: FLOAT64, or FLOAT32 for a result of float32 arithmetic. */
    public Precision storage() {
        return float32 ? Precision.FLOAT32 : Precision.FLOAT64;
    }

    /**
     * Fast path only: a tensor stored in float32 that takes ownership of {@code values} (row-major) without
     * copying them. The caller must not touch the array afterwards.
     */
    public static Tensor wrapSingles(float[] values, int... shape) {
        if (sizeOf(checkShape(shape)) != values.length) {
            throw new IllegalArgumentException("Tensor.wrapSingles: shape " + Arrays.toString(shape) + " holds "
                    + sizeOf(shape) + " values, the array has " + values.length);
        }
        return new Tensor(shape.clone(), values);
    }

    /** The float64 values (for a float32 tensor, made once and kept). */
    private double[] values() {
        if (retired != null) {
            current();
        }
        double[] d = data;
        if (d == null) {
            float[] f = current();
            d = new double[f.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = f[i];
            }
            data = d;
        }
        return d;
    }

    /** The float32 array of a tensor stored in float32, after checking that it has not been retired. */
    private float[] current() {
        if (retired != null && retired[0]) {
            throw new IllegalStateException("this tensor " + describe(shape) + " was a value or gradient of a"
                    + " parameter that has been replaced since, and training in float32 reuses the memory of a"
                    + " replaced value (see Tensor.retire), so it no longer holds its values. To keep a parameter's"
                    + " value or gradient for later, keep a copy: Tensor before = parameter.value().copy()");
        }
        return single;
    }

    /**
     * Fast path for {@code Parameter}: gives the memory of a tensor stored in float32 back for reuse by later
     * float32 results of the same size, so that a training step in {@link Precision#FLOAT32} writes its new
     * weights and gradients into memory that is still in the processor's cache instead of fresh memory. The
     * tensor, and every reshaped view of it, can no longer be read afterwards: a read throws an
     * {@link IllegalStateException} that says why. A tensor stored in float64 is left as it is (nothing
     * float64 is ever reused).
     */
    public void retire() {
        if (!float32 || retired[0]) {
            return;
        }
        retired[0] = true;
        Float32Memory.giveBack(single);
    }

    /** Whether arithmetic runs in float32 now ({@link Precision#FLOAT32}). */
    private static boolean inFloat32() {
        return Precision.current() == Precision.FLOAT32;
    }

    // ------------------------------------------------------------------------------------- slicing

    /** Row i of a matrix [rows, columns] as a matrix [1, columns]. */
    public Tensor row(int i) {
        requireRank(2, "row");
        checkIndex("row(i)", i, 0);
        return slice(i, i + 1);
    }

    /** The sub-tensors at the given indices along axis 0, in that order (a mini-batch of examples). */
    public Tensor select(int[] indices) {
        int block = size() / Math.max(1, shape[0]);
        for (int index : indices) {
            if (index < 0 || index >= shape[0]) {
                throw new IndexOutOfBoundsException("select: index " + index + " outside [0, " + shape[0] + ")");
            }
        }
        int[] newShape = shape.clone();
        newShape[0] = indices.length;
        if (float32) {
            float[] single = current();
            float[] out = new float[indices.length * block];
            for (int r = 0; r < indices.length; r++) {
                System.arraycopy(single, indices[r] * block, out, r * block, block);
            }
            return new Tensor(newShape, out);
        }
        if (inFloat32()) {
            // a mini-batch for float32 arithmetic: its rows rounded as they are copied
            float[] out = new float[indices.length * block];
            for (int r = 0; r < indices.length; r++) {
                int from = indices[r] * block;
                int to = r * block;
                for (int j = 0; j < block; j++) {
                    out[to + j] = (float) data[from + j];
                }
            }
            return new Tensor(newShape, out);
        }
        double[] out = new double[indices.length * block];
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(data, indices[r] * block, out, r * block, block);
        }
        return new Tensor(newShape, out);
    }

    /** Entries [from, to) along axis 0. */
    public Tensor slice(int from, int to) {
        int block = size() / Math.max(1, shape[0]);
        if (from < 0 || to > shape[0] || from > to) {
            throw new IndexOutOfBoundsException("slice: [" + from + ", " + to + ") outside [0, " + shape[0] + "]");
        }
        int[] newShape = shape.clone();
        newShape[0] = to - from;
        return float32 ? new Tensor(newShape, Arrays.copyOfRange(current(), from * block, to * block))
                : new Tensor(newShape, Arrays.copyOfRange(data, from * block, to * block));
    }

    /** Columns [from, to) of a matrix [rows, columns]. */
    public Tensor columns(int from, int to) {
        requireRank(2, "columns");
        if (from < 0 || to > shape[1] || from > to) {
            throw new IndexOutOfBoundsException("columns: [" + from + ", " + to + ") outside [0, " + shape[1] + "]");
        }
        int width = to - from;
        double[] data = values();
        double[] out = new double[shape[0] * width];
        for (int i = 0; i < shape[0]; i++) {
            System.arraycopy(data, i * shape[1] + from, out, i * width, width);
        }
        return new Tensor(new int[] {shape[0], width}, out);
    }

    /** Matrices [N, A] and [N, B] side by side: [N, A + B] (the LSTM's [h_{t-1}, x_t]). */
    public static Tensor concatColumns(Tensor left, Tensor right) {
        left.requireRank(2, "concatColumns");
        right.requireShape("concatColumns (right part)", left.shape[0], -1);
        int a = left.shape[1];
        int b = right.shape[1];
        int n = left.shape[0];
        double[] out = new double[n * (a + b)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(left.values(), i * a, out, i * (a + b), a);
            System.arraycopy(right.values(), i * b, out, i * (a + b) + a, b);
        }
        return new Tensor(new int[] {n, a + b}, out);
    }

    /**
     * Images [N, C, H, W] with {@code border} rows and columns of zeros added on every side:
     * [N, C, H + 2 border, W + 2 border] (LeNet-5's 28x28 digits on a 32x32 field).
     */
    public Tensor padImages(int border) {
        requireRank(4, "padImages (images [N, C, H, W])");
        if (border < 0) {
            throw new IllegalArgumentException("padImages: border must be 0 or more, got " + border);
        }
        int planes = shape[0] * shape[1];
        int h = shape[2];
        int w = shape[3];
        int outH = h + 2 * border;
        int outW = w + 2 * border;
        double[] data = values();
        double[] out = new double[planes * outH * outW];
        for (int plane = 0; plane < planes; plane++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(data, (plane * h + y) * w, out, (plane * outH + y + border) * outW + border, w);
            }
        }
        return new Tensor(new int[] {shape[0], shape[1], outH, outW}, out);
    }

    /** The inverse of {@link #padImages}: images [N, C, H, W] without {@code border} rows and columns on every side. */
    public Tensor cropImages(int border) {
        requireRank(4, "cropImages (images [N, C, H, W])");
        if (border < 0 || 2 * border > Math.min(shape[2], shape[3])) {
            throw new IllegalArgumentException("cropImages: border must be between 0 and half the smaller side of "
                    + describe(shape) + ", got " + border);
        }
        int planes = shape[0] * shape[1];
        int h = shape[2];
        int w = shape[3];
        int outH = h - 2 * border;
        int outW = w - 2 * border;
        double[] data = values();
        double[] out = new double[planes * outH * outW];
        for (int plane = 0; plane < planes; plane++) {
            for (int y = 0; y < outH; y++) {
                System.arraycopy(data, (plane * h + y + border) * w + border, out, (plane * outH + y) * outW, outW);
            }
        }
        return new Tensor(new int[] {shape[0], shape[1], outH, outW}, out);
    }

    /** Tensors of equal shape stacked along a new axis 0: k tensors of shape S give [k, S...]. */
    public static Tensor stack(java.util.List<Tensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        int[] partShape = parts.get(0).shape;
        int block = parts.get(0).size();
        double[] out = new double[parts.size() * block];
        for (int i = 0; i < parts.size(); i++) {
            parts.get(i).requireShape("stack (part " + i + ")", partShape);
            System.arraycopy(parts.get(i).values(), 0, out, i * block, block);
        }
        int[] newShape = new int[partShape.length + 1];
        newShape[0] = parts.size();
        System.arraycopy(partShape, 0, newShape, 1, partShape.length);
        return new Tensor(newShape, out);
    }

    // ------------------------------------------------------------------------------------- arithmetic

    /*
     * The arithmetic below is written as plain loops rather than through zipWith/map: a loop that calls a lambda
     * through a call site shared by every caller cannot be inlined by the JIT, and these run on every weight at
     * every step (the optimizers' updates). Large tensors are split over the cores by Parallel.
     */

    /** Element-wise this + other (same shape). */
    public Tensor plus(Tensor other) {
        requireSameShape(other, "plus");
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.plus(singles(), other.singles()));
        }
        double[] data = values();
        double[] out = new double[data.length];
        double[] o = other.values();
        Parallel.forRange(data.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = data[i] + o[i];
            }
        });
        return new Tensor(shape, out);
    }

    /** Element-wise this - other (same shape). */
    public Tensor minus(Tensor other) {
        requireSameShape(other, "minus");
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.minus(singles(), other.singles()));
        }
        double[] data = values();
        double[] out = new double[data.length];
        double[] o = other.values();
        Parallel.forRange(data.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = data[i] - o[i];
            }
        });
        return new Tensor(shape, out);
    }

    /**
     * Element-wise this + factor * other (same shape) in one pass: an optimizer's update W - learningRate dW is
     * {@code W.plusScaled(-learningRate, dW)}. Equal to {@code plus(other.times(factor))}.
     */
    public Tensor plusScaled(double factor, Tensor other) {
        requireSameShape(other, "plusScaled");
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.plusScaled(singles(), factor, other.singles()));
        }
        double[] data = values();
        double[] out = new double[data.length];
        double[] o = other.values();
        Parallel.forRange(data.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = data[i] + factor * o[i];
            }
        });
        return new Tensor(shape, out);
    }

    /** A new tensor with the same values in a new array (in the same precision): a value to keep. */
    public Tensor copy() {
        return float32 ? new Tensor(shape, current().clone()) : new Tensor(shape, data.clone());
    }

    /**
     * Fast path for an optimizer's update of a parameter: {@code plusScaled(factor, other)}, which in float32, for
     * a tensor stored in float32, is written over this tensor's own array, and this tensor is retired: it can no
     * longer be read, exactly as {@code Parameter.update} retires the value it replaces, but the new value keeps
     * the memory (still in the processor's cache) instead of taking an older array from the pool. In float64, or
     * for a tensor stored in float64, it is {@code plusScaled} and this tensor is left as it is.
     */
    public Tensor plusScaledInPlace(double factor, Tensor other) {
        requireSameShape(other, "plusScaledInPlace");
        if (!inFloat32() || !float32) {
            return plusScaled(factor, other);
        }
        float[] own = current();
        float[] o = other.singles();
        retired[0] = true;                      // the array now belongs to the result, not to the pool
        Float32Arithmetic.plusScaledInto(own, factor, o, own);
        return new Tensor(shape, own);
    }

    /** Element-wise (Hadamard) product this * other (same shape). */
    public Tensor times(Tensor other) {
        requireSameShape(other, "times");
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.times(singles(), other.singles()));
        }
        double[] data = values();
        double[] out = new double[data.length];
        double[] o = other.values();
        Parallel.forRange(data.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = data[i] * o[i];
            }
        });
        return new Tensor(shape, out);
    }

    /** Element-wise this / other (same shape). */
    public Tensor dividedBy(Tensor other) {
        requireSameShape(other, "dividedBy");
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.dividedBy(singles(), other.singles()));
        }
        double[] data = values();
        double[] out = new double[data.length];
        double[] o = other.values();
        Parallel.forRange(data.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = data[i] / o[i];
            }
        });
        return new Tensor(shape, out);
    }

    /** Every element times a number. */
    public Tensor times(double factor) {
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.times(singles(), factor));
        }
        double[] data = values();
        double[] out = new double[data.length];
        Parallel.forRange(data.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = data[i] * factor;
            }
        });
        return new Tensor(shape, out);
    }

    /** Every element plus a number. */
    public Tensor plus(double value) {
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.plus(singles(), value));
        }
        double[] data = values();
        double[] out = new double[data.length];
        Parallel.forRange(data.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = data[i] + value;
            }
        });
        return new Tensor(shape, out);
    }

    /** max(floor, x) for every element, with NaN becoming floor (ReLU is {@code x.atLeast(0)}). */
    public Tensor atLeast(double floor) {
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.atLeast(singles(), floor));
        }
        double[] data = values();
        double[] out = new double[data.length];
        Parallel.forRange(data.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                double v = data[i];
                out[i] = v > floor ? v : floor;
            }
        });
        return new Tensor(shape, out);
    }

    /**
     * This tensor's elements where {@code gate} is positive and 0 elsewhere (same shape): the gradient that
     * passes a ReLU, {@code dY.wherePositive(x)}.
     */
    public Tensor wherePositive(Tensor gate) {
        requireSameShape(gate, "wherePositive");
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.wherePositive(singles(), gate.singles()));
        }
        double[] data = values();
        double[] out = new double[data.length];
        double[] g = gate.values();
        Parallel.forRange(data.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = g[i] > 0 ? data[i] : 0;
            }
        });
        return new Tensor(shape, out);
    }

    /**
     * The sigmoid sigma(x) = 1 / (1 + e^-x) of every element, in the stable form of
     * {@link ElementFunctions#sigmoid(double)} (in float32 by its vectorised kernel).
     */
    public Tensor sigmoid() {
        if (inFloat32()) {
            float[] in = singles();
            float[] out = Float32Memory.take(in.length);
            ElementFunctions.sigmoid(in, 0, out, 0, in.length);
            return new Tensor(shape, out);
        }
        double[] data = values();
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = ElementFunctions.sigmoid(data[i]);
        }
        return new Tensor(shape, out);
    }

    /** tanh of every element ({@code Math.tanh}; in float32 by the vectorised kernel of {@link ElementFunctions}). */
    public Tensor tanh() {
        if (inFloat32()) {
            float[] in = singles();
            float[] out = Float32Memory.take(in.length);
            ElementFunctions.tanh(in, 0, out, 0, in.length);
            return new Tensor(shape, out);
        }
        double[] data = values();
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = Math.tanh(data[i]);
        }
        return new Tensor(shape, out);
    }

    /**
     * This gradient times the sigmoid's slope, dY * y (1 - y) element-wise, where {@code y} = sigma(x) is the
     * sigmoid's output (same shape): the gradient that passes a sigmoid, since sigma' = sigma (1 - sigma).
     */
    public Tensor timesSigmoidSlope(Tensor y) {
        requireSameShape(y, "timesSigmoidSlope");
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.timesSigmoidSlope(singles(), y.singles()));
        }
        double[] g = values();
        double[] s = y.values();
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i] * s[i] * (1 - s[i]);
        }
        return new Tensor(shape, out);
    }

    /**
     * This gradient times tanh's slope, dY * (1 - y^2) element-wise, where {@code y} = tanh(x) is tanh's output
     * (same shape): the gradient that passes a tanh, since tanh' = 1 - tanh^2.
     */
    public Tensor timesTanhSlope(Tensor y) {
        requireSameShape(y, "timesTanhSlope");
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.timesTanhSlope(singles(), y.singles()));
        }
        double[] g = values();
        double[] t = y.values();
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i] * (1 - t[i] * t[i]);
        }
        return new Tensor(shape, out);
    }

    private void requireSameShape(Tensor other, String operation) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException(operation + ": expected shape " + describe(shape)
                    + " (the left operand's) but got " + describe(other.shape));
        }
    }

    /** f applied to every element. */
    public Tensor map(DoubleUnaryOperator f) {
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.map(singles(), f));
        }
        double[] data = values();
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = f.applyAsDouble(data[i]);
        }
        return new Tensor(shape, out);
    }

    /** f applied to matching elements of this and other (same shape). */
    public Tensor zipWith(Tensor other, DoubleBinaryOperator f, String operation) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException(operation + ": expected shape " + describe(shape)
                    + " (the left operand's) but got " + describe(other.shape));
        }
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.zipWith(singles(), other.singles(), f));
        }
        double[] data = values();
        double[] o = other.values();
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = f.applyAsDouble(data[i], o[i]);
        }
        return new Tensor(shape, out);
    }

    /** A matrix [N, D] plus a row vector [D] (or [1, D]) added to every row: the bias in xW + b. */
    public Tensor plusRow(Tensor rowVector) {
        requireRank(2, "plusRow");
        boolean isRow = rowVector.hasShape(shape[1]) || rowVector.hasShape(1, shape[1]);
        if (!isRow) {
            throw new IllegalArgumentException("plusRow: expected a row vector of shape [" + shape[1] + "] or [1, "
                    + shape[1] + "] for a matrix " + describe(shape) + " but got shape " + describe(rowVector.shape));
        }
        int d = shape[1];
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.plusRow(singles(), shape[0], d, rowVector.singles()));
        }
        double[] data = values();
        double[] row = rowVector.values();
        double[] out = new double[data.length];
        for (int i = 0; i < shape[0]; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = data[i * d + j] + row[j];
            }
        }
        return new Tensor(shape, out);
    }

    /** A matrix [N, D] with row i multiplied by factors[i], for factors [N] (or [N, 1]): diag(factors) this. */
    public Tensor scaleRows(Tensor factors) {
        requireRank(2, "scaleRows");
        if (!factors.hasShape(shape[0]) && !factors.hasShape(shape[0], 1)) {
            throw new IllegalArgumentException("scaleRows: expected one factor per row, shape [" + shape[0] + "] or ["
                    + shape[0] + ", 1], for a matrix " + describe(shape) + " but got " + describe(factors.shape));
        }
        int d = shape[1];
        if (inFloat32()) {
            return new Tensor(shape, Float32Arithmetic.scaleRows(singles(), shape[0], d, factors.singles()));
        }
        double[] data = values();
        double[] f = factors.values();
        double[] out = new double[data.length];
        for (int i = 0; i < shape[0]; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = data[i * d + j] * f[i];
            }
        }
        return new Tensor(shape, out);
    }

    /**
     * The matrix product of [M, K] and [K, N], giving [M, N]. The reference version is
     * <pre>
     * for i, for j: C[i][j] = sum over p of A[i][p] * B[p][j]
     * </pre>
     * computed here by the fast, multi-threaded {@link MatMul}.
     */
    public Tensor matmul(Tensor other) {
        requireRank(2, "matmul (left)");
        other.requireRank(2, "matmul (right)");
        if (shape[1] != other.shape[0]) {
            throw new IllegalArgumentException("matmul: expected the right operand to have " + shape[1]
                    + " rows for a left operand " + describe(shape) + " but got " + describe(other.shape));
        }
        if (Precision.current() == Precision.FLOAT32) {
            return new Tensor(new int[] {shape[0], other.shape[1]},
                    MatMul.productSingle(false, false, shape[0], other.shape[1], shape[1], singles(), other.singles()));
        }
        return new Tensor(new int[] {shape[0], other.shape[1]},
                MatMul.multiply(values(), other.values(), shape[0], shape[1], other.shape[1]));
    }

    /**
     * this^T other without forming the transpose: [K, M]^T times [K, N] gives [M, N] (a layer's dW = x^T dY).
     * Equal to {@code transpose().matmul(other)}.
     */
    public Tensor matmulTransposeA(Tensor other) {
        requireRank(2, "matmulTransposeA (left)");
        other.requireRank(2, "matmulTransposeA (right)");
        if (shape[0] != other.shape[0]) {
            throw new IllegalArgumentException("matmulTransposeA: expected the right operand to have " + shape[0]
                    + " rows like the left operand " + describe(shape) + " but got " + describe(other.shape));
        }
        if (Precision.current() == Precision.FLOAT32) {
            return new Tensor(new int[] {shape[1], other.shape[1]},
                    MatMul.productSingle(true, false, shape[1], other.shape[1], shape[0], singles(), other.singles()));
        }
        return new Tensor(new int[] {shape[1], other.shape[1]},
                MatMul.multiplyTransposeA(values(), other.values(), shape[1], shape[0], other.shape[1]));
    }

    /**
     * this other^T without forming the transpose: [M, K] times [N, K]^T gives [M, N] (a layer's dX = dY W^T).
     * Equal to {@code matmul(other.transpose())}.
     */
    public Tensor matmulTransposeB(Tensor other) {
        requireRank(2, "matmulTransposeB (left)");
        other.requireRank(2, "matmulTransposeB (right)");
        if (shape[1] != other.shape[1]) {
            throw new IllegalArgumentException("matmulTransposeB: expected the right operand to have " + shape[1]
                    + " columns like the left operand " + describe(shape) + " but got " + describe(other.shape));
        }
        if (Precision.current() == Precision.FLOAT32) {
            return new Tensor(new int[] {shape[0], other.shape[0]},
                    MatMul.productSingle(false, true, shape[0], other.shape[0], shape[1], singles(), other.singles()));
        }
        return new Tensor(new int[] {shape[0], other.shape[0]},
                MatMul.multiplyTransposeB(values(), other.values(), shape[0], shape[1], other.shape[0]));
    }

    /** The transpose of a matrix: [rows, columns] becomes [columns, rows]. */
    public Tensor transpose() {
        requireRank(2, "transpose");
        int r = shape[0];
        int c = shape[1];
        double[] data = values();
        double[] out = new double[data.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[j * r + i] = data[i * c + j];
            }
        }
        return new Tensor(new int[] {c, r}, out);
    }

    // ------------------------------------------------------------------------------------- reductions

    /** The sum of all elements. */
    public double sum() {
        double s = 0;
        if (float32) {
            for (float v : current()) {
                s += v;
            }
            return s;
        }
        for (double v : values()) {
            s += v;
        }
        return s;
    }

    /** The mean of all elements. */
    public double mean() {
        return sum() / size();
    }

    /** The largest element. */
    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values()) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** The smallest element. */
    public double min() {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values()) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** The sum of squares of all elements, ||x||^2. */
    public double squaredNorm() {
        double s = 0;
        if (float32) {
            // the squares in float64, in four running sums (one sum would wait on each add: float32 results need
            // not follow float64's order of summation)
            float[] f = current();
            double s1 = 0, s2 = 0, s3 = 0;
            int i = 0;
            for (; i + 4 <= f.length; i += 4) {
                s += (double) f[i] * f[i];
                s1 += (double) f[i + 1] * f[i + 1];
                s2 += (double) f[i + 2] * f[i + 2];
                s3 += (double) f[i + 3] * f[i + 3];
            }
            for (; i < f.length; i++) {
                s += (double) f[i] * f[i];
            }
            return s + s1 + s2 + s3;
        }
        for (double v : values()) {
            s += v * v;
        }
        return s;
    }

    /** Sum of a matrix [N, D] over axis 0 (giving [D]) or axis 1 (giving [N]), as NumPy's sum(axis). */
    public Tensor sum(int axis) {
        requireRank(2, "sum(axis)");
        int r = shape[0];
        int c = shape[1];
        if (inFloat32() && (axis == 0 || axis == 1)) {
            return new Tensor(new int[] {axis == 0 ? c : r}, Float32Arithmetic.sum(singles(), r, c, axis));
        }
        double[] data = values();
        if (axis == 0) {
            double[] out = new double[c];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    out[j] += data[i * c + j];
                }
            }
            return new Tensor(new int[] {c}, out);
        }
        if (axis == 1) {
            double[] out = new double[r];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    out[i] += data[i * c + j];
                }
            }
            return new Tensor(new int[] {r}, out);
        }
        throw new IllegalArgumentException("sum: axis must be 0 or 1 for a matrix, got " + axis);
    }

    /** For each row of a matrix [N, K], the column of its largest value (a predicted class): int[N]. */
    public int[] argmaxRows() {
        requireRank(2, "argmaxRows");
        int[] out = new int[shape[0]];
        for (int i = 0; i < shape[0]; i++) {
            int best = 0;
            for (int j = 1; j < shape[1]; j++) {
                if (get(i * shape[1] + j) > get(i * shape[1] + best)) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** True if any element is NaN or infinite. */
    public boolean hasNonFinite() {
        if (float32) {
            return Float32Arithmetic.hasNonFinite(current());
        }
        double[] data = this.data;
        // v * 0 is 0 for a finite v and NaN for NaN and the infinities, so one NaN makes the sum NaN; eight
        // running sums and no branch in the loop keep it near memory speed (one sum would wait on each add)
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= data.length; i += 8) {
            s0 += data[i] * 0.0;
            s1 += data[i + 1] * 0.0;
            s2 += data[i + 2] * 0.0;
            s3 += data[i + 3] * 0.0;
            s4 += data[i + 4] * 0.0;
            s5 += data[i + 5] * 0.0;
            s6 += data[i + 6] * 0.0;
            s7 += data[i + 7] * 0.0;
        }
        for (; i < data.length; i++) {
            s0 += data[i] * 0.0;
        }
        return Double.isNaN(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7);
    }

    /** The values rounded to float32 (made once and kept; never modify it). */
    float[] singles() {
        if (float32) {
            return current();
        }
        float[] f = single;
        if (f == null) {
            double[] data = this.data;
            f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) data[i];
            }
            single = f;
        }
        return f;
    }

    /** True if shapes match and every pair of elements differs by at most {@code tolerance}. */
    public boolean allClose(Tensor other, double tolerance) {
        if (!Arrays.equals(shape, other.shape)) {
            return false;
        }
        double[] data = values();
        double[] o = other.values();
        for (int i = 0; i < data.length; i++) {
            if (!(Math.abs(data[i] - o[i]) <= tolerance)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------- printing

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(values(), t.values());
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values());
    }

    /** Prints like NumPy: the shape, then the values with rows aligned and long axes elided with "...". */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    /** A shape as "[N, D]". */
    public static String describe(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? "*" : String.valueOf(shape[i]));
        }
        return sb.append(']').toString();
    }

    // ------------------------------------------------------------------------------------- helpers

    private void requireRank(int rank, String operation) {
        if (shape.length != rank) {
            throw new IllegalArgumentException(operation + ": expected a tensor of rank " + rank
                    + " but got shape " + describe(shape));
        }
    }

    private static int[] checkShape(int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative length");
            }
        }
        return shape;
    }

    private static int sizeOf(int[] shape) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements: " + size);
        }
        return (int) size;
    }
}
