package dlcourse.kernel.magic;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The known magics, by name; an unknown one is an error that lists them. */
public final class Magics {
    private final Map<String, LineMagic> lineMagics = new TreeMap<>();
    private final Map<String, CellMagic> cellMagics = new TreeMap<>();

    /** The course kernel's magics; {@code maven} is the session's resolver (it keeps {@code %mavenRepo}s). */
    public static Magics standard(MavenMagic maven) {
        Magics magics = new Magics();
        TimeMagic time = new TimeMagic();
        magics.lineMagics.put("jars", new JarsMagic());
        magics.lineMagics.put("classpath", new ClasspathMagic());
        magics.lineMagics.put("maven", maven);
        magics.lineMagics.put("mavenRepo", maven.repositoryMagic());
        magics.lineMagics.put("load", new LoadMagic());
        magics.lineMagics.put("time", time);
        magics.cellMagics.put("time", time);
        return magics;
    }

    /** Runs a line magic. */
    public void runLine(MagicContext context, String name, String arguments, int line) throws MagicException {
        LineMagic magic = lineMagics.get(name);
        if (magic == null) {
            throw new MagicException(unknown("%" + name));
        }
        magic.run(context, arguments, line);
    }

    /** Runs a cell magic. */
    public void runCell(MagicContext context, String name, String arguments, String body, int bodyFirstLine)
            throws MagicException {
        CellMagic magic = cellMagics.get(name);
        if (magic == null) {
            throw new MagicException(unknown("%%" + name));
        }
        magic.run(context, arguments, body, bodyFirstLine);
    }

    /** Every magic as written, for example {@code %jars}, {@code %%time}, sorted. */
    public TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        lineMagics.keySet().forEach(n -> names.add("%" + n));
        cellMagics.keySet().forEach(n -> names.add("%%" + n));
        return names;
    }

    private String unknown(String written) {
        return "unknown magic " + written + "; the known magics are " + String.join(", ", names());
    }
}
