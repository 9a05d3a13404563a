"""Tests of the Python package (python/argmin, the extension argmin._core)
against numpy and torch, on the installed package.

The expected answers come from numpy.argmin and numpy.nanargmin (ties="last"
from the same call on the reversed axis), from torch.argmin where torch
supports the dtype, and, for a few small cases, from docs/semantics.md.
"""
import ast
import concurrent.futures
import ctypes
import gc
import inspect
import os
import pathlib
import pickle
import subprocess
import sys
import threading
import time
import warnings
import weakref

import numpy as np
import pytest

import argmin

try:
    import torch
except ImportError:
    torch = None
try:
    import ml_dtypes
except ImportError:
    ml_dtypes = None

needs_torch = pytest.mark.skipif(torch is None, reason="needs torch")
needs_ml_dtypes = pytest.mark.skipif(ml_dtypes is None,
                                     reason="needs ml_dtypes")
# numpy 2 moved AxisError to numpy.exceptions (from numpy 1.25 on).
AxisError = getattr(np, "exceptions", np).AxisError

DTYPES = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8,
          np.uint16, np.uint32, np.uint64, np.float16, np.float32,
          np.float64]
# Dtypes that torch 1.13 exports through DLPack and reduces with argmin.
TORCH_DTYPES = {np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64,
                                      np.uint8, np.float16, np.float32,
                                      np.float64)}
# Highway's target names (argmin_target_name's spelling), any architecture.
TARGET_NAMES = ["AVX3_SPR", "AVX3_ZEN4", "AVX3_DL", "AVX3", "AVX2", "SSE4",
                "SSSE3", "SSE2", "NEON", "SVE", "SVE2", "SVE_256",
                "SVE2_128", "PPC8", "RVV", "WASM", "WASM_EMU256", "EMU128",
                "SCALAR"]


def reference(x, axis=None, keepdims=False, nan="propagate", ties="first"):
    """Returns numpy's answer for argmin.argmin(x, ...), or raises numpy's
    ValueError (empty reduction, all-NaN slice)."""
    if x.ndim == 0:
        axis = None  # a 0-d input accepts axis 0 and -1, as in torch
    if ties == "last":
        if axis is None:
            index = x.size - 1 - reference(x.reshape(-1)[::-1], None, False,
                                           nan)
            return np.reshape(index, (1,) * x.ndim) if keepdims else index
        index = reference(np.flip(x, axis), axis, keepdims, nan)
        return x.shape[axis] - 1 - index
    if nan == "ignore" and x.dtype.kind == "f":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            index = np.nanargmin(x, axis=axis, keepdims=keepdims)
            smallest = np.nanmin(x, axis=axis, keepdims=keepdims)
        # numpy.nanargmin reads NaN as +inf, so it may pick a NaN where +inf
        # is the smallest number; the library skips NaNs (semantics.md).
        first_inf = np.argmax(x == np.inf, axis=axis, keepdims=keepdims)
        return np.where(smallest == np.inf, first_inf, index)[()]
    return np.argmin(x, axis=axis, keepdims=keepdims)


def check(x, source=None, context="", **kwargs):
    """Asserts that argmin.argmin(source, **kwargs) gives numpy's answer
    for the numpy array x (source defaults to x), or raises where numpy
    raises."""
    source = x if source is None else source
    keys = ("axis", "keepdims", "nan", "ties")
    try:
        expected = reference(x, **{k: kwargs[k] for k in keys if k in kwargs})
    except ValueError:
        with pytest.raises(ValueError) as error:
            argmin.argmin(source, **kwargs)
        assert error.value.status_name in ("ARGMIN_ERROR_EMPTY_REDUCTION",
                                           "ARGMIN_ERROR_ALL_NAN"), context
        return None
    got = argmin.argmin(source, **kwargs)
    expected = np.asarray(expected)
    # A 0-d result is a numpy integer, as numpy.argmin's.
    kind = np.integer if expected.ndim == 0 else np.ndarray
    dtype = np.dtype(kwargs.get("index_dtype", "int64"))
    if not (isinstance(got, kind) and got.dtype == dtype
            and got.shape == expected.shape
            and np.array_equal(got, expected)):
        pytest.fail("%s %s\nx=%r\ngot=%r\nexpected=%r"
                    % (context, kwargs, x, got, expected))
    return got


def random_values(rng, dtype, shape):
    """Returns random values with planted ties, extremes and NaNs."""
    dtype = np.dtype(dtype)
    size = int(np.prod(shape))
    if dtype.kind == "b":  # bytes 0, 1 and 2: every nonzero byte is true
        return rng.integers(0, 3, size, dtype=np.uint8).view(
            np.bool_).reshape(shape)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        if rng.random() < 0.3:
            values = rng.integers(info.min, info.max, size, dtype=dtype,
                                  endpoint=True)
        else:
            pool = np.array([info.min, info.min + 1, 0, 1, 2, info.max - 1,
                             info.max], dtype=dtype)
            values = rng.choice(rng.choice(pool, rng.integers(1, 4)), size)
        return values.reshape(shape)
    if rng.random() < 0.3:
        values = rng.standard_normal(size).astype(dtype)
    else:
        tiny = np.finfo(dtype).smallest_subnormal
        pool = np.array([-np.inf, -1, -tiny, -0.0, 0.0, tiny, 1, 2, np.inf],
                        dtype=dtype)
        values = rng.choice(rng.choice(pool, rng.integers(1, 4)), size)
    nan_share = rng.choice([0, 0, 0.05, 0.3, 0.9, 1.0])
    values[rng.random(size) < nan_share] = rng.choice([np.nan, -np.nan])
    return values.reshape(shape)


