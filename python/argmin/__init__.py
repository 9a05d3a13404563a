"""argmin: numpy- and torch-compatible argmin, compiled.

``argmin.argmin(x, axis=None)`` gives the index of the minimum of ``x``, as
``numpy.argmin`` and ``torch.argmin`` do, computed by the C++ library through
the extension module ``argmin._core``. ``x`` may be a numpy array of any
dtype the library supports (bool, int8-64, uint8-64, float16/32/64, and
ml_dtypes.bfloat16), any object with ``__dlpack__`` on the CPU (a torch
tensor, bfloat16 included), or anything ``numpy.asarray`` accepts.
docs/semantics.md states the full semantics.

Inputs are read in place, whatever their strides (transposed, reversed,
sliced and broadcast views included). Two cases are copied first: a numpy
array with a byte stride that is not a multiple of its item size (such as a
field of a packed structured array), and one in non-native byte order.
"""
import numpy as np

from . import _core
from ._core import argmin, force_target, nanargmin, set_parallel_grain, \
    target_name

__all__ = ["ArgminError", "argmin", "nanargmin", "target_name",
           "force_target", "set_parallel_grain"]

try:  # numpy >= 1.25
    _AxisError = np.exceptions.AxisError
except AttributeError:
    _AxisError = np.AxisError

# The numpy dtypes the library reads, as (kind, item size) pairs.
_SUPPORTED = {("b", 1), ("i", 1), ("i", 2), ("i", 4), ("i", 8), ("u", 1),
              ("u", 2), ("u", 4), ("u", 8), ("f", 2), ("f", 4), ("f", 8)}


class ArgminError(Exception):
    """Base of the errors that the C library reports.

    Each raised error is also a builtin error: ValueError, TypeError,
    MemoryError, or numpy's AxisError (a ValueError and an IndexError) for a
    bad axis. ``status`` is the argmin_status value, ``status_name`` its name
    (for example ``"ARGMIN_ERROR_ALL_NAN"``) and ``library_message`` the text
    of argmin_status_message().
    """
    status = None
    status_name = None
    library_message = None


class ArgminValueError(ArgminError, ValueError):
    pass


class ArgminTypeError(ArgminError, TypeError):
    pass


class ArgminMemoryError(ArgminError, MemoryError):
    pass


class ArgminAxisError(ArgminError, _AxisError):
    pass


def _make_error(status, name, message, axis, ndim):
    """Returns the exception for a failed library call, with numpy's wording
    in front where numpy raises the same error."""
    lead, cls = None, ArgminValueError
    if name == "ARGMIN_ERROR_BAD_AXIS":
        lead = "axis %d is out of bounds for array of dimension %d" % (
            axis, ndim)
        cls = ArgminAxisError
    elif name == "ARGMIN_ERROR_EMPTY_REDUCTION":
        lead = "attempt to get argmin of an empty sequence"
    elif name == "ARGMIN_ERROR_ALL_NAN":
        lead = "All-NaN slice encountered"
    elif name == "ARGMIN_ERROR_UNSUPPORTED_DTYPE":
        cls = ArgminTypeError
    elif name == "ARGMIN_ERROR_OUT_OF_MEMORY":
        cls = ArgminMemoryError
    detail = "%s: %s" % (name, message)
    error = cls("%s (%s)" % (lead, detail) if lead else detail)
    error.status, error.status_name, error.library_message = (
        status, name, message)
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
    x = np.asarray(x)
    bfloat16 = x.dtype.name == "bfloat16" and x.dtype.itemsize == 2
    if bfloat16:
        x = x.view(np.uint16)
    elif (x.dtype.kind, x.dtype.itemsize) not in _SUPPORTED:
        raise TypeError(
            "argmin does not support dtype %s: expected bool, int8-64, "
            "uint8-64, float16, float32, float64 or bfloat16" % x.dtype)
    if not x.dtype.isnative:
        x = x.astype(x.dtype.newbyteorder("="))
    if any(s % x.itemsize for s in x.strides):
        x = np.array(x, order="C")
    return x, bfloat16


_core._connect(np, _make_error, _as_array)
