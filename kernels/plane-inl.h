// Per-target kernels that reduce a plane of slices at once (Highway): M
// slices of K elements, slice m's element k at `in + m * m_stride + k *
// k_stride`, any strides. Included once per target, like argmin-inl.h.
//
// Three ways through a plane, chosen by its strides:
// - slices that are long and contiguous go one by one to ArgminContiguous;
// - slices side by side in memory (m_stride 1: the reduced axis is not the
//   innermost) run the column kernel, which keeps a running minimum and its
//   row per lane and reads the plane row after row, at full lane count;
// - anything else (short contiguous rows, permuted or negative strides) is
//   copied, a tile at a time, into a small buffer laid out for the column
//   kernel, so that no layout falls back to scalar code.
// Every path compares order-preserving keys (kernels/keys.h) or native
// floats exactly as the slice kernels do, so results match them bit for bit.

// Per-target include guard.
#if defined(ARGMIN_KERNELS_PLANE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ARGMIN_KERNELS_PLANE_INL_H_
#undef ARGMIN_KERNELS_PLANE_INL_H_
#else
#define ARGMIN_KERNELS_PLANE_INL_H_
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hwy/highway.h"
#include "kernels/argmin-inl.h"
#include "kernels/keys.h"

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {

namespace hn = hwy::HWY_NAMESPACE;

// Bytes of one row of a column panel: the columns whose running minima stay
// in scratch together (4 KiB of keys and 4 KiB of row numbers, inside L1).
constexpr size_t kPanelBytes = 4096;

// Rows per chunk of the column kernel: each tile's running minima are loaded
// from the panel and stored back once per chunk, and stay in registers while
// its rows stream by.
constexpr size_t kChunkRows = 32;

// Bytes of the buffer that strided slices and odd planes are copied into: a
// few tiles, small enough to stay in L1 between the copy and the kernel.
constexpr size_t kCopyBytes = 16384;

// Vectors from which a contiguous slice is reduced on its own rather than
// side by side with its neighbours in the column kernel.
constexpr size_t kLongSliceVectors = 16;

// Copies rows [k0, k1) of `cols` slices into `buffer`, row by row, walking
// memory along whichever stride is smaller.
template <class Key>
void CopyTile(const uint8_t* HWY_RESTRICT in, size_t k0, size_t k1,
              ptrdiff_t k_stride_bytes, size_t cols, ptrdiff_t m_stride_bytes,
              Key* HWY_RESTRICT buffer) {
  const auto magnitude = [](ptrdiff_t s) { return s < 0 ? -s : s; };
  if (magnitude(m_stride_bytes) <= magnitude(k_stride_bytes)) {
    for (size_t r = k0; r < k1; ++r) {
      const uint8_t* p = in + static_cast<ptrdiff_t>(r) * k_stride_bytes;
      Key* HWY_RESTRICT row = buffer + (r - k0) * cols;
      for (size_t j = 0; j < cols; ++j) {
        memcpy(row + j, p + static_cast<ptrdiff_t>(j) * m_stride_bytes,
               sizeof(Key));
      }
    }
  } else {
    for (size_t j = 0; j < cols; ++j) {
      const uint8_t* p = in + static_cast<ptrdiff_t>(j) * m_stride_bytes;
      for (size_t r = k0; r < k1; ++r) {
        memcpy(buffer + (r - k0) * cols + j,
               p + static_cast<ptrdiff_t>(r) * k_stride_bytes, sizeof(Key));
      }
    }
  }
}

// Returns the index of the first (or, with kLast, the last) minimum of the
// n >= 1 elements `stride_bytes` apart at `in`, kAllNaN when all are NaN
// under kIgnoreNaN: copied a buffer at a time and reduced by the contiguous
// kernel, the buffers' answers merged in order.
template <class Traits, bool kLast>
int64_t ArgminGathered(const uint8_t* in, size_t n, ptrdiff_t stride_bytes,
                       uint32_t flags) {
  using Key = typename Traits::Key;
  constexpr size_t kBufferKeys = kCopyBytes / sizeof(Key);
  HWY_ALIGN Key buffer[kBufferKeys];
  const Key nan_key = Traits::NaNKey(flags);
  int64_t best_index = internal::kAllNaN;
  Key best = 0;
  for (size_t begin = 0; begin < n; begin += kBufferKeys) {
    const size_t len = HWY_MIN(kBufferKeys, n - begin);
    CopyTile(in + static_cast<ptrdiff_t>(begin) * stride_bytes, 0, 1, 0, len,
             stride_bytes, buffer);
    const int64_t i = ArgminContiguous<Traits, kLast>(buffer, len, flags);
    if (i == internal::kAllNaN) continue;
    const Key key = Traits::KeyOf(buffer[i], nan_key);
    if (best_index == internal::kAllNaN ||
        internal::Replaces(key, best, kLast)) {
      best = key;
      best_index = static_cast<int64_t>(begin) + i;
      // The smallest key: a NaN under propagation, or the integer minimum.
      if (!kLast && best == Traits::kLowest) break;
    }
  }
  return best_index;
}

// Returns the index of the first (or last, per `flags`) minimum of the n >= 1
// elements of dtype `Traits` at `in`, `in + stride`, ... (stride in elements,
// any sign); kAllNaN when every element is NaN under kIgnoreNaN.
template <class Traits>
int64_t ArgminSlice(const void* in, size_t n, ptrdiff_t stride,
                    uint32_t flags) {
  using Key = typename Traits::Key;
  const Key nan_key = Traits::NaNKey(flags);
  const bool last = (flags & internal::kLastIndex) != 0;
  if (stride == 1) {
    return last ? ArgminContiguous<Traits, true>(in, n, flags)
                : ArgminContiguous<Traits, false>(in, n, flags);
  }
  const uint8_t* bytes = static_cast<const uint8_t*>(in);
  const ptrdiff_t stride_bytes = stride * static_cast<ptrdiff_t>(sizeof(Key));
  // Short slices are not worth a copy.
  if (n < 4 * hn::Lanes(hn::ScalableTag<Key>())) {
    return last ? ArgminStrided<Traits, true>(bytes, n, stride_bytes, nan_key)
                : ArgminStrided<Traits, false>(bytes, n, stride_bytes, nan_key);
  }
  return last ? ArgminGathered<Traits, true>(bytes, n, stride_bytes, flags)
              : ArgminGathered<Traits, false>(bytes, n, stride_bytes, flags);
}

// The state of the column kernel for up to kColumns columns.
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

  HWY_ALIGN Key best[kColumns];  // the segment's smallest key per column
  HWY_ALIGN Row row[kColumns];   // its row, counted from the segment's start
  Key total[kColumns];           // the smallest key of the earlier segments
};

