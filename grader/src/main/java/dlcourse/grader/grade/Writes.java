package dlcourse.grader.grade;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import jdk.jshell.Snippet;

/**
 * Finds writes to the tests' variables in one snippet of a student cell: an assignment ({@code y = ...}),
 * a compound assignment ({@code y += ...}) or an increment ({@code y++}) whose target is a protected name or
 * starts from one ({@code table[0][1] = ...}, {@code Config.rate = ...}), at the
 * top of the cell or inside a method, lambda or class the student declares, unless that name is a local variable,
 * parameter or field of the student's own at that point. The snippet is only parsed (javac's parser), never run.
 *
 * <p>Not covered here: writes through an alias and through methods that change an object's state (the
 * assignments' fixtures are tensors and records of tensors, immutable but for {@code rawData()}, which
 * {@link Protection} refuses by name, as it refuses reflection).
 */
final class Writes extends TreeScanner<Void, Void> {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    private final Set<String> protectedNames;
    private final Deque<Set<String>> scopes = new ArrayDeque<>();
    private int classDepth;
    private String found;

    private Writes(Set<String> protectedNames) {
        this.protectedNames = protectedNames;
    }

    /** The first protected name the snippet writes to, or null. */
    static String protectedWrite(String snippet, Set<String> protectedNames) {
        String wrapped = wrap(snippet);
        CompilationUnitTree unit = parseClean(wrapped);
        if (unit == null) { // JShell's guess of the kind may be wrong for code it cannot resolve: try the other way
            String member = "class $Snippet {\n" + snippet + "\n}";
            String body = "class $Snippet { void $run() {\n" + snippet + "\n;\n} }";
            unit = parseClean(wrapped.equals(member) ? body : member);
        }
        if (unit == null) {
            unit = parse(wrapped); // javac's error recovery still gives a tree
        }
        if (unit == null) {
            return null;
        }
        Writes scanner = new Writes(protectedNames);
        scanner.scan(unit, null);
        return scanner.found;
    }

