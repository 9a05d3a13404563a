"""The report half of bench/peers.py: the markdown report of the measured
results (performance-peers[-SUFFIX].md), with the machine, the versions and
provenance of every package, the method and the tables.
"""
import datetime
import functools
import importlib.metadata
import json
import os
import platform
import subprocess
import sys

import numpy as np

from machine import REPO, cpu_model, git_revision
from peers_timing import (BIG_BYTES, GROUP_THREADS, LABELS, MIB,
                          MINDSPORE_MISSING, PANDAS_MISSING, POLARS_MISSING,
                          THREADS, TORCH_MISSING, argmin, as_array, fmt,
                          mindspore, pandas, polars, polars_threads,
                          rounds_for, size_name, torch)

# Speed-ups shown: (ours' key, the peer's key); ours is the numerator.
RATIOS = [("ours_1t", "numpy"), ("ours_1t", "torch_1t"),
          ("ours_all", "torch_all"), ("ours_all", "mindspore")]
MAIN_KEYS = ["ours_1t", "ours_all", "numpy", "torch_1t", "torch_all",
             "mindspore"]
# The report's tables: (case group, title, note, GB/s keys, ratios).
TABLES = [
    ("contiguous", "Contiguous, axis none", "", MAIN_KEYS, RATIOS),
    ("dtype", "Other dtypes, contiguous, axis none", "", MAIN_KEYS, RATIOS),
    ("layout", "float32 layouts", "", MAIN_KEYS, RATIOS),
    ("nan", "Inputs with NaN: argmin", "NaN propagates (the first NaN wins) "
     "for ours, numpy and torch; MindSpore's rule skips these NaNs, so its "
     "speed-up is in the next table.", MAIN_KEYS, RATIOS[:3]),
    ("nan", "Inputs with NaN: NaNs skipped", "Ours is `argmin.nanargmin`, "
     "against numpy.nanargmin and MindSpore.",
     ["ours_nan_1t", "ours_nan_all", "numpy_nan", "mindspore"],
     [("ours_nan_1t", "numpy_nan"), ("ours_nan_all", "mindspore")]),
]


def origin(module):
    """Returns the folder a module was imported from."""
    return os.path.dirname(os.path.dirname(os.path.abspath(module.__file__)))


def shown(path):
    """Returns `path` as the report may show it: relative to the repository
    when inside it; whole when it is the operating system's (under /usr,
    the same on every Debian machine); else its last four parts, marked as
    outside, so that no path particular to the machine that ran this is
    written."""
    path = os.path.abspath(path)
    if os.path.commonpath([path, REPO]) == REPO:
        return os.path.relpath(path, REPO)
    if path.startswith("/usr/"):
        return path
    parts = [part for part in path.split(os.sep) if part]
    return "%s (outside the repository)" % os.path.join(*parts[-4:])