// Applies rows [r0, r1) of the plane to the kVectors vectors of columns from
// `col`: row r's columns are contiguous at `src + (r - k0) * stride_bytes`,
// and rows are numbered from `seg` in the row lanes. With first-index ties
// a row takes a lane only when strictly smaller; with last-index ties, unless
// strictly larger. Applying a row twice changes nothing, which lets the last
// vector of a panel overlap the one before.
template <class Traits, bool kLast, size_t kVectors, class D>
HWY_INLINE void UpdateTile(D d, const uint8_t* HWY_RESTRICT src, size_t k0,
                           ptrdiff_t stride_bytes, size_t r0, size_t r1,
                           size_t seg, size_t col, ColumnPanel<Traits>* panel,
                           hn::Vec<D> nan_keys) {
  using Key = typename Traits::Key;
  using Row = typename ColumnPanel<Traits>::Row;
  const hn::RebindToUnsigned<D> du;
  const size_t N = hn::Lanes(d);
  hn::Vec<D> best[kVectors];
  hn::Vec<decltype(du)> row[kVectors];
  for (size_t u = 0; u < kVectors; ++u) {
    best[u] = hn::LoadU(d, panel->best + col + u * N);
    row[u] = hn::LoadU(du, panel->row + col + u * N);
  }
  const uint8_t* p =
      src + static_cast<ptrdiff_t>(r0 - k0) * stride_bytes + col * sizeof(Key);
  for (size_t r = r0; r < r1; ++r, p += stride_bytes) {
    const auto here = hn::Set(du, static_cast<Row>(r - seg));
    const Key* HWY_RESTRICT keys = reinterpret_cast<const Key*>(p);
    for (size_t u = 0; u < kVectors; ++u) {
      const hn::Vec<D> key =
          Keys<Traits>(d, hn::LoadU(d, keys + u * N), nan_keys);
      if constexpr (kLast) {
        row[u] =
            hn::IfThenElse(hn::RebindMask(du, best[u] < key), row[u], here);
      } else {
        row[u] =
            hn::IfThenElse(hn::RebindMask(du, key < best[u]), here, row[u]);
      }
      best[u] = hn::Min(best[u], key);
    }
  }
  for (size_t u = 0; u < kVectors; ++u) {
    hn::StoreU(best[u], d, panel->best + col + u * N);
    hn::StoreU(row[u], du, panel->row + col + u * N);
  }
}