def random_shape(rng, limit=4096):
    rank = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 4])
    shape = [int(rng.integers(1, 10)) for _ in range(rank)]
    shape = [0 if rng.random() < 0.04 else n for n in shape]
    if shape and rng.random() < 0.2:  # one long dimension
        i = int(rng.integers(len(shape)))
        rest = max(1, int(np.prod(shape[:i] + shape[i + 1:])))
        shape[i] = max(1, min(int(rng.integers(10, 400)), limit // rest))
    return shape


def random_view(rng, shape, make_base, negative=True):
    """Returns a view of the given shape into an array that make_base(shape)
    makes: dimensions permuted in memory, stepped (negative steps too when
    `negative`) and broadcast with zero strides, as numpy or torch ops."""
    rank = len(shape)
    broadcast = [n != 1 and rng.random() < 0.15 for n in shape]
    steps = rng.choice([1, 1, 2, 3, -1, -2] if negative else [1, 1, 2, 3],
                       rank)
    starts = rng.integers(0, 2, rank)
    extents = [1 if b else int(a + n * abs(s) + rng.integers(0, 2))
               for n, b, s, a in zip(shape, broadcast, steps, starts)]
    order = rng.permutation(rank)
    base = make_base([extents[i] for i in order])
    if rank == 0:
        return base
    is_numpy = isinstance(base, np.ndarray)
    inverse = np.argsort(order).tolist()
    view = base.transpose(inverse) if is_numpy else base.permute(inverse)
    index = []
    for n, b, step, start in zip(shape, broadcast, steps.tolist(),
                                 starts.tolist()):
        if b or n == 0:
            index.append(slice(None) if b else slice(0, 0))
        elif step > 0:
            index.append(slice(start, start + n * step, step))
        else:
            first = start + (n - 1) * -step
            stop = first + n * step
            index.append(slice(first, stop if stop >= 0 else None, step))
    view = view[tuple(index)]
    if any(broadcast):
        view = (np.broadcast_to(view, shape) if is_numpy
                else view.expand(*shape))
    assert tuple(view.shape) == tuple(shape)
    return view


def random_options(rng, rank):
    if rank == 0:
        axis = [None, 0, -1][rng.integers(3)]
    else:
        axis = None if rng.random() < 0.3 else int(rng.integers(-rank, rank))
    return dict(axis=axis, keepdims=bool(rng.integers(2)),
                nan=["propagate", "ignore"][rng.integers(2)],
                ties=["first", "last"][rng.integers(2)],
                index_dtype=["int64", "int32"][rng.integers(2)],
                threads=int(rng.integers(4)))


def torch_argmin(t, axis, keepdims):
    """Returns torch.argmin's answer as numpy, or None where torch fails."""
    try:
        return torch.argmin(t, dim=axis, keepdim=keepdims).numpy()
    except (IndexError, RuntimeError):
        return None


@pytest.fixture
def small_grain():
    """Lets calls over a few elements use threads."""
    argmin.set_parallel_grain(16)
    yield
    argmin.set_parallel_grain(0)


def run_random_cases(seed, count):
    rng = np.random.default_rng(seed)
    dtypes = DTYPES + (["bfloat16"] if torch is not None else [])
    for case in range(count):
        dtype = dtypes[rng.integers(len(dtypes))]
        shape = random_shape(rng)
        options = random_options(rng, len(shape))
        context = "seed %d case %d: %s %s" % (seed, case, dtype, shape)
        if dtype == "bfloat16":
            def make_base(s):
                values = random_values(rng, np.float32, s)
                return torch.from_numpy(values).bfloat16()
            view = random_view(rng, shape, make_base, negative=False)
            check(view.float().numpy(), view, context, **options)
            continue
        view = random_view(rng, shape,
                           lambda s: random_values(rng, dtype, s))
        got = check(view, None, context, **options)
        if (torch is None or view.dtype not in TORCH_DTYPES
                or min(view.strides, default=0) < 0):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # read-only views
            tensor = torch.from_numpy(view)
        check(view, tensor, context + " (torch)", **options)
        if (got is not None and options["nan"] == "propagate"
                and options["ties"] == "first"):
            expected = torch_argmin(tensor, options["axis"],
                                    options["keepdims"])
            assert expected is not None, context
            assert np.array_equal(got, expected), context
            assert np.shape(got) == expected.shape, context


def test_random_cases_against_numpy_and_torch(small_grain):
    """A differential test over random dtypes, shapes, views and options."""
    run_random_cases(seed=2024, count=3000)


def test_random_cases_on_every_target(small_grain):
    best = argmin.target_name()
    names = supported_targets()
    assert names[0] == best
    try:
        for seed, name in enumerate(names):
            argmin.force_target(name)
            assert argmin.target_name() == name
            run_random_cases(seed=seed, count=150)
    finally:
        argmin.force_target(None)
    assert argmin.target_name() == best


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype_every_axis(dtype):
    rng = np.random.default_rng(7)
    for shape in [(1,), (17,), (3, 130), (4, 5, 6), (2, 3, 1, 70)]:
        x = random_values(rng, dtype, shape)
        for axis in [None] + list(range(-len(shape), len(shape))):
            for nan in ("propagate", "ignore"):
                for ties in ("first", "last"):
                    for keepdims in (False, True):
                        check(x, axis=axis, keepdims=keepdims, nan=nan,
                              ties=ties)
                    check(x.T, axis=axis, nan=nan, ties=ties)


@pytest.mark.parametrize("dtype", DTYPES)
def test_strided_views(dtype):
    rng = np.random.default_rng(11)
    base = random_values(rng, dtype, (6, 40, 9))
    views = [base.T, base[::-2], base[:, 1::3], base[::-1, ::-3, ::-2],
             base.transpose(1, 0, 2)[::-1], base[2, ::-1],
             np.broadcast_to(base[:, :1, 4:5], (6, 33, 7)),
             np.broadcast_to(base[3, 5], (4, 9))[:, ::-1],
             np.broadcast_to(base[0, :, 0], (3, 40)).T]
    for view in views:
        for axis in [None] + list(range(-view.ndim, view.ndim)):
            for ties in ("first", "last"):
                check(view, axis=axis, ties=ties)
                check(view, axis=axis, ties=ties, nan="ignore",
                      keepdims=True, index_dtype="int32")


def test_the_most_dimensions():
    x = np.arange(96, dtype=np.int16).reshape((1,) * 27 + (2, 1, 3, 4, 4))
    view = x[..., ::-1, :, ::-2]
    assert view.ndim == 32
    for axis in (None, 0, -1, -4, 28):
        check(view, axis=axis, keepdims=True)
        check(view, axis=axis, ties="last")


def test_calls_from_several_python_threads(small_grain):
    rng = np.random.default_rng(1)
    inputs = []
    for _ in range(8):
        x = rng.integers(-50, 50, (300, 301)).astype(np.float32)
        x[rng.random(x.shape) < 0.3] = np.nan
        inputs.append(x[:, ::-2])
    expected = [reference(x, axis=0, nan="ignore") for x in inputs]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(
            lambda x: argmin.argmin(x, axis=0, nan="ignore", threads=2),
            inputs * 4))
    for got, want in zip(results, expected * 4):
        assert np.array_equal(got, want)


def run_python(code, **env):
    """Runs `code` in a fresh interpreter (the installed package)."""
    env = dict(os.environ, **env)
    return subprocess.run([sys.executable, "-c", code], env=env,
                          capture_output=True, text=True, timeout=60)


def supported_targets():
    """Returns the target names force_target accepts here, best first."""
    names = []
    try:
        for name in TARGET_NAMES:
            try:
                argmin.force_target(name)
                names.append(name)
            except ValueError:
                pass
    finally:
        argmin.force_target(None)
    return names


def test_target_environment():
    worst = supported_targets()[-1]
    done = run_python("import argmin; print(argmin.target_name())",
                      ARGMIN_TARGET=worst)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == worst


@pytest.mark.parametrize("value", ["NOT_A_TARGET", "AVX2 ", "SCALARX"])
def test_rejected_target_environment_fails_the_import(value):
    # Nothing runs on another target instead: the import says why.
    done = run_python("import argmin", ARGMIN_TARGET=value)
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: ARGMIN_TARGET=%s names no target"
                           % value), done.stderr
    listed = last.split("supported:")[1].split()
    assert listed == supported_targets(), last


