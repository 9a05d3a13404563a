"""argmin.segment_reduce and argmin.group_reduce (argmin_segment_reduce and
argmin_group_reduce) and their front ends (argmin.pandas, argmin.torch's
scatter_min, scatter_max and segment_csr), each compared on random inputs
with an independent answer: a plain numpy loop over the segments or groups
for every dtype, op, NaN policy, tie rule and axis, and pandas' groupby,
polars' group_by and torch's scatter_reduce and segment_reduce where those
are installed. Every comparison requires 0 mismatches; its assertion message
and printed line (pytest -s) give the number of segments or groups
compared.

Random inputs hold NaNs (at random, and whole segments or groups of them),
ties (values from a small range), empty and one-element segments, missing
keys (negative, or NaN and None for pandas and polars) and empty groups.
"""
import zlib

import numpy as np
import pytest

import argmin

FLOATS = ["float16", "float32", "float64"]
INTS = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
        "uint64", "bool"]
OPS = ["argmin", "argmax", "argminmax"]
NANS = ["propagate", "ignore", "ignore_partial"]


class AllNaN(Exception):
    """The reference's answer for an all-NaN slice under nan "ignore"."""


def reference_index(v, order, nan, ties):
    """Returns the index of the minimum (order "min") or maximum ("max") of
    the non-empty 1-D array v by the library's rules; -1 for a slice of
    only NaNs under "ignore_partial", AllNaN under "ignore"."""
    v = v.astype(np.int64) if v.dtype == np.bool_ else v
    positions = np.arange(len(v))
    if v.dtype.kind == "f":
        nans = np.isnan(v)
        if nan == "propagate" and nans.any():
            hits = positions[nans]
            return hits[0] if ties == "first" else hits[-1]
        if nans.all():
            if nan == "ignore":
                raise AllNaN
            return -1
        v, positions = v[~nans], positions[~nans]
    best = v.min() if order == "min" else v.max()
    hits = positions[v == best]
    return hits[0] if ties == "first" else hits[-1]


def random_values(rng, dtype, shape):
    """Returns an array of `dtype` and `shape` with many ties and, for
    floats, NaNs: at random places, and along whole runs of the first
    axis."""
    if dtype == "bool":
        return rng.integers(0, 2, shape).astype(bool)
    info_range = rng.choice([3, 6, 50])
    x = rng.integers(0, info_range, shape)
    if np.dtype(dtype).kind == "i":
        x = x - info_range // 2
        if rng.random() < 0.3:
            limits = np.iinfo(dtype)
            x = np.where(rng.random(shape) < 0.1, limits.min, x)
            x = np.where(rng.random(shape) < 0.1, limits.max, x)
    x = x.astype(dtype)
    if np.dtype(dtype).kind == "f":
        x = x + rng.choice([0.0, 0.5]) * (rng.random(shape) < 0.2)
        x[rng.random(shape) < rng.choice([0.0, 0.1, 0.4])] = np.nan
        if rng.random() < 0.5 and x.shape[0] > 2:
            start = rng.integers(0, x.shape[0] - 1)
            x[start:start + rng.integers(1, 4)] = np.nan
        x = x.astype(dtype)
    return x


def random_input(rng, dtype, trial):
    """Returns (n, axis, x): x of `dtype` with n positions along
    `axis`, 1-D or 2-D (axis 0 or 1, C or Fortran order, or a reversed
    view), n mostly small, and up to a few hundred every fourth trial so
    that the kernels' vector loops run."""
    n = int(rng.integers(0, 40) if trial % 4 else rng.integers(40, 400))
    two_d = trial % 2 == 1
    shape = (n, int(rng.integers(1, 6))) if two_d else (n,)
    axis = int(rng.integers(0, 2)) if two_d else 0
    x = random_values(rng, dtype, shape)
    if two_d:
        x = np.moveaxis(x, 0, axis).copy()
        if trial % 5 == 0:
            x = np.asfortranarray(x)
        elif trial % 5 == 2:
            x = x[::-1, ::-1]
    return n, axis, x


