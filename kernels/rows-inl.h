// Per-target kernels for rows: M slices of K contiguous elements, K from one
// vector up to kRowVectors vectors, any distance between rows (Highway).
// Included by plane-inl.h, once per target, which picks the path.
//
// Rows of up to kFewRowVectors vectors (ArgFewVectorRows): each row's best
// lane by lane, one reduction across lanes, and its position found by one
// compare per vector, the masks' bits in words of 64 lanes.
//
// Longer rows (ArgRows): each row is read once, in groups of kGroupVectors
// vectors (the last group ending at the row's end, overlapping the one
// before rather than reading past the row): a group's best lane by lane
// goes to a small buffer and into the row's best, which one reduction
// across lanes then gives. The position is searched only where the winner
// lies: the first (or last) group whose best holds the row's best, then the
// vectors of that group, read again from L1.
//
// Both read ahead of themselves (PrefetchAhead).

// Per-target include guard.
#if defined(ARGMIN_KERNELS_ROWS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ARGMIN_KERNELS_ROWS_INL_H_
#undef ARGMIN_KERNELS_ROWS_INL_H_
#else
#define ARGMIN_KERNELS_ROWS_INL_H_
#endif

#include <stddef.h>
#include <stdint.h>

#include <limits>
#include <type_traits>

