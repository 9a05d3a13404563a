// Per-target kernels that reduce a plane of slices at once (Highway): M
// slices of K elements, slice m's element k at `in + m * m_stride + k *
// k_stride`, any strides. Included once per target, like argmin-inl.h, and,
// like its kernels, given the orders (OrderMin, OrderMax or both) to find.
//
// Five ways through a plane, chosen by its strides:
// - slices that are long and contiguous go one by one to ArgContiguous;
// - back-to-back slices of 2, 3, 4 or 8 elements (and, for wide vectors of
//   32- or 64-bit lanes, of 5 to 11, 14 and 16: see TransposesRows) are
//   transposed and reduced in registers, a vector of slices at a time;
// - other contiguous slices of at least 4 elements and shorter than
//   LongSlice go through the row kernel (kernels/rows-inl.h), several rows
//   at a time, by vectors of at most their length;
// - slices side by side in memory (m_stride 1: the reduced axis is not the
//   innermost) run the column kernel, which keeps a running minimum and its
//   row per lane and reads the plane row after row, at full lane count (both
//   orders on tall planes with 16 registers keep, instead of the row, the
//   chunk of rows it lies in, and find the row in the chunk at the end);
// - anything else (rows of 1 to 3 elements the transposes leave, strided
//   rows, permuted or negative strides) is
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

#include "hwy/cache_control.h"
#include "hwy/highway.h"
#include "kernels/argmin-inl.h"
#include "kernels/keys.h"
#include "kernels/rows-inl.h"
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

// Bytes of the buffer that strided slices and odd planes are copied into: a
// few tiles, small enough to stay in L1 between the copy and the kernel.
constexpr size_t kCopyBytes = 16384;

// Elements from which a contiguous slice of Key lanes, N to a vector, is
// long: reduced on its own by ArgContiguous rather than with other rows by
// ArgRows (kernels/rows-inl.h), or side by side with its neighbours in the
// column kernel.
template <typename Key>
HWY_INLINE size_t LongSlice(size_t N) {
  return internal::kRowVectors * N + 1;
}

// Returns |s|.
HWY_INLINE ptrdiff_t Magnitude(ptrdiff_t s) { return s < 0 ? -s : s; }

#if HWY_TARGET != HWY_SCALAR
// Writes to out[k] the vector of element k of the N slices of kK elements
// whose elements are interleaved in `in[0, kK)` (slice s's element k is
// element s * kK + k of the sequence), for kK a power of two: each level
// splits even from odd positions, halving the slice length.
template <size_t kK, class D>
HWY_INLINE void Deinterleave(D d, VecsIn<D, kK> in, VecsOut<D, kK> out) {
  if constexpr (kK == 1) {
    out[0] = in[0];
  } else {
    VecArray<D, kK / 2> even, odd, even_out, odd_out;
    for (size_t i = 0; i < kK / 2; ++i) {
      even[i] = hn::ConcatEven(d, in[2 * i + 1], in[2 * i]);
      odd[i] = hn::ConcatOdd(d, in[2 * i + 1], in[2 * i]);
    }
    Deinterleave<kK / 2>(d, even, even_out);
    Deinterleave<kK / 2>(d, odd, odd_out);
    for (size_t k = 0; k < kK / 2; ++k) {
      out[2 * k] = even_out[k];
      out[2 * k + 1] = odd_out[k];
    }
  }
}

// Lane tables of LoadTransposedOdd for vectors of kN lanes of TU, kK odd
// and kN even: select[k][v] has every bit set in the lanes of the v-th
// vector loaded that hold element k of a slice (as kN and kK are coprime,
// each lane holds it in exactly one of the kK vectors); index[k][s] is the
// lane of their blend that holds slice s's.
template <typename TU, size_t kN, size_t kK>
struct OddTransposeTables {
  struct Arrays {
    TU select[kK][kK][kN];
    TU index[kK][kN];
  };
  static constexpr Arrays Make() {
    Arrays a{};
    for (size_t k = 0; k < kK; ++k) {
      for (size_t v = 0; v < kK; ++v) {
        for (size_t lane = 0; lane < kN; ++lane) {
          a.select[k][v][lane] =
              (v * kN + lane) % kK == k ? static_cast<TU>(~TU{0}) : TU{0};
        }
      }
      for (size_t s = 0; s < kN; ++s) {
        a.index[k][s] = static_cast<TU>((s * kK + k) % kN);
      }
    }
    return a;
  }
  static constexpr Arrays kArrays = Make();
};

