"""Differential tests of the framework front ends against the frameworks
themselves, in one process: argmin.torch against torch, argmin.numpy
against numpy, argmin.mindspore against MindSpore 2.x, argmin.onnx against
onnx's reference implementation. Random dtypes, shapes, views, NaN
placements and ties (test_binding's generators), every argument each
framework takes, and errors: each case must give the same result type,
dtype, shape and values, or raise the same exception class (and, for torch
and numpy, the same message).

A framework that is not importable is skipped with the reason, and
ARGMIN_REQUIRE (conftest.py) turns that into a failure. tests/run.sh runs
torch (Debian's 1.13 with numpy 1.24) and numpy 1.24 and 2.x; MindSpore and
onnx need a virtual environment of their own, as docs/semantics.md says:

    VENV/bin/pip install mindspore onnx "numpy<2" build/wheel/argmin-*.whl
    VENV/bin/python -m pytest -s tests/python/test_frontends_peers.py

Each test prints the number of cases it compared (seen with -s).
"""
import importlib
import os
import warnings

import numpy as np
import pytest

import argmin.mindspore as ams
import argmin.numpy as anp
import argmin.onnx as aox
import argmin.torch as at
from test_binding import (DTYPES, TORCH_DTYPES, ml_dtypes, random_shape,
                          random_values, random_view, torch)

os.environ.setdefault("GLOG_v", "3")  # MindSpore: errors only


def optional(name):
    try:
        return importlib.import_module(name), None
    except Exception as error:  # MindSpore may fail on import, not only
        return None, "%s is not importable: %s" % (name, error)


mindspore, MINDSPORE_MISSING = optional("mindspore")
onnx_reference, ONNX_MISSING = optional("onnx.reference")
if onnx_reference is not None:
    import onnx
    import onnx.helper


class Mismatches:
    """Collects the cases where the front end and the framework differ."""

    def __init__(self, framework):
        self.framework, self.cases, self.found, self.gaps = framework, 0, [], 0

    def check(self, context, ours, theirs, compare, messages=False,
              gap=False):
        """Runs both calls; records a difference of outcome. gap: the
        framework has no CPU kernel for this dtype (a gap of its version,
        not a rule that the front end copies), so its error is counted
        apart unless the front end raises the same class."""
        self.cases += 1
        got, expected = outcome(ours), outcome(theirs)
        if gap and expected[0] == "error" and got[:2] != expected[:2]:
            self.gaps += 1
            return
        if got[0] == "error" or expected[0] == "error":
            same = (got[0] == expected[0] and got[1] is expected[1]
                    and (not messages or got[2] == expected[2]))
        else:
            same = compare(got[1], expected[1])
        if not same:
            self.found.append("%s\n  ours:   %r\n  theirs: %r"
                              % (context, got, expected))

    def done(self):
        print("\n%s: %d cases, %d mismatches%s" % (
            self.framework, self.cases, len(self.found),
            ", %d where it lacks a kernel" % self.gaps if self.gaps else ""))
        assert not self.found, "\n".join(self.found[:10])


def outcome(call):
    try:
        return ("ok", call())
    except Exception as error:  # compared with the framework's
        return ("error", type(error), str(error))


def random_axis(rng, rank, allow_none=True):
    """Returns None, an axis in range, or now and then one out of range."""
    if allow_none and rng.random() < 0.25:
        return None
    if rng.random() < 0.05:
        return int(rng.choice([rank, -rank - 1, rank + 2]))
    return int(rng.integers(-max(rank, 1), max(rank, 1)))


def as_arrays(value):
    """Returns a result as a tuple of numpy arrays (from tensors too)."""
    if isinstance(value, tuple):
        return tuple(a for v in value for a in as_arrays(v))
    if torch is not None and isinstance(value, torch.Tensor):
        if value.dtype == torch.bfloat16:  # exactly, NaN payloads kept
            return (value.float().numpy(),)
        return (value.numpy(),)
    if mindspore is not None and isinstance(value, mindspore.Tensor):
        return (value.asnumpy(),)
    return (value,)


def equal_bits(got, expected):
    """Both numpy arrays or scalars of one type, dtype, shape and bits."""
    if type(got) is not type(expected):
        return False
    got, expected = np.asarray(got), np.asarray(expected)
    return (got.dtype == expected.dtype and got.shape == expected.shape
            and got.tobytes() == expected.tobytes())


