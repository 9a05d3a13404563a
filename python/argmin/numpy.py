"""numpy's argmin family on argmin's kernels: numpy.argmin, numpy.argmax,
numpy.nanargmin and numpy.nanargmax, with numpy's signatures, result types,
answers and errors (numpy 1.24 and 2.x observed; docs/semantics.md,
"Migrating between frameworks").

    import argmin.numpy as anp
    anp.argmin(a)                      # an intp scalar, as numpy.argmin(a)
    anp.nanargmax(a, axis=1, keepdims=True)
    anp.argmin(a, axis=0, out=buffer)  # written into buffer, which returns

Unlike argmin.nanargmin, nanargmin here keeps numpy's own answer where the
smallest number of a slice is +inf: numpy reads NaN as +inf, so the slice's
first element wins even when it is a NaN (``nanargmin([nan, inf])`` is 0);
nanargmax likewise with -inf. That costs no pass over the data beyond the
library's one: the values that the library returns beside the indices say
which slices it concerns. Inputs are numpy's dtypes that the library reads
(bool, integers, float16-64, ml_dtypes.bfloat16); others (complex, object,
datetime) raise TypeError. As in numpy, nanargmin and nanargmax skip the
NaNs of numpy's own float types only: a NaN of ml_dtypes.bfloat16, which
numpy does not count as inexact, wins as in argmin.
"""
from __future__ import annotations

from typing import Any, SupportsIndex

import numpy as np

import argmin as _argmin

from ._frontend import as_array, is_bool, normalize_axis, reduced_length

__all__ = ["argmin", "argmax", "nanargmin", "nanargmax"]

_AxisError = getattr(np, "exceptions", np).AxisError
_INDEX = np.dtype(np.intp)
# An empty reduction in nanargmin and nanargmax is an all-NaN slice to numpy
# 1.x (1.24 and 1.26 seen) and an empty sequence to numpy 2 (2.4 seen).
_EMPTY_IS_ALL_NAN = int(np.__version__.split(".")[0]) < 2


def _result_shape(shape, axis, keepdims):
    if axis is None:
        return (1,) * len(shape) if keepdims else ()
    if not shape:
        return ()
    return tuple(1 if keepdims and i == axis else n
                 for i, n in enumerate(shape) if keepdims or i != axis)


def _reduce(name, op, a, axis, out, keepdims, nan_skipping):
    """Returns numpy's answer for `name` (argmin and the rest) on `a`; op is
    "min" or "max"."""
    array = as_array(a)
    shape, keepdims = array.shape, bool(keepdims)
    if axis is not None:
        if is_bool(axis):
            raise TypeError("an integer is required for the axis")
        ndim = max(len(shape), 1)  # numpy reads a 0-d array as 1-d here
        axis = normalize_axis(axis, ndim, lambda given: _AxisError(given,
                                                                   ndim))
    result_shape = _result_shape(shape, axis, keepdims)
    length = reduced_length(shape, axis)
    # numpy skips NaNs of its inexact types only: ml_dtypes.bfloat16 is
    # not one, so numpy's nanargmin finds its first NaN, as argmin does.
    skip = nan_skipping and np.issubdtype(array.dtype, np.inexact)
    if length == 0:
        if skip and _EMPTY_IS_ALL_NAN and int(np.prod(result_shape)) > 0:
            raise ValueError("All-NaN slice encountered")
        raise ValueError("attempt to get %s of an empty sequence"
                         % name.replace("nan", ""))
    index_dtype = _INDEX.name
    if not skip:
        reduce = _argmin.argmin if op == "min" else _argmin.argmax
        indices = reduce(array, axis=axis, keepdims=keepdims,
                         index_dtype=index_dtype)
    else:
        reduce = _argmin.min if op == "min" else _argmin.max
        try:
            values, indices = reduce(array, axis=axis, keepdims=keepdims,
                                     nan="ignore", index_dtype=index_dtype)
        except _argmin.ArgminError as error:
            if error.status_name != "ARGMIN_ERROR_ALL_NAN":
                raise
            raise ValueError("All-NaN slice encountered") from None
        # numpy's NaN is +inf (-inf for max): where that is the extreme,
        # every element of the slice ties with it and the first one wins.
        extreme = np.inf if op == "min" else -np.inf
        indices = np.where(np.asarray(values) == extreme, 0, indices)
        indices = indices[()] if indices.ndim == 0 else indices
    if out is None:
        return indices
    # numpy checks `out` after the reduction's own errors.
    if not isinstance(out, np.ndarray):
        raise TypeError("output must be an array")
    if out.shape != result_shape:
        raise ValueError("output array does not match result of np.%s."
                         % name.replace("nan", ""))
    if not np.can_cast(out.dtype, _INDEX, "safe"):
        raise TypeError("Cannot cast %s from %r to %r according to the rule "
                        "'safe'" % ("scalar" if out.ndim == 0 else
                                    "array data", out.dtype, _INDEX))
    out[...] = indices
    return out


def argmin(a: Any, axis: SupportsIndex | None = None, out: Any = None, *,
           keepdims: bool = False) -> Any:
    """Returns the intp index of the minimum of `a`, flat or along `axis`,
    as numpy.argmin does: the first NaN wins, ties give the first index, an
    empty reduction raises ValueError and a bad axis numpy's AxisError; with
    `out`, the result is written there and `out` is returned."""
    return _reduce("argmin", "min", a, axis, out, keepdims, False)


def argmax(a: Any, axis: SupportsIndex | None = None, out: Any = None, *,
           keepdims: bool = False) -> Any:
    """Returns the intp index of the maximum of `a`, as numpy.argmax does;
    the rules are argmin's."""
    return _reduce("argmax", "max", a, axis, out, keepdims, False)


def nanargmin(a: Any, axis: SupportsIndex | None = None, out: Any = None, *,
              keepdims: bool = False) -> Any:
    """Returns the index of the minimum of `a` with NaNs read as +inf, as
    numpy.nanargmin does: a slice whose smallest number is +inf gives 0,
    and a slice of only NaNs raises ValueError ("All-NaN slice
    encountered")."""
    return _reduce("nanargmin", "min", a, axis, out, keepdims, True)


def nanargmax(a: Any, axis: SupportsIndex | None = None, out: Any = None, *,
              keepdims: bool = False) -> Any:
    """Returns the index of the maximum of `a` with NaNs read as -inf, as
    numpy.nanargmax does; the rules are nanargmin's."""
    return _reduce("nanargmax", "max", a, axis, out, keepdims, True)