def test_lists_and_scalars():
    check(np.asarray([3, 1, 2, 1]), [3, 1, 2, 1])
    check(np.asarray([[3.5, -1.0], [0.0, 7.0]]), [[3.5, -1.0], [0.0, 7.0]],
          axis=0)
    assert argmin.argmin(5) == 0 and type(argmin.argmin(5)) is np.int64
    assert argmin.argmin(np.float32(2.5), axis=0) == 0
    assert argmin.argmin(True) == 0


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("axis", [None, 0, -1])
@pytest.mark.parametrize("keepdims", [False, True])
def test_zero_dimensional(dtype, axis, keepdims):
    x = np.array(1, dtype=dtype)
    got = argmin.argmin(x, axis=axis, keepdims=keepdims, index_dtype="int32")
    assert type(got) is np.int32 and got == 0
    assert argmin.nanargmin(x, axis=axis, keepdims=keepdims) == 0
    with pytest.raises(IndexError):
        argmin.argmin(x, axis=1)
    with pytest.raises(IndexError):
        argmin.argmin(x, axis=-2)


def test_zero_dimensional_nan():
    x = np.array(np.nan, dtype=np.float32)
    assert argmin.argmin(x) == 0
    with pytest.raises(ValueError, match="All-NaN slice encountered"):
        argmin.nanargmin(x, axis=0)


