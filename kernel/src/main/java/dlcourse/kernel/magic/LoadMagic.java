package dlcourse.kernel.magic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code %load FILE}: runs a {@code .jsh}, {@code .jshell} or {@code .java} file's code in the session. */
final class LoadMagic implements LineMagic {
    @Override
    public void run(MagicContext context, String arguments, int line) throws MagicException {
        List<String> args = CellParser.arguments(arguments);
        if (args.size() != 1) {
            throw new MagicException("%load takes one file, for example: %load helpers.jsh (got " + args.size() + ")");
        }
        Path file = context.workingDirectory().resolve(args.get(0)).normalize();
        String name = file.getFileName().toString();
        if (!(name.endsWith(".jsh") || name.endsWith(".jshell") || name.endsWith(".java"))) {
            throw new MagicException("%load reads .jsh, .jshell or .java files, not " + name);
        }
        String code;
        try {
            code = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MagicException("%load could not read " + file + ": " + e.getMessage(), e);
        }
        if (!context.runCode(code, name, 0)) {
            throw new MagicException("%load stopped at the error above in " + file);
        }
    }
}
