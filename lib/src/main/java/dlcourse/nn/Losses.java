package dlcourse.nn;

import dlcourse.tensor.Tensor;

/** Small checks shared by the losses. */
final class Losses {
    private Losses() {}

    static void requireMatrix(String loss, Tensor yHat) {
        if (yHat.rank() != 2) {
            throw new IllegalArgumentException(loss + ".forward: expected a batch of outputs [N, K] but got shape "
                    + Tensor.describe(yHat.shape()) + "; reshape a single output to [1, K]");
        }
    }

    static <C> C requireCache(C cache, Loss loss) {
        if (cache == null) {
            throw new IllegalStateException(loss.describe() + ".backward called before forward: compute the loss first");
        }
        return cache;
    }
}
