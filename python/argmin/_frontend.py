"""What the framework front ends (argmin.torch, argmin.mindspore) share."""
from __future__ import annotations

import numpy as np


def take(array, indices, axis, keepdims):
    """Returns the elements of the numpy array `array` at `indices`, the
    output of an arg-reduction of it along `axis` (None: flat) with
    `keepdims`: output-sized work, no pass over the input."""
    if axis is None or array.ndim == 0:
        where = np.unravel_index(np.reshape(indices, ()), array.shape)
        values = array[where]
        return np.reshape(values, (1,) * array.ndim if keepdims and
                          axis is None else ())
    index = np.asarray(indices)
    if not keepdims:
        index = np.expand_dims(index, axis)
    values = np.take_along_axis(array, index, axis)
    return values if keepdims else np.squeeze(values, axis)