#include "hwy/cache_control.h"
#include "hwy/highway.h"
#include "kernels/argmin-inl.h"
#include "kernels/keys.h"
#include "kernels/tuning.h"

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {

namespace hn = hwy::HWY_NAMESPACE;

using ::argmin::internal::kGroupVectors;
using ::argmin::internal::kPrefetchBytes;
using ::argmin::internal::kRowVectors;

// Asks for the cache line kPrefetchBytes after `p`: rows follow one another
// in memory, and the hardware alone kept too few lines in flight for a
// kernel that also searches (docs/performance.md).
template <typename T>
HWY_INLINE void PrefetchAhead(const T* p) {
  hwy::Prefetch(reinterpret_cast<const uint8_t*>(p) + kPrefetchBytes);
}

// Bytes of a cache line, the unit of PrefetchAhead.
constexpr size_t kLineBytes = 64;

// The most groups of a row: rows of at most kRowVectors vectors.
constexpr size_t kMaxRowGroups =
    (kRowVectors + kGroupVectors - 1) / kGroupVectors;

// Returns the lanes where `a` or `b` is NaN (native floats): EitherNaN's one
// compare on full vectors, for which it is written; IsNaN on capped ones.
template <class D>
HWY_INLINE hn::Mask<D> EitherNaNOf(D d, hn::Vec<D> a, hn::Vec<D> b) {
  using Full = hn::Vec<hn::ScalableTag<hn::TFromD<D>>>;
  if constexpr (std::is_same_v<hn::Vec<D>, Full>) {
    (void)d;
    return EitherNaN(a, b);
  } else {
    return OrMask(hn::IsNaN(a), hn::IsNaN(b));
  }
}

// Returns the value that no compare value of `Traits` loses to under
// `Order`: an infinity for native floats (their largest finite value would
// beat an infinity), else the worst key.
template <class Traits, class Order, typename T>
HWY_INLINE T WorstValue() {
  if constexpr (Traits::kNativeFloat) {
    return Lanes<Order>::template WorstNumber<T>();
  } else {
    return Order::template Worst<T>();
  }
}

// Returns the first (or, with kLast, the last) lane in [0, K), K >= N, at
// which `test(i)` (a mask for the vector at i) is true; one must be. Without
// a branch on where, which random data would mispredict at every short row:
// the vectors' masks go into words of 64 lanes (the last word, and in a row
// under 64 lanes the last vector, overlapping the one before), and the first
// (last) word with a lane set is picked by selects.
template <class Order, class D, class Test>
HWY_INLINE size_t FindInRow(D d, size_t K, const Test& test) {
  constexpr bool kLast = Order::kLast;
  const size_t N = hn::Lanes(d);
#if HWY_HAVE_SCALABLE
  // A vector of over 64 lanes (8-bit lanes of SVE beyond 512 bits) does not
  // fit a word: search vector by vector.
  if (N > 64) return Lanes<Order>::Find(d, 0, K, test);
#endif
  // Returns the lanes of `test` in [at, at + length), length >= N, as bits:
  // whole vectors, then one ending at the end (no select per vector).
  const auto word = [&](size_t at, size_t length) {
    uint64_t bits = 0;
    size_t i = 0;
    for (; i + N <= length; i += N) bits |= MaskBits(d, test(at + i)) << i;
    if (i < length) {
      bits |= MaskBits(d, test(at + length - N)) << (length - N);
    }
    return bits;
  };
  if (K <= 64) {
    const uint64_t bits = word(0, K);
    return kLast ? 63 - hwy::Num0BitsAboveMS1Bit_Nonzero64(bits)
                 : hwy::Num0BitsBelowLS1Bit_Nonzero64(bits);
  }
  // Words in the order that lets the wanted one be picked last. The scans
  // see a set bit even in an empty word, so that they need no branch, and
  // the selects discard what they find there; the selects are written as
  // mask arithmetic because a conditional became a branch, which random
  // data mispredicts at about every other row.
  const size_t words = (K + 63) / 64;
  size_t found = 0;
  for (size_t w = 0; w < words; ++w) {
    const size_t at = HWY_MIN((kLast ? w : words - 1 - w) * 64, K - 64);
    const uint64_t bits = word(at, 64);
    const size_t lane =
        kLast ? 63 - hwy::Num0BitsAboveMS1Bit_Nonzero64(bits | 1)
              : hwy::Num0BitsBelowLS1Bit_Nonzero64(bits | uint64_t{1} << 63);
    const size_t keep = size_t{0} - static_cast<size_t>(bits == 0);
    found = (found & keep) | ((at + lane) & ~keep);
  }
  return found;
}

// Sets nan_keys[o] to the key NaN takes under `flags` for the o-th of
// `Orders`, in every lane.
template <class Traits, class... Orders, class D>
HWY_INLINE void SetNaNKeys(D d, uint32_t flags,
                           VecsOut<D, sizeof...(Orders)> nan_keys) {
  ForEachOrder<Orders...>([&](auto order, size_t o) {
    nan_keys[o] =
        hn::Set(d, static_cast<hn::TFromD<D>>(
                       Traits::template NaNKey<decltype(order)>(flags)));
  });
}

// Returns the best lane of `v` under `Order` in every lane.
template <class Order, class D>
HWY_INLINE hn::Vec<D> BestInEveryLane(D d, hn::Vec<D> v) {
  if constexpr (sizeof(hn::TFromD<D>) == 1 || HWY_TARGET == HWY_SCALAR) {
    return hn::Set(d, Lanes<Order>::BestLane(d, v));  // see BestLane
  } else {
    return Lanes<Order>::BestOfLanes(d, v);
  }
}

// Returns whether `best`, a row's best key in every lane, says the row is all
// NaN under kIgnoreNaN; never for native floats, whose NaNs a mask finds.
template <class Traits, class Order, class V>
HWY_INLINE bool AllNaNBest(V best, uint32_t flags) {
  if constexpr (Traits::kNativeFloat) {
    (void)best;
    (void)flags;
    return false;
  } else {
    return Traits::template AllNaN<Order>(hn::GetLane(best), flags);
  }
}

// Writes to out[o][0, M) the index of the first (or, with kLast, the last)
// best element under the o-th of `Orders` of each of the M slices of K
// contiguous elements at `in + m * m_stride_bytes`, Lanes(d) <= K <=
// kFewRowVectors * Lanes(d); kAllNaN for the all-NaN ones under
// kIgnoreNaN, then returning false. One row at a time, reduced value-only in
// whole vectors (the last overlapping the one before), its best found by
// one reduction across lanes, and its position by one compare per vector. A
// row of native floats that holds a NaN goes to ArgContiguous.
template <class Traits, class... Orders, class D>
bool ArgFewVectorRows(D d, const uint8_t* HWY_RESTRICT in, size_t K,
                      ptrdiff_t m_stride_bytes, size_t M, uint32_t flags,
                      int64_t* const* out) {
  using T = hn::TFromD<D>;
  using V = hn::Vec<D>;
  constexpr size_t kOrders = sizeof...(Orders);
  const size_t N = hn::Lanes(d);
  VecArray<D, kOrders> nan_keys;
  SetNaNKeys<Traits, Orders...>(d, flags, nan_keys);
  bool ok = true;
  for (size_t m = 0; m < M; ++m) {
    const T* HWY_RESTRICT row = reinterpret_cast<const T*>(
        in + static_cast<ptrdiff_t>(m) * m_stride_bytes);
    VecArray<D, kOrders> best;
    for (size_t i = 0; i < K; i += kLineBytes / sizeof(T)) {
      PrefetchAhead(row + i);
    }
    const V first = hn::LoadU(d, row);
    for (size_t o = 0; o < kOrders; ++o) {
      best[o] = Values<Traits>(d, first, nan_keys[o]);
    }
    auto nan = hn::FirstN(d, 0);  // all false
    if constexpr (Traits::kNativeFloat) nan = hn::IsNaN(first);
    // Whole vectors, then one ending at the row's end.
    const auto add = [&](size_t i) {
      const V v = hn::LoadU(d, row + i);
      ForEachOrder<Orders...>([&](auto order, size_t o) {
        best[o] = Lanes<decltype(order)>::Better(
            best[o], Values<Traits>(d, v, nan_keys[o]));
      });
      if constexpr (Traits::kNativeFloat) nan = OrMask(nan, hn::IsNaN(v));
    };
    size_t i = N;
    for (; i + N <= K; i += N) add(i);
    if (i < K) add(K - N);
    int64_t here[kOrders];
    if (Traits::kNativeFloat && !hn::AllFalse(d, nan)) {
      ArgContiguous<Traits, Orders...>(row, K, flags, here);
    } else {
      ForEachOrder<Orders...>([&](auto order, size_t o) {
        using Order = decltype(order);
        const V wanted = BestInEveryLane<Order>(d, best[o]);
        if (AllNaNBest<Traits, Order>(wanted, flags)) {
          here[o] = internal::kAllNaN;
          return;
        }
        const auto equal = [&](size_t i) {
          return hn::Eq(Values<Traits>(d, hn::LoadU(d, row + i), nan_keys[o]),
                        wanted);
        };
        here[o] = static_cast<int64_t>(FindInRow<Order>(d, K, equal));
      });
    }
    ok &= PutSliceResults<kOrders>(here, out, m);
  }
  return ok;
}

// Writes to here[o] the index of the first (or, with kLast, the last) best
// under the o-th of `Orders` of the K elements at `row`, Lanes(d) <= K <=
// kRowVectors * Lanes(d); kAllNaN for an all-NaN row under kIgnoreNaN. The
// row is `plain` groups of whole vectors one after another, then a last
// group of vectors that ends at the row's end. A row of native floats with a
// NaN goes to ArgContiguous. `best` has room for kOrders * (plain + 1)
// vectors.
template <class Traits, class... Orders, class D>
HWY_INLINE void ReduceRow(D d, const hn::TFromD<D>* HWY_RESTRICT row, size_t K,
                          size_t plain, VecsIn<D, sizeof...(Orders)> nan_keys,
                          uint32_t flags, hn::TFromD<D>* HWY_RESTRICT best,
                          int64_t* here) {
  using T = hn::TFromD<D>;
  using V = hn::Vec<D>;
  constexpr size_t kOrders = sizeof...(Orders);
  const size_t N = hn::Lanes(d);
  const size_t count = plain + 1;
  constexpr size_t kG = kGroupVectors;
  static_assert(kG == 4, "the group's best is a tree of pairs");
  // Where the last group starts: at the end of the plain ones, or earlier
  // when fewer than a vector's elements are left.
  const size_t last = HWY_MIN(plain * kG * N, K - N);
  VecArray<D, kOrders> acc;
  ForEachOrder<Orders...>([&](auto order, size_t o) {
    acc[o] = hn::Set(d, WorstValue<Traits, decltype(order), T>());
  });
  auto nan = hn::FirstN(d, 0);  // all false
  // Reduces group g, whose vectors start at `at(k)`.
  const auto group = [&](size_t g, const auto& at) {
    VecArray<D, kG> v;
    for (size_t k = 0; k < kG; ++k) {
      PrefetchAhead(row + at(k));
      // Pinned: GCC would otherwise load each vector again for the NaN
      // compare and for the best.
      V x = hn::LoadU(d, row + at(k));
      if constexpr (Traits::kNativeFloat) KeepInRegister(x);
      v[k] = x;
    }
    if constexpr (Traits::kNativeFloat) {
      nan = OrMask(
          nan, OrMask(EitherNaNOf(d, v[0], v[1]), EitherNaNOf(d, v[2], v[3])));
    }
    ForEachOrder<Orders...>([&](auto order, size_t o) {
      using L = Lanes<decltype(order)>;
      const V b = L::Better(L::Better(Values<Traits>(d, v[0], nan_keys[o]),
                                      Values<Traits>(d, v[1], nan_keys[o])),
                            L::Better(Values<Traits>(d, v[2], nan_keys[o]),
                                      Values<Traits>(d, v[3], nan_keys[o])));
      hn::Store(b, d, best + (o * count + g) * N);
      acc[o] = L::Better(acc[o], b);
    });
  };
  for (size_t g = 0; g < plain; ++g) {
    group(g, [&](size_t k) { return (g * kG + k) * N; });
  }
  // The last group's vectors: whole ones, the final one ending at the row's
  // end, copies of it after.
  group(plain, [&](size_t k) { return HWY_MIN(last + k * N, K - N); });

  if constexpr (Traits::kNativeFloat) {
    if (HWY_UNLIKELY(!hn::AllFalse(d, nan))) {
      ArgContiguous<Traits, Orders...>(row, K, flags, here);
      return;
    }
  }
  ForEachOrder<Orders...>([&](auto order, size_t o) {
    using Order = decltype(order);
    const V wanted = BestInEveryLane<Order>(d, acc[o]);
    if (AllNaNBest<Traits, Order>(wanted, flags)) {
      here[o] = internal::kAllNaN;
      return;
    }
    // The first (or last) group whose best holds it: its lanes' bits, each
    // group's lanes after the one before's, found as in a row.
    const T* HWY_RESTRICT bests = best + o * count * N;
    const size_t g =
        FindInRow<Order>(
            d, count * N,
            [&](size_t i) { return hn::Eq(hn::Load(d, bests + i), wanted); }) /
        N;
    // Then the element, within that group.
    const size_t begin = g < plain ? g * kG * N : last;
    const size_t length = g < plain ? kG * N : K - last;
    const auto equal = [&](size_t i) {
      return hn::Eq(
          Values<Traits>(d, hn::LoadU(d, row + begin + i), nan_keys[o]),
          wanted);
    };
    here[o] = static_cast<int64_t>(begin + FindInRow<Order>(d, length, equal));
  });
}

// Writes to out[o][0, M) the index of the first (or, with kLast, the last)
// best element under the o-th of `Orders` of each of the M slices of K
// contiguous elements at `in + m * m_stride_bytes`, Lanes(d) <= K <=
// kRowVectors * Lanes(d); kAllNaN for the all-NaN ones under kIgnoreNaN,
// then returning false (see ReduceRow).
template <class Traits, class... Orders, class D>
bool ArgRows(D d, const uint8_t* HWY_RESTRICT in, size_t K,
             ptrdiff_t m_stride_bytes, size_t M, uint32_t flags,
             int64_t* const* out) {
  using T = hn::TFromD<D>;
  constexpr size_t kOrders = sizeof...(Orders);
  const size_t N = hn::Lanes(d);
  VecArray<D, kOrders> nan_keys;
  SetNaNKeys<Traits, Orders...>(d, flags, nan_keys);
  // Groups before the last: all but the row's last vector lie in them.
  const size_t plain = ((K + N - 1) / N - 1) / kGroupVectors;
  HWY_ALIGN T best[kOrders * kMaxRowGroups * hn::MaxLanes(d)];
  bool ok = true;
  for (size_t m = 0; m < M; ++m) {
    const T* row = reinterpret_cast<const T*>(in + static_cast<ptrdiff_t>(m) *
                                                       m_stride_bytes);
    int64_t here[kOrders];
    ReduceRow<Traits, Orders...>(d, row, K, plain, nan_keys, flags, best, here);
    ok &= PutSliceResults<kOrders>(here, out, m);
  }
  return ok;
}

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