// Starts a segment at row r (at `p`) for `cols` >= N columns.
template <class Traits, class D>
HWY_INLINE void StartSegment(D d, const uint8_t* HWY_RESTRICT p, size_t cols,
                             ColumnPanel<Traits>* panel, hn::Vec<D> nan_keys) {
  using Key = typename Traits::Key;
  const hn::RebindToUnsigned<D> du;
  const size_t N = hn::Lanes(d);
  const Key* HWY_RESTRICT keys = reinterpret_cast<const Key*>(p);
  for (size_t col = 0;; col = HWY_MIN(col + N, cols - N)) {
    hn::StoreU(Keys<Traits>(d, hn::LoadU(d, keys + col), nan_keys), d,
               panel->best + col);
    hn::StoreU(hn::Zero(du), du, panel->row + col);
    if (col + N >= cols) break;
  }
}

// Folds the segment that started at row `seg` into the panel's totals and
// `out` (the first segment just sets them).
template <class Traits, bool kLast>
void MergeSegment(ColumnPanel<Traits>* panel, size_t cols, size_t seg,
                  int64_t* HWY_RESTRICT out) {
  for (size_t j = 0; j < cols; ++j) {
    if (seg == 0 ||
        internal::Replaces(panel->best[j], panel->total[j], kLast)) {
      panel->total[j] = panel->best[j];
      out[j] = static_cast<int64_t>(seg + panel->row[j]);
    }
  }
}

// Applies rows [k0, k1) of the plane, row r's `cols` >= N contiguous columns
// being at `src + (r - k0) * stride_bytes`, to `panel`, whose finished
// segments go to `out`.
template <class Traits, bool kLast, class D>
void FeedRows(D d, const uint8_t* HWY_RESTRICT src, ptrdiff_t stride_bytes,
              size_t k0, size_t k1, size_t cols, ColumnPanel<Traits>* panel,
              int64_t* HWY_RESTRICT out, hn::Vec<D> nan_keys) {
  constexpr size_t kSegmentRows = ColumnPanel<Traits>::kSegmentRows;
  const size_t N = hn::Lanes(d);
  size_t r = k0;
  while (r < k1) {
    if (r % kSegmentRows == 0) {
      if (r != 0)
        MergeSegment<Traits, kLast>(panel, cols, r - kSegmentRows, out);
      StartSegment(d, src + static_cast<ptrdiff_t>(r - k0) * stride_bytes, cols,
                   panel, nan_keys);
      ++r;
      continue;
    }
    const size_t seg = r - r % kSegmentRows;
    const size_t end = k1 - seg <= kSegmentRows ? k1 : seg + kSegmentRows;
    for (size_t c0 = r; c0 < end; c0 += kChunkRows) {
      const size_t c1 = HWY_MIN(end, c0 + kChunkRows);
      size_t col = 0;
      for (; col + 4 * N <= cols; col += 4 * N) {
        UpdateTile<Traits, kLast, 4>(d, src, k0, stride_bytes, c0, c1, seg, col,
                                     panel, nan_keys);
      }
      for (; col + N <= cols; col += N) {
        UpdateTile<Traits, kLast, 1>(d, src, k0, stride_bytes, c0, c1, seg, col,
                                     panel, nan_keys);
      }
      if (col < cols) {
        UpdateTile<Traits, kLast, 1>(d, src, k0, stride_bytes, c0, c1, seg,
                                     cols - N, panel, nan_keys);
      }
    }
    r = end;
  }
}

