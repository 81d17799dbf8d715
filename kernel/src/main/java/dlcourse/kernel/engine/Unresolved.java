package dlcourse.kernel.engine;

import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/** The note shown when a declaration uses something not defined yet (JShell keeps it, unusable until then). */
final class Unresolved {
    private Unresolved() {
    }

    static String note(JShell jshell, Snippet snippet) {
        if (!(snippet instanceof DeclarationSnippet)) {
            return "note: this code uses something not defined yet\n";
        }
        DeclarationSnippet declaration = (DeclarationSnippet) snippet;
        String missing = jshell.unresolvedDependencies(declaration).collect(Collectors.joining(", "));
        return "note: " + declaration.name() + " was defined, but it cannot be used until "
                + (missing.isEmpty() ? "its errors are fixed" : missing + " is defined") + "\n";
    }
}
