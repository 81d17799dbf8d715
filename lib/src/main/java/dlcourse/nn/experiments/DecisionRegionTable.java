package dlcourse.nn.experiments;

import dlcourse.data.Dataset;
import dlcourse.data.ToySets;
import dlcourse.nn.Dense;
import dlcourse.nn.Mlp;
import dlcourse.nn.Momentum;
import dlcourse.nn.ProgressListener;
import dlcourse.nn.SoftmaxCrossEntropy;
import dlcourse.nn.Tanh;
import dlcourse.nn.Trainer;
import java.util.List;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The lecture's table "Behavior of multilayer neural networks", measured: single-, two- and three-layer
 * networks trained on 2-D data sets whose classes need a half plane (two blobs), more than one line (XOR), a
 * convex region (a disc inside a ring) and a curved, non-convex boundary (two moons). Each cell is the
 * training accuracy the network reaches.
 * <pre>
 * single layer:  z = x W + b                              a half plane bounded by a line
 * two layers:    z = tanh(x W1 + b1) W2 + b2             convex regions (open or closed)
 * three layers:  z = tanh(tanh(x W1 + b1) W2 + b2) W3 + b3   arbitrary regions
 * </pre>
 *
 * <p>Taught in {@code notebooks/01-multilayer-networks.ipynb} (section "Decision regions").
 */
public final class DecisionRegionTable {
    private DecisionRegionTable() {}

    /** The networks of the table, in order, with the region each can form according to the lecture. */
    public static final List<String> STRUCTURES = List.of("single-layer", "two-layer", "three-layer");
    static final List<String> REGIONS = List.of("half plane bounded by a hyperplane",
            "convex open or closed regions", "arbitrary (complexity limited by the number of nodes)");

    /** A fresh network of the given structure for 2-D inputs and 2 classes. */
    public static Mlp network(String structure, Random rng) {
        return switch (structure) {
            case "single-layer" -> Mlp.of(new Dense(2, 2, rng));
            case "two-layer" -> Mlp.dense(rng, Tanh::new, 2, 8, 2);
            case "three-layer" -> Mlp.dense(rng, Tanh::new, 2, 16, 16, 2);
            default -> throw new IllegalArgumentException("DecisionRegionTable: unknown structure '" + structure
                    + "'; use one of " + STRUCTURES);
        };
    }

    /** The four 2-D data sets of the table, 200 points each, drawn from the seed. */
    public static List<Dataset> datasets(long seed) {
        return List.of(ToySets.blobs(200, 0.4, seed), ToySets.xor(200, 0.25, seed), ToySets.ring(200, 0.1, seed),
                ToySets.moons(200, 0.1, seed));
    }

    /** Trains a network of the given structure on the data set and returns its training accuracy. */
    public static double trainAccuracy(String structure, Dataset data, long seed) {
        Mlp net = network(structure, new Random(seed));
        Trainer trainer = new Trainer(net, new SoftmaxCrossEntropy(), new Momentum(0.1, 0.9))
                .epochs(150).batchSize(20).seed(seed).progress(ProgressListener.silent());
        trainer.fit(data);
        return trainer.evaluate(data).accuracy();
    }

    /** The whole table: one row per structure, the lecture's region type, and the accuracy on each data set. */
    public static Table measure(long seed) {
        List<Dataset> sets = datasets(seed);
        StringColumn structure = StringColumn.create("structure");
        StringColumn region = StringColumn.create("decision region (lecture)");
        DoubleColumn blobs = DoubleColumn.create("two blobs");
        DoubleColumn xor = DoubleColumn.create("XOR");
        DoubleColumn ring = DoubleColumn.create("ring");
        DoubleColumn moons = DoubleColumn.create("moons");
        List<DoubleColumn> columns = List.of(blobs, xor, ring, moons);
        for (int s = 0; s < STRUCTURES.size(); s++) {
            structure.append(STRUCTURES.get(s));
            region.append(REGIONS.get(s));
            for (int d = 0; d < sets.size(); d++) {
                columns.get(d).append(trainAccuracy(STRUCTURES.get(s), sets.get(d), seed));
            }
        }
        return Table.create("training accuracy by network depth", structure, region, blobs, xor, ring, moons);
    }
}
