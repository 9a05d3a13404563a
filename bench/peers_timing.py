"""The measurement half of bench/peers.py: the cases and their data, every
contender (ours and the importable peers) for a case, the check of each
peer's answer against ours, and the interleaved timing. Imported by the
other peers_*.py modules and by bench/peers.py, which is the script to run.

The grouped cases (argmin.group_reduce against pandas' groupby idxmin and
polars' group_by arg_min) run where pandas or polars is importable: in
build/venv/numpy2 of tests/run.sh, not in build/venv/system. polars is
imported with POLARS_MAX_THREADS=1 unless the environment sets it, so that
its thread pool has one thread, as our one-thread call and pandas have.
"""
import dataclasses
import gc
import importlib
import math
import os
import statistics
import sys
import time

import numpy as np

from machine import load_average

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
GROUP_THREADS = 2  # the threads of ours' second grouped column

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
    "group_1t": "ours 1t",
    "group_2t": "ours %dt" % GROUP_THREADS,
    "pandas": "pandas groupby().idxmin()",
    "argmin_pandas": "argmin.pandas.idxmin",
    "polars": "polars",  # with its thread count once it is imported
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
pandas, PANDAS_MISSING = import_optional("pandas")
# polars reads its thread count once, when it is imported.
os.environ.setdefault("POLARS_MAX_THREADS", "1")
polars, POLARS_MISSING = import_optional("polars")


def polars_threads():
    """Returns the size of polars' thread pool (0 without polars)."""
    return polars.thread_pool_size() if polars is not None else 0


if polars is not None:
    LABELS["polars"] += " %dt" % polars_threads()


# --------------------------------------------------------------------------
# Cases and their data

@dataclasses.dataclass(frozen=True)
class Case:
    """One input and axis, timed for every contender."""
    group: str  # "overhead", "contiguous", "dtype", "layout", "nan" or
    # "grouped"
    dtype: str  # a numpy dtype name, or "bfloat16"
    shape: tuple  # the shape of the C-contiguous array that is generated
    axis: object = None  # None: over all elements
    transposed: bool = False  # the input is that array's transpose
    nan: str = ""  # "", "near_end" (one NaN at n - n/16) or "1%"
    groups: int = 0  # G of a grouped case: keys in [0, G)

    @property
    def size(self):
        """The number of elements."""
        return math.prod(self.shape)

    @property
    def nbytes(self):
        """The bytes of input read (of the values alone for a grouped
        case)."""
        itemsize = 2 if self.dtype == "bfloat16" else np.dtype(
            self.dtype).itemsize
        return self.size * itemsize

    @property
    def label(self):
        """The case's name in tables and plots (the dtype aside)."""
        if self.groups:
            return "G=%s" % size_name(self.groups)
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


def grouped_cases(quick):
    """Returns the grouped cases (float64 values, int64 keys), or none
    where neither pandas nor polars is importable."""
    if pandas is None and polars is None:
        return []
    n, group_counts = ((1 << 12, [16, 1000]) if quick
                       else (10 * MIB, [16, 1000, MIB]))
    return [Case("grouped", "float64", (n,), groups=g) for g in group_counts]


def cases(quick, only=None):
    """Returns the cases of a full run, or the tiny ones of --quick; only
    the grouped ones with only="grouped"."""
    if only == "grouped":
        return grouped_cases(quick)
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
    return result + grouped_cases(quick)


def random_values(dtype, n, rng):
    """Returns n values drawn as bench/test_data.cc draws them (16-bit
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


def build_grouped_input(case):
    """Returns a grouped case's (values, keys): values as random_values
    draws them, keys uniform in [0, G)."""
    rng = np.random.default_rng(SEED)
    values = random_values(case.dtype, case.size, rng)
    return values, rng.integers(0, case.groups, case.size, dtype=np.int64)


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
    # Turns the call's answer into ours' form, for the check alone (the
    # conversion is not timed).
    convert: object = None


# Our one-thread calls, which the references below are: they are not
# compared with themselves, and the other contenders (ours on all threads,
# every peer) must equal them.
REFERENCE_KEYS = ("ours_1t", "ours_nan_1t", "group_1t")


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


def group_positions(keys, groups):
    """Returns a function that turns (group, position within the group)
    into positions of the whole input, for polars' answers."""
    order = np.argsort(keys, kind="stable")
    starts = np.cumsum(np.bincount(keys, minlength=groups)) - np.bincount(
        keys, minlength=groups)
    return lambda group, within: order[starts[group] + within]


