"""The cost of a call in a forked child, next to the same call in its parent.

After fork, a call runs on the library's own team of threads rather than on
OpenMP's pool (docs/threads.md). This times argmin along axis 0 of float32
planes in the parent, after its own threaded calls, and in children forked
from it, in alternating rounds: a child's first call (which starts its
team) and, after WARM more, the median of CALLS calls, beside the parent's
median; it prints a Markdown table of the medians over the rounds. Run with the Python of an environment where the
package is installed:

    build/venv/numpy2/bin/python bench/fork_cost.py
"""
import json
import os
import select
import signal
import statistics
import time

import numpy as np

from machine import cpu_model

import argmin

SHAPES = [(64, 1024), (256, 1024), (1024, 1024), (4096, 1024)]
THREADS = [1, 2]
ROUNDS = 7  # parent, then child, this many times
CALLS = 15  # per measurement; its median is kept
WARM = 30  # calls in a child between its first and the ones measured
CHILD_SECONDS = 30


def median_call(x, threads):
    """Returns the median time of CALLS calls of argmin along axis 0."""
    times = []
    for _ in range(CALLS):
        start = time.perf_counter()
        argmin.argmin(x, axis=0, threads=threads)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def child_calls(x, threads):
    """Returns the first call's time and the median of CALLS after WARM
    more, in whichever process calls it."""
    start = time.perf_counter()
    argmin.argmin(x, axis=0, threads=threads)
    first = time.perf_counter() - start
    for _ in range(WARM):
        argmin.argmin(x, axis=0, threads=threads)
    return first, median_call(x, threads)


def in_child(f):
    """Returns f() computed in a forked child, or None if the child gives
    no answer within CHILD_SECONDS (it is then killed)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        os.write(write, json.dumps(f()).encode())
        os._exit(0)
    os.close(write)
    data = b""
    deadline = time.monotonic() + CHILD_SECONDS
    while True:
        ready, _, _ = select.select([read], [], [],
                                    max(0.0, deadline - time.monotonic()))
        if not ready:
            os.kill(pid, signal.SIGKILL)
            break
        chunk = os.read(read, 65536)
        if not chunk:
            break
        data += chunk
    os.close(read)
    os.waitpid(pid, 0)
    return json.loads(data) if data else None


def main():
    planes = {s: np.random.default_rng(0).random(s, dtype=np.float32)
              for s in SHAPES}
    parent, child = {}, {}
    for _ in range(ROUNDS):
        for shape, x in planes.items():
            for threads in THREADS:
                key = (shape, threads)
                parent.setdefault(key, []).append(median_call(x, threads))
                t = in_child(lambda: child_calls(x, threads))
                child.setdefault(key, []).append(t)
    print("%s, %d cores, target %s; numpy %s; argmin along axis 0 of "
          "float32, median of %d rounds of %d calls\n"
          % (cpu_model(), os.cpu_count(), argmin.target_name(),
             np.__version__, ROUNDS, CALLS))
    print("| shape | MiB | threads | parent µs | child's first call µs | "
          "child µs, after %d calls | child / parent |" % (WARM + 1))
    print("|---|---|---|---|---|---|---|")
    for shape in SHAPES:
        for threads in THREADS:
            key = (shape, threads)
            p = statistics.median(parent[key])
            answered = [t for t in child[key] if t is not None]
            mib = np.prod(shape) * 4 / 2**20
            row = "| %s | %g | %d | %.0f | " % ("x".join(map(str, shape)), mib,
                                                threads, p * 1e6)
            if len(answered) < len(child[key]):
                print(row + "no answer (hung) | - | - |")
                continue
            first = statistics.median(t[0] for t in answered)
            c = statistics.median(t[1] for t in answered)
            print(row + "%.0f | %.0f | %.2f |" % (first * 1e6, c * 1e6, c / p))


if __name__ == "__main__":
    main()
