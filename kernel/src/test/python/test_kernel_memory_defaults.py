"""The execution JVM's memory defaults (ExecutionJvm.memoryDefaults) reach a real kernel started by Jupyter, and
JJAVA_JVM_OPTS overrides them. Not a memory threshold: it checks the JVM's own settings, so it fails when a
default is lost, whatever the machine's load. bench/notebook-memory measures what they are worth."""
import os
import unittest

from kernel_harness import Kernel

SETTINGS = ('var args = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();\n'
            'System.out.println("ARGS " + String.join(" ", args));\n'
            'System.out.println("MAX_MB " + Runtime.getRuntime().maxMemory() / (1024 * 1024));\n'
            'System.out.println("ARENAS " + System.getenv("MALLOC_ARENA_MAX"));\n'
            'System.out.println("BLAS_THREADS " + System.getenv("OPENBLAS_NUM_THREADS") + " "'
            ' + Runtime.getRuntime().availableProcessors());\n'
            'System.out.println("GC " + java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()'
            '.map(b -> b.getName()).toList());\n'
            'System.out.println("VECTOR " + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());')


def settings(kernel):
    run = kernel.run(SETTINGS)
    if "Using incubator modules" in run.stdout() + run.error_text():
        raise AssertionError("the Vector API's start-up warning reached a cell: " + run.stdout() + run.error_text())
    lines = dict(line.split(" ", 1) for line in run.stdout().splitlines() if " " in line)
    if "ARGS" not in lines:
        raise AssertionError("the settings cell printed nothing readable: " + run.error_text() + run.stdout())
    return lines


class MemoryDefaults(unittest.TestCase):
    def test_the_defaults_hold_without_JJAVA_JVM_OPTS(self):
        kernel = Kernel("jdk17", env={"JJAVA_JVM_OPTS": ""})
        try:
            s = settings(kernel)
        finally:
            kernel.close()
        args = s["ARGS"].split()
        for option in ("-XX:+UseSerialGC", "-Xms32m", "-XX:MaxNewSize=64m", "-XX:MinHeapFreeRatio=20",
                       "-XX:MaxHeapFreeRatio=40"):
            self.assertIn(option, args)
        caps = [a for a in args if a.startswith("-Xmx")]
        self.assertEqual(len(caps), 1, "one default heap cap: %s" % args)
        cap_mb = int(caps[0][4:-1])
        self.assertTrue(256 <= cap_mb <= 1024, caps[0])
        # the JVM applied the cap (it reports a little less than -Xmx: one survivor space is not counted)
        self.assertLessEqual(int(s["MAX_MB"]), cap_mb)
        self.assertGreater(int(s["MAX_MB"]), cap_mb * 0.8)
        self.assertEqual(s["ARENAS"], "2")
        self.assertIn("Copy", s["GC"], "the serial collector's young generation")
        # the Vector API for the library's float32 functions, without the JVM's warning about it in a cell
        self.assertIn("--add-modules=jdk.incubator.vector", args)
        self.assertEqual(s["VECTOR"], "true")
        blas, cores = s["BLAS_THREADS"].split()
        if any(v in os.environ for v in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")):
            self.assertEqual(blas, os.environ.get("OPENBLAS_NUM_THREADS", "null"), "the environment's setting wins")
        else:
            self.assertEqual(blas, cores, "OpenBLAS gets as many threads as the JVM has cores")

    def test_JJAVA_JVM_OPTS_override_the_defaults(self):
        kernel = Kernel("jdk17", env={"JJAVA_JVM_OPTS": "-Xmx300m -XX:MinHeapFreeRatio=50 -XX:MaxHeapFreeRatio=80",
                                      "MALLOC_ARENA_MAX": "4", "OPENBLAS_NUM_THREADS": "1"})
        try:
            s = settings(kernel)
        finally:
            kernel.close()
        args = s["ARGS"].split()
        self.assertEqual([a for a in args if a.startswith("-Xmx")], ["-Xmx300m"])
        self.assertNotIn("-Xms32m", args, "no default start size beside the user's cap")
        self.assertNotIn("-XX:MinHeapFreeRatio=20", args)
        self.assertIn("-XX:MaxNewSize=64m", args, "a 300 MiB heap still gets the young generation's cap")
        self.assertLessEqual(int(s["MAX_MB"]), 300)
        self.assertGreater(int(s["MAX_MB"]), 240)
        self.assertEqual(s["ARENAS"], "4")
        self.assertEqual(s["BLAS_THREADS"].split()[0], "1", "the environment's OPENBLAS_NUM_THREADS wins")

    def test_another_collector_replaces_the_serial_one(self):
        kernel = Kernel("jdk17", env={"JJAVA_JVM_OPTS": "-XX:+UseParallelGC -Xmx128m"})
        try:
            s = settings(kernel)
        finally:
            kernel.close()
        args = s["ARGS"].split()
        self.assertNotIn("-XX:+UseSerialGC", args)
        self.assertNotIn("-XX:MaxNewSize=64m", args, "a heap under 256 MiB keeps the JVM's own young generation")
        self.assertIn("PS Scavenge", s["GC"])


if __name__ == "__main__":
    unittest.main()
