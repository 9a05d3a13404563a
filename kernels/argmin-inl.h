// Per-target arg-reduction kernels (Highway). Included once per target by the
// .cc files that include hwy/foreach_target.h; see dispatch/kernels_*.cc.
//
// The kernels compare the order-preserving integer keys of kernels/keys.h,
// which make one integer algorithm exact for every dtype, NaN policy and tie
// rule; float32 and float64 compare native float lanes where no NaN is
// present, and find NaNs with a mask instead. Which extreme wins is a type,
// OrderMin or OrderMax (kernels/keys.h), asked through the few functions
// below that compare; kernels given both orders find both extremes in one
// pass over the data.

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
#include "kernels/tuning.h"

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
    return hn::IfThenElse(hn::Gt(magnitude, hn::Set(d, Traits::kInfBits)),
                          nan_key, key);
  } else if constexpr (Traits::kKind == internal::KeyKind::kBool) {
    (void)nan_key;
    return hn::Min(raw, hn::Set(d, 1));  // any nonzero byte is true
  } else {
    (void)d;
    (void)nan_key;
    return raw;
  }
}

#if HWY_HAVE_SCALABLE
// K vectors of type V, indexed like an array. Scalable vectors (SVE) are
// sizeless, and C++ allows no array of them, so they live in a buffer with
// room for K of the longest vectors this target allows, one hardware vector
// apart (also for vectors of a capped tag, which share the full vector's
// type).
template <class V, size_t K>
class ScalableVecArray {
 public:
  ScalableVecArray() : stride_(hn::Lanes(hn::ScalableTag<uint8_t>())) {}
  V& operator[](size_t i) {
    return *reinterpret_cast<V*>(bytes_ + i * stride_);
  }
  const V& operator[](size_t i) const {
    return *reinterpret_cast<const V*>(bytes_ + i * stride_);
  }

 private:
  size_t stride_;
  alignas(16) unsigned char bytes_[K * HWY_MAX_BYTES];  // as SVE's vectors
};
template <class D, size_t K>
using VecArray = ScalableVecArray<hn::Vec<D>, K>;
// How a function takes a VecArray to read (VecsIn) or to write (VecsOut).
template <class D, size_t K>
using VecsIn = const VecArray<D, K>&;
template <class D, size_t K>
using VecsOut = VecArray<D, K>&;
#else
// K vectors of tag D: a plain array, which the compiler keeps in registers.
template <class D, size_t K>
using VecArray = hn::Vec<D>[K];
// Passed as the address of its first vector: GCC allocates registers
// differently in some x86 kernels when given a reference to the array.
template <class D, size_t K>
using VecsIn = const hn::Vec<D>*;
template <class D, size_t K>
using VecsOut = hn::Vec<D>*;
#endif

// Returns the lanes set in mask `a` or in mask `b`. On SVE through ORR
// rather than Highway's SEL: qemu 7.2, where SVE is tested, drops the last
// lane of a predicate SEL on vectors over 128 bits (docs/portability.md).
template <class M>
HWY_INLINE M OrMask(M a, M b) {
#if HWY_ARCH_ARM_A64 && HWY_HAVE_SCALABLE
  return svorr_b_z(svptrue_b8(), a, b);
#else
  return hn::Or(a, b);
#endif
}

// Calls f(Order{}, i) for each of `Orders`, i counting from 0; inlined into
// the kernel, unlike OrderList::ForEach, which is not compiled per target.
template <class... Orders, class F>
HWY_INLINE void ForEachOrder(const F& f) {
  size_t i = 0;
  (f(Orders{}, i++), ...);
}

