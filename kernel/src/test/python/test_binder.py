"""The Binder and JupyterHub image's recipe works: binder/postBuild, run in a clean home folder on a clean copy
of the repository, builds the course and installs the Java kernel for that user; the first notebook then
runs through real Jupyter (nbclient) with exactly the kernel it installed.

What it does, and why that way:
- The repository is copied first (the files git tracks plus new files not ignored: what repo2docker would
  get), and postBuild runs in the copy. Building in place would rewrite lib/target and kernel/target under
  the other tests and delete their compiled classes (postBuild cleans up after itself).
- HOME points at a temporary folder, so `jupyter kernelspec install --user` writes there, and the clean-up's
  `rm -rf $HOME/.m2` deletes a stand-in cache there, never the developer's. Maven still uses the developer's
  ~/.m2 repository and the wrapper's Maven distribution (MAVEN_ARGS and MAVEN_USER_HOME point at them), so
  nothing is downloaded twice and those caches are only read.
- The notebook runs in a child python with that HOME and without JUPYTER_PATH, so Jupyter can only find the
  kernel in the temporary home; the test checks that it did.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import nbformat

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
BINDER = os.path.join(ROOT, "binder")
FIRST_NOTEBOOK = os.path.join("notebooks", "00-getting-started.ipynb")
FIXTURE = os.path.join(ROOT, "kernel", "src", "test", "browser", "fixtures", "getting-started-fixture.ipynb")
NOT_COPIED = {".git", ".jupyter", "target", "node_modules", "site", ".ipynb_checkpoints"}
POSTBUILD_TIMEOUT = 480
NOTEBOOK_TIMEOUT = 180

# Runs in the child python, whose HOME is the temporary one: which kernelspec is "java", then the notebook.
EXECUTE_NOTEBOOK = r"""
import json, os, sys
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
path, out = sys.argv[1], sys.argv[2]
spec = KernelSpecManager().get_kernel_spec("java")
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, kernel_name="java", timeout=120, interrupt_on_timeout=True, allow_errors=True,
                        resources={"metadata": {"path": os.path.dirname(path)}})
client.execute()
nbformat.write(nb, out)
print("KERNELSPEC " + json.dumps({"resource_dir": spec.resource_dir, "argv": spec.argv, "language": spec.language}))
"""


def first_notebook():
    """The notebook under test: DLCOURSE_BINDER_NOTEBOOK, else notebooks/00-getting-started.ipynb, else the
    browser test's fixture (which loads the library with the same first cell) until that notebook exists."""
    chosen = os.environ.get("DLCOURSE_BINDER_NOTEBOOK")
    if chosen:
        return os.path.abspath(chosen)
    real = os.path.join(ROOT, FIRST_NOTEBOOK)
    return real if os.path.exists(real) else FIXTURE


def repository_files(root):
    """Paths (relative to root) that a clone would have, plus new files that are not ignored."""
    try:
        listed = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                check=True, capture_output=True, timeout=60).stdout.decode()
        return [p for p in listed.split("\0") if p and os.path.isfile(os.path.join(root, p))]
    except (OSError, subprocess.CalledProcessError):
        files = []  # not a git checkout (an unpacked archive): everything but build output
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d not in NOT_COPIED]
            files += [os.path.relpath(os.path.join(folder, n), root) for n in names]
        return files


def copy_repository(source, target):
    for relative in repository_files(source):
        destination = os.path.join(target, relative)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        shutil.copy2(os.path.join(source, relative), destination)


def error_outputs(nb):
    return ["cell %d: %s: %s" % (i, out.get("ename"), out.get("evalue"))
            for i, cell in enumerate(nb.cells) for out in cell.get("outputs", [])
            if out.get("output_type") == "error"]


def count_mime(nb, mime):
    return sum(1 for cell in nb.cells for out in cell.get("outputs", []) if mime in out.get("data", {}))


def tail(text, lines=40):
    return "\n".join(text.splitlines()[-lines:])


class BinderConfiguration(unittest.TestCase):
    """What repo2docker reads from binder/: no Dockerfile, a JDK from apt.txt, a strict bash postBuild."""

    def test_binder_holds_apt_txt_and_post_build_and_no_dockerfile(self):
        self.assertTrue(os.path.isfile(os.path.join(BINDER, "apt.txt")), "binder/apt.txt is missing")
        self.assertTrue(os.path.isfile(os.path.join(BINDER, "postBuild")), "binder/postBuild is missing")
        self.assertFalse(os.path.exists(os.path.join(BINDER, "Dockerfile")),
                         "binder/Dockerfile would make repo2docker ignore apt.txt and postBuild")

    def test_apt_txt_asks_for_a_jdk_17(self):
        with open(os.path.join(BINDER, "apt.txt")) as f:
            packages = [line.strip() for line in f if line.strip() and not line.startswith("#")]
        self.assertIn("openjdk-17-jdk-headless", packages)

    def test_post_build_is_an_executable_strict_bash_script(self):
        path = os.path.join(BINDER, "postBuild")
        with open(path) as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0], "#!/bin/bash")
        self.assertIn("set -euo pipefail", [line.strip() for line in lines])
        self.assertTrue(os.access(path, os.X_OK), "binder/postBuild must be executable (git update-index --chmod=+x)")
        check = subprocess.run(["bash", "-n", path], capture_output=True, text=True)
        self.assertEqual(check.returncode, 0, "bash -n binder/postBuild: " + check.stderr)


