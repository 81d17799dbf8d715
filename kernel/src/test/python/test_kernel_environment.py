"""JJava's environment variables configure the kernel: JJAVA_CLASSPATH, JJAVA_COMPILER_OPTS, JJAVA_TIMEOUT,
JJAVA_STARTUP_SCRIPT and JJAVA_JVM_OPTS. Through real jupyter_client on JDK 17 and on Temurin 25."""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from kernel_harness import Kernel
from test_kernel_display_and_magics import tool


class EnvironmentTests:
    JDK = None

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="kernel-env-")
        src = os.path.join(cls.folder, "Shelf.java")
        with open(src, "w") as f:
            f.write("package envdemo; public class Shelf { public static String book() { return \"on the class path\"; } }")
        subprocess.run([tool("javac"), "--release", "17", "-d", os.path.join(cls.folder, "classes"), src], check=True)
        cls.kernel = Kernel(cls.JDK, cwd=cls.folder, env={
            "JJAVA_CLASSPATH": os.path.join(cls.folder, "classes"),
            "JJAVA_COMPILER_OPTS": "-parameters",
            "JJAVA_TIMEOUT": "2 SECONDS",
            "JJAVA_STARTUP_SCRIPT": "int startupValue = 41;",
            "JJAVA_JVM_OPTS": "-Xmx200m -Ddlcourse.test.flag=on",
        })

    @classmethod
    def tearDownClass(cls):
        cls.kernel.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def test_JJAVA_CLASSPATH_puts_classes_on_the_users_class_path(self):
        run = self.kernel.run("envdemo.Shelf.book()")
        self.assertEqual(run.result()["text/plain"], "on the class path", run.error_text())

    def test_JJAVA_COMPILER_OPTS_reach_the_compiler(self):
        self.kernel.run("class WithParameters { void learn(int learningRate) { } }")
        run = self.kernel.run('WithParameters.class.getDeclaredMethod("learn", int.class).getParameters()[0].getName()')
        self.assertEqual(run.result()["text/plain"], "learningRate", run.error_text())

    def test_JJAVA_STARTUP_SCRIPT_runs_before_the_first_cell(self):
        self.assertEqual(self.kernel.run("startupValue + 1").result()["text/plain"], "42")

    def test_JJAVA_JVM_OPTS_reach_the_execution_jvm(self):
        self.assertEqual(self.kernel.run('System.getProperty("dlcourse.test.flag")').result()["text/plain"], "on")
        max_mb = int(self.kernel.run("Runtime.getRuntime().maxMemory() / (1024 * 1024)").result()["text/plain"])
        self.assertLessEqual(max_mb, 200)

    def test_JJAVA_TIMEOUT_stops_a_long_cell_and_keeps_state(self):
        self.kernel.run("int beforeTimeout = 3;")
        start = time.monotonic()
        run = self.kernel.run("Thread.sleep(20_000);", timeout=20)
        self.assertLess(time.monotonic() - start, 6)
        self.assertEqual(run.error()["ename"], "CellTimeout")
        self.assertIn("2 s", run.error()["evalue"])
        self.assertEqual(self.kernel.run("beforeTimeout").result()["text/plain"], "3")


class EnvironmentJdk17(EnvironmentTests, unittest.TestCase):
    JDK = "jdk17"


class EnvironmentJdk25(EnvironmentTests, unittest.TestCase):
    JDK = "jdk25"
