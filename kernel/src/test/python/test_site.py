"""./course site (render_site.py): the published course site. It reuses a notebook that ./course test executed
only while that execution is current, shows the assignments' statements and never their solutions, links pages
to pages, and lists the notebooks in lecture order."""
import base64
import os
import sys
import tempfile
import time
import unittest

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render_site  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 16).decode()


def lecture(title, link=""):
    nb = new_notebook(cells=[new_markdown_cell("# %s\n\nSee [the exercise](../exercises/01-x.ipynb).%s" % (title, link)),
                             new_code_cell("chart")])
    nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java", "language": "java"}
    return nb


def executed(nb, error=False):
    ran = nbformat.from_dict(nb)
    ran.cells[1].outputs = [new_output("execute_result", data={"image/png": PNG, "text/plain": "XYChart"},
                                       execution_count=1)]
    if error:
        ran.cells[1].outputs.append(new_output("error", ename="E", evalue="boom", traceback=[]))
    return ran


class SiteFromExecutedNotebooks(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        for folder in ("notebooks", "exercises", os.path.join(".jupyter", "executed"), os.path.join("lib", "target")):
            os.makedirs(os.path.join(self.root, folder))
        self.jar = os.path.join(self.root, "lib", "target", "dlcourse-lib.jar")
        with open(self.jar, "w") as f:
            f.write("")
        old = time.time() - 100
        os.utime(self.jar, (old, old))
        self.notebooks = {}
        for name, title in (("01-b", "01 · Second"), ("00-a", "00 · First")):
            nb = lecture(title)
            self.notebooks[name] = nb
            nbformat.write(nb, self.path("notebooks", name))
            nbformat.write(executed(nb), self.path(".jupyter/executed", name))
        exercise = new_notebook(cells=[new_markdown_cell("# Assignment 1: XOR"), new_code_cell(
            "double f() {\n    throw new UnsupportedOperationException(\"not solved yet\");\n}")])
        nbformat.write(exercise, self.path("exercises", "01-x"))

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, folder, name):
        return os.path.join(self.root, folder, name + ".ipynb")

    def read(self, *parts):
        with open(os.path.join(self.root, "site", *parts), encoding="utf-8") as f:
            return f.read()

    def test_a_current_execution_is_reused(self):
        nb, how = render_site.current_execution(self.root, self.path("notebooks", "00-a"))
        self.assertIsNotNone(nb, how)
        self.assertIn("image/png", nb.cells[1].outputs[0]["data"])

    def test_a_changed_notebook_is_not_reused(self):
        changed = nbformat.from_dict(self.notebooks["00-a"])
        changed.cells[1].source = "chart2"
        nbformat.write(changed, self.path("notebooks", "00-a"))
        nb, how = render_site.current_execution(self.root, self.path("notebooks", "00-a"))
        self.assertIsNone(nb)
        self.assertEqual(how, "the notebook changed since it was executed")

    def test_a_later_build_is_not_reused(self):
        os.utime(self.jar, (time.time() + 100, time.time() + 100))
        nb, how = render_site.current_execution(self.root, self.path("notebooks", "00-a"))
        self.assertIsNone(nb)
        self.assertEqual(how, "the library or the kernel was built after it was executed")

    def test_an_execution_with_errors_is_not_reused(self):
        nbformat.write(executed(self.notebooks["00-a"], error=True), self.path(".jupyter/executed", "00-a"))
        nb, how = render_site.current_execution(self.root, self.path("notebooks", "00-a"))
        self.assertIsNone(nb)
        self.assertEqual(how, "its last execution had errors")

    def test_the_site_has_an_index_in_lecture_order_pages_with_outputs_and_statements(self):
        self.assertEqual(render_site.main(self.root), 0)
        index = self.read("index.html")
        first, second = index.index("notebooks/00-a.html"), index.index("notebooks/01-b.html")
        self.assertLess(first, second, "lecture order")
        self.assertIn("00 · First", index)
        self.assertIn('href="exercises/01-x.html">Assignment 1: XOR</a>', index)
        page = self.read("notebooks", "00-a.html")
        self.assertIn("data:image/png;base64," + PNG[:20], page, "the page shows the executed output")
        self.assertIn('href="../exercises/01-x.html"', page, "links between notebooks point at pages")
        self.assertNotIn("01-x.ipynb", page)
        self.assertIn("not solved yet", self.read("exercises", "01-x.html"))


class PublishedSiteHoldsNoSolutions(unittest.TestCase):
    def test_exercises_hold_no_solution_and_the_workflow_publishes_site(self):
        for path in sorted(os.listdir(os.path.join(ROOT, "exercises"))):
            with open(os.path.join(ROOT, "exercises", path), encoding="utf-8") as f:
                text = f.read()
            self.assertNotIn("BEGIN SOLUTION", text, path)
            self.assertNotIn("BEGIN HIDDEN TESTS", text, path)
        with open(os.path.join(ROOT, ".github", "workflows", "pages.yml"), encoding="utf-8") as f:
            workflow = f.read()
        for needed in ("actions/setup-java", "notebook nbclient nbconvert", "./course site", "path: site",
                       "actions/deploy-pages"):
            self.assertIn(needed, workflow)


if __name__ == "__main__":
    unittest.main()
