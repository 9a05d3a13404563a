"""Rules of the framework front ends (argmin.torch, argmin.mindspore,
argmin.numpy, argmin.onnx) on small literal inputs, without the frameworks:
each expected answer is what the framework was observed to give
(docs/semantics.md, "Migrating between frameworks").
test_frontends_peers.py compares them with the frameworks themselves."""
import numpy as np
import pytest

import argmin
import argmin.mindspore as ams
import argmin.numpy as anp
import argmin.onnx as aox
import argmin.torch as at

AxisError = getattr(np, "exceptions", np).AxisError
nan, inf = np.nan, np.inf
X = np.array([[1.0, 5, 5], [7, 7, 0]], np.float32)


def f32(values):
    return np.array(values, np.float32)


def same(got, expected, dtype):
    """Asserts that got is a numpy array of dtype with expected's values
    and shape (0-d included)."""
    expected = np.asarray(expected)
    assert isinstance(got, np.ndarray), type(got)
    assert got.dtype == np.dtype(dtype), got.dtype
    assert got.shape == expected.shape, (got.shape, expected.shape)
    np.testing.assert_array_equal(got, expected)


def bits(values):
    values = np.asarray(values)
    return values.view("u%d" % values.dtype.itemsize)


# --------------------------------------------------------------------------
# argmin.torch

def test_front_ends_load_on_first_use():
    assert argmin.numpy is anp and argmin.torch is at
    assert argmin.mindspore is ams and argmin.onnx is aox
    with pytest.raises(AttributeError):
        argmin.jax


def test_torch_indices_and_shapes():
    same(at.argmin(X), 5, np.int64)
    same(at.argmax(X), 3, np.int64)
    same(at.argmin(X, 1, True), [[0], [2]], np.int64)
    same(at.argmax(X, dim=0), [1, 1, 0], np.int64)
    same(at.argmin(X, keepdim=True), [[5]], np.int64)
    # NaN wins, first of them; ties give the first index.
    same(at.argmin(f32([3, nan, 1, nan, 1])), 1, np.int64)
    same(at.argmax(f32([1, nan, 3])), 1, np.int64)
    same(at.argmin(f32([1, 0, 0])), 1, np.int64)
    # A 0-d input takes dim None, 0 and -1, and keepdim adds nothing.
    for dim in (None, 0, -1):
        same(at.argmin(np.float32(3), dim, True), 0, np.int64)
    # Beyond torch: uint64.
    same(at.argmax(np.array([0, 2**64 - 1, 5], np.uint64)), 1, np.int64)


def test_torch_errors():
    with pytest.raises(RuntimeError, match="\"argmin_cpu\" not implemented "
                       "for 'Bool'"):
        at.argmin(np.array([True, False]))
    with pytest.raises(RuntimeError, match="argmax_cpu"):
        at.argmax(np.array([True, False]), 0)
    # torch answers these without its kernel, so bool passes.
    same(at.argmin(np.array([[True, False]]), 0), [0, 0], np.int64)
    same(at.argmax(np.zeros((3, 0), bool), 0), np.zeros(0), np.int64)
    with pytest.raises(RuntimeError, match="argmin_cpu"):
        at.argmin(np.array([[True, False]]), 1)
    with pytest.raises(IndexError, match=r"^Dimension out of range \(expected"
                       r" to be in range of \[-2, 1\], but got 2\)$"):
        at.argmin(X, 2)
    with pytest.raises(IndexError, match=r"range of \[-1, 0\], but got 1"):
        at.argmin(np.float32(3), 1)
    empty = np.zeros((0, 3), np.float32)
    with pytest.raises(IndexError, match=r"^argmin\(\): Expected reduction "
                       r"dim to be specified for input.numel\(\) == 0.$"):
        at.argmin(empty)
    with pytest.raises(IndexError, match=r"^argmax\(\): Expected reduction "
                       "dim 0 to have non-zero size.$"):
        at.argmax(empty, -2)
    same(at.argmin(empty, 1), np.zeros(0), np.int64)
    with pytest.raises(RuntimeError, match=r"^max\(\): Expected reduction "
                       r"dim to be specified .* Specify the reduction dim"):
        at.max(empty)
    with pytest.raises(IndexError, match=r"^min\(\): Expected reduction dim "
                       "0 to have non-zero size.$"):
        at.min(empty, 0)
    with pytest.raises(RuntimeError, match="^aminmax\\(\\): cannot compute"):
        at.aminmax(empty)
    with pytest.raises(IndexError, match="^aminmax: Expected reduction dim "
                       "0 to have"):
        at.aminmax(empty, dim=0)
    with pytest.raises(TypeError, match="'keepdim' must be bool, not int"):
        at.argmin(X, 1, 1)
    with pytest.raises(TypeError, match="'dim' must be int, not float"):
        at.argmin(X, 1.0)
    with pytest.raises(TypeError, match="'dim' must be int, not bool"):
        at.argmin(X, True)
    with pytest.raises(TypeError):
        at.min(X, keepdim=True)  # torch has no min(input, keepdim)


