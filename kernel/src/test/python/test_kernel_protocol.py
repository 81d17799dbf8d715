"""The Java kernel speaks Jupyter's protocol through real jupyter_client: kernel_info, execute (streams in
order, results, errors that point at the cell's line, compile errors that quote the code), complete, inspect and
is_complete. Each class shares one kernel; it runs on JDK 17 and on Temurin 25."""
import os
import unittest

from kernel_harness import Kernel, java_home


class ProtocolTests:
    JDK = None

    @classmethod
    def setUpClass(cls):
        cls.kernel = Kernel(cls.JDK)

    @classmethod
    def tearDownClass(cls):
        cls.kernel.close()

    def test_kernel_info_names_java_and_the_message_interrupt_mode(self):
        info = self.kernel.client.kernel_info(reply=True, timeout=10)["content"]
        self.assertEqual(info["language_info"]["name"], "java")
        self.assertEqual(info["status"], "ok")
        spec = self.kernel.manager.kernel_spec
        self.assertEqual(spec.interrupt_mode, "message")
        expected = "25" if self.JDK == "jdk25" else "17"
        self.assertTrue(info["language_info"]["version"].startswith(expected), info["language_info"])

    def test_stdout_and_stderr_arrive_as_streams_in_order(self):
        run = self.kernel.run('System.out.println("one");\nSystem.err.println("two");\n'
                              'System.out.println("three");\nSystem.out.print("no newline at the end")')
        self.assertEqual(run.reply["status"], "ok")
        names = []
        for name, _ in run.streams():  # a frontend joins consecutive messages of one stream, so may the kernel
            if not names or names[-1] != name:
                names.append(name)
        text = "".join(text for _, text in run.streams())
        self.assertEqual(text, "one\ntwo\nthree\nno newline at the end")
        self.assertEqual(names, ["stdout", "stderr", "stdout"])

    def test_last_expression_is_the_execute_result(self):
        run = self.kernel.run("int answer = 6;\nanswer * 7")
        self.assertEqual(run.result()["text/plain"], "42")
        self.assertEqual(run.of_type("execute_result")[0]["execution_count"], run.reply["execution_count"])

    def test_a_string_result_shows_as_plain_text_without_quotes(self):
        self.assertEqual(self.kernel.run('"plain " + "text"').result()["text/plain"], "plain text")

    def test_a_statement_has_no_result(self):
        run = self.kernel.run("int unused = 3;")
        self.assertEqual(run.reply["status"], "ok")
        self.assertIsNone(run.result())

    def test_exception_shows_its_type_message_and_the_cell_line(self):
        self.kernel.run("int divide(int a, int b) {\n    return a / b;\n}")
        run = self.kernel.run("int a = 1;\nint b = divide(a, 0);")
        self.assertEqual(run.reply["status"], "error")
        error = run.error()
        self.assertEqual(error["ename"], "java.lang.ArithmeticException")
        self.assertEqual(error["evalue"], "/ by zero")
        self.assertEqual(run.reply["ename"], "java.lang.ArithmeticException")
        trace = "\n".join(error["traceback"])
        self.assertIn("at divide (cell [", trace)
        self.assertIn("line 2)", trace, "the frame in the earlier cell names its line 2")
        self.assertIn("at line 2", trace, "the frame in this cell names its line 2")
        self.assertLess(len(error["traceback"]), 12, "the stack is short")

    def test_exception_thrown_by_user_code_keeps_its_message(self):
        run = self.kernel.run('throw new IllegalStateException("shapes differ: 3x4 vs 4x3");')
        self.assertEqual(run.error()["ename"], "java.lang.IllegalStateException")
        self.assertEqual(run.error()["evalue"], "shapes differ: 3x4 vs 4x3")

    def test_compile_error_quotes_the_offending_code(self):
        run = self.kernel.run("int fine = 1;\nint broken = fine + undefinedName;")
        error = run.error()
        self.assertEqual(error["ename"], "CompilationException")
        self.assertIn("cannot find symbol", error["evalue"])
        trace = "\n".join(error["traceback"])
        self.assertIn("line 2: int broken = fine + undefinedName;", trace)
        self.assertIn("^" * len("undefinedName"), trace)

    def test_unfinished_code_is_a_compile_error(self):
        run = self.kernel.run("for (int i = 0; i < 3; i++) {")
        self.assertEqual(run.error()["ename"], "CompilationException")

    def test_input_typed_by_the_user_reaches_system_in(self):
        client = self.kernel.client
        messages = []
        reply = client.execute_interactive(
            "new Scanner(System.in).nextLine().toUpperCase()", allow_stdin=True, timeout=30,
            stdin_hook=lambda request: client.input("typed text"),
            output_hook=lambda m: messages.append(m))
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m["content"]["data"]["text/plain"] for m in messages if m["msg_type"] == "execute_result"]
        self.assertEqual(results, ["TYPED TEXT"])

    def test_complete_offers_methods_and_magic_names(self):
        reply = self.kernel.client.complete("System.out.prin", 15, reply=True, timeout=10)["content"]
        self.assertIn("println(", reply["matches"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (11, 15))
        reply = self.kernel.client.complete("int x = 1;\n%ja", 14, reply=True, timeout=10)["content"]
        self.assertEqual(reply["matches"], ["%jars"])
        self.kernel.run("int myCounter = 0;")
        reply = self.kernel.client.complete("myCou", 5, reply=True, timeout=10)["content"]
        self.assertIn("myCounter", reply["matches"])

    def test_inspect_shows_the_signature_and_javadoc_where_the_jdk_has_sources(self):
        reply = self.kernel.client.inspect("Math.abs", 8, reply=True, timeout=20)["content"]
        self.assertTrue(reply["found"])
        text = reply["data"]["text/plain"]
        self.assertIn("int Math.abs(int a)", text)
        if os.path.isfile(os.path.join(java_home(self.JDK) or "/usr/lib/jvm/java-17-openjdk-amd64", "lib", "src.zip")):
            self.assertIn("absolute value", text)

    def test_is_complete(self):
        def status(code):
            return self.kernel.client.is_complete(code) and self.kernel.client.get_shell_msg(timeout=10)["content"]["status"]
        self.assertEqual(status("int x = 1;"), "complete")
        self.assertEqual(status("for (int i = 0; i < 3; i++) {"), "incomplete")
        self.assertEqual(status("%jars foo.jar"), "complete")


class ProtocolJdk17(ProtocolTests, unittest.TestCase):
    JDK = "jdk17"


class ProtocolJdk25(ProtocolTests, unittest.TestCase):
    JDK = "jdk25"
