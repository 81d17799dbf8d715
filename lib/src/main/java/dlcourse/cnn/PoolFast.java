package dlcourse.cnn;

import dlcourse.tensor.Parallel;
import dlcourse.tensor.Precision;
import dlcourse.tensor.Tensor;

/**
 * The fast path of {@link MaxPool2d} and {@link AvgPool2d}: the same loops as their readable versions
 * ({@code forwardLoops} / {@code backwardLoops}), on the flat row-major arrays with the index arithmetic done
 * once per row; tests hold the two equal. Shapes: X [N, C, H, W], Y [N, C, OH, OW]; a plane is one channel of
 * one image. In {@link Precision#FLOAT32} max and average pooling read and store float32 arrays (see the float32
 * section at the end).
 */
final class PoolFast {
    private PoolFast() {}

    /** Runs body for every plane, split over the cores by the library's one rule; planes are independent. */
    private static void forPlanes(int planes, int inputSize, java.util.function.IntConsumer body) {
        Parallel.forRange(planes, Math.max(1, inputSize / Math.max(1, planes)), (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                body.accept(plane);
            }
        });
    }

    /** Y and, per output cell, the flat index into X of the cell that won. */
    record MaxResult(Tensor y, int[] winners) {}

    static MaxResult maxForward(Tensor x, int window, int stride, Padding.Geometry g, String operation) {
        if (Precision.current() == Precision.FLOAT32) {
            return maxForwardFloat32(x, window, stride, g, operation);
        }
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        double[] X = x.rawData();
        double[] Y = new double[planes * g.outH() * g.outW()];
        int[] winners = new int[Y.length];
        forPlanes(planes, X.length, plane -> {
            int planeStart = plane * h * w;
            int out = plane * g.outH() * g.outW();
            for (int oy = 0; oy < g.outH(); oy++) {
                int yFrom = Math.max(0, oy * stride - g.top());
                int yTo = Math.min(h, oy * stride - g.top() + window);
                for (int ox = 0; ox < g.outW(); ox++, out++) {
                    int xFrom = Math.max(0, ox * stride - g.left());
                    int xTo = Math.min(w, ox * stride - g.left() + window);
                    if (yFrom >= yTo || xFrom >= xTo) {
                        throw new IllegalArgumentException(operation + ": a " + window + "x" + window
                                + " window lies wholly in the padding; use padding smaller than the window");
                    }
                    double best = Double.NEGATIVE_INFINITY;
                    int bestAt = -1;
                    for (int iy = yFrom; iy < yTo; iy++) {
                        int row = planeStart + iy * w;
                        for (int ix = xFrom; ix < xTo; ix++) {
                            if (X[row + ix] > best) {
                                best = X[row + ix];
                                bestAt = row + ix;
                            }
                        }
                    }
                    if (bestAt < 0) { // only NaN inputs
                        best = Double.NaN;
                        bestAt = planeStart + yFrom * w + xFrom;
                    }
                    Y[out] = best;
                    winners[out] = bestAt;
                }
            }
        });
        return new MaxResult(Tensor.wrap(Y, x.dim(0), x.dim(1), g.outH(), g.outW()), winners);
    }

    static Tensor maxBackward(Tensor dY, int[] winners, int[] inputShape) {
        if (Precision.current() == Precision.FLOAT32) {
            return maxBackwardFloat32(dY, winners, inputShape);
        }
        double[] dX = new double[inputShape[0] * inputShape[1] * inputShape[2] * inputShape[3]];
        double[] G = dY.rawData();
        int planes = inputShape[0] * inputShape[1];
        int outArea = G.length / Math.max(1, planes);
        // winners of one plane lie in that plane, so planes can run in parallel
        forPlanes(planes, dX.length, plane -> {
            for (int out = plane * outArea; out < (plane + 1) * outArea; out++) {
                dX[winners[out]] += G[out];
            }
        });
        return Tensor.wrap(dX, inputShape);
    }

    static Tensor avgForward(Tensor x, int window, int stride, Padding.Geometry g, String operation) {
        if (Precision.current() == Precision.FLOAT32) {
            return avgForwardFloat32(x, window, stride, g, operation);
        }
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        double[] X = x.rawData();
        double[] Y = new double[planes * g.outH() * g.outW()];
        if (window == 2 && stride == 2 && g.top() == 0 && g.left() == 0 && 2 * g.outH() <= h && 2 * g.outW() <= w) {
            // the common case (LeNet-5's subsampling): 2x2 windows side by side, none touching padding
            forPlanes(planes, X.length, plane -> {
                int out = plane * g.outH() * g.outW();
                for (int oy = 0; oy < g.outH(); oy++) {
                    int top = (plane * h + 2 * oy) * w;
                    int bottom = top + w;
                    for (int ox = 0; ox < g.outW(); ox++, out++) {
                        Y[out] = (X[top + 2 * ox] + X[top + 2 * ox + 1] + X[bottom + 2 * ox] + X[bottom + 2 * ox + 1]) / 4;
                    }
                }
            });
            return Tensor.wrap(Y, x.dim(0), x.dim(1), g.outH(), g.outW());
        }
        forPlanes(planes, X.length, plane -> {
            int planeStart = plane * h * w;
            int out = plane * g.outH() * g.outW();
            for (int oy = 0; oy < g.outH(); oy++) {
                int yFrom = Math.max(0, oy * stride - g.top());
                int yTo = Math.min(h, oy * stride - g.top() + window);
                for (int ox = 0; ox < g.outW(); ox++, out++) {
                    int xFrom = Math.max(0, ox * stride - g.left());
                    int xTo = Math.min(w, ox * stride - g.left() + window);
                    if (yFrom >= yTo || xFrom >= xTo) {
                        throw new IllegalArgumentException(operation + ": a " + window + "x" + window
                                + " window lies wholly in the padding; use padding smaller than the window");
                    }
                    double sum = 0;
                    for (int iy = yFrom; iy < yTo; iy++) {
                        int row = planeStart + iy * w;
                        for (int ix = xFrom; ix < xTo; ix++) {
                            sum += X[row + ix];
                        }
                    }
                    Y[out] = sum / ((yTo - yFrom) * (xTo - xFrom));
                }
            }
        });
        return Tensor.wrap(Y, x.dim(0), x.dim(1), g.outH(), g.outW());
    }

    static Tensor avgBackward(Tensor dY, int[] inputShape, int window, int stride, Padding.Geometry g) {
        if (Precision.current() == Precision.FLOAT32) {
            return avgBackwardFloat32(dY, inputShape, window, stride, g);
        }
        int planes = inputShape[0] * inputShape[1];
        int h = inputShape[2];
        int w = inputShape[3];
        double[] G = dY.rawData();
        double[] dX = new double[planes * h * w];
        forPlanes(planes, dX.length, plane -> {
            int planeStart = plane * h * w;
            int out = plane * g.outH() * g.outW();
            for (int oy = 0; oy < g.outH(); oy++) {
                int yFrom = Math.max(0, oy * stride - g.top());
                int yTo = Math.min(h, oy * stride - g.top() + window);
                for (int ox = 0; ox < g.outW(); ox++, out++) {
                    int xFrom = Math.max(0, ox * stride - g.left());
                    int xTo = Math.min(w, ox * stride - g.left() + window);
                    double share = G[out] / ((yTo - yFrom) * (xTo - xFrom));
                    for (int iy = yFrom; iy < yTo; iy++) {
                        int row = planeStart + iy * w;
                        for (int ix = xFrom; ix < xTo; ix++) {
                            dX[row + ix] += share;
                        }
                    }
                }
            }
        });
        return Tensor.wrap(dX, inputShape);
    }

    // ------------------------------------------------------------------------------------- float32

    /*
     * Pooling in Precision.FLOAT32: the same loops on float32 arrays, read with rawSingles and stored
     * with wrapSingles. Why: the float64 loops read a float32 input through its float64 widening (a copy of the
     * whole input, twice its bytes) and wrote a float64 result that the next float32 operation rounded again.
     * In LeNet-5 (batch 64, one thread, under load) S2's forward took about 0.8 to 1.0 ms a step that way, 0.6 ms
     * on float32 arrays summing in float64, 0.25 ms summing in float32 (the conversions cost more than the sum):
     * so the 2x2 case sums in float32 (three roundings); the general case sums a window in float64 and rounds
     * once.
     */

    /** Max pooling in float32: the same loops; a maximum is one of its inputs, so nothing is rounded. */
    private static MaxResult maxForwardFloat32(Tensor x, int window, int stride, Padding.Geometry g,
                                               String operation) {
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        float[] X = x.rawSingles();
        float[] Y = new float[planes * g.outH() * g.outW()];
        int[] winners = new int[Y.length];
        forPlanes(planes, X.length, plane -> {
            int planeStart = plane * h * w;
            int out = plane * g.outH() * g.outW();
            for (int oy = 0; oy < g.outH(); oy++) {
                int yFrom = Math.max(0, oy * stride - g.top());
                int yTo = Math.min(h, oy * stride - g.top() + window);
                for (int ox = 0; ox < g.outW(); ox++, out++) {
                    int xFrom = Math.max(0, ox * stride - g.left());
                    int xTo = Math.min(w, ox * stride - g.left() + window);
                    if (yFrom >= yTo || xFrom >= xTo) {
                        throw new IllegalArgumentException(operation + ": a " + window + "x" + window
                                + " window lies wholly in the padding; use padding smaller than the window");
                    }
                    float best = Float.NEGATIVE_INFINITY;
                    int bestAt = -1;
                    for (int iy = yFrom; iy < yTo; iy++) {
                        int row = planeStart + iy * w;
                        for (int ix = xFrom; ix < xTo; ix++) {
                            if (X[row + ix] > best) {
                                best = X[row + ix];
                                bestAt = row + ix;
                            }
                        }
                    }
                    if (bestAt < 0) { // only NaN inputs
                        best = Float.NaN;
                        bestAt = planeStart + yFrom * w + xFrom;
                    }
                    Y[out] = best;
                    winners[out] = bestAt;
                }
            }
        });
        return new MaxResult(Tensor.wrapSingles(Y, x.dim(0), x.dim(1), g.outH(), g.outW()), winners);
    }

    private static Tensor maxBackwardFloat32(Tensor dY, int[] winners, int[] inputShape) {
        float[] dX = new float[inputShape[0] * inputShape[1] * inputShape[2] * inputShape[3]];
        float[] G = dY.rawSingles();
        int planes = inputShape[0] * inputShape[1];
        int outArea = G.length / Math.max(1, planes);
        forPlanes(planes, dX.length, plane -> {
            for (int out = plane * outArea; out < (plane + 1) * outArea; out++) {
                dX[winners[out]] += G[out];
            }
        });
        return Tensor.wrapSingles(dX, inputShape);
    }

    private static Tensor avgForwardFloat32(Tensor x, int window, int stride, Padding.Geometry g, String operation) {
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        float[] X = x.rawSingles();
        float[] Y = new float[planes * g.outH() * g.outW()];
        if (window == 2 && stride == 2 && g.top() == 0 && g.left() == 0 && 2 * g.outH() <= h && 2 * g.outW() <= w) {
            forPlanes(planes, X.length, plane -> {
                int out = plane * g.outH() * g.outW();
                for (int oy = 0; oy < g.outH(); oy++) {
                    int top = (plane * h + 2 * oy) * w;
                    int bottom = top + w;
                    for (int ox = 0; ox < g.outW(); ox++, out++) {
                        // in float32, as PyTorch: converting each value to float64 and back cost more than the sum
                        Y[out] = ((X[top + 2 * ox] + X[top + 2 * ox + 1])
                                + (X[bottom + 2 * ox] + X[bottom + 2 * ox + 1])) * 0.25f;
                    }
                }
            });
            return Tensor.wrapSingles(Y, x.dim(0), x.dim(1), g.outH(), g.outW());
        }
        forPlanes(planes, X.length, plane -> {
            int planeStart = plane * h * w;
            int out = plane * g.outH() * g.outW();
            for (int oy = 0; oy < g.outH(); oy++) {
                int yFrom = Math.max(0, oy * stride - g.top());
                int yTo = Math.min(h, oy * stride - g.top() + window);
                for (int ox = 0; ox < g.outW(); ox++, out++) {
                    int xFrom = Math.max(0, ox * stride - g.left());
                    int xTo = Math.min(w, ox * stride - g.left() + window);
                    if (yFrom >= yTo || xFrom >= xTo) {
                        throw new IllegalArgumentException(operation + ": a " + window + "x" + window
                                + " window lies wholly in the padding; use padding smaller than the window");
                    }
                    double sum = 0;
                    for (int iy = yFrom; iy < yTo; iy++) {
                        int row = planeStart + iy * w;
                        for (int ix = xFrom; ix < xTo; ix++) {
                            sum += X[row + ix];
                        }
                    }
                    Y[out] = (float) (sum / ((yTo - yFrom) * (xTo - xFrom)));
                }
            }
        });
        return Tensor.wrapSingles(Y, x.dim(0), x.dim(1), g.outH(), g.outW());
    }

    private static Tensor avgBackwardFloat32(Tensor dY, int[] inputShape, int window, int stride,
                                             Padding.Geometry g) {
        int planes = inputShape[0] * inputShape[1];
        int h = inputShape[2];
        int w = inputShape[3];
        float[] G = dY.rawSingles();
        float[] dX = new float[planes * h * w];
        if (window == 2 && stride == 2 && g.top() == 0 && g.left() == 0 && 2 * g.outH() <= h && 2 * g.outW() <= w) {
            // 2x2 windows side by side, none touching padding: each covered input cell gets a quarter of its one
            // window's gradient (a row or column left over at an odd border gets none, as dX starts at 0)
            forPlanes(planes, dX.length, plane -> {
                int out = plane * g.outH() * g.outW();
                for (int oy = 0; oy < g.outH(); oy++) {
                    int top = (plane * h + 2 * oy) * w;
                    int bottom = top + w;
                    for (int ox = 0; ox < g.outW(); ox++, out++) {
                        float share = G[out] / 4;
                        dX[top + 2 * ox] = share;
                        dX[top + 2 * ox + 1] = share;
                        dX[bottom + 2 * ox] = share;
                        dX[bottom + 2 * ox + 1] = share;
                    }
                }
            });
            return Tensor.wrapSingles(dX, inputShape);
        }
        forPlanes(planes, dX.length, plane -> {
            int planeStart = plane * h * w;
            int out = plane * g.outH() * g.outW();
            for (int oy = 0; oy < g.outH(); oy++) {
                int yFrom = Math.max(0, oy * stride - g.top());
                int yTo = Math.min(h, oy * stride - g.top() + window);
                for (int ox = 0; ox < g.outW(); ox++, out++) {
                    int xFrom = Math.max(0, ox * stride - g.left());
                    int xTo = Math.min(w, ox * stride - g.left() + window);
                    float share = (float) ((double) G[out] / ((yTo - yFrom) * (xTo - xFrom)));
                    for (int iy = yFrom; iy < yTo; iy++) {
                        int row = planeStart + iy * w;
                        for (int ix = xFrom; ix < xTo; ix++) {
                            dX[row + ix] += share;
                        }
                    }
                }
            }
        });
        return Tensor.wrapSingles(dX, inputShape);
    }
}