def test_torch_values():
    # min(input) is the value alone; with a dim, (values, indices).
    same(at.min(X), np.float32(0), np.float32)
    values, indices = at.max(X, 1, keepdim=True)
    same(values, [[5], [7]], np.float32)
    same(indices, [[1], [0]], np.int64)
    # Values are x at the indices, bit for bit.
    assert bits(at.min(f32([-0.0, 0.0]), 0).values) == bits(f32(-0.0))
    assert bits(at.max(f32([0.0, -0.0]), 0).values) == bits(f32(0.0))
    # bool is taken by min and max.
    values, indices = at.min(np.array([True, False, False]), 0)
    same(values, False, np.bool_)
    same(indices, 1, np.int64)
    low, high = at.aminmax(X)
    same(low, 0, np.float32)
    same(high, 7, np.float32)
    low, high = at.aminmax(X, dim=1, keepdim=True)
    same(low, [[1], [0]], np.float32)
    same(high, [[5], [7]], np.float32)
    low, high = at.aminmax(f32([1, nan, 3]))
    assert np.isnan(low) and np.isnan(high)
    same(at.aminmax(np.array([False, True])).max, True, np.bool_)
    # A 0-d input keeps a dim under aminmax with dim and keepdim, only.
    same(at.aminmax(np.float32(3), dim=0, keepdim=True).min, [3], np.float32)
    same(at.min(np.float32(3), 0, True).values, 3, np.float32)


# --------------------------------------------------------------------------
# argmin.numpy

def test_numpy_results():
    got = anp.argmin(X)
    assert type(got) is np.intp and got == 5
    same(anp.argmax(X, axis=1, keepdims=True), [[1], [0]], np.intp)
    assert type(anp.argmin(np.float32(3), keepdims=True)) is np.intp
    assert anp.argmin(np.float32(3), axis=-1) == 0
    assert anp.argmin([True, False]) == 1  # bool is taken
    assert anp.argmin(f32([3, nan, 1, nan])) == 1


def test_numpy_nan_variants_keep_numpys_infinity_answer():
    assert anp.nanargmin(f32([nan, inf])) == 0  # argmin.nanargmin gives 1
    assert anp.nanargmax(f32([nan, -inf])) == 0
    assert anp.nanargmin(f32([inf, nan, -inf])) == 2
    assert anp.nanargmin(np.array([nan, 2, 1], np.float16)) == 2
    same(anp.nanargmin(f32([[nan, 2, 1], [nan, inf, inf], [inf, 4, nan]]),
                       axis=1), [2, 0, 1], np.intp)
    assert anp.nanargmax(np.array([3, 9, 9], np.int8)) == 1
    with pytest.raises(ValueError, match="^All-NaN slice encountered$"):
        anp.nanargmin(f32([[1, 2], [nan, nan]]), axis=1)
    # An empty slice: all-NaN to numpy 1, an empty sequence to numpy 2.
    numpy2 = int(np.__version__.split(".")[0]) >= 2
    with pytest.raises(ValueError, match="^attempt to get argmax of an empty "
                       "sequence$" if numpy2 else "^All-NaN slice"):
        anp.nanargmax(np.zeros((3, 0)), axis=1)
    with pytest.raises(ValueError, match="^attempt to get argmin of an empty "
                       "sequence$"):
        anp.nanargmin(np.zeros((0, 0)), axis=1)
    same(anp.nanargmin(np.zeros((0, 3)), axis=1), np.zeros(0), np.intp)


