"""argmin: numpy- and torch-compatible argmin over the C library's ABI.

``argmin.argmin(x, axis=None)`` gives the index of the minimum of ``x``, as
``numpy.argmin`` and ``torch.argmin`` do, computed by ``libargmin`` through
ctypes (no compiled extension). ``x`` may be a numpy array of any dtype the
library supports (bool, int8-64, uint8-64, float16/32/64), any object with
``__dlpack__`` on the CPU (a torch tensor, bfloat16 included), or anything
``numpy.asarray`` accepts. docs/semantics.md states the full semantics.

Inputs are read in place, whatever their strides (transposed, reversed,
sliced and broadcast views included). Two cases are copied first: a numpy
array with a byte stride that is not a multiple of its item size (such as a
field of a packed structured array), and one in non-native byte order.

Set ``ARGMIN_LIBRARY`` to the full path of ``libargmin.so`` to choose the
library; by default the one in the source tree's ``build/release`` is used.
"""
import ctypes
import operator

import numpy as np

from . import _lib
from ._lib import DLDataType, DLDevice, DLManagedTensor, DLTensor

__all__ = ["ArgminError", "argmin", "nanargmin", "target_name",
           "force_target", "set_parallel_grain"]

_LIB = _lib.load()
_compute = _LIB.argmin_compute  # a module global, so tests can wrap it

_NAN_POLICIES = {"propagate": 0, "ignore": 1}
_TIE_POLICIES = {"first": 0, "last": 1}
_KIND_CODES = {"b": _lib.ARGMIN_DL_BOOL, "i": _lib.KDL_INT,
               "u": _lib.KDL_UINT, "f": _lib.KDL_FLOAT}
# The most elements whose indices fit each index dtype.
_INDEX_LIMITS = {np.dtype(np.int64): 2**63, np.dtype(np.int32): 2**31}


class ArgminError(Exception):
    """Base of the errors that the C library reports.

    Each raised error is also a builtin error: ValueError, TypeError,
    MemoryError, or numpy.AxisError (a ValueError and an IndexError) for a
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


class ArgminAxisError(ArgminError, np.AxisError):
    pass


def _error(status, axis=None, ndim=None):
    """Returns the exception for a failed call's status."""
    known = 0 <= status < len(_lib.STATUS_NAMES)
    name = _lib.STATUS_NAMES[status] if known else "status %d" % status
    message = _LIB.argmin_status_message(status).decode()
    lead, cls = None, ArgminValueError
    if status == _lib.BAD_AXIS:
        lead, cls = "axis %d is out of bounds for array of dimension %d" % (
            axis, ndim), ArgminAxisError
    elif status == _lib.EMPTY_REDUCTION:
        lead = "attempt to get argmin of an empty sequence"
    elif status == _lib.ALL_NAN:
        lead = "All-NaN slice encountered"
    elif status == _lib.UNSUPPORTED_DTYPE:
        cls = ArgminTypeError
    elif status == _lib.OUT_OF_MEMORY:
        cls = ArgminMemoryError
    detail = "%s: %s" % (name, message)
    error = cls("%s (%s)" % (lead, detail) if lead else detail)
    error.status, error.status_name, error.library_message = (
        status, name, message)
    return error


def _options(axis, keepdims, nan, ties, threads):
    """Returns argmin_options for the Python arguments, validated."""
    options = _lib.Options()  # all zeros: argmin_default_options()
    if axis is not None:
        try:
            axis = operator.index(axis)
        except TypeError:
            raise TypeError("axis must be an integer or None, not %s"
                            % type(axis).__name__) from None
        if not -2**63 <= axis < 2**63:
            raise np.AxisError("axis %d is out of bounds" % axis)
        options.has_axis, options.axis = 1, axis
    options.keepdims = bool(keepdims)
    for value, name, policies in ((nan, "nan", _NAN_POLICIES),
                                  (ties, "ties", _TIE_POLICIES)):
        if not isinstance(value, str):
            raise TypeError("%s must be a str, not %s"
                            % (name, type(value).__name__))
        if value not in policies:
            raise ValueError("%s must be one of %s, not %r"
                             % (name, ", ".join(map(repr, policies)), value))
    options.nan_policy = _NAN_POLICIES[nan]
    options.tie_policy = _TIE_POLICIES[ties]
    try:
        threads = operator.index(threads)
    except TypeError:
        raise TypeError("threads must be an integer, not %s"
                        % type(threads).__name__) from None
    if not 0 <= threads < 2**31:
        raise ValueError("threads must be >= 0 (0: OpenMP's default), not %d"
                         % threads)
    options.num_threads = threads
    return options


