// Per-target column kernel (Highway): slices side by side in memory, the
// reduced axis not the innermost, read row after row with a running best
// and its row (or its chunk of rows) per lane, at full lane count; odd
// planes are copied a tile at a time into a buffer laid out for it.
// Included by plane-inl.h, which picks the path.

// Per-target include guard.
#if defined(ARGMIN_KERNELS_COLUMNS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ARGMIN_KERNELS_COLUMNS_INL_H_
#undef ARGMIN_KERNELS_COLUMNS_INL_H_
#else
#define ARGMIN_KERNELS_COLUMNS_INL_H_
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hwy/cache_control.h"
#include "hwy/highway.h"
#include "kernels/argmin-inl.h"
#include "kernels/keys.h"
#include "kernels/strided-inl.h"
#include "kernels/tuning.h"

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {

namespace hn = hwy::HWY_NAMESPACE;

using ::argmin::internal::kPanelBytes;

// Rows per chunk of the column kernel: each tile's running minima are loaded
// from the panel and stored back once per chunk, and stay in registers while
// its rows stream by. A chunk spans about kChunkBytes of plane rows, within
// [kMinChunkRows, kMaxChunkRows]: wide panels take few rows, so that the chunk
// being read and the one being prefetched fit in L1 together; narrow ones
// take more, so that the minima go to and from the panel less often
// (docs/performance.md, "Techniques, per layout").
constexpr size_t kChunkBytes = 8192;
constexpr size_t kMinChunkRows = 4;
constexpr size_t kMaxChunkRows = 16;

// Returns the rows per chunk of the column kernel for panel rows of
// `row_bytes` > 0.
HWY_INLINE size_t ChunkRows(size_t row_bytes) {
  return HWY_MIN(HWY_MAX(kChunkBytes / row_bytes, kMinChunkRows),
                 kMaxChunkRows);
}

// Chunks a panel must have for the column kernel to go by chunk (see
// UpdateTileByChunk): finding a column's row reads its chunk again from
// wherever the plane now lies, a cost that this many chunks repay.
constexpr size_t kChunksByChunk = 512;

// The state of the column kernel for up to kColumns columns, for one order.
template <class Traits>
struct ColumnPanel {
  using Key = typename Traits::Key;
  using Row = hwy::MakeUnsigned<Key>;
  static constexpr size_t kColumns = kPanelBytes / sizeof(Key);
  // Row lanes are as wide as the keys, so they count rows from the start of
  // a segment that they can number: 256 rows for 8-bit keys, 65536 for
  // 16-bit ones, 2^32 for 32-bit ones; 64-bit ones never wrap.
  static constexpr size_t kSegmentRows = sizeof(Key) < sizeof(size_t)
                                             ? size_t{1} << (8 * sizeof(Key))
                                             : ~size_t{0};

  HWY_ALIGN Key best[kColumns];  // the segment's best key per column
  HWY_ALIGN Row row[kColumns];   // its row, counted from the segment's start
  Key total[kColumns];           // the best key of the earlier segments
};

// Returns the values the column kernel compares, of the vector at `p`: native
// floats when D's lanes are floating-point (see ArgColumns), keys (with
// NaN as `nan_keys`) otherwise.
template <class Traits, class D>
HWY_INLINE hn::Vec<D> ColumnValues(D d, hn::Vec<D> raw, hn::Vec<D> nan_keys) {
  if constexpr (hwy::IsFloat<hn::TFromD<D>>()) {
    (void)d;
    (void)nan_keys;
    return raw;
  } else {
    return Keys<Traits>(d, raw, nan_keys);
  }
}

// Applies rows [r0, r1) of the plane to the kVectors vectors of columns from
// `col`, for each of `Orders`: row r's columns are contiguous at `src + (r -
// k0) * stride_bytes`, and rows are numbered from `seg` in the row lanes,
// row by row. With first-index ties a row takes a lane only when strictly
// better; with last-index ties, unless strictly worse. Applying a row twice
// changes nothing, which lets the last vector of a panel overlap the one
// before. Returns whether a NaN was met (native float lanes only, which then
// compare wrongly: see ArgColumns).
template <class Traits, size_t kVectors, class... Orders, class D>
HWY_INLINE bool UpdateTileByRow(D d, const uint8_t* HWY_RESTRICT src, size_t k0,
                                ptrdiff_t stride_bytes, size_t r0, size_t r1,
                                size_t seg, size_t col, ptrdiff_t ahead,
                                ColumnPanel<Traits>* panels,
                                VecsIn<D, sizeof...(Orders)> nan_keys) {
  using T = hn::TFromD<D>;
  using Row = typename ColumnPanel<Traits>::Row;
  static_assert(sizeof(T) == sizeof(Row), "lanes as wide as the keys");
  constexpr size_t kOrders = sizeof...(Orders);
  const hn::RebindToUnsigned<D> du;
  const size_t N = hn::Lanes(d);
  VecArray<D, kVectors> best[kOrders];
  VecArray<decltype(du), kVectors> row[kOrders];
  for (size_t o = 0; o < kOrders; ++o) {
    for (size_t u = 0; u < kVectors; ++u) {
      best[o][u] =
          hn::LoadU(d, reinterpret_cast<T*>(panels[o].best) + col + u * N);
      row[o][u] = hn::LoadU(du, panels[o].row + col + u * N);
    }
  }
  auto nan = hn::FirstN(d, 0);  // all false
  const uint8_t* p =
      src + static_cast<ptrdiff_t>(r0 - k0) * stride_bytes + col * sizeof(T);
  // The same columns one chunk (`ahead` bytes) further down: by the time the
  // other tiles of this chunk are done, they have arrived. Hardware
  // prefetchers miss this pattern (a short run of rows per tile, then back up
  // for the next tile).
  for (size_t r = r0; r < r1; ++r, p += stride_bytes) {
    for (size_t line = 0; line < kVectors * N * sizeof(T); line += 64) {
      hwy::Prefetch(p + ahead + line);
    }
    const auto here = hn::Set(du, static_cast<Row>(r - seg));
    VecArray<D, kVectors> raw;
    for (size_t u = 0; u < kVectors; ++u) {
      // Pinned as a local: pinning the array element makes GCC store every
      // vector to the stack as well.
      hn::Vec<D> v =
          hn::LoadU(d, reinterpret_cast<const T*>(p + u * N * sizeof(T)));
      KeepInRegister(v);
      raw[u] = v;
    }
    ForEachOrder<Orders...>([&](auto order, size_t o) {
      using Order = decltype(order);
      for (size_t u = 0; u < kVectors; ++u) {
        const hn::Vec<D> value = ColumnValues<Traits>(d, raw[u], nan_keys[o]);
        row[o][u] =
            Lanes<Order>::TakeWhere(du, value, best[o][u], here, row[o][u]);
        best[o][u] = Lanes<Order>::Better(best[o][u], value);
      }
    });
    if constexpr (hwy::IsFloat<T>()) {
      nan = OrMask(nan, NaNLanes<kVectors>(d, raw));
    }
  }
  for (size_t o = 0; o < kOrders; ++o) {
    for (size_t u = 0; u < kVectors; ++u) {
      hn::StoreU(best[o][u], d,
                 reinterpret_cast<T*>(panels[o].best) + col + u * N);
      hn::StoreU(row[o][u], du, panels[o].row + col + u * N);
    }
  }
  return !hn::AllFalse(d, nan);
}

// Applies rows [r0, r1) of the plane, a chunk, to the kVectors vectors of
// columns from `col`, for each of `Orders`: row r's columns are contiguous at
// `src + (r - k0) * stride_bytes`. The rows are reduced value-only, as the
// contiguous kernel reduces a block, and a lane that takes the chunk's best
// (strictly better than the panel's, or, with last-index ties, not worse)
// records the chunk's first row, counted from `seg`; MergeSegment finds the
// row itself. Applying a row twice changes nothing, which lets the last
// vector of a panel overlap the one before. Returns whether a NaN was met
// (native float lanes only, which then compare wrongly: see ArgColumns).
template <class Traits, size_t kVectors, class... Orders, class D>
HWY_INLINE bool UpdateTileByChunk(D d, const uint8_t* HWY_RESTRICT src,
                                  size_t k0, ptrdiff_t stride_bytes, size_t r0,
                                  size_t r1, size_t seg, size_t col,
                                  ptrdiff_t ahead, ColumnPanel<Traits>* panels,
                                  VecsIn<D, sizeof...(Orders)> nan_keys) {
  using T = hn::TFromD<D>;
  using Row = typename ColumnPanel<Traits>::Row;
  static_assert(sizeof(T) == sizeof(Row), "lanes as wide as the keys");
  constexpr size_t kOrders = sizeof...(Orders);
  const hn::RebindToUnsigned<D> du;
  const size_t N = hn::Lanes(d);
  VecArray<D, kVectors> m[kOrders];
  auto nan = hn::FirstN(d, 0);  // all false
  // Reads the tile's vectors of the row at `from` into raw, noting NaN.
  const auto read = [&](const uint8_t* from, VecsOut<D, kVectors> raw) {
    // The same columns one chunk (`ahead` bytes) further down: by the time
    // the other tiles of this chunk are done, they have arrived. Hardware
    // prefetchers miss this pattern (a short run of rows per tile, then back
    // up for the next tile).
    for (size_t line = 0; line < kVectors * N * sizeof(T); line += 64) {
      hwy::Prefetch(from + ahead + line);
    }
    for (size_t u = 0; u < kVectors; ++u) {
      // Pinned as a local, as in UpdateTileByRow.
      hn::Vec<D> v = hn::LoadU(d, reinterpret_cast<const T*>(from) + u * N);
      KeepInRegister(v);
      raw[u] = v;
    }
    if constexpr (hwy::IsFloat<T>()) {
      nan = OrMask(nan, NaNLanes<kVectors>(d, raw));
    }
  };
  const uint8_t* p =
      src + static_cast<ptrdiff_t>(r0 - k0) * stride_bytes + col * sizeof(T);
  {
    VecArray<D, kVectors> raw;
    read(p, raw);
    for (size_t o = 0; o < kOrders; ++o) {
      for (size_t u = 0; u < kVectors; ++u) {
        m[o][u] = ColumnValues<Traits>(d, raw[u], nan_keys[o]);
      }
    }
  }
  for (size_t r = r0 + 1; r < r1; ++r) {
    p += stride_bytes;
    VecArray<D, kVectors> raw;
    read(p, raw);
    ForEachOrder<Orders...>([&](auto order, size_t o) {
      for (size_t u = 0; u < kVectors; ++u) {
        m[o][u] = Lanes<decltype(order)>::Better(
            m[o][u], ColumnValues<Traits>(d, raw[u], nan_keys[o]));
      }
    });
  }
  const auto here = hn::Set(du, static_cast<Row>(r0 - seg));
  ForEachOrder<Orders...>([&](auto order, size_t o) {
    using Order = decltype(order);
    for (size_t u = 0; u < kVectors; ++u) {
      T* best_at = reinterpret_cast<T*>(panels[o].best) + col + u * N;
      Row* row_at = panels[o].row + col + u * N;
      const hn::Vec<D> best = hn::LoadU(d, best_at);
      hn::StoreU(Lanes<Order>::Better(best, m[o][u]), d, best_at);
      hn::StoreU(Lanes<Order>::TakeWhere(du, m[o][u], best, here,
                                         hn::LoadU(du, row_at)),
                 du, row_at);
    }
  });
  return !hn::AllFalse(d, nan);
}

// UpdateTileByChunk if kByChunk, else UpdateTileByRow.
template <class Traits, bool kByChunk, size_t kVectors, class... Orders,
          class D>
HWY_INLINE bool UpdateTile(D d, const uint8_t* HWY_RESTRICT src, size_t k0,
                           ptrdiff_t stride_bytes, size_t r0, size_t r1,
                           size_t seg, size_t col, ptrdiff_t ahead,
                           ColumnPanel<Traits>* panels,
                           VecsIn<D, sizeof...(Orders)> nan_keys) {
  if constexpr (kByChunk) {
    return UpdateTileByChunk<Traits, kVectors, Orders...>(
        d, src, k0, stride_bytes, r0, r1, seg, col, ahead, panels, nan_keys);
  } else {
    return UpdateTileByRow<Traits, kVectors, Orders...>(
        d, src, k0, stride_bytes, r0, r1, seg, col, ahead, panels, nan_keys);
  }
}

// Starts a segment at the row at `p` for `cols` >= N columns, for each of
// kOrders orders. Returns whether a NaN was met, as UpdateTile does.
template <class Traits, size_t kOrders, class D>
HWY_INLINE bool StartSegment(D d, const uint8_t* HWY_RESTRICT p, size_t cols,
                             ColumnPanel<Traits>* panels,
                             VecsIn<D, kOrders> nan_keys) {
  using T = hn::TFromD<D>;
  const hn::RebindToUnsigned<D> du;
  const size_t N = hn::Lanes(d);
  auto nan = hn::FirstN(d, 0);
  for (size_t col = 0;; col = HWY_MIN(col + N, cols - N)) {
    const hn::Vec<D> raw =
        hn::LoadU(d, reinterpret_cast<const T*>(p + col * sizeof(T)));
    if constexpr (hwy::IsFloat<T>()) nan = OrMask(nan, hn::IsNaN(raw));
    for (size_t o = 0; o < kOrders; ++o) {
      hn::StoreU(ColumnValues<Traits>(d, raw, nan_keys[o]), d,
                 reinterpret_cast<T*>(panels[o].best) + col);
      hn::StoreU(hn::Zero(du), du, panels[o].row + col);
    }
    if (col + N >= cols) break;
  }
  return !hn::AllFalse(d, nan);
}

// Where a panel's slices lie: slice j's element k at `base + k *
// k_stride_bytes + j * m_stride_bytes`.
struct PlaneView {
  const uint8_t* base;
  ptrdiff_t k_stride_bytes;
  ptrdiff_t m_stride_bytes;

  // Returns the address of slice j's element k.
  const uint8_t* At(size_t k, size_t j) const {
    return base + static_cast<ptrdiff_t>(k) * k_stride_bytes +
           static_cast<ptrdiff_t>(j) * m_stride_bytes;
  }
};

// Folds the segment of rows [seg, end) into the panel's totals (keys) and
// `out` (the first segment just sets them), under `Order`. A column's row
// lane holds its best's row, counted from `seg`, or, kByChunk, the first row
// of the chunk (at most `chunk` rows) where its best was taken; the row
// itself is then the first (or, with last-index ties, the last) there whose
// key is the best's: no row before it in the chunk, nor (with last-index
// ties) any later row of
// the segment, holds it, or that row's chunk would have been the one taken.
// kNative: the segment's best values are native floats (no NaN) and become
// keys here.
template <class Traits, class Order, bool kNative, bool kByChunk>
void MergeSegment(ColumnPanel<Traits>* panel, const PlaneView& plane,
                  size_t cols, size_t seg, size_t end, size_t chunk,
                  uint32_t flags, int64_t* HWY_RESTRICT out) {
  using Key = typename Traits::Key;
  const Key nan_key = Traits::template NaNKey<Order>(flags);
  for (size_t j = 0; j < cols; ++j) {
    const Key key =
        kNative ? Traits::KeyOf(panel->best[j], nan_key) : panel->best[j];
    const size_t first = seg + panel->row[j];
    size_t row = first;
    if constexpr (kByChunk) {
      // Every row of the chunk is compared, without a branch on the
      // outcome, which would be as unpredictable as the data.
      const size_t count = HWY_MIN(first + chunk, end) - first;
      for (size_t i = 0; i < count; ++i) {
        const size_t r = Order::kLast ? first + i : first + count - 1 - i;
        const bool hit =
            internal::LoadKey<Traits>(plane.At(r, j), nan_key) == key;
        row = hit ? r : row;
      }
    }
    if (seg == 0 || Order::Replaces(key, panel->total[j])) {
      panel->total[j] = key;
      out[j] = static_cast<int64_t>(row);
    }
  }
}

// MergeSegment for each of `Orders`, panel o into out[o].
template <class Traits, bool kNative, bool kByChunk, class... Orders>
void MergeSegments(ColumnPanel<Traits>* panels, const PlaneView& plane,
                   size_t cols, size_t seg, size_t end, uint32_t flags,
                   int64_t* const* out) {
  const size_t chunk = ChunkRows(cols * sizeof(typename Traits::Key));
  ForEachOrder<Orders...>([&](auto order, size_t o) {
    MergeSegment<Traits, decltype(order), kNative, kByChunk>(
        &panels[o], plane, cols, seg, end, chunk, flags, out[o]);
  });
}

// Applies rows [k0, k1) of the plane, row r's `cols` >= N contiguous columns
// being at `src + (r - k0) * stride_bytes`, to the panels (one per order),
// whose finished segments (rows found in `plane`, NaN keys per `flags`) go
// to `out` (one array per order), row by row or, kByChunk, chunk by chunk
// (see UpdateTileByChunk). Returns false, at the end of the chunk where one
// was met, if a NaN was met (native float lanes only).
template <class Traits, bool kByChunk, class... Orders, class D>
bool FeedRows(D d, const uint8_t* HWY_RESTRICT src, ptrdiff_t stride_bytes,
              size_t k0, size_t k1, size_t cols, const PlaneView& plane,
              uint32_t flags, ColumnPanel<Traits>* panels, int64_t* const* out,
              VecsIn<D, sizeof...(Orders)> nan_keys) {
  constexpr size_t kSegmentRows = ColumnPanel<Traits>::kSegmentRows;
  using T = hn::TFromD<D>;
  constexpr bool kNative = hwy::IsFloat<T>();
  constexpr size_t kOrders = sizeof...(Orders);
  // Tiles as wide as the registers allow. By row, each order keeps a best
  // and a row vector per column vector, which for both orders fits four
  // vectors in the 32 registers of AVX-512 but not in the 16 of AVX2; by
  // chunk, only a best.
  constexpr size_t kWide =
      kByChunk || kOrders == 1 || HWY_MAX_BYTES >= 64 ? 4 : 2;
  const size_t N = hn::Lanes(d);
  const size_t chunk = ChunkRows(cols * sizeof(T));
  const ptrdiff_t ahead = static_cast<ptrdiff_t>(chunk) * stride_bytes;
  size_t r = k0;
  while (r < k1) {
    if (r % kSegmentRows == 0) {
      if (r != 0) {
        MergeSegments<Traits, kNative, kByChunk, Orders...>(
            panels, plane, cols, r - kSegmentRows, r, flags, out);
      }
      if (StartSegment<Traits, kOrders>(
              d, src + static_cast<ptrdiff_t>(r - k0) * stride_bytes, cols,
              panels, nan_keys)) {
        return false;
      }
      ++r;
      continue;
    }
    const size_t seg = r - r % kSegmentRows;
    const size_t end = k1 - seg <= kSegmentRows ? k1 : seg + kSegmentRows;
    for (size_t c0 = r; c0 < end; c0 += chunk) {
      const size_t c1 = HWY_MIN(end, c0 + chunk);
      bool nan = false;
      size_t col = 0;
      for (; col + kWide * N <= cols; col += kWide * N) {
        nan |= UpdateTile<Traits, kByChunk, kWide, Orders...>(
            d, src, k0, stride_bytes, c0, c1, seg, col, ahead, panels,
            nan_keys);
      }
      for (; col + N <= cols; col += N) {
        nan |= UpdateTile<Traits, kByChunk, 1, Orders...>(
            d, src, k0, stride_bytes, c0, c1, seg, col, ahead, panels,
            nan_keys);
      }
      if (col < cols) {
        nan |= UpdateTile<Traits, kByChunk, 1, Orders...>(
            d, src, k0, stride_bytes, c0, c1, seg, cols - N, ahead, panels,
            nan_keys);
      }
      if (nan) return false;
    }
    r = end;
  }
  return true;
}

// Reduces one panel of `cols` >= N slices at `base` into `out` (one array per
// order) with lanes of D: feeds every row (through `buffer` unless `direct`)
// and merges the last segment, by row or, kByChunk, by chunk. Returns false
// if a NaN was met (native float lanes only), leaving the panels and `out` to
// be overwritten by a run over keys.
template <class Traits, bool kByChunk, class... Orders, class D>
bool ReducePanel(D d, const uint8_t* base, size_t K, ptrdiff_t k_stride_bytes,
                 size_t cols, ptrdiff_t m_stride_bytes, bool direct,
                 uint32_t flags, ColumnPanel<Traits>* panels,
                 typename Traits::Key* HWY_RESTRICT buffer,
                 int64_t* const* out) {
  using Key = typename Traits::Key;
  constexpr size_t kBufferKeys = kCopyBytes / sizeof(Key);
  VecArray<D, sizeof...(Orders)> nan_keys;
  ForEachOrder<Orders...>([&](auto order, size_t o) {
    nan_keys[o] = hn::BitCast(
        d, hn::Set(hn::RebindToSigned<D>(),
                   static_cast<hwy::MakeSigned<hn::TFromD<D>>>(
                       Traits::template NaNKey<decltype(order)>(flags))));
  });
  const PlaneView plane{base, k_stride_bytes, m_stride_bytes};
  if (direct) {
    if (!FeedRows<Traits, kByChunk, Orders...>(d, base, k_stride_bytes, 0, K,
                                               cols, plane, flags, panels, out,
                                               nan_keys)) {
      return false;
    }
  } else {
    const size_t rows_per_copy = HWY_MAX(size_t{1}, kBufferKeys / cols);
    for (size_t k0 = 0; k0 < K; k0 += rows_per_copy) {
      const size_t k1 = HWY_MIN(K, k0 + rows_per_copy);
      CopyTile(base, k0, k1, k_stride_bytes, cols, m_stride_bytes, buffer);
      if (!FeedRows<Traits, kByChunk, Orders...>(
              d, reinterpret_cast<const uint8_t*>(buffer),
              static_cast<ptrdiff_t>(cols * sizeof(Key)), k0, k1, cols, plane,
              flags, panels, out, nan_keys)) {
        return false;
      }
    }
  }
  constexpr size_t kSegmentRows = ColumnPanel<Traits>::kSegmentRows;
  MergeSegments<Traits, hwy::IsFloat<hn::TFromD<D>>(), kByChunk, Orders...>(
      panels, plane, cols, (K - 1) / kSegmentRows * kSegmentRows, K, flags,
      out);
  return true;
}

// Writes to out[o][0, M) the index of the best element under the o-th of
// `Orders` of each of M >= N slices of K <= kShortColumnRows elements side by
// side (element k of slice m at `in + k * k_stride_bytes + m * sizeof(Key)`),
// comparing keys a vector of slices at a time in registers; kAllNaN for the
// all-NaN ones under kIgnoreNaN, then returning false. Why apart from
// ArgColumns: planes this short (segments of a few rows) would spend more in
// its panels than in reading.
template <class Traits, class... Orders>
bool ArgShortColumns(const uint8_t* in, size_t K, ptrdiff_t k_stride_bytes,
                     size_t M, uint32_t flags, int64_t* const* out) {
  using Key = typename Traits::Key;
  constexpr size_t kOrders = sizeof...(Orders);
  const hn::ScalableTag<Key> d;
  const hn::RebindToUnsigned<decltype(d)> du;
  using Row = hn::TFromD<decltype(du)>;
  const size_t N = hn::Lanes(d);
  VecArray<decltype(d), kOrders> nan_keys;
  ForEachOrder<Orders...>([&](auto order, size_t o) {
    nan_keys[o] = hn::Set(d, Traits::template NaNKey<decltype(order)>(flags));
  });
  HWY_ALIGN Row rows[hn::MaxLanes(du)];
  HWY_ALIGN Key keys[hn::MaxLanes(d)];
  bool ok = true;
  for (size_t m0 = 0; m0 < M; m0 += N) {
    const size_t m = HWY_MIN(m0, M - N);  // the last vector may overlap
    const uint8_t* p = in + m * sizeof(Key);
    VecArray<decltype(d), kOrders> best;
    VecArray<decltype(du), kOrders> row;
    const hn::Vec<decltype(d)> first =
        hn::LoadU(d, reinterpret_cast<const Key*>(p));
    for (size_t o = 0; o < kOrders; ++o) {
      best[o] = Keys<Traits>(d, first, nan_keys[o]);
      row[o] = hn::Zero(du);
    }
    for (size_t k = 1; k < K; ++k) {
      const hn::Vec<decltype(d)> raw =
          hn::LoadU(d, reinterpret_cast<const Key*>(
                           p + static_cast<ptrdiff_t>(k) * k_stride_bytes));
      const auto here = hn::Set(du, static_cast<Row>(k));
      ForEachOrder<Orders...>([&](auto order, size_t o) {
        using L = Lanes<decltype(order)>;
        const hn::Vec<decltype(d)> value = Keys<Traits>(d, raw, nan_keys[o]);
        row[o] = L::TakeWhere(du, value, best[o], here, row[o]);
        best[o] = L::Better(best[o], value);
      });
    }
    ForEachOrder<Orders...>([&](auto order, size_t o) {
      using Order = decltype(order);
#if HWY_TARGET != HWY_SCALAR
      if constexpr (sizeof(Key) >= 4) {
        // Rows count from 0 below kShortColumnRows, so as signed lanes they
        // widen to int64 as they are, and kAllNaN (-1) with them.
        const hn::RebindToSigned<decltype(d)> di;
        auto index = hn::BitCast(di, row[o]);
        if (Traits::kIsFloat && (flags & internal::kIgnoreNaN)) {
          const auto all_nan = hn::RebindMask(di, hn::Eq(best[o], nan_keys[o]));
          ok = ok && hn::AllFalse(di, all_nan);
          index = hn::IfThenElse(all_nan, hn::Set(di, -1), index);
        }
        if constexpr (sizeof(Key) == 8) {
          hn::StoreU(index, di, out[o] + m);
        } else {
          const hn::Half<decltype(di)> dh;
          const hn::Rebind<int64_t, decltype(dh)> d64;
          hn::StoreU(hn::PromoteTo(d64, hn::LowerHalf(dh, index)), d64,
                     out[o] + m);
          hn::StoreU(hn::PromoteTo(d64, hn::UpperHalf(dh, index)), d64,
                     out[o] + m + hn::Lanes(d64));
        }
        return;
      }
#endif
      {
        hn::Store(row[o], du, rows);
        hn::Store(best[o], d, keys);
        for (size_t j = 0; j < N; ++j) {
          const bool all_nan = Traits::template AllNaN<Order>(keys[j], flags);
          out[o][m + j] =
              all_nan ? internal::kAllNaN : static_cast<int64_t>(rows[j]);
          ok = ok && !all_nan;
        }
      }
    });
  }
  return ok;
}

// Writes to out[o][0, M) the index of the first (or, with kLast, the last)
// best element under the o-th of `Orders` of each of the M >= N slices of K
// >= 1 elements (see the top of this file); kAllNaN for the all-NaN ones
// under kIgnoreNaN, then returning false. Reads no element outside the plane.
//
// float32 and float64 first compare native float lanes, at half the
// operations of keys, and watch for NaN with one unordered compare per two
// vectors; a panel that holds a NaN is then reduced again over keys, where
// NaN has its place in the order. NaN-free data, the common case, is read
// once; data with NaN at most twice.
template <class Traits, class... Orders>
bool ArgColumns(const uint8_t* in, size_t K, ptrdiff_t k_stride_bytes, size_t M,
                ptrdiff_t m_stride_bytes, uint32_t flags, int64_t* const* out) {
  using Key = typename Traits::Key;
  constexpr size_t kOrders = sizeof...(Orders);
  const hn::ScalableTag<Key> d;
  const size_t N = hn::Lanes(d);
  constexpr size_t kBufferKeys = kCopyBytes / sizeof(Key);
  const bool direct = m_stride_bytes == static_cast<ptrdiff_t>(sizeof(Key));

  ColumnPanel<Traits> panels[kOrders];
  HWY_ALIGN Key buffer[kBufferKeys];
  // A copied panel is as wide as lets the buffer hold all K rows, within
  // [4N, kColumns], so that short slices need one copy per panel.
  size_t width = ColumnPanel<Traits>::kColumns;
  if (!direct) {
    const size_t fit = kBufferKeys / K / N * N;
    width = HWY_MIN(width, HWY_MAX(fit, 4 * N));
  }
  bool ok = true;
  for (size_t m0 = 0; m0 < M; m0 += width) {
    size_t first = m0, cols = HWY_MIN(width, M - m0);
    if (cols < N) first = M - N, cols = N;  // overlap the panel before
    const uint8_t* base = in + static_cast<ptrdiff_t>(first) * m_stride_bytes;
    int64_t* panel_out[kOrders];
    for (size_t o = 0; o < kOrders; ++o) panel_out[o] = out[o] + first;
    // Both orders go by chunk where tracking rows row by row leaves tiles
    // of only two vectors (16 registers), on panels tall enough to pay for
    // finding the rows afterwards.
    constexpr bool kMayChunk = kOrders == 2 && HWY_MAX_BYTES < 64;
    const bool by_chunk =
        kMayChunk &&
        K >= kChunksByChunk * ChunkRows(cols * sizeof(typename Traits::Key));
    const auto reduce = [&](auto lanes) {
      if constexpr (kMayChunk) {
        if (by_chunk) {
          return ReducePanel<Traits, true, Orders...>(
              lanes, base, K, k_stride_bytes, cols, m_stride_bytes, direct,
              flags, panels, buffer, panel_out);
        }
      }
      return ReducePanel<Traits, false, Orders...>(
          lanes, base, K, k_stride_bytes, cols, m_stride_bytes, direct, flags,
          panels, buffer, panel_out);
    };
    bool done = false;
    if constexpr (Traits::kNativeFloat) {
      done = reduce(hn::ScalableTag<typename Traits::NativeFloat>());
    }
    if (!done) reduce(d);
    if (Traits::kIsFloat && (flags & internal::kIgnoreNaN)) {
      ForEachOrder<Orders...>([&](auto order, size_t o) {
        for (size_t j = 0; j < cols; ++j) {
          if (Traits::template AllNaN<decltype(order)>(panels[o].total[j],
                                                       flags)) {
            panel_out[o][j] = internal::kAllNaN;
            ok = false;
          }
        }
      });
    }
  }
  return ok;
}

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
