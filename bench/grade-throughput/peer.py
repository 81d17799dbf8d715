#!/usr/bin/env python3
"""The peer of bench/grade-throughput: executes notebooks one by one with `jupyter nbconvert --execute`
(nbconvert's ExecutePreprocessor on the Java kernel), as an instructor would script grading without our grader.
Prints the rate in submissions per minute on its last line. A notebook with an error output counts as a failure
of the run: the peer must do the same work as ours (every cell of a full solution, without errors)."""
import argparse
import glob
import json
import os
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", help="the notebooks to execute")
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    notebooks = sorted(glob.glob(os.path.join(args.folder, "*.ipynb")))[: args.count]
    os.makedirs(args.out, exist_ok=True)
    start = time.monotonic()
    for path in notebooks:
        subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                        "--ExecutePreprocessor.kernel_name=java", "--ExecutePreprocessor.timeout=120",
                        "--ExecutePreprocessor.interrupt_on_timeout=True", "--output-dir", args.out, path],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.monotonic() - start
    for path in notebooks:
        executed = json.load(open(os.path.join(args.out, os.path.basename(path))))
        errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            print("peer: %s has an error output: %s" % (path, errors[0].get("evalue")), file=sys.stderr)
            return 1
    print("peer: %d notebooks in %.1f s" % (len(notebooks), seconds), file=sys.stderr)
    print("%.2f" % (len(notebooks) / (seconds / 60.0)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
