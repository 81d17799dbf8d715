package dlcourse.nn;

/** Small checks shared by the layers of this package. */
final class Layers {
    private Layers() {}

    /** The cache of the last forward, or an {@link IllegalStateException} saying forward must come first. */
    static <C> C requireCache(C cache, Layer layer) {
        if (cache == null) {
            throw new IllegalStateException(layer.describe() + ".backward called before forward: run forward on a"
                    + " batch first, then backward with dL/dY for its output");
        }
        return cache;
    }

    /** A learning rate must be a positive finite number. */
    static double requireLearningRate(String where, double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(where + ": learning rate must be a positive number, got "
                    + learningRate + "; try 0.1 or 0.01");
        }
        return learningRate;
    }
}
