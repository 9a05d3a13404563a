"""What the benchmark scripts say about the machine they ran on, shared by
them (each is run as `python bench/<script>.py`, so this folder is on the
import path)."""
import platform


def cpu_model():
    """Returns the CPU's model name from /proc/cpuinfo."""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
