"""argmin: numpy- and torch-compatible argmin and its family, compiled.

``argmin.argmin(x, axis=None)`` gives the index of the minimum of ``x``, as
``numpy.argmin`` and ``torch.argmin`` do, computed by the C++ library through
the extension module ``argmin._core``; ``argmax``, ``nanargmax``, ``min`` and
``max`` (values and indices, as torch.min(x, dim)) and ``argminmax`` (both
indices from one read of the data) take the same arguments. ``x`` may be a numpy array of any
dtype the library supports (bool, int8-64, uint8-64, float16/32/64, and
ml_dtypes.bfloat16), any object with ``__dlpack__`` on the CPU (a torch
tensor, bfloat16 included), or anything ``numpy.asarray`` accepts.
docs/semantics.md states the full semantics.

``segment_reduce`` and ``group_reduce`` (and ``segment_argmin``,
``segment_argmax``, ``group_argmin``, ``group_argmax``) compute the same per
segment of an axis (CSR offsets, as torch_scatter's segment_csr) or per
group of its positions (one integer key per position), in one call.

Front ends with each framework's own signatures, defaults, result types and
rules, on the same kernels: ``argmin.torch``, ``argmin.mindspore`` (2.x),
``argmin.numpy``, ``argmin.onnx`` and ``argmin.pandas`` (groupby's idxmin
and idxmax), loaded on first use
(``argmin.numpy.nanargmin``) or by ``import argmin.torch``.

Inputs are read in place, whatever their strides (transposed, reversed,
sliced and broadcast views included). Two cases are copied first: a numpy
array with a byte stride that is not a multiple of its item size (such as a
field of a packed structured array), and one in non-native byte order.
"""
from __future__ import annotations

from typing import Any, NamedTuple, SupportsIndex

import numpy as np

from . import _core

# An ARGMIN_TARGET that names a target this CPU lacks makes every call fail
# (rather than run on another target): say so at once.
if _core.target_error():
    raise ImportError(_core.target_error())

try:  # numpy >= 1.25
    _AxisError = np.exceptions.AxisError
except AttributeError:
    _AxisError = np.AxisError

# The numpy dtypes the library reads, as (kind, item size) pairs.
# (kind, itemsize) of the numpy dtypes the library takes as they are, from
# its own list (bfloat16, not a numpy dtype, is viewed as uint16 bits).
_SUPPORTED = {(np.dtype(name).kind, np.dtype(name).itemsize)
              for name in _core.DTYPES if name != "bfloat16"}


class ArgminError(Exception):
    """Base of the errors that the C library reports.

    Each raised error is also a builtin error: ValueError, TypeError,
    MemoryError, or numpy's AxisError (a ValueError and an IndexError) for a
    bad axis. ``status`` is the argmin_status value, ``status_name`` its name
    (for example ``"ARGMIN_ERROR_ALL_NAN"``), ``library_message`` the text
    of argmin_status_message() and ``detail`` what was wrong with this call
    (argmin_last_error(): the op, the argument by name, what was expected
    and what was given), which the error's message ends with.
    """
    status = None
    status_name = None
    library_message = None
    detail = None


class ArgminValueError(ArgminError, ValueError):
    pass


class ArgminTypeError(ArgminError, TypeError):
    pass


class ArgminMemoryError(ArgminError, MemoryError):
    pass


class ArgminAxisError(ArgminError, _AxisError):
    pass


def _make_error(status, name, message, detail, axis, ndim):
    """Returns the exception for a failed library call, with numpy's wording
    in front where numpy raises the same error."""
    lead, cls = None, ArgminValueError
    # The library's detail starts with the call it failed in ("argmax: ...").
    call = detail.split(":")[0].split(" ")[0] or "argmin"
    if name == "ARGMIN_ERROR_BAD_AXIS":
        # Segmented and grouped calls also refuse axis None.
        if axis is not None:
            lead = "axis %d is out of bounds for array of dimension %d" % (
                axis, ndim)
        cls = ArgminAxisError
    elif name == "ARGMIN_ERROR_EMPTY_REDUCTION":
        lead = "attempt to get %s of an empty sequence" % call
    elif name == "ARGMIN_ERROR_ALL_NAN":
        lead = "All-NaN slice encountered"
    elif name == "ARGMIN_ERROR_UNSUPPORTED_DTYPE":
        cls = ArgminTypeError
    elif name == "ARGMIN_ERROR_OUT_OF_MEMORY":
        cls = ArgminMemoryError
    text = "%s: %s" % (name, detail or message)
    error = cls("%s (%s)" % (lead, text) if lead else text)
    error.status, error.status_name, error.library_message, error.detail = (
        status, name, message, detail)
    return error


