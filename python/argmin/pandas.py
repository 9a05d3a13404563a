"""pandas' groupby idxmin and idxmax on argmin's kernels:
``idxmin(obj, by)`` returns what ``obj.groupby(by).idxmin()`` returns, the
label of each group's minimum, computed by argmin.group_reduce (one call
for a Series or a DataFrame whose columns share a dtype, else one per
column) rather than by pandas' groupby kernels (pandas 3.1 observed).

    import argmin.pandas as ap
    ap.idxmin(series, keys)           # as series.groupby(keys).idxmin()
    ap.idxmax(frame, "key", skipna=False)

obj is a Series or a DataFrame; `by` is anything obj.groupby takes (a
column name, a Series, an array or list of keys, ...). pandas' own groupby
object tells the groups: their codes (ngroup; rows whose key is missing are
left out, as groupby drops NaN keys), the result's index (the group keys,
sorted) and the columns a key column excludes. The result is a Series (for
a Series, with its name) or a DataFrame of obj's index labels, of its
index's dtype.

pandas' rules, which these keep: skipna=True skips NaNs, and a group whose
values are all NaN raises ValueError; skipna=False raises ValueError when
obj holds any NaN at all (rows of missing keys included), and otherwise
answers as skipna=True. Ties give the first label.

Columns of other dtypes than bool, integers and float16/32/64 held in numpy
arrays (pandas' nullable Int64 and Float64, strings, datetimes, categoricals,
objects) have no kernel here: a DataFrame with any such column, or such a
Series, is passed to pandas' own groupby, whose answer is returned.
"""
from __future__ import annotations

from typing import Any

import numpy as np

import argmin as _argmin

__all__ = ["idxmin", "idxmax"]


def _kernel_dtype(dtype):
    """Returns whether a column of pandas dtype `dtype` is a numpy array
    that the library reads: bool, integers, float16/32/64."""
    return (isinstance(dtype, np.dtype) and dtype.kind in "biuf"
            and dtype.itemsize <= 8)


def _codes(grouped):
    """Returns the group number of each row of a groupby object as int64,
    -1 for a row that no group holds (a missing key)."""
    numbers = grouped.ngroup().to_numpy()
    if numbers.dtype.kind == "f":
        numbers = np.where(np.isnan(numbers), -1, numbers)
    return numbers.astype(np.int64, copy=False)


def _labels(index, positions):
    """Returns the labels of `index` at `positions` (a MultiIndex as
    tuples, as pandas gives them)."""
    import pandas as pd
    if isinstance(index, pd.MultiIndex):
        index = index.to_flat_index()
    return index.array.take(positions)


def _idx(how, op, obj, by, skipna):
    import pandas as pd
    if not isinstance(obj, (pd.Series, pd.DataFrame)):
        raise TypeError("%s() takes a pandas Series or DataFrame, not %s"
                        % (how, type(obj).__name__))
    frame = isinstance(obj, pd.DataFrame)
    grouped = obj.groupby(by)
    if frame:
        excluded = list(grouped.exclusions)
        data = obj.loc[:, ~obj.columns.isin(excluded)] if excluded else obj
        dtypes = list(data.dtypes)
    else:
        data = obj
        dtypes = [obj.dtype]
    if not all(_kernel_dtype(d) for d in dtypes):
        return getattr(grouped, how)(skipna=skipna)
    codes = _codes(grouped)
    result_index = grouped.size().index
    groups = len(result_index)
    # One 2-D call when the columns share a dtype, else one per column.
    if not frame:
        blocks = [data.to_numpy()]
    elif len(set(dtypes)) == 1:
        blocks = [data.to_numpy()]
    else:
        blocks = [data.iloc[:, j].to_numpy() for j in range(data.shape[1])]
    if not skipna and any(b.dtype.kind == "f" and np.isnan(b).any()
                          for b in blocks):
        raise ValueError("%s with skipna=False encountered an NA value."
                         % how)
    positions = []
    for values in blocks:
        indices = _argmin.group_reduce(values, codes, groups, op,
                                       nan="ignore_partial")
        if groups and (indices < 0).any():
            # Every group holds a row: -1 is a group of only NaNs.
            raise ValueError("%s with skipna=True encountered all NA values "
                             "in a group." % how)
        positions.append(indices if indices.ndim == 2 else indices[:, None])
    if not frame:
        return pd.Series(_labels(obj.index, positions[0][:, 0]),
                         index=result_index, name=obj.name)
    positions = np.concatenate(positions, axis=1) if positions else []
    result = pd.DataFrame(
        {j: _labels(obj.index, positions[:, j])
         for j in range(data.shape[1])}, index=result_index)
    result.columns = data.columns
    return result


def idxmin(obj: Any, by: Any, skipna: bool = True) -> Any:
    """Returns obj.groupby(by).idxmin(skipna=skipna): for each group (the
    result's index, sorted), the label of obj's index at the group's
    minimum, per column for a DataFrame (the key column excluded). See the
    module's documentation for NaNs and the dtypes computed here."""
    return _idx("idxmin", "argmin", obj, by, skipna)


def idxmax(obj: Any, by: Any, skipna: bool = True) -> Any:
    """Returns obj.groupby(by).idxmax(skipna=skipna), as idxmin does for
    the minimum."""
    return _idx("idxmax", "argmax", obj, by, skipna)
