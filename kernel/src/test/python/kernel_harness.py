"""Starts the installed 'java' kernelspec through jupyter_client and runs cells on it, for the kernel's tests.

JDK 17 runs use the default java; JDK 25 runs set JAVA_HOME to Temurin 25 in the kernel's environment (the
kernelspec's launcher picks java from JAVA_HOME), and skip with a visible message where it is not installed.
"""
import os
import queue
import re
import time
import unittest

from jupyter_client.manager import KernelManager

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
TEMURIN_25 = "/usr/lib/jvm/temurin-25-jdk-amd64"
JDKS = {"jdk17": None, "jdk25": TEMURIN_25}


def java_home(jdk):
    """The JAVA_HOME for a JDK name, or SkipTest where that JDK is missing."""
    home = JDKS[jdk]
    if home and not os.path.isfile(os.path.join(home, "bin", "java")):
        raise unittest.SkipTest("Temurin 25 is not installed at %s: the JDK 25 runs of these tests are skipped" % home)
    return home


def execution_jvm_pids(kernel_pid):
    """The host pids of the execution JVMs under a kernel process. Asked from inside, a JVM in the OS sandbox
    reports the pid of its own PID namespace, which names some other process out here."""
    def parent(pid):
        try:
            with open("/proc/%d/stat" % pid) as f:
                return int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return 0
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                cmdline = f.read().split(b"\0")
        except OSError:
            continue
        if not cmdline or not cmdline[0].endswith(b"java") or b"dlcourse.kernel.agent.CellAgent" not in cmdline:
            continue
        ancestor = parent(pid)
        while ancestor > 1 and ancestor != kernel_pid:
            ancestor = parent(ancestor)
        if ancestor == kernel_pid:
            found.append(pid)
    return found


def root_pom_property(name):
    with open(os.path.join(ROOT, "pom.xml"), encoding="utf-8") as f:
        return re.search(r"<%s>([^<]+)</%s>" % (name, name), f.read()).group(1)


class Run:
    """What one execute request produced: its IOPub messages (in order) and its reply."""

    def __init__(self, messages, reply, seconds):
        self.messages = messages
        self.reply = reply
        self.seconds = seconds

    def of_type(self, msg_type):
        return [content for kind, content in self.messages if kind == msg_type]

    def streams(self):
        """(name, text) of each stream message, in order."""
        return [(c["name"], c["text"]) for c in self.of_type("stream")]

    def stdout(self):
        return "".join(text for name, text in self.streams() if name == "stdout")

    def result(self):
        results = self.of_type("execute_result")
        return results[0]["data"] if results else None

    def error(self):
        errors = self.of_type("error")
        return errors[-1] if errors else None

    def error_text(self):
        e = self.error()
        return "" if e is None else "%s: %s\n%s" % (e["ename"], e["evalue"], "\n".join(e["traceback"]))


class Kernel:
    """One kernel process from the 'java' kernelspec, with a blocking client."""

    def __init__(self, jdk="jdk17", env=None, cwd=None):
        self.manager = KernelManager(kernel_name="java")
        kernel_env = dict(os.environ)
        home = java_home(jdk)
        if home:
            kernel_env["JAVA_HOME"] = home
        kernel_env.update(env or {})
        self.manager.start_kernel(env=kernel_env, cwd=cwd)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def run(self, code, timeout=30):
        messages = []
        start = time.monotonic()
        reply = self.client.execute_interactive(
            code, timeout=timeout, output_hook=lambda m: messages.append((m["msg_type"], m["content"])))
        return Run([m for m in messages if m[0] not in ("status", "execute_input")], reply["content"],
                   time.monotonic() - start)

    def start(self, code):
        """Sends an execute request without waiting; returns its message id."""
        return self.client.execute(code)

    def wait_reply(self, msg_id, timeout):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no execute_reply within %s s" % timeout)
            try:
                msg = self.client.get_shell_msg(timeout=remaining)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]

    def collect_iopub(self, seconds, until=None):
        """IOPub messages for up to `seconds` (or until `until(messages)` is true), as a list of
        (parent msg_id, msg_type, content) in the order they came."""
        messages = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                msg = self.client.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            messages.append((msg["parent_header"].get("msg_id"), msg["msg_type"], msg["content"]))
            if until is not None and until(messages):
                break
        return messages

    def drain_iopub(self):
        while True:
            try:
                self.client.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                return

    def close(self):
        try:
            self.client.stop_channels()
        finally:
            self.manager.shutdown_kernel(now=True)