// Loads the N back-to-back slices of kK contiguous elements at `p` (kK odd,
// N even) transposed into out[0, kK): out[k] blends from the kK vectors
// loaded the lanes that hold element k, then permutes them into slice order.
// kK^2 blends and kK permutes, where lane by lane it would take kK N.
template <size_t kK, class DU>
HWY_INLINE void LoadTransposedOdd(DU du, const uint8_t* HWY_RESTRICT p,
                                  VecsOut<DU, kK> out) {
  using TU = hn::TFromD<DU>;
  constexpr size_t kN = hn::MaxLanes(du);
  static_assert(kK % 2 == 1 && kN % 2 == 0, "coprime with the lane count");
  const auto& tables = OddTransposeTables<TU, kN, kK>::kArrays;
  const hn::RebindToSigned<DU> di;
  VecArray<DU, kK> v;
  for (size_t i = 0; i < kK; ++i) {
    v[i] = hn::LoadU(du, reinterpret_cast<const TU*>(p + i * kN * sizeof(TU)));
  }
  for (size_t k = 0; k < kK; ++k) {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
    // One ternary logic operation per vector.
    hn::Vec<DU> blend = hn::And(v[0], hn::LoadU(du, tables.select[k][0]));
    for (size_t i = 1; i < kK; ++i) {
      blend = hn::OrAnd(blend, v[i], hn::LoadU(du, tables.select[k][i]));
    }
#else
    // One blend per vector: the masks partition the lanes.
    hn::Vec<DU> blend = v[0];
    for (size_t i = 1; i < kK; ++i) {
      blend = hn::IfThenElse(
          hn::MaskFromVec(hn::LoadU(du, tables.select[k][i])), v[i], blend);
    }
#endif
    const auto index =
        hn::IndicesFromVec(du, hn::BitCast(di, hn::LoadU(du, tables.index[k])));
    out[k] = hn::TableLookupLanes(blend, index);
  }
}

// Whether LoadTransposed handles slices of kK elements of T on this target:
// 2, 3, 4 and 8 on every one; on fixed-width vectors of at least eight 32-
// or 64-bit lanes also odd kK from 5 to 11 (up to one more than the lane
// count), for 32-bit lanes twice an odd kK up to 14 (as pairs in 64-bit
// lanes), and 16 where that is the lane count.
template <typename T, size_t kK>
constexpr bool TransposesRows() {
  if (kK == 2 || kK == 3 || kK == 4 || kK == 8) return true;
#if HWY_HAVE_SCALABLE
  return false;
#else
  constexpr size_t kN = hn::MaxLanes(hn::ScalableTag<T>());
  // Beyond these lengths the kK^2 blends cost more than reading slice by
  // slice (docs/performance.md).
  if (sizeof(T) < 4 || kN < 8) return false;
  if (kK == 16) return sizeof(T) == 4 && kN >= 16;
  if (kK % 2 == 1) return kK >= 5 && kK <= HWY_MIN(11, kN + 1);
  return sizeof(T) == 4 && kK % 4 == 2 && kK <= 14;
#endif
}

