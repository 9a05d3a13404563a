"""torch's argmin family on argmin's kernels: torch.argmin, torch.argmax,
torch.min(input, dim), torch.max(input, dim) and torch.aminmax, with
torch's signatures, defaults, result types and errors (torch 1.13 observed;
docs/semantics.md, "Migrating between frameworks").

    import argmin.torch as at
    at.argmin(t)                     # flat index, int64, as torch.argmin(t)
    at.argmax(t, dim=1, keepdim=True)
    values, indices = at.min(t, 1)   # as torch.min(t, 1)
    lo, hi = at.aminmax(t, dim=0)

A torch tensor gives torch tensors, in torch's named tuples
(torch.return_types.min and the like); any other input (a numpy array, a
list) gives numpy arrays of the dtypes and shapes that torch would give,
0-d arrays included, in named tuples with the same fields. Values are the
input at the indices, bit for bit. Each call is one call into the library,
with no pass over the data beyond it.

What torch does and these do: NaN is smaller (argmin, min) or larger
(argmax, max) than every number, so the first NaN wins; ties give the first
index; argmin and argmax refuse bool (RuntimeError), except along a dim of
extent 1 or into an empty result, which torch answers without its kernel;
min, max and aminmax take bool; an empty
reduction raises IndexError, or RuntimeError from min, max and aminmax
without a dim; a bad dim raises IndexError. Beyond torch 1.13, numpy arrays
of uint16, uint32 and uint64 are accepted, and so are float16 in aminmax and
bfloat16 in aminmax with a dim, which torch 1.13 has no CPU kernel for.

torch_scatter's arg-reductions, with its signatures and results, each one
grouped call into the library (argmin.group_reduce, argmin.segment_reduce):

    values, arg = at.scatter_max(src, index, dim=0)   # torch_scatter's
    values, arg = at.segment_csr(src, indptr, reduce="min")

An empty group or segment gets value 0 and index src.size(dim), as
torch_scatter gives them. NaN wins as in torch.max (the first NaN), and
ties give the first index.
"""
from __future__ import annotations

import builtins
import collections
from typing import Any

import numpy as np

import argmin as _argmin

from . import _core
from ._frontend import (extremes, framework_of, is_int, normalize_axis,
                        reduced_length, to_torch)

__all__ = ["argmin", "argmax", "min", "max", "aminmax", "scatter_min",
           "scatter_max", "segment_csr"]

MinMax = collections.namedtuple("MinMax", ["min", "max"])
MinMax.__doc__ = "aminmax's result for inputs that are not torch tensors."


def _type_name(value):
    kind = type(value)
    return (kind.__name__ if kind.__module__ == "builtins" else
            "%s.%s" % (kind.__module__, kind.__name__))


def _inspect(name, input, dim, keepdim, dim_required=False):
    """Returns (torch or None, shape, dim as given or None) after torch's
    argument checks, raising torch's error where torch raises one."""
    if type(keepdim) is not bool:
        raise TypeError("%s(): argument 'keepdim' must be bool, not %s"
                        % (name, _type_name(keepdim)))
    if dim is None:
        if dim_required:
            raise TypeError("%s() needs an int dim with keepdim, as "
                            "torch.%s(input, dim, keepdim)" % (name, name))
    elif not is_int(dim):
        raise TypeError("%s(): argument 'dim' must be int, not %s"
                        % (name, _type_name(dim)))
    torch = framework_of(input, "torch")
    shape = tuple(input.shape) if torch is not None else np.shape(input)
    if dim is not None:
        bound = builtins.max(len(shape), 1)
        dim = normalize_axis(dim, bound, lambda given: IndexError(
            "Dimension out of range (expected to be in range of [%d, %d], "
            "but got %d)" % (-bound, bound - 1, given)))
    return torch, shape, dim


def _check_empty(name, shape, dim, label=None):
    """Raises torch's IndexError for an empty reduction along `dim`, or for
    an empty input without one."""
    if reduced_length(shape, dim) != 0:
        return
    label = label or name + "()"
    if dim is None:
        raise IndexError("%s: Expected reduction dim to be specified for "
                         "input.numel() == 0." % label)
    raise IndexError("%s: Expected reduction dim %d to have non-zero size."
                     % (label, dim))


