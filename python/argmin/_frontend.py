"""What the framework front ends (argmin.torch, argmin.mindspore,
argmin.numpy, argmin.onnx) share: telling a framework's tensor, reading
inputs as numpy arrays and giving results back as each framework's tensors,
the checks and normalisation of an axis, the length of a reduction, and the
library's call that gives the values beside the indices. Each front end
keeps its framework's own rules, defaults and messages."""
from __future__ import annotations

import math
import operator
import sys

import numpy as np

from . import _core


def framework_of(input, name):
    """Returns the module `name` ("torch", "mindspore") if `input` is one of
    its tensors, else None. The module is never imported here: a tensor's
    module is loaded already."""
    module = sys.modules.get(name)
    if module is not None and isinstance(input, module.Tensor):
        return module
    return None


def as_array(input):
    """Returns `input` if it is a numpy array, else numpy.asarray(input)."""
    return input if isinstance(input, np.ndarray) else np.asarray(input)


def to_torch(torch, array, like):
    """Returns the numpy result `array` as torch would give it for the input
    `like` (torch is None when it is not a tensor): a tensor for a tensor
    (bfloat16 values from their bits), else a numpy array, 0-d included."""
    array = np.asarray(array)
    if torch is None:
        return array
    if like.dtype == torch.bfloat16 and array.dtype != np.int64:
        bits = np.asarray(array, order="C").view(np.int16)
        return torch.from_numpy(bits).view(torch.bfloat16)
    return torch.from_numpy(np.asarray(array, order="C"))


def from_mindspore(input):
    """Returns (numpy array of `input`, the mindspore module if `input` is
    a MindSpore tensor, else None)."""
    mindspore = framework_of(input, "mindspore")
    if mindspore is not None:
        return input.asnumpy(), mindspore
    return as_array(input), None


def to_mindspore(mindspore, array, dtype=None):
    """Returns a result of numpy dtype `dtype` as a MindSpore tensor when
    `mindspore` is the module, else as a numpy array."""
    array = np.asarray(array, dtype=dtype)
    return array if mindspore is None else mindspore.Tensor(array)


def is_bool(value):
    """Returns whether `value` is a Python or numpy bool."""
    return isinstance(value, (bool, np.bool_))


def is_int(value):
    """Returns whether `value` is a Python or numpy integer, bool excluded."""
    return isinstance(value, (int, np.integer)) and not is_bool(value)


def normalize_axis(axis, ndim, out_of_range):
    """Returns the integer `axis` (anything operator.index takes) in
    [0, ndim), a negative one counting from the end; raises the exception
    out_of_range(axis) for an axis outside [-ndim, ndim)."""
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise out_of_range(axis)
    return axis % ndim


def reduced_length(shape, axis):
    """Returns how many elements each slice of a reduction of `shape` along
    `axis` holds: all of them for axis None or a 0-d shape."""
    if axis is None or not shape:
        return math.prod(shape)
    return shape[axis]


def extremes(op, x, axis, keepdims, nan="propagate", values=True,
             dtype=None):
    """Returns [(values, indices)] of op _core.OP_MIN or OP_MAX, or min's
    then max's pair for OP_MINMAX, from one library call on `x`: numpy
    arrays (0-d included) of int64 indices and of x's elements at them, bit
    for bit, as numpy dtype `dtype` when given (the library gives them in
    native byte order, bfloat16 as its uint16 bits); values are None
    unless `values`."""
    arrays = _core.extremes(op, values, x, axis, keepdims, nan, "first",
                            "int64", 0)
    if not values:
        return [(None, indices) for indices in arrays]
    pairs = []
    for indices, found in zip(arrays[0::2], arrays[1::2]):
        if dtype is not None and found.dtype != dtype:
            native = dtype.newbyteorder("=")
            found = found.view(native)
            if native != dtype:
                found = found.astype(dtype)
        pairs.append((found, indices))
    return pairs