// Loads the N back-to-back slices of kK contiguous elements at `p` (kK as
// TransposesRows allows) transposed: rows[k] holds element k of every slice.
// kK loads and, for powers of two, about kK log2(kK) shuffles, where lane by
// lane it would take kK N.
template <size_t kK, class D>
HWY_INLINE void LoadTransposed(D d, const hn::TFromD<D>* HWY_RESTRICT p,
                               VecsOut<D, kK> rows) {
  static_assert(TransposesRows<hn::TFromD<D>, kK>(), "no transpose");
  const uint8_t* HWY_RESTRICT bytes = reinterpret_cast<const uint8_t*>(p);
  if constexpr (kK == 3) {
    hn::LoadInterleaved3(d, p, rows[0], rows[1], rows[2]);
  } else if constexpr ((kK & (kK - 1)) == 0) {
    const size_t N = hn::Lanes(d);
    VecArray<D, kK> v;
    for (size_t i = 0; i < kK; ++i) v[i] = hn::LoadU(d, p + i * N);
    Deinterleave<kK>(d, v, rows);
  } else if constexpr (kK % 2 == 1) {
    const hn::RebindToUnsigned<D> du;
    VecArray<decltype(du), kK> out;
    LoadTransposedOdd<kK>(du, bytes, out);
    for (size_t k = 0; k < kK; ++k) rows[k] = hn::BitCast(d, out[k]);
  } else {
    // Half the slices at a time, each element pair as one 64-bit lane;
    // then the pairs' even and odd halves apart.
    constexpr size_t kHalf = kK / 2;
    const hn::Repartition<uint64_t, D> dw;
    const size_t half_bytes = kHalf * hn::Lanes(dw) * sizeof(uint64_t);
    VecArray<decltype(dw), kHalf> low, high;
    LoadTransposedOdd<kHalf>(dw, bytes, low);
    LoadTransposedOdd<kHalf>(dw, bytes + half_bytes, high);
    for (size_t k = 0; k < kHalf; ++k) {
      rows[2 * k] =
          hn::ConcatEven(d, hn::BitCast(d, high[k]), hn::BitCast(d, low[k]));
      rows[2 * k + 1] =
          hn::ConcatOdd(d, hn::BitCast(d, high[k]), hn::BitCast(d, low[k]));
    }
  }
}
#endif

// Returns the lanes where any of v[0, kCount) is NaN.
template <size_t kCount, class D>
HWY_INLINE hn::Mask<D> NaNLanes(D d, VecsIn<D, kCount> v) {
  auto nan = hn::FirstN(d, 0);  // all false
  // One unordered compare covers two vectors.
  for (size_t u = 0; u + 1 < kCount; u += 2) {
    nan = OrMask(nan, EitherNaN(v[u], v[u + 1]));
  }
  if constexpr (kCount % 2 != 0) nan = OrMask(nan, hn::IsNaN(v[kCount - 1]));
  return nan;
}

// Returns per lane the k of the first (or, with kLast, the last) best of
// rows[0, kK) under `Order`, and the best in *best.
template <class Order, bool kLast, size_t kK, class D>
HWY_INLINE hn::Vec<hn::RebindToUnsigned<D>> ArgOfRows(D /*d*/,
                                                      VecsIn<D, kK> rows,
                                                      hn::Vec<D>* best_out) {
  const hn::RebindToUnsigned<D> du;
  using Row = hn::TFromD<decltype(du)>;
  hn::Vec<D> best = rows[0];
  auto at = hn::Zero(du);
  for (size_t k = 1; k < kK; ++k) {
    const auto here = hn::Set(du, static_cast<Row>(k));
    if constexpr (kLast) {
      at = hn::IfThenElse(hn::RebindMask(du, Beats<Order>(best, rows[k])), at,
                          here);
    } else {
      at = hn::IfThenElse(hn::RebindMask(du, Beats<Order>(rows[k], best)), here,
                          at);
    }
    best = Better<Order>(best, rows[k]);
  }
  *best_out = best;
  return at;
}

#if HWY_TARGET != HWY_SCALAR
// Writes the unsigned lanes `at` to out[0, Lanes(du)) as int64.
template <class DU>
HWY_INLINE void StoreIndices(DU du, hn::Vec<DU> at, int64_t* HWY_RESTRICT out) {
  using TU = hn::TFromD<DU>;
  if constexpr (sizeof(TU) == 8) {
    const hn::RebindToSigned<DU> di;
    hn::StoreU(hn::BitCast(di, at), di, out);
  } else if constexpr (sizeof(TU) == 4) {
    const hn::Half<DU> dh;
    const hn::Rebind<int64_t, decltype(dh)> dw;
    const hn::RebindToUnsigned<decltype(dw)> dwu;
    hn::StoreU(hn::BitCast(dw, hn::PromoteTo(dwu, hn::LowerHalf(dh, at))), dw,
               out);
    hn::StoreU(hn::BitCast(dw, hn::PromoteTo(dwu, hn::UpperHalf(dh, at))), dw,
               out + hn::Lanes(dw));
  } else {
    HWY_ALIGN TU lanes[hn::MaxLanes(du)];
    hn::Store(at, du, lanes);
    for (size_t s = 0; s < hn::Lanes(du); ++s) out[s] = lanes[s];
  }
}

