"""Which calls answer in a multiprocessing worker, for argmin and torch.

Each case runs in a fresh interpreter: the parent calls argmin along axis 0
of a (4096, 1024) float32 array on `parent` threads (torch: torch.argmin
with torch.set_num_threads(parent); 0 keeps the default), then starts a
pool of one worker with the given start method, and the worker makes the
same call on `child` threads. Prints a Markdown table of what each worker
did within 10 seconds (docs/threads.md). torch is left out where it cannot
be imported. Run with the Python of an environment where the package is
installed:

    build/venv/system/bin/python bench/fork_hang.py
"""
import multiprocessing
import subprocess
import sys

CASES = [(1, 1, "fork"), (1, 2, "fork"), (2, 1, "fork"), (2, 2, "fork"),
         (0, 0, "fork"), (2, 2, "spawn"), (2, 2, "forkserver")]
DEADLINE = 10


def call(library, threads):
    """One call of `library` on `threads` threads."""
    import numpy as np
    x = np.random.default_rng(0).random((4096, 1024), dtype=np.float32)
    if library == "torch":
        import torch
        if threads:
            torch.set_num_threads(threads)
        torch.argmin(torch.from_numpy(x), dim=0)
    else:
        import argmin
        argmin.argmin(x, axis=0, threads=threads)


def one_case(library, parent, child, method):
    """Runs one case in this process and prints its outcome."""
    call(library, parent)
    with multiprocessing.get_context(method).Pool(1) as pool:
        result = pool.apply_async(call, (library, child))
        try:
            result.get(timeout=DEADLINE)
            print("answered")
        except multiprocessing.TimeoutError:
            print("**hung** (no answer in %d s)" % DEADLINE)
            pool.terminate()


def main():
    libraries = ["argmin"]
    if subprocess.run([sys.executable, "-c", "import torch"],
                      capture_output=True).returncode == 0:
        libraries.append("torch")
    print("| parent's threads | child's threads | start method | "
          + " | ".join(libraries) + " |")
    print("|---|---|---|" + "---|" * len(libraries))
    for parent, child, method in CASES:
        outcomes = []
        for library in libraries:
            run = subprocess.run(
                [sys.executable, __file__, library, str(parent), str(child),
                 method], capture_output=True, text=True,
                timeout=DEADLINE * 6)
            lines = run.stdout.strip().splitlines()
            outcomes.append(lines[-1] if lines else
                            "failed: " + run.stderr.strip()[-200:])
        print("| %d | %d | %s | %s |" % (parent, child, method,
                                         " | ".join(outcomes)))


if __name__ == "__main__":
    if len(sys.argv) == 5:
        one_case(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        main()
