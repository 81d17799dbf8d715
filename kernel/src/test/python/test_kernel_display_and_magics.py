"""Displays, rendering by type, IJava's magics and dependency isolation, through real jupyter_client on JDK 17
and on Temurin 25. One kernel per class, started in a temporary folder that holds a jar, a class folder and a
.jsh file (the notebook's folder is the kernel's working directory, so magics' relative paths start there)."""
import base64
import os
import shutil
import subprocess
import tempfile
import unittest

from kernel_harness import Kernel, root_pom_property

JDK17_BIN = "/usr/lib/jvm/java-17-openjdk-amd64/bin"
PNG_MAGIC = b"\x89PNG"


def tool(name):
    path = os.path.join(JDK17_BIN, name)
    return path if os.path.exists(path) else shutil.which(name)


def make_project(folder):
    """lib/greeter.jar (demo.Greeter), classes/demo/Counter.class and helpers.jsh."""
    src = os.path.join(folder, "src")
    os.makedirs(os.path.join(src, "demo"))
    with open(os.path.join(src, "demo", "Greeter.java"), "w") as f:
        f.write("package demo; public class Greeter { public static String hello(String who) { return \"hello \" + who; } }")
    with open(os.path.join(src, "demo", "Counter.java"), "w") as f:
        f.write("package demo; public class Counter { public static int three() { return 3; } }")
    build = os.path.join(folder, "build")
    subprocess.run([tool("javac"), "--release", "17", "-d", build, os.path.join(src, "demo", "Greeter.java")], check=True)
    os.makedirs(os.path.join(folder, "lib"))
    subprocess.run([tool("jar"), "cf", os.path.join(folder, "lib", "greeter.jar"), "-C", build, "."], check=True)
    subprocess.run([tool("javac"), "--release", "17", "-d", os.path.join(folder, "classes"),
                    os.path.join(src, "demo", "Counter.java")], check=True)
    with open(os.path.join(folder, "helpers.jsh"), "w") as f:
        f.write("int loadedValue() {\n    return 7;\n}\nString loadedText = \"from a file\";\n")


