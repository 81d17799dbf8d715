"""User code runs in a separate execution JVM and the kernel survives what it does: System.exit, Runtime.halt,
OutOfMemoryError, endless loops and long library calls (interrupt within 3 s), code that ignores interrupts (its
JVM is replaced and the user is told the state was reset); a stop signal the cell throws itself is an error.
Redefining a method keeps unrelated state. Runs through real jupyter_client on JDK 17 and on Temurin 25; one
kernel per class, with a 256 MB heap (JJAVA_JVM_OPTS)."""
import time
import unittest

from kernel_harness import Kernel

INTERRUPT_LIMIT_SECONDS = 3.0


class ExecutionJvmTests:
    JDK = None

    @classmethod
    def setUpClass(cls):
        cls.kernel = Kernel(cls.JDK, env={"JJAVA_JVM_OPTS": "-Xmx256m"})
        # the first cell waits for the execution JVM; an interrupt before that would stop a cell that never ran
        cls.kernel.run("1")

    @classmethod
    def tearDownClass(cls):
        cls.kernel.close()

    def interrupt_after(self, code, seconds=1.0):
        """Starts code, interrupts it after `seconds`; returns (reply, seconds from interrupt to reply)."""
        msg_id = self.kernel.start(code)
        time.sleep(seconds)
        start = time.monotonic()
        self.kernel.manager.interrupt_kernel()
        reply = self.kernel.wait_reply(msg_id, timeout=30)
        took = time.monotonic() - start
        self.kernel.drain_iopub()
        return reply, took

    def test_user_code_runs_in_another_process_with_the_heap_from_JJAVA_JVM_OPTS(self):
        pid = int(self.kernel.run("ProcessHandle.current().pid()").result()["text/plain"])
        self.assertNotEqual(pid, self.kernel.manager.provisioner.process.pid)
        max_mb = int(self.kernel.run("Runtime.getRuntime().maxMemory() / (1024 * 1024)").result()["text/plain"])
        self.assertLessEqual(max_mb, 256)

    def test_system_exit_says_the_status_and_that_state_was_reset(self):
        self.kernel.run("int lostOnExit = 1;")
        run = self.kernel.run('System.out.println("before exit");\nSystem.exit(3);')
        self.assertEqual(run.stdout(), "before exit\n")
        self.assertEqual(run.error()["ename"], "ExecutionJvmExited")
        self.assertIn("exited with status 3", run.error()["evalue"])
        self.assertIn("state", run.error()["evalue"])
        self.assertIn("reset", run.error()["evalue"])
        self.assertEqual(self.kernel.run("lostOnExit").error()["ename"], "CompilationException")
        self.assertEqual(self.kernel.run("40 + 2").result()["text/plain"], "42")

    def test_a_stop_signal_thrown_by_the_cell_itself_is_an_error_and_the_cell_does_not_go_on(self):
        forged = (
            'var make = Class.forName("dlcourse.kernel.agent.CellStopped").getDeclaredConstructor();\n'
            'make.setAccessible(true);\n'
            'int reached = 1;\n'
            'if (reached == 1) throw (Error) make.newInstance();\n'
            'System.out.println("went on");')
        run = self.kernel.run(forged)
        self.assertEqual(run.reply["status"], "error")
        self.assertEqual(run.error()["ename"], "UnrequestedStop")
        self.assertNotIn("went on", run.stdout())
        self.assertEqual(self.kernel.run("reached").result()["text/plain"], "1")

    def test_runtime_halt_is_survived_too(self):
        run = self.kernel.run("Runtime.getRuntime().halt(3);")
        self.assertIn("exited with status 3", run.error()["evalue"])
        self.assertEqual(self.kernel.run("1 + 1").result()["text/plain"], "2")

    def test_out_of_memory_is_shown_and_the_next_cell_runs_with_state_kept(self):
        self.kernel.run("int keptAfterOom = 5;")
        run = self.kernel.run("long[][] hog = new long[1000][];\n"
                              "for (int i = 0; i < hog.length; i++) hog[i] = new long[10_000_000];", timeout=60)
        self.assertEqual(run.error()["ename"], "java.lang.OutOfMemoryError")
        self.assertEqual(self.kernel.run("keptAfterOom").result()["text/plain"], "5")

    def test_interrupt_stops_an_endless_loop_quickly_and_keeps_state(self):
        self.kernel.run("int keptAfterInterrupt = 9;")
        reply, took = self.interrupt_after("while (true) { }")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Interrupted")
        self.assertLess(took, INTERRUPT_LIMIT_SECONDS)
        self.assertEqual(self.kernel.run("keptAfterInterrupt").result()["text/plain"], "9")

    def test_interrupt_stops_a_long_library_call_quickly(self):
        reply, took = self.interrupt_after("BigInteger.valueOf(3).pow(200_000_000)")
        self.assertEqual(reply["status"], "error")
        self.assertLess(took, INTERRUPT_LIMIT_SECONDS)
        self.assertEqual(self.kernel.run("2 + 2").result()["text/plain"], "4")

    def test_a_cell_that_ignores_interrupts_gets_a_fresh_jvm_and_the_user_is_told(self):
        # A stop interrupts the sleep (caught inside) and then lands at the inner loop's back edge (caught outside):
        # this code swallows every stop signal, so only replacing its JVM ends it.
        reply, took = self.interrupt_after(
            "while (true) { try { while (true) { try { Thread.sleep(100_000); } catch (Throwable a) { } } }"
            " catch (Throwable b) { } }")
        self.assertEqual(reply["status"], "error")
        self.assertLess(took, INTERRUPT_LIMIT_SECONDS)
        self.assertIn("replaced", reply["evalue"])
        self.assertIn("reset", reply["evalue"])
        self.assertEqual(self.kernel.run("3 + 3").result()["text/plain"], "6")

    def test_redefining_a_method_keeps_unrelated_state(self):
        self.kernel.run("int n = 5;")
        self.kernel.run("int twice(int x) { return 2 * x; }")
        self.kernel.run("int m = twice(n);")
        self.kernel.run("int twice(int x) { return 3 * x; }")
        self.assertEqual(self.kernel.run("n").result()["text/plain"], "5")
        self.assertEqual(self.kernel.run("m").result()["text/plain"], "10")
        self.assertEqual(self.kernel.run("twice(n)").result()["text/plain"], "15")


class ExecutionJvmJdk17(ExecutionJvmTests, unittest.TestCase):
    JDK = "jdk17"


class ExecutionJvmJdk25(ExecutionJvmTests, unittest.TestCase):
    JDK = "jdk25"
