"""Differential tests of argmax, nanargmax, min, max and argminmax against
numpy and torch: random dtypes, shapes, views and options, values bit for
bit, and argminmax against the two separate calls."""
import warnings

import numpy as np
import pytest

import argmin
from test_binding import (DTYPES, TORCH_DTYPES, random_options, random_shape,
                          random_values, random_view, reference, torch)


def flipped(x):
    """Returns data whose argmin is x's argmax under every rule: the order
    reversed exactly (negation for floats, NaN staying NaN and -0.0 equal to
    +0.0; bitwise not for integers and bool)."""
    if x.dtype.kind == "f":
        return -x
    if x.dtype.kind == "b":
        return ~(x.view(np.uint8) != 0)
    return ~x


def reference_max(x, **options):
    """Returns numpy's answer for argmin.argmax(x, ...), through numpy's
    argmin on flipped data, or raises numpy's ValueError."""
    return reference(flipped(x), **options)


def gathered(x, indices, axis, keepdims):
    """Returns x at `indices` (argmin's output for axis and keepdims) as
    unsigned integers of x's item size: bits to compare."""
    bits = x.view("u%d" % x.dtype.itemsize) if x.ndim else np.asarray(
        x).reshape(1).view("u%d" % x.dtype.itemsize)
    if axis is None or x.ndim <= 0:
        return bits.reshape(-1)[indices]
    index = indices if keepdims else np.expand_dims(indices, axis)
    values = np.take_along_axis(bits, index.astype(np.intp), axis)
    return values if keepdims else np.squeeze(values, axis)


def as_bits(values):
    values = np.asarray(values)
    return values.view("u%d" % values.dtype.itemsize)


def run_cases(seed, count):
    rng = np.random.default_rng(seed)
    for case in range(count):
        dtype = DTYPES[rng.integers(len(DTYPES))]
        shape = random_shape(rng, limit=2048)
        options = random_options(rng, len(shape))
        context = "seed %d case %d: %s %s %s" % (seed, case, dtype, shape,
                                                 options)
        x = random_view(rng, shape, lambda s: random_values(rng, dtype, s))
        keys = ("axis", "keepdims", "nan", "ties")
        numpy_options = {k: options[k] for k in keys}
        try:
            want_min = np.asarray(reference(x, **numpy_options))
            want_max = np.asarray(reference_max(x, **numpy_options))
        except ValueError:
            for f in (argmin.argmax, argmin.min, argmin.max, argmin.argminmax):
                with pytest.raises(ValueError):
                    f(x, **options)
            continue
        got_max = argmin.argmax(x, **options)
        assert np.array_equal(got_max, want_max), context
        assert np.shape(got_max) == want_max.shape, context
        both = argmin.argminmax(x, **options)
        assert np.array_equal(both[0], want_min), context
        assert np.array_equal(both[1], want_max), context
        assert np.shape(both[0]) == want_min.shape, context
        axis = options["axis"]
        if x.ndim == 0:
            axis = None
        for f, want in ((argmin.min, want_min), (argmin.max, want_max)):
            values, indices = f(x, **options)
            assert np.array_equal(indices, want), context
            expected = gathered(x, want, axis, options["keepdims"])
            if x.dtype.kind == "b":
                # numpy's bool scalars hold 0 or 1 whatever the byte was.
                expected = expected != 0
                values = np.asarray(values).view(np.uint8) != 0
            assert np.array_equal(as_bits(values), as_bits(expected)), context
            assert np.asarray(values).dtype == x.dtype, context
        if options["nan"] == "ignore":
            assert np.array_equal(
                argmin.nanargmax(x, options["axis"], options["keepdims"],
                                 ties=options["ties"]), want_max), context


def test_random_cases_against_numpy(small_grain):
    """argmax, min, max and argminmax on random dtypes, views and options."""
    run_cases(seed=12, count=1500)


