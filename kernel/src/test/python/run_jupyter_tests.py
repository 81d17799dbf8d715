#!/usr/bin/env python3
"""Runs the course's tests that go through real Jupyter (jupyter_client, nbclient, nbconvert).

They are the Python unittest files named test_*.py in every module's src/test/python folder. The
launcher (./course test) installs the kernelspec project-locally and sets JUPYTER_PATH before calling
this; it writes "tests failures skipped" to the --counts file so the launcher can add them up.
"""
import argparse
import glob
import os
import sys
import unittest


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", help="the repository's root folder")
    parser.add_argument("--counts", help="write 'tests failures skipped' to this file")
    parser.add_argument("-k", dest="pattern", action="append", help="only tests whose name contains this")
    args = parser.parse_args()

    suite = unittest.TestSuite()
    loader = unittest.TestLoader()
    if args.pattern:
        loader.testNamePatterns = ["*%s*" % p for p in args.pattern]
    for folder in sorted(glob.glob(os.path.join(args.root, "*", "src", "test", "python"))):
        suite.addTests(loader.discover(folder, pattern="test_*.py", top_level_dir=folder))

    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    if args.counts:
        with open(args.counts, "w") as f:
            f.write("%d %d %d\n" % (result.testsRun, failed, len(result.skipped)))
    if result.testsRun == 0:
        print("run_jupyter_tests: no test was found under */src/test/python", file=sys.stderr)
        return 1
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
