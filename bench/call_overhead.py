#!/usr/bin/env python3
"""Times one Python call of argmin.argmin against numpy.argmin.

Both run in this process on the same arrays, with their default arguments
(ours: threads=0, OpenMP's default). Our calls on fewer than 2 x 65536
elements run on one thread whatever they ask: all the cases here but the
two of shape (256,1024), whose 262144 elements may be split among OpenMP's
threads (every core by default). How OpenMP's idle threads wait matters to
those two (OMP_WAIT_POLICY, printed in the header; libgomp's default spins
for a while before sleeping). For each case:

1. the two answers are compared (value, shape); a disagreement is printed
   and the exit status is 1, after the other cases have been checked;
2. each function is called back to back for about --sample-ms to choose a
   number of calls per sample that lasts at least that long;
3. in each of --rounds rounds, one sample of each is taken, numpy first in
   even rounds and ours first in odd ones, with the garbage collector off.

The table gives the median time per call of each over the rounds, and
numpy / ours, the ratio of those medians: the speed-up of ours, above 1 when
ours is faster. A bar is the ratio that a case must reach (from the issue
that asked for the compiled extension); missing one is reported but does not
change the exit status, since this is a benchmark and the machine may be
busy. Rerun on a quiet machine before reading much into a miss.

Ours is the installed package: run the script with the python of an
environment where it is installed (`pip install .`), for example

    build/venv/system/bin/python bench/call_overhead.py
    build/venv/numpy2/bin/python bench/call_overhead.py --markdown out.md
    build/venv/system/bin/python bench/call_overhead.py --quick

It needs only numpy and argmin.
"""
import argparse
import dataclasses
import datetime
import gc
import os
import platform
import statistics
import sys
import time

import numpy as np

try:
    import argmin
except ImportError as error:
    sys.exit("bench/call_overhead.py: cannot import argmin (%s). Run it "
             "with the python of an environment where the package is "
             "installed (pip install .), such as build/venv/system/bin/python "
             "made by tests/run.sh." % error)

from machine import cpu_model, load_average  # noqa: E402 (after the check)

SEED = 20240611


@dataclasses.dataclass(frozen=True)
class Case:
    """One input and axis, called with both functions."""
    name: str  # the table's label
    make: object  # numpy Generator -> the input array
    axis: object = None  # None: over all elements
    bar: object = None  # the speed ratio (numpy / ours) to reach, or None


def floats(*shape):
    """Returns a function making a C-contiguous float32 array of `shape`,
    uniform in [-1, 1)."""
    return lambda rng: (rng.random(shape, dtype=np.float32) * 2 - 1)


def read_only_view(rng):
    """Returns a read-only view (np.broadcast_to, same shape and strides) of
    16 float32 values."""
    return np.broadcast_to(floats(16)(rng), (16,))


def stride_zero(rng):
    """Returns one float32 value broadcast to 16 elements (stride 0,
    read-only)."""
    return np.broadcast_to(floats(1)(rng), (16,))


def booleans(rng):
    """Returns 16 random bools with both values present."""
    x = rng.random(16) < 0.7
    x[[3, 11]] = [False, True]
    return x


def int8s(rng):
    """Returns 4096 random int8 values."""
    return rng.integers(-128, 128, 4096, dtype=np.int8)


CASES = [
    Case("float32 n=16", floats(16), bar=1.0),
    Case("float32 n=4Ki", floats(4096), bar=1.5),
    Case("float32 n=64Ki", floats(65536), bar=1.5),
    Case("float32 (256,1024) axis 1", floats(256, 1024), 1, bar=1.0),
    Case("float32 (64,64) axis 0", floats(64, 64), 0, bar=1.0),
    Case("float32 (256,1024) axis 0", floats(256, 1024), 0),
    Case("float32 n=16 read-only view (broadcast_to)", read_only_view),
    Case("float32 n=16 stride 0 (broadcast scalar)", stride_zero),
    Case("bool n=16", booleans),
    Case("int8 n=4Ki", int8s),
]


def run_calls(function, x, axis, calls):
    """Returns the nanoseconds taken by `calls` calls function(x) (or
    function(x, axis=axis)) in a row. Both contenders go through this same
    code, so the loop's own cost is the same for both."""
    if axis is None:
        start = time.perf_counter_ns()
        for _ in range(calls):
            function(x)
        return time.perf_counter_ns() - start
    start = time.perf_counter_ns()
    for _ in range(calls):
        function(x, axis=axis)
    return time.perf_counter_ns() - start


def calls_per_sample(function, x, axis, sample_ns):
    """Calls `function` back to back for about sample_ns (which also warms
    it up) and returns the number of calls that lasts at least that long."""
    calls, elapsed = 1, 0
    while elapsed < sample_ns / 4:
        calls *= 2
        elapsed = run_calls(function, x, axis, calls)
    return max(1, int(calls * sample_ns / max(elapsed, 1)) + 1)


@dataclasses.dataclass
class Result:
    """A case's per-call times in ns, one per round, for each function."""
    case: Case
    numpy_ns: list
    ours_ns: list

    @property
    def numpy_median(self):
        return statistics.median(self.numpy_ns)

    @property
    def ours_median(self):
        return statistics.median(self.ours_ns)

    @property
    def ratio(self):
        """numpy's median time / ours: above 1 when ours is faster."""
        return self.numpy_median / self.ours_median

    @property
    def round_ratios(self):
        """numpy / ours within each round."""
        return [n / o for n, o in zip(self.numpy_ns, self.ours_ns)]

    @property
    def met(self):
        """Whether the bar is reached; None when the case has no bar."""
        return None if self.case.bar is None else self.ratio >= self.case.bar