def test_numpy_errors_and_out():
    with pytest.raises(AxisError, match="axis 1 is out of bounds for array "
                       "of dimension 1"):
        anp.argmin(np.float32(3), axis=1)  # numpy reads 0-d as 1-d here
    with pytest.raises(AxisError, match="axis -3 is out of bounds for array "
                       "of dimension 2"):
        anp.argmax(X, axis=-3)
    with pytest.raises(TypeError):
        anp.argmin(X, axis=True)
    with pytest.raises(ValueError, match="^attempt to get argmax of an empty "
                       "sequence$"):
        anp.argmax(np.zeros((2, 0)), axis=1)
    out = np.full(2, -1, np.int32)
    assert anp.argmin(X, axis=1, out=out) is out
    same(out, [0, 2], np.int32)
    with pytest.raises(ValueError, match="output array does not match result"
                       " of np.argmin"):
        anp.argmin(X, axis=1, out=np.zeros(3, np.intp))
    with pytest.raises(TypeError, match="Cannot cast array data"):
        anp.argmin(X, axis=1, out=np.zeros(2, np.float64))
    with pytest.raises(TypeError, match="output must be an array"):
        anp.argmin(X, axis=1, out=[0, 0])
    # Nothing is written when the call fails.
    out = np.full(2, -1, np.intp)
    with pytest.raises(ValueError):
        anp.nanargmin(f32([[1, 2], [nan, nan]]), axis=1, out=out)
    same(out, [-1, -1], np.intp)


# --------------------------------------------------------------------------
# argmin.onnx

def test_onnx_attributes():
    same(aox.ArgMin(X), [[0, 0, 1]], np.int64)  # axis 0, kept
    same(aox.ArgMax(X, axis=1, keepdims=0), [1, 0], np.int64)
    same(aox.ArgMax(X, axis=-1, select_last_index=1), [[2], [1]], np.int64)
    same(aox.ArgMin(f32([2, 1, 1]), keepdims=0), 1, np.int64)
    same(aox.ArgMin(f32([2, 1, 1]), keepdims=0, select_last_index=1), 2,
         np.int64)
    same(aox.ArgMin(f32([nan, 1, nan]), select_last_index=1), [2], np.int64)
    same(aox.ArgMin(f32([nan, 1, nan])), [0], np.int64)
    with pytest.raises(ValueError, match="rank 1 or more"):
        aox.ArgMin(np.float32(3))
    with pytest.raises(TypeError, match="not bool"):
        aox.ArgMax(np.array([True, False]))
    with pytest.raises(ValueError, match="keepdims must be 0 or 1"):
        aox.ArgMin(X, keepdims=2)
    with pytest.raises(ValueError, match="axis 2 is outside"):
        aox.ArgMin(X, axis=2)
    with pytest.raises(ValueError, match="empty"):
        aox.ArgMin(np.zeros((0, 2)))


# --------------------------------------------------------------------------
# argmin.mindspore

