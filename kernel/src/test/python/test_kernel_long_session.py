"""What a long lab session needs from the kernel, through real jupyter_client: output of a thread goes to the cell
that started it (also after that cell ended, while the kernel is idle or another cell runs), a huge print is cut with
a note, and an execution JVM that dies while no cell runs is announced at once, naming what was lost."""
import unittest

from kernel_harness import Kernel

THREAD_CELL = """Thread ticker = new Thread(() -> {
    for (int i = 0; i < 10; i++) {
        System.out.println("tick " + i);
        try { Thread.sleep(200); } catch (InterruptedException e) { return; }
    }
});
ticker.start();"""


def stream_text(messages, parent):
    return "".join(c["text"] for p, kind, c in messages if p == parent and kind == "stream")


class LongSessionTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.kernel = Kernel("jdk17", env={"JJAVA_JVM_OPTS": "-Xmx256m", "DLCOURSE_OUTPUT_LIMIT": "50000"})
        cls.kernel.run("1")

    @classmethod
    def tearDownClass(cls):
        cls.kernel.close()

    def setUp(self):
        self.kernel.drain_iopub()

    def test_a_thread_prints_into_the_cell_that_started_it_while_another_cell_runs_and_while_idle(self):
        first = self.kernel.start(THREAD_CELL)
        self.assertEqual(self.kernel.wait_reply(first, timeout=30)["status"], "ok")
        second = self.kernel.start('Thread.sleep(600);\nSystem.out.println("second cell");')
        self.assertEqual(self.kernel.wait_reply(second, timeout=30)["status"], "ok")
        messages = self.kernel.collect_iopub(8, until=lambda ms: "tick 9" in stream_text(ms, first))
        ticks = stream_text(messages, first)
        for i in range(10):
            self.assertEqual(ticks.count("tick %d\n" % i), 1, "tick %d once in the first cell: %r" % (i, ticks))
        self.assertEqual(stream_text(messages, second), "second cell\n", "nothing of the thread in the second cell")
        idle = [n for n, (p, kind, c) in enumerate(messages)
                if p == second and kind == "status" and c["execution_state"] == "idle"]
        late = [n for n, (p, kind, c) in enumerate(messages) if p == first and kind == "stream"]
        self.assertTrue(idle and late and late[-1] > idle[0],
                        "some ticks were sent while the kernel was idle, after the second cell ended")

    def test_a_huge_print_is_cut_with_a_note_and_the_next_cell_runs(self):
        run = self.kernel.run('System.out.print("x".repeat(3_000_000));', timeout=120)
        self.assertEqual(run.reply["status"], "ok")
        text = run.stdout()
        self.assertTrue(text.startswith("x" * 50000), text[:100])
        self.assertIn("output truncated", text)
        self.assertIn("DLCOURSE_OUTPUT_LIMIT", text)
        self.assertLess(len(text), 50400)
        self.assertEqual(self.kernel.run("6 * 7").result()["text/plain"], "42")

    def test_a_jvm_that_exits_while_idle_is_announced_on_that_cell_and_in_the_next(self):
        self.kernel.run("int lostWhenIdle = 1;")
        cell = self.kernel.start("new Thread(() -> { try { Thread.sleep(300); } catch (InterruptedException e) { }"
                                 " System.exit(3); }).start();")
        self.assertEqual(self.kernel.wait_reply(cell, timeout=30)["status"], "ok")
        messages = self.kernel.collect_iopub(8, until=lambda ms: "ended" in stream_text(ms, cell))
        notice = stream_text(messages, cell)
        self.assertIn("exit status 3", notice)
        self.assertIn("lostWhenIdle", notice)
        run = self.kernel.run("2 + 3")
        said = "".join(text for name, text in run.streams() if name == "stderr")
        self.assertIn("lostWhenIdle", said)
        self.assertEqual(run.result()["text/plain"], "5")


if __name__ == "__main__":
    unittest.main()