def check(case, x):
    """Returns None if argmin.argmin and numpy.argmin give the same answer
    on x, else a message saying how they differ."""
    ours = np.asarray(argmin.argmin(x, axis=case.axis))
    theirs = np.asarray(np.argmin(x, axis=case.axis))
    if ours.shape == theirs.shape and np.array_equal(ours, theirs):
        return None
    return "%s: ours %s (shape %s), numpy %s (shape %s)" % (
        case.name, ours if ours.size < 8 else "...", ours.shape,
        theirs if theirs.size < 8 else "...", theirs.shape)


def time_case(case, x, rounds, sample_ns):
    """Times both functions on x in `rounds` interleaved rounds; returns a
    Result of per-call nanoseconds."""
    contenders = [("numpy", np.argmin), ("ours", argmin.argmin)]
    calls = {name: calls_per_sample(function, x, case.axis, sample_ns)
             for name, function in contenders}
    times = {name: [] for name, _ in contenders}
    gc.collect()
    gc.disable()
    try:
        for round_ in range(rounds):
            order = contenders if round_ % 2 == 0 else contenders[::-1]
            for name, function in order:
                elapsed = run_calls(function, x, case.axis, calls[name])
                times[name].append(elapsed / calls[name])
    finally:
        gc.enable()
    return Result(case, times["numpy"], times["ours"])


def header(args, loads):
    """Returns the lines above the table: versions, machine, method."""
    return [
        "- Date: %s" % datetime.datetime.now(datetime.timezone.utc)
        .strftime("%Y-%m-%d %H:%M:%S UTC"),
        "- Python %s: %s" % (platform.python_version(), sys.executable),
        "- numpy %s from %s" % (np.__version__, os.path.dirname(
            os.path.abspath(np.__file__))),
        "- argmin from %s, SIMD target %s" % (
            os.path.dirname(os.path.abspath(argmin.__file__)),
            argmin.target_name()),
        "- CPU: %s, %d cores available; 1-minute load average %s at the "
        "start, %s at the end" % ((cpu_model(), len(os.sched_getaffinity(0)))
                                  + loads),
        "- Method: numpy.argmin(x[, axis=a]) and argmin.argmin(x[, axis=a]), "
        "defaults otherwise (ours threads=0: one thread below 2 x 65536 "
        "elements, OpenMP's default count for the (256,1024) cases; "
        "OMP_WAIT_POLICY %s); %d interleaved rounds (order alternating), "
        "each sample >= %.1f ms of back-to-back calls; medians of per-call "
        "time; numpy/ours = median numpy time / median ours (> 1: ours "
        "faster); round ratios: min-max of numpy/ours within a round."
        % (os.environ.get("OMP_WAIT_POLICY", "unset"), args.rounds,
           args.sample_ms),
    ]


def table(results):
    """Returns the markdown table of the results."""
    rows = ["| case | numpy µs | ours µs | numpy/ours (speed ratio) | bar | "
            "met | round ratios min-max |",
            "|---|---|---|---|---|---|---|"]
    for r in results:
        ratios = r.round_ratios
        rows.append("| %s | %.3f | %.3f | %.2f | %s | %s | %.2f-%.2f |" % (
            r.case.name, r.numpy_median / 1e3, r.ours_median / 1e3, r.ratio,
            "-" if r.case.bar is None else ">= %.1f" % r.case.bar,
            {None: "-", True: "yes", False: "**no**"}[r.met],
            min(ratios), max(ratios)))
    return rows


def parse_args(argv):
    """Parses the command line."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--rounds", type=int, help="interleaved rounds per "
                        "case (default 31, 3 with --quick)")
    parser.add_argument("--sample-ms", type=float, help="minimum length of "
                        "one sample of back-to-back calls, in ms (default 5, "
                        "0.5 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="few rounds and short samples: a smoke test")
    parser.add_argument("--markdown", metavar="FILE",
                        help="also append the header and table to FILE")
    args = parser.parse_args(argv)
    if args.rounds is None:
        args.rounds = 3 if args.quick else 31
    if args.sample_ms is None:
        args.sample_ms = 0.5 if args.quick else 5.0
    if args.rounds < 1 or args.sample_ms <= 0:
        parser.error("--rounds must be at least 1 and --sample-ms positive")
    return args


def main(argv=None):
    """Checks and times every case, prints the report; returns the exit
    status: 1 if an answer differed, else 0."""
    args = parse_args(argv)
    start_load = load_average()
    rng = np.random.default_rng(SEED)
    inputs = [(case, case.make(rng)) for case in CASES]
    problems = [p for p in (check(case, x) for case, x in inputs) if p]
    if problems:
        print("!!! argmin.argmin and numpy.argmin DISAGREE; nothing timed:\n"
              + "\n".join("  - " + p for p in problems), file=sys.stderr)
        return 1
    sample_ns = args.sample_ms * 1e6
    results = [time_case(case, x, args.rounds, sample_ns)
               for case, x in inputs]
    lines = ["## argmin.argmin against numpy.argmin: time per call", ""]
    lines += header(args, (start_load, load_average())) + [""]
    lines += table(results) + [""]
    missed = [r.case.name for r in results if r.met is False]
    lines.append("Bars missed: %s." % ", ".join(missed) if missed
                 else "Bars: all met.")
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.markdown:
        with open(args.markdown, "a") as out:
            out.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
