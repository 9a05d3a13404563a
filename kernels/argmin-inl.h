// Per-target argmin kernels (Highway). Included once per target by the .cc
// files that include hwy/foreach_target.h; see dispatch/kernels_*.cc.
//
// The kernels compare the order-preserving integer keys of kernels/keys.h,
// which make one integer algorithm exact for every dtype, NaN policy and tie
// rule; float32 and float64 compare native float lanes where no NaN is
// present, and find NaNs with a mask instead.

// Per-target include guard, as Highway's own contrib modules do.
#if defined(ARGMIN_KERNELS_ARGMIN_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ARGMIN_KERNELS_ARGMIN_INL_H_
#undef ARGMIN_KERNELS_ARGMIN_INL_H_
#else
#define ARGMIN_KERNELS_ARGMIN_INL_H_
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <limits>
#include <type_traits>

#include "hwy/highway.h"
#include "kernels/keys.h"

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {

namespace hn = hwy::HWY_NAMESPACE;

// Returns the keys (kernels/keys.h) of the elements whose bits are `raw`;
// NaN lanes become `nan_key`.
template <class Traits, class D>
HWY_INLINE hn::Vec<D> Keys(D d, hn::Vec<D> raw, hn::Vec<D> nan_key) {
  if constexpr (Traits::kKind == internal::KeyKind::kFloat) {
    const hn::Vec<D> magnitude =
        hn::And(raw, hn::Set(d, Traits::kMagnitudeMask));
    // Two's complement negation of the magnitude where the sign bit is set:
    // (m ^ s) - s with s all ones negates, with s zero keeps m. -0.0 becomes 0.
    const hn::Vec<D> sign = hn::BroadcastSignBit(raw);
    const hn::Vec<D> key = hn::Sub(hn::Xor(magnitude, sign), sign);
    return hn::IfThenElse(magnitude > hn::Set(d, Traits::kInfBits), nan_key,
                          key);
  } else if constexpr (Traits::kKind == internal::KeyKind::kBool) {
    (void)nan_key;
    return hn::Min(raw, hn::Set(d, 1));  // any nonzero byte is true
  } else {
    (void)d;
    (void)nan_key;
    return raw;
  }
}

// Returns the smallest lane of `v`. Highway 1.0.3 has no MinOfLanes for
// 8-bit lanes on every target, so those are widened to 16 bits first.
template <class D>
HWY_INLINE hn::TFromD<D> SmallestLane(D d, hn::Vec<D> v) {
#if HWY_TARGET != HWY_SCALAR
  using T = hn::TFromD<D>;
  if constexpr (sizeof(T) == 1) {
    const hn::Half<D> dh;
    const hn::Rebind<hwy::MakeWide<T>, decltype(dh)> dw;
    const auto wide = hn::Min(hn::PromoteTo(dw, hn::LowerHalf(dh, v)),
                              hn::PromoteTo(dw, hn::UpperHalf(dh, v)));
    return static_cast<T>(hn::GetLane(hn::MinOfLanes(dw, wide)));
  } else {
    return hn::GetLane(hn::MinOfLanes(d, v));
  }
#else
  return hn::GetLane(hn::MinOfLanes(d, v));
#endif
}

// Returns the index of the highest true lane of `mask`, which has one.
template <class D>
HWY_INLINE size_t LastTrue(D d, hn::Mask<D> mask) {
  uint8_t bytes[8] = {0};  // at most 64 lanes on any x86 target
  hn::StoreMaskBits(d, mask, bytes);
  uint64_t bits;
  memcpy(&bits, bytes, sizeof(bits));
  return 63 - hwy::Num0BitsAboveMS1Bit_Nonzero64(bits);
}

// Returns the index of the first (or, with kLast, the last) minimum key of
// the n >= 1 elements at `in`, `in + stride_bytes`, ...; kAllNaN when the
// best key is the NaN key under kIgnoreNaN. Scalar: the fallback for strided
// slices and for slices shorter than a vector.
template <class Traits, bool kLast>
int64_t ArgminStrided(const uint8_t* in, size_t n, ptrdiff_t stride_bytes,
                      typename Traits::Key nan_key) {
  using Key = typename Traits::Key;
  Key best = internal::LoadKey<Traits>(in, nan_key);
  size_t best_index = 0;
  for (size_t i = 1; i < n; ++i) {
    if (!kLast && best == Traits::kLowest) break;  // nothing can beat it
    const Key key = internal::LoadKey<Traits>(
        in + static_cast<ptrdiff_t>(i) * stride_bytes, nan_key);
    if (internal::Replaces(key, best, kLast)) {
      best = key;
      best_index = i;
    }
  }
  if (Traits::kIsFloat && best == Traits::kHighest && nan_key == best) {
    return internal::kAllNaN;
  }
  return static_cast<int64_t>(best_index);
}

// Vectors per block of the contiguous kernel: long enough to amortise the
// per-block test and reduction, short enough that the final search of one
// block is cheap.
constexpr size_t kBlockVectors = 128;

// The values a contiguous kernel compares: native float lanes for float32 and
// float64 (whose NaNs are then found by a mask per block), keys otherwise
// (kernels/keys.h: NaN is already ordered there).
template <class Traits>
using CompareLane =
    std::conditional_t<Traits::kNativeFloat, typename Traits::NativeFloat,
                       typename Traits::Key>;

// Returns the compare values of the vector at `p`.
template <class Traits, class D>
HWY_INLINE hn::Vec<D> LoadValues(D d, const hn::TFromD<D>* HWY_RESTRICT p,
                                 hn::Vec<D> nan_keys) {
  if constexpr (Traits::kNativeFloat) {
    (void)nan_keys;
    return hn::LoadU(d, p);
  } else {
    return Keys<Traits>(d, hn::LoadU(d, p), nan_keys);
  }
}

// Returns the lanes where `a` or `b` is NaN. x86 compares two vectors for
// "unordered" in one instruction, half the work of two IsNaN; elsewhere it
// is just that.
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
HWY_INLINE hn::Mask512<float> EitherNaN(hn::Vec512<float> a,
                                        hn::Vec512<float> b) {
  return hn::Mask512<float>{_mm512_cmp_ps_mask(a.raw, b.raw, _CMP_UNORD_Q)};
}
HWY_INLINE hn::Mask512<double> EitherNaN(hn::Vec512<double> a,
                                         hn::Vec512<double> b) {
  return hn::Mask512<double>{_mm512_cmp_pd_mask(a.raw, b.raw, _CMP_UNORD_Q)};
}
#elif HWY_TARGET == HWY_AVX2
HWY_INLINE hn::Mask256<float> EitherNaN(hn::Vec256<float> a,
                                        hn::Vec256<float> b) {
  return hn::Mask256<float>{_mm256_cmp_ps(a.raw, b.raw, _CMP_UNORD_Q)};
}
HWY_INLINE hn::Mask256<double> EitherNaN(hn::Vec256<double> a,
                                         hn::Vec256<double> b) {
  return hn::Mask256<double>{_mm256_cmp_pd(a.raw, b.raw, _CMP_UNORD_Q)};
}
#elif HWY_TARGET == HWY_SSE4 || HWY_TARGET == HWY_SSSE3
template <size_t N>
HWY_INLINE hn::Mask128<float, N> EitherNaN(hn::Vec128<float, N> a,
                                           hn::Vec128<float, N> b) {
  return hn::Mask128<float, N>{_mm_cmpunord_ps(a.raw, b.raw)};
}
template <size_t N>
HWY_INLINE hn::Mask128<double, N> EitherNaN(hn::Vec128<double, N> a,
                                            hn::Vec128<double, N> b) {
  return hn::Mask128<double, N>{_mm_cmpunord_pd(a.raw, b.raw)};
}
#else
template <class V>
HWY_INLINE auto EitherNaN(V a, V b) {
  return hn::Or(hn::IsNaN(a), hn::IsNaN(b));
}
#endif

// Pins the vector `v` to a register. Without it GCC folds each load into
// both the Min and the NaN compare that use it, loading every vector twice,
// which halves the speed of a loop that is bound by loads.
template <class V>
HWY_INLINE void KeepInRegister(V& v) {
#if HWY_ARCH_X86 && HWY_TARGET != HWY_SCALAR && HWY_TARGET != HWY_EMU128 && \
    (HWY_COMPILER_GCC || HWY_COMPILER_CLANG)
  asm("" : "+v"(v.raw));
#else
  (void)v;
#endif
}

// The minimum of one block's values, lane by lane, and whether any of them
// was NaN (native floats only; always false otherwise).
template <class D>
struct BlockSummary {
  hn::Vec<D> min;
  bool has_nan;
};

// Returns the summary of the values in `in[first, end)`, end - first >= N.
// Four accumulators, so the Min of one vector does not wait on the previous
// one's; NaN masks are OR-ed and tested once per block, since NaN is rare.
template <class Traits, class D>
HWY_INLINE BlockSummary<D> SummarizeBlock(D d,
                                          const hn::TFromD<D>* HWY_RESTRICT in,
                                          size_t first, size_t end,
                                          hn::Vec<D> nan_keys) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  V m0 = LoadValues<Traits>(d, in + first, nan_keys);
  V m1 = m0, m2 = m0, m3 = m0;
  auto nan = hn::FirstN(d, 0);  // all false
  if constexpr (Traits::kNativeFloat) nan = hn::IsNaN(m0);
  size_t i = first + N;
  for (; i + 4 * N <= end; i += 4 * N) {
    V v0 = LoadValues<Traits>(d, in + i, nan_keys);
    V v1 = LoadValues<Traits>(d, in + i + N, nan_keys);
    V v2 = LoadValues<Traits>(d, in + i + 2 * N, nan_keys);
    V v3 = LoadValues<Traits>(d, in + i + 3 * N, nan_keys);
    if constexpr (Traits::kNativeFloat) {
      KeepInRegister(v0);
      KeepInRegister(v1);
      KeepInRegister(v2);
      KeepInRegister(v3);
    }
    m0 = hn::Min(m0, v0);
    m1 = hn::Min(m1, v1);
    m2 = hn::Min(m2, v2);
    m3 = hn::Min(m3, v3);
    if constexpr (Traits::kNativeFloat) {
      nan = hn::Or(nan, hn::Or(EitherNaN(v0, v1), EitherNaN(v2, v3)));
    }
  }
  for (; i + N <= end; i += N) {
    const V v = LoadValues<Traits>(d, in + i, nan_keys);
    m0 = hn::Min(m0, v);
    if constexpr (Traits::kNativeFloat) nan = hn::Or(nan, hn::IsNaN(v));
  }
  if (i < end) {  // overlap the previous vector rather than read past `end`
    const V v = LoadValues<Traits>(d, in + end - N, nan_keys);
    m0 = hn::Min(m0, v);
    if constexpr (Traits::kNativeFloat) nan = hn::Or(nan, hn::IsNaN(v));
  }
  return {hn::Min(hn::Min(m0, m1), hn::Min(m2, m3)), !hn::AllFalse(d, nan)};
}

