#!/usr/bin/env python3
"""Times argmin against its peers, in one process, on the same arrays.

Peers: numpy.argmin and numpy.nanargmin, torch.argmin when torch is
importable, mindspore.ops.argmin when MindSpore is importable. Cases follow
bench/argmin_bench.cc: contiguous inputs from 4 Ki to 64 Mi elements, the
other dtypes at 64 Ki, float32 layouts (strided axes, short rows, a
transposed view reduced whole) and inputs with NaN, on one thread and on all.

Ours is the installed package (`pip install .`, whose compiled extension
argmin._core calls the C library), imported like any other: run the script
with the python of an environment where it is installed, never with the
source tree's python/ on the path. tests/run.sh makes two such environments:

    build/venv/system/bin/python bench/peers.py     # Debian's numpy, torch
    build/venv/numpy2/bin/python bench/peers.py --suffix numpy2
    build/venv/system/bin/python bench/peers.py --quick --out build/peers-quick

Before a case is timed, every peer's answer is checked against ours under
that peer's rules (index type, NaN); a disagreement is printed loudly, no
report is written and the exit status is 1. Then ours and the peers are
timed in alternation over several rounds, and each one's median is kept.
The report (performance-peers.md) and its plots (img/peers-*.png) go to
--out: docs/ by default, a new temporary folder with --quick. --suffix NAME
names them performance-peers-NAME.md and img/peers-NAME-*.png instead, for
a run in another environment (numpy 2 from PyPI, MindSpore); the report
without a suffix links to those found next to it when it is written.
"""
import argparse
import dataclasses
import datetime
import functools
import gc
import importlib
import importlib.metadata
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

from machine import cpu_model

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
try:
    import argmin
except ImportError as error:
    sys.exit("bench/peers.py: cannot import argmin (%s). Run it with the "
             "python of an environment where the package is installed "
             "(pip install .), such as build/venv/system/bin/python made "
             "by tests/run.sh." % error)

THREADS = len(os.sched_getaffinity(0))
MIB = 1 << 20
BIG_BYTES = 64 * MIB  # cases this large run half the rounds
DTYPE_SIZE = 1 << 16  # the other dtypes run at 64 Ki, as in the C++ suite
SEED = 20240611

# Columns of the timings: key -> label. "_nan" keys skip NaNs.
LABELS = {
    "ours_1t": "ours 1t",
    "ours_all": "ours %dt" % THREADS,
    "numpy": "numpy",
    "torch_1t": "torch 1t",
    "torch_all": "torch %dt" % THREADS,
    "mindspore": "MindSpore",
    "ours_nan_1t": "ours nanargmin 1t",
    "ours_nan_all": "ours nanargmin %dt" % THREADS,
    "numpy_nan": "numpy.nanargmin",
}
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
# Plot styles: key -> (colour, marker, line style).
STYLES = {
    "ours_1t": ("tab:blue", "o", "-"),
    "ours_all": ("tab:cyan", "s", "-"),
    "numpy": ("tab:orange", "^", "--"),
    "torch_1t": ("tab:red", "v", "--"),
    "torch_all": ("tab:pink", "D", "--"),
    "mindspore": ("tab:green", "x", ":"),
}


def error_summary(error):
    """Returns an exception's type and the first sentence of its message
    (MindSpore's begins with a rule of dashes and a heading)."""
    lines = [line.strip(" -") for line in str(error).splitlines()
             if any(c.isalpha() for c in line)]
    text = " ".join(lines[:2] if lines and lines[0].endswith(":")
                    else lines[:1])
    return "%s: %s" % (type(error).__name__, text.split(". ")[0])


def import_optional(name):
    """Returns (module, None), or (None, why) when `name` cannot be
    imported."""
    try:
        return importlib.import_module(name), None
    except Exception as error:  # a broken install is as good as none
        return None, error_summary(error)


os.environ.setdefault("GLOG_v", "3")  # MindSpore: errors only
torch, TORCH_MISSING = import_optional("torch")
mindspore, MINDSPORE_MISSING = import_optional("mindspore")


# --------------------------------------------------------------------------
# Cases and their data

