"""The exercise notebooks as students get them, through real Jupyter: valid nbformat 4.5 without outputs or
answers; run with the Java kernel, every test cell fails with the stub's message (which names the exercise),
and the instructor's solutions run without an error."""
import glob
import json
import os
import unittest

import nbformat
from nbclient import NotebookClient

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
EXERCISES = sorted(glob.glob(os.path.join(ROOT, "exercises", "*.ipynb")))
SOLUTIONS = sorted(glob.glob(os.path.join(ROOT, "solutions", "*.ipynb")))


def java_kernel_missing():
    try:
        from jupyter_client.kernelspec import KernelSpecManager
        KernelSpecManager().get_kernel_spec("java")
        return None
    except Exception as e:  # NoSuchKernel, or Jupyter without kernelspec support
        return "the Java kernel is not installed for Jupyter (%s); ./course test installs it" % e


def nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def execute(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="java", timeout=120, interrupt_on_timeout=True, allow_errors=True,
                            resources={"metadata": {"path": os.path.dirname(path)}})
    client.execute()
    return nb


def errors(cell):
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


class ExerciseNotebooks(unittest.TestCase):
    def test_there_are_exercises_for_every_solution(self):
        self.assertEqual([os.path.basename(p) for p in SOLUTIONS], [os.path.basename(p) for p in EXERCISES],
                         "run ./course release")

    def test_exercises_are_valid_and_hold_no_answers(self):
        for path in EXERCISES:
            with self.subTest(notebook=os.path.basename(path)):
                nb = nbformat.read(path, as_version=4)
                nbformat.validate(nb)
                self.assertEqual((nb.nbformat, nb.nbformat_minor), (4, 5))
                self.assertEqual(nb.metadata.kernelspec.name, "java")
                text = json.dumps(nb)
                self.assertNotIn("BEGIN SOLUTION", text)
                self.assertNotIn("HIDDEN TESTS", text)
                self.assertEqual([i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.outputs], [],
                                 "committed without outputs")
                self.assertTrue(any(nbgrader(c).get("grade") for c in nb.cells), "has graded test cells")


class ExercisesRunInJupyter(unittest.TestCase):
    def setUp(self):
        missing = java_kernel_missing()
        if missing:
            self.skipTest(missing)

    def test_every_test_cell_of_an_exercise_fails_with_the_stub_message(self):
        for path in EXERCISES:
            name = os.path.basename(path)[:-len(".ipynb")]
            with self.subTest(notebook=name):
                source = {nbgrader(c).get("grade_id"): c.source
                          for c in nbformat.read(os.path.join(ROOT, "solutions", name + ".ipynb"), as_version=4).cells}
                nb = execute(path)
                checked = 0
                for cell in nb.cells:
                    meta = nbgrader(cell)
                    code = [l for l in cell.source.splitlines() if l.strip() and not l.strip().startswith("//")]
                    if meta.get("grade") and not meta.get("solution") and not code:
                        # Release removed its hidden tests and left comments, which cannot fail: nothing to run
                        # here. The grader runs the source's hidden tests instead, so the source must hold some.
                        self.assertIn("BEGIN HIDDEN TESTS", source.get(meta["grade_id"], ""),
                                      "%s: test cell %s is empty in the exercise and has no hidden tests in the source"
                                      % (name, meta["grade_id"]))
                    elif meta.get("grade") and not meta.get("solution"):
                        checked += 1
                        found = errors(cell)
                        self.assertTrue(found, "%s: test cell %s should fail before it is solved" % (name, meta["grade_id"]))
                        message = found[0].get("ename", "") + ": " + found[0].get("evalue", "")
                        self.assertIn("not solved yet", message, "%s, %s" % (name, meta["grade_id"]))
                        self.assertIn("(%s)" % name, message, "the message names the assignment")
                    elif not meta.get("solution"):
                        if meta.get("grade_id") in ("setup", "given", "maxout_given"):
                            self.assertEqual(errors(cell), [], "%s: setup cell %s" % (name, meta["grade_id"]))
                self.assertGreater(checked, 0, "%s: no test cell a student can run before grading" % name)

    def test_solutions_run_without_an_error(self):
        for path in SOLUTIONS:
            with self.subTest(notebook=os.path.basename(path)):
                nb = execute(path)
                failed = [(nbgrader(c).get("grade_id"), errors(c)[0].get("evalue")) for c in nb.cells if errors(c)]
                self.assertEqual(failed, [], "cells with an error")


if __name__ == "__main__":
    unittest.main()