def _is_bool(input, torch):
    if torch is not None:
        return input.dtype == torch.bool
    return np.asarray(input).dtype == np.bool_


def _runs_kernel(shape, dim):
    """Returns whether torch 1.13's argmin or argmax reaches its kernel,
    which refuses bool: not along a dim of extent 1 nor into an empty
    result, whose answers torch gives without it."""
    if dim is None or not shape:
        return True
    dim %= len(shape)
    return shape[dim] != 1 and all(n for i, n in enumerate(shape)
                                   if i != dim)


def _arg(op_name, reduce, input, dim, keepdim):
    torch, shape, dim = _inspect(op_name, input, dim, keepdim)
    _check_empty(op_name, shape, dim)
    if _is_bool(input, torch) and _runs_kernel(shape, dim):
        raise RuntimeError("\"%s_cpu\" not implemented for 'Bool'" % op_name)
    return to_torch(torch, reduce(input, axis=dim, keepdims=keepdim), input)


def argmin(input: Any, dim: int | None = None, keepdim: bool = False) -> Any:
    """Returns the int64 index of the minimum of `input`, flat (dim None)
    or along `dim`, as torch.argmin does: the first NaN wins, ties give the
    first index, bool raises RuntimeError, an empty reduction IndexError."""
    return _arg("argmin", _argmin.argmin, input, dim, keepdim)


def argmax(input: Any, dim: int | None = None, keepdim: bool = False) -> Any:
    """Returns the int64 index of the maximum of `input`, as torch.argmax
    does; the rules are argmin's."""
    return _arg("argmax", _argmin.argmax, input, dim, keepdim)


def _values_indices(name, reduce, input, dim, keepdim):
    if dim is None:
        torch, shape, _ = _inspect(name, input, None, keepdim,
                                   dim_required=keepdim)
        if 0 in shape:
            raise RuntimeError(
                "%s(): Expected reduction dim to be specified for "
                "input.numel() == 0. Specify the reduction dim with the "
                "'dim' argument." % name)
        return to_torch(torch, reduce(input).values, input)
    torch, shape, dim = _inspect(name, input, dim, keepdim)
    _check_empty(name, shape, dim)
    values, indices = reduce(input, axis=dim, keepdims=keepdim)
    pair = (to_torch(torch, values, input),
            to_torch(torch, indices, input))
    if torch is None:
        return _argmin.ValuesIndices(*pair)
    return getattr(torch.return_types, name)(pair)


def min(input: Any, dim: int | None = None, keepdim: bool = False) -> Any:
    """Returns torch.min(input, dim, keepdim)'s (values, indices), values
    being input at the indices bit for bit; without a dim, the minimum
    alone, as torch.min(input) (whose NaN and zero bits may differ)."""
    return _values_indices("min", _argmin.min, input, dim, keepdim)


def max(input: Any, dim: int | None = None, keepdim: bool = False) -> Any:
    """Returns torch.max(input, dim, keepdim)'s (values, indices), or the
    maximum alone without a dim; as min does for the minimum."""
    return _values_indices("max", _argmin.max, input, dim, keepdim)


def aminmax(input: Any, *, dim: int | None = None,
            keepdim: bool = False) -> Any:
    """Returns (min, max) of `input`, over all elements or along `dim`, as
    torch.aminmax does, from one read of the data: a NaN makes both NaN; a
    0-d input with a dim and keepdim gives shape (1,), as in torch."""
    torch, shape, dim = _inspect("aminmax", input, dim, keepdim)
    if dim is None and 0 in shape:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty "
                           "dimension as the operation has no identity.")
    _check_empty("aminmax", shape, dim, label="aminmax")
    # A tensor's values come as torch.Tensor.numpy gives them (bfloat16 as
    # its uint16 bits); a non-tensor's in the dtype numpy reads it as
    # (ml_dtypes.bfloat16 included), in native byte order where the answer
    # is one element, as numpy's scalars are.
    dtype = None
    if torch is None:
        dtype = np.asarray(input).dtype
        if dim is None or not shape:
            dtype = dtype.newbyteorder("=")
    (low, _), (high, _) = extremes(_core.OP_MINMAX, input, dim, keepdim,
                                   dtype=dtype)
    pair = (low, high)
    if not shape and keepdim and dim is not None:
        pair = tuple(np.reshape(v, (1,)) for v in pair)  # as torch does
    pair = tuple(to_torch(torch, v, input) for v in pair)
    if torch is None:
        return MinMax(*pair)
    return torch.return_types.aminmax(pair)



