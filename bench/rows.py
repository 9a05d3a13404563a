#!/usr/bin/env python3
"""argmax along the last axis through Python, against numpy and torch.

The commonest call: argmax over rows of K elements (class logits, distances
to K centroids). For float32 and float64, rows of every K of the C++ row
sweep (16 MiB per case) and two logits shapes, (256, 1000) and (1024,
50257), one thread each: argmin.argmax(x, axis=1, threads=1) against
numpy.argmax(x, axis=1) and, where importable, torch.argmax(t, dim=1) with
torch.set_num_threads(1). Every answer is checked against ours first; then
they are timed in alternation, rounds of one call each, and each one's
median is kept. Prints a Markdown table: our GB/s and ours / each peer
(speed ratios; above 1, ours is faster).

Run with the python of an environment where the package is installed:

    build/venv/numpy2/bin/python bench/rows.py     # numpy 2
    build/venv/system/bin/python bench/rows.py     # numpy 1.24, torch
"""
import argparse
import statistics
import time

import numpy as np

from machine import cpu_model

import argmin

try:
    import torch
except ImportError:
    torch = None

KS = [2, 3, 5, 7, 10, 16, 32, 64, 100, 256, 1000, 4096]
CASE_BYTES = 16 << 20
LOGITS = [(256, 1000), (1024, 50257)]


def shapes(dtype):
    item = np.dtype(dtype).itemsize
    for k in KS:
        yield "K=%d" % k, (CASE_BYTES // item // k, k)
    for shape in LOGITS:
        yield "logits %dx%d" % shape, shape


def contenders(x):
    found = {"ours": lambda: argmin.argmax(x, axis=1, threads=1),
             "numpy": lambda: np.argmax(x, axis=1)}
    if torch is not None:
        t = torch.from_numpy(x)
        found["torch"] = lambda: torch.argmax(t, dim=1)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    if torch is not None:
        torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    peers = ["numpy"] + (["torch"] if torch is not None else [])
    print("%s, target %s; numpy %s%s; argmax along axis 1, one thread, "
          "median of %d rounds\n"
          % (cpu_model(), argmin.target_name(), np.__version__,
             ", torch %s" % torch.__version__ if torch is not None else "",
             args.rounds))
    print("| dtype | rows | ours GB/s | "
          + " | ".join("ours / %s" % p for p in peers) + " |")
    print("|---|---|---|" + "---|" * len(peers))
    for dtype in (np.float32, np.float64):
        for name, shape in shapes(dtype):
            x = rng.standard_normal(shape).astype(dtype)
            calls = contenders(x)
            want = np.asarray(calls["ours"]())
            for peer in peers:
                got = np.asarray(calls[peer]())
                if not np.array_equal(got, want):
                    raise SystemExit("%s disagrees with ours on %s %s"
                                     % (peer, np.dtype(dtype).name, name))
            times = {key: [] for key in calls}
            for _ in range(args.rounds):
                for key, call in calls.items():
                    start = time.perf_counter()
                    call()
                    times[key].append(time.perf_counter() - start)
            median = {key: statistics.median(v) for key, v in times.items()}
            print("| %s | %s | %.1f | %s |" % (
                np.dtype(dtype).name, name, x.nbytes / median["ours"] / 1e9,
                " | ".join("%.2f" % (median[p] / median["ours"])
                           for p in peers)))
            del x, calls


if __name__ == "__main__":
    main()
