package dlcourse.viz;

/** Makes AWT headless when there is no display, so charts and images render on servers and in CI. */
final class Headless {
    private Headless() {}

    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            String display = System.getenv("DISPLAY");
            if (display == null || display.isBlank()) {
                System.setProperty("java.awt.headless", "true");
            }
        }
    }
}
