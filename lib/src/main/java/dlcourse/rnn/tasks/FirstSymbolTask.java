package dlcourse.rnn.tasks;

import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The long-lag memory task: remember the first input over T steps. Each sequence starts with one of
 * {@link #SIGNALS} signal symbols, followed by T - 1 symbols drawn at random from {@link #DISTRACTORS} other
 * symbols; after the last step the network must say which signal came first. Every symbol is a one-hot
 * vector of D = SIGNALS + DISTRACTORS features. Guessing scores 1 / SIGNALS = 25 %.
 *
 * <p>The information needed sits T steps before the answer, so the gradient that teaches the network to
 * keep it has to travel back T steps: the lecture's "the influence of a given input ... decays or blows up
 * exponentially as it cycles around the network's recurrent connections". The lag T is the knob.
 *
 * <p>Shapes: T steps, each [N, D]; labels int[N] in [0, SIGNALS).
 *
 * <p>Taught in {@code notebooks/10-recurrent-networks.ipynb}, sections "Training a plain RNN with backpropagation
 * through time" and "Short-range and long-range dependencies"; the LSTM learns it in {@code notebooks/11-lstm.ipynb}.
 */
public final class FirstSymbolTask {
    /** The number of signal symbols, one of which opens each sequence: the classes. */
    public static final int SIGNALS = 4;
    /** The number of distractor symbols that fill the rest of the sequence. */
    public static final int DISTRACTORS = 4;
    /** D, the one-hot width of a symbol. */
    public static final int INPUT_SIZE = SIGNALS + DISTRACTORS;

    private FirstSymbolTask() {}

    /** {@code n} sequences of {@code length} steps drawn from {@code rng}. */
    public static SequenceBatch generate(Random rng, int n, int length) {
        if (n <= 0 || length <= 0) {
            throw new IllegalArgumentException("FirstSymbolTask.generate: need n > 0 sequences of length T > 0, got n="
                    + n + ", T=" + length);
        }
        int[] labels = new int[n];
        double[][] first = new double[n][INPUT_SIZE];
        for (int e = 0; e < n; e++) {
            labels[e] = rng.nextInt(SIGNALS);
            first[e][labels[e]] = 1;
        }
        List<Tensor> xs = new ArrayList<>(length);
        xs.add(Tensor.of(first));
        for (int t = 1; t < length; t++) {
            double[][] step = new double[n][INPUT_SIZE];
            for (int e = 0; e < n; e++) {
                step[e][SIGNALS + rng.nextInt(DISTRACTORS)] = 1;
            }
            xs.add(Tensor.of(step));
        }
        return new SequenceBatch(xs, labels);
    }

    /** {@code n} sequences of {@code length} steps from a fixed seed. */
    public static SequenceBatch generate(long seed, int n, int length) {
        return generate(new Random(seed), n, length);
    }
}