def run_text(*command):
    """Returns a command's standard output, stripped, or None if it could
    not run or failed."""
    try:
        return subprocess.run(list(command), capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def debian_package(path):
    """Returns "name version" of the Debian package that owns `path`, or
    None."""
    owner = run_text("dpkg-query", "-S", path)
    if not owner:
        return None
    name = owner.split(":", 1)[0]
    version = run_text("dpkg-query", "-W", "-f", "${Version}", name)
    return "%s %s" % (name, version) if version else name


def provenance(module, distribution):
    """Says where a module came from: Debian's package for one that dpkg
    owns (Debian's Python packages), else the installer's record beside it
    (pip writes INSTALLER, and direct_url.json for a wheel file or folder
    given by path or URL; without it the wheel came from the package index,
    which is PyPI unless pip is configured otherwise)."""
    path = os.path.abspath(module.__file__)
    package = debian_package(path)
    if package:
        return "Debian's package %s" % package
    try:
        record = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "no installation record found"
    if os.path.abspath(record.locate_file("")) != origin(module):
        return "no installation record beside it"
    installer = (record.read_text("INSTALLER") or "").strip() or "unknown"
    direct = record.read_text("direct_url.json")
    if direct:
        url = json.loads(direct).get("url") or ""
        if url.startswith("file://"):
            url = shown(url[len("file://"):])
        return "installed by %s from %s" % (installer, url)
    index = run_text(sys.executable, "-m", "pip", "config", "get",
                     "global.index-url")
    return "installed by %s from %s" % (installer, index or "PyPI")


def module_line(name, module, distribution=None):
    """Returns "name version from folder (provenance)"; the version is the
    installation record's when the module has no __version__."""
    distribution = distribution or module.__name__
    version = getattr(module, "__version__", None)
    if version is None:
        try:
            version = importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            version = "(version unknown)"
    return "%s %s from %s (%s)" % (name, version, shown(origin(module)),
                                   provenance(module, distribution))


def python_line():
    """Returns the Python version and executable, and what environment it
    is: a virtual environment (with or without the base's site packages)
    or the base installation."""
    if sys.prefix == sys.base_prefix:
        kind = "not a virtual environment"
    else:
        shared = False
        try:
            with open(os.path.join(sys.prefix, "pyvenv.cfg")) as cfg:
                shared = any(line.replace(" ", "").lower() ==
                             "include-system-site-packages=true"
                             for line in cfg.read().splitlines())
        except OSError:
            pass
        kind = "a virtual environment over %s, %s" % (
            shown(os.path.realpath(getattr(sys, "_base_executable", "?"))),
            "with its site packages, --system-site-packages" if shared
            else "without its site packages")
    return "Python %s: %s (%s)" % (platform.python_version(),
                                   shown(sys.executable), kind)


@functools.lru_cache(maxsize=None)
def peer_versions():
    """Returns lines naming the Python executable, then each peer's and our
    package's version, folder and provenance, or why a peer was skipped (a
    tuple, worked out once)."""
    lines = [python_line(), module_line("numpy", np)]
    lines.append(module_line("torch", torch) if torch
                 else "torch: skipped (not importable: %s)" % TORCH_MISSING)
    lines.append("%s; runtime_num_threads %s, its default, in both thread "
                 "settings" % (module_line("MindSpore", mindspore),
                               mindspore.get_context("runtime_num_threads"))
                 if mindspore else "MindSpore: skipped (not importable: %s)"
                 % MINDSPORE_MISSING)
    lines.append(module_line("pandas", pandas) if pandas
                 else "pandas: skipped (not importable: %s)" % PANDAS_MISSING)
    lines.append("%s; thread pool of %d (POLARS_MAX_THREADS=%s)" % (
        module_line("polars", polars), polars_threads(),
        os.environ.get("POLARS_MAX_THREADS")) if polars
        else "polars: skipped (not importable: %s)" % POLARS_MISSING)
    lines.append("%s; extension %s" % (
        module_line("argmin", argmin, "argmin"),
        os.path.basename(argmin._core.__file__)))
    return tuple(lines)


def environment(loads):
    """Returns the header's bullet lines: machine, versions, library."""
    return [
        "Date: %s" % datetime.datetime.now(datetime.timezone.utc).strftime(
            "%Y-%m-%d %H:%M UTC"),
        "CPU: %s, %d cores available (%s); 1-minute load average %s at "
        "the start, %s at the end" % ((cpu_model(), THREADS,
                                       platform.machine()) + loads),
    ] + list(peer_versions()) + [
        "argmin: SIMD target %s; source tree %s" % (argmin.target_name(),
                                                    git_revision()),
    ]


def nan_rules():
    """Returns a markdown table of each function's answer on small inputs
    with NaN, computed now."""
    inputs = [[3, np.nan, 1, np.nan, 1], [np.nan, 1, 2], [np.nan, np.inf]]
    functions = [("ours argmin", argmin.argmin),
                 ("ours nanargmin", argmin.nanargmin),
                 ("numpy.argmin", np.argmin),
                 ("numpy.nanargmin", np.nanargmin)]
    if torch is not None:
        functions.append(("torch.argmin",
                          lambda x: torch.argmin(torch.from_numpy(x))))
    functions.append(("ours argmin.mindspore.argmin",
                      argmin.mindspore.argmin))
    if mindspore is not None:
        functions.append(("mindspore.ops.argmin", lambda x: mindspore.ops
                          .argmin(mindspore.Tensor(x)).asnumpy()))
    rows = ["| input (float32) | %s |" % " | ".join(n for n, _ in functions),
            "|---|%s" % ("---|" * len(functions))]
    for values in inputs:
        x = np.array(values, np.float32)
        cells = []
        for _, function in functions:
            try:
                cells.append(str(int(as_array(function(x)))))
            except ValueError as error:
                cells.append(type(error).__name__)
        rows.append("| `%s` | %s |" % (values, " | ".join(cells)))
    return rows


def table(results, keys, ratios):
    """Returns a markdown table: GB/s of `keys`, then ratios of GB/s."""
    keys = [k for k in keys
            if any(k in r.seconds or k in r.unsupported for r in results)]
    ratios = [(a, b) for a, b in ratios if a in keys and b in keys]
    head = ["case", "dtype", "input"] + ["%s GB/s" % LABELS[k] for k in keys]
    head += ["%s / %s" % (LABELS[a], LABELS[b]) for a, b in ratios]
    rows = ["| %s |" % " | ".join(head), "|%s" % ("---|" * len(head))]
    for result in results:
        cells = [result.case.label, result.case.dtype,
                 size_name(result.case.nbytes) + "B"]
        cells += [fmt(result.gbs(k)) for k in keys]
        for a, b in ratios:
            ours, peer = result.gbs(a), result.gbs(b)
            cells.append(fmt(ours / peer) if ours and peer else "n/a")
        rows.append("| %s |" % " | ".join(cells))
    return rows


def overhead_table(results):
    """Returns a markdown section of the time per call on the tiny input,
    or nothing if it was not run."""
    chosen = [r for r in results if r.case.group == "overhead"]
    if not chosen:
        return []
    seconds = chosen[0].seconds
    keys = [k for k in MAIN_KEYS if k in seconds]
    return [
        "## Time per call on %d float32 elements" % chosen[0].case.size, "",
        "The fixed cost of one call from Python (medians, microseconds); "
        "it dominates the GB/s of small inputs. Each contender is called "
        "through a lambda, ours with axis, nan and threads as keywords, so "
        "these are a little above the plain calls that "
        "bench/call_overhead.py times.", "",
        "| %s |" % " | ".join(LABELS[k] for k in keys),
        "|%s" % ("---|" * len(keys)),
        "| %s |" % " | ".join(microseconds(seconds[k]) for k in keys), ""]


def microseconds(seconds):
    """Formats a time in microseconds: two decimals below 10 µs, one
    below 1000, none above."""
    us = seconds * 1e6
    return "%.*f" % (2 if us < 10 else 1 if us < 1000 else 0, us)


def unsupported_notes(results):
    """Returns one line per (peer, reason) that made cells n/a."""
    notes = {}
    for result in results:
        for key, why in result.unsupported.items():
            peer = LABELS[key].replace(" 1t", "").replace(" %dt" % THREADS,
                                                          "")
            where = "%s %s" % (result.case.dtype, result.case.label)
            notes.setdefault((peer, why), {})[where] = None
    return ["- %s: n/a for %s (%s)" % (label, ", ".join(where), why)
            for (label, why), where in sorted(notes.items())]


def grouped_table(results):
    """Returns a markdown table of the grouped cases: milliseconds per call
    (medians), ours' GB/s of values, and the ratios of times."""
    keys = [k for k in ("group_1t", "group_2t", "pandas", "argmin_pandas",
                        "polars")
            if any(k in r.seconds or k in r.unsupported for r in results)]
    ratios = [(a, b) for a, b in (("pandas", "group_1t"),
                                  ("polars", "group_1t"),
                                  ("group_1t", "group_2t"),
                                  ("pandas", "argmin_pandas"))
              if a in keys and b in keys]
    head = ["G", "values"] + ["%s ms" % LABELS[k] for k in keys]
    head[2] += " (GB/s)"
    short = {"pandas": "pandas", "argmin_pandas": "argmin.pandas",
             "polars": "polars"}
    head += ["%s / %s" % (short.get(a, LABELS[a]), short.get(b, LABELS[b]))
             for a, b in ratios]
    head.append("load after")
    rows = ["| %s |" % " | ".join(head), "|%s" % ("---|" * len(head))]
    for result in results:
        ms = {k: s * 1e3 for k, s in result.seconds.items()}
        cells = [size_name(result.case.groups),
                 "%s x %s" % (size_name(result.case.size),
                              result.case.dtype)]
        cells += [fmt(ms.get(k)) for k in keys]
        if "group_1t" in ms:
            cells[2] += " (%s)" % fmt(result.gbs("group_1t"))
        cells += [fmt(ms[a] / ms[b]) if a in ms and b in ms else "n/a"
                  for a, b in ratios]
        cells.append(result.load)
        rows.append("| %s |" % " | ".join(cells))
    return rows


def grouped_section(results, args, plotted):
    """Returns the report's section on the grouped cases, or the note that
    they were left out."""
    chosen = [r for r in results if r.case.group == "grouped"]
    title = "## Grouped: argmin of each of G groups"
    if not chosen:
        return [title, "", "Left out: neither pandas (%s) nor polars (%s) "
                "is importable here. Run the script with the python of "
                "build/venv/numpy2 (tests/run.sh) for these cases."
                % (PANDAS_MISSING, POLARS_MISSING), ""]
    lines = [title, "", "%s float64 values, random in [-1, 1), with random "
             "int64 keys in [0, G); milliseconds per call (medians, lower "
             "is better), with ours' GB/s of values on one thread. Ratios "
             "are of times: pandas / ours 1t is how many times faster ours "
             "is. Load after: the 1-minute load average when the case's "
             "timing ended; above 1, another process held a core for "
             "part of it and the two-thread column is held back (a "
             "call on two threads waits for its slower thread). See the "
             "Method section for what each column calls." %
             size_name(chosen[0].case.size), ""]
    lines += grouped_table(chosen) + [""]
    if plotted:
        lines += ["![GB/s of values per number of groups](img/%s.png)"
                  % image_name("grouped", args.suffix), ""]
    return lines


def grouped_method(args):
    """Returns the Method bullets of the grouped cases, naming only the
    peers that were importable."""
    calls = ["ours: `argmin.group_reduce(x, keys, G, \"argmin\", "
             "threads=1)` and `threads=%d`; keys is the int64 numpy array, "
             "which our call reads as it is" % GROUP_THREADS]
    if pandas is not None:
        calls.append(
            "pandas: `series.groupby(keys).idxmin()` with `series = "
            "pandas.Series(x)` made once, outside the timed calls (its "
            "RangeIndex makes the labels positions); the call factorises "
            "the keys every time, as users' code does. "
            "`argmin.pandas.idxmin(series, keys)`, our drop-in front end, "
            "does the same through pandas' groupby object, then calls "
            "group_reduce with no thread count: OpenMP's default, all %d "
            "cores here" % THREADS)
    if polars is not None:
        calls.append(
            "polars: `frame.group_by(\"k\").agg(pl.col(\"x\").arg_min())` "
            "with `frame = pl.DataFrame({\"k\": keys, \"x\": x})` made "
            "once; polars was imported with POLARS_MAX_THREADS=%s, a thread "
            "pool of %d, for a one-thread comparison (polars reads it once, "
            "at import; the script sets it to 1 unless the environment "
            "sets it)" % (os.environ.get("POLARS_MAX_THREADS"),
                          polars_threads()))
    return [
        "- Grouped cases: %s." % "; ".join(calls),
        "- Grouped, the check: %s turned into one position per group, -1 "
        "for a group no key names, as ours is, must equal ours on one "
        "thread; a disagreement fails the run. The conversion is not "
        "timed." % " and ".join(
            [what for what, m in (
                ("pandas' answers (each present group's label)", pandas),
                ("polars' (each present group's position within the group, "
                 "in any order of groups)", polars)) if m is not None]),
        "- Each grouped case times every contender in turn, %s, the order "
        "rotating each round; a sample is at least %.1f ms of back-to-back "
        "calls. The table gives medians. This machine is shared and noisy "
        "(see the load average above): compare ratios within a row."
        % ("1 round" if args.rounds == 1 else "%d rounds" % args.rounds,
           args.min_seconds * 1e3),
    ]


def report_title(only=None):
    """Returns the report's title: ours against the importable peers."""
    if only == "grouped":
        peers = ["%s %s" % (m.__name__, m.__version__)
                 for m in (pandas, polars) if m is not None]
        return "argmin.group_reduce against %s" % " and ".join(peers)
    peers = ["numpy %s" % np.__version__]
    if torch is not None:
        peers.append("torch %s" % torch.__version__)
    if mindspore is not None:
        peers.append("MindSpore %s" % mindspore.__version__)
    peers += ["%s %s" % (m.__name__, m.__version__)
              for m in (pandas, polars) if m is not None]
    return "argmin against %s" % (
        peers[0] if len(peers) == 1
        else ", ".join(peers[:-1]) + " and " + peers[-1])


# Environments of reports with a suffix: suffix -> (what it compares, the
# environment, its python). The report without a suffix links to those
# found next to it.
OTHER_RUNS = {
    "numpy2": ("numpy 2 from PyPI (no torch: Debian's torch 1.13 is built "
               "for numpy 1), and the grouped cases against pandas and "
               "polars",
               "build/venv/numpy2, made by tests/run.sh (numpy 2, ml_dtypes, "
               "pandas and polars from PyPI, without Debian's site packages, "
               "and the wheel of this tree installed; with matplotlib too "
               "where it draws the plots)",
               "build/venv/numpy2/bin/python"),
    "mindspore": ("MindSpore from PyPI, which brings its own numpy",
                  "a venv made with `/usr/bin/python3 -m venv "
                  "--system-site-packages VENV`, then `VENV/bin/pip install "
                  "--no-deps build/wheel/argmin-*.whl` and `VENV/bin/pip "
                  "install mindspore`",
                  "VENV/bin/python"),
}


def image_name(kind, suffix):
    """Returns the name of a plot, without .png: peers-KIND, or
    peers-SUFFIX-KIND for a report with a suffix."""
    return "peers-%s-%s" % (suffix, kind) if suffix else "peers-%s" % kind


def report_name(suffix, only=None):
    """Returns the report's file name: performance-peers[-ONLY][-SUFFIX].md
    (ONLY is "grouped" for --only grouped)."""
    return "performance-peers%s%s.md" % ("-" + only if only else "",
                                         "-" + suffix if suffix else "")


def other_runs(out_dir):
    """Returns the report's lines linking to the reports of other
    environments written in out_dir (by --suffix), or nothing."""
    found = [(suffix, what) for suffix, (what, _, _) in OTHER_RUNS.items()
             if os.path.exists(os.path.join(out_dir, report_name(suffix)))]
    if not found:
        return []
    return ["One Python process imports one numpy, and Debian's torch 1.13 "
            "needs Debian's numpy 1.24, so numpy 2 and MindSpore (which "
            "brings its own numpy) are measured in environments of their "
            "own, by the same script with `--suffix NAME`, each into its own "
            "report (performance-peers-NAME.md, img/peers-NAME-*.png). "
            "Compare ratios within a report; between reports, which are "
            "separate runs on a shared machine, only roughly.", ""] + [
        "- [performance-peers-%s.md](performance-peers-%s.md): %s" % (
            suffix, suffix, what) for suffix, what in found] + [""]


def method(args):
    """Returns the bullets of the report's Method section, naming only the
    peers that were importable."""
    memory = ["numpy arrays"]
    if torch is not None:
        memory.append("torch tensors from `torch.from_numpy` (no copy, "
                      "strides kept)")
    if mindspore is not None:
        memory.append("MindSpore tensors from `Tensor.from_numpy`, the "
                      "transposed case transposed in MindSpore")
    index_types = "int64 for numpy%s%s" % (
        " and torch" if torch is not None else "",
        ", int32 for MindSpore" if mindspore is not None else "")
    rules = ("numpy.argmin%s must give ours (the first NaN wins); "
             "numpy.nanargmin ours with `nan=\"ignore\"`" % (
                 " and torch.argmin" if torch is not None else ""))
    if mindspore is not None:
        rules += ("; MindSpore `argmin.mindspore.argmin`, the front end "
                  "with MindSpore's rule: NaNs skipped, except that a NaN "
                  "first in its slice wins (see the table below)")
    threads = ("Threads: ours with `threads=1` and `threads=%d`" % THREADS)
    if torch is not None:
        threads += ("; torch after `torch.set_num_threads(1)` and `(%d)`. "
                    "numpy is single-threaded. Ours is given its thread "
                    "count explicitly: `threads=0` (OpenMP's default) would "
                    "follow torch's `set_num_threads`, since both use the "
                    "same libgomp" % THREADS)
    else:
        threads += "; numpy is single-threaded"
    peers_all = [p for p, m in (("torch", torch), ("MindSpore", mindspore))
                 if m is not None]
    return [
        "- Every peer runs in this process on the same memory: %s."
        % "; ".join(memory),
        "- Before timing a case, every peer's answer is checked against ours "
        "(values, whatever the index dtype: %s). %s. All agreed in this "
        "run." % (index_types, rules),
        "- Each case times every contender in turn, %s (%d for inputs of "
        "%d MiB or more), the order rotating each round; a sample is at "
        "least %.1f ms of back-to-back calls. The tables give medians. "
        "This machine is shared and noisy: compare ratios within a row."
        % ("1 round" if args.rounds == 1 else "%d rounds" % args.rounds,
           rounds_for(BIG_BYTES, args.rounds), BIG_BYTES // MIB,
           args.min_seconds * 1e3),
        "- GB/s = bytes of input / median wall-clock time of one Python "
        "call, so small inputs mostly measure the call. Ours is one call "
        "into the compiled extension `argmin._core` (nanobind), which reads "
        "the input in place (numpy arrays through the buffer protocol or "
        "DLPack, tensors through DLPack), checks the options, calls the C "
        "library and returns a numpy scalar or array; "
        "bench/call_overhead.py measures that fixed cost against "
        "numpy.argmin. A NaN ends our scan and numpy's under NaN "
        "propagation; GB/s still counts the whole input.",
        "- %s. Our calls on fewer than 2 x 65536 elements run on one thread "
        "whatever they ask. A call on %d threads needs every core: while "
        "another process runs, it waits for a time slice (see the load "
        "average above), so those columns are the noisiest."
        % (threads, THREADS),
        "- Speed-ups are ours / the peer, in GB/s: one thread against numpy"
        "%s on one thread%s. n/a: the peer does not take that dtype (notes "
        "below)." % (
            " and torch" if torch is not None else "",
            ", all threads against %s on all" % " and ".join(peers_all)
            if peers_all else ""),
    ]


def report(results, args, elapsed, loads, plotted):
    """Returns the markdown report; `loads` are the load averages at the
    start and the end, `plotted` what write_plots returned."""
    suffix = " --suffix %s" % args.suffix if args.suffix else ""
    suffix += " --only %s" % args.only if args.only else ""
    flags = (" --quick" if args.quick else "") + suffix
    if args.only and not args.suffix:
        _, environment_, _ = OTHER_RUNS["numpy2"]
        where = "with the python of %s" % environment_
        python = "build/venv/numpy2/bin/python"
    elif args.suffix in OTHER_RUNS:
        _, environment_, python = OTHER_RUNS[args.suffix]
        where = "with the python of %s" % environment_
    elif args.suffix:
        where, python = "in the same environment", "python"
    else:
        where = ("with the python of build/venv/system (made by "
                 "tests/run.sh: Debian's Python with its numpy and torch, "
                 "and the wheel of this tree installed)")
        python = "build/venv/system/bin/python"
    head = [
        "# %s" % report_title(args.only),
        "",
        "Generated by `bench/peers.py%s` in %.0f s; do not edit by hand. "
        "Reproduce %s:" % (flags, elapsed, where),
        "",
        "```sh",
        "%s bench/peers.py%s   # writes docs/" % (python, suffix),
        "```",
        "",
        "The script imports the installed package, as any user would; the "
        "source tree's python/ folder is not on the path. MindSpore, pandas "
        "and polars are timed where they are importable and skipped "
        "otherwise.",
        "",
    ]
    if args.only == "grouped":
        if not plotted:
            head += ["No plot: matplotlib is not importable here (%s)."
                     % plotted.why, ""]
        return "\n".join(head + [
            "## Machine and versions", ""] + [
            "- %s" % line for line in environment(loads)] + [
            "", "## Method", ""] + grouped_method(args) + [
            ""] + grouped_section(results, args, plotted))
    lines = head + ([] if args.suffix else other_runs(args.out)) + ([
        "![GB/s against size, contiguous](img/%s.png)"
        % image_name("contiguous", args.suffix),
        "",
    ] if plotted else [
        "No plots: matplotlib is not importable here (%s)." % plotted.why,
        "",
    ]) + [
        "## Machine and versions",
        "",
    ] + ["- %s" % line for line in environment(loads)] + [
        "",
        "## Method",
        "",
    ] + method(args) + (grouped_method(args) if any(
        r.case.group == "grouped" for r in results) else []) + [
        "",
        "## NaN rules, computed in this run",
        "",
    ] + nan_rules() + [""] + overhead_table(results)
    for group, title, note, keys, ratios in TABLES:
        chosen = [r for r in results if r.case.group == group]
        if chosen:
            lines += ["## %s" % title, ""] + ([note, ""] if note else [])
            lines += table(chosen, keys, ratios) + [""]
    lines += grouped_section(results, args, plotted)
    notes = unsupported_notes(results)
    if notes:
        lines += ["## Not supported by a peer", ""] + notes + [""]
    if plotted:
        lines += ["## Plots", "",
                  "![GB/s per layout](img/%s.png)"
                  % image_name("layouts", args.suffix), "",
                  "![GB/s per dtype](img/%s.png)"
                  % image_name("dtypes", args.suffix), ""]
    return "\n".join(lines)

