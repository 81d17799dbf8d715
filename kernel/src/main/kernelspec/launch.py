"""Starts the dlcourse Java kernel from this kernelspec folder, wherever it was copied.

Jupyter runs it with its own Python ("python3" in kernel.json's argv means sys.executable). It picks java from
JAVA_HOME if that is set, else from PATH, and puts every jar beside this file on the class path.
Extra options for the kernel's own JVM (not the execution JVM, see JJAVA_JVM_OPTS) may come from
DLCOURSE_KERNEL_JAVA_OPTS.
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The kernel process compiles cells and talks to Jupyter; a small, quickly started JVM suits it.
KERNEL_JVM_OPTIONS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xms32m",
                      "-Dfile.encoding=UTF-8", "-Djava.awt.headless=true"]


def find_java():
    home = os.environ.get("JAVA_HOME")
    if home:
        for name in ("java", "java.exe"):
            candidate = os.path.join(home, "bin", name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
        sys.stderr.write("dlcourse kernel: JAVA_HOME is %s but it has no bin/java; using java from PATH\n" % home)
    return shutil.which("java")


def main():
    java = find_java()
    if not java:
        sys.stderr.write("dlcourse kernel: no java found. Install a JDK 17 or newer "
                         "(e.g. sudo apt install openjdk-17-jdk-headless) or set JAVA_HOME.\n")
        return 1
    extra = os.environ.get("DLCOURSE_KERNEL_JAVA_OPTS", "").split()
    command = [java] + KERNEL_JVM_OPTIONS + extra + [
        "-cp", os.path.join(HERE, "*"), "dlcourse.kernel.jupyter.KernelMain"] + sys.argv[1:]
    if os.name == "posix":
        os.execv(java, command)
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
