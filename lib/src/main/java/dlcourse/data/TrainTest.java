package dlcourse.data;

/**
 * A training set and a test set of the same kind of examples.
 *
 * <p>Taught in {@code notebooks/05-mnist.ipynb} (section "The data").
 */
public record TrainTest(Dataset train, Dataset test) {
    @Override
    public String toString() {
        return "TrainTest[train " + train + ", test " + test + "]";
    }
}