    /**
     * The protected name a snippet declares at the top of the cell, found by javac's parser, or null. JShell's
     * analysis reports no declaration for some snippets it cannot resolve here (the library is not on this
     * class path): {@code var y = Tensor.zeros(4, 1);} is "erroneous" to it, yet declares {@code y} when it runs.
     */
    static String declaredName(String snippet, Set<String> protectedNames) {
        CompilationUnitTree unit = parseClean("class $Snippet { void $run() {\n" + snippet + "\n;\n} }");
        List<? extends Tree> members = List.of();
        if (unit != null && unit.getTypeDecls().get(0) instanceof ClassTree wrapper
                && wrapper.getMembers().size() == 1 && wrapper.getMembers().get(0) instanceof MethodTree run) {
            members = run.getBody().getStatements();
        } else {
            unit = parseClean("class $Snippet {\n" + snippet + "\n}");
            if (unit != null && unit.getTypeDecls().get(0) instanceof ClassTree wrapper) {
                members = wrapper.getMembers();
            }
        }
        for (Tree member : members) {
            String name = member instanceof VariableTree v ? v.getName().toString()
                    : member instanceof MethodTree m ? m.getName().toString()
                    : member instanceof ClassTree c ? c.getSimpleName().toString() : null;
            if (name != null && protectedNames.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /** The tree of a source that parses without an error, or null. */
    private static CompilationUnitTree parseClean(String source) {
        boolean[] failed = {false};
        CompilationUnitTree unit = parse(source, d -> {
            if (d.getKind() == javax.tools.Diagnostic.Kind.ERROR) {
                failed[0] = true;
            }
        });
        return failed[0] ? null : unit;
    }

    /** The snippet inside a class: as a member when it declares something, else as a method's body. */
    private static String wrap(String snippet) {
        Snippet.Kind kind;
        synchronized (Protection.ANALYZER) {
            List<Snippet> parsed = Protection.ANALYZER.sourceCodeAnalysis().sourceToSnippets(snippet);
            kind = parsed.isEmpty() ? Snippet.Kind.ERRONEOUS : parsed.get(0).kind();
        }
        return switch (kind) {
            case IMPORT -> "";
            case METHOD, TYPE_DECL, VAR -> "class $Snippet {\n" + snippet + "\n}";
            default -> "class $Snippet { void $run() {\n" + snippet + "\n;\n} }";
        };
    }

    private static CompilationUnitTree parse(String source) {
        return parse(source, diagnostic -> { });
    }

    private static CompilationUnitTree parse(String source, javax.tools.DiagnosticListener<JavaFileObject> listener) {
        if (source.isEmpty() || JAVAC == null) {
            return null;
        }
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        try {
            JavacTask task = (JavacTask) JAVAC.getTask(new StringWriter(), null, listener, List.of("-proc:none"),
                    null, List.of(file));
            for (CompilationUnitTree unit : task.parse()) {
                return unit;
            }
        } catch (IOException | RuntimeException e) {
            return null; // code javac cannot even parse does not run either
        }
        return null;
    }

    private boolean isLocal(String name) {
        for (Set<String> scope : scopes) {
            if (scope.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private void declare(String name) {
        if (!scopes.isEmpty()) {
            scopes.peek().add(name);
        }
    }

    private void check(ExpressionTree target) {
        ExpressionTree e = target;
        while (true) {
            if (e instanceof ParenthesizedTree p) {
                e = p.getExpression();
            } else if (e instanceof ArrayAccessTree a) {
                e = a.getExpression();
            } else if (e instanceof MemberSelectTree m) {
                e = m.getExpression();
            } else if (e instanceof MethodInvocationTree m) {
                e = m.getMethodSelect();
            } else if (e instanceof TypeCastTree c) {
                e = c.getExpression();
            } else {
                break;
            }
        }
        if (found == null && e instanceof IdentifierTree id) {
            String name = id.getName().toString();
            if (protectedNames.contains(name) && !isLocal(name)) {
                found = name;
            }
        }
    }

    private <T> T inScope(java.util.function.Supplier<T> body) {
        scopes.push(new HashSet<>());
        try {
            return body.get();
        } finally {
            scopes.pop();
        }
    }

    @Override
    public Void visitClass(ClassTree node, Void unused) {
        if (classDepth++ == 0) {
            try {
                return super.visitClass(node, unused); // the wrapper: its fields are the cell's top-level variables
            } finally {
                classDepth--;
            }
        }
        try {
            return inScope(() -> {
                for (Tree member : node.getMembers()) {
                    if (member instanceof VariableTree v) {
                        declare(v.getName().toString());
                    }
                }
                return super.visitClass(node, unused);
            });
        } finally {
            classDepth--;
        }
    }

    @Override
    public Void visitMethod(MethodTree node, Void unused) {
        return inScope(() -> super.visitMethod(node, unused));
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
        return inScope(() -> super.visitLambdaExpression(node, unused));
    }

    @Override
    public Void visitBlock(BlockTree node, Void unused) {
        return inScope(() -> super.visitBlock(node, unused));
    }

    @Override
    public Void visitForLoop(ForLoopTree node, Void unused) {
        return inScope(() -> super.visitForLoop(node, unused));
    }

    @Override
    public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void unused) {
        return inScope(() -> super.visitEnhancedForLoop(node, unused));
    }

    @Override
    public Void visitTry(TryTree node, Void unused) {
        return inScope(() -> super.visitTry(node, unused));
    }

    @Override
    public Void visitCatch(CatchTree node, Void unused) {
        return inScope(() -> super.visitCatch(node, unused));
    }

    @Override
    public Void visitVariable(VariableTree node, Void unused) {
        declare(node.getName().toString()); // a field of the wrapper is not declared: no scope is open there
        return super.visitVariable(node, unused);
    }

    @Override
    public Void visitAssignment(AssignmentTree node, Void unused) {
        check(node.getVariable());
        return super.visitAssignment(node, unused);
    }

    @Override
    public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
        check(node.getVariable());
        return super.visitCompoundAssignment(node, unused);
    }

    @Override
    public Void visitUnary(UnaryTree node, Void unused) {
        switch (node.getKind()) {
            case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> check(node.getExpression());
            default -> { }
        }
        return super.visitUnary(node, unused);
    }
}