@dataclasses.dataclass(frozen=True)
class Case:
    """One input and axis, timed for every contender."""
    group: str  # "overhead", "contiguous", "dtype", "layout" or "nan"
    dtype: str  # a numpy dtype name, or "bfloat16"
    shape: tuple  # the shape of the C-contiguous array that is generated
    axis: object = None  # None: over all elements
    transposed: bool = False  # the input is that array's transpose
    nan: str = ""  # "", "near_end" (one NaN at n - n/16) or "1%"

    @property
    def size(self):
        """The number of elements."""
        return math.prod(self.shape)

    @property
    def nbytes(self):
        """The bytes of input read."""
        itemsize = 2 if self.dtype == "bfloat16" else np.dtype(
            self.dtype).itemsize
        return self.size * itemsize

    @property
    def label(self):
        """The case's name in tables and plots (the dtype aside)."""
        if len(self.shape) == 1:
            name = "n=%s" % size_name(self.size)
        else:
            name = "(%s)%s axis %s" % (
                ",".join(power_name(e) for e in self.shape),
                ".T" if self.transposed else "",
                "none" if self.axis is None else self.axis)
        if self.nan == "near_end":
            return name + ", NaN at n-n/16"
        return name + (", %s NaN" % self.nan if self.nan else "")


def size_name(n):
    """Spells a power-of-two count as 4Ki, 64Mi, ..."""
    for unit, shift in (("Mi", 20), ("Ki", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return "%d%s" % (n >> shift, unit)
    return str(n)


def power_name(n):
    """Spells an extent as 2^k when it is a power of two above 65536."""
    if n > 65536 and n & (n - 1) == 0:
        return "2^%d" % (n.bit_length() - 1)
    return str(n)


def cases(quick):
    """Returns the cases of a full run, or the tiny ones of --quick."""
    if quick:
        sizes, dtype_size = [1 << 10, 1 << 12], 1 << 10
        dtypes = ["float16", "bfloat16", "uint16", "bool"]
        layouts = [((64, 32), 0, False), ((64, 32), 1, False),
                   ((256, 8), 1, False), ((64, 32), None, True)]
        nans = [("float32", (1 << 12,), None, "near_end"),
                ("float32", (1 << 12,), None, "1%")]
    else:
        sizes, dtype_size = [1 << k for k in range(12, 27, 2)], DTYPE_SIZE
        dtypes = ["float16", "bfloat16", "float64", "int16", "int32",
                  "int64", "uint8", "uint16", "uint32", "uint64", "bool"]
        layouts = [((4096, 1024), 0, False), ((4096, 1024), 1, False),
                   ((64, 256, 256), 1, False), ((1 << 20, 8), 1, False),
                   ((65536, 3), 1, False), ((4096, 1024), None, True)]
        nans = [("float32", (1 << 20,), None, "near_end"),
                ("float32", (1 << 26,), None, "near_end"),
                ("float32", (1 << 20,), None, "1%"),
                ("float16", (1 << 16,), None, "near_end"),
                ("float32", (4096, 1024), 1, "1%")]
    result = [Case("overhead", "float32", (16,))]
    result += [Case("contiguous", dtype, (n,))
               for dtype in ("float32", "int8") for n in sizes]
    result += [Case("dtype", dtype, (dtype_size,)) for dtype in dtypes
               if dtype != "bfloat16" or torch is not None]
    result += [Case("layout", "float32", shape, axis, transposed)
               for shape, axis, transposed in layouts]
    result += [Case("nan", dtype, shape, axis, nan=nan)
               for dtype, shape, axis, nan in nans]
    return result


def random_values(dtype, n, rng):
    """Returns n values drawn as bench/argmin_bench.cc draws them (16-bit
    floats as numpy uint16 bits for bfloat16)."""
    if dtype == "bool":
        return np.ones(n, np.bool_)  # a False would end our scan at once
    if dtype in ("float16", "bfloat16"):
        bits = rng.integers(0, 1 << 16, n, dtype=np.uint16)
        exponent = np.uint16(0x7C00 if dtype == "float16" else 0x7F80)
        bits[bits & exponent == exponent] &= np.uint16(0xBFFF)  # finite
        return bits.view(np.float16) if dtype == "float16" else bits
    if np.dtype(dtype).kind == "f":
        return rng.random(n, dtype=dtype) * 2 - 1  # [-1, 1)
    info = np.iinfo(dtype)  # (min, max]: the minimum would end our scan
    return rng.integers(info.min + 1, info.max, n, dtype=dtype,
                        endpoint=True)


def plant_nans(values, nan, rng):
    """Writes the NaNs of pattern `nan` into a flat float array."""
    if nan == "near_end":
        values[values.size - values.size // 16] = np.nan
    elif nan:
        values[rng.random(values.size) < float(nan.rstrip("%")) / 100] = (
            np.nan)


def build_input(case):
    """Returns the case's input: a numpy array (the transposed view for a
    transposed case), or a torch tensor for bfloat16."""
    rng = np.random.default_rng(SEED)
    values = random_values(case.dtype, case.size, rng)
    plant_nans(values, case.nan, rng)
    if case.dtype == "bfloat16":
        tensor = torch.from_numpy(values.view(np.int16)).view(torch.bfloat16)
        return tensor.reshape(case.shape)
    x = values.reshape(case.shape)
    return x.T if case.transposed else x


# --------------------------------------------------------------------------
# Contenders and the agreement check

@dataclasses.dataclass
class Contender:
    """One way to compute the case's answer, timed as one call."""
    key: str  # a LABELS key
    peer: str  # "ours", "numpy", "torch" or "mindspore"
    call: object  # no arguments; returns the answer
    rule: str = "propagate"  # which of our answers it must equal
    torch_threads: int = 0  # torch.set_num_threads before calls (0: leave)


# Our one-thread calls, which the references below are: they are not
# compared with themselves, and the other contenders (ours on all threads,
# every peer) must equal them.
REFERENCE_KEYS = ("ours_1t", "ours_nan_1t")


def references(case, x):
    """Returns our one-thread answers under each peer's rule:
    {rule: answer}; MindSpore's NaN rule is argmin.mindspore's."""
    propagate = argmin.argmin(x, axis=case.axis, threads=1)
    answers = {"propagate": propagate, "mindspore": propagate}
    if case.nan:
        answers["ignore"] = argmin.argmin(x, axis=case.axis, nan="ignore",
                                          threads=1)
        answers["mindspore"] = argmin.mindspore.argmin(x, case.axis)
    return answers


def our_contenders(case, x):
    """Returns ours on one thread and on all, with NaNs ignored too for a
    NaN case."""
    variants = [("ours", "propagate")]
    if case.nan:
        variants.append(("ours_nan", "ignore"))
    result = []
    for prefix, nan in variants:
        for suffix, threads in (("_1t", 1), ("_all", THREADS)):
            result.append(Contender(
                prefix + suffix, "ours",
                lambda threads=threads, nan=nan: argmin.argmin(
                    x, axis=case.axis, nan=nan, threads=threads),
                rule=nan))
    return result


def numpy_contenders(case, x):
    """Returns numpy.argmin, and numpy.nanargmin for a NaN case."""
    if not isinstance(x, np.ndarray):
        raise TypeError("numpy has no bfloat16")
    result = [Contender("numpy", "numpy",
                        lambda: np.argmin(x, axis=case.axis))]
    if case.nan:
        result.append(Contender("numpy_nan", "numpy",
                                lambda: np.nanargmin(x, axis=case.axis),
                                rule="ignore"))
    return result


def torch_contenders(case, x):
    """Returns torch.argmin on one thread and on all, over x's memory."""
    tensor = x if torch.is_tensor(x) else torch.from_numpy(x)
    return [Contender(key, "torch",
                      lambda: torch.argmin(tensor, dim=case.axis),
                      torch_threads=threads)
            for key, threads in (("torch_1t", 1), ("torch_all", THREADS))]


def mindspore_tensor(x):
    """Returns a MindSpore tensor of x; Tensor.from_numpy would copy a
    transposed view, so the view is taken in MindSpore instead."""
    if torch is not None and torch.is_tensor(x):
        return mindspore.Tensor(x.float().numpy()).astype(mindspore.bfloat16)
    if x.flags.c_contiguous:
        return mindspore.Tensor.from_numpy(x)
    if x.T.flags.c_contiguous:
        return mindspore.Tensor.from_numpy(x.T).T
    raise ValueError("no MindSpore view of strides %s" % (x.strides,))


def mindspore_contenders(case, x):
    """Returns mindspore.ops.argmin (its own thread count), synchronised
    by reading the result."""
    tensor = mindspore_tensor(x)
    return [Contender(
        "mindspore", "mindspore",
        lambda: mindspore.ops.argmin(tensor, axis=case.axis).asnumpy(),
        rule="mindspore")]


def peer_makers():
    """Returns {peer: function making its contenders} for the importable
    peers."""
    makers = {"numpy": numpy_contenders}
    if torch is not None:
        makers["torch"] = torch_contenders
    if mindspore is not None:
        makers["mindspore"] = mindspore_contenders
    return makers


def set_torch_threads(contender):
    """Sets torch's thread count for the contender, if it has one."""
    if contender.torch_threads:
        torch.set_num_threads(contender.torch_threads)


def as_array(answer):
    """Returns an answer (numpy, torch or numpy scalar) as a numpy array."""
    if torch is not None and torch.is_tensor(answer):
        return answer.numpy()
    return np.asarray(answer)


def describe_difference(got, want):
    """Says where two answers differ, in a few words."""
    if got.shape != want.shape:
        return "shape %s, ours %s" % (got.shape, want.shape)
    if got.ndim == 0:
        return "gave %s, ours %s" % (got, want)
    where = np.argwhere(got != want)
    first = tuple(where[0])
    return "%d of %d indices differ; at %s it gave %s, ours %s" % (
        len(where), got.size, first, got[first], want[first])


def check(case, contenders, answers, inject):
    """Runs every contender but the references once and compares its answer
    with ours on one thread under its rule. Returns (agreeing contenders,
    {key: why n/a}, [messages])."""
    agreeing, unsupported, problems = [], {}, []
    for contender in contenders:
        if contender.key in REFERENCE_KEYS:
            agreeing.append(contender)
            continue
        set_torch_threads(contender)
        try:
            got = as_array(contender.call())
        except Exception as error:  # the peer lacks this dtype or layout
            if contender.peer == "ours":
                raise
            unsupported[contender.key] = error_summary(error)
            continue
        if contender.peer == inject:
            got = got + 1
        want = np.asarray(answers[contender.rule])
        if np.array_equal(got, want):
            agreeing.append(contender)
        else:
            problems.append("%s %s: %s disagrees with ours (rule %s): %s" % (
                case.dtype, case.label, LABELS[contender.key],
                contender.rule, describe_difference(got, want)))
    return agreeing, unsupported, problems


def contenders_for(case, x):
    """Returns (contenders, {key: why n/a}) for every importable peer."""
    contenders, unsupported = our_contenders(case, x), {}
    for peer, make in peer_makers().items():
        try:
            contenders += make(case, x)
        except Exception as error:  # the input cannot be converted
            why = error_summary(error)
            unsupported.update((key, why) for key in LABELS
                               if key.startswith(peer) and
                               (case.nan or "_nan" not in key))
    return contenders, unsupported


# --------------------------------------------------------------------------
# Timing

def sample(contender, calls):
    """Returns the mean seconds per call of `calls` calls in a row."""
    set_torch_threads(contender)
    start = time.perf_counter()
    for _ in range(calls):
        contender.call()
    return (time.perf_counter() - start) / calls


def time_contenders(contenders, rounds, min_seconds):
    """Returns {key: median seconds per call}, sampling each contender in
    turn in every round (the order rotating), each sample at least
    min_seconds long."""
    calls = {c.key: max(1, min(100000, math.ceil(
        min_seconds / max(sample(c, 1), 1e-9)))) for c in contenders}
    samples = {c.key: [] for c in contenders}
    gc.disable()
    try:
        for round_ in range(rounds):
            shift = round_ % len(contenders)
            for contender in contenders[shift:] + contenders[:shift]:
                samples[contender.key].append(
                    sample(contender, calls[contender.key]))
    finally:
        gc.enable()
    return {key: statistics.median(times) for key, times in samples.items()}


@dataclasses.dataclass
class Result:
    """A case's median times and the peers that could not run it."""
    case: Case
    seconds: dict
    unsupported: dict

    def gbs(self, key):
        """Returns the GB/s of a contender, or None if it did not run."""
        seconds = self.seconds.get(key)
        return self.case.nbytes / seconds / 1e9 if seconds else None


def rounds_for(nbytes, rounds):
    """Returns the rounds for an input: half for the biggest ones."""
    return rounds if nbytes < BIG_BYTES else max(1, rounds // 2)


def run_cases(args):
    """Checks and times every case. Returns (results, [disagreements])."""
    results, problems = [], []
    all_cases = cases(args.quick)
    for number, case in enumerate(all_cases, 1):
        start = time.perf_counter()
        x = build_input(case)
        contenders, unsupported = contenders_for(case, x)
        agreeing, failed, found = check(case, contenders,
                                        references(case, x),
                                        args.inject_disagreement)
        unsupported.update(failed)
        for message in found:
            print("\n!!! DISAGREEMENT: %s !!!\n" % message, file=sys.stderr,
                  flush=True)
        problems += found
        if problems:
            continue  # keep checking, stop timing
        seconds = time_contenders(agreeing,
                                  rounds_for(case.nbytes, args.rounds),
                                  args.min_seconds)
        result = Result(case, seconds, unsupported)
        results.append(result)
        print("[%d/%d] %s %s %s: %s (%.1f s)" % (
            number, len(all_cases), case.group, case.dtype, case.label,
            ", ".join("%s %s" % (LABELS[k], fmt(result.gbs(k)))
                      for k in seconds),
            time.perf_counter() - start), flush=True)
    return results, problems


# --------------------------------------------------------------------------
# The report

def fmt(value):
    """Formats a GB/s or a ratio: two or three significant digits, with
    no exponent; n/a for None."""
    if value is None:
        return "n/a"
    if value >= 100:
        return "%.0f" % value
    if value >= 1:
        return "%.1f" % value if value >= 10 else "%.2f" % value
    if value <= 0:
        return "0"
    return "%.*f" % (1 - math.floor(math.log10(value)), value)


@functools.lru_cache(maxsize=None)
def git_revision():
    """Returns the source tree's commit, marked when it has changes, as it
    was at the first call (main makes it before writing anything)."""
    try:
        def git(*words):
            return subprocess.run(["git", "-C", REPO] + list(words),
                                  capture_output=True, text=True,
                                  check=True).stdout.strip()
        return git("rev-parse", "--short", "HEAD") + (
            " with local changes" if git("status", "--porcelain") else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


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
    lines.append("%s; extension %s" % (
        module_line("argmin", argmin, "argmin"),
        os.path.basename(argmin._core.__file__)))
    return tuple(lines)


def load_average():
    """Returns the 1-minute load average, formatted."""
    return "%.2f" % os.getloadavg()[0]


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


def report_title():
    """Returns the report's title: ours against the importable peers."""
    peers = ["numpy %s" % np.__version__]
    if torch is not None:
        peers.append("torch %s" % torch.__version__)
    if mindspore is not None:
        peers.append("MindSpore %s" % mindspore.__version__)
    return "argmin against %s" % (
        peers[0] if len(peers) == 1
        else ", ".join(peers[:-1]) + " and " + peers[-1])


# Environments of reports with a suffix: suffix -> (what it compares, the
# environment, its python). The report without a suffix links to those
# found next to it.
OTHER_RUNS = {
    "numpy2": ("numpy 2 from PyPI (no torch: Debian's torch 1.13 is built "
               "for numpy 1)",
               "build/venv/numpy2, made by tests/run.sh (numpy 2 and "
               "ml_dtypes from PyPI, without Debian's site packages, and the "
               "wheel of this tree installed)",
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


def report_name(suffix):
    """Returns the report's file name: performance-peers[-SUFFIX].md."""
    return "performance-peers%s.md" % ("-" + suffix if suffix else "")


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
    flags = (" --quick" if args.quick else "") + suffix
    if args.suffix in OTHER_RUNS:
        _, environment_, python = OTHER_RUNS[args.suffix]
        where = "with the python of %s" % environment_
    elif args.suffix:
        where, python = "in the same environment", "python"
    else:
        where = ("with the python of build/venv/system (made by "
                 "tests/run.sh: Debian's Python with its numpy and torch, "
                 "and the wheel of this tree installed)")
        python = "build/venv/system/bin/python"
    lines = [
        "# %s" % report_title(),
        "",
        "Generated by `bench/peers.py%s` in %.0f s; do not edit by hand. "
        "Reproduce %s:" % (flags, elapsed, where),
        "",
        "```sh",
        "%s bench/peers.py%s   # writes docs/" % (python, suffix),
        "```",
        "",
        "The script imports the installed package, as any user would; the "
        "source tree's python/ folder is not on the path. MindSpore is "
        "timed where it is importable and skipped otherwise.",
        "",
    ] + ([] if args.suffix else other_runs(args.out)) + ([
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
    ] + method(args) + [
        "",
        "## NaN rules, computed in this run",
        "",
    ] + nan_rules() + [""] + overhead_table(results)
    for group, title, note, keys, ratios in TABLES:
        chosen = [r for r in results if r.case.group == group]
        if chosen:
            lines += ["## %s" % title, ""] + ([note, ""] if note else [])
            lines += table(chosen, keys, ratios) + [""]
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


# --------------------------------------------------------------------------
# Plots

def plot_contiguous(plt, results, path):
    """Plots GB/s against the number of elements, one panel per dtype."""
    chosen = [r for r in results if r.case.group == "contiguous"]
    dtypes = list(dict.fromkeys(r.case.dtype for r in chosen))
    figure, axes = plt.subplots(1, len(dtypes), figsize=(10, 4),
                                squeeze=False)
    for ax, dtype in zip(axes[0], dtypes):
        rows = [r for r in chosen if r.case.dtype == dtype]
        for key in MAIN_KEYS:
            points = [(r.case.size, r.gbs(key)) for r in rows if r.gbs(key)]
            if points:
                colour, marker, style = STYLES[key]
                ax.plot(*zip(*points), label=LABELS[key], color=colour,
                        marker=marker, linestyle=style)
        sizes = [r.case.size for r in rows]
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes, [size_name(n) for n in sizes])
        ax.minorticks_off()
        log_gbs_axis(ax)
        ax.set_xlabel("elements (contiguous, axis none)")
        ax.set_title(dtype)
    axes[0][0].legend(fontsize="small")
    figure.suptitle("%s through Python: median GB/s\n%s, %d cores" % (
        report_title(), cpu_model(), THREADS))
    save(plt, figure, path)


def plot_bars(plt, results, path, title, label):
    """Plots a grouped bar chart of GB/s, one group per result."""
    keys = [k for k in MAIN_KEYS if any(r.gbs(k) for r in results)]
    figure, ax = plt.subplots(figsize=(10, 4.2))
    width = 0.8 / len(keys)
    for i, key in enumerate(keys):
        colour = STYLES[key][0]
        xs = [j + (i - (len(keys) - 1) / 2) * width
              for j, r in enumerate(results) if r.gbs(key)]
        ax.bar(xs, [r.gbs(key) for r in results if r.gbs(key)], width,
               label=LABELS[key], color=colour)
    ax.set_xticks(range(len(results)), [label(r) for r in results],
                  fontsize="small", rotation=15)
    log_gbs_axis(ax)
    ax.set_ylim(top=ax.get_ylim()[1] * 3)  # room for the legend
    ax.set_title(title)
    ax.legend(fontsize="small", ncol=len(keys))
    save(plt, figure, path)


def log_gbs_axis(ax):
    """Makes the y axis a log scale of GB/s labelled 1, 2, 5, 10, ..."""
    from matplotlib import ticker
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(ticker.LogLocator(subs=(1, 2, 5)))
    ax.yaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
    ax.yaxis.set_minor_locator(ticker.NullLocator())
    ax.set_ylabel("GB/s (higher is better)")
    ax.grid(True, axis="y", alpha=0.3)


def save(plt, figure, path):
    """Writes a figure as a small PNG and closes it."""
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


class Plotted:
    """What write_plots did: true if it wrote the plots, else false with
    `why` (matplotlib could not be imported)."""

    def __init__(self, why=None):
        self.why = why

    def __bool__(self):
        return self.why is None


def write_plots(results, img_dir, suffix):
    """Writes the plots peers[-SUFFIX]-contiguous.png, -layouts.png and
    -dtypes.png into img_dir, when matplotlib is importable. Returns a
    Plotted."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        return Plotted(error_summary(error))
    os.makedirs(img_dir, exist_ok=True)

    def path(kind):
        return os.path.join(img_dir, image_name(kind, suffix) + ".png")

    plot_contiguous(plt, results, path("contiguous"))
    layouts = [r for r in results if r.case.group == "layout"]
    plot_bars(plt, layouts, path("layouts"), "float32 layouts",
              lambda r: r.case.label)
    dtype_size = min(r.case.size for r in results
                     if r.case.group == "dtype")
    dtypes = [r for r in results if r.case.size == dtype_size and
              r.case.group in ("contiguous", "dtype")]
    plot_bars(plt, dtypes, path("dtypes"),
              "contiguous, %s elements, axis none" % size_name(dtype_size),
              lambda r: r.case.dtype)
    return Plotted()


# --------------------------------------------------------------------------

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
    parser.add_argument("--inject-disagreement", metavar="PEER",
                        choices=["numpy", "torch", "mindspore"],
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
    path = os.path.join(args.out, report_name(args.suffix))
    with open(path, "w") as out:
        out.write(report(results, args, time.perf_counter() - start,
                         (start_load, load_average()), plotted))
    print("wrote %s%s (%.0f s)" % (
        path, " and plots in %s" % os.path.join(args.out, "img") if plotted
        else "; no plots (%s)" % plotted.why, time.perf_counter() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
