package dlcourse.grader.grade;

import dlcourse.kernel.magic.CellParser;
import dlcourse.kernel.magic.CellPart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keeps an answer from handing its work to the course library. The library implements every topic of the
 * lecture, and the setup cell of an assignment loads it (the tests compare with it): an answer to "write the
 * convolution" that returns {@code Conv2d.withWeights(w, b, 1, Padding.VALID).forward(x)}, or a backward pass that
 * returns {@code GradientCheck}'s numerical gradient, would pass every test without being written.
 *
 * <p>The rule: a student cell may name the library classes that the assignment's own solution cells name, plus
 * {@link #ALWAYS_ALLOWED}; any other class of the library's {@code dlcourse} packages, named by its simple name or
 * through its package, makes the grader remove that code, and the feedback says which class and why. A type the
 * student declares (and the protection keeps) is the student's own and never counts. Which names are library classes is
 * read from the jars the assignment's setup cells load, so the rule follows the library without a list to keep.
 * Reflection and class loading, the other way to reach a class, are refused by {@link Protection}.
 *
 * <p>{@code Tensor} is allowed, but a few of its methods are lecture topics themselves ({@link #TOPIC_METHODS}:
 * the sigmoid, tanh and their slopes, which a backward pass is asked to write): they count as library names too,
 * allowed where the solution names them. A method the student declares with such a name is refused with them
 * (the grader cannot tell it from Tensor's), which the feedback explains.
 */
final class LibraryUse {
    /** Classes every answer may name: the tensor type the exercises are written in, and the check helpers. */
    static final Set<String> ALWAYS_ALLOWED = Set.of("Tensor", "Checks");

    /** Methods of {@code Tensor} that compute a lecture topic: allowed only where the solution names them. */
    static final Set<String> TOPIC_METHODS = Set.of("sigmoid", "tanh", "timesSigmoidSlope", "timesTanhSlope");

    /** Java's classes with a {@code tanh} of their own. */
    private static final Set<String> MATH_CLASSES = Set.of("Math", "StrictMath");

    private static final LibraryUse NONE = new LibraryUse(Set.of(), Set.of());

    private final Set<String> libraryClasses;
    private final Set<String> allowed;

    private LibraryUse(Set<String> libraryClasses, Set<String> allowed) {
        Set<String> withTopics = new TreeSet<>(libraryClasses);
        if (!libraryClasses.isEmpty()) {
            withTopics.addAll(TOPIC_METHODS);
        }
        this.libraryClasses = Set.copyOf(withTopics);
        this.allowed = Collections.unmodifiableSortedSet(new TreeSet<>(allowed)); // sorted: the feedback names them
    }

    /** No library known: nothing is refused (a course without the library jar on its setup class path). */
    static LibraryUse none() {
        return NONE;
    }

    /**
     * @param libraryClasses the simple names of the library's top-level classes
     * @param solutionCode   the assignment's solution cells: the library classes they name are allowed
     */
    static LibraryUse of(Set<String> libraryClasses, List<String> solutionCode) {
        Set<String> allowed = new TreeSet<>(ALWAYS_ALLOWED);
        for (String code : solutionCode) {
            for (String name : Protection.identifiers(code)) {
                if (libraryClasses.contains(name) || TOPIC_METHODS.contains(name)) {
                    allowed.add(name);
                }
            }
        }
        return new LibraryUse(libraryClasses, allowed);
    }

    /** The library classes an answer may name (for the feedback and the tests). */
    Set<String> allowed() {
        return allowed;
    }

    /**
     * The first library class the snippet names that the assignment does not allow, or null.
     *
     * @param studentDeclared the types the submission declares itself and keeps (its own classes, records...)
     */
    String refused(String snippet, Set<String> studentDeclared) {
        if (libraryClasses.isEmpty()) {
            return null;
        }
        List<String> names = Protection.identifiers(snippet);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.equals("dlcourse")) {
                // dlcourse.pkg.Class: the class named through its package, whatever the student declared
                String named = firstLibraryClassAfter(names, i + 1);
                if (named != null && !allowed.contains(named)) {
                    return named;
                }
            } else if (TOPIC_METHODS.contains(name) && i > 0 && MATH_CLASSES.contains(names.get(i - 1))) {
                continue;   // Math.tanh is Java's own, not Tensor's
            } else if (libraryClasses.contains(name) && !allowed.contains(name) && !studentDeclared.contains(name)) {
                return name;
            }
        }
        return null;
    }

    private String firstLibraryClassAfter(List<String> names, int from) {
        for (int j = from; j < Math.min(names.size(), from + 4); j++) {
            if (libraryClasses.contains(names.get(j))) {
                return names.get(j);
            }
        }
        return null;
    }

    /**
     * The simple names of the top-level classes in the {@code dlcourse} packages of the given jars and folders
     * (a folder counts for the jars directly in it, as {@code %classpath lib/target/jars/*.jar} names them).
     * Files that cannot be read are skipped: they cannot be loaded by the setup cell either.
     */
    static Set<String> classesIn(Collection<Path> paths) {
        Set<String> names = new TreeSet<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList()) {
                        addClasses(jar, names);
                    }
                } catch (IOException e) {
                    // an unreadable folder adds nothing
                }
            } else if (path.getFileName() != null && path.getFileName().toString().endsWith(".jar")) {
                addClasses(path, names);
            }
        }
        return names;
    }

    private static void addClasses(Path jar, Set<String> names) {
        if (!Files.isRegularFile(jar)) {
            return;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String entry = entries.nextElement().getName();
                if (!entry.startsWith("dlcourse/") || !entry.endsWith(".class")) {
                    continue;
                }
                String simple = entry.substring(entry.lastIndexOf('/') + 1, entry.length() - ".class".length());
                if (!simple.contains("$") && !simple.equals("package-info") && !simple.equals("module-info")) {
                    names.add(simple);
                }
            }
        } catch (IOException e) {
            // not a jar after all: nothing to add
        }
    }

    /** The paths named by the {@code %jars} / {@code %classpath} lines of a setup cell, resolved against base. */
    static List<Path> magicPaths(String setupCode, Path base) {
        List<Path> paths = new ArrayList<>();
        for (CellPart part : CellParser.parse(setupCode)) {
            if (part.kind() != CellPart.Kind.LINE_MAGIC
                    || !part.name().equals("jars") && !part.name().equals("classpath")) {
                continue;
            }
            for (String word : CellParser.arguments(part.arguments())) {
                int glob = indexOfAny(word, "*?[{");
                if (glob >= 0) {
                    int slash = word.lastIndexOf('/', glob);
                    word = slash < 0 ? "." : word.substring(0, slash);
                }
                paths.add(base.resolve(word).normalize());
            }
        }
        return paths;
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
