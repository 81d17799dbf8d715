#!/usr/bin/env python3
"""Renders the course as a web site in site/: every lecture notebook with its outputs, the graded exercises'
statements (exercises/, never solutions/), and an index in lecture order.

Called by ./course site (which builds the kernel and installs it project-locally first); the workflow
.github/workflows/pages.yml publishes site/. A lecture notebook that ./course test already executed
(.jupyter/executed/NAME.ipynb) is reused when it is current: the same cells as the notebook, written after the
library and the kernel were last built, and without errors. Any other notebook runs here, and its executed copy
is kept there for the next time. A notebook that fails still gets its page, showing the error where it happened,
and the run exits 1 naming it.
"""
import glob
import html
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

# A cell's time limit here is generous: the site is not a speed test (test_notebooks holds each notebook to
# its time), and a busy build machine must not publish a page with an interrupted cell.
CELL_TIMEOUT_SECONDS = 600
LINK_TO_NOTEBOOK = re.compile(r"\]\(([^)\s]*?)\.ipynb(#[^)\s]*)?\)")


def title_of(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def errors_in(nb):
    return [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]


def built_jars(root):
    return (glob.glob(os.path.join(root, "lib", "target", "*.jar"))
            + glob.glob(os.path.join(root, "lib", "target", "jars", "*.jar"))
            + glob.glob(os.path.join(root, "kernel", "target", "kernelspec", "java", "*.jar")))


def current_execution(root, path):
    """The executed copy of a notebook that ./course test left, if it is current; else None and the reason."""
    executed = os.path.join(root, ".jupyter", "executed", os.path.basename(path))
    if not os.path.exists(executed):
        return None, "not executed by ./course test yet"
    ran = nbformat.read(executed, as_version=4)
    source = nbformat.read(path, as_version=4)
    if [(c.cell_type, c.source) for c in ran.cells] != [(c.cell_type, c.source) for c in source.cells]:
        return None, "the notebook changed since it was executed"
    newest = max([os.path.getmtime(j) for j in built_jars(root)] or [0])
    if os.path.getmtime(executed) < newest:
        return None, "the library or the kernel was built after it was executed"
    if errors_in(ran):
        return None, "its last execution had errors"
    return ran, "reused from ./course test (.jupyter/executed)"


def execute(root, path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="java", timeout=CELL_TIMEOUT_SECONDS, interrupt_on_timeout=True,
                            allow_errors=True, resources={"metadata": {"path": os.path.dirname(path)}})
    client.execute()
    folder = os.path.join(root, ".jupyter", "executed")
    os.makedirs(folder, exist_ok=True)
    nbformat.write(nb, os.path.join(folder, os.path.basename(path)))
    return nb


def link_pages(nb):
    """Links between notebooks point at their pages: ](../exercises/01-x.ipynb) becomes ](../exercises/01-x.html)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = LINK_TO_NOTEBOOK.sub(lambda m: "](%s.html%s)" % (m.group(1), m.group(2) or ""), cell.source)
    return nb


def write_page(exporter, nb, title, out_path):
    body, _ = exporter.from_notebook_node(link_pages(nb), resources={"metadata": {"name": title}})
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(body)


def main(root):
    out_dir = os.path.join(root, "site")
    exporter = HTMLExporter()
    lectures, assignments, failed = [], [], []
    for path in sorted(glob.glob(os.path.join(root, "notebooks", "*.ipynb"))):
        name = os.path.basename(path)[:-len(".ipynb")]
        start = time.monotonic()
        nb, how = current_execution(root, path)
        if nb is None:
            print("site: %-32s running it (%s)" % (name, how))
            nb, how = execute(root, path), "executed now"
        errors = errors_in(nb)
        if errors:
            failed.append(name)
        title = title_of(nb, name)
        write_page(exporter, nb, title, os.path.join(out_dir, "notebooks", name + ".html"))
        lectures.append((name, title, "errors" if errors else "ok"))
        print("site: %-32s %5.1f s %s, %s" % (name, time.monotonic() - start, "ERRORS" if errors else "ok", how))
    for path in sorted(glob.glob(os.path.join(root, "exercises", "*.ipynb"))):
        name = os.path.basename(path)[:-len(".ipynb")]
        nb = nbformat.read(path, as_version=4)  # the statement as students get it: not run, no solutions
        title = title_of(nb, name)
        write_page(exporter, nb, title, os.path.join(out_dir, "exercises", name + ".html"))
        assignments.append((name, title))
        print("site: %-32s the assignment's statement" % ("exercises/" + name))

    def rows(items, folder):
        return "\n".join('<li><a href="%s/%s.html">%s</a>%s</li>' % (
            folder, html.escape(item[0]), html.escape(item[1]),
            " <em>(this page shows errors)</em>" if len(item) > 2 and item[2] != "ok" else "") for item in items)

    index = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>dlcourse: deep learning in Java</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;padding:0 1em;line-height:1.5}li{margin:.3em 0}</style>
</head><body><h1>dlcourse: deep learning in Java</h1>
<p>A deep-learning lecture taught in Java, one notebook per topic: the lecture's equation, the code that computes
it, and a plot or a table that shows it working. These pages show each notebook as the course's Java kernel ran
it, outputs included; to run them yourself, clone the repository and start <code>./course notebook</code>.</p>
<h2>Lecture notebooks, in lecture order</h2>
<ul>
%s
</ul>
<h2>Graded exercises</h2>
<p>The statements, as students receive them; each is solved in Jupyter and checked by its test cells.</p>
<ul>
%s
</ul>
</body></html>
""" % (rows(lectures, "notebooks"), rows(assignments, "exercises"))
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "index.html"), "w", encoding="utf-8") as f:
        f.write(index)
    with open(os.path.join(out_dir, ".nojekyll"), "w") as f:
        f.write("")
    print("site: wrote %d notebook pages, %d assignment pages and site/index.html" % (len(lectures), len(assignments)))
    if failed:
        print("site: these notebooks had errors: %s" % ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.getcwd()))
