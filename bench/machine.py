"""What the benchmark scripts say about the machine they ran on, shared by
them (each is run as `python bench/<script>.py`, so this folder is on the
import path)."""
import functools
import os
import platform
import subprocess

# The repository that the scripts of this folder measure.
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu_model():
    """Returns the CPU's model name from /proc/cpuinfo, with its family and
    model numbers on x86 (a virtual machine's name can be as bare as
    "Intel(R) Xeon(R) Processor")."""
    fields = {}
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if not line.strip():
                    break  # the first processor is enough
                key, _, value = line.partition(":")
                fields[key.strip()] = value.strip()
    except OSError:
        pass
    name = fields.get("model name") or platform.processor() or "unknown"
    if "cpu family" in fields and "model" in fields:
        name += " (family %s, model %s)" % (fields["cpu family"],
                                            fields["model"])
    return name


def load_average():
    """Returns the 1-minute load average, formatted."""
    return "%.2f" % os.getloadavg()[0]


@functools.lru_cache(maxsize=None)
def git_revision():
    """Returns the source tree's commit, marked when it has changes, as it
    was at the first call (a script that writes into the tree makes it
    before writing anything)."""
    try:
        def git(*words):
            return subprocess.run(["git", "-C", REPO] + list(words),
                                  capture_output=True, text=True,
                                  check=True).stdout.strip()
        return git("rev-parse", "--short", "HEAD") + (
            " with local changes" if git("status", "--porcelain") else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