def test_mindspore_nan_rule():
    # A NaN first in its slice wins; any other NaN is skipped.
    for values, expected in (([nan, 1, 0], 0), ([1, nan, 0], 2),
                             ([1, 0, nan], 1), ([0, nan, nan], 0),
                             ([nan, nan], 0), ([1, nan, nan], 0),
                             ([2, 1, nan, 0], 3), ([nan, 0, nan, -1], 0)):
        same(ams.argmin(f32(values)), expected, np.int32)
    same(ams.argmax(f32([1, nan, 0])), 0, np.int64)
    same(ams.argmax(f32([nan, 1, 0])), 0, np.int64)
    rows = f32([[nan, 1, 0], [1, nan, 0], [nan, nan, nan], [3, nan, nan]])
    original = rows.copy()
    same(ams.argmin(rows, 1), [0, 2, 0, 0], np.int32)
    same(ams.argmin(rows.T, 0, True), [[0, 2, 0, 0]], np.int32)
    assert np.array_equal(rows, original, equal_nan=True)  # not written
    values, index = ams.min(rows, axis=1)
    same(index, [0, 2, 0, 0], np.int64)
    assert np.isnan(values[0]) and values[1] == 0 and values[3] == 3
    low, high = ams.aminmax(rows, axis=1)
    same(high[1:], [1, nan, 3], np.float32)
    assert np.isnan(low[0]) and np.isnan(high[0])


def test_mindspore_signatures_and_dtypes():
    same(ams.argmin(X), 5, np.int32)
    same(ams.argmin(X, None, True), 5, np.int32)  # keepdims ignored
    same(ams.argmin(X, 1, True), [[0], [2]], np.int32)
    same(ams.argmax(X, dim=1, keepdim=True), [[1], [0]], np.int64)
    same(ams.argmin(np.float32(3), 5), 0, np.int64)  # 0-d: any axis, int64
    # min and max without an axis: the extreme with index 0.
    values, index = ams.min(X, keepdims=True)
    same(values, 0, np.float32)
    same(index, 0, np.int64)
    values, index = ams.max(X, 1, True)
    same(values, [[5], [7]], np.float32)
    same(index, [[1], [0]], np.int64)
    index, values = ams.ArgMinWithValue()(X)  # axis 0; index first
    same(index, [0, 0, 1], np.int64)
    same(values, [1, 5, 0], np.float32)
    index, values = ams.ArgMaxWithValue(-1, True)(X)
    same(index, [[1], [0]], np.int64)
    low, high = ams.aminmax(X)  # axis 0
    same(low, [1, 5, 0], np.float32)
    same(high, [7, 7, 5], np.float32)
    low, high = ams.aminmax(X, axis=None, keepdims=True)
    same(low, [[0]], np.float32)
    same(high, [[7]], np.float32)
    # bool, which MindSpore 2.10's CPU kernels take in argmax only.
    same(ams.argmax(np.array([False, True])), 1, np.int64)
    same(ams.min(np.array([True, False]), 0)[1], 1, np.int64)
    same(ams.argmin(np.array([3, 1, 1], np.uint64)), 1, np.int32)


def test_mindspore_errors():
    with pytest.raises(ValueError, match=r"^For primitive\[Argmin\], the "
                       r"axis must be in \[-2,2\), but got 2.$"):
        ams.argmin(X, 2)
    with pytest.raises(ValueError, match=r"primitive\[ArgMaxWithValue\]"):
        ams.max(X, -3)
    with pytest.raises(ValueError, match="0d input tensor, axis must be one "
                       "of 0 or -1, but got 1"):
        ams.ArgMinWithValue(1)(np.float32(3))
    with pytest.raises(ValueError, match="0d input tensor"):
        ams.aminmax(np.float32(3), axis=1)
    with pytest.raises(TypeError):
        ams.argmin(X, 1.0)
    with pytest.raises(RuntimeError):
        ams.argmin(np.zeros((0, 3), np.float32), 1)
    with pytest.raises(ValueError, match="^Min cannot deal with empty"):
        ams.min(np.zeros((0, 3), np.float32))
    with pytest.raises(ValueError, match="^ArgMaxWithValue cannot deal"):
        ams.ArgMaxWithValue(1)(np.zeros((0, 3), np.float32))
    with pytest.raises(NotImplementedError):
        ams.min(X, initial=0.0)