def by_group(groups, present, positions):
    """Returns the positions of a peer that names only the groups present
    (pandas and polars leave empty groups out) as ours are: one per group,
    -1 for an empty one."""
    answer = np.full(groups, -1, np.int64)
    answer[np.asarray(present, np.int64)] = positions
    return answer


def grouped_contenders(case, data):
    """Returns ours on one thread and on GROUP_THREADS, pandas'
    Series.groupby(keys).idxmin() and our argmin.pandas.idxmin on the same
    Series and keys (a RangeIndex, so labels are positions), and polars'
    group_by("k").agg(arg_min()) (positions within each group), each that
    is importable. Series and DataFrame are made here, outside the timed
    calls."""
    x, keys = data
    g = case.groups
    result = [Contender(
        key, "ours", lambda threads=threads: argmin.group_reduce(
            x, keys, g, "argmin", threads=threads))
        for key, threads in (("group_1t", 1), ("group_2t", GROUP_THREADS))]
    if pandas is not None:
        series = pandas.Series(x)

        def from_pandas(answer):
            return by_group(g, answer.index.to_numpy(), answer.to_numpy())
        result += [
            Contender("pandas", "pandas",
                      lambda: series.groupby(keys).idxmin(),
                      convert=from_pandas),
            Contender("argmin_pandas", "ours",
                      lambda: argmin.pandas.idxmin(series, keys),
                      convert=from_pandas)]
    if polars is not None:
        frame = polars.DataFrame({"k": keys, "x": x})
        position = group_positions(keys, g)

        def from_polars(answer):
            present = answer["k"].to_numpy()
            return by_group(g, present,
                            position(present, answer["x"].to_numpy()))
        result.append(Contender(
            "polars", "polars",
            lambda: frame.group_by("k").agg(polars.col("x").arg_min()),
            convert=from_polars))
    return result


def grouped_unsupported():
    """Returns {key: why n/a} for the grouped peers that are not
    importable."""
    missing = {}
    if pandas is None:
        missing["pandas"] = missing["argmin_pandas"] = PANDAS_MISSING
    if polars is None:
        missing["polars"] = POLARS_MISSING
    return missing


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
            got = contender.call()
            got = as_array(contender.convert(got) if contender.convert
                           else got)
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
    load: str = ""  # the 1-minute load average when its timing ended

    def gbs(self, key):
        """Returns the GB/s of a contender, or None if it did not run."""
        seconds = self.seconds.get(key)
        return self.case.nbytes / seconds / 1e9 if seconds else None


def rounds_for(nbytes, rounds, group=""):
    """Returns the rounds for an input: half for the biggest ones, but all
    for the grouped cases (whose peers take most of the time, and vary
    more)."""
    if nbytes < BIG_BYTES or group == "grouped":
        return rounds
    return max(1, rounds // 2)


def measure_inputs(case):
    """Returns a case's (contenders, {key: why n/a}, our answers under
    each rule)."""
    if case.group == "grouped":
        data = build_grouped_input(case)
        reference = argmin.group_reduce(*data, case.groups, "argmin",
                                        threads=1)
        return (grouped_contenders(case, data), grouped_unsupported(),
                {"propagate": reference})
    x = build_input(case)
    contenders, unsupported = contenders_for(case, x)
    return contenders, unsupported, references(case, x)


def run_cases(args):
    """Checks and times every case. Returns (results, [disagreements])."""
    results, problems = [], []
    all_cases = cases(args.quick, args.only)
    for number, case in enumerate(all_cases, 1):
        start = time.perf_counter()
        contenders, unsupported, answers = measure_inputs(case)
        agreeing, failed, found = check(case, contenders, answers,
                                        args.inject_disagreement)
        unsupported.update(failed)
        for message in found:
            print("\n!!! DISAGREEMENT: %s !!!\n" % message, file=sys.stderr,
                  flush=True)
        problems += found
        if problems:
            continue  # keep checking, stop timing
        seconds = time_contenders(
            agreeing, rounds_for(case.nbytes, args.rounds, case.group),
            args.min_seconds)
        result = Result(case, seconds, unsupported, load_average())
        results.append(result)
        print("[%d/%d] %s %s %s: %s (%.1f s)" % (
            number, len(all_cases), case.group, case.dtype, case.label,
            ", ".join("%s %s" % (LABELS[k], fmt(result.gbs(k)))
                      for k in seconds),
            time.perf_counter() - start), flush=True)
    return results, problems


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