// Writes to out[o][0, M) the index of the first (or, with kLast, the last)
// best element under the o-th of `Orders` of each of the M >= N back-to-back
// slices of kK contiguous elements at `in` (kK as TransposesRows allows);
// kAllNaN for the all-NaN ones under kIgnoreNaN, then returning false. N slices
// at a time are transposed and reduced in registers: short rows would waste
// most lanes of a slice kernel, and a pass through a buffer costs more than the
// reduction itself.
template <class Traits, bool kLast, size_t kK, class... Orders>
bool ArgShortRows(const uint8_t* HWY_RESTRICT in, size_t M, uint32_t flags,
                  int64_t* const* out) {
  using Key = typename Traits::Key;
  const hn::ScalableTag<Key> d;
  const hn::RebindToUnsigned<decltype(d)> du;
  const size_t N = hn::Lanes(d);
  constexpr size_t kOrders = sizeof...(Orders);
  VecArray<decltype(d), kOrders> nan_keys;
  ForEachOrder<Orders...>([&](auto order, size_t o) {
    nan_keys[o] = hn::Set(d, Traits::template NaNKey<decltype(order)>(flags));
  });
  const bool all_nan_possible =
      Traits::kIsFloat && (flags & internal::kIgnoreNaN) != 0;
  HWY_ALIGN Key best_lanes[hn::MaxLanes(d)];
  const Key* HWY_RESTRICT elements = reinterpret_cast<const Key*>(in);
  bool ok = true;
  // The last vector of slices overlaps the one before: no element outside
  // the slices is read.
  for (size_t j = 0;; j = HWY_MIN(j + N, M - N)) {
    const Key* HWY_RESTRICT p = elements + j * kK;
    // The shuffles leave the loads too few places in flight to hide memory
    // latency; fetch 2 KiB ahead.
    for (size_t line = 0; line < kK * N * sizeof(Key); line += 64) {
      hwy::Prefetch(reinterpret_cast<const uint8_t*>(p) + 2048 + line);
    }
    bool keys = true;
    if constexpr (Traits::kNativeFloat) {
      // Native floats first, at a third of the operations of keys; a NaN
      // sends these slices through keys, where it has its place.
      using Float = typename Traits::NativeFloat;
      const hn::Rebind<Float, decltype(d)> df;
      VecArray<decltype(df), kK> rows;
      hn::Vec<decltype(df)> best;
      LoadTransposed<kK>(df, reinterpret_cast<const Float*>(p), rows);
      keys = !hn::AllFalse(df, NaNLanes<kK>(df, rows));
      if (!keys) {
        ForEachOrder<Orders...>([&](auto order, size_t o) {
          StoreIndices(du,
                       ArgOfRows<decltype(order), kLast, kK>(df, rows, &best),
                       out[o] + j);
        });
      }
    }
    if (keys) {
      VecArray<decltype(d), kK> raw;
      LoadTransposed<kK>(d, p, raw);
      ForEachOrder<Orders...>([&](auto order, size_t o) {
        VecArray<decltype(d), kK> rows;
        hn::Vec<decltype(d)> best;
        for (size_t k = 0; k < kK; ++k) {
          rows[k] = Keys<Traits>(d, raw[k], nan_keys[o]);
        }
        StoreIndices(du, ArgOfRows<decltype(order), kLast, kK>(d, rows, &best),
                     out[o] + j);
        if (all_nan_possible) {
          hn::Store(best, d, best_lanes);
          for (size_t s = 0; s < N; ++s) {
            if (Traits::template AllNaN<decltype(order)>(best_lanes[s],
                                                         flags)) {
              out[o][j + s] = internal::kAllNaN;
              ok = false;
            }
          }
        }
      });
    }
    if (j + N >= M) break;
  }
  return ok;
}

