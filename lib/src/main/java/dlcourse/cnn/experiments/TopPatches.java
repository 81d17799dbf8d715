package dlcourse.cnn.experiments;

import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The input patches that excite one unit of a convolutional layer most (Zeiler and Fergus 2014; the lecture's
 * slide on what higher layers learn): for each image, the unit's strongest response over all positions of its map;
 * then the {@code k} images with the strongest responses, and from each the patch of the input that the unit sees
 * at that position (its receptive field).
 * <pre>
 * maps   [N, F, OH, OW]   a layer's outputs for N images
 * inputs [N, 1, H, W]     the images, before the network's own padding of {@code pad} pixels per side
 * a unit at (y, x) sees input rows y*step - pad .. y*step - pad + field - 1 (columns likewise)
 * patches [k, 1, field, field], cells outside the image are 0
 * </pre>
 * In LeNet-5 (inputs padded by 2): C1 sees 5x5 (step 1), C3 14x14 (step 2), C5 the whole 32x32 frame.
 *
 * <p>Taught in {@code notebooks/09-lenet5.ipynb} (section "What the layers respond to").
 */
public record TopPatches(String layer, int unit, int[] images, double[] responses, Tensor patches) {

    /** The top {@code k} patches of every unit (map) of {@code maps}. */
    public static List<TopPatches> find(String layer, Tensor inputs, Tensor maps, int field, int step, int pad,
            int k) {
        inputs.requireShape("TopPatches.find (inputs [N, 1, H, W])", -1, 1, -1, -1);
        maps.requireShape("TopPatches.find (maps [N, F, OH, OW])", inputs.dim(0), -1, -1, -1);
        if (k < 1 || k > inputs.dim(0)) {
            throw new IllegalArgumentException("TopPatches.find: k must be in 1.." + inputs.dim(0) + ", got " + k);
        }
        double[][][][] x = inputs.toArray4d();
        double[][][][] m = maps.toArray4d();
        List<TopPatches> out = new ArrayList<>();
        for (int f = 0; f < maps.dim(1); f++) {
            // the strongest response of unit f in each image, and where
            double[] best = new double[m.length];
            int[][] where = new int[m.length][2];
            for (int n = 0; n < m.length; n++) {
                best[n] = Double.NEGATIVE_INFINITY;
                for (int y = 0; y < m[n][f].length; y++) {
                    for (int xo = 0; xo < m[n][f][y].length; xo++) {
                        if (m[n][f][y][xo] > best[n]) {
                            best[n] = m[n][f][y][xo];
                            where[n] = new int[] {y, xo};
                        }
                    }
                }
            }
            Integer[] order = new Integer[m.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -best[i]));
            int[] images = new int[k];
            double[] responses = new double[k];
            double[][][][] patches = new double[k][1][field][field];
            for (int j = 0; j < k; j++) {
                int n = order[j];
                images[j] = n;
                responses[j] = best[n];
                int top = where[n][0] * step - pad;
                int left = where[n][1] * step - pad;
                for (int py = 0; py < field; py++) {
                    for (int px = 0; px < field; px++) {
                        int iy = top + py;
                        int ix = left + px;
                        boolean inside = iy >= 0 && iy < x[n][0].length && ix >= 0 && ix < x[n][0][0].length;
                        patches[j][0][py][px] = inside ? x[n][0][iy][ix] : 0;
                    }
                }
            }
            out.add(new TopPatches(layer, f, images, responses, Tensor.of(patches)));
        }
        return out;
    }

    /** The share of the top images whose label is this unit's most common one (1 = all from one class). */
    public double labelAgreement(int[] labels) {
        int[] counts = new int[Arrays.stream(labels).max().orElse(0) + 1];
        for (int n : images) {
            counts[labels[n]]++;
        }
        return (double) Arrays.stream(counts).max().orElse(0) / images.length;
    }
}