def equal_values(got, expected):
    """Both of one type, dtype and shape, and equal as numbers (NaN equal
    to NaN, -0.0 to +0.0): for results whose bits the framework makes up."""
    if type(got) is not type(expected):
        return False
    got, expected = np.asarray(got), np.asarray(expected)
    if got.dtype != expected.dtype or got.shape != expected.shape:
        return False
    if got.dtype.kind == "f":
        return np.array_equal(got, expected, equal_nan=True)
    return np.array_equal(got, expected)


def pairs(compare):
    """Returns a comparison of results: tensors, named tuples or arrays,
    made numpy arrays, then each compared."""
    def run(got, expected):
        if type(got) is not type(expected):
            return False
        got, expected = as_arrays(got), as_arrays(expected)
        return len(got) == len(expected) and all(
            compare(g, e) for g, e in zip(got, expected))
    return run


# --------------------------------------------------------------------------
# torch

needs_torch = pytest.mark.skipif(torch is None, reason="torch is not "
                                 "importable")


def torch_input(rng, dtype, shape):
    """Returns a random torch tensor view of dtype and shape."""
    def make_base(s):
        if dtype == "bfloat16":
            return torch.from_numpy(random_values(rng, np.float32,
                                                  s)).bfloat16()
        values = random_values(rng, dtype, s)
        if values.dtype == np.bool_:
            values = np.asarray(values.view(np.uint8) != 0)
        return torch.from_numpy(values)
    return random_view(rng, shape, make_base, negative=False)


@needs_torch
@pytest.mark.filterwarnings("ignore::UserWarning")  # torch's own, 0-d
def test_torch_front_end_against_torch():
    rng = np.random.default_rng(17)
    dtypes = sorted(TORCH_DTYPES, key=str) + [np.dtype(np.bool_),
                                               "bfloat16"]
    found = Mismatches("torch %s" % torch.__version__)
    bits, values = pairs(equal_bits), pairs(equal_values)
    for case in range(700):
        dtype = dtypes[rng.integers(len(dtypes))]
        shape = random_shape(rng)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            x = torch_input(rng, dtype, shape)
        dim = random_axis(rng, len(shape))
        keepdim = bool(rng.integers(2))
        context = "case %d: %s %s dim=%s keepdim=%s" % (case, dtype, shape,
                                                         dim, keepdim)
        for name in ("argmin", "argmax"):
            found.check(context + " " + name,
                        lambda: getattr(at, name)(x, dim, keepdim),
                        lambda: getattr(torch, name)(x, dim, keepdim), bits,
                        messages=True)
        for name in ("min", "max"):
            if dim is None:  # the value alone, whose bits torch makes up
                found.check(context + " " + name,
                            lambda: getattr(at, name)(x),
                            lambda: getattr(torch, name)(x), values,
                            messages=True)
            else:
                found.check(context + " " + name,
                            lambda: getattr(at, name)(x, dim, keepdim),
                            lambda: getattr(torch, name)(x, dim, keepdim),
                            bits, messages=True)
        # torch 1.13 has no CPU aminmax for float16, nor for bfloat16 with
        # a dim; its refusal of bool in argmin and argmax is a rule, and is
        # compared.
        found.check(context + " aminmax",
                    lambda: at.aminmax(x, dim=dim, keepdim=keepdim),
                    lambda: torch.aminmax(x, dim=dim, keepdim=keepdim),
                    values, messages=True,
                    gap=x.dtype in (torch.float16, torch.bfloat16))
    found.done()


# --------------------------------------------------------------------------
# numpy

def numpy_input(rng, dtype, shape, subnormals=True):
    """Returns a random numpy view; without subnormals, those of
    random_values are made zeros of their sign."""
    def make_base(s):
        if dtype == "bfloat16":
            return random_values(rng, np.float32, s).astype(
                ml_dtypes.bfloat16)
        values = random_values(rng, dtype, s)
        if not subnormals and values.dtype.kind == "f":
            tiny = np.abs(values) < np.finfo(values.dtype).tiny
            values[tiny] = np.copysign(0, values[tiny])
        return values
    return random_view(rng, shape, make_base)


