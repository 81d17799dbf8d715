package dlcourse.kernel.magic;

import com.google.gson.JsonObject;
import dlcourse.kernel.notebook.NotebookFile;
import dlcourse.kernel.notebook.NotebookFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code %load FILE}: runs a {@code .jsh}, {@code .jshell} or {@code .java} file's code in the session, or the code
 * cells of a notebook ({@code .ipynb}) one after the other, as IJava does.
 */
final class LoadMagic implements LineMagic {
    @Override
    public void run(MagicContext context, String arguments, int line) throws MagicException {
        List<String> args = CellParser.arguments(arguments);
        if (args.size() != 1) {
            throw new MagicException("%load takes one file, for example: %load helpers.jsh (got " + args.size() + ")");
        }
        Path file = context.magicBase().resolve(args.get(0)).normalize();
        String name = file.getFileName().toString();
        if (name.endsWith(".ipynb")) {
            loadNotebook(context, file, name);
            return;
        }
        if (!(name.endsWith(".jsh") || name.endsWith(".jshell") || name.endsWith(".java"))) {
            throw new MagicException("%load reads .jsh, .jshell, .java or .ipynb files, not " + name);
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

    private static void loadNotebook(MagicContext context, Path file, String name) throws MagicException {
        NotebookFile notebook;
        try {
            notebook = NotebookFile.read(file);
        } catch (IOException | NotebookFormatException e) {
            throw new MagicException("%load could not read the notebook " + file + ": " + e.getMessage(), e);
        }
        List<JsonObject> cells = notebook.cells();
        for (int index = 1; index <= cells.size(); index++) {
            JsonObject cell = cells.get(index - 1);
            if (!"code".equals(cell.get("cell_type").getAsString())) {
                continue;
            }
            if (!context.runCode(NotebookFile.source(cell), name + " cell " + index, 0)) {
                throw new MagicException("%load stopped at the error above in cell " + index + " of " + file);
            }
        }
    }
}
