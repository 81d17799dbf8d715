package dlcourse.grader.grade;

import dlcourse.kernel.magic.CellParser;
import dlcourse.kernel.magic.CellPart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Keeps a submission's code from changing what the tests mean. In a notebook, a later declaration shadows an
 * earlier one of the same name: a student cell that declares {@code assertEquals}, a class {@code Math} or
 * {@code GradientCheck}, or a class named {@code org} or {@code dlcourse} (which hides those packages) would
 * turn the tests' checks into its own. So before a student cell runs, every declaration or import of a name
 * that the assignment's own cells (setup and tests, hidden ones included) use, other than the names the
 * student is asked to write, is removed from it, and the feedback says so. Magics ({@code %jars},
 * {@code %maven}...) are removed from student cells too: the class path is the assignment's. What counts as a
 * magic is the kernel's {@link CellParser}, so nothing the kernel would run as a magic stays in a student cell.
 *
 * <p>The analysis only parses (JShell's {@code sourceToSnippets}); nothing runs in this process. The exercise
 * notebooks' "How this notebook is graded" paragraph tells students to keep the names and leave the tests alone.
 */
public final class Protection {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z_$0-9]*");
    static final JShell ANALYZER = JShell.builder().executionEngine("local").build();

    private final Set<String> protectedNames;
    private final LibraryUse library;

    private Protection(Set<String> protectedNames, LibraryUse library) {
        this.protectedNames = Set.copyOf(protectedNames);
        this.library = library;
    }

    /** This protection, also refusing the library classes the assignment does not let an answer use. */
    Protection withLibrary(LibraryUse libraryUse) {
        return new Protection(protectedNames, libraryUse);
    }

    /**
     * @param assignmentCode the code of every setup and test cell of the source, hidden tests included
     * @param studentApi     the code of the source's solution cells: the names declared there are the student's
     *                       to define
     */
    public static Protection of(List<String> assignmentCode, List<String> studentApi) {
        Set<String> names = new HashSet<>();
        for (String code : assignmentCode) {
            Matcher m = IDENTIFIER.matcher(codeOnly(code));
            while (m.find()) {
                names.add(m.group());
            }
        }
        for (String code : studentApi) {
            for (Snippet s : snippets(code)) {
                if (s instanceof DeclarationSnippet d) {
                    names.remove(d.name());
                }
            }
        }
        return new Protection(names, LibraryUse.none());
    }

    /** The code without comments, string and character literals (their words are not names). */
    static String codeOnly(String code) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                while (i < n && code.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && code.charAt(j) != c && code.charAt(j) != '\n') {
                    j += code.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** At most 80 characters of a student's text, for a message. */
    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    /** The names a student cell must not declare. */
    public Set<String> protectedNames() {
        return protectedNames;
    }

    /** A student cell made safe to run, and what was removed from it. */
    public record Cleaned(String code, List<String> removed) {}

    /** Removes magics and declarations or imports of protected names from one student cell. */
    public Cleaned clean(String cellSource) {
        return clean(cellSource, Set.of());
    }

    /**
     * Removes magics, declarations or imports of protected names, writes to the tests' variables, reflection and
     * library classes the assignment does not allow from one student cell.
     *
     * @param studentDeclared the types the whole submission declares (see {@link #declaredNames}): a library
     *                        class name the student declared as a type is the student's own
     */
    public Cleaned clean(String cellSource, Set<String> studentDeclared) {
        // The code runs as the student wrote it; the checks that read names read it as javac does (unicode escapes
        // translated once, ignorable characters dropped from identifiers: see names). Translating the code that
        // runs would let JShell translate a second time, and an escaped escape become a name no check saw.
        List<String> removed = new ArrayList<>();
        // what is a magic is the kernel's decision (CellParser): exactly what it would run as one is removed
        for (CellPart part : CellParser.parse(cellSource)) {
            if (part.kind() != CellPart.Kind.CODE) {
                removed.add("the magic '" + shorten(CellParser.describe(part)) + "' (the grader loads the assignment's"
                        + " jars itself)");
            }
        }
        String withoutMagics = CellParser.withoutMagics(cellSource);
        StringBuilder kept = new StringBuilder();
        for (String source : split(withoutMagics)) {
            String offending = offendingName(source);
            String reflective = offending == null ? reflectiveName(source) : null;
            String raw = offending == null && reflective == null ? rawArrayName(source) : null;
            String written = offending == null && reflective == null && raw == null
                    ? Writes.protectedWrite(source, protectedNames) : null;
            String shortcut = offending == null && reflective == null && raw == null && written == null
                    ? library.refused(source, studentDeclared) : null;
            if (offending != null) {
                removed.add("the declaration of '" + offending + "', a name the tests use (rename yours)");
            } else if (reflective != null) {
                removed.add("code that uses reflection ('" + reflective + "'), which could change what the tests"
                        + " see (write the answer without it)");
            } else if (raw != null) {
                // a tensor handed to the student's method (X, y) could be changed through its array
                removed.add("code that calls " + raw + "(), the array inside a tensor, through which the tests'"
                        + " tensors could be changed (use toArray(), which returns a copy)");
            } else if (written != null) {
                removed.add("an assignment to '" + written + "', a variable the tests use (keep the given values;"
                        + " put yours in a variable of your own)");
            } else if (shortcut != null) {
                removed.add("code that uses the course library's " + shortcut + ", which does work this assignment"
                        + " asks you to write (compute it yourself; an answer may use " + String.join(", ",
                        library.allowed()) + " and Java's own classes)");
            } else {
                kept.append(source).append('\n');
            }
        }
        return new Cleaned(kept.toString(), removed);
    }

    /** The arrays inside a tensor: its float64 values and its float32 values (or their rounded copy). */
    static final List<String> RAW_ARRAYS = List.of("rawData", "rawSingles");

    /** The first of {@link #RAW_ARRAYS} the code names, or null. */
    private static String rawArrayName(String source) {
        List<String> named = names(source);
        for (String raw : RAW_ARRAYS) {
            if (named.contains(raw)) {
                return raw;
            }
        }
        return null;
    }

    /**
     * Names through which code reaches the tests' variables without naming them: JShell keeps every variable in
     * a static field of a generated class, which reflection, method handles and var handles can set.
     */
    static final Set<String> REFLECTION = Set.of("setAccessible", "getField", "getFields", "getDeclaredField",
            "getDeclaredFields", "getMethod", "getMethods", "getDeclaredMethod", "getDeclaredMethods",
            "MethodHandles", "MethodHandle", "VarHandle", "Unsafe", "forName", "reflect", "beans", "invoke",
            // class loading reaches any class of the library by a string, past the names LibraryUse checks
            "ClassLoader", "getClassLoader", "loadClass", "getSystemClassLoader", "defineClass", "newInstance",
            "getConstructor", "getConstructors", "getDeclaredConstructor", "getDeclaredConstructors", "ServiceLoader");

    /**
     * The code with its unicode escapes translated, as javac does before it reads a token (JLS 3.3): a backslash
     * that is not itself escaped, one or more 'u', four hex digits. Checks that read names must read this text,
     * or rawData written with its r as the escape of U+0072 would pass as another name.
     */
    static String translateUnicodeEscapes(String code) {
        if (code.indexOf('\\') < 0) {
            return code;
        }
        StringBuilder out = new StringBuilder(code.length());
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            int backslashes = 0;
            while (i + backslashes < n && code.charAt(i + backslashes) == '\\') {
                backslashes++;
            }
            // pairs of backslashes stay as they are; an odd last one may start an escape
            out.append("\\".repeat(backslashes - 1));
            i += backslashes - 1;
            int u = i + 1;
            while (u < n && code.charAt(u) == 'u') {
                u++;
            }
            if (backslashes % 2 == 1 && u > i + 1 && u + 4 <= n && isHex(code, u, u + 4)) {
                out.append((char) Integer.parseInt(code.substring(u, u + 4), 16));
                i = u + 4;
            } else {
                out.append('\\');
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isHex(String text, int from, int to) {
        for (int k = from; k < to; k++) {
            if (Character.digit(text.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The identifiers in code, outside comments and literals, in order, as javac reads them (see names). */
    static List<String> identifiers(String source) {
        return names(source);
    }

    /**
     * The types (classes, interfaces, records, enums) the given cells declare, as JShell reads them. Only a type
     * takes a library class's place in {@code Conv2d.withWeights(...)}: a method of that name does not.
     */
    static Set<String> declaredNames(List<String> cells) {
        Set<String> names = new HashSet<>();
        for (String cell : cells) {
            for (Snippet s : snippets(cell)) {
                if (s instanceof TypeDeclSnippet t) {
                    names.add(t.name());
                }
            }
        }
        return names;
    }

    private static String reflectiveName(String source) {
        for (String name : names(source)) {
            if (REFLECTION.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /** The identifiers in code, outside comments and literals, in order. */
    private static List<String> names(String source) {
        // as javac reads them: unicode escapes translated once, then identifiers of Java letters and digits, with the
        // characters javac ignores inside an identifier (a soft hyphen, control characters) dropped
        String code = codeOnly(translateUnicodeEscapes(source));
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < code.length()) {
            int c = code.codePointAt(i);
            if (!Character.isJavaIdentifierStart(c)) {
                i += Character.charCount(c);
                continue;
            }
            StringBuilder name = new StringBuilder();
            while (i < code.length() && Character.isJavaIdentifierPart(c = code.codePointAt(i))) {
                if (!Character.isIdentifierIgnorable(c)) {
                    name.appendCodePoint(c);
                }
                i += Character.charCount(c);
            }
            names.add(name.toString());
        }
        return names;
    }

    private String offendingName(String source) {
        for (Snippet s : snippets(source)) {
            if (s instanceof ImportSnippet i) {
                String full = i.fullname();
                String simple = full.substring(full.lastIndexOf('.') + 1);
                if (!simple.equals("*") && protectedNames.contains(simple)) {
                    return simple;
                }
            } else if (s instanceof DeclarationSnippet d && protectedNames.contains(d.name())) {
                return d.name();
            }
        }
        return Writes.declaredName(source, protectedNames);
    }

    /**
     * The code as one block statement, {@code { ... }}, when it has only statements and local variables (no
     * method, type or import): then it compiles as one snippet instead of one per statement, several times
     * faster, and its variables stay its own. Otherwise the code as it is.
     */
    static String asBlock(String code) {
        for (Snippet s : snippets(code)) {
            // unresolved names make a statement ERRONEOUS here (nothing is on this class path): judge by its end
            String text = codeOnly(s.source()).strip();
            boolean statement = switch (s.kind()) {
                case VAR, STATEMENT -> true;
                case EXPRESSION, ERRONEOUS -> text.endsWith(";") || text.endsWith("}");
                default -> false;
            };
            if (!statement) {
                return code;
            }
        }
        return "{\n" + code + "\n}";
    }

    /** The complete snippets of a cell, each as its own source text. */
    static List<String> split(String code) {
        List<String> parts = new ArrayList<>();
        synchronized (ANALYZER) {
            SourceCodeAnalysis analysis = ANALYZER.sourceCodeAnalysis();
            String remaining = code;
            while (!remaining.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                    break; // only comments and blanks are left
                }
                if (info.completeness().isComplete() && info.source() != null) {
                    parts.add(info.source());
                    remaining = info.remaining();
                } else {
                    parts.add(remaining);
                    break;
                }
            }
        }
        return parts;
    }

    private static List<Snippet> snippets(String code) {
        List<Snippet> all = new ArrayList<>();
        for (String part : split(code)) {
            synchronized (ANALYZER) {
                all.addAll(ANALYZER.sourceCodeAnalysis().sourceToSnippets(part));
            }
        }
        return all;
    }
}
