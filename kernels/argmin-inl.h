// Per-target argmin kernels (Highway). Included once per target by the .cc
// files that include hwy/foreach_target.h; see dispatch/kernels_*.cc.
//
// Every kernel works on the order-preserving integer keys of kernels/keys.h,
// so one integer algorithm is exact for every dtype, NaN policy and tie rule.

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

// Returns the smallest lane of `v`. Highway 1.0.3 has no MinOfLanes for 8-bit
// lanes, and this runs only when a block improves the best key, so a store
// and a scalar loop are cheap enough.
template <class D>
HWY_INLINE hn::TFromD<D> SmallestLane(D d, hn::Vec<D> v) {
  using Key = hn::TFromD<D>;
  HWY_ALIGN Key lanes[HWY_MAX_BYTES / sizeof(Key)];
  hn::Store(v, d, lanes);
  Key smallest = lanes[0];
  for (size_t i = 1; i < hn::Lanes(d); ++i) {
    if (lanes[i] < smallest) smallest = lanes[i];
  }
  return smallest;
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

// Returns the index of the first (or, with kLast, the last) minimum key of
// contiguous `in[0, n)`, n >= 1; kAllNaN when every element is NaN under
// kIgnoreNaN. Reads no element outside `in[0, n)`.
//
// Blocks of whole vectors are reduced value-only; a block is remembered only
// when it improves on the best key (or ties it, for kLast), and the position
// is searched once, in the remembered block, at the end. The last partial
// vector is loaded overlapping the one before it, which the minimum tolerates,
// so there is no over-read and no scalar tail.
template <class Traits, bool kLast>
int64_t ArgminContiguous(const typename Traits::Key* HWY_RESTRICT in, size_t n,
                         typename Traits::Key nan_key) {
  using Key = typename Traits::Key;
  const hn::ScalableTag<Key> d;
  using V = hn::Vec<decltype(d)>;
  const size_t N = hn::Lanes(d);
  if (n < N) {
    return ArgminStrided<Traits, kLast>(reinterpret_cast<const uint8_t*>(in), n,
                                        sizeof(Key), nan_key);
  }
  const V nan_keys = hn::Set(d, nan_key);
  // Long enough to amortise the block test, short enough that the final
  // search of one block is cheap.
  const size_t block = 16 * N;

  Key best = Traits::kHighest;
  V best_v = hn::Set(d, best);
  size_t best_begin = 0;
  size_t best_end = 0;
  for (size_t begin = 0; begin < n; begin += block) {
    const size_t end = HWY_MIN(begin + block, n);
    // A final block shorter than a vector starts early, overlapping the
    // block before it; end >= N as n >= N.
    const size_t first = HWY_MIN(begin, end - N);
    V m = Keys<Traits>(d, hn::LoadU(d, in + first), nan_keys);
    size_t i = first + N;
    for (; i + N <= end; i += N) {
      m = hn::Min(m, Keys<Traits>(d, hn::LoadU(d, in + i), nan_keys));
    }
    if (i < end) {
      m = hn::Min(m, Keys<Traits>(d, hn::LoadU(d, in + end - N), nan_keys));
    }
    const bool improves =
        kLast ? !hn::AllTrue(d, m > best_v) : !hn::AllFalse(d, m < best_v);
    if (improves || begin == 0) {
      best = SmallestLane(d, m);
      best_v = hn::Set(d, best);
      best_begin = first;
      best_end = end;
      if (!kLast && best == Traits::kLowest) break;  // nothing can beat it
    }
  }
  if (Traits::kIsFloat && best == Traits::kHighest && nan_key == best) {
    return internal::kAllNaN;
  }

  // Find the best key in [best_begin, best_end): forwards for the first
  // index, backwards for the last; the clamped final step may overlap.
  if (!kLast) {
    for (size_t i = best_begin;; i = HWY_MIN(i + N, best_end - N)) {
      const auto eq = Keys<Traits>(d, hn::LoadU(d, in + i), nan_keys) == best_v;
      if (!hn::AllFalse(d, eq)) {
        return static_cast<int64_t>(i + hn::FindKnownFirstTrue(d, eq));
      }
    }
  } else {
    for (size_t i = best_end - N;;
         i = (i >= best_begin + N) ? i - N : best_begin) {
      const auto eq = Keys<Traits>(d, hn::LoadU(d, in + i), nan_keys) == best_v;
      if (!hn::AllFalse(d, eq)) {
        return static_cast<int64_t>(i + LastTrue(d, eq));
      }
    }
  }
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
    const Key* keys = static_cast<const Key*>(in);
    return last ? ArgminContiguous<Traits, true>(keys, n, nan_key)
                : ArgminContiguous<Traits, false>(keys, n, nan_key);
  }
  const uint8_t* bytes = static_cast<const uint8_t*>(in);
  const ptrdiff_t stride_bytes = stride * static_cast<ptrdiff_t>(sizeof(Key));
  return last ? ArgminStrided<Traits, true>(bytes, n, stride_bytes, nan_key)
              : ArgminStrided<Traits, false>(bytes, n, stride_bytes, nan_key);
}

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
