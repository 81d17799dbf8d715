"""Runs notebooks through the real Java kernel (jupyter_client, the kernelspec ./course build made) and reports the
execution JVM's resident memory, as bench/notebook-memory/run says."""
import argparse
import os
import sys
import threading
import time

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

# the kernel tests' way of finding the execution JVMs from outside (a sandboxed JVM sees only its own PID namespace)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "kernel", "src", "test", "python"))
from kernel_harness import execution_jvm_pids  # noqa: E402

MB = 1000 * 1000
BUDGET_MB = 550  # what the README planned per student for the execution JVM after notebook 09 (issue 19)

# Run after the notebook, in the same execution JVM: the heap after a full collection, and (with --nmt) the JVM's
# own account of its native memory, read through the DiagnosticCommand MBean (the Attach API is off in the kernel).
AFTER_CELL = """
System.gc();
{
    Runtime rt = Runtime.getRuntime();
    var heapNow = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    var nonHeap = java.lang.management.ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
    System.out.println("MEMORY heap_used_after_gc=" + heapNow.getUsed() + " heap_committed=" + heapNow.getCommitted()
            + " heap_max=" + rt.maxMemory() + " nonheap_committed=" + nonHeap.getCommitted()
            + " jvm_args=" + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                    .stream().filter(a -> a.startsWith("-X")).toList());
}
"""
NMT_CELL = """
System.out.println((String) java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
        new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()}));
"""


def status(pid):
    """{field: kB} from /proc/PID/status for the memory fields, or {} when the process is gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            return {line.split(":")[0]: int(line.split()[1]) for line in f
                    if line.startswith(("VmRSS", "VmHWM", "RssAnon", "RssFile", "VmSize"))}
    except (OSError, ValueError, IndexError):
        return {}


def cpu_seconds(pid):
    """User plus system CPU seconds of the process so far (less sensitive to other load than wall time)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


class Sampler(threading.Thread):
    """Polls the execution JVMs' /proc status; VmHWM is the kernel's own exact peak, the polling only finds pids
    and keeps the last reading of each (a fresh JVM after a reset counts as another one)."""

    def __init__(self, kernel_pid):
        super().__init__(daemon=True)
        self.kernel_pid = kernel_pid
        self.last = {}
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(0.25)

    def peak(self):
        return max((s.get("VmHWM", 0) for s in self.last.values()), default=0)

    def sample(self):
        for pid in execution_jvm_pids(self.kernel_pid):
            s = status(pid)
            if s:
                s["cpu"] = cpu_seconds(pid)
                self.last[pid] = s