def test_empty_inputs():
    for shape, axis in [((0,), None), ((0,), 0), ((3, 0), 1), ((3, 0), None),
                        ((0, 0), 0), ((2, 0, 4), -2)]:
        with pytest.raises(ValueError, match="empty sequence") as error:
            argmin.argmin(np.zeros(shape, np.float32), axis=axis)
        assert error.value.status_name == "ARGMIN_ERROR_EMPTY_REDUCTION"
        assert isinstance(error.value, argmin.ArgminError)
        with pytest.raises(ValueError):
            np.argmin(np.zeros(shape), axis=axis)
    for shape, axis, keepdims, out_shape in [
            ((0, 3), 1, False, (0,)), ((0, 3), 1, True, (0, 1)),
            ((0, 3), -1, True, (0, 1)), ((2, 0, 4), 2, False, (2, 0)),
            ((2, 0, 4), 0, True, (1, 0, 4))]:
        x = np.zeros(shape, np.int16)
        got = argmin.argmin(x, axis=axis, keepdims=keepdims)
        assert got.shape == out_shape and got.dtype == np.int64
        assert got.shape == np.argmin(x, axis=axis, keepdims=keepdims).shape


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_nan_policies_from_the_semantics_table(dtype):
    nan, inf = np.nan, np.inf
    # (input, propagate-first, propagate-last, ignore-first, ignore-last)
    table = [([3, nan, 1, nan, 1], 1, 3, 2, 4),
             ([0.0, -0.0, 0.0], 0, 2, 0, 2),
             ([inf, -inf, -inf], 1, 2, 1, 2),
             ([nan, inf], 0, 0, 1, 1),
             ([nan, nan], 0, 1, None, None)]
    for values, *expected in table:
        x = np.array(values, dtype=dtype)
        for (nan_policy, ties), want in zip(
                [("propagate", "first"), ("propagate", "last"),
                 ("ignore", "first"), ("ignore", "last")], expected):
            if want is None:
                with pytest.raises(ValueError, match="All-NaN") as error:
                    argmin.argmin(x, nan=nan_policy, ties=ties)
                assert error.value.status_name == "ARGMIN_ERROR_ALL_NAN"
            else:
                assert argmin.argmin(x, nan=nan_policy, ties=ties) == want
    assert argmin.argmin(np.array([3, nan, 1], dtype)) == np.argmin(
        np.array([3, nan, 1], dtype)) == 1
    assert argmin.nanargmin(np.array([3, nan, 1], dtype)) == 2


def test_all_nan_slice_along_an_axis():
    x = np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, 2.0]])
    assert argmin.nanargmin(x, axis=1).tolist() == [0, 2]
    assert argmin.argmin(x, axis=0).tolist() == [1, 0, 1]
    with pytest.raises(ValueError, match="All-NaN"):
        argmin.nanargmin(x, axis=0)
    with pytest.raises(ValueError, match="All-NaN"):
        np.nanargmin(x, axis=0)


def test_exact_orderings():
    big = np.array([2**53 + 1, 2**53], np.int64)  # equal as doubles
    assert argmin.argmin(big) == 1
    assert argmin.argmin(np.array([2**64 - 1, 2**63, 2**63 - 1],
                                  np.uint64)) == 2
    info = np.iinfo(np.int64)
    assert argmin.argmin(np.array([info.max, info.min + 1, info.min])) == 2
    subnormals = np.array([0x0001, 0x8001], np.uint16).view(np.float16)
    assert argmin.argmin(subnormals) == 1
    trues = np.array([2, 1, 255], np.uint8).view(np.bool_)
    assert argmin.argmin(trues) == 0
    assert argmin.argmin(trues, ties="last") == 2
    assert argmin.argmin(np.array([2, 1, 0, 3], np.uint8).view(np.bool_)) == 2


def test_ties_along_axes():
    x = np.array([[1, 0, 0, 2], [5, 5, 5, 5]], np.int8)
    assert argmin.argmin(x, axis=1).tolist() == [1, 0]
    assert argmin.argmin(x, axis=1, ties="last").tolist() == [2, 3]
    assert argmin.argmin(x[:, ::-1], axis=1, ties="last").tolist() == [2, 3]
    assert argmin.argmin(x.T, ties="last") == 4  # logical order of x.T


@pytest.mark.parametrize("index_dtype", ["int32", np.int32, np.dtype("i4")])
def test_int32_indices(index_dtype):
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)[:, ::-1]
    got = argmin.argmin(x, axis=2, index_dtype=index_dtype)
    assert got.dtype == np.int32
    assert np.array_equal(got, np.argmin(x, axis=2))
    assert type(argmin.argmin(x, index_dtype=index_dtype)) is np.int32
    assert type(argmin.argmin(x, index_dtype=np.int64)) is np.int64


def test_thread_counts_agree(small_grain):
    rng = np.random.default_rng(3)
    for dtype in DTYPES:
        base = random_values(rng, dtype, (64, 9, 50))
        for x in (base, base.transpose(2, 0, 1)[::-1], base[:, 3]):
            for axis in [None] + list(range(x.ndim)):
                for nan in ("propagate", "ignore"):
                    for ties in ("first", "last"):
                        options = dict(axis=axis, nan=nan, ties=ties)
                        # One thread against numpy, then the others
                        # against one thread: the same answer, or the
                        # same error.
                        first = check(x, threads=1, **options)
                        for threads in (2, 3):
                            try:
                                got = argmin.argmin(x, threads=threads,
                                                    **options)
                            except ValueError as error:
                                assert first is None, (dtype, axis, threads)
                                assert error.status_name in (
                                    "ARGMIN_ERROR_EMPTY_REDUCTION",
                                    "ARGMIN_ERROR_ALL_NAN")
                                continue
                            assert first is not None, (dtype, axis, threads)
                            assert got.shape == first.shape
                            assert np.array_equal(got, first), (
                                dtype, axis, threads)


