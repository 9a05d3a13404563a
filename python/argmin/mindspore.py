"""MindSpore 2.x's argmin family on argmin's kernels: ops.argmin,
ops.argmax, ops.min, ops.max, ops.ArgMinWithValue, ops.ArgMaxWithValue and
ops.aminmax, with the signatures, defaults, index dtypes, NaN rule and
errors that MindSpore 2.10.0 was observed to have on the CPU
(docs/semantics.md, "Migrating between frameworks").

    import argmin.mindspore as ams
    ams.argmin(x)                         # int32, as ops.argmin(x)
    values, index = ams.min(x, axis=1)    # (values, int64 index)
    index, values = ams.ArgMinWithValue(axis=1)(x)
    low, high = ams.aminmax(x)            # axis=0 by default

A MindSpore tensor gives MindSpore tensors; any other input (a numpy array,
a list) gives numpy arrays of the same dtypes and shapes.

MindSpore's rules, which these keep:
- NaN: a NaN that is the first element of its slice wins (index 0, value
  NaN); every other NaN is skipped, so a slice of only NaNs gives 0. That
  is neither of the library's NaN modes: it is composed from the NaN-
  skipping one, reading each slice's first element, and only where one of
  them is NaN, one copy of the input (one extra pass).
- Index dtypes: int32 from argmin (int64 for a 0-d input), int64 from
  argmax, min, max, the WithValue operators.
- axis None: argmin and argmax give the flat index as a 0-d result,
  whatever keepdims says; min and max give the extreme value with index 0,
  whatever keepdims says; aminmax reduces everything and keeps dims if
  asked.
- A 0-d input: argmin, argmax, min and max take any axis;
  ArgMinWithValue and aminmax take 0 and -1.
- Empty inputs raise (RuntimeError from argmin and argmax, ValueError from
  the rest), even when the result would be empty; a bad axis raises
  ValueError.
Beyond MindSpore 2.10's CPU kernels, bool (which only its argmax takes)
and bfloat16 (ml_dtypes) are accepted everywhere: bool's True is above
False.
``initial`` and ``where`` of min and max are not supported.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from . import _core
from ._frontend import (extremes, from_mindspore, is_int, normalize_axis,
                        to_mindspore)

__all__ = ["argmin", "argmax", "min", "max", "aminmax", "ArgMinWithValue",
           "ArgMaxWithValue"]

# MindSpore's names for its operators, used in its error messages.
_PRIMITIVE = {"argmin": "Argmin", "argmax": "Argmax",
              "min": "ArgMinWithValue", "max": "ArgMaxWithValue"}


def _check_axis(primitive, axis, ndim):
    """Returns `axis` in [0, ndim) after MindSpore's checks."""
    if not is_int(axis):
        raise TypeError("For primitive[%s], the axis must be an int, not %s"
                        % (primitive, type(axis).__name__))
    return normalize_axis(axis, ndim, lambda given: ValueError(
        "For primitive[%s], the axis must be in [%d,%d), but got %d."
        % (primitive, -ndim, ndim, given)))


def _check_zero_d_axis(primitive, axis):
    if axis not in (0, -1):
        raise ValueError("For %s with 0d input tensor, axis must be one of 0 "
                         "or -1, but got %s." % (primitive, axis))


def _check_input(array, empty_error):
    if array.size == 0:
        raise empty_error


def _extreme(op, array, axis, keepdims, values=True):
    """Returns [(values, int64 indices)] of op (_core.OP_MIN, OP_MAX, or
    OP_MINMAX: min's then max's, from one read) under MindSpore's NaN rule;
    values None unless `values`."""
    floating = array.dtype.kind == "f" or array.dtype.name == "bfloat16"
    flat = axis is None or array.ndim == 0
    # Each slice's first element, with the reduced axis kept (extent 1).
    lead_index = (0,) * array.ndim if flat else tuple(
        slice(0, 1) if i == axis else slice(None) for i in range(array.ndim))
    first = array[lead_index]
    leading_nan = np.isnan(first) if floating else np.zeros(np.shape(first),
                                                              bool)
    source = array
    if np.any(leading_nan):
        # A slice whose first element is NaN gives that element; a number
        # in its place keeps the NaN-skipping call from failing on a slice
        # of only NaNs.
        source = np.array(array)
        if flat:
            source.flat[0] = 0
        else:
            source[lead_index][leading_nan] = 0
    # source differs from array only in the slices led by a NaN, whose
    # answer is replaced below: the library's values are array's.
    pairs = extremes(op, source, axis, keepdims,
                     "ignore" if floating else "propagate", values,
                     array.dtype)
    if not flat and not keepdims:
        leading_nan = np.squeeze(leading_nan, axis)
        first = np.squeeze(first, axis)
    return [(found if found is None else np.where(leading_nan, first, found),
             np.where(leading_nan, 0, indices)) for found, indices in pairs]


