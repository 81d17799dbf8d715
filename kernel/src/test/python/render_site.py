#!/usr/bin/env python3
"""Renders the course's notebooks, executed with the Java kernel, to HTML pages in site/ with an index.

Called by ./course site (which builds the kernel and installs it project-locally first). A notebook that
fails still gets its page, showing the error where it happened, and the run exits 1 naming it.
"""
import glob
import html
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter


def title_of(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def main(root):
    out_dir = os.path.join(root, "site")
    os.makedirs(out_dir, exist_ok=True)
    exporter = HTMLExporter()
    rows, failed = [], []
    for path in sorted(glob.glob(os.path.join(root, "notebooks", "*.ipynb"))):
        name = os.path.basename(path)[:-len(".ipynb")]
        nb = nbformat.read(path, as_version=4)
        start = time.monotonic()
        client = NotebookClient(nb, kernel_name="java", timeout=120, interrupt_on_timeout=True,
                                allow_errors=True, resources={"metadata": {"path": os.path.dirname(path)}})
        client.execute()
        seconds = time.monotonic() - start
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            failed.append(name)
        title = title_of(nb, name)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        with open(os.path.join(out_dir, name + ".html"), "w", encoding="utf-8") as f:
            f.write(body)
        rows.append('<tr><td><a href="%s.html">%s</a></td><td>%s</td><td>%.0f s</td><td>%s</td></tr>'
                    % (html.escape(name), html.escape(name), html.escape(title), seconds,
                       "errors" if errors else "ok"))
        print("site: %-32s %5.1f s %s" % (name, seconds, "ERRORS" if errors else "ok"))
    index = """<!doctype html><html><head><meta charset="utf-8"><title>dlcourse</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{padding:.3em 1em;text-align:left}</style>
</head><body><h1>dlcourse: deep learning in Java</h1>
<p>The course's notebooks, executed with the Java kernel. Open one to read it without Jupyter.</p>
<table><tr><th>Notebook</th><th>Title</th><th>Run time</th><th>Status</th></tr>
%s
</table></body></html>
""" % "\n".join(rows)
    with open(os.path.join(out_dir, "index.html"), "w", encoding="utf-8") as f:
        f.write(index)
    print("site: wrote %d pages and site/index.html" % len(rows))
    if failed:
        print("site: these notebooks had errors: %s" % ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.getcwd()))