// Returns the bits of the first 64 lanes of `mask`, lane i as bit i (every
// lane on x86, which has at most 64). On x86 straight from the mask register
// or movemask: through StoreMaskBits's bytes, the load of the word would wait
// for a store it cannot forward from.
template <class D>
HWY_INLINE uint64_t MaskBits(D d, hn::Mask<D> mask) {
#if HWY_TARGET <= HWY_AVX3
  constexpr size_t kLanes = hn::MaxLanes(d);
  const uint64_t raw = static_cast<uint64_t>(mask.raw);
  return kLanes >= 64 ? raw : raw & ((uint64_t{1} << kLanes) - 1);
#elif HWY_ARCH_X86 && HWY_TARGET <= HWY_SSSE3
  (void)d;
  return hn::detail::BitsFromMask(mask);
#else
  // Room for every lane: SVE's 8-bit lanes number up to 256.
  uint8_t bytes[HWY_MAX(size_t{8}, (hn::MaxLanes(d) + 7) / 8)] = {0};
  hn::StoreMaskBits(d, mask, bytes);
  uint64_t bits;
  memcpy(&bits, bytes, sizeof(bits));
  return bits;
#endif
}

// Returns the index of the highest true lane of `mask`, which has one.
template <class D>
HWY_INLINE size_t LastTrue(D d, hn::Mask<D> mask) {
#if HWY_HAVE_SCALABLE
  // Over 64 lanes are possible: 64-bit words of the mask, from the top.
  constexpr size_t kWords = (hn::MaxLanes(d) + 63) / 64;
  uint8_t bytes[kWords * 8] = {0};
  hn::StoreMaskBits(d, mask, bytes);
  for (size_t w = kWords - 1;; --w) {
    uint64_t bits;
    memcpy(&bits, bytes + w * 8, sizeof(bits));
    if (bits != 0) {
      return w * 64 + 63 - hwy::Num0BitsAboveMS1Bit_Nonzero64(bits);
    }
  }
#else
  return 63 - hwy::Num0BitsAboveMS1Bit_Nonzero64(MaskBits(d, mask));
#endif
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
    const auto any = OrMask(OrMask(test(i), test(i + N)),
                            OrMask(test(i + 2 * N), test(i + 3 * N)));
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
    const auto any = OrMask(OrMask(test(end - N), test(end - 2 * N)),
                            OrMask(test(end - 3 * N), test(end - 4 * N)));
    if (!hn::AllFalse(d, any)) break;
  }
  for (size_t i = HWY_MAX(end, begin + N) - N;;
       i = (i >= begin + N) ? i - N : begin) {
    const auto found = test(i);
    if (!hn::AllFalse(d, found)) return i + LastTrue(d, found);
  }
}

// The rule of `Order` (kernels/keys.h: an extreme and a tie rule), lane by
// lane on this target: what every kernel asks to compare vectors, so that
// none spells out the min or max or the tie rule itself.
template <class Order>
struct Lanes {
  // Returns lane by lane the better of `a` and `b`.
  template <class V>
  static HWY_INLINE V Better(V a, V b) {
    if constexpr (Order::kMax) {
      return hn::Max(a, b);
    } else {
      return hn::Min(a, b);
    }
  }

  // Returns the lanes where `a` strictly beats `b`.
  template <class V>
  static HWY_INLINE auto Beats(V a, V b) {
    return Order::kMax ? hn::Lt(b, a) : hn::Lt(a, b);
  }

  // Returns the best lane of `v`, in every lane.
  template <class D>
  static HWY_INLINE hn::Vec<D> BestOfLanes(D d, hn::Vec<D> v) {
    if constexpr (Order::kMax) {
      return hn::MaxOfLanes(d, v);
    } else {
      return hn::MinOfLanes(d, v);
    }
  }

  // Returns the number of float type T that every other beats or ties.
  template <typename T>
  static constexpr T WorstNumber() {
    return Order::kMax ? -std::numeric_limits<T>::infinity()
                       : std::numeric_limits<T>::infinity();
  }