def _arg(name, op, input, axis, keepdims, index_dtype):
    array, mindspore = from_mindspore(input)
    primitive = _PRIMITIVE[name]
    if array.ndim == 0:
        axis = None  # MindSpore takes any axis for a 0-d input
        index_dtype = np.int64
    elif axis is not None:
        axis = _check_axis(primitive, axis, array.ndim)
    _check_input(array, RuntimeError(
        "%s cannot reduce an empty input" % primitive))
    keepdims = bool(keepdims) and axis is not None
    [(_, indices)] = _extreme(op, array, axis, keepdims, values=False)
    return to_mindspore(mindspore, indices, index_dtype)


def argmin(input: Any, axis: int | None = None,
           keepdims: bool = False) -> Any:
    """Returns the int32 index of the minimum of `input`, as MindSpore's
    ops.argmin does: flat and 0-d for axis None (keepdims ignored), under
    MindSpore's NaN rule (module docstring)."""
    return _arg("argmin", _core.OP_MIN, input, axis, keepdims, np.int32)


def argmax(input: Any, dim: int | None = None, keepdim: bool = False) -> Any:
    """Returns the int64 index of the maximum of `input`, as MindSpore's
    ops.argmax does (its arguments are named dim and keepdim)."""
    return _arg("argmax", _core.OP_MAX, input, dim, keepdim, np.int64)


def _values_index(name, input, axis, keepdims, initial, where):
    if initial is not None or where is not None:
        raise NotImplementedError("argmin.mindspore.%s takes neither "
                                  "initial nor where" % name)
    array, mindspore = from_mindspore(input)
    primitive = _PRIMITIVE[name]
    if array.ndim == 0:
        axis = None
    elif axis is not None:
        axis = _check_axis(primitive, axis, array.ndim)
    label = primitive if axis is not None else name.capitalize()
    _check_input(array, ValueError(
        "%s cannot deal with empty input. Please try other inputs" % label))
    op = _core.OP_MIN if name == "min" else _core.OP_MAX
    [(values, indices)] = _extreme(op, array, axis, bool(keepdims) and
                                   axis is not None)
    if axis is None:
        indices = np.zeros((), np.int64)  # MindSpore's index without axis
    return (to_mindspore(mindspore, values, array.dtype),
            to_mindspore(mindspore, indices, np.int64))


def min(input: Any, axis: int | None = None, keepdims: bool = False, *,
        initial: Any = None, where: Any = None) -> tuple:
    """Returns (values, int64 index) of the minimum, as MindSpore 2.x's
    ops.min does: with axis None the minimum with index 0 (not its
    position), keepdims ignored; the values are input at the indices."""
    return _values_index("min", input, axis, keepdims, initial, where)


def max(input: Any, axis: int | None = None, keepdims: bool = False, *,
        initial: Any = None, where: Any = None) -> tuple:
    """Returns (values, int64 index) of the maximum, as MindSpore 2.x's
    ops.max does; the rules are min's."""
    return _values_index("max", input, axis, keepdims, initial, where)


class _WithValue:
    """ArgMinWithValue and ArgMaxWithValue: an operator made with an axis
    and keep_dims, called on a tensor, giving (int64 index, values)."""
    _op = None

    def __init__(self, axis: int = 0, keep_dims: bool = False) -> None:
        self.axis, self.keep_dims = axis, keep_dims

    def __call__(self, input: Any) -> tuple:
        array, mindspore = from_mindspore(input)
        name = type(self).__name__
        if array.ndim == 0:
            _check_zero_d_axis(name, self.axis)
            axis = None
        else:
            axis = _check_axis(name, self.axis, array.ndim)
        _check_input(array, ValueError(
            "%s cannot deal with empty input. Please try other inputs"
            % name))
        [(values, indices)] = _extreme(
            self._op, array, axis, bool(self.keep_dims) and axis is not None)
        return (to_mindspore(mindspore, indices, np.int64),
                to_mindspore(mindspore, values, array.dtype))


class ArgMinWithValue(_WithValue):
    """ops.ArgMinWithValue(axis=0, keep_dims=False)(input): (index, values)
    of the minima along axis, under MindSpore's NaN rule."""
    _op = _core.OP_MIN


class ArgMaxWithValue(_WithValue):
    """ops.ArgMaxWithValue(axis=0, keep_dims=False)(input): (index, values)
    of the maxima along axis."""
    _op = _core.OP_MAX


def aminmax(input: Any, *, axis: int | None = 0,
            keepdims: bool = False) -> tuple:
    """Returns (min, max) of `input` along `axis` (0 by default; None
    reduces everything), as MindSpore's ops.aminmax does: one read of the
    data, MindSpore's NaN rule for both, dims kept if asked."""
    array, mindspore = from_mindspore(input)
    if array.ndim == 0:
        if axis is not None:
            _check_zero_d_axis("ArgMinWithValue", axis)
        axis = None
    elif axis is not None:
        axis = _check_axis("ArgMinWithValue", axis, array.ndim)
    label = "ArgMinWithValue" if axis is not None else "Min"
    _check_input(array, ValueError(
        "%s cannot deal with empty input. Please try other inputs" % label))
    (low, _), (high, _) = _extreme(_core.OP_MINMAX, array, axis,
                                   bool(keepdims))
    return (to_mindspore(mindspore, low, array.dtype),
            to_mindspore(mindspore, high, array.dtype))
