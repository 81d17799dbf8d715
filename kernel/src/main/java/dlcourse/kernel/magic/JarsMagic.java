package dlcourse.kernel.magic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %jars PATH...}: adds jars to the class path. Paths may be globs ({@code lib/target/jars/*.jar}) and are
 * relative to the notebook's folder.
 */
final class JarsMagic implements LineMagic {
    @Override
    public void run(MagicContext context, String arguments, int line) throws MagicException {
        List<String> patterns = CellParser.arguments(arguments);
        if (patterns.isEmpty()) {
            throw new MagicException("%jars needs at least one path, for example: %jars ../lib/target/dlcourse-lib.jar");
        }
        List<Path> jars = new ArrayList<>();
        for (String pattern : patterns) {
            jars.addAll(PathGlobs.resolve(context.magicBase(), pattern));
        }
        context.addToClasspath(jars);
    }
}