// ArgShortRows with the tie rule of `last`.
template <class Traits, size_t kK, class... Orders>
bool ShortRows(bool last, const uint8_t* HWY_RESTRICT in, size_t M,
               uint32_t flags, int64_t* const* out) {
  return last ? ArgShortRows<Traits, true, kK, Orders...>(in, M, flags, out)
              : ArgShortRows<Traits, false, kK, Orders...>(in, M, flags, out);
}
#endif

// The row kernels (kernels/rows-inl.h) for M slices of K >= 4 contiguous
// elements, K < LongSlice, with vectors of at most K lanes: ArgFewVectorRows
// for rows of up to kFewRowVectors vectors, ArgRows for longer ones.
template <class Traits, bool kLast, class... Orders>
bool MidRowsOf(const uint8_t* HWY_RESTRICT in, size_t K,
               ptrdiff_t m_stride_bytes, size_t M, uint32_t flags,
               int64_t* const* out) {
  using T = CompareLane<Traits>;
  const auto run = [&](auto d) {
    if (K <= internal::kFewRowVectors * hn::Lanes(d)) {
      return ArgFewVectorRows<Traits, kLast, Orders...>(
          d, in, K, m_stride_bytes, M, flags, out);
    }
    return ArgRows<Traits, kLast, Orders...>(d, in, K, m_stride_bytes, M, flags,
                                             out);
  };
  const hn::ScalableTag<T> d;
  if (K >= hn::Lanes(d)) return run(d);
  // Each capped width only where vectors are wider, so that it can be
  // reached.
  constexpr size_t kMaxLanes = hn::MaxLanes(d);
  if constexpr (kMaxLanes > 16) {
    if (K >= 16) return run(hn::CappedTag<T, 16>());
  }
  if constexpr (kMaxLanes > 8) {
    if (K >= 8) return run(hn::CappedTag<T, 8>());
  }
  if constexpr (kMaxLanes > 4) return run(hn::CappedTag<T, 4>());
  return false;  // unreachable: K >= 4 lanes
}

// MidRowsOf with the tie rule of `last`.
template <class Traits, class... Orders>
bool MidRows(bool last, const uint8_t* HWY_RESTRICT in, size_t K,
             ptrdiff_t m_stride_bytes, size_t M, uint32_t flags,
             int64_t* const* out) {
  return last ? MidRowsOf<Traits, true, Orders...>(in, K, m_stride_bytes, M,
                                                   flags, out)
              : MidRowsOf<Traits, false, Orders...>(in, K, m_stride_bytes, M,
                                                    flags, out);
}

