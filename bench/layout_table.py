#!/usr/bin/env python3
"""Markdown table of the layout benchmark's paired ratios, from its output.

Reads the "Layouts" summary that bench/argmin_bench prints (runs of
`argmin_bench --benchmark_filter='^layout/'`, saved to files), or the JSON
files of such runs (bench/run.sh's build/release/bench/argmin_bench.json,
or a copy that bench/perf_tables.py --save kept), takes the median of each
ratio over the runs given, and prints one row per layout:
argmin on one thread against the sum (and, with --before, the same ratio of
other runs, for a before/after table), argmax against the sum, argmin
against the read-and-write baseline, and two threads against one and
against the sum on two threads.

    python3 bench/layout_table.py after1.log after2.log \\
        --before before1.log before2.log
"""
import argparse
import statistics

# The paired columns, last on every row of the summary, in order.
PAIRED = ["t1/sum", "max1/sum", "t1/rw", "max1/rw", "tN/t1", "tN/sumN"]


def counter_name(column):
    """Returns the benchmark counter that holds paired column `column`."""
    return column.replace("/", "_per_")


def parse_json(path):
    """Returns {case: {column: value}} from one run's JSON file."""
    import perf_tables  # which imports this module's PAIRED
    results = perf_tables.load(path)
    rows = {}
    for name in results.names("layout/"):
        values = {c: results.counter(name, counter_name(c)) for c in PAIRED}
        if name.endswith("/paired") and None not in values.values():
            rows[name[len("layout/"):-len("/paired")]] = values
    if not rows:
        raise SystemExit("%s: no paired layout benchmark" % path)
    return rows


def parse(path):
    """Returns {case: {column: value}} from one run's layout summary, or
    its JSON file."""
    if path.endswith(".json"):
        return parse_json(path)
    rows = {}
    in_table = False
    with open(path) as f:
        for line in f:
            if line.startswith("case ") and "pair:t1/sum" in line:
                in_table = True
                continue
            if not in_table:
                continue
            parts = line.split()
            if len(parts) < len(PAIRED) + 3:
                break
            rows[parts[0]] = dict(zip(PAIRED, map(float, parts[-6:])))
    if not rows:
        raise SystemExit("%s: no layout summary" % path)
    return rows


def medians(paths):
    runs = [parse(p) for p in paths]
    return {case: {c: statistics.median(r[case][c] for r in runs if case in r)
                   for c in PAIRED}
            for case in runs[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("after", nargs="+")
    parser.add_argument("--before", nargs="*", default=[])
    args = parser.parse_args()
    after = medians(args.after)
    before = medians(args.before) if args.before else None
    head = ["case"]
    if before:
        head.append("t1/sum before")
    head += ["t1/sum", "max1/sum", "t1/rw", "t2/t1", "t2/sum2"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for case, r in after.items():
        cells = [case]
        if before:
            cells.append("%.2f" % before[case]["t1/sum"]
                         if case in before else "-")
        cells += ["%.2f" % r[c]
                  for c in ("t1/sum", "max1/sum", "t1/rw", "tN/t1", "tN/sumN")]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
