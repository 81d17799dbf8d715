"""Measures the dlcourse Java kernel's start and round trip, and jshell's start, as bench/kernel-start/run says."""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager


def ignore(message):
    """Drops IOPub messages (execute_interactive would print them)."""


def kernel_start_and_round_trip(root, cells):
    """Seconds from starting the kernel process to the first cell's result; then trivial cells' round trips."""
    specs = KernelSpecManager(kernel_dirs=[os.path.join(root, "kernel", "target", "kernelspec")])
    manager = KernelManager(kernel_name="java", kernel_spec_manager=specs)
    start = time.monotonic()
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        reply = client.execute_interactive("1 + 1", timeout=120, output_hook=ignore)
        first = time.monotonic() - start
        if reply["content"]["status"] != "ok":
            raise RuntimeError("the first cell failed: %s" % reply["content"])
        trips = []
        for i in range(cells):
            t = time.monotonic()
            client.execute_interactive("%d + 1" % i, timeout=60, output_hook=ignore)
            trips.append(time.monotonic() - t)
        return first, statistics.median(trips)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def jshell_first_result(jshell):
    """Seconds from starting jshell to its printing the value of 1 + 1."""
    start = time.monotonic()
    proc = subprocess.Popen([jshell, "-q"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1)
    try:
        proc.stdin.write("1 + 1\n")
        proc.stdin.flush()
        seen = ""
        while "==> 2" not in seen:
            ch = proc.stdout.read(1)
            if not ch:
                raise RuntimeError("jshell ended before its first result: %r" % seen)
            seen += ch
        return time.monotonic() - start
    finally:
        proc.kill()
        proc.wait()


def find_jshell():
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "jshell")):
        return os.path.join(home, "bin", "jshell")
    return shutil.which("jshell")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root")
    parser.add_argument("--runs", type=int, default=5, help="starts measured for each side (default 5)")
    parser.add_argument("--cells", type=int, default=20, help="trivial cells timed per kernel start (default 20)")
    args = parser.parse_args()
    jshell = find_jshell()
    if not jshell:
        print("bench kernel-start: no jshell found (set JAVA_HOME to a JDK)", file=sys.stderr)
        return 2

    ours, trips, peers = [], [], []
    for run in range(args.runs):
        first, trip = kernel_start_and_round_trip(args.root, args.cells)
        peer = jshell_first_result(jshell)
        ours.append(first)
        trips.append(trip)
        peers.append(peer)
        print("run %d: kernel first result %.3f s, trivial cell %.1f ms; jshell first result %.3f s"
              % (run + 1, first, trip * 1000, peer), flush=True)
    ours_median = statistics.median(ours)
    peer_median = statistics.median(peers)
    print("kernel start to first result: median %.3f s (of %d); trivial cell round trip: median %.1f ms"
          % (ours_median, len(ours), statistics.median(trips) * 1000))
    print("jshell start to first result: median %.3f s (%s)" % (peer_median, jshell))
    print("RESULT kernel-start ratio=%.2f ours=%.3f peer=%.3f unit=s" % (peer_median / ours_median, ours_median, peer_median))
    return 0


if __name__ == "__main__":
    sys.exit(main())