// Returns the minimum of the non-NaN values of `in[first, end)` lane by lane
// (NaN lanes count as +infinity) in *min, or false if every value is NaN.
template <class D>
HWY_INLINE bool MinIgnoringNaN(D d, const hn::TFromD<D>* HWY_RESTRICT in,
                               size_t first, size_t end, hn::Vec<D>* min) {
  const size_t N = hn::Lanes(d);
  const hn::Vec<D> inf =
      hn::Set(d, std::numeric_limits<hn::TFromD<D>>::infinity());
  hn::Vec<D> m = inf;
  bool any_number = false;
  for (size_t i = first;; i = HWY_MIN(i + N, end - N)) {
    const hn::Vec<D> v = hn::LoadU(d, in + i);
    const auto nan = hn::IsNaN(v);
    any_number |= !hn::AllTrue(d, nan);
    m = hn::Min(m, hn::IfThenElse(nan, inf, v));
    if (i + N >= end) break;
  }
  *min = m;
  return any_number;
}

// Returns the index of the first lane in [begin, end), end - begin >= N, of
// the vectors at which `test(i)` (a mask for the vector at `i`) is true; one
// must be. Four vectors are tested at once, so that long ranges are cheap;
// single vectors finish, the clamped final one may overlap.
template <class D, class Test>
HWY_INLINE size_t FindFirst(D d, size_t begin, size_t end, const Test& test) {
  const size_t N = hn::Lanes(d);
  size_t i = begin;
  for (; i + 4 * N <= end; i += 4 * N) {
    const auto any = hn::Or(hn::Or(test(i), test(i + N)),
                            hn::Or(test(i + 2 * N), test(i + 3 * N)));
    if (!hn::AllFalse(d, any)) break;
  }
  for (i = HWY_MIN(i, end - N);; i = HWY_MIN(i + N, end - N)) {
    const auto found = test(i);
    if (!hn::AllFalse(d, found)) return i + hn::FindKnownFirstTrue(d, found);
  }
}

