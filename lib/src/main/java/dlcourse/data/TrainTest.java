package dlcourse.data;

/**
 * A training set and a test set of the same kind of examples.
 *
 * <p>Taught in {@code notebooks/00-getting-started.ipynb} (section "Where the data comes from").
 */
public record TrainTest(Dataset train, Dataset test) {
    @Override
    public String toString() {
        return "TrainTest[train " + train + ", test " + test + "]";
    }
}