def random_offsets(rng, n):
    """Returns CSR offsets over n positions with empty and one-element
    segments among the others."""
    count = int(rng.integers(0, 12))
    inner = np.sort(rng.integers(0, n + 1, count))
    if count and rng.random() < 0.5:
        inner[rng.integers(0, count)] = inner[0]  # more empty segments
        inner = np.sort(inner)
    offsets = np.concatenate([[0], inner, [n]]).astype(np.int64)
    if rng.random() < 0.3:
        offsets = np.concatenate([[0, 0], offsets[1:]])  # a leading empty one
    return offsets


def random_keys(rng, n, groups):
    """Returns n keys in [-1, groups), -1 (left out) among them, drawn from
    a few of the groups so that others are empty."""
    used = rng.choice(groups, size=max(1, groups // 2), replace=False) \
        if groups else np.array([], np.int64)
    keys = rng.choice(np.concatenate([used, [-1]]), n) if groups else \
        np.full(n, -1)
    return keys.astype(np.int64)


def bits(a):
    """Returns the array a viewed as unsigned integers of its item size,
    to compare values bit for bit."""
    a = np.ascontiguousarray(a)
    return a.view("u%d" % a.dtype.itemsize)


def check_slots(x, axis, members, result, op, nan, ties, empty_index,
                origins=None):
    """Compares result (what _grouped_result gives with values=True) with
    the reference for each slot; members[s] are the positions along `axis`
    of slot s, origins[s] what an index within the slot counts from.
    Returns (slots compared, mismatches, whether the reference says the call
    fails with ARGMIN_ERROR_ALL_NAN)."""
    orders = {"argmin": ["min"], "argmax": ["max"],
              "argminmax": ["min", "max"]}[op]
    pairs = result if op == "argminmax" else (result,)
    moved = np.moveaxis(x, axis, -1)
    compared = mismatches = 0
    for order, (values, indices) in zip(orders, pairs):
        values = np.moveaxis(values, axis, -1)
        indices = np.moveaxis(indices, axis, -1)
        for s, positions in enumerate(members):
            for lane in np.ndindex(moved.shape[:-1]):
                got, got_value = indices[lane + (s,)], values[lane + (s,)]
                compared += 1
                if len(positions) == 0:
                    want, want_bits = empty_index, 0
                else:
                    try:
                        i = reference_index(moved[lane][positions], order,
                                            nan, ties)
                    except AllNaN:
                        return compared, mismatches, True
                    if i < 0:
                        want = -1
                        first = positions[0 if ties == "first" else -1]
                        want_bits = bits(moved[lane][first:first + 1])[0]
                    else:
                        want = positions[i] - (origins[s] if origins else 0)
                        want_bits = bits(moved[lane][positions[i]:
                                                     positions[i] + 1])[0]
                if got != want or bits(np.array([got_value]))[0] != want_bits:
                    mismatches += 1
    return compared, mismatches, False


def report(what, compared, mismatches):
    print("%s: %d slots compared, %d mismatches" % (what, compared,
                                                    mismatches))
    assert mismatches == 0, "%s: %d mismatches of %d slots compared" % (
        what, mismatches, compared)
    assert compared > 0


@pytest.mark.parametrize("dtype", FLOATS + INTS)
def test_segments_match_a_numpy_loop(dtype):
    rng = np.random.default_rng(zlib.crc32(dtype.encode()))
    compared = mismatches = failures = 0
    for trial in range(80):
        n, axis, x = random_input(rng, dtype, trial)
        offsets = random_offsets(rng, n)
        if rng.random() < 0.3:
            offsets = offsets.astype(np.int32)
        op, nan = OPS[trial % 3], NANS[(trial // 3) % 3]
        ties = "first" if trial % 7 < 4 else "last"
        empty = -1 if rng.random() < 0.5 else "extent"
        within = bool(rng.random() < 0.4)
        index_dtype = "int64" if rng.random() < 0.7 else "int32"
        members = [np.arange(a, b) for a, b in zip(offsets[:-1], offsets[1:])]
        try:
            result = argmin.segment_reduce(
                x, offsets, op, axis, values=True, nan=nan, ties=ties,
                index_dtype=index_dtype, empty=empty, within_segment=within)
        except argmin.ArgminValueError as error:
            # Only an all-NaN segment under "ignore" may fail the call.
            failures += 1
            assert error.status_name == "ARGMIN_ERROR_ALL_NAN"
            assert nan == "ignore"
            assert any(np.isnan(np.moveaxis(x, axis, -1)[..., p]).all(
                axis=-1).any() for p in members if len(p))
            continue
        c, m, all_nan = check_slots(
            x, axis, members, result, op, nan, ties,
            -1 if empty == -1 else n,
            list(offsets[:-1]) if within else None)
        assert not all_nan, "the call succeeded where a segment is all NaN"
        compared, mismatches = compared + c, mismatches + m
        for values, indices in (result if op == "argminmax" else (result,)):
            assert indices.dtype == index_dtype and values.dtype == x.dtype
            want_shape = list(x.shape)
            want_shape[axis] = len(offsets) - 1
            assert indices.shape == values.shape == tuple(want_shape)
    report("segment_reduce %s (%d calls refused for all-NaN)" % (
        dtype, failures), compared, mismatches)


@pytest.mark.parametrize("dtype", FLOATS + INTS)
def test_groups_match_a_numpy_loop(dtype):
    rng = np.random.default_rng(zlib.crc32(b"groups " + dtype.encode()))
    compared = mismatches = failures = 0
    for trial in range(80):
        n, axis, x = random_input(rng, dtype, trial)
        groups = int(rng.integers(0, 8 if n < 40 else 30))
        keys = random_keys(rng, n, groups)
        if rng.random() < 0.3:
            keys = keys.astype(np.int32)
        if rng.random() < 0.2 and n:
            keys = np.repeat(keys, 2)[::2]  # a strided view
        op, nan = OPS[trial % 3], NANS[(trial // 3) % 3]
        ties = "first" if trial % 7 < 4 else "last"
        empty = -1 if rng.random() < 0.5 else "extent"
        members = [np.flatnonzero(keys == g) for g in range(groups)]
        try:
            result = argmin.group_reduce(x, keys, groups, op, axis,
                                         values=True, nan=nan, ties=ties,
                                         empty=empty)
        except argmin.ArgminValueError as error:
            failures += 1
            assert error.status_name == "ARGMIN_ERROR_ALL_NAN"
            assert nan == "ignore"
            assert any(np.isnan(np.moveaxis(x, axis, -1)[..., p]).all(
                axis=-1).any() for p in members if len(p))
            continue
        c, m, all_nan = check_slots(x, axis, members, result, op, nan, ties,
                                    -1 if empty == -1 else n)
        assert not all_nan, "the call succeeded where a group is all NaN"
        compared, mismatches = compared + c, mismatches + m
    report("group_reduce %s (%d calls refused for all-NaN)" % (
        dtype, failures), compared, mismatches)


def test_named_wrappers_and_ops_agree():
    rng = np.random.default_rng(5)
    x = random_values(rng, "float32", (50, 3))
    offsets = random_offsets(rng, 50)
    keys = random_keys(rng, 50, 6)
    lo, hi = argmin.segment_reduce(x, offsets, "argminmax")
    assert np.array_equal(lo, argmin.segment_argmin(x, offsets))
    assert np.array_equal(hi, argmin.segment_argmax(x, offsets))
    assert np.array_equal(lo, argmin.segment_reduce(x, offsets))
    lo, hi = argmin.group_reduce(x, keys, 6, "argminmax", nan="ignore_partial")
    assert np.array_equal(lo, argmin.group_argmin(x, keys, 6,
                                                  nan="ignore_partial"))
    assert np.array_equal(hi, argmin.group_argmax(x, keys, 6,
                                                  nan="ignore_partial"))
    values, indices = argmin.group_reduce(x, keys, 6, "argmax", values=True)
    assert isinstance(values, np.ndarray) and values.shape == (6, 3)
    # A list of keys, a negative axis.
    assert np.array_equal(
        argmin.group_argmin(x.T, list(keys), 6, axis=-1),
        argmin.group_argmin(x, keys, 6).T)


def test_threads_give_the_same_answer():
    rng = np.random.default_rng(11)
    x = random_values(rng, "float64", (3000, 5))
    offsets = random_offsets(rng, 3000)
    keys = random_keys(rng, 3000, 40)
    argmin.set_parallel_grain(16)
    try:
        for threads in (2, 3):
            for axis in (0,):
                assert np.array_equal(
                    argmin.segment_reduce(x, offsets, "argminmax", axis,
                                          threads=threads)[1],
                    argmin.segment_reduce(x, offsets, "argminmax", axis,
                                          threads=1)[1])
                assert np.array_equal(
                    argmin.group_reduce(x, keys, 40, "argmin", axis,
                                        nan="ignore_partial",
                                        threads=threads),
                    argmin.group_reduce(x, keys, 40, "argmin", axis,
                                        nan="ignore_partial", threads=1))
    finally:
        argmin.set_parallel_grain(0)


# --- errors -------------------------------------------------------------


def expect_bad_groups(call, detail):
    """Runs call, which must raise ArgminValueError for
    ARGMIN_ERROR_BAD_GROUPS with the library's detail `detail`."""
    with pytest.raises(argmin.ArgminValueError) as error:
        call()
    assert error.value.status_name == "ARGMIN_ERROR_BAD_GROUPS"
    assert error.value.detail == detail
    assert str(error.value) == "ARGMIN_ERROR_BAD_GROUPS: " + detail


def test_bad_offsets_and_keys_raise_the_library_errors():
    x = np.arange(6.0)
    before = x.copy()
    call = "segment argmin"  # the library names the call so
    expect_bad_groups(
        lambda: argmin.segment_reduce(x, [1, 6]),
        "%s: offsets[0] is 1, expected 0" % call)
    expect_bad_groups(
        lambda: argmin.segment_reduce(x, [0, 4, 3, 6]),
        "%s: offsets[2] is 3, less than offsets[1] = 4: offsets may not "
        "decrease" % call)
    expect_bad_groups(
        lambda: argmin.segment_reduce(x, [0, 7, 6]),
        "%s: offsets[1] is 7, beyond the axis' extent 6" % call)
    expect_bad_groups(
        lambda: argmin.segment_reduce(x, [0, 5]),
        "%s: the last offset (offsets[1]) is 5, expected the axis' extent 6"
        % call)
    expect_bad_groups(
        lambda: argmin.segment_reduce(x, np.array([], np.int64)),
        "%s: offsets has no elements, expected S + 1 >= 1 (0 first, the "
        "axis' extent 6 last)" % call)
    expect_bad_groups(
        lambda: argmin.segment_reduce(x, np.array([0.0, 6.0])),
        "%s: offsets has dtype float64, expected int64 or int32" % call)
    expect_bad_groups(
        lambda: argmin.segment_reduce(x, np.zeros((2, 1), np.int64)),
        "%s: offsets has ndim 2, expected 1 (a shape)" % call)
    call = "group argmin"
    expect_bad_groups(
        lambda: argmin.group_reduce(x, [0, 1, 2, 3, 0, 1], 3, "argmax"),
        "group argmax: keys[3] is 3, expected less than num_groups 3 (or "
        "negative, to leave the position out)")
    expect_bad_groups(
        lambda: argmin.group_reduce(x, [0, 1], 3),
        "%s: keys has 2 elements, expected 6 (the extent of the axis)" % call)
    expect_bad_groups(
        lambda: argmin.group_reduce(x, np.zeros(6, np.int16), 3),
        "%s: keys has dtype int16, expected int64 or int32" % call)
    expect_bad_groups(
        lambda: argmin.group_reduce(x, np.zeros(6, np.int64), -1),
        "%s: num_groups is -1, expected 0 or more" % call)
    assert np.array_equal(x, before)


def test_bad_arguments_raise():
    x = np.arange(6.0)
    with pytest.raises(argmin.ArgminAxisError):
        argmin.segment_reduce(x, [0, 6], axis=1)
    with pytest.raises(argmin.ArgminAxisError):
        argmin.group_reduce(x, np.zeros(6, np.int64), 1, axis=None)
    with pytest.raises(argmin.ArgminAxisError):
        argmin.group_reduce(np.float64(1), [0], 1)
    with pytest.raises(ValueError, match="op must be one of 'argmin', "
                                         "'argmax', 'argminmax', not 'min'"):
        argmin.segment_reduce(x, [0, 6], "min")
    with pytest.raises(ValueError, match="nan must be one of 'propagate', "
                                         "'ignore', 'ignore_partial', not"):
        argmin.segment_reduce(x, [0, 6], nan="skip")
    with pytest.raises(ValueError, match="nan must be one of 'propagate', "
                                         "'ignore', not"):
        argmin.argmin(x, nan="ignore_partial")  # the dense calls as before
    with pytest.raises(ValueError, match="empty must be -1 or 'extent'"):
        argmin.segment_reduce(x, [0, 6], empty=0)
    with pytest.raises(ValueError, match="empty must be -1 or 'extent'"):
        argmin.segment_reduce(x, [0, 6], empty="none")
    with pytest.raises(argmin.ArgminValueError) as error:
        argmin.segment_reduce(np.array([1.0, np.nan, np.nan]), [0, 1, 3],
                              nan="ignore")
    assert error.value.status_name == "ARGMIN_ERROR_ALL_NAN"
    # int32 indices where the extent fits, and 0 groups.
    assert argmin.group_reduce(x, np.full(6, -1), 0).shape == (0,)
    assert argmin.segment_reduce(np.zeros(0), [0]).shape == (0,)
    assert list(argmin.segment_reduce(np.zeros(0), [0, 0, 0],
                                      empty="extent")) == [0, 0]


# --- pandas ---------------------------------------------------------------


def pandas_outcome(call):
    """Returns ("ok", result) or ("ValueError", message) of call()."""
    try:
        return "ok", call()
    except ValueError as error:
        return "ValueError", str(error)


def test_pandas_groupby_idxmin_idxmax():
    pd = pytest.importorskip("pandas")
    import argmin.pandas as ap
    rng = np.random.default_rng(21)
    compared = outcomes = 0
    raised = {"ok": 0, "ValueError": 0}
    for trial in range(160):
        n = int(rng.integers(0, 30))
        dtype = ["float64", "float32", "int64", "int32", "uint8",
                 "bool"][trial % 6]
        nan_rate = rng.choice([0.0, 0.0, 0.1, 0.5])
        labels = np.array(["r%d" % i for i in rng.permutation(n)])
        key_kind = trial % 4
        raw = rng.integers(0, 5, n)
        if key_kind == 0:  # float keys with NaN (missing)
            keys = np.where(rng.random(n) < 0.15, np.nan, raw * 1.5)
        elif key_kind == 1:  # strings with None (missing)
            keys = np.array(["k%d" % k if r > 0.15 else None
                             for k, r in zip(raw, rng.random(n))], object)
        else:
            keys = raw * 10 - 20
        columns = {}
        for c in "abc"[:1 + trial % 3]:
            v = random_values(rng, dtype, (n,))
            if v.dtype.kind == "f":
                v = np.where(rng.random(n) < nan_rate, np.nan, v)
                v = np.where(np.isnan(v) & (nan_rate == 0), 0, v).astype(
                    dtype)
            columns[c] = v
        frame = pd.DataFrame(columns, index=labels)
        frame["key"] = keys
        series = frame["a"].rename("values")
        cases = [
            (series, pd.Series(keys, index=labels, name="key")),
            (series, keys),
            (frame, "key"),
            (frame.drop(columns="key"), keys),
            (frame, frame["key"]),
        ]
        for obj, by in cases:
            for how in ("idxmin", "idxmax"):
                for skipna in (True, False):
                    want = pandas_outcome(lambda: getattr(
                        obj.groupby(by), how)(skipna=skipna))
                    got = pandas_outcome(lambda: getattr(ap, how)(
                        obj, by, skipna=skipna))
                    outcomes += 1
                    raised[want[0]] += 1
                    assert got[0] == want[0], (how, skipna, want, got)
                    if want[0] == "ValueError":
                        assert got[1] == want[1]
                        continue
                    if isinstance(want[1], pd.Series):
                        pd.testing.assert_series_equal(got[1], want[1])
                    else:
                        pd.testing.assert_frame_equal(got[1], want[1])
                    compared += want[1].size
    print("pandas: %d calls (%d raised ValueError in both), %d group "
          "labels compared, 0 mismatches" % (outcomes, raised["ValueError"],
                                             compared))
    assert compared > 1000 and raised["ValueError"] > 10


def test_pandas_passes_other_dtypes_to_pandas():
    pd = pytest.importorskip("pandas")
    import argmin.pandas as ap
    s = pd.Series(pd.array([3, None, 1, 2], dtype="Int64"),
                  index=list("wxyz"))
    by = [0, 0, 1, 1]
    pd.testing.assert_series_equal(ap.idxmax(s, by), s.groupby(by).idxmax())
    with pytest.raises(TypeError):
        ap.idxmin(np.zeros(3), [0, 0, 0])


# --- polars ---------------------------------------------------------------


def test_polars_group_by_arg_min_arg_max():
    """polars' arg_min and arg_max skip NaNs (and nulls) and give a
    position within the group; a group of only NaNs gets 0 there, -1 here
    (nan "ignore_partial"): those groups are counted and left out."""
    pl = pytest.importorskip("polars")
    rng = np.random.default_rng(31)
    compared = all_nan = 0
    mismatches = 0
    for trial in range(80):
        n = int(rng.integers(1, 60))
        dtype = ["float64", "float32", "int64", "int32", "uint16"][trial % 5]
        x = random_values(rng, dtype, (n,))
        raw = rng.integers(0, 6, n)
        missing = rng.random(n) < 0.1
        frame = pl.DataFrame({
            "k": pl.Series([None if m else int(k) for k, m in
                            zip(raw, missing)], dtype=pl.Int64),
            "x": x})
        out = frame.group_by("k").agg(
            pl.col("x").arg_min().alias("lo"),
            pl.col("x").arg_max().alias("hi")).drop_nulls("k")
        codes = np.where(missing, -1, raw)
        lo, hi = argmin.group_reduce(x, codes, 6, "argminmax",
                                     nan="ignore_partial")
        for k, want_lo, want_hi in out.iter_rows():
            positions = np.flatnonzero(codes == k)
            if x.dtype.kind == "f" and np.isnan(x[positions]).all():
                all_nan += 1
                assert lo[k] == hi[k] == -1
                continue
            for got, want in ((lo[k], want_lo), (hi[k], want_hi)):
                compared += 1
                # polars counts within the group.
                mismatches += int(np.searchsorted(positions, got) != want
                                  or positions[want] != got)
    report("polars (%d all-NaN groups left out)" % all_nan, compared,
           mismatches)


# --- torch ----------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:scatter_reduce\\(\\) is in beta")
def test_torch_scatter_and_segment_csr():
    torch = pytest.importorskip("torch")
    import argmin.torch as at
    rng = np.random.default_rng(41)
    compared = mismatches = 0
    for trial in range(80):
        n = int(rng.integers(0, 40))
        dtype = ["float32", "float64"][trial % 2]
        x = random_values(rng, dtype, (n, 3))
        dim = trial % 2
        src = torch.from_numpy(np.moveaxis(x, 0, dim).copy())
        size = int(rng.integers(1, 7))
        keys = torch.from_numpy(rng.integers(0, size, n))
        for name, amax in (("scatter_max", "amax"), ("scatter_min", "amin")):
            values, arg = getattr(at, name)(src, keys, dim=dim,
                                            dim_size=size)
            assert isinstance(values, torch.Tensor) and arg.dtype == \
                torch.int64
            shape = list(src.shape)
            shape[dim] = size
            index = keys.view([-1 if d == dim else 1 for d in range(2)])
            want = torch.zeros(shape, dtype=src.dtype).scatter_reduce(
                dim, index.expand_as(src), src, amax, include_self=False)
            counts = np.bincount(keys.numpy(), minlength=size)
            for g in range(size):
                for lane in range(3):
                    at_g = (g, lane) if dim == 0 else (lane, g)
                    compared += 1
                    positions = np.flatnonzero(keys.numpy() == g)
                    if counts[g] == 0:
                        # torch leaves the initial output (0 here) for an
                        # empty group; torch_scatter gives 0 and dim's size.
                        ok = (values[at_g] == 0 and
                              arg[at_g] == src.shape[dim] and
                              want[at_g] == 0)
                    else:
                        column = src[:, lane] if dim == 0 else src[lane]
                        i = positions[reference_index(
                            column.numpy()[positions], amax[1:], "propagate",
                            "first")]
                        ok = (torch.equal(values[at_g], want[at_g]) or
                              (values[at_g].isnan() and want[at_g].isnan()))
                        ok = ok and arg[at_g] == i
                    mismatches += int(not ok)
        offsets = random_offsets(rng, n)
        for reduce in ("max", "min"):
            values, arg = at.segment_csr(torch.from_numpy(x),
                                         torch.from_numpy(offsets), reduce)
            # torch 1.13's segment_reduce refuses an empty input.
            lengths = torch.from_numpy(np.diff(offsets))
            want = torch.segment_reduce(
                torch.from_numpy(x), reduce, lengths=lengths, axis=0,
                unsafe=False) if n else None
            for s, (a, b) in enumerate(zip(offsets[:-1], offsets[1:])):
                for lane in range(3):
                    compared += 1
                    if a == b:
                        ok = values[s, lane] == 0 and arg[s, lane] == n
                    else:
                        i = a + reference_index(x[a:b, lane], reduce,
                                                "propagate", "first")
                        same = (torch.equal(values[s, lane], want[s, lane])
                                or (values[s, lane].isnan()
                                    and want[s, lane].isnan()))
                        ok = same and arg[s, lane] == i
                    mismatches += int(not ok)
    report("torch scatter_reduce, segment_reduce", compared, mismatches)


def test_torch_scatter_of_numpy_arrays_and_errors():
    import argmin.torch as at
    src = np.array([[1.0, 5.0, 2.0, 5.0]])
    values, arg = at.scatter_max(src, np.array([1, 1, 0, 1]))
    assert values.tolist() == [[2.0, 5.0]] and arg.tolist() == [[2, 1]]
    values, arg = at.scatter_min(src, np.array([2, 2, 0, 2]), dim_size=4)
    assert values.tolist() == [[2.0, 0.0, 1.0, 0.0]]
    assert arg.tolist() == [[2, 4, 0, 4]]
    with pytest.raises(ValueError, match="index must be 1-D"):
        at.scatter_max(src, np.zeros((1, 4), np.int64))
    with pytest.raises(argmin.ArgminValueError):
        at.scatter_max(src, np.array([0, 1, 2, 3]), dim_size=2)
    with pytest.raises(ValueError, match="reduce must be 'min' or 'max'"):
        at.segment_csr(src.T, np.array([0, 4]), "sum")
    values, arg = at.segment_csr(src.T, np.array([0, 0, 3, 4]), "max")
    assert values.ravel().tolist() == [0.0, 5.0, 5.0]
    assert arg.ravel().tolist() == [4, 1, 3]