class PostBuildInACleanHome(unittest.TestCase):
    """binder/postBuild, then the first notebook through real Jupyter with the kernel postBuild installed."""

    def test_post_build_installs_the_kernel_and_the_first_notebook_runs_with_it(self):
        real_home = os.path.expanduser("~")
        work = tempfile.mkdtemp(prefix="dlcourse-binder-")
        try:
            repo = os.path.join(work, "repo")
            home = os.path.join(work, "home")
            # What a Binder build leaves in the user's Maven cache, for postBuild's clean-up to remove.
            os.makedirs(os.path.join(home, ".m2", "repository", "org", "example"))
            open(os.path.join(home, ".m2", "repository", "org", "example", "cached.jar"), "w").close()
            copy_repository(ROOT, repo)
            notebook = first_notebook()
            staged = os.path.join(repo, FIRST_NOTEBOOK)
            if os.path.abspath(notebook) != os.path.abspath(os.path.join(ROOT, FIRST_NOTEBOOK)):
                os.makedirs(os.path.dirname(staged), exist_ok=True)
                shutil.copy2(notebook, staged)  # the fixture, or a chosen notebook, where the first one goes

            env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_")}
            env["HOME"] = home
            env["MAVEN_USER_HOME"] = os.path.join(real_home, ".m2")  # the wrapper's Maven, read only
            env["MAVEN_ARGS"] = "-Dmaven.repo.local=" + os.path.join(real_home, ".m2", "repository")
            # postBuild's `jupyter` must be the one of the Python that runs these tests, as on Binder.
            env["PATH"] = os.path.dirname(os.path.realpath(sys.executable)) + os.pathsep + env.get("PATH", "")

            start = time.monotonic()
            build = subprocess.run([os.path.join(repo, "binder", "postBuild")], cwd=repo, env=env,
                                   capture_output=True, text=True, timeout=POSTBUILD_TIMEOUT)
            build_seconds = time.monotonic() - start
            self.assertEqual(build.returncode, 0, "binder/postBuild failed (exit %d):\n%s\n%s"
                             % (build.returncode, tail(build.stdout), tail(build.stderr)))

            installed = os.path.join(home, ".local", "share", "jupyter", "kernels", "java")
            self.assertTrue(os.path.isfile(os.path.join(installed, "kernel.json")),
                            "postBuild installs the kernel for the user, into $HOME/.local/share/jupyter/kernels/java")
            with open(os.path.join(installed, "kernel.json")) as f:
                spec = json.load(f)
            self.assertEqual(spec.get("language"), "java", "the installed kernel.json names language java")
            self.assertTrue(os.path.isfile(os.path.join(repo, "lib", "target", "dlcourse-lib.jar")),
                            "the notebooks load lib/target/dlcourse-lib.jar: postBuild must keep it")
            self.assertTrue([n for n in os.listdir(os.path.join(repo, "lib", "target", "jars")) if n.endswith(".jar")],
                            "the notebooks load lib/target/jars/*.jar: postBuild must keep them")
            leftovers = [p for p in ("lib/target/classes", "kernel/target/classes", "kernel/target/maven-status")
                         if os.path.exists(os.path.join(repo, p))]
            self.assertEqual(leftovers, [], "postBuild cleans the build's intermediate output")
            self.assertFalse(os.path.exists(os.path.join(home, ".m2")), "postBuild removes Maven's cache, ~/.m2")

            executed = os.path.join(work, "executed.ipynb")
            start = time.monotonic()
            run = subprocess.run([sys.executable, "-c", EXECUTE_NOTEBOOK, staged, executed],
                                 cwd=os.path.dirname(staged), env=env, capture_output=True, text=True,
                                 timeout=NOTEBOOK_TIMEOUT)
            run_seconds = time.monotonic() - start
            self.assertEqual(run.returncode, 0, "executing %s failed:\n%s" % (FIRST_NOTEBOOK, tail(run.stderr)))
            used = json.loads([line for line in run.stdout.splitlines() if line.startswith("KERNELSPEC ")][-1][11:])
            nb = nbformat.read(executed, as_version=4)
            print("\n    postBuild %.0f s, %s %.1f s, kernel from %s" % (build_seconds, os.path.basename(notebook),
                                                                       run_seconds, used["resource_dir"]), end=" ")
            self.assertEqual(os.path.realpath(used["resource_dir"]), os.path.realpath(installed),
                             "Jupyter ran the kernel that postBuild installed, not another 'java' kernel")
            self.assertEqual(error_outputs(nb), [], "cells with error output")
            self.assertGreater(count_mime(nb, "image/png"), 0, "the first notebook shows a plot (image/png)")
            self.assertGreater(count_mime(nb, "text/html"), 0, "the first notebook shows a table (text/html)")
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