def element_strides(x):
    return tuple(s // x.itemsize for s in x.strides)


def read_in_place(x):
    """Asserts that argmin reads numpy array x where it lies, with its
    strides."""
    address, code, bits, shape, strides = argmin._core._input_view(x)
    assert address == x.ctypes.data
    assert bits == 8 * x.itemsize
    assert shape == x.shape
    assert strides == element_strides(x)


def test_views_are_not_copied():
    base = np.arange(210, dtype=np.float32).reshape(5, 6, 7)
    views = [base.T, base[::-1, :, ::-2], base[:, 1::3],
             base[::-2, ::-1, ::-3], np.broadcast_to(base[:, :1], (5, 9, 7)),
             base.transpose(2, 0, 1)[1:, ::-1], base[3, ::-1]]
    for view in views:
        check(view, axis=1)
        read_in_place(view)
    misaligned = np.frombuffer(bytearray(4 * 33 + 1), np.float32, 33, 1)
    assert misaligned.ctypes.data % 4 != 0
    check(misaligned, axis=0, keepdims=True)
    check(misaligned)
    read_in_place(misaligned)
    for dtype in DTYPES:
        read_in_place(np.zeros((3, 4), dtype)[::-1, ::2])


def test_huge_broadcast_views_are_not_copied():
    # A copy would need 4 TiB; the library fails on the shape alone.
    huge = np.broadcast_to(np.float32(1), (1 << 40,))
    start = time.perf_counter()
    with pytest.raises(ValueError, match="overflow") as error:
        argmin.argmin(huge, index_dtype="int32")
    assert error.value.status_name == "ARGMIN_ERROR_INDEX_OVERFLOW"
    with pytest.raises(IndexError):
        argmin.argmin(np.broadcast_to(np.int8(1), (1 << 20, 1 << 20)), 2)
    with pytest.raises(ValueError, match="empty"):
        argmin.argmin(np.broadcast_to(np.int8(1), (1 << 40, 0)), axis=1)
    assert argmin.argmin(np.broadcast_to(np.int8(1), (1 << 40, 0)),
                         axis=0).shape == (0,)
    assert time.perf_counter() - start < 5


def test_odd_strides_and_byte_order_are_copied():
    packed = np.zeros(9, dtype=[("a", "u1"), ("b", "<f4")])
    packed["b"] = [4, 3, 7, -1, 0, -1, 9, 2, 2]
    field = packed["b"]
    assert field.strides == (5,)
    check(field)
    address, _, _, _, strides = argmin._core._input_view(field)
    assert address != field.ctypes.data and strides == (1,)
    check(field[::-2], ties="last")
    swapped = np.array([[3, 1, 2], [0, 5, 0]], dtype=">i4")
    check(swapped, axis=1)
    check(swapped.T, axis=1, ties="last")
    check(np.array([2.0, np.nan, -1.0], ">f8"), nan="ignore")


def test_argument_errors():
    x = np.arange(6.0).reshape(2, 3)
    for axis in (2, -3, 2**40, 2**70, -2**70):
        with pytest.raises(IndexError) as error:
            argmin.argmin(x, axis=axis)
        assert isinstance(error.value, AxisError)
        assert isinstance(error.value, ValueError)
    with pytest.raises(IndexError, match="ARGMIN_ERROR_BAD_AXIS"):
        argmin.argmin(x, axis=5)
    for axis in (1.0, "1", (0, 1)):
        with pytest.raises(TypeError):
            argmin.argmin(x, axis=axis)
    for kwargs in (dict(nan="skip"), dict(nan="Ignore"), dict(ties="middle"),
                   dict(index_dtype="int16"), dict(index_dtype=np.uint64),
                   dict(index_dtype="float64"), dict(index_dtype=None),
                   dict(threads=-1)):
        with pytest.raises(ValueError):
            argmin.argmin(x, **kwargs)
    for kwargs in (dict(nan=None), dict(ties=1), dict(threads=1.5)):
        with pytest.raises(TypeError):
            argmin.argmin(x, **kwargs)
    with pytest.raises(TypeError):
        argmin.nanargmin(x, nan="ignore")


@pytest.mark.parametrize("values", [
    np.array([1 + 2j, 0j]), np.array(["a", "b"]), np.array([b"a"]),
    np.array([object(), object()]), np.array([1, 2], "datetime64[s]"),
    np.array([1, 2], "timedelta64[s]"), np.zeros(2, "V4"),
    np.zeros(2, [("a", "i4")]), np.zeros(2, np.longdouble)])
def test_unsupported_dtypes(values):
    with pytest.raises(TypeError, match="dtype"):
        argmin.argmin(values)


def test_masked_arrays_are_refused():
    with pytest.raises(TypeError, match="masked"):
        argmin.argmin(np.ma.masked_array([1.0, 0.0], mask=[False, True]))


def test_errors_carry_the_library_message():
    with pytest.raises(argmin.ArgminError) as error:
        argmin.nanargmin([np.nan, np.nan])
    assert error.value.status == 7
    assert error.value.detail in str(error.value)
    assert error.value.detail.startswith("argmin: all-NaN slice")
    assert error.value.library_message == (
        "all-NaN slice encountered (NaN policy ignore)")
    assert "ARGMIN_ERROR_ALL_NAN" in str(error.value)


def test_targets_and_grain():
    best = argmin.target_name()
    assert isinstance(best, str) and best
    with pytest.raises(ValueError, match="UNKNOWN_TARGET"):
        argmin.force_target("NOT_A_TARGET")
    assert argmin.target_name() == best
    try:
        argmin.force_target(best)
        assert argmin.target_name() == best
        argmin.force_target("")
    finally:
        argmin.force_target(None)
    assert argmin.target_name() == best
    with pytest.raises(TypeError):
        argmin.force_target(3)
    with pytest.raises(ValueError):
        argmin.set_parallel_grain(-1)
    argmin.set_parallel_grain(0)


class Producer:
    """A DLPack producer that keeps the capsules it made."""

    def __init__(self, array):
        self.array = array
        self.capsules = []

    def __dlpack__(self, stream=None):
        self.capsules.append(self.array.__dlpack__())
        return self.capsules[-1]


def test_dlpack_capsules_are_consumed_once():
    # numpy's DLPack export holds a reference to the array until its deleter
    # runs: a missed deleter leaks one, a second call frees one too many.
    x = np.array([[4.0, 2.0, 9.0], [1.0, 3.0, 1.0]])
    before = sys.getrefcount(x)
    producer = Producer(x)
    assert argmin.argmin(producer) == 3
    assert argmin.argmin(producer, axis=1, ties="last").tolist() == [1, 2]
    with pytest.raises(IndexError):
        argmin.argmin(producer, axis=2)
    assert len(producer.capsules) == 3
    assert sys.getrefcount(x) == before + 1  # producer.array
    del producer
    gc.collect()
    assert sys.getrefcount(x) == before


@needs_torch
def test_torch_tensors_are_released():
    tensor = torch.arange(1000, dtype=torch.float32).flip(0)
    alive = weakref.ref(tensor)
    assert argmin.argmin(tensor) == 999
    with pytest.raises(ValueError):
        argmin.nanargmin(tensor, axis=1)
    del tensor
    gc.collect()
    assert alive() is None


@needs_torch
@pytest.mark.parametrize("dtype", ["float32", "bfloat16", "float16",
                                   "float64", "int64", "int32", "int16",
                                   "int8", "uint8"])
def test_torch_tensors(dtype):
    torch.manual_seed(0)
    dtype = getattr(torch, dtype)
    base = torch.randint(-3, 4, (7, 40, 5)).to(dtype)
    if dtype.is_floating_point:
        base[0, 3, 1] = base[4, 0, 0] = float("nan")
        base[1] = torch.randn(40, 5).to(dtype)
    views = [base, base.transpose(0, 2), base.permute(1, 2, 0)[::2],
             base[:, 1::3, 2], base[2:3].expand(6, 40, 5),
             base[:, :1].expand(7, 13, 5).transpose(0, 1)]
    for view in views:
        for axis in [None] + list(range(-view.dim(), view.dim())):
            for keepdims in (False, True):
                expected = torch.argmin(view, dim=axis, keepdim=keepdims)
                got = argmin.argmin(view, axis=axis, keepdims=keepdims)
                assert np.shape(got) == tuple(expected.shape)
                assert np.array_equal(got, expected.numpy())
                check(view.float().numpy(), view, axis=axis, nan="ignore",
                      keepdims=keepdims)
            last = argmin.argmin(view, axis=axis, ties="last")
            if axis is None:
                flipped = torch.argmin(view.reshape(-1).flip(0))
                assert last == view.numel() - 1 - flipped
            else:
                flipped = torch.argmin(view.flip(axis), dim=axis)
                assert np.array_equal(last, view.shape[axis] - 1
                                      - flipped.numpy())


@needs_torch
def test_torch_unsupported_dtype():
    with pytest.raises(TypeError, match="ARGMIN_ERROR_UNSUPPORTED_DTYPE"):
        argmin.argmin(torch.zeros(3, dtype=torch.complex64))


@needs_torch
def test_torch_bool_tensors():
    # torch 1.13 exports no bool tensor through DLPack: such a tensor is read
    # through numpy.asarray, in place.
    torch.manual_seed(1)
    tensor = torch.rand(6, 50) < 0.5
    for axis in (None, 0, 1):
        for ties in ("first", "last"):
            check(tensor.numpy(), tensor, axis=axis, ties=ties)


@needs_ml_dtypes
def test_ml_dtypes_bfloat16():
    rng = np.random.default_rng(5)
    values = rng.integers(-4, 5, (5, 70)).astype(np.float32)
    values[rng.random(values.shape) < 0.1] = np.nan
    values[0] = np.nan
    x = values.astype(ml_dtypes.bfloat16)
    assert x.dtype.name == "bfloat16"
    assert np.array_equal(x.astype(np.float32), values, equal_nan=True)
    for view in (x, x.T, x[::-1, 3::2], np.broadcast_to(x[1], (4, 70))):
        as_float = view.astype(np.float32)
        for axis in (None, 0, 1, -1):
            for nan in ("propagate", "ignore"):
                for ties in ("first", "last"):
                    check(as_float, view, axis=axis, nan=nan, ties=ties)
        address, code, bits, shape, strides = argmin._core._input_view(view)
        assert (address, shape, strides) == (
            view.ctypes.data, view.shape, element_strides(view))
        assert (code, bits) == (4, 16)  # kDLBfloat
    # -0.0 and +0.0 tie; the smallest subnormal is above both.
    zeros = np.array([0.0, -0.0, 9.2e-41, -9.2e-41], np.float32)
    assert argmin.argmin(zeros.astype(ml_dtypes.bfloat16)) == 3


def test_numpy_axis_error_class():
    with pytest.raises(AxisError) as error:
        argmin.argmin(np.zeros((2, 3)), axis=-3)
    assert isinstance(error.value, argmin.ArgminError)
    assert str(error.value).startswith(
        "axis -3 is out of bounds for array of dimension 2")


def test_the_gil_is_released_for_large_inputs():
    """Another Python thread runs while a large input is reduced."""
    x = np.random.default_rng(2).standard_normal(1 << 24).astype(np.float32)
    state = {"in_call": False, "stop": False, "seen": 0}

    def watch():
        while not state["stop"]:
            if state["in_call"]:
                state["seen"] += 1
            time.sleep(0.0001)

    # No thread switch while the main thread runs Python: the watcher can
    # only run while argmin has released the GIL (or the main one sleeps).
    interval = sys.getswitchinterval()
    watcher = threading.Thread(target=watch)
    watcher.start()
    sys.setswitchinterval(10.0)
    try:
        got, seen = [], []
        for call in (lambda: argmin.argmin(x, threads=1),
                     lambda: argmin.argmin(x.reshape(256, -1), axis=1,
                                           threads=1)):
            state["seen"] = 0
            for _ in range(5):
                state["in_call"] = True
                got.append(call())
                state["in_call"] = False
            seen.append(state["seen"])
    finally:
        sys.setswitchinterval(interval)
        state["stop"] = True
        watcher.join()
    assert min(seen) > 0, seen
    assert all(g == np.argmin(x) for g in got[:5])
    assert all(np.array_equal(g, np.argmin(x.reshape(256, -1), axis=1))
               for g in got[5:])


def test_two_python_threads_on_large_inputs():
    rng = np.random.default_rng(4)
    inputs = [rng.standard_normal((1024, 4096)).astype(np.float32)
              for _ in range(2)]
    inputs[1][100:, ::7] = np.nan
    expected = [(np.argmin(x), np.argmin(x, axis=0), np.nanargmin(x, axis=1))
                for x in inputs]

    def work(x):
        return (argmin.argmin(x, threads=1), argmin.argmin(x, axis=0),
                argmin.nanargmin(x, axis=1, threads=1))

    for _ in range(3):
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            results = list(pool.map(work, inputs))
        for got, want in zip(results, expected):
            assert got[0] == want[0]
            assert np.array_equal(got[1], want[1])
            assert np.array_equal(got[2], want[2])


SIGNATURE = ["x", "axis", "keepdims", "nan", "ties", "index_dtype", "threads"]


def test_docstrings_signatures_and_stubs():
    for name in ("argmin", "nanargmin", "target_name", "force_target",
                 "set_parallel_grain"):
        function = getattr(argmin, name)
        assert len(inspect.getdoc(function)) > 40, name
        assert pickle.loads(pickle.dumps(function)) is function
    assert "keepdims: keep each reduced dimension" in argmin.argmin.__doc__
    parameters = inspect.signature(argmin.argmin).parameters
    assert list(parameters) == SIGNATURE
    assert [parameters[n].default for n in SIGNATURE[1:]] == [
        None, False, "propagate", "first", "int64", 0]
    assert list(inspect.signature(argmin.nanargmin).parameters) == [
        n for n in SIGNATURE if n != "nan"]
    package = pathlib.Path(argmin.__file__).parent
    assert (package / "py.typed").exists()
    stub = ast.parse((package / "_core.pyi").read_text())
    functions = {f.name: [a.arg for a in f.args.args] for f in stub.body
                 if isinstance(f, ast.FunctionDef)}
    assert functions["argmin"] == SIGNATURE
    assert functions["nanargmin"] == [a for a in SIGNATURE if a != "nan"]
    assert functions["force_target"] == ["name"]
    assert functions["set_parallel_grain"] == ["elements"]
    assert functions["target_name"] == []


def test_bytes_and_masked_arrays_are_not_read_as_arrays():
    with pytest.raises(TypeError, match="dtype"):
        argmin.argmin(b"\x03\x01\x02")
    assert argmin.argmin(bytearray(b"\x03\x01\x02")) == 1  # uint8 elements
    assert argmin.argmin(memoryview(np.array([5, -2, 7], np.int16))) == 1


def test_policy_strings_are_compared_whole():
    x = np.array([1, 0, 0], np.int8)
    for kwargs in (dict(ties="last\x00junk"), dict(nan="ignore\x00"),
                   dict(index_dtype="int32\x00?")):
        with pytest.raises(ValueError):
            argmin.argmin(x, **kwargs)
    with pytest.raises(ValueError, match="UNKNOWN_TARGET"):
        argmin.force_target(argmin.target_name() + "\x00")


@needs_ml_dtypes
def test_ml_dtypes_bfloat16_in_the_other_byte_order():
    x = np.array([3, 1, -2, 2, -2], ml_dtypes.bfloat16)
    swapped = x.byteswap().view(x.dtype.newbyteorder(">"))
    assert not swapped.dtype.isnative
    assert np.array_equal(swapped.astype(np.float32), x.astype(np.float32))
    assert argmin.argmin(swapped) == 2
    assert argmin.argmin(swapped, ties="last") == 4


class BrokenProducer:
    def __dlpack__(self, stream=None):
        raise RuntimeError("the producer's own error")


def test_a_producer_error_propagates():
    with pytest.raises(RuntimeError, match="the producer's own error"):
        argmin.argmin(BrokenProducer())


@pytest.mark.skipif(np.lib.NumpyVersion(np.__version__) < "2.0.0",
                    reason="numpy 1 has at most 32 dimensions")
def test_more_than_32_dimensions_are_refused_alike():
    x = np.zeros((1,) * 40 + (3,), np.float32)
    for kwargs in (dict(), dict(keepdims=True), dict(axis=-1)):
        with pytest.raises(ValueError) as error:
            argmin.argmin(x, **kwargs)
        assert error.value.status_name == "ARGMIN_ERROR_BAD_SHAPE"


class DLDevice(ctypes.Structure):
    _fields_ = [("device_type", ctypes.c_int), ("device_id", ctypes.c_int)]


class DLDataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8),
                ("lanes", ctypes.c_uint16)]


class DLTensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("device", DLDevice),
                ("ndim", ctypes.c_int), ("dtype", DLDataType),
                ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("strides", ctypes.POINTER(ctypes.c_int64)),
                ("byte_offset", ctypes.c_uint64)]


class DLManagedTensor(ctypes.Structure):
    _fields_ = [("dl_tensor", DLTensor), ("manager_ctx", ctypes.c_void_p),
                ("deleter", ctypes.c_void_p)]


class DeviceProducer:
    """Exports float32 data through DLPack as if it lay on `device_type`."""

    def __init__(self, values, device_type, byte_offset=0):
        self.values = np.ascontiguousarray(values, np.float32)
        self.shape = (ctypes.c_int64 * 1)(self.values.size)
        self.managed = DLManagedTensor(DLTensor(
            self.values.ctypes.data - byte_offset, DLDevice(device_type, 0),
            1, DLDataType(2, 32, 1), self.shape, None, byte_offset))

    def __dlpack__(self, stream=None):
        new = ctypes.pythonapi.PyCapsule_New
        new.restype = ctypes.py_object
        new.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
        return new(ctypes.addressof(self.managed), b"dltensor", None)


def test_dlpack_devices_and_byte_offsets():
    values = [4.0, 2.0, -1.0, 7.0]
    assert argmin.argmin(DeviceProducer(values, 1, byte_offset=8)) == 2
    with pytest.raises(ValueError) as error:
        argmin.argmin(DeviceProducer(values, 2))  # kDLCUDA
    assert error.value.status_name == "ARGMIN_ERROR_UNSUPPORTED_DEVICE"


