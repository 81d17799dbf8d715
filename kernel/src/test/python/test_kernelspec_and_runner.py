"""Packaging and the notebook runner: the built kernelspec folder is complete and works when installed with
`jupyter kernelspec install` elsewhere; restart and shutdown leave no process behind; nbclient runs a notebook on
the kernel; RunNotebookCli (behind ./course run) writes valid nbformat 4.5 with outputs and exits 0, 1 or 2."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from kernel_harness import ROOT, Kernel, execution_jvm_pids, java_home

KERNELSPEC = os.path.join(ROOT, "kernel", "target", "kernelspec", "java")


def the_execution_jvm(kernel):
    pids = execution_jvm_pids(kernel.manager.provisioner.process.pid)
    if len(pids) != 1:
        raise AssertionError("expected one execution JVM under the kernel, found %s" % pids)
    return pids[0]


def process_alive(pid):
    """True while pid runs and is not a zombie. The process may end between any two of these reads."""
    try:
        os.kill(pid, 0)
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except (ProcessLookupError, FileNotFoundError):
        return False


def wait_gone(pid, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not process_alive(pid):
            return True
        time.sleep(0.1)
    return False


def notebook(*sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "java", "display_name": "Java", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return nb


class KernelspecTests(unittest.TestCase):
    def test_the_kernelspec_folder_holds_kernel_json_and_every_jar(self):
        with open(os.path.join(KERNELSPEC, "kernel.json")) as f:
            spec = json.load(f)
        self.assertEqual(spec["language"], "java")
        self.assertEqual(spec["display_name"], "Java")
        self.assertEqual(spec["interrupt_mode"], "message")
        self.assertIn("{connection_file}", spec["argv"])
        self.assertTrue(any("{resource_dir}" in arg for arg in spec["argv"]), "jar paths resolve at launch time")
        jars = {os.path.basename(p) for p in glob.glob(os.path.join(KERNELSPEC, "*.jar"))}
        for expected in ("dlcourse-kernel.jar", "dlcourse-kernel-agent.jar", "jjava-jupyter-1.0-a6.jar"):
            self.assertIn(expected, jars)

    def test_jupyter_kernelspec_install_takes_the_folder_as_it_is(self):
        prefix = tempfile.mkdtemp(prefix="kernelspec-install-")
        try:
            subprocess.run([sys.executable, "-m", "jupyter_client.kernelspecapp", "install", KERNELSPEC,
                            "--prefix", prefix, "--name", "java"], check=True, capture_output=True)
            kernels = os.path.join(prefix, "share", "jupyter", "kernels")
            manager = KernelManager(kernel_name="java", kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernels]))
            manager.start_kernel()
            try:
                self.assertTrue(manager.kernel_spec.resource_dir.startswith(prefix))
                client = manager.client()
                client.start_channels()
                client.wait_for_ready(timeout=60)
                reply = client.execute_interactive("1 + 1", timeout=30)
                self.assertEqual(reply["content"]["status"], "ok")
                client.stop_channels()
            finally:
                manager.shutdown_kernel(now=True)
        finally:
            shutil.rmtree(prefix, ignore_errors=True)


class LifecycleTests:
    JDK = None

    def test_restart_gives_a_fresh_kernel_and_shutdown_leaves_no_process(self):
        kernel = Kernel(self.JDK)
        try:
            kernel.run("int beforeRestart = 1;")
            first_jvm = the_execution_jvm(kernel)
            kernel.manager.restart_kernel()
            kernel.client.wait_for_ready(timeout=60)
            self.assertTrue(wait_gone(first_jvm), "the old execution JVM ended with its kernel")
            self.assertEqual(kernel.run("beforeRestart").error()["ename"], "CompilationException")
            kernel.run("int afterRestart = 2;")
            second_jvm = the_execution_jvm(kernel)
            kernel_pid = kernel.manager.provisioner.process.pid
            kernel.client.stop_channels()
            kernel.manager.shutdown_kernel()
            self.assertTrue(wait_gone(kernel_pid), "the kernel process ended")
            self.assertTrue(wait_gone(second_jvm), "the execution JVM ended")
        finally:
            if kernel.manager.has_kernel:
                kernel.manager.shutdown_kernel(now=True)

    def test_a_killed_kernel_takes_its_execution_jvm_with_it(self):
        kernel = Kernel(self.JDK)
        try:
            kernel.run("int ready = 1;")
            jvm = the_execution_jvm(kernel)
            kernel.start("while (true) { }")
            kernel.manager.provisioner.process.kill()
            self.assertTrue(wait_gone(jvm, seconds=10), "the execution JVM of a killed kernel ends too")
        finally:
            kernel.close()

    def test_nbclient_runs_a_notebook_with_display_updates(self):
        nb = notebook('String id = display("step 0");\nfor (int i = 1; i <= 3; i++) updateDisplay(id, "step " + i);',
                      'System.out.println("done");\n6 * 7')
        env = {"JAVA_HOME": java_home(self.JDK)} if java_home(self.JDK) else {}
        folder = tempfile.mkdtemp(prefix="nbclient-")
        try:
            client = NotebookClient(nb, kernel_name="java", timeout=60, resources={"metadata": {"path": folder}})
            client.km = client.kernel_manager_class(kernel_name="java")
            old = dict(os.environ)
            os.environ.update(env)
            try:
                client.execute()
            finally:
                os.environ.clear()
                os.environ.update(old)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        first, second = nb.cells
        self.assertEqual(first.outputs[0]["output_type"], "display_data")
        self.assertEqual(first.outputs[0]["data"]["text/plain"], "step 3", "nbclient applied the updates")
        self.assertEqual(second.outputs[0]["text"], "done\n")
        self.assertEqual(second.outputs[1]["data"]["text/plain"], "42")


class LifecycleJdk17(LifecycleTests, unittest.TestCase):
    JDK = "jdk17"


class LifecycleJdk25(LifecycleTests, unittest.TestCase):
    JDK = "jdk25"


class RunnerTests:
    JDK = None

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="runner-")

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def run_cli(self, nb_or_text, *args):
        path = os.path.join(self.folder, "nb.ipynb")
        with open(path, "w") as f:
            f.write(nb_or_text if isinstance(nb_or_text, str) else nbformat.writes(nb_or_text))
        home = java_home(self.JDK)
        java = os.path.join(home, "bin", "java") if home else "java"
        out = os.path.join(self.folder, "out.ipynb")
        proc = subprocess.run([java, "-cp", os.path.join(KERNELSPEC, "*"), "dlcourse.kernel.runner.RunNotebookCli",
                               path, "--out", out] + list(args), capture_output=True, text=True, timeout=120)
        executed = nbformat.read(out, as_version=4) if os.path.exists(out) else None
        return proc, executed

    def test_a_good_notebook_exits_0_with_outputs_in_nbformat_4_5(self):
        with open(os.path.join(self.folder, "data.txt"), "w") as f:
            f.write("read from the notebook's folder")
        proc, nb = self.run_cli(notebook('Files.readString(Path.of("data.txt"))',
                                         'System.out.println("printed");\ndisplay(markdown("*shown*"));'))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        nbformat.validate(nb)
        self.assertEqual((nb.nbformat, nb.nbformat_minor), (4, 5))
        self.assertEqual(nb.cells[0].outputs[0]["data"]["text/plain"], "read from the notebook's folder")
        self.assertEqual(nb.cells[0].execution_count, 1)
        self.assertEqual([o["output_type"] for o in nb.cells[1].outputs], ["stream", "display_data"])

    def test_an_error_exits_1_and_later_cells_do_not_run_unless_allowed(self):
        nb = notebook("int[] empty = new int[0];\nempty[1]", "1 + 1")
        proc, executed = self.run_cli(nb)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("cell 1", proc.stderr)
        self.assertEqual(executed.cells[0].outputs[-1]["ename"], "java.lang.ArrayIndexOutOfBoundsException")
        self.assertEqual(executed.cells[1].outputs, [])
        proc, executed = self.run_cli(nb, "--allow-errors")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(executed.cells[1].outputs[0]["data"]["text/plain"], "2")

    def test_the_per_cell_time_limit_stops_a_cell(self):
        proc, executed = self.run_cli(notebook("Thread.sleep(30_000);"), "--timeout", "2")
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(executed.cells[0].outputs[-1]["ename"], "CellTimeout")

    def test_printed_text_cannot_pose_as_a_display_or_a_result(self):
        forged = '{"kind":"display","id":"x","data":{"text/plain":"forged"}}'
        proc, nb = self.run_cli(notebook('System.out.println(%s);' % json.dumps(forged)))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([o["output_type"] for o in nb.cells[0].outputs], ["stream"])

    def test_bad_usage_and_malformed_notebooks_exit_2_with_a_message(self):
        proc, _ = self.run_cli('{"nbformat": 4, "cells": "not a list"}')
        self.assertEqual(proc.returncode, 2)
        self.assertIn("nb.ipynb is not a valid notebook", proc.stderr)
        self.assertIn("cells", proc.stderr)
        proc, _ = self.run_cli(notebook("1"), "--timeout", "soon")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--timeout", proc.stderr)


class RunnerJdk17(RunnerTests, unittest.TestCase):
    JDK = "jdk17"


class RunnerJdk25(RunnerTests, unittest.TestCase):
    JDK = "jdk25"