def largest_mappings(pid, count=8):
    """The mappings of the process with the most resident memory: (kB, what), from /proc/PID/smaps."""
    found, current = [], None
    try:
        with open("/proc/%d/smaps" % pid) as f:
            for line in f:
                fields = line.split()
                if "-" in fields[0] and len(fields) >= 5 and not fields[0].endswith(":"):
                    start, end = (int(x, 16) for x in fields[0].split("-"))
                    current = [0, "%s (%d MB mapped)" % (fields[5] if len(fields) > 5 else "[anonymous]",
                                                          (end - start) // MB)]
                    found.append(current)
                elif fields[0] == "Rss:" and current is not None:
                    current[0] = int(fields[1])
    except OSError:
        return []
    return sorted(found, reverse=True)[:count]


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run_notebook(root, path, jvm_opts, nmt, timeout):
    specs = KernelSpecManager(kernel_dirs=[os.path.join(root, "kernel", "target", "kernelspec")])
    manager = KernelManager(kernel_name="java", kernel_spec_manager=specs)
    env = dict(os.environ)
    opts = list(jvm_opts)
    if nmt:
        opts.append("-XX:NativeMemoryTracking=summary")
    if opts:
        env["JJAVA_JVM_OPTS"] = " ".join(opts)
    else:
        env.pop("JJAVA_JVM_OPTS", None)
    manager.start_kernel(env=env, cwd=os.path.dirname(path))
    client = manager.client()
    client.start_channels()
    errors, lines, grew = [], [], []
    try:
        client.wait_for_ready(timeout=120)
        sampler = Sampler(manager.provisioner.pid)
        sampler.start()
        nb = nbformat.read(path, as_version=4)
        start = time.monotonic()
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue

            def hook(msg, index=index):
                if msg["msg_type"] == "error":
                    errors.append("cell %d: %s: %s" % (index, msg["content"]["ename"], msg["content"]["evalue"]))
            before = sampler.peak()
            client.execute_interactive(cell.source, timeout=timeout, output_hook=hook)
            sampler.sample()
            first_line = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else ""
            grew.append((sampler.peak() - before, index, first_line))
        seconds = time.monotonic() - start
        sampler.sample()
        final = {pid: dict(s) for pid, s in sampler.last.items()}

        def collect(msg):
            if msg["msg_type"] == "stream":
                lines.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                errors.append("after cell: %s: %s" % (msg["content"]["ename"], msg["content"]["evalue"]))
        client.execute_interactive(AFTER_CELL, timeout=120, output_hook=collect)
        if nmt:
            client.execute_interactive(NMT_CELL, timeout=120, output_hook=collect)
        sampler.stop.set()
        smaps = largest_mappings(max(final)) if final else []
        return seconds, final, errors, "".join(lines), sorted(grew, reverse=True)[:3], smaps
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def ledger_files(root):
    """{path: bytes} of the claim ledger's files, which the notebooks rewrite when they run (restored after)."""
    folder = os.path.join(root, "claims", "measured")
    saved = {}
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            with open(os.path.join(folder, name), "rb") as f:
                saved[os.path.join(folder, name)] = f.read()
    return saved


def restore(saved, root):
    for path in set(ledger_files(root)) - set(saved):
        os.remove(path)
    for path, data in saved.items():
        with open(path, "wb") as f:
            f.write(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root")
    parser.add_argument("notebooks", nargs="*", default=["09-lenet5", "07-dropout", "02-activation-functions"],
                        help="notebook names in notebooks/ (default: 09-lenet5 07-dropout 02-activation-functions)")
    parser.add_argument("--jvm-opts", default="",
                        help="JJAVA_JVM_OPTS for the kernel (default: none, the kernel's defaults)")
    parser.add_argument("--nmt", action="store_true", help="also print the JVM's Native Memory Tracking summary")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per cell (default 900)")
    args = parser.parse_args()
    args.root = os.path.abspath(args.root)
    print("== machine: %d cores, %.1f GiB, load %s (1, 5, 15 min)" % (
        os.cpu_count(), os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30, load()))
    print("== JJAVA_JVM_OPTS: %s" % (args.jvm_opts or "(unset: the kernel's defaults)"))
    saved = ledger_files(args.root)
    try:
        return measure(args)
    finally:
        restore(saved, args.root)


def measure(args):
    peaks = {}
    for name in args.notebooks:
        path = os.path.join(args.root, "notebooks", name if name.endswith(".ipynb") else name + ".ipynb")
        if not os.path.isfile(path):
            print("bench notebook-memory: no notebook %s" % path, file=sys.stderr)
            return 2
        seconds, final, errors, after, grew, smaps = run_notebook(args.root, path, args.jvm_opts.split(), args.nmt,
                                                                   args.timeout)
        if not final:
            print("bench notebook-memory: found no execution JVM for %s" % name, file=sys.stderr)
            return 1
        peak = max(s.get("VmHWM", 0) for s in final.values()) * 1024
        last_pid = max(final)
        rss = final[last_pid].get("VmRSS", 0) * 1024
        peaks[name] = peak
        cpu = sum(s.get("cpu", 0) for s in final.values())
        print("%s: %.1f s (load %s), %.1f CPU s in the execution JVM(s), %d execution JVM(s); "
              "peak resident (VmHWM) %.0f MB = %.0f MiB, "
              "final resident (VmRSS) %.0f MB (anonymous %.0f MB, files %.0f MB)"
              % (name, seconds, load(), cpu, len(final), peak / MB, peak / 2 ** 20, rss / MB,
                 final[last_pid].get("RssAnon", 0) * 1024 / MB, final[last_pid].get("RssFile", 0) * 1024 / MB))
        for line in after.splitlines():
            if line.startswith("MEMORY "):
                values = dict(kv.split("=", 1) for kv in line[7:].split(" ", 4))
                print("    heap after GC %.0f MB used, %.0f MB committed, cap %.0f MB; non-heap committed %.0f MB; %s"
                      % (int(values["heap_used_after_gc"]) / MB, int(values["heap_committed"]) / MB,
                         int(values["heap_max"]) / MB, int(values["nonheap_committed"]) / MB, values["jvm_args"]))
            elif args.nmt:
                print("    " + line)
        for kb, index, first_line in grew:
            print("    peak grew by %.0f MB in cell %d (%s)" % (kb * 1024 / MB, index, first_line))
        if args.nmt:
            for kb, what in smaps:
                print("    resident at the end: %.0f MB in %s" % (kb * 1024 / MB, what))
        for e in errors:
            print("    ERROR " + e)
        if errors:
            print("bench notebook-memory: %s had errors (above); its figures count for nothing" % name,
                  file=sys.stderr)
            return 1
    worst = max(peaks, key=peaks.get)
    print("largest peak: %s" % worst)
    print("RESULT notebook-memory ratio=%.2f ours=%.0f peer=%d unit=MB" % (
        BUDGET_MB * MB / peaks[worst], peaks[worst] / MB, BUDGET_MB))
    return 0


if __name__ == "__main__":
    sys.exit(main())
