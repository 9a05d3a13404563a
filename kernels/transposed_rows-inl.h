// Per-target kernels for back-to-back slices of 2 to 16 elements (Highway):
// a vector of slices at a time is loaded transposed, rows[k] holding element
// k of every slice, and reduced in registers. Included by plane-inl.h, which
// picks the path; TransposesRows says which lengths each target takes.

// Per-target include guard.
#if defined(ARGMIN_KERNELS_TRANSPOSED_ROWS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ARGMIN_KERNELS_TRANSPOSED_ROWS_INL_H_
#undef ARGMIN_KERNELS_TRANSPOSED_ROWS_INL_H_
#else
#define ARGMIN_KERNELS_TRANSPOSED_ROWS_INL_H_
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hwy/cache_control.h"
#include "hwy/highway.h"
#include "kernels/argmin-inl.h"
#include "kernels/keys.h"

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {

namespace hn = hwy::HWY_NAMESPACE;

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

// Returns per lane the k of the best of rows[0, kK) under `Order` (its
// extreme and tie rule), and the best in *best.
template <class Order, size_t kK, class D>
HWY_INLINE hn::Vec<hn::RebindToUnsigned<D>> ArgOfRows(D /*d*/,
                                                      VecsIn<D, kK> rows,
                                                      hn::Vec<D>* best_out) {
  const hn::RebindToUnsigned<D> du;
  using Row = hn::TFromD<decltype(du)>;
  hn::Vec<D> best = rows[0];
  auto at = hn::Zero(du);
  for (size_t k = 1; k < kK; ++k) {
    const auto here = hn::Set(du, static_cast<Row>(k));
    at = Lanes<Order>::TakeWhere(du, rows[k], best, here, at);
    best = Lanes<Order>::Better(best, rows[k]);
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
template <class Traits, size_t kK, class... Orders>
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
          StoreIndices(du, ArgOfRows<decltype(order), kK>(df, rows, &best),
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
        StoreIndices(du, ArgOfRows<decltype(order), kK>(d, rows, &best),
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
#endif

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