@needs_torch
def test_torch_tensors_that_require_grad():
    tensor = torch.tensor([3.0, -1.0, 2.0], requires_grad=True)
    assert argmin.argmin(tensor) == torch.argmin(tensor).item() == 1


def test_scalar_results_are_independent_values():
    # Each 0-d answer is its own numpy scalar: a later call changes none.
    first = argmin.argmin(np.array([3, 1, 2]))
    first32 = argmin.argmin([7, 0], index_dtype="int32")
    second = argmin.argmin(np.array([0, 5, -1]))
    second32 = argmin.argmin([7, 9, 0], index_dtype="int32")
    assert (first, first32, second, second32) == (1, 1, 2, 2)
    assert type(first) is np.int64 and type(first32) is np.int32


def test_errors_name_the_call_and_what_was_given():
    with pytest.raises(ValueError) as error:
        argmin.argmax(np.array([]))
    assert str(error.value).startswith(
        "attempt to get argmax of an empty sequence (")
    assert error.value.detail == (
        "argmax of an empty sequence: the input of shape (0) has no elements")
    with pytest.raises(ValueError) as error:
        argmin.max(np.zeros((3, 0), np.float32), axis=1)
    assert error.value.detail == (
        "argmax of an empty sequence: axis 1 of the input of shape (3, 0) "
        "has extent 0")
    with pytest.raises(ValueError) as error:
        argmin.argminmax(np.zeros((2, 3)), axis=2)
    assert error.value.detail == (
        "argminmax: axis 2 is out of range for an input of ndim 2, expected "
        "-2 to 1")
    with pytest.raises(ValueError) as error:
        argmin.nanargmin(np.array([[1.0, np.nan], [np.nan, np.nan]]), axis=1)
    assert error.value.detail.startswith("argmin: all-NaN slice encountered")


def test_the_package_lists_its_api_and_nothing_else():
    names = set(argmin.__all__)
    assert {"argmin", "argmax", "nanargmin", "nanargmax", "min", "max",
            "argminmax", "ArgminError", "target_name"} <= names
    for name in argmin.__all__:
        assert getattr(argmin, name) is not None
    listed = set(dir(argmin))
    assert listed == names | {"torch", "mindspore", "numpy", "onnx",
                              "pandas"}
    assert not {"np", "Any", "NamedTuple", "annotations"} & listed
    # The op codes are the C ABI's, named.
    core = argmin._core
    assert (core.OP_MIN, core.OP_MAX, core.OP_MINMAX) == (0, 1, 2)
