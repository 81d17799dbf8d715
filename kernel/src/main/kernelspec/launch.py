"""Starts the dlcourse Java kernel from this kernelspec folder, wherever it was copied.

Jupyter runs it with its own Python ("python3" in kernel.json's argv means sys.executable). It picks java from
JAVA_HOME if that is set, else from PATH, and puts every jar beside this file on the class path.
Later starts are faster with a class data sharing archive of the kernel's classes in ~/.cache/dlcourse-kernel
(made by the first kernel that ends normally). Extra options for the kernel's own JVM (not the execution JVM, see JJAVA_JVM_OPTS) may come from
DLCOURSE_KERNEL_JAVA_OPTS.
"""
import glob
import hashlib
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


def java_feature_version(java):
    """17 for a JDK 17, read from the JDK's release file; None if unknown."""
    release = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(java))), "release")
    try:
        with open(release, encoding="utf-8") as f:
            for line in f:
                if line.startswith("JAVA_VERSION="):
                    return int(line.split("=", 1)[1].strip().strip('"').split(".")[0])
    except (OSError, ValueError):
        pass
    return None


def pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except (OSError, ValueError):
        return False


def class_data_sharing_options(java):
    """Options that keep the kernel's classes (javac, JShell, JeroMQ) in a CDS archive in the user's cache, so that
    later starts load them faster. DLCOURSE_KERNEL_CDS=0 turns it off."""
    version = java_feature_version(java)
    if os.environ.get("DLCOURSE_KERNEL_CDS", "1") == "0" or version is None or version < 17 or os.name != "posix":
        return []
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(cache, "dlcourse-kernel")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return []
    if not os.access(folder, os.W_OK):
        return []
    key = hashlib.sha1(os.path.realpath(java).encode())
    for jar in sorted(glob.glob(os.path.join(HERE, "*.jar"))):
        st = os.stat(jar)
        key.update(("%s %d %d" % (os.path.basename(jar), st.st_size, st.st_mtime_ns)).encode())
    archive = os.path.join(folder, "kernel-%d-%s.jsa" % (version, key.hexdigest()[:16]))
    quiet = ["-Xlog:cds=off", "-Xlog:cds+dynamic=off"]
    if version >= 19:  # the JDK creates the archive, and recreates it when it no longer fits
        return quiet + ["-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive]
    if not os.path.isfile(archive):
        # a kernel that ended normally left its archive under a temporary name: take the first one
        for candidate in glob.glob(archive + ".tmp.*"):
            pid = candidate.rsplit(".", 1)[-1]
            if pid.isdigit() and not pid_alive(int(pid)) and os.path.getsize(candidate) > 0:
                try:
                    os.replace(candidate, archive)
                    break
                except OSError:
                    pass
    if os.path.isfile(archive):
        return quiet + ["-XX:SharedArchiveFile=" + archive]
    return quiet + ["-XX:ArchiveClassesAtExit=%s.tmp.%d" % (archive, os.getpid())]


def main():
    java = find_java()
    if not java:
        sys.stderr.write("dlcourse kernel: no java found. Install a JDK 17 or newer "
                         "(e.g. sudo apt install openjdk-17-jdk-headless) or set JAVA_HOME.\n")
        return 1
    extra = os.environ.get("DLCOURSE_KERNEL_JAVA_OPTS", "").split()
    command = [java] + KERNEL_JVM_OPTIONS + class_data_sharing_options(java) + extra + [
        "-cp", os.path.join(HERE, "*"), "dlcourse.kernel.jupyter.KernelMain"] + sys.argv[1:]
    if os.name == "posix":
        os.execv(java, command)
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