def _index_dtype(index_dtype):
    try:
        dtype = np.dtype(index_dtype)
    except TypeError:
        dtype = None
    if dtype not in _INDEX_LIMITS:
        raise ValueError("index_dtype must be 'int64' or 'int32', not %r"
                         % (index_dtype,))
    return dtype


def _tensor(data, dtype, shape, strides=None):
    """Returns a CPU DLTensor; it holds its shape and strides arrays."""
    ndim = len(shape)
    tensor = DLTensor(data, DLDevice(_lib.KDL_CPU, 0), ndim, dtype,
                      (ctypes.c_int64 * ndim)(*shape))
    if strides is not None:
        tensor.strides = (ctypes.c_int64 * ndim)(*strides)
    return tensor


def _dl_dtype(dtype):
    """Returns the DLDataType of a numpy dtype; TypeError if unsupported."""
    code = _KIND_CODES.get(dtype.kind)
    if code is None:
        raise TypeError(
            "argmin does not support dtype %s: expected bool, int8-64, "
            "uint8-64, float16, float32 or float64 (bfloat16 through DLPack)"
            % dtype)
    return DLDataType(code, 8 * dtype.itemsize, 1)


def _numpy_tensor(x):
    """Returns (array, DLTensor) that views numpy array `x` in place, or a
    copy of it where a stride is not a multiple of the item size or the byte
    order is not native."""
    dtype = _dl_dtype(x.dtype)
    if not x.dtype.isnative:
        x = x.astype(x.dtype.newbyteorder("="))
    size = x.itemsize
    # An extent-1 (or 0) dimension is never stepped over: any stride will do.
    strides = [s if n > 1 else 0 for n, s in zip(x.shape, x.strides)]
    if any(s % size for s in strides):
        x = np.array(x, order="C")
        strides = [s if n > 1 else 0 for n, s in zip(x.shape, x.strides)]
    # numpy's data pointer is the address of element [0, ..., 0].
    return x, _tensor(x.ctypes.data, dtype, x.shape,
                      [s // size for s in strides])


def _reduce(tensor, options, index_dtype):
    """Runs argmin_output_shape and argmin_compute on a DLTensor."""
    ndim = ctypes.c_int32()
    shape = (ctypes.c_int64 * _lib.ARGMIN_MAX_NDIM)()
    status = _LIB.argmin_output_shape(ctypes.byref(tensor),
                                      ctypes.byref(options),
                                      ctypes.byref(ndim), shape)
    if status != _lib.OK:
        raise _error(status, options.axis, tensor.ndim)
    out = np.empty(shape[:ndim.value], dtype=index_dtype)
    out_tensor = _tensor(out.ctypes.data,
                         DLDataType(_lib.KDL_INT, 8 * out.itemsize, 1),
                         out.shape)
    status = _compute(ctypes.byref(tensor), ctypes.byref(options),
                      ctypes.byref(out_tensor))
    if status != _lib.OK:
        raise _error(status, options.axis, tensor.ndim)
    return out[()] if out.ndim == 0 else out


def _reduce_contiguous(x, options, index_dtype):
    """Runs argmin_contiguous on a contiguous, native-order numpy array with
    elements: one C call where a general one takes two and a DLTensor each,
    which is most of the cost of a call on a small array."""
    index = ctypes.c_int64()
    status = _LIB.argmin_contiguous(x.ctypes.data, _dl_dtype(x.dtype), x.size,
                                    ctypes.byref(options),
                                    ctypes.byref(index))
    if status != _lib.OK:
        raise _error(status, options.axis, x.ndim)
    return index_dtype.type(index.value)


def _reduce_dlpack(obj, options, index_dtype):
    """Consumes obj.__dlpack__()'s capsule as the DLPack protocol says:
    renames it "used_dltensor" and calls the producer's deleter when done."""
    capsule = obj.__dlpack__()
    address = _lib.capsule_get_pointer(capsule, b"dltensor")
    managed = DLManagedTensor.from_address(address)
    _lib.capsule_set_name(capsule, _lib.USED_DLTENSOR)  # ours to delete now
    try:
        return _reduce(managed.dl_tensor, options, index_dtype)
    finally:
        if managed.deleter:
            managed.deleter(ctypes.cast(address,
                                        ctypes.POINTER(DLManagedTensor)))


def argmin(x, axis=None, keepdims=False, nan="propagate", ties="first",
           index_dtype="int64", threads=0):
    """Returns the index of the minimum of `x`, over all elements or along
    `axis`, as numpy.argmin and torch.argmin do.

    x: a numpy array (any strides; read in place), an object with
        ``__dlpack__`` on the CPU (torch tensors, bfloat16 included; the
        producer's own errors, such as torch's for bool, propagate), or
        anything else numpy.asarray accepts (not masked arrays).
    axis: None reduces over all elements and returns the flat index in the
        row-major order of x's shape; an int (negative counts from the end)
        reduces along that axis. A 0-d x accepts None, 0 and -1, as torch.
    keepdims: keep each reduced dimension with extent 1.
    nan: "propagate" (a NaN is smaller than every number: the first NaN
        wins, as in numpy.argmin) or "ignore" (NaNs are skipped, as in
        numpy.nanargmin; a slice of only NaNs raises ValueError).
    ties: "first" or "last": which index wins among equal minima.
    index_dtype: "int64" or "int32" (or np.int64, np.int32).
    threads: the number of threads; 0 is OpenMP's default. The answer does
        not depend on it.

    Returns a numpy array of index_dtype, or a numpy integer scalar when the
    result is 0-d. Raises numpy.AxisError (a ValueError and an IndexError)
    for a bad axis, ValueError for an empty reduction, an all-NaN slice under
    "ignore" or a bad option, and TypeError for an unsupported dtype; errors
    that the library reports are also ArgminError.
    """
    options = _options(axis, keepdims, nan, ties, threads)
    index_dtype = _index_dtype(index_dtype)
    if isinstance(x, np.ma.MaskedArray):  # its mask would be ignored
        raise TypeError("argmin does not take masked arrays; pass "
                        "x.filled(value) or use numpy.ma.argmin")
    if not isinstance(x, np.ndarray):
        if hasattr(x, "__dlpack__") and not isinstance(x, np.generic):
            return _reduce_dlpack(x, options, index_dtype)
        x = np.asarray(x)
    # A contiguous array reduced whole to a 0-d answer (axis none, or the one
    # axis of a 1-D array) that fits the index type.
    if (not keepdims and x.flags.c_contiguous and x.dtype.isnative
            and 0 < x.size <= _INDEX_LIMITS[index_dtype]
            and (axis is None or (x.ndim == 1 and options.axis in (0, -1)))):
        return _reduce_contiguous(x, options, index_dtype)
    x, tensor = _numpy_tensor(x)
    return _reduce(tensor, options, index_dtype)


def nanargmin(x, axis=None, keepdims=False, ties="first",
              index_dtype="int64", threads=0):
    """Returns the index of the minimum of `x` with NaNs skipped, as
    numpy.nanargmin does: argmin(x, ..., nan="ignore").

    A slice of only NaNs raises ValueError ("All-NaN slice encountered").
    Unlike numpy.nanargmin, a NaN never wins: numpy gives 0 for
    ``[nan, inf]``, this gives 1. See argmin for the arguments.
    """
    return argmin(x, axis=axis, keepdims=keepdims, nan="ignore", ties=ties,
                  index_dtype=index_dtype, threads=threads)


def target_name():
    """Returns the name of the SIMD target that dispatch uses now, such as
    "AVX2" or "AVX3"."""
    return _LIB.argmin_target_name().decode()


def force_target(name):
    """Restricts dispatch to the SIMD target `name` (as target_name spells
    it); None or "" restores the best supported target.

    Raises ValueError if the target is unknown or this CPU lacks it (the
    previous choice then stays). Process-wide and not thread-safe: call it
    while no other thread runs argmin.
    """
    if name is not None and not isinstance(name, str):
        raise TypeError("name must be a str or None, not %s"
                        % type(name).__name__)
    status = _LIB.argmin_force_target(None if name is None else name.encode())
    if status != _lib.OK:
        raise _error(status)


def set_parallel_grain(elements):
    """Sets the least number of input elements per thread (default 65536;
    0 restores it), process-wide.

    Calls over fewer than twice as many elements run on one thread, whatever
    `threads` says; tests lower it to run threads on small inputs.
    """
    elements = operator.index(elements)
    if not 0 <= elements < 2**63:
        raise ValueError("elements must be in [0, 2**63), not %d" % elements)
    status = _LIB.argmin_set_parallel_grain(elements)
    if status != _lib.OK:
        raise _error(status)