class DisplayAndMagicsTests:
    JDK = None

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="kernel-magics-")
        make_project(cls.folder)
        cls.kernel = Kernel(cls.JDK, cwd=cls.folder)

    @classmethod
    def tearDownClass(cls):
        cls.kernel.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    # ------------------------------------------------------------ display

    def test_display_returns_an_id_and_update_display_replaces_it_in_place(self):
        run = self.kernel.run('String id = display("epoch 1");\nupdateDisplay(id, "epoch 2");\nid')
        display = run.of_type("display_data")[0]
        update = run.of_type("update_display_data")[0]
        self.assertEqual(display["data"]["text/plain"], "epoch 1")
        self.assertEqual(update["data"]["text/plain"], "epoch 2")
        display_id = run.result()["text/plain"]
        self.assertEqual(display["transient"]["display_id"], display_id)
        self.assertEqual(update["transient"]["display_id"], display_id)

    def test_prints_and_displays_keep_their_order(self):
        run = self.kernel.run('System.out.println("above");\ndisplay("middle");\nSystem.out.println("below");')
        kinds = [kind for kind, _ in run.messages]
        self.assertEqual(kinds, ["stream", "display_data", "stream"])

    def test_markdown_html_and_latex_helpers(self):
        self.assertEqual(self.kernel.run('markdown("**loss** fell")').result()["text/markdown"], "**loss** fell")
        run = self.kernel.run('display(html("<b>bold</b>"));')
        self.assertEqual(run.of_type("display_data")[0]["data"]["text/html"], "<b>bold</b>")
        self.assertEqual(self.kernel.run('render(latex("$$\\\\sigma(x)$$"))').result()["text/latex"], "$$\\sigma(x)$$")

    def test_an_image_renders_as_png(self):
        run = self.kernel.run("var image = new java.awt.image.BufferedImage(8, 6, java.awt.image.BufferedImage.TYPE_INT_RGB);\nimage")
        png = base64.b64decode(run.result()["image/png"])
        self.assertTrue(png.startswith(PNG_MAGIC))

    def test_an_xchart_chart_renders_as_png(self):
        version = root_pom_property("xchart.version")
        run = self.kernel.run("%maven org.knowm.xchart:xchart:" + version, timeout=120)
        self.assertEqual(run.reply["status"], "ok", run.error_text())
        run = self.kernel.run('org.knowm.xchart.QuickChart.getChart("loss", "epoch", "loss", "train", '
                              'new double[] {1, 2, 3}, new double[] {0.9, 0.5, 0.3})')
        self.assertEqual(run.reply["status"], "ok", run.error_text())
        self.assertTrue(base64.b64decode(run.result()["image/png"]).startswith(PNG_MAGIC))
        self.assertIn("loss", run.result()["text/plain"])

    def test_a_tablesaw_table_renders_as_html_and_text(self):
        version = root_pom_property("tablesaw.version")
        run = self.kernel.run("%maven tech.tablesaw:tablesaw-core:" + version, timeout=120)
        self.assertEqual(run.reply["status"], "ok", run.error_text())
        run = self.kernel.run('import tech.tablesaw.api.*;\nTable.create("history").addColumns(\n'
                              '    IntColumn.create("epoch", 1, 2), DoubleColumn.create("loss", 0.5, 0.25))')
        self.assertEqual(run.reply["status"], "ok", run.error_text())
        html = run.result()["text/html"]
        self.assertIn("<table", html)
        self.assertIn("<th>epoch</th>", html)
        self.assertIn("<td>0.25</td>", html)
        self.assertIn("epoch", run.result()["text/plain"])

    # ------------------------------------------------------------ magics

    def test_jars_takes_globs_relative_to_the_notebook_folder(self):
        run = self.kernel.run('%jars lib/*.jar\ndemo.Greeter.hello("jars")')
        self.assertEqual(run.result()["text/plain"], "hello jars", run.error_text())

    def test_classpath_takes_a_class_folder(self):
        run = self.kernel.run("%classpath classes\ndemo.Counter.three()")
        self.assertEqual(run.result()["text/plain"], "3", run.error_text())

    def test_a_path_that_matches_nothing_is_an_error_that_names_it(self):
        run = self.kernel.run("%jars nowhere/*.jar")
        self.assertEqual(run.error()["ename"], "MagicException")
        self.assertIn("nowhere/*.jar", run.error()["evalue"])

    def test_load_runs_a_jsh_file(self):
        run = self.kernel.run("%load helpers.jsh\nloadedValue() + loadedText.length()")
        self.assertEqual(run.result()["text/plain"], str(7 + len("from a file")), run.error_text())

    def test_time_and_cell_time_print_the_wall_time(self):
        run = self.kernel.run("%time 6 * 7")
        self.assertIn("Wall time:", run.stdout())
        self.assertEqual(run.result()["text/plain"], "42")
        run = self.kernel.run('%%time\nSystem.out.println("timed");')
        self.assertRegex(run.stdout(), r"timed\nWall time: [0-9.]+ m?s\n")

    def test_an_unknown_magic_names_itself_and_lists_the_known_ones(self):
        run = self.kernel.run("%nosuchmagic 1 2")
        self.assertEqual(run.error()["ename"], "MagicException")
        for name in ("%nosuchmagic", "%jars", "%classpath", "%maven", "%load", "%time", "%%time"):
            self.assertIn(name, run.error()["evalue"])

class IsolationTests:
    """A fresh kernel, so that nothing a notebook loaded (Tablesaw brings slf4j) hides a leak."""
    JDK = None

    @classmethod
    def setUpClass(cls):
        cls.kernel = Kernel(cls.JDK)

    @classmethod
    def tearDownClass(cls):
        cls.kernel.close()

    def test_the_kernels_own_libraries_are_invisible_and_a_notebook_can_load_other_versions(self):
        for name in ("com.google.gson.Gson", "org.zeromq.ZMQ", "org.slf4j.LoggerFactory",
                     "org.dflib.jjava.jupyter.kernel.BaseKernel", "dlcourse.kernel.engine.ExecutionSession"):
            run = self.kernel.run('Class.forName("%s")' % name)
            self.assertEqual(run.error() and run.error()["ename"], "java.lang.ClassNotFoundException", name)
        run = self.kernel.run("%maven com.google.code.gson:gson:2.10.1", timeout=120)
        self.assertEqual(run.reply["status"], "ok", run.error_text())
        run = self.kernel.run("new com.google.gson.Gson().toJson(List.of(1, 2)) + \" \" + "
                              "com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation()")
        self.assertTrue(run.result()["text/plain"].startswith("[1,2] "), run.error_text())
        self.assertIn("gson-2.10.1.jar", run.result()["text/plain"])



class IsolationJdk17(IsolationTests, unittest.TestCase):
    JDK = "jdk17"


class IsolationJdk25(IsolationTests, unittest.TestCase):
    JDK = "jdk25"


class DisplayAndMagicsJdk17(DisplayAndMagicsTests, unittest.TestCase):
    JDK = "jdk17"


class DisplayAndMagicsJdk25(DisplayAndMagicsTests, unittest.TestCase):
    JDK = "jdk25"
