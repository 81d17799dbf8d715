"""What a notebook needs to look the same on IJava and JJava as on the course's kernel: the first code cell loads
the library with %classpath (JJava prints a deprecation warning for %jars) and, in the lecture notebooks, calls
Display.install() (charts as pictures, tables as HTML there); and no cell ends with a printf expression
statement, whose returned PrintStream those kernels would show as `java.io.PrintStream@...`; and every import is
in the first code cell: IJava and JJava run JShell's snippets in their own JVM, where an import that arrives
mid-notebook can make JShell recompile earlier snippets and reset their variables to null (measured on JJava
1.0-a7: after `import dlcourse.claims.*;` in a later cell, a Tensor declared earlier read null)."""
import glob
import os
import re
import unittest

import nbformat

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
LECTURES = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
ASSIGNMENTS = sorted(glob.glob(os.path.join(ROOT, "solutions", "*.ipynb"))
                     + glob.glob(os.path.join(ROOT, "exercises", "*.ipynb")))


def code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def without_comments_and_strings(code):
    """The code with string literals emptied and comments removed, so that parentheses and ';' can be read."""
    code = re.sub(r'"(?:\\.|[^"\\])*"', '""', code)
    code = re.sub(r"'(?:\\.|[^'\\])*'", "''", code)
    code = re.sub(r"/\*.*?\*/", "", code, flags=re.S)
    return re.sub(r"//[^\n]*", "", code)


def last_statement(code):
    """The cell's last top-level statement (depth 0 in braces and parentheses), without its ';'."""
    code = without_comments_and_strings(code).strip()
    depth, start = 0, 0
    for i, ch in enumerate(code):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
            if depth == 0 and ch == "}":
                start = i + 1
        elif ch == ";" and depth == 0 and i < len(code) - 1:
            start = i + 1
    return code[start:].strip().rstrip(";").strip()


IMPORT = re.compile(r"^\s*import\s+(static\s+)?[\w.]+(\.\*)?\s*;", re.M)


def ends_in_printf(code):
    return re.match(r"System\s*\.\s*(out|err)\s*\.\s*printf\s*\(", last_statement(code)) is not None


class ParserChecks(unittest.TestCase):
    def test_the_printf_finder_finds_what_it_must_and_only_that(self):
        self.assertTrue(ends_in_printf('int a = 1;\nSystem.out.printf("%d%n",\n    a);'))
        self.assertTrue(ends_in_printf('System.out.printf("a; b");  // done'))
        self.assertFalse(ends_in_printf('System.out.print(String.format("%d%n", 1));'))
        self.assertFalse(ends_in_printf('for (int i = 0; i < 2; i++) {\n    System.out.printf("%d%n", i);\n}'))
        self.assertFalse(ends_in_printf('System.out.printf("x%n");\nchart'))


class NotebooksForeignKernelsCanShow(unittest.TestCase):
    def test_there_are_notebooks(self):
        self.assertTrue(LECTURES and ASSIGNMENTS)

    def test_first_cells_load_the_library_with_classpath(self):
        wrong = [os.path.relpath(p, ROOT) for p in LECTURES + ASSIGNMENTS
                 if not code_cells(p)[0].source.startswith("%classpath ")]
        self.assertEqual(wrong, [], "first code cells that do not start with %classpath")

    def test_lecture_notebooks_install_the_display_hook_in_their_first_cell(self):
        wrong = [os.path.relpath(p, ROOT) for p in LECTURES
                 if "dlcourse.viz.Display.install();" not in code_cells(p)[0].source]
        self.assertEqual(wrong, [], "lecture notebooks whose first cell does not call Display.install()")

    def test_exercises_start_as_their_solutions_do(self):
        for solution in sorted(glob.glob(os.path.join(ROOT, "solutions", "*.ipynb"))):
            exercise = os.path.join(ROOT, "exercises", os.path.basename(solution))
            self.assertEqual(code_cells(solution)[0].source, code_cells(exercise)[0].source, exercise)

    def test_no_cell_ends_in_a_printf_expression_statement(self):
        found = ["%s cell %s" % (os.path.relpath(p, ROOT), c.get("id")) for p in LECTURES + ASSIGNMENTS
                 for c in code_cells(p) if ends_in_printf(c.source)]
        self.assertEqual(found, [], "use System.out.print(String.format(...)) or println as the last statement")

    def test_every_import_is_in_the_first_code_cell(self):
        found = ["%s cell %s: %s" % (os.path.relpath(p, ROOT), c.get("id"), IMPORT.search(
                 without_comments_and_strings(c.source)).group().strip()) for p in LECTURES + ASSIGNMENTS
                 for c in code_cells(p)[1:] if IMPORT.search(without_comments_and_strings(c.source))]
        self.assertEqual(found, [], "move these imports into the notebook's first code cell")

    def test_the_import_finder_finds_what_it_must_and_only_that(self):
        self.assertTrue(IMPORT.search("int a = 1;\nimport dlcourse.claims.*;"))
        self.assertTrue(IMPORT.search("  import static java.lang.Math.max;"))
        self.assertFalse(IMPORT.search(without_comments_and_strings('// import x.y;\nString s = "import a.b;";')))
        self.assertFalse(IMPORT.search("double important = 1;"))


if __name__ == "__main__":
    unittest.main()