  // Returns per lane `here` where `candidate`, met after `best`, takes its
  // place (it beats it, or ties it under last-index ties), else `kept`; `du`
  // is the tag of `here` and `kept`.
  template <class DU, class V>
  static HWY_INLINE hn::Vec<DU> TakeWhere(DU du, V candidate, V best,
                                          hn::Vec<DU> here, hn::Vec<DU> kept) {
    if constexpr (Order::kLast) {
      return hn::IfThenElse(hn::RebindMask(du, Beats(best, candidate)), kept,
                            here);
    } else {
      return hn::IfThenElse(hn::RebindMask(du, Beats(candidate, best)), here,
                            kept);
    }
  }

  // Returns whether any lane of `candidate`, met after `best`, takes its
  // place, as TakeWhere decides.
  template <class D>
  static HWY_INLINE bool AnyTakes(D d, hn::Vec<D> candidate, hn::Vec<D> best) {
    if constexpr (Order::kLast) {
      return !hn::AllTrue(d, Beats(best, candidate));
    } else {
      return !hn::AllFalse(d, Beats(candidate, best));
    }
  }

  // Returns the best lane of `v`. Highway 1.0.3 has no MinOfLanes for 8-bit
  // lanes on every target, so those are widened to 16 bits first.
  template <class D>
  static HWY_INLINE hn::TFromD<D> BestLane(D d, hn::Vec<D> v) {
#if HWY_TARGET != HWY_SCALAR
    using T = hn::TFromD<D>;
    if constexpr (sizeof(T) == 1) {
      const hn::Half<D> dh;
      const hn::Rebind<hwy::MakeWide<T>, decltype(dh)> dw;
      const auto wide = Better(hn::PromoteTo(dw, hn::LowerHalf(dh, v)),
                               hn::PromoteTo(dw, hn::UpperHalf(dh, v)));
      return static_cast<T>(hn::GetLane(BestOfLanes(dw, wide)));
    } else {
      return hn::GetLane(BestOfLanes(d, v));
    }
#else
    return hn::GetLane(BestOfLanes(d, v));
#endif
  }

  // Returns the index of the lane in [begin, end), end - begin >= N, that the
  // tie rule picks among those where `test` (a mask for the vector at an
  // index) is true: the first, or the last; one must be true.
  template <class D, class Test>
  static HWY_INLINE size_t Find(D d, size_t begin, size_t end,
                                const Test& test) {
    if constexpr (Order::kLast) {
      return FindLast(d, begin, end, test);
    } else {
      return FindFirst(d, begin, end, test);
    }
  }
};

// Returns whether a kernel given `Orders`, which must share one tie rule,
// takes the last index among equal keys.
template <class... Orders>
constexpr bool TiesLast() {
  constexpr bool last = (Orders::kLast || ...);
  static_assert(((Orders::kLast == last) && ...),
                "the orders of one kernel share one tie rule");
  return last;
}
template <class... Orders>
constexpr bool kTiesLast = TiesLast<Orders...>();

// Returns the index of the best key under `Order` (its extreme, and its tie
// rule among equal keys) of the n >= 1 elements at `in`, `in + stride_bytes`,
// ...; kAllNaN when they are all NaN under kIgnoreNaN. Scalar: the fallback for
// strided slices and for slices shorter than a vector.
template <class Traits, class Order>
int64_t ArgStrided(const uint8_t* in, size_t n, ptrdiff_t stride_bytes,
                   uint32_t flags) {
  using Key = typename Traits::Key;
  const Key nan_key = Traits::template NaNKey<Order>(flags);
  Key best = internal::LoadKey<Traits>(in, nan_key);
  size_t best_index = 0;
  for (size_t i = 1; i < n; ++i) {
    // Nothing beats the best key.
    if (!Order::kLast && best == Order::template Best<Key>()) break;
    const Key key = internal::LoadKey<Traits>(
        in + static_cast<ptrdiff_t>(i) * stride_bytes, nan_key);
    if (Order::Replaces(key, best)) {
      best = key;
      best_index = i;
    }
  }
  if (Traits::template AllNaN<Order>(best, flags)) return internal::kAllNaN;
  return static_cast<int64_t>(best_index);
}

