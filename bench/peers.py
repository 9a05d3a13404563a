#!/usr/bin/env python3
"""Times argmin against its peers, in one process, on the same arrays.

Peers: numpy.argmin and numpy.nanargmin, torch.argmin when torch is
importable, mindspore.ops.argmin when MindSpore is importable. Cases follow
bench/argmin_bench.cc: contiguous inputs from 4 Ki to 64 Mi elements, the
other dtypes at 64 Ki, float32 layouts (strided axes, short rows, a
transposed view reduced whole) and inputs with NaN, on one thread and on all.

Grouped cases, where pandas or polars is importable (build/venv/numpy2):
argmin.group_reduce of 10 Mi float64 values by int64 keys in [0, G), G = 16,
1000 and 1 Mi, on one thread and on two, against pandas'
Series.groupby(keys).idxmin(), our front end argmin.pandas.idxmin on the
same Series (pandas' key factorisation included) and polars'
DataFrame.group_by("k").agg(pl.col("x").arg_min()) with POLARS_MAX_THREADS=1.
--only grouped runs just those, into performance-peers-grouped.md.

Ours is the installed package (`pip install .`, whose compiled extension
argmin._core calls the C library), imported like any other: run the script
with the python of an environment where it is installed, never with the
source tree's python/ on the path. tests/run.sh makes two such environments:

    build/venv/system/bin/python bench/peers.py     # Debian's numpy, torch
    build/venv/numpy2/bin/python bench/peers.py --suffix numpy2
    build/venv/system/bin/python bench/peers.py --quick --out build/peers-quick
    build/venv/numpy2/bin/python bench/peers.py --only grouped

Before a case is timed, every peer's answer is checked against ours under
that peer's rules (index type, NaN); a disagreement is printed loudly, no
report is written and the exit status is 1. Then ours and the peers are
timed in alternation over several rounds, and each one's median is kept.
The report (performance-peers.md) and its plots (img/peers-*.png) go to
--out: docs/ by default, a new temporary folder with --quick. --suffix NAME
names them performance-peers-NAME.md and img/peers-NAME-*.png instead, for
a run in another environment (numpy 2 from PyPI, MindSpore); the report
without a suffix links to those found next to it when it is written.
--only grouped names them performance-peers-grouped[-NAME].md and
img/peers[-NAME]-grouped.png.

This script parses the command line and runs the parts, one module each:
peers_timing.py (the cases, the check of every answer and the timing),
peers_report.py (the markdown report) and peers_plots.py (its plots).
"""
import argparse
import os
import sys
import tempfile
import time

from machine import load_average
from peers_plots import write_plots
from peers_report import (OTHER_RUNS, REPO, git_revision, peer_versions,
                          report, report_name)
from peers_timing import run_cases


def parse_args(argv):
    """Parses the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="tiny cases, one round (a smoke test)")
    parser.add_argument("--out", help="folder for performance-peers.md and "
                        "img/ (default: docs/, or a new temporary folder "
                        "with --quick)")
    parser.add_argument("--suffix", metavar="NAME", default="",
                        help="write performance-peers-NAME.md and "
                        "img/peers-NAME-*.png, for a run in another "
                        "environment: %s" % ", ".join(OTHER_RUNS))
    parser.add_argument("--rounds", type=int, help="interleaved rounds per "
                        "case (default 9, 1 with --quick)")
    parser.add_argument("--only", choices=["grouped"],
                        help="run only these cases, into "
                        "performance-peers-grouped[-NAME].md")
    parser.add_argument("--inject-disagreement", metavar="PEER",
                        choices=["numpy", "torch", "mindspore", "pandas",
                                 "polars"],
                        help="add 1 to PEER's answers (tests the check)")
    args = parser.parse_args(argv)
    if args.suffix and not args.suffix.replace("-", "").isalnum():
        parser.error("--suffix takes letters, digits and dashes")
    if args.rounds is None:
        args.rounds = 1 if args.quick else 9
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    args.min_seconds = 0.0002 if args.quick else 0.02
    if args.out is None:
        args.out = (tempfile.mkdtemp(prefix="argmin-peers-") if args.quick
                    else os.path.join(REPO, "docs"))
    return args


def main(argv=None):
    """Runs the comparison; returns the exit status."""
    args = parse_args(argv)
    start, start_load = time.perf_counter(), load_average()
    git_revision()  # before the plots and the report change the tree
    for line in peer_versions():
        print(line, flush=True)
    results, problems = run_cases(args)
    if problems:
        print("\n!!! %d DISAGREEMENT(S) between ours and a peer; nothing "
              "written:\n%s" % (len(problems), "\n".join(
                  "  - " + p for p in problems)), file=sys.stderr)
        return 1
    os.makedirs(args.out, exist_ok=True)
    plotted = write_plots(results, os.path.join(args.out, "img"),
                          args.suffix)
    path = os.path.join(args.out, report_name(args.suffix, args.only))
    with open(path, "w") as out:
        out.write(report(results, args, time.perf_counter() - start,
                         (start_load, load_average()), plotted))
    print("wrote %s%s (%.0f s)" % (
        path, " and plots in %s" % os.path.join(args.out, "img") if plotted
        else "; no plots (%s)" % plotted.why, time.perf_counter() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