// Writes to out[0, M) the index of the first (or, with kLast, the last)
// minimum of each of the M >= N slices of K >= 1 elements (see the top of
// this file); kAllNaN for the all-NaN ones under kIgnoreNaN, then returning
// false. Reads no element outside the plane.
template <class Traits, bool kLast>
bool ArgminColumns(const uint8_t* in, size_t K, ptrdiff_t k_stride_bytes,
                   size_t M, ptrdiff_t m_stride_bytes, uint32_t flags,
                   int64_t* HWY_RESTRICT out) {
  using Key = typename Traits::Key;
  using D = hn::ScalableTag<Key>;
  const D d;
  const size_t N = hn::Lanes(d);
  const Key nan_key = Traits::NaNKey(flags);
  const hn::Vec<D> nan_keys = hn::Set(d, nan_key);
  constexpr size_t kBufferKeys = kCopyBytes / sizeof(Key);
  const bool direct = m_stride_bytes == static_cast<ptrdiff_t>(sizeof(Key));

  ColumnPanel<Traits> panel;
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
    int64_t* HWY_RESTRICT panel_out = out + first;
    if (direct) {
      FeedRows<Traits, kLast>(d, base, k_stride_bytes, 0, K, cols, &panel,
                              panel_out, nan_keys);
    } else {
      const size_t rows_per_copy = HWY_MAX(size_t{1}, kBufferKeys / cols);
      for (size_t k0 = 0; k0 < K; k0 += rows_per_copy) {
        const size_t k1 = HWY_MIN(K, k0 + rows_per_copy);
        CopyTile(base, k0, k1, k_stride_bytes, cols, m_stride_bytes, buffer);
        FeedRows<Traits, kLast>(d, reinterpret_cast<const uint8_t*>(buffer),
                                static_cast<ptrdiff_t>(cols * sizeof(Key)), k0,
                                k1, cols, &panel, panel_out, nan_keys);
      }
    }
    const size_t seg = (K - 1) / ColumnPanel<Traits>::kSegmentRows *
                       ColumnPanel<Traits>::kSegmentRows;
    MergeSegment<Traits, kLast>(&panel, cols, seg, panel_out);
    if (Traits::kIsFloat && (flags & internal::kIgnoreNaN)) {
      for (size_t j = 0; j < cols; ++j) {
        if (panel.total[j] == nan_key) {
          panel_out[j] = internal::kAllNaN;
          ok = false;
        }
      }
    }
  }
  return ok;
}

// Writes to out[0, M) the index of the first (or last, per `flags`) minimum
// of each of the M slices of K >= 1 elements of dtype `Traits` at `in + m *
// m_stride + k * k_stride` (strides in elements, any sign); kAllNaN for the
// all-NaN ones under kIgnoreNaN, then returning false.
template <class Traits>
bool ArgminPlane(const void* in, size_t K, ptrdiff_t k_stride, size_t M,
                 ptrdiff_t m_stride, uint32_t flags, int64_t* out) {
  using Key = typename Traits::Key;
  const uint8_t* bytes = static_cast<const uint8_t*>(in);
  const ptrdiff_t item = static_cast<ptrdiff_t>(sizeof(Key));
  const size_t N = hn::Lanes(hn::ScalableTag<Key>());
  const bool last = (flags & internal::kLastIndex) != 0;
  if (M >= N && !(k_stride == 1 && K >= kLongSliceVectors * N)) {
    return last ? ArgminColumns<Traits, true>(bytes, K, k_stride * item, M,
                                              m_stride * item, flags, out)
                : ArgminColumns<Traits, false>(bytes, K, k_stride * item, M,
                                               m_stride * item, flags, out);
  }
  bool ok = true;
  for (size_t m = 0; m < M; ++m) {
    out[m] =
        ArgminSlice<Traits>(bytes + static_cast<ptrdiff_t>(m) * m_stride * item,
                            K, k_stride, flags);
    ok &= out[m] != internal::kAllNaN;
  }
  return ok;
}

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
