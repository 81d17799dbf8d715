package dlcourse.kernel.magic;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %classpath PATH...}: adds jars or class folders to the class path; each argument may itself be a list
 * separated by the platform's path separator, and may use globs.
 */
final class ClasspathMagic implements LineMagic {
    @Override
    public void run(MagicContext context, String arguments, int line) throws MagicException {
        List<Path> paths = new ArrayList<>();
        for (String argument : CellParser.arguments(arguments)) {
            for (String entry : argument.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    paths.addAll(PathGlobs.resolve(context.magicBase(), entry));
                }
            }
        }
        if (paths.isEmpty()) {
            throw new MagicException("%classpath needs at least one path, for example: %classpath ../lib/target/classes");
        }
        context.addToClasspath(paths);
    }
}
