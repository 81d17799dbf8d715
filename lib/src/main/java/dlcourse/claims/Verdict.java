package dlcourse.claims;

/** What a measurement says about one claim of the lecture. */
public enum Verdict {
    /** Shown to hold in the setting the lecture means. */
    HOLDS("holds"),
    /** Holds only under the condition recorded with it (and a sweep shows where it stops). */
    HOLDS_WHEN("holds when"),
    /** Measured here, and the measurement goes against it; the condition says why. */
    DOES_NOT_HOLD("does not hold"),
    /** Not measured in this course; the condition says why. */
    NOT_SHOWN("not shown here");

    private final String words;

    Verdict(String words) {
        this.words = words;
    }

    /** The verdict as the ledger prints it: "holds", "holds when", "does not hold", "not shown here". */
    public String words() {
        return words;
    }

    /** The verdict whose {@link #words()} or constant name is {@code text}. */
    public static Verdict parse(String text) {
        for (Verdict v : values()) {
            if (v.words.equalsIgnoreCase(text.trim()) || v.name().equalsIgnoreCase(text.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown verdict '" + text + "'; expected one of: holds, holds when,"
                + " does not hold, not shown here");
    }
}