def _as_array(x):
    """Returns (array, is_bfloat16): a numpy array the extension reads in
    place for an input it could not read as it is.

    Masked arrays are refused (their mask would be ignored); an
    ml_dtypes.bfloat16 array becomes its uint16 view; an array in another
    byte order, or with a byte stride that is not a multiple of its item
    size, is copied; other inputs go through numpy.asarray.
    """
    if isinstance(x, np.ma.MaskedArray):
        raise TypeError("argmin does not take masked arrays; pass "
                        "x.filled(value) or use numpy.ma.argmin")
    array = np.asarray(x)
    if (array.dtype == object and hasattr(type(x), "__dlpack__")
            and not isinstance(x, np.ndarray)):
        # numpy could not read a DLPack producer that nanobind could not
        # either: call it again, so that the producer's own error shows.
        x.__dlpack__()
    x = array
    if not x.dtype.isnative:
        x = x.astype(x.dtype.newbyteorder("="))
    bfloat16 = x.dtype.name == "bfloat16" and x.dtype.itemsize == 2
    if bfloat16:
        x = x.view(np.uint16)
    elif (x.dtype.kind, x.dtype.itemsize) not in _SUPPORTED:
        raise TypeError(
            "argmin does not support dtype %s: expected bool, int8-64, "
            "uint8-64, float16, float32, float64 or bfloat16" % x.dtype)
    if any(s % x.itemsize for s in x.strides):
        x = np.array(x, order="C")
    return x, bfloat16


# The extension's functions, bound once: a module global is found faster
# than an attribute of _core on every call.
_core_argmin = _core.argmin
_core_nanargmin = _core.nanargmin
_core_argmax = _core.argmax
_core_nanargmax = _core.nanargmax
_core_extremes = _core.extremes
_core_segment_reduce = _core.segment_reduce
_core_group_reduce = _core.group_reduce


def argmin(x: Any, axis: SupportsIndex | None = None, keepdims: bool = False,
           nan: str = "propagate", ties: str = "first",
           index_dtype: Any = "int64", threads: SupportsIndex = 0) -> Any:
    """Returns the index of the minimum of `x`, over all elements or along
    `axis`, as numpy.argmin and torch.argmin do.

    x: a numpy array of any strides (read in place), an object with
        ``__dlpack__`` on the CPU (torch tensors, bfloat16 included), a
        numpy array of ml_dtypes.bfloat16, or anything else numpy.asarray
        accepts (not masked arrays). dtypes: bool, int8-64, uint8-64,
        float16, bfloat16, float32, float64; at most 32 dimensions.
    axis: None reduces over all elements and returns the flat index in the
        row-major order of x's shape; an int (negative counts from the end)
        reduces along that axis. A 0-d x accepts None, 0 and -1, as torch.
    keepdims: keep each reduced dimension with extent 1.
    nan: "propagate" (a NaN is smaller than every number: the first NaN
        wins, as in numpy.argmin) or "ignore" (NaNs are skipped, as in
        numpy.nanargmin; a slice of only NaNs raises ValueError).
    ties: "first" or "last": which index wins among equal minima.
    index_dtype: "int64" or "int32" (or numpy.int64, numpy.int32).
    threads: the number of threads; 0 is OpenMP's default (one thread
        inside an active OpenMP parallel region). Calls running at once
        share the cores, and calls in a forked child work as in the parent
        (docs/threads.md). The answer does not depend on it. Inputs of
        32768 elements or more are reduced with the GIL released.

    Returns a numpy array of index_dtype, or a numpy integer when the result
    is 0-d. Raises numpy's AxisError (a ValueError and an IndexError) for a
    bad axis, ValueError for an empty reduction, an all-NaN slice under
    "ignore" or a bad option, and TypeError for an unsupported dtype; errors
    that the library reports are also ArgminError.
    """
    return _core_argmin(x, axis, keepdims, nan, ties, index_dtype, threads)


def nanargmin(x: Any, axis: SupportsIndex | None = None,
              keepdims: bool = False, ties: str = "first",
              index_dtype: Any = "int64", threads: SupportsIndex = 0) -> Any:
    """Returns the index of the minimum of `x` with NaNs skipped, as
    numpy.nanargmin does: argmin(x, ..., nan="ignore").

    A slice of only NaNs raises ValueError ("All-NaN slice encountered").
    Unlike numpy.nanargmin, a NaN never wins: numpy gives 0 for
    ``[nan, inf]``, this gives 1. See argmin for the arguments.
    """
    return _core_nanargmin(x, axis, keepdims, ties, index_dtype, threads)


