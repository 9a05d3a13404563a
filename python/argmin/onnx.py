"""ONNX's ArgMin and ArgMax operators (opset 13) on argmin's kernels, with
the operator's attributes as keyword arguments and its defaults:
axis=0, keepdims=1, select_last_index=0 (docs/semantics.md, "Migrating
between frameworks").

    import argmin.onnx as aox
    aox.ArgMin(data)                            # axis 0, kept with extent 1
    aox.ArgMax(data, axis=-1, keepdims=0, select_last_index=1)

The result is always an int64 numpy array (0-d for a 1-d input without
keepdims), never a scalar. The operator takes tensors of rank 1 or more and
the numeric types: bool and 0-d inputs raise. ONNX leaves NaN unspecified;
these follow onnx's reference implementation (numpy's rule): the first NaN
wins, the last with select_last_index=1. Each call is one call into the
library.
"""
from __future__ import annotations

import operator
from typing import Any

import numpy as np

import argmin as _argmin

from ._frontend import as_array, is_bool, normalize_axis

__all__ = ["ArgMin", "ArgMax"]


def _flag(name, value):
    """Returns an attribute that must be 0 or 1 as a bool."""
    if is_bool(value) or operator.index(value) not in (
            0, 1):
        raise ValueError("%s must be 0 or 1, not %r" % (name, value))
    return bool(value)


def _reduce(op, reduce, data, axis, keepdims, select_last_index):
    array = as_array(data)
    keep = _flag("keepdims", keepdims)
    last = _flag("select_last_index", select_last_index)
    if array.ndim == 0:
        raise ValueError("%s needs a tensor of rank 1 or more, not rank 0"
                         % op)
    if array.dtype == np.bool_:
        raise TypeError("%s takes numeric tensors, not bool" % op)
    if is_bool(axis):
        raise TypeError("axis must be an int, not bool")
    axis = operator.index(axis)
    ndim = array.ndim
    position = normalize_axis(axis, ndim, lambda given: ValueError(
        "%s: axis %d is outside [%d, %d] for a tensor of rank %d"
        % (op, given, -ndim, ndim - 1, ndim)))
    if array.shape[position] == 0:
        raise ValueError("%s: the reduced axis %d is empty" % (op, axis))
    return np.asarray(reduce(array, axis=position, keepdims=keep,
                             ties="last" if last else "first"))


def ArgMin(data: Any, axis: int = 0, keepdims: int = 1,
           select_last_index: int = 0) -> np.ndarray:
    """Returns the int64 indices of the minima of `data` along `axis`, as
    ONNX's ArgMin does: the first of equal minima, or the last with
    select_last_index=1; keepdims=1 keeps the axis with extent 1."""
    return _reduce("ArgMin", _argmin.argmin, data, axis, keepdims,
                   select_last_index)


def ArgMax(data: Any, axis: int = 0, keepdims: int = 1,
           select_last_index: int = 0) -> np.ndarray:
    """Returns the int64 indices of the maxima of `data` along `axis`, as
    ONNX's ArgMax does; the rules are ArgMin's."""
    return _reduce("ArgMax", _argmin.argmax, data, axis, keepdims,
                   select_last_index)