def _shape_of(torch, input):
    return tuple(input.shape) if torch is not None else np.shape(input)


def _scatter(name, op, src, index, dim, dim_size):
    torch = framework_of(src, "torch")
    shape = _shape_of(torch, src)
    if not is_int(dim):
        raise TypeError("%s(): argument 'dim' must be int, not %s"
                        % (name, _type_name(dim)))
    bound = builtins.max(len(shape), 1)
    dim = normalize_axis(dim, bound, lambda given: IndexError(
        "Dimension out of range (expected to be in range of [%d, %d], but "
        "got %d)" % (-bound, bound - 1, given)))
    index_shape = _shape_of(framework_of(index, "torch"), index)
    if len(index_shape) != 1:
        raise ValueError(
            "%s(): index must be 1-D, one group per position along dim "
            "(an index of src's shape is not taken here), not of shape %s"
            % (name, index_shape))
    if dim_size is None:
        keys = np.asarray(index.numpy() if framework_of(index, "torch")
                          else index)
        dim_size = int(keys.max()) + 1 if keys.size else 0
    values, indices = _argmin.group_reduce(
        src, index, dim_size, op, dim, values=True, empty="extent")
    return (to_torch(torch, values, src), to_torch(torch, indices, src))


def scatter_max(src: Any, index: Any, dim: int = -1,
                dim_size: int | None = None) -> tuple:
    """Returns (values, argmax) as torch_scatter.scatter_max(src, index,
    dim, dim_size=dim_size) does: of src's shape with the extent of `dim`
    replaced by dim_size (index.max() + 1 by default), the maximum of the
    positions of `dim` that index sends to each slot, and its position
    along `dim`.

    index: a 1-D int64 or int32 tensor or array, one slot per position
        along `dim` (torch_scatter also broadcasts an index of src's shape,
        which is not taken here: ValueError). A negative slot leaves its
        position out, where torch_scatter's kernels would fail.
    An empty slot gets value 0 and index src.size(dim), as torch_scatter
    gives them; an index of dim_size or more raises ValueError
    (argmin.ArgminValueError). torch tensors give torch tensors, other
    inputs numpy arrays.
    """
    return _scatter("scatter_max", "argmax", src, index, dim, dim_size)


def scatter_min(src: Any, index: Any, dim: int = -1,
                dim_size: int | None = None) -> tuple:
    """Returns (values, argmin) as torch_scatter.scatter_min(src, index,
    dim, dim_size=dim_size) does; as scatter_max for the maximum."""
    return _scatter("scatter_min", "argmin", src, index, dim, dim_size)


def segment_csr(src: Any, indptr: Any, reduce: str = "max") -> tuple:
    """Returns torch_scatter.segment_csr(src, indptr, reduce=reduce) for
    reduce "min" or "max": (values, arg) of each segment
    [indptr[s], indptr[s + 1]) of src's dimension 0, of src's shape with
    that extent replaced by len(indptr) - 1; arg counts along dimension 0.

    indptr: 1-D CSR offsets (int64 or int32), the first 0, none less than
        the one before, the last src.size(0); torch_scatter's batched
        indptr of more dimensions is not taken here (ValueError), nor are
        its other reductions ("sum", "mean"). Bad offsets raise ValueError
        (argmin.ArgminValueError).
    An empty segment gets value 0 and arg src.size(0), as torch_scatter
    gives them. torch tensors give torch tensors, other inputs numpy
    arrays.
    """
    ops = {"min": "argmin", "max": "argmax"}
    if reduce not in ops:
        raise ValueError("segment_csr(): reduce must be 'min' or 'max' here "
                         "(the arg-reductions), not %r" % (reduce,))
    torch = framework_of(src, "torch")
    indptr_shape = _shape_of(framework_of(indptr, "torch"), indptr)
    if len(indptr_shape) != 1:
        raise ValueError("segment_csr(): indptr must be 1-D here, not of "
                         "shape %s" % (indptr_shape,))
    values, indices = _argmin.segment_reduce(
        src, indptr, ops[reduce], 0, values=True, empty="extent")
    return (to_torch(torch, values, src), to_torch(torch, indices, src))