def argmax(x: Any, axis: SupportsIndex | None = None, keepdims: bool = False,
           nan: str = "propagate", ties: str = "first",
           index_dtype: Any = "int64", threads: SupportsIndex = 0) -> Any:
    """Returns the index of the maximum of `x`, over all elements or along
    `axis`, as numpy.argmax and torch.argmax do.

    Arguments as argmin's. nan="propagate": a NaN is above every number, so
    the first NaN wins (the last with ties="last"); "ignore": NaNs are
    skipped and a slice of only NaNs raises ValueError. bool is accepted
    (True > False), as numpy does and torch 1.13 does not.
    """
    return _core_argmax(x, axis, keepdims, nan, ties, index_dtype, threads)


def nanargmax(x: Any, axis: SupportsIndex | None = None,
              keepdims: bool = False, ties: str = "first",
              index_dtype: Any = "int64", threads: SupportsIndex = 0) -> Any:
    """Returns the index of the maximum of `x` with NaNs skipped:
    argmax(x, ..., nan="ignore").

    Unlike numpy.nanargmax, a NaN never wins: numpy gives 0 for
    ``[nan, -inf]``, this gives 1. See argmin for the arguments.
    """
    return _core_nanargmax(x, axis, keepdims, ties, index_dtype, threads)


class ValuesIndices(NamedTuple):
    """What min and max return, as torch.min(x, dim) does: the extreme
    values, x[indices] bit for bit, and their indices."""
    values: Any
    indices: Any


def _bfloat16_values(x, values):
    """Returns `values` (uint16 bits) as ml_dtypes.bfloat16 if x is bfloat16
    and ml_dtypes is installed; the bits otherwise."""
    dtype = str(getattr(x, "dtype", ""))
    if dtype not in ("bfloat16", "torch.bfloat16"):
        return values
    try:
        import ml_dtypes
    except ImportError:
        return values
    return values.view(ml_dtypes.bfloat16)


def _extremes(op, values, x, axis, keepdims, nan, ties, index_dtype,
              threads):
    """Returns the arrays of _core.extremes, 0-d ones as numpy scalars."""
    arrays = _core_extremes(op, values, x, axis, keepdims, nan, ties,
                            index_dtype, threads)
    return tuple(a[()] if a.ndim == 0 else a for a in arrays)


def _values_indices(op, x, axis, keepdims, nan, ties, index_dtype, threads):
    """Returns min's (op _core.OP_MIN) or max's (_core.OP_MAX)
    ValuesIndices."""
    indices, values = _extremes(op, True, x, axis, keepdims, nan, ties,
                                index_dtype, threads)
    return ValuesIndices(_bfloat16_values(x, values), indices)


def min(x: Any, axis: SupportsIndex | None = None, keepdims: bool = False,
        nan: str = "propagate", ties: str = "first",
        index_dtype: Any = "int64",
        threads: SupportsIndex = 0) -> ValuesIndices:
    """Returns (values, indices) of the minimum of `x` over all elements or
    along `axis`, as torch.min(x, dim) does.

    indices are argmin's; values are x at those indices, bit for bit (the
    sign of a zero and a NaN's payload kept), of x's dtype (bfloat16 as
    ml_dtypes.bfloat16 when it is installed, else as its uint16 bits).
    With axis None both are numpy scalars (torch.min(x) gives the value
    alone). Arguments as argmin's.
    """
    return _values_indices(_core.OP_MIN, x, axis, keepdims, nan, ties,
                           index_dtype, threads)


def max(x: Any, axis: SupportsIndex | None = None, keepdims: bool = False,
        nan: str = "propagate", ties: str = "first",
        index_dtype: Any = "int64",
        threads: SupportsIndex = 0) -> ValuesIndices:
    """Returns (values, indices) of the maximum of `x`, as min does for the
    minimum (torch.max(x, dim)). Arguments as argmax's."""
    return _values_indices(_core.OP_MAX, x, axis, keepdims, nan, ties,
                           index_dtype, threads)


def argminmax(x: Any, axis: SupportsIndex | None = None,
              keepdims: bool = False, nan: str = "propagate",
              ties: str = "first", index_dtype: Any = "int64",
              threads: SupportsIndex = 0) -> tuple:
    """Returns (argmin(x, ...), argmax(x, ...)) from one read of the data.

    Each equals what the separate call gives under the same arguments.
    """
    return _extremes(_core.OP_MINMAX, False, x, axis, keepdims, nan, ties,
                     index_dtype, threads)