def test_numpy_front_end_against_numpy():
    rng = np.random.default_rng(23)
    dtypes = [np.dtype(d) for d in DTYPES] + (
        ["bfloat16"] if ml_dtypes is not None else [])
    found = Mismatches("numpy %s" % np.__version__)
    bits = pairs(equal_bits)
    for case in range(700):
        dtype = dtypes[rng.integers(len(dtypes))]
        shape = random_shape(rng)
        x = numpy_input(rng, dtype, shape)
        axis = random_axis(rng, len(shape))
        keepdims = bool(rng.integers(2))
        context = "case %d: %s %s axis=%s keepdims=%s" % (
            case, dtype, shape, axis, keepdims)
        for name in ("argmin", "argmax", "nanargmin", "nanargmax"):
            ours, theirs = getattr(anp, name), getattr(np, name)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                found.check(context + " " + name,
                            lambda: ours(x, axis, keepdims=keepdims),
                            lambda: theirs(x, axis, keepdims=keepdims),
                            bits, messages=True)
                if rng.random() < 0.2:  # into out, given or mis-shaped
                    try:
                        shape_out = np.shape(theirs(x, axis,
                                                    keepdims=keepdims))
                    except ValueError:
                        shape_out = ()
                    if rng.random() < 0.2:
                        shape_out = shape_out + (1,)
                    out_dtype = rng.choice([np.intp, np.int32, np.float64])
                    mine = np.full(shape_out, -7, out_dtype)
                    numpys = np.full(shape_out, -7, out_dtype)
                    found.check(
                        context + " %s out=%s%s" % (name, out_dtype.__name__,
                                                    shape_out),
                        lambda: (ours(x, axis, mine, keepdims=keepdims),
                                 mine.copy()),
                        lambda: (theirs(x, axis, numpys, keepdims=keepdims),
                                 numpys.copy()), bits, messages=True)
    found.done()


# --------------------------------------------------------------------------
# MindSpore

needs_mindspore = pytest.mark.skipif(mindspore is None,
                                     reason=str(MINDSPORE_MISSING))



@needs_mindspore
def test_mindspore_front_end_against_mindspore():
    from mindspore import ops
    rng = np.random.default_rng(29)
    found = Mismatches("MindSpore %s" % mindspore.__version__)
    bits = pairs(equal_bits)
    # The NaN placements that showed MindSpore's rule, first.
    nan = np.nan
    for values in ([nan, 1, 0], [1, nan, 0], [1, 0, nan], [0, nan, nan],
                   [nan, nan], [[1, nan, 0], [nan, 2, 1]]):
        x = np.array(values, np.float32)
        for axis, keepdims in ((None, False), (None, True), (-1, True)):
            found.check("%s axis=%s keepdims=%s" % (values, axis, keepdims),
                        lambda: ams.argmin(mindspore.Tensor(x), axis,
                                           keepdims),
                        lambda: synchronised(lambda: ops.argmin(
                            mindspore.Tensor(x), axis, keepdims)), bits)
    for case in range(400):
        dtype = np.dtype(DTYPES[rng.integers(len(DTYPES))])
        shape = random_shape(rng, limit=1 << 16)
        # MindSpore's CPU kernels were seen to read subnormals as zeros on
        # some calls and not on others, for the same tensor.
        view = numpy_input(rng, dtype, shape, subnormals=False)
        if dtype == np.bool_:  # MindSpore compares bool's bytes
            view = np.asarray(view.view(np.uint8) != 0)
        tensor = mindspore.Tensor(np.asarray(view, order="C"))
        axis = random_axis(rng, len(shape))
        keepdims = bool(rng.integers(2))
        context = "case %d: %s %s axis=%s keepdims=%s" % (
            case, dtype, shape, axis, keepdims)
        calls = [
            ("argmin", lambda x: ams.argmin(x, axis, keepdims),
             lambda: ops.argmin(tensor, axis, keepdims)),
            ("argmax", lambda x: ams.argmax(x, axis, keepdims),
             lambda: ops.argmax(tensor, axis, keepdims)),
            ("min", lambda x: ams.min(x, axis, keepdims),
             lambda: ops.min(tensor, axis, keepdims)),
            ("max", lambda x: ams.max(x, axis, keepdims),
             lambda: ops.max(tensor, axis, keepdims)),
            ("aminmax", lambda x: ams.aminmax(x, axis=axis,
                                              keepdims=keepdims),
             lambda: ops.aminmax(tensor, axis=axis, keepdims=keepdims)),
        ]
        if axis is not None:
            calls += [
                ("ArgMinWithValue",
                 lambda x: ams.ArgMinWithValue(axis, keepdims)(x),
                 lambda: ops.ArgMinWithValue(axis, keepdims)(tensor)),
                ("ArgMaxWithValue",
                 lambda x: ams.ArgMaxWithValue(axis, keepdims)(x),
                 lambda: ops.ArgMaxWithValue(axis, keepdims)(tensor)),
            ]
        # MindSpore 2.10's CPU kernels take bool in argmax only.
        gap = dtype == np.bool_
        for name, ours, theirs in calls:
            found.check(context + " " + name, lambda: ours(tensor),
                        lambda: synchronised(theirs), bits, gap=gap)
            # A numpy view gives numpy arrays of the same values.
            found.check(context + " " + name + " (numpy view)",
                        lambda: ours(view),
                        lambda: as_numpy(synchronised(theirs)), bits,
                        gap=gap)
    found.done()