def test_random_cases_on_every_target(small_grain):
    for name in ("AVX3", "AVX2", "SSE4", "SSSE3", "EMU128", "SCALAR"):
        try:
            argmin.force_target(name)
        except ValueError:
            continue
        try:
            run_cases(seed=len(name), count=150)
        finally:
            argmin.force_target(None)


@pytest.fixture
def small_grain():
    argmin.set_parallel_grain(16)
    yield
    argmin.set_parallel_grain(0)


@pytest.mark.skipif(torch is None, reason="needs torch")
def test_against_torch_max_and_min():
    """torch.max(x, dim) and torch.min(x, dim): values bit for bit and
    indices, NaN, ties and zeros of both signs included."""
    rng = np.random.default_rng(5)
    for case in range(400):
        dtype = [np.float32, np.float64, np.float16, np.int8, np.int32,
                 np.int64, np.uint8][rng.integers(7)]
        shape = [int(rng.integers(1, 30)) for _ in range(rng.integers(1, 4))]
        x = random_values(rng, dtype, shape)
        t = torch.from_numpy(x)
        dim = int(rng.integers(-len(shape), len(shape)))
        keepdim = bool(rng.integers(2))
        for ours, theirs in ((argmin.max, torch.max), (argmin.min, torch.min)):
            values, indices = ours(x, dim, keepdim)
            want = theirs(t, dim, keepdim)
            context = "case %d %s %s dim %d" % (case, dtype, shape, dim)
            assert np.array_equal(indices, want.indices.numpy()), context
            assert np.array_equal(as_bits(values),
                                  as_bits(want.values.numpy())), context
        if np.dtype(dtype) in TORCH_DTYPES:
            assert np.array_equal(argmin.argmax(x, dim, keepdim),
                                  torch.argmax(t, dim, keepdim).numpy())


@pytest.mark.skipif(torch is None, reason="needs torch")
def test_bfloat16_values_from_torch():
    t = torch.tensor([[1.0, -0.0, 3.0], [0.0, 2.0, float("nan")]],
                     dtype=torch.bfloat16)
    values, indices = argmin.max(t, 1)
    want = torch.max(t, 1)
    assert np.array_equal(indices, want.indices.numpy())
    assert np.array_equal(as_bits(values),
                          want.values.view(torch.int16).numpy().view(
                              np.uint16))


def test_edge_cases():
    """The documented answers: NaN wins argmax, never nanargmax; bool;
    signed zeros keep their sign in values; the numpy difference."""
    nan, inf = np.nan, np.inf
    assert argmin.argmax(np.array([1.0, nan, 3.0])) == 1
    assert argmin.argmax(np.array([1.0, nan, nan]), ties="last") == 2
    assert argmin.nanargmax(np.array([nan, -inf])) == 1  # numpy says 0
    assert argmin.nanargmax(np.array([nan, 1.0, 3.0, 3.0])) == 2
    assert argmin.argmax(np.array([False, True, True])) == 1
    values, indices = argmin.max(np.array([-0.0, 0.0]))
    assert indices == 0 and np.signbit(values)
    values, indices = argmin.max(np.array([-0.0, 0.0]), ties="last")
    assert indices == 1 and not np.signbit(values)
    payload = np.array([1.0, 2.0], dtype=np.float32)
    payload.view(np.uint32)[1] = 0x7FC00001
    values, _ = argmin.max(payload)
    assert np.asarray(values).view(np.uint32) == 0x7FC00001
    with pytest.raises(ValueError):
        argmin.nanargmax(np.array([nan, nan]))
    with pytest.raises(ValueError):
        argmin.max(np.zeros((0, 3)), axis=0)
    assert argmin.max(np.zeros((0, 3)), axis=1).indices.shape == (0,)
    assert argmin.argminmax(np.array([3, 1, 4, 1, 5])) == (1, 4)
    assert isinstance(argmin.max(np.array([1, 2])).indices, np.integer)
    assert argmin.max(np.ones((2, 3)), 1, index_dtype="int32"
                      ).indices.dtype == np.int32
