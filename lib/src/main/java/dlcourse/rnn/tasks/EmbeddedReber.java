package dlcourse.rnn.tasks;

import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The embedded Reber grammar, the classic benchmark of Hochreiter and Schmidhuber's LSTM paper (1997).
 *
 * <p>A Reber string starts with B, walks the grammar's graph from state 0 until it leaves it, and ends
 * with E. Each state offers two symbols, each taken with probability 1/2:
 * <pre>
 * state 0:  T -> 1   P -> 2
 * state 1:  S -> 1   X -> 3
 * state 2:  T -> 2   V -> 4
 * state 3:  X -> 2   S -> end
 * state 4:  P -> 3   V -> end
 * </pre>
 * for example BTSSXXTVVE, BPVVE, BTXSE. An embedded Reber string wraps one in B T ... T E or B P ... P E:
 * the second symbol comes back as the second-to-last one, after a Reber string of any length. Predicting
 * it needs a memory of that length; every other symbol depends only on the last few.
 *
 * <p>The usual task is next-symbol prediction (a synchronised many-to-many shape): at each step the target
 * is the set of symbols the grammar allows next, {@link #allowedNext}. Symbols are one-hot vectors of
 * D = 7 in the order {@link #SYMBOLS}.
 *
 * <p>Taught in {@code notebooks/11-lstm.ipynb}, section "The embedded Reber grammar".
 */
public final class EmbeddedReber {
    /** The alphabet, in the order of the one-hot features. */
    public static final String SYMBOLS = "BTPSXVE";

    /** The inner grammar: from each state, the two possible symbols and the states they lead to (-1 = end). */
    private static final char[][] EDGE_SYMBOLS = {{'T', 'P'}, {'S', 'X'}, {'T', 'V'}, {'X', 'S'}, {'P', 'V'}};
    private static final int[][] EDGE_TARGETS = {{1, 2}, {1, 3}, {2, 4}, {2, -1}, {3, -1}};

    private EmbeddedReber() {}

    /** A Reber string (B ... E), each branch taken with probability 1/2. */
    public static String reber(Random rng) {
        StringBuilder s = new StringBuilder("B");
        int state = 0;
        while (state >= 0) {
            int edge = rng.nextInt(2);
            s.append(EDGE_SYMBOLS[state][edge]);
            state = EDGE_TARGETS[state][edge];
        }
        return s.append('E').toString();
    }

    /** An embedded Reber string: B, then T or P, a Reber string, the same T or P again, E. */
    public static String generate(Random rng) {
        char branch = rng.nextBoolean() ? 'T' : 'P';
        return "B" + branch + reber(rng) + branch + "E";
    }

    /** {@code count} embedded Reber strings from a fixed seed. */
    public static List<String> generate(long seed, int count) {
        Random rng = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            out.add(generate(rng));
        }
        return out;
    }

    /** True if {@code s} is a Reber string. */
    public static boolean isReber(String s) {
        if (s.length() < 2 || s.charAt(0) != 'B' || s.charAt(s.length() - 1) != 'E') {
            return false;
        }
        int state = 0;
        for (int k = 1; k < s.length() - 1; k++) {
            if (state < 0) {
                return false;
            }
            char c = s.charAt(k);
            int next = -2;
            for (int edge = 0; edge < 2; edge++) {
                if (EDGE_SYMBOLS[state][edge] == c) {
                    next = EDGE_TARGETS[state][edge];
                }
            }
            if (next == -2) {
                return false;
            }
            state = next;
        }
        return state == -1;
    }

    /** True if {@code s} is an embedded Reber string. */
    public static boolean isEmbeddedReber(String s) {
        int last = s.length() - 1;
        return s.length() >= 4 && s.charAt(0) == 'B' && s.charAt(last) == 'E'
                && (s.charAt(1) == 'T' || s.charAt(1) == 'P') && s.charAt(last - 1) == s.charAt(1)
                && isReber(s.substring(2, last - 1));
    }

    /**
     * For each prefix s[0..k] of an embedded Reber string (k = 0 ... length - 2), the set of symbols the
     * grammar allows at position k + 1: the targets of next-symbol prediction.
     */
    public static List<Set<Character>> allowedNext(String s) {
        if (!isEmbeddedReber(s)) {
            throw new IllegalArgumentException("EmbeddedReber.allowedNext: \"" + s
                    + "\" is not an embedded Reber string");
        }
        List<Set<Character>> out = new ArrayList<>();
        int last = s.length() - 1;
        out.add(Set.of('T', 'P'));                 // after B: either branch
        out.add(Set.of('B'));                      // after the branch symbol: the inner B
        int state = 0;
        for (int k = 2; k < last - 1; k++) {
            char c = s.charAt(k);
            if (c == 'B') {
                state = 0;
            } else if (c == 'E') {
                out.add(Set.of(s.charAt(1)));      // after the inner E: the remembered branch symbol
                continue;
            } else {
                for (int edge = 0; edge < 2; edge++) {
                    if (EDGE_SYMBOLS[state][edge] == c) {
                        state = EDGE_TARGETS[state][edge];
                        break;
                    }
                }
            }
            Set<Character> next = new LinkedHashSet<>();
            if (state == -1) {
                next.add('E');
            } else {
                next.add(EDGE_SYMBOLS[state][0]);
                next.add(EDGE_SYMBOLS[state][1]);
            }
            out.add(next);
        }
        out.add(Set.of('E'));                      // after the second branch symbol: the end
        return out;
    }

    /** The one-hot inputs of a string: one step [1, 7] per symbol, in the order of {@link #SYMBOLS}. */
    public static List<Tensor> oneHot(String s) {
        List<Tensor> steps = new ArrayList<>(s.length());
        for (int k = 0; k < s.length(); k++) {
            int index = SYMBOLS.indexOf(s.charAt(k));
            if (index < 0) {
                throw new IllegalArgumentException("EmbeddedReber.oneHot: symbol '" + s.charAt(k) + "' at position " + k
                        + " is not one of " + SYMBOLS);
            }
            double[] row = new double[SYMBOLS.length()];
            row[index] = 1;
            steps.add(Tensor.wrap(row, 1, SYMBOLS.length()));
        }
        return steps;
    }

    /** The shortest embedded Reber string {@link #branchBatch(Random, int)} uses: the lag is at least 34 steps. */
    public static final int MIN_LENGTH = 36;
    /** The longest embedded Reber string {@link #branchBatch(Random, int)} uses. */
    public static final int MAX_LENGTH = 50;

    /**
     * An embedded Reber string with {@code minLength} to {@code maxLength} symbols, drawn by generating strings
     * from {@code rng} until one has such a length (so it keeps the grammar's probabilities among those lengths).
     */
    public static String generate(Random rng, int minLength, int maxLength) {
        if (minLength > maxLength || maxLength < 9) {
            throw new IllegalArgumentException("EmbeddedReber.generate: need minLength <= maxLength and maxLength >= 9"
                    + " (the shortest embedded string, e.g. BTBTXSETE), got " + minLength + " and " + maxLength);
        }
        for (int attempt = 0; attempt < 10_000_000; attempt++) {
            String s = generate(rng);
            if (s.length() >= minLength && s.length() <= maxLength) {
                return s;
            }
        }
        throw new IllegalArgumentException("EmbeddedReber.generate: no string of " + minLength + " to " + maxLength
                + " symbols in 10,000,000 draws; lengths above about 45 are very rare, choose a smaller minLength");
    }

    /**
     * The many-to-one long-memory question of the grammar: {@code n} embedded Reber strings of
     * {@value #MIN_LENGTH} to {@value #MAX_LENGTH} symbols, cut just before their second-to-last symbol, labelled 0
     * for T and 1 for P (the symbol that was second). See {@link #branchBatch(Random, int, int, int)}.
     */
    public static SequenceBatch branchBatch(Random rng, int n) {
        return branchBatch(rng, n, MIN_LENGTH, MAX_LENGTH);
    }

    /**
     * {@code n} embedded Reber strings of {@code minLength} to {@code maxLength} symbols, each cut just before its
     * second-to-last symbol and padded at the front with zero steps to one fixed length, maxLength - 2, the same for
     * every batch (padding each batch to its own longest string would let the amount of padding differ between
     * training, validation and test batches, and a network could learn it instead of the branch). Labelled 0 for T
     * and 1 for P: the symbol that was second. Shapes: T = maxLength - 2 steps [N, 7], labels int[N].
     */
    public static SequenceBatch branchBatch(Random rng, int n, int minLength, int maxLength) {
        int length = maxLength - 2;
        int d = SYMBOLS.length();
        double[][][] steps = new double[length][n][d];
        int[] labels = new int[n];
        for (int e = 0; e < n; e++) {
            String full = generate(rng, minLength, maxLength);
            String s = full.substring(0, full.length() - 2);
            labels[e] = s.charAt(1) == 'T' ? 0 : 1;
            int offset = length - s.length();
            for (int k = 0; k < s.length(); k++) {
                steps[offset + k][e][SYMBOLS.indexOf(s.charAt(k))] = 1;
            }
        }
        List<Tensor> xs = new ArrayList<>(length);
        for (double[][] step : steps) {
            xs.add(Tensor.of(step));
        }
        return new SequenceBatch(xs, labels);
    }
}
