package dlcourse.viz;

import java.util.List;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The confusion matrix of a classifier as a table: one row per actual class, one column per predicted class,
 * each cell counting the examples of that row's class predicted as that column's class. The diagonal holds the
 * correct answers.
 * <pre>
 * ConfusionMatrix.table(test.labels(), net.predict(test.x()).argmaxRows(), test.classNames())
 * </pre>
 *
 * <p>Taught in {@code notebooks/03-softmax.ipynb} (section "Which digits get confused").
 */
public final class ConfusionMatrix {
    private ConfusionMatrix() {}

    /** counts[actual][predicted] for labels in [0, K). */
    public static int[][] counts(int[] actual, int[] predicted, int numClasses) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + actual.length + " actual labels but "
                    + predicted.length + " predictions");
        }
        int[][] counts = new int[numClasses][numClasses];
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= numClasses || predicted[i] < 0 || predicted[i] >= numClasses) {
                throw new IllegalArgumentException("ConfusionMatrix: example " + i + " has actual " + actual[i]
                        + " and predicted " + predicted[i] + ", expected classes in [0, " + numClasses + ")");
            }
            counts[actual[i]][predicted[i]]++;
        }
        return counts;
    }

    /** The table: a column "actual" with the class names, then one count column per predicted class. */
    public static Table table(int[] actual, int[] predicted, List<String> classNames) {
        int[][] counts = counts(actual, predicted, classNames.size());
        Table table = Table.create("confusion matrix (rows: actual, columns: predicted)",
                StringColumn.create("actual", classNames));
        for (int p = 0; p < classNames.size(); p++) {
            int[] column = new int[classNames.size()];
            for (int a = 0; a < classNames.size(); a++) {
                column[a] = counts[a][p];
            }
            table.addColumns(IntColumn.create(classNames.get(p), column));
        }
        return table;
    }
}