# The ops of segment_reduce and group_reduce, by the name of the function
# that computes the same over a whole axis.
_GROUPED_OPS = {"argmin": _core.OP_MIN, "argmax": _core.OP_MAX,
                "argminmax": _core.OP_MINMAX}


def _grouped_result(op, values, x, arrays):
    """Returns what segment_reduce and group_reduce give for the arrays of
    _core.segment_reduce or _core.group_reduce."""
    if values:
        pairs = tuple(ValuesIndices(_bfloat16_values(x, found), indices)
                      for indices, found in zip(arrays[0::2], arrays[1::2]))
        return pairs if op == "argminmax" else pairs[0]
    return arrays if op == "argminmax" else arrays[0]


def _grouped_op(op):
    """Returns the library's op code for the op name `op`."""
    code = _GROUPED_OPS.get(op) if isinstance(op, str) else None
    if code is None:
        raise ValueError("op must be one of 'argmin', 'argmax', "
                         "'argminmax', not %r" % (op,))
    return code


def segment_reduce(x: Any, offsets: Any, op: str = "argmin",
                   axis: SupportsIndex = 0, *, values: bool = False,
                   nan: str = "propagate", ties: str = "first",
                   index_dtype: Any = "int64", empty: Any = -1,
                   within_segment: bool = False,
                   threads: SupportsIndex = 0) -> Any:
    """Returns argmin, argmax or both of each segment of `x` along `axis`,
    segment s being positions [offsets[s], offsets[s + 1]) of that axis.

    x: as argmin's (numpy arrays, DLPack producers, bfloat16, ...).
    offsets: CSR offsets, S + 1 >= 1 of them, as torch_scatter's
        segment_csr takes them: a 1-D int64 or int32 array (any strides,
        any DLPack producer, or a list of ints), the first 0, none less
        than the one before, the last the extent of the axis. Segments may
        be empty.
    op: "argmin", "argmax" or "argminmax" (both, from one read of the
        data).
    axis: the axis to segment (an int; negative counts from the end).
    values: also give each winner's value, x at its index bit for bit.
    nan: "propagate" (the first NaN wins, as in argmin), "ignore" (NaNs
        are skipped; a segment of only NaNs raises ValueError) or
        "ignore_partial" (as "ignore", but a segment of only NaNs gets index
        -1, and its first element, its last with ties="last", as value).
    ties: "first" or "last", as argmin's.
    index_dtype: "int64" or "int32", as argmin's.
    empty: what an empty segment's index is: -1, or "extent" (the extent of
        the axis, as torch_scatter gives it). Its value is 0 either way.
    within_segment: count each index from the start of its segment rather
        than along the axis (an empty segment's index is still `empty`).
    threads: as argmin's; inputs of 32768 elements or more are reduced with
        the GIL released.

    Every result has x's shape with the axis' extent replaced by S. Returns
    for op "argmin" or "argmax" a numpy array of indices, or with `values`
    ValuesIndices(values, indices); for "argminmax" a pair of those, the
    minimum's first. Raises ValueError (ArgminValueError,
    ARGMIN_ERROR_BAD_GROUPS) for bad offsets, naming the first one at fault,
    and otherwise as argmin does; nothing is computed then.
    """
    code = _grouped_op(op)
    return _grouped_result(op, values, x, _core_segment_reduce(
        code, values, x, offsets, axis, nan, ties, index_dtype, empty,
        within_segment, threads))


def group_reduce(x: Any, keys: Any, num_groups: SupportsIndex,
                 op: str = "argmin", axis: SupportsIndex = 0, *,
                 values: bool = False, nan: str = "propagate",
                 ties: str = "first", index_dtype: Any = "int64",
                 empty: Any = -1, threads: SupportsIndex = 0) -> Any:
    """Returns argmin, argmax or both of each group of `x` along `axis`,
    position i of that axis belonging to group keys[i].

    keys: one key per position along the axis, in any order: a 1-D int64 or
        int32 array (any strides, any DLPack producer, or a list of ints),
        each key below num_groups; a negative key leaves its position out
        (as pandas' code -1 for a missing key).
    num_groups: G, the number of groups; groups no key names are empty.
    Indices are positions along the axis; a group's first element is the
    one at its first position (which ties="first" prefers). Every other
    argument and rule is segment_reduce's, with "group" for "segment";
    every result has x's shape with the axis' extent replaced by G. Raises
    ValueError (ArgminValueError, ARGMIN_ERROR_BAD_GROUPS) for keys of the
    wrong dtype or length, a key of num_groups or more, or a negative
    num_groups.
    """
    code = _grouped_op(op)
    return _grouped_result(op, values, x, _core_group_reduce(
        code, values, x, keys, num_groups, axis, nan, ties, index_dtype,
        empty, threads))