// Copies rows [k0, k1) of `cols` slices of K elements into `buffer`, row by
// row, walking memory along whichever stride is smaller.
template <class Key>
void CopyTile(const uint8_t* HWY_RESTRICT in, size_t k0, size_t k1,
              ptrdiff_t k_stride_bytes, size_t cols, ptrdiff_t m_stride_bytes,
              Key* HWY_RESTRICT buffer) {
  if (Magnitude(m_stride_bytes) <= Magnitude(k_stride_bytes)) {
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

// Writes to out[o] the index of the first (or, with kLast, the last) best
// under the o-th of `Orders` of the n >= 1 elements `stride_bytes` apart at
// `in`, kAllNaN when all are NaN under kIgnoreNaN: copied a buffer at a time
// and reduced by the contiguous kernel, the buffers' answers merged in order.
template <class Traits, bool kLast, class... Orders>
void ArgGathered(const uint8_t* in, size_t n, ptrdiff_t stride_bytes,
                 uint32_t flags, int64_t* out) {
  using Key = typename Traits::Key;
  constexpr size_t kOrders = sizeof...(Orders);
  constexpr size_t kBufferKeys = kCopyBytes / sizeof(Key);
  HWY_ALIGN Key buffer[kBufferKeys];
  Key best[kOrders] = {};
  for (size_t o = 0; o < kOrders; ++o) out[o] = internal::kAllNaN;
  for (size_t begin = 0; begin < n; begin += kBufferKeys) {
    const size_t len = HWY_MIN(kBufferKeys, n - begin);
    CopyTile(in + static_cast<ptrdiff_t>(begin) * stride_bytes, 0, 1, 0, len,
             stride_bytes, buffer);
    int64_t here[kOrders];
    ArgContiguous<Traits, kLast, Orders...>(buffer, len, flags, here);
    bool done = true;
    ForEachOrder<Orders...>([&](auto order, size_t o) {
      using Order = decltype(order);
      if (here[o] != internal::kAllNaN) {
        const Key key = Traits::KeyOf(buffer[here[o]],
                                      Traits::template NaNKey<Order>(flags));
        if (out[o] == internal::kAllNaN ||
            internal::Replaces<Order>(key, best[o], kLast)) {
          best[o] = key;
          out[o] = static_cast<int64_t>(begin) + here[o];
        }
      }
      // The best key (a NaN under propagation) cannot be beaten.
      done = done && !kLast && out[o] != internal::kAllNaN &&
             best[o] == Order::template Best<Key>();
    });
    if (done) break;
  }
}

// Writes to out[o] the index of the first (or last, per `flags`) best under
// the o-th of `Orders` of the n >= 1 elements of dtype `Traits` at `in`, `in
// + stride`, ... (stride in elements, any sign); kAllNaN when every element
// is NaN under kIgnoreNaN.
template <class Traits, class... Orders>
void ArgSlice(const void* in, size_t n, ptrdiff_t stride, uint32_t flags,
              int64_t* out) {
  using Key = typename Traits::Key;
  const bool last = (flags & internal::kLastIndex) != 0;
  if (stride == 1) {
    return last ? ArgContiguous<Traits, true, Orders...>(in, n, flags, out)
                : ArgContiguous<Traits, false, Orders...>(in, n, flags, out);
  }
  const uint8_t* bytes = static_cast<const uint8_t*>(in);
  const ptrdiff_t stride_bytes = stride * static_cast<ptrdiff_t>(sizeof(Key));
  // Short slices are not worth a copy.
  if (n < 4 * hn::Lanes(hn::ScalableTag<Key>())) {
    ForEachOrder<Orders...>([&](auto order, size_t o) {
      using Order = decltype(order);
      out[o] =
          last
              ? ArgStrided<Traits, Order, true>(bytes, n, stride_bytes, flags)
              : ArgStrided<Traits, Order, false>(bytes, n, stride_bytes, flags);
    });
    return;
  }
  return last ? ArgGathered<Traits, true, Orders...>(bytes, n, stride_bytes,
                                                     flags, out)
              : ArgGathered<Traits, false, Orders...>(bytes, n, stride_bytes,
                                                      flags, out);
}

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
template <class Traits, bool kLast, size_t kVectors, class... Orders, class D>
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
        if constexpr (kLast) {
          row[o][u] = hn::IfThenElse(
              hn::RebindMask(du, Beats<Order>(best[o][u], value)), row[o][u],
              here);
        } else {
          row[o][u] = hn::IfThenElse(
              hn::RebindMask(du, Beats<Order>(value, best[o][u])), here,
              row[o][u]);
        }
        best[o][u] = Better<Order>(best[o][u], value);
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
template <class Traits, bool kLast, size_t kVectors, class... Orders, class D>
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
        m[o][u] = Better<decltype(order)>(
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
      const auto takes = kLast ? hn::Not(Beats<Order>(best, m[o][u]))
                               : Beats<Order>(m[o][u], best);
      hn::StoreU(Better<Order>(best, m[o][u]), d, best_at);
      hn::StoreU(hn::IfThenElse(hn::RebindMask(du, takes), here,
                                hn::LoadU(du, row_at)),
                 du, row_at);
    }
  });
  return !hn::AllFalse(d, nan);
}

// UpdateTileByChunk if kByChunk, else UpdateTileByRow.
template <class Traits, bool kLast, bool kByChunk, size_t kVectors,
          class... Orders, class D>