// Returns the index of the last lane in [begin, end), end - begin >= N, at
// which `test` is true, as FindFirst does from the other end.
template <class D, class Test>
HWY_INLINE size_t FindLast(D d, size_t begin, size_t end, const Test& test) {
  const size_t N = hn::Lanes(d);
  for (; end >= begin + 4 * N; end -= 4 * N) {
    const auto any = hn::Or(hn::Or(test(end - N), test(end - 2 * N)),
                            hn::Or(test(end - 3 * N), test(end - 4 * N)));
    if (!hn::AllFalse(d, any)) break;
  }
  for (size_t i = HWY_MAX(end, begin + N) - N;;
       i = (i >= begin + N) ? i - N : begin) {
    const auto found = test(i);
    if (!hn::AllFalse(d, found)) return i + LastTrue(d, found);
  }
}

// Returns the index of the first (or, with kLast, the last) minimum of
// contiguous `in[0, n)`, n >= 1; kAllNaN when every element is NaN under
// kIgnoreNaN. Reads no element outside `in[0, n)`.
//
// Blocks of whole vectors are reduced value-only, at the speed of a plain
// min reduction; a block is remembered only when it improves on the best
// value (or ties it, for kLast), and the position is searched once, in the
// remembered block, at the end. No index is tracked per lane, so no counter
// can wrap. The last partial vector is loaded overlapping the one before it,
// which the minimum tolerates: no over-read and no scalar tail.
//
// NaN: keys order it already; native floats find it with a mask per block.
// A NaN under kIgnoreNaN sends only its own block down a slower path; under
// propagation the answer is the first NaN (stop at once) or the last (search
// backwards from the end).
template <class Traits, bool kLast>
int64_t ArgminContiguous(const void* HWY_RESTRICT in_bytes, size_t n,
                         uint32_t flags) {
  using T = CompareLane<Traits>;
  using D = hn::ScalableTag<T>;
  const D d;
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  const typename Traits::Key nan_key = Traits::NaNKey(flags);
  if (n < N) {
    return ArgminStrided<Traits, kLast>(static_cast<const uint8_t*>(in_bytes),
                                        n, sizeof(T), nan_key);
  }
  const T* HWY_RESTRICT in = static_cast<const T*>(in_bytes);
  const bool ignore_nan = (flags & internal::kIgnoreNaN) != 0;
  const V nan_keys = hn::Set(d, static_cast<T>(nan_key));
  const size_t block = kBlockVectors * N;

  T best = 0;
  V best_v = hn::Zero(d);
  size_t best_begin = 0, best_end = 0;
  bool have_best = false;
  for (size_t begin = 0; begin < n; begin += block) {
    const size_t end = HWY_MIN(begin + block, n);
    // A final block shorter than a vector starts early, overlapping the
    // block before it (whose elements are no NaN and not below the best).
    const size_t first = HWY_MIN(begin, end - N);
    BlockSummary<D> summary =
        SummarizeBlock<Traits>(d, in, first, end, nan_keys);
    if constexpr (Traits::kNativeFloat) {
      if (HWY_UNLIKELY(summary.has_nan)) {
        if (!ignore_nan) {
          const auto is_nan = [&](size_t i) {
            return hn::IsNaN(hn::LoadU(d, in + i));
          };
          // The first NaN is in this block (the ones before had none); the
          // last is searched from the end of the input.
          return static_cast<int64_t>(kLast ? FindLast(d, 0, n, is_nan)
                                            : FindFirst(d, first, end, is_nan));
        }
        if (!MinIgnoringNaN(d, in, first, end, &summary.min)) continue;
      }
    }
    const bool improves =
        !have_best || (kLast ? !hn::AllTrue(d, summary.min > best_v)
                             : !hn::AllFalse(d, summary.min < best_v));
    if (improves) {
      best = SmallestLane(d, summary.min);
      best_v = hn::Set(d, best);
      best_begin = first;
      best_end = end;
      have_best = true;
      // Keys have a smallest value nothing can beat; for native floats a
      // later NaN still would.
      if constexpr (!Traits::kNativeFloat) {
        if (!kLast && best == static_cast<T>(Traits::kLowest)) break;
      }
    }
  }
  if (!have_best) return internal::kAllNaN;  // native floats, all NaN
  if constexpr (!Traits::kNativeFloat) {
    if (Traits::kIsFloat && ignore_nan && best == static_cast<T>(nan_key)) {
      return internal::kAllNaN;
    }
  }

  // Find the best value in the remembered block: forwards for the first
  // index, backwards for the last. NaN never equals the best here: under
  // propagation a NaN returned earlier.
  const auto equal = [&](size_t i) {
    return LoadValues<Traits>(d, in + i, nan_keys) == best_v;
  };
  return static_cast<int64_t>(kLast
                                  ? FindLast(d, best_begin, best_end, equal)
                                  : FindFirst(d, best_begin, best_end, equal));
}

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