def segment_argmin(x: Any, offsets: Any, axis: SupportsIndex = 0, *,
                   nan: str = "propagate", ties: str = "first",
                   index_dtype: Any = "int64", empty: Any = -1,
                   within_segment: bool = False,
                   threads: SupportsIndex = 0) -> Any:
    """Returns the index of the minimum of each segment of `x` along
    `axis`: segment_reduce(x, offsets, "argmin", axis, ...)."""
    return _core_segment_reduce(_core.OP_MIN, False, x, offsets, axis, nan,
                                ties, index_dtype, empty, within_segment,
                                threads)[0]


def segment_argmax(x: Any, offsets: Any, axis: SupportsIndex = 0, *,
                   nan: str = "propagate", ties: str = "first",
                   index_dtype: Any = "int64", empty: Any = -1,
                   within_segment: bool = False,
                   threads: SupportsIndex = 0) -> Any:
    """Returns the index of the maximum of each segment of `x` along
    `axis`: segment_reduce(x, offsets, "argmax", axis, ...)."""
    return _core_segment_reduce(_core.OP_MAX, False, x, offsets, axis, nan,
                                ties, index_dtype, empty, within_segment,
                                threads)[0]


def group_argmin(x: Any, keys: Any, num_groups: SupportsIndex,
                 axis: SupportsIndex = 0, *, nan: str = "propagate",
                 ties: str = "first", index_dtype: Any = "int64",
                 empty: Any = -1, threads: SupportsIndex = 0) -> Any:
    """Returns the index of the minimum of each group of `x` along `axis`:
    group_reduce(x, keys, num_groups, "argmin", axis, ...)."""
    return _core_group_reduce(_core.OP_MIN, False, x, keys, num_groups, axis,
                              nan, ties, index_dtype, empty, threads)[0]


def group_argmax(x: Any, keys: Any, num_groups: SupportsIndex,
                 axis: SupportsIndex = 0, *, nan: str = "propagate",
                 ties: str = "first", index_dtype: Any = "int64",
                 empty: Any = -1, threads: SupportsIndex = 0) -> Any:
    """Returns the index of the maximum of each group of `x` along `axis`:
    group_reduce(x, keys, num_groups, "argmax", axis, ...)."""
    return _core_group_reduce(_core.OP_MAX, False, x, keys, num_groups, axis,
                              nan, ties, index_dtype, empty, threads)[0]


def target_name() -> str:
    """Returns the name of the SIMD target that dispatch uses now, such as
    "AVX2" or "AVX3"."""
    return _core.target_name()


def force_target(name: str | None) -> None:
    """Restricts dispatch to the SIMD target `name` (as target_name spells
    it); None or "" restores the best supported target.

    Raises ValueError if the target is unknown or this CPU lacks it (the
    previous choice then stays). Process-wide, and safe while other threads
    run argmin. The environment variable ARGMIN_TARGET, read at import, does
    the same; if it names a target this CPU lacks, the import raises
    ImportError.
    """
    _core.force_target(name)


def set_parallel_grain(elements: SupportsIndex) -> None:
    """Sets the least number of input elements per thread (default 65536;
    0 restores it), process-wide.

    Calls over fewer than twice as many elements run on one thread, whatever
    `threads` says; tests lower it to run threads on small inputs.
    """
    _core.set_parallel_grain(elements)


# The framework front ends, imported on first use: each imports nothing of
# its framework's.
_FRONT_ENDS = ("torch", "mindspore", "numpy", "onnx", "pandas")


# The package's API; dir(argmin) lists it and the front ends, not the names
# its code uses (np, Any, ...).
__all__ = ["argmin", "argmax", "nanargmin", "nanargmax", "min", "max",
           "argminmax", "segment_reduce", "group_reduce", "segment_argmin",
           "segment_argmax", "group_argmin", "group_argmax",
           "ValuesIndices", "ArgminError", "ArgminValueError",
           "ArgminTypeError", "ArgminMemoryError", "ArgminAxisError",
           "target_name", "force_target", "set_parallel_grain"]


def __dir__():
    return sorted(__all__ + list(_FRONT_ENDS))


def __getattr__(name):
    if name in _FRONT_ENDS:
        import importlib
        return importlib.import_module("." + name, __name__)
    raise AttributeError("module 'argmin' has no attribute %r" % name)


_core._connect(np, _make_error, _as_array)
