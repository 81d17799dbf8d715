"""Every notebook in notebooks/ runs top to bottom through real Jupyter (nbclient) with the Java kernel,
as a student runs it: no error output, at least one plot, in under 90 s on a 2-core machine; and the claims
it records in the ledger (claims/measured/NAME.csv) keep the verdicts committed for them."""
import csv
import glob
import io
import os
import subprocess
import time
import unittest

import nbformat
from nbclient import NotebookClient

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
EXECUTED = os.path.join(ROOT, ".jupyter", "executed")
LIMIT_SECONDS = 90


CLAIMS = os.path.join(ROOT, "claims", "measured")


def verdicts(text):
    """{(slide, claim): verdict} of a ledger file's text."""
    rows = list(csv.DictReader(io.StringIO(text)))
    return {(row["slide"], row["claim"]): row["verdict"] for row in rows}


def committed_ledger(name):
    """The committed text of claims/measured/NAME.csv, or None when there is none (read from git's HEAD; without git,
    the file as it is before the run)."""
    relative = "claims/measured/%s.csv" % name
    try:
        return subprocess.run(["git", "-C", ROOT, "show", "HEAD:" + relative], check=True, capture_output=True,
                              text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        path = os.path.join(ROOT, relative)
        return open(path, encoding="utf-8").read() if os.path.exists(path) else None


def error_outputs(nb):
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                yield index, "%s: %s" % (out.get("ename"), out.get("evalue"))


def count_mime(nb, mime):
    return sum(1 for cell in nb.cells for out in cell.get("outputs", []) if mime in out.get("data", {}))


class NotebooksRunThroughJupyter(unittest.TestCase):
    def test_there_are_notebooks(self):
        self.assertTrue(NOTEBOOKS, "notebooks/ has no .ipynb file")


def make_test(path):
    def test(self):
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        self.assertEqual((nb.nbformat, nb.nbformat_minor), (4, 5), "nbformat 4.5 (cell ids)")
        self.assertEqual(nb.metadata.kernelspec.name, "java")
        committed = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.outputs]
        self.assertEqual(committed, [], "notebooks are committed without outputs (cells %s have some)" % committed)
        name = os.path.basename(path)[:-len(".ipynb")]
        committed_claims = committed_ledger(name)
        client = NotebookClient(nb, kernel_name="java", timeout=120, interrupt_on_timeout=True,
                                allow_errors=True, resources={"metadata": {"path": os.path.dirname(path)}})
        start = time.monotonic()
        client.execute()
        seconds = time.monotonic() - start
        os.makedirs(EXECUTED, exist_ok=True)
        nbformat.write(nb, os.path.join(EXECUTED, os.path.basename(path)))
        print("\n    %s: %.1f s, %d plots" % (os.path.basename(path), seconds, count_mime(nb, "image/png")), end=" ")
        errors = list(error_outputs(nb))
        self.assertEqual(errors, [], "cells with error output (cell index, error)")
        self.assertGreater(count_mime(nb, "image/png"), 0, "every notebook shows at least one plot")
        ledger = os.path.join(CLAIMS, name + ".csv")
        if os.path.exists(ledger):
            recorded = verdicts(open(ledger, encoding="utf-8").read())
            before = verdicts(committed_claims) if committed_claims is not None else {}
            changed = [(key, before[key], recorded[key]) for key in recorded if key in before and before[key] != recorded[key]]
            self.assertEqual(changed, [], "this run recorded verdicts that differ from the committed %s "
                             "((slide, claim), committed, now)" % os.path.relpath(ledger, ROOT))
            new = [key for key in recorded if key not in before]
            self.assertEqual(new, [], "this run recorded claims that the committed %s lacks; commit the file"
                             % os.path.relpath(ledger, ROOT))
        self.assertLess(seconds, LIMIT_SECONDS, "a notebook must run in under %d s" % LIMIT_SECONDS)
    return test


for _path in NOTEBOOKS:
    _name = "test_" + os.path.basename(_path)[:-len(".ipynb")].replace("-", "_")
    setattr(NotebooksRunThroughJupyter, _name, make_test(_path))
