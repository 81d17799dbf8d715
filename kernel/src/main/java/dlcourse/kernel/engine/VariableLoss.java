package dlcourse.kernel.engine;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

/**
 * Names the variables that a redefinition took away. When a cell redefines a class, record or method, JShell
 * recompiles the variables whose declarations use it: a variable whose declaration no longer compiles can no longer
 * be used, and one that still compiles starts again from its default value ({@code null}, 0, false). JShell says so
 * only in its events; this turns them into a note for the cell.
 */
final class VariableLoss {
    private VariableLoss() {
    }

    /** The note for these events of one snippet, or null if no variable lost its value. */
    static String describe(List<SnippetEvent> events) {
        List<String> unusable = new ArrayList<>();
        List<String> reset = new ArrayList<>();
        String cause = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() == null || !(event.snippet() instanceof VarSnippet var)
                    || !event.previousStatus().isDefined()) {
                continue;
            }
            cause = name(event.causeSnippet());
            if (event.status() == Snippet.Status.VALID) {
                reset.add(var.name() + " (" + var.typeName() + ")");
            } else {
                unusable.add(var.name() + " (" + var.typeName() + ")");
            }
        }
        if (unusable.isEmpty() && reset.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (!unusable.isEmpty()) {
            parts.add("can no longer be used, since its declaration does not compile with the new definition: "
                    + String.join(", ", unusable));
        }
        if (!reset.isEmpty()) {
            parts.add("were reset to their default value (null, 0 or false): " + String.join(", ", reset));
        }
        return "Redefining " + cause + " lost the values of these variables; run the cells that set them again.\n  "
                + String.join("\n  ", parts) + "\n";
    }

    private static String name(Snippet snippet) {
        return snippet instanceof DeclarationSnippet d ? d.name() : snippet.source().strip();
    }
}