HWY_INLINE bool UpdateTile(D d, const uint8_t* HWY_RESTRICT src, size_t k0,
                           ptrdiff_t stride_bytes, size_t r0, size_t r1,
                           size_t seg, size_t col, ptrdiff_t ahead,
                           ColumnPanel<Traits>* panels,
                           VecsIn<D, sizeof...(Orders)> nan_keys) {
  if constexpr (kByChunk) {
    return UpdateTileByChunk<Traits, kLast, kVectors, Orders...>(
        d, src, k0, stride_bytes, r0, r1, seg, col, ahead, panels, nan_keys);
  } else {
    return UpdateTileByRow<Traits, kLast, kVectors, Orders...>(
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
// itself is then the first (or, with kLast, the last) there whose key is the
// best's: no row before it in the chunk, nor (with kLast) any later row of
// the segment, holds it, or that row's chunk would have been the one taken.
// kNative: the segment's best values are native floats (no NaN) and become
// keys here.
template <class Traits, class Order, bool kLast, bool kNative, bool kByChunk>
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
        const size_t r = kLast ? first + i : first + count - 1 - i;
        const bool hit =
            internal::LoadKey<Traits>(plane.At(r, j), nan_key) == key;
        row = hit ? r : row;
      }
    }
    if (seg == 0 || internal::Replaces<Order>(key, panel->total[j], kLast)) {
      panel->total[j] = key;
      out[j] = static_cast<int64_t>(row);
    }
  }
}

// MergeSegment for each of `Orders`, panel o into out[o].
template <class Traits, bool kLast, bool kNative, bool kByChunk,
          class... Orders>
void MergeSegments(ColumnPanel<Traits>* panels, const PlaneView& plane,
                   size_t cols, size_t seg, size_t end, uint32_t flags,
                   int64_t* const* out) {
  const size_t chunk = ChunkRows(cols * sizeof(typename Traits::Key));
  ForEachOrder<Orders...>([&](auto order, size_t o) {
    MergeSegment<Traits, decltype(order), kLast, kNative, kByChunk>(
        &panels[o], plane, cols, seg, end, chunk, flags, out[o]);
  });
}