// The values a contiguous kernel compares: native float lanes for float32 and
// float64 (whose NaNs are then found by a mask per block), keys otherwise
// (kernels/keys.h: NaN is already ordered there).
template <class Traits>
using CompareLane =
    std::conditional_t<Traits::kNativeFloat, typename Traits::NativeFloat,
                       typename Traits::Key>;

// Returns the compare values of the raw lanes `raw`: themselves for native
// floats, their keys otherwise (NaN as `nan_keys`).
template <class Traits, class D>
HWY_INLINE hn::Vec<D> Values(D d, hn::Vec<D> raw, hn::Vec<D> nan_keys) {
  if constexpr (Traits::kNativeFloat) {
    (void)d;
    (void)nan_keys;
    return raw;
  } else {
    return Keys<Traits>(d, raw, nan_keys);
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
  return OrMask(hn::IsNaN(a), hn::IsNaN(b));
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

// Writes slice m's results, here[o] per order, to out[o][m]; returns false
// if one says that the slice held only NaNs.
template <size_t kOrders>
HWY_INLINE bool PutSliceResults(const int64_t* here, int64_t* const* out,
                                size_t m) {
  bool ok = true;
  for (size_t o = 0; o < kOrders; ++o) {
    out[o][m] = here[o];
    ok &= here[o] != internal::kAllNaN;
  }
  return ok;
}

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

// Vectors loaded per iteration of SummarizeBlock's loop, for `kOrders`
// orders: eight for one order, so that the loop's fixed cost (and its
// sensitivity to where it lies in the instruction cache) is spread over
// twice as many loads; four for two, which keep two sets of accumulators in
// registers.
template <size_t kOrders>
constexpr size_t kUnroll = kOrders == 1 ? 8 : 4;

// Writes to best[o] the best of the values in `in[first, end)` under the
// o-th of `Orders`, end - first >= N, lane by lane, and returns whether any
// of them was NaN (native floats only; always false otherwise). Four
// accumulators per order, so that one vector's compare does not wait on the
// previous one's; NaN masks are OR-ed and tested once per block, since NaN is
// rare.
template <class Traits, class... Orders, class D>
HWY_INLINE bool SummarizeBlock(D d, const hn::TFromD<D>* HWY_RESTRICT in,
                               size_t first, size_t end,
                               VecsIn<D, sizeof...(Orders)> nan_keys,
                               VecsOut<D, sizeof...(Orders)> best) {
  using V = hn::Vec<D>;
  constexpr size_t kOrders = sizeof...(Orders);
  constexpr size_t kU = kUnroll<kOrders>;
  const size_t N = hn::Lanes(d);
  VecArray<D, 4> m[kOrders];
  const V v = hn::LoadU(d, in + first);
  ForEachOrder<Orders...>([&](auto, size_t o) {
    m[o][0] = m[o][1] = m[o][2] = m[o][3] = Values<Traits>(d, v, nan_keys[o]);
  });
  // The loops below read the first vector again (it only seeds the
  // accumulators), so that a whole block is whole iterations; its NaNs are
  // found there too.
  auto nan = hn::FirstN(d, 0);  // all false
  size_t i = first;
  for (; i + kU * N <= end; i += kU * N) {
    VecArray<D, kU> w;
    for (size_t j = 0; j < kU; ++j) {
      // Pinned as a local: pinning the array element makes GCC store every
      // vector to the stack as well.
      V v = hn::LoadU(d, in + i + j * N);
      if constexpr (Traits::kNativeFloat) KeepInRegister(v);
      w[j] = v;
    }
    ForEachOrder<Orders...>([&](auto order, size_t o) {
      using Order = decltype(order);
      for (size_t j = 0; j < kU; ++j) {
        m[o][j % 4] = Lanes<Order>::Better(
            m[o][j % 4], Values<Traits>(d, w[j], nan_keys[o]));
      }
    });
    if constexpr (Traits::kNativeFloat) {
      for (size_t j = 0; j < kU; j += 4) {
        nan = OrMask(nan, OrMask(EitherNaN(w[j], w[j + 1]),
                                 EitherNaN(w[j + 2], w[j + 3])));
      }
    }
  }
  // The last vector overlaps the previous one rather than read past `end`.
  for (; i < end; i = HWY_MIN(i + N, end)) {
    const V w = hn::LoadU(d, in + HWY_MIN(i, end - N));
    ForEachOrder<Orders...>([&](auto order, size_t o) {
      using Order = decltype(order);
      m[o][0] =
          Lanes<Order>::Better(m[o][0], Values<Traits>(d, w, nan_keys[o]));
    });
    if constexpr (Traits::kNativeFloat) nan = OrMask(nan, hn::IsNaN(w));
    if (i + N >= end) break;
  }
  ForEachOrder<Orders...>([&](auto order, size_t o) {
    using L = Lanes<decltype(order)>;
    best[o] =
        L::Better(L::Better(m[o][0], m[o][1]), L::Better(m[o][2], m[o][3]));
  });
  return !hn::AllFalse(d, nan);
}

// Returns lane by lane the best under `Order` of the non-NaN values of
// `in[first, end)` in *best (NaN lanes count as the worst infinity), or false
// if every value is NaN.
template <class Order, class D>
HWY_INLINE bool BestIgnoringNaN(D d, const hn::TFromD<D>* HWY_RESTRICT in,
                                size_t first, size_t end, hn::Vec<D>* best) {
  using T = hn::TFromD<D>;
  const size_t N = hn::Lanes(d);
  const hn::Vec<D> worst = hn::Set(d, Lanes<Order>::template WorstNumber<T>());
  hn::Vec<D> m = worst;
  bool any_number = false;
  for (size_t i = first;; i = HWY_MIN(i + N, end - N)) {
    const hn::Vec<D> v = hn::LoadU(d, in + i);
    const auto nan = hn::IsNaN(v);
    any_number |= !hn::AllTrue(d, nan);
    m = Lanes<Order>::Better(m, hn::IfThenElse(nan, worst, v));
    if (i + N >= end) break;
  }
  *best = m;
  return any_number;
}

// Writes to out[o] the index of the best element, under the o-th of `Orders`
// (kernels/keys.h; they share one tie rule), of contiguous `in[0, n)`, n >= 1,
// under the o-th of `Orders`; kAllNaN when every element is NaN under
// kIgnoreNaN. Given both orders it finds both in one pass. Reads no element
// outside `in[0, n)`.
//
// Blocks of whole vectors are reduced value-only, at the speed of a plain
// min reduction; a block is remembered only when it improves on the best
// value (or ties it, for last-index ties), and the position is searched once,
// in the remembered block, at the end. No index is tracked per lane, so no
// counter can wrap. The last partial vector is loaded overlapping the one
// before it, which a min or max tolerates: no over-read and no scalar tail.
//
// NaN: keys order it already; native floats find it with a mask per block.
// A NaN under kIgnoreNaN sends only its own block down a slower path; under
// propagation the answer, for every order, is the first NaN (stop at once)
// or the last (search backwards from the end).
template <class Traits, class... Orders>
void ArgContiguous(const void* HWY_RESTRICT in_bytes, size_t n, uint32_t flags,
                   int64_t* HWY_RESTRICT out) {
  using T = CompareLane<Traits>;
  using D = hn::ScalableTag<T>;
  const D d;
  constexpr size_t kOrders = sizeof...(Orders);
  const size_t N = hn::Lanes(d);
  if (n < N) {
    ForEachOrder<Orders...>([&](auto order, size_t o) {
      out[o] = ArgStrided<Traits, decltype(order)>(
          static_cast<const uint8_t*>(in_bytes), n, sizeof(T), flags);
    });
    return;
  }
  const T* HWY_RESTRICT in = static_cast<const T*>(in_bytes);
  const bool ignore_nan = (flags & internal::kIgnoreNaN) != 0;
  VecArray<D, kOrders> nan_keys, best_v;
  ForEachOrder<Orders...>([&](auto order, size_t o) {
    nan_keys[o] = hn::Set(
        d, static_cast<T>(Traits::template NaNKey<decltype(order)>(flags)));
    best_v[o] = hn::Zero(d);  // set with have_best, before any use
  });
  const size_t block = internal::kBlockVectors * N;

  // Per order: the best value so far, and the block where it was met.
  T best[kOrders] = {};
  size_t best_begin[kOrders] = {}, best_end[kOrders] = {};
  bool have_best[kOrders] = {}, unbeatable[kOrders] = {};
  for (size_t begin = 0; begin < n; begin += block) {
    const size_t end = HWY_MIN(begin + block, n);
    // A final block shorter than a vector starts early, overlapping the
    // block before it (whose elements are no NaN and no better than the
    // best).
    const size_t first = HWY_MIN(begin, end - N);
    VecArray<D, kOrders> summary;
    const bool has_nan =
        SummarizeBlock<Traits, Orders...>(d, in, first, end, nan_keys, summary);
    if constexpr (Traits::kNativeFloat) {
      if (HWY_UNLIKELY(has_nan)) {
        if (!ignore_nan) {
          const auto is_nan = [&](size_t i) {
            return hn::IsNaN(hn::LoadU(d, in + i));
          };
          // The first NaN is in this block (the ones before had none); the
          // last is searched from the end of the input.
          const int64_t at = static_cast<int64_t>(
              kTiesLast<Orders...> ? FindLast(d, 0, n, is_nan)
                                   : FindFirst(d, first, end, is_nan));
          for (size_t o = 0; o < kOrders; ++o) out[o] = at;
          return;
        }
        bool any_number = false;
        ForEachOrder<Orders...>([&](auto order, size_t o) {
          any_number =
              BestIgnoringNaN<decltype(order)>(d, in, first, end, &summary[o]);
        });
        if (!any_number) continue;
      }
    }
    bool done = true;
    ForEachOrder<Orders...>([&](auto order, size_t o) {
      using Order = decltype(order);
      const bool improves =
          !have_best[o] || Lanes<Order>::AnyTakes(d, summary[o], best_v[o]);
      if (improves) {
        best[o] = Lanes<Order>::BestLane(d, summary[o]);
        best_v[o] = hn::Set(d, best[o]);
        best_begin[o] = first;
        best_end[o] = end;
        have_best[o] = true;
        // Keys have a best value nothing can beat; for native floats a
        // later NaN still would.
        if constexpr (!Traits::kNativeFloat) {
          unbeatable[o] = !Order::kLast && best[o] == Order::template Best<T>();
        }
      }
      done = done && unbeatable[o];
    });
    if (done) break;
  }

  ForEachOrder<Orders...>([&](auto order, size_t o) {
    using Order = decltype(order);
    if (!have_best[o]) {  // native floats, all NaN
      out[o] = internal::kAllNaN;
      return;
    }
    if constexpr (!Traits::kNativeFloat) {
      if (Traits::template AllNaN<Order>(best[o], flags)) {
        out[o] = internal::kAllNaN;
        return;
      }
    }
    // Find the best value in the remembered block: forwards for the first
    // index, backwards for the last. NaN never equals the best here: under
    // propagation a NaN returned earlier.
    const auto equal = [&](size_t i) {
      return hn::Eq(Values<Traits>(d, hn::LoadU(d, in + i), nan_keys[o]),
                    best_v[o]);
    };
    out[o] = static_cast<int64_t>(
        Lanes<Order>::Find(d, best_begin[o], best_end[o], equal));
  });
}

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