def synchronised(call):
    """Returns the MindSpore result of call() once computed. MindSpore runs
    operators asynchronously and raises their errors when a result is read,
    and was seen to raise one again at a later read: after an error, its
    queue is drained so that the error stays with its call."""
    try:
        result = call()
        as_numpy(result)
        return result
    except Exception:
        try:
            mindspore.runtime.synchronize()
        except Exception:  # the same error, raised once more
            pass
        raise


def as_numpy(result):
    """Returns a MindSpore result with numpy arrays for its tensors."""
    if isinstance(result, tuple):
        return tuple(value.asnumpy() for value in result)
    return result.asnumpy()


# --------------------------------------------------------------------------
# onnx

needs_onnx = pytest.mark.skipif(onnx_reference is None,
                                reason=str(ONNX_MISSING))


def onnx_model(op, dtype, rank, **attributes):
    """Returns a one-node model of ONNX's op over dtype and rank."""
    element = onnx.helper.np_dtype_to_tensor_dtype(np.dtype(dtype))
    node = onnx.helper.make_node(op, ["x"], ["y"], **attributes)
    graph = onnx.helper.make_graph(
        [node], "g",
        [onnx.helper.make_tensor_value_info("x", element, [None] * rank)],
        [onnx.helper.make_tensor_value_info("y", onnx.TensorProto.INT64,
                                            None)])
    return onnx.helper.make_model(
        graph, opset_imports=[onnx.helper.make_opsetid("", 13)])


@needs_onnx
def test_onnx_front_end_against_onnx_reference():
    rng = np.random.default_rng(31)
    dtypes = [np.dtype(d) for d in DTYPES if d is not np.bool_]
    found = Mismatches("onnx %s reference" % onnx.__version__)
    bits = pairs(equal_bits)
    for case in range(300):
        dtype = dtypes[rng.integers(len(dtypes))]
        shape = [n or 1 for n in random_shape(rng)] or [int(rng.integers(
            1, 9))]  # rank 1 or more, nothing empty
        x = numpy_input(rng, dtype, shape)
        axis = random_axis(rng, len(shape), allow_none=False)
        keepdims, last = int(rng.integers(2)), int(rng.integers(2))
        if not -len(shape) <= axis < len(shape):
            axis = 0  # the reference does not check the axis
        context = "case %d: %s %s axis=%s keepdims=%s last=%s" % (
            case, dtype, shape, axis, keepdims, last)
        for op, ours in (("ArgMin", aox.ArgMin), ("ArgMax", aox.ArgMax)):
            session = onnx_reference.ReferenceEvaluator(onnx_model(
                op, dtype, len(shape), axis=axis, keepdims=keepdims,
                select_last_index=last))
            found.check(context + " " + op,
                        lambda: ours(x, axis, keepdims, last),
                        lambda: np.asarray(session.run(None, {"x": x})[0]),
                        bits)
    found.done()