// Applies rows [k0, k1) of the plane, row r's `cols` >= N contiguous columns
// being at `src + (r - k0) * stride_bytes`, to the panels (one per order),
// whose finished segments (rows found in `plane`, NaN keys per `flags`) go
// to `out` (one array per order), row by row or, kByChunk, chunk by chunk
// (see UpdateTileByChunk). Returns false, at the end of the chunk where one
// was met, if a NaN was met (native float lanes only).
template <class Traits, bool kLast, bool kByChunk, class... Orders, class D>
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
        MergeSegments<Traits, kLast, kNative, kByChunk, Orders...>(
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
        nan |= UpdateTile<Traits, kLast, kByChunk, kWide, Orders...>(
            d, src, k0, stride_bytes, c0, c1, seg, col, ahead, panels,
            nan_keys);
      }
      for (; col + N <= cols; col += N) {
        nan |= UpdateTile<Traits, kLast, kByChunk, 1, Orders...>(
            d, src, k0, stride_bytes, c0, c1, seg, col, ahead, panels,
            nan_keys);
      }
      if (col < cols) {
        nan |= UpdateTile<Traits, kLast, kByChunk, 1, Orders...>(
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
template <class Traits, bool kLast, bool kByChunk, class... Orders, class D>
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
    if (!FeedRows<Traits, kLast, kByChunk, Orders...>(d, base, k_stride_bytes,
                                                      0, K, cols, plane, flags,
                                                      panels, out, nan_keys)) {
      return false;
    }
  } else {
    const size_t rows_per_copy = HWY_MAX(size_t{1}, kBufferKeys / cols);
    for (size_t k0 = 0; k0 < K; k0 += rows_per_copy) {
      const size_t k1 = HWY_MIN(K, k0 + rows_per_copy);
      CopyTile(base, k0, k1, k_stride_bytes, cols, m_stride_bytes, buffer);
      if (!FeedRows<Traits, kLast, kByChunk, Orders...>(
              d, reinterpret_cast<const uint8_t*>(buffer),
              static_cast<ptrdiff_t>(cols * sizeof(Key)), k0, k1, cols, plane,
              flags, panels, out, nan_keys)) {
        return false;
      }
    }
  }
  constexpr size_t kSegmentRows = ColumnPanel<Traits>::kSegmentRows;
  MergeSegments<Traits, kLast, hwy::IsFloat<hn::TFromD<D>>(), kByChunk,
                Orders...>(panels, plane, cols,
                           (K - 1) / kSegmentRows * kSegmentRows, K, flags,
                           out);
  return true;
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
template <class Traits, bool kLast, class... Orders>
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
          return ReducePanel<Traits, kLast, true, Orders...>(
              lanes, base, K, k_stride_bytes, cols, m_stride_bytes, direct,
              flags, panels, buffer, panel_out);
        }
      }
      return ReducePanel<Traits, kLast, false, Orders...>(
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

template <size_t kK>
using Length = std::integral_constant<size_t, kK>;

// Writes to out[o][0, M) the index of the first (or last, per `flags`) best
// element under the o-th of `Orders` of each of the M slices of K >= 1
// elements of dtype `Traits` at `in + m * m_stride + k * k_stride` (strides
// in elements, any sign); kAllNaN for the all-NaN ones under kIgnoreNaN, then
// returning false.
template <class Traits, class... Orders>
bool ArgPlane(const void* in, size_t K, ptrdiff_t k_stride, size_t M,
              ptrdiff_t m_stride, uint32_t flags, int64_t* const* out) {
  using Key = typename Traits::Key;
  constexpr size_t kOrders = sizeof...(Orders);
  const uint8_t* bytes = static_cast<const uint8_t*>(in);
  const ptrdiff_t item = static_cast<ptrdiff_t>(sizeof(Key));
  const size_t N = hn::Lanes(hn::ScalableTag<Key>());
  const bool last = (flags & internal::kLastIndex) != 0;
#if HWY_TARGET != HWY_SCALAR
  if (k_stride == 1 && m_stride == static_cast<ptrdiff_t>(K) && M >= N) {
    bool ok = true;
    // Runs ShortRows if K is kK and it transposes slices of that length.
    const auto transposed = [&](auto length) {
      constexpr size_t kK = decltype(length)::value;
      if constexpr (TransposesRows<Key, kK>()) {
        if (K == kK) {
          ok = ShortRows<Traits, kK, Orders...>(last, bytes, M, flags, out);
          return true;
        }
      }
      return false;
    };
    if (transposed(Length<2>()) || transposed(Length<3>()) ||
        transposed(Length<4>()) || transposed(Length<5>()) ||
        transposed(Length<6>()) || transposed(Length<7>()) ||
        transposed(Length<8>()) || transposed(Length<9>()) ||
        transposed(Length<10>()) || transposed(Length<11>()) ||
        transposed(Length<14>()) || transposed(Length<16>())) {
      return ok;
    }
  }
#endif
  // Contiguous slices long enough for ArgContiguous, one by one.
  const bool long_slices = k_stride == 1 && K >= LongSlice<Key>(N);
  if (k_stride == 1 && K >= 4 && !long_slices) {
    return MidRows<Traits, Orders...>(last, bytes, K, m_stride * item, M, flags,
                                      out);
  }
  if (M >= N && !long_slices) {
    return last
               ? ArgColumns<Traits, true, Orders...>(
                     bytes, K, k_stride * item, M, m_stride * item, flags, out)
               : ArgColumns<Traits, false, Orders...>(
                     bytes, K, k_stride * item, M, m_stride * item, flags, out);
  }
  bool ok = true;
  for (size_t m = 0; m < M; ++m) {
    int64_t here[kOrders];
    ArgSlice<Traits, Orders...>(
        bytes + static_cast<ptrdiff_t>(m) * m_stride * item, K, k_stride, flags,
        here);
    for (size_t o = 0; o < kOrders; ++o) {
      out[o][m] = here[o];
      ok &= here[o] != internal::kAllNaN;
    }
  }
  return ok;
}

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
