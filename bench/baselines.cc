// SIMD baselines (value-only min and max, and sum) for every Highway target,
// chosen at run time. See baselines.h for the contracts.
#include "bench/baselines.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "bench/baselines.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace argmin_bench {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Loads the vector at element `i` of a native-lane array.
template <typename T>
struct LoadDirect {
  const T* data;
  template <class D>
  HWY_INLINE hn::Vec<D> operator()(D d, size_t i) const {
    return hn::LoadU(d, data + i);
  }
};

// Loads Lanes(df) float16 or bfloat16 values at element `i` as float32 lanes
// (Highway 1.0.3 has no 16-bit float arithmetic, so promotion is the cheapest
// way to compare them).
template <typename T16>
struct LoadPromoted {
  const T16* data;
  template <class DF>
  HWY_INLINE hn::Vec<DF> operator()(DF df, size_t i) const {
    const hn::Rebind<T16, DF> d16;
    return hn::PromoteTo(df, hn::LoadU(d16, data + i));
  }
};

// Lane-wise minimum, or with kMax maximum: one template, so that the min
// and max baselines cannot drift apart in anything but the direction.
template <bool kMax>
struct ExtremeOp {
  template <class V>
  HWY_INLINE V operator()(V a, V b) const {
    if constexpr (kMax) {
      return hn::Max(a, b);
    } else {
      return hn::Min(a, b);
    }
  }
};

// Returns whether `a` beats `b` in the direction kMax picks, for the scalar
// parts (final lanes and tail).
template <bool kMax, typename T>
HWY_INLINE bool Beats(T a, T b) {
  return kMax ? b < a : a < b;
}

// Lane-wise sum (wrapping for integers).
struct AddOp {
  template <class V>
  HWY_INLINE V operator()(V a, V b) const {
    return hn::Add(a, b);
  }
};

// Folds whole vectors of elements [0, *done) into one vector with `op`, and
// sets *done to the number of elements folded (a multiple of Lanes(d); the
// caller finishes the tail in scalar code, so nothing past n is read). Four
// independent accumulators hide the op's latency, so the loop runs at the
// speed of the loads.
template <class D, class LoadFn, class OpFn>
HWY_INLINE hn::Vec<D> Accumulate(D d, size_t n, const LoadFn& load,
                                 const OpFn& op, hn::Vec<D> init,
                                 size_t* done) {
  const size_t lanes = hn::Lanes(d);
  hn::Vec<D> acc0 = init, acc1 = init, acc2 = init, acc3 = init;
  size_t i = 0;
  if (n >= 4 * lanes) {
    for (; i <= n - 4 * lanes; i += 4 * lanes) {
      acc0 = op(acc0, load(d, i));
      acc1 = op(acc1, load(d, i + lanes));
      acc2 = op(acc2, load(d, i + 2 * lanes));
      acc3 = op(acc3, load(d, i + 3 * lanes));
    }
  }
  for (; i + lanes <= n; i += lanes) acc0 = op(acc0, load(d, i));
  *done = i;
  return op(op(acc0, acc1), op(acc2, acc3));
}

// Returns the smallest lane of `v`, or with kMax the largest (scalar, because
// MinOfLanes lacks 8-bit lanes in Highway 1.0.3 and this runs once per call).
template <bool kMax, class D>
HWY_INLINE hn::TFromD<D> ExtremeLane(D d, hn::Vec<D> v) {
  using T = hn::TFromD<D>;
  HWY_ALIGN T lanes[hn::MaxLanes(d)];
  hn::Store(v, d, lanes);
  T best = lanes[0];
  for (size_t i = 1; i < hn::Lanes(d); ++i) {
    if (Beats<kMax>(lanes[i], best)) best = lanes[i];
  }
  return best;
}

// Returns the value-only minimum (or with kMax maximum) of native-lane
// data[0, n).
template <bool kMax, typename T>
HWY_INLINE T ExtremeNative(const T* data, size_t n) {
  if (n == 0) return T();
  const hn::ScalableTag<T> d;
  size_t done = 0;
  const auto acc = Accumulate(d, n, LoadDirect<T>{data}, ExtremeOp<kMax>(),
                              hn::Set(d, data[0]), &done);
  T best = ExtremeLane<kMax>(d, acc);
  for (size_t i = done; i < n; ++i) {
    if (Beats<kMax>(data[i], best)) best = data[i];
  }
  return best;
}

// Returns the value-only minimum (or with kMax maximum) of 16-bit float
// data[0, n) as float32; `decode` converts one element for the scalar tail.
template <bool kMax, typename T16>
HWY_INLINE float ExtremePromoted(const T16* data, size_t n,
                                 float (*decode)(uint16_t)) {
  if (n == 0) return 0.0f;
  const hn::ScalableTag<float> df;
  const uint16_t* bits = reinterpret_cast<const uint16_t*>(data);
  size_t done = 0;
  const auto acc = Accumulate(df, n, LoadPromoted<T16>{data}, ExtremeOp<kMax>(),
                              hn::Set(df, decode(bits[0])), &done);
  float best = ExtremeLane<kMax>(df, acc);
  for (size_t i = done; i < n; ++i) {
    const float value = decode(bits[i]);
    if (Beats<kMax>(value, best)) best = value;
  }
  return best;
}

// Widens a lane for the final scalar sum: integers wrap modulo 2^64 (via the
// unsigned type, so no signed overflow), floats stay floats.
template <typename R, typename T>
HWY_INLINE R Widen(T value) {
  if constexpr (std::is_floating_point<T>::value) {
    return static_cast<R>(value);
  } else {
    return static_cast<R>(static_cast<hwy::MakeUnsigned<T>>(value));
  }
}

// Returns the sum of the lanes of `v` widened to R (wrapping for integers).
template <typename R, class D>
HWY_INLINE R SumLanes(D d, hn::Vec<D> v) {
  using T = hn::TFromD<D>;
  HWY_ALIGN T lanes[hn::MaxLanes(d)];
  hn::Store(v, d, lanes);
  R sum = R();
  for (size_t i = 0; i < hn::Lanes(d); ++i) sum += Widen<R>(lanes[i]);
  return sum;
}

// The result type of Sum for lane type T.
template <typename T>
using SumResult = typename std::conditional<std::is_floating_point<T>::value, T,
                                            uint64_t>::type;

// Returns the sum of native-lane data[0, n).
template <typename T>
HWY_INLINE SumResult<T> SumNative(const T* data, size_t n) {
  using R = SumResult<T>;
  const hn::ScalableTag<T> d;
  size_t done = 0;
  const auto acc =
      Accumulate(d, n, LoadDirect<T>{data}, AddOp(), hn::Zero(d), &done);
  R sum = SumLanes<R>(d, acc);
  for (size_t i = done; i < n; ++i) sum += Widen<R>(data[i]);
  return sum;
}

// Returns the sum of 16-bit float data[0, n) in float32.
template <typename T16>
HWY_INLINE float SumPromoted(const T16* data, size_t n,
                             float (*decode)(uint16_t)) {
  const hn::ScalableTag<float> df;
  const uint16_t* bits = reinterpret_cast<const uint16_t*>(data);
  size_t done = 0;
  const auto acc =
      Accumulate(df, n, LoadPromoted<T16>{data}, AddOp(), hn::Zero(df), &done);
  float sum = SumLanes<float>(df, acc);
  for (size_t i = done; i < n; ++i) sum += decode(bits[i]);
  return sum;
}

// Per-type entry points (HWY_EXPORT needs plain, non-template names).
#define ARGMIN_BENCH_NATIVE(T, NAME)                             \
  HWY_NOINLINE T Min##NAME(const T* data, size_t n) {            \
    return ExtremeNative<false>(data, n);                        \
  }                                                              \
  HWY_NOINLINE T Max##NAME(const T* data, size_t n) {            \
    return ExtremeNative<true>(data, n);                         \
  }                                                              \
  HWY_NOINLINE SumResult<T> Sum##NAME(const T* data, size_t n) { \
    return SumNative(data, n);                                   \
  }
ARGMIN_BENCH_NATIVE(float, F32)
ARGMIN_BENCH_NATIVE(double, F64)
ARGMIN_BENCH_NATIVE(int8_t, I8)
ARGMIN_BENCH_NATIVE(int16_t, I16)
ARGMIN_BENCH_NATIVE(int32_t, I32)
ARGMIN_BENCH_NATIVE(int64_t, I64)
ARGMIN_BENCH_NATIVE(uint8_t, U8)
ARGMIN_BENCH_NATIVE(uint16_t, U16)
ARGMIN_BENCH_NATIVE(uint32_t, U32)
ARGMIN_BENCH_NATIVE(uint64_t, U64)
#undef ARGMIN_BENCH_NATIVE

HWY_NOINLINE float MinF16(const uint16_t* bits, size_t n) {
  return ExtremePromoted<false>(reinterpret_cast<const hwy::float16_t*>(bits),
                                n, &F16ToF32);
}
HWY_NOINLINE float MaxF16(const uint16_t* bits, size_t n) {
  return ExtremePromoted<true>(reinterpret_cast<const hwy::float16_t*>(bits), n,
                               &F16ToF32);
}
HWY_NOINLINE float MinBF16(const uint16_t* bits, size_t n) {
  return ExtremePromoted<false>(reinterpret_cast<const hwy::bfloat16_t*>(bits),
                                n, &BF16ToF32);
}
HWY_NOINLINE float MaxBF16(const uint16_t* bits, size_t n) {
  return ExtremePromoted<true>(reinterpret_cast<const hwy::bfloat16_t*>(bits),
                               n, &BF16ToF32);
}
HWY_NOINLINE float SumF16(const uint16_t* bits, size_t n) {
  return SumPromoted(reinterpret_cast<const hwy::float16_t*>(bits), n,
                     &F16ToF32);
}
HWY_NOINLINE float SumBF16(const uint16_t* bits, size_t n) {
  return SumPromoted(reinterpret_cast<const hwy::bfloat16_t*>(bits), n,
                     &BF16ToF32);
}

// ReadAndStore (baselines.h): whole vectors of 64-bit lanes summed, each
// vector of results stored once the input before it in proportion is read;
// the last bytes and results in scalar code.
HWY_NOINLINE uint64_t ReadAndStoreImpl(const uint8_t* data, size_t bytes,
                                       int64_t* out, size_t count) {
  const hn::ScalableTag<uint64_t> d;
  using V = hn::Vec<decltype(d)>;
  const size_t N = hn::Lanes(d);
  const size_t in_vectors = bytes / (N * 8);
  const size_t out_vectors = count / N;
  const auto load = [&](size_t k) {
    return hn::LoadU(d, reinterpret_cast<const uint64_t*>(data + k * N * 8));
  };
  V acc0 = hn::Zero(d), acc1 = hn::Zero(d);
  size_t k = 0;
  if (out_vectors > 0) {
    // Input vectors per output vector, spread evenly (no division inside).
    const size_t step = in_vectors / out_vectors;
    const size_t spare = in_vectors % out_vectors;
    size_t carry = 0;
    for (size_t j = 0; j < out_vectors; ++j) {
      size_t end = k + step;
      carry += spare;
      if (carry >= out_vectors) carry -= out_vectors, ++end;
      for (; k + 2 <= end; k += 2) {
        acc0 = hn::Add(acc0, load(k));
        acc1 = hn::Add(acc1, load(k + 1));
      }
      if (k < end) acc0 = hn::Add(acc0, load(k++));
      hn::StoreU(hn::BitCast(hn::RebindToSigned<decltype(d)>(), acc0),
                 hn::RebindToSigned<decltype(d)>(), out + j * N);
    }
  }
  for (; k < in_vectors; ++k) acc0 = hn::Add(acc0, load(k));
  uint64_t sum = SumLanes<uint64_t>(d, hn::Add(acc0, acc1));
  for (size_t i = in_vectors * N * 8; i < bytes; ++i) sum += data[i];
  for (size_t j = out_vectors * N; j < count; ++j) {
    out[j] = static_cast<int64_t>(sum);
  }
  return sum;
}

// Returns this target's name, to report which one dispatch picked.
HWY_NOINLINE const char* TargetName() { return hwy::TargetName(HWY_TARGET); }

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace argmin_bench
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace argmin_bench {

// The per-dtype entry points of both directions, each dispatched to the best
// target; the public overloads below forward to them.
#define ARGMIN_BENCH_EXPORT(NAME) \
  HWY_EXPORT(Min##NAME);          \
  HWY_EXPORT(Max##NAME);          \
  HWY_EXPORT(Sum##NAME);
ARGMIN_BENCH_EXPORT(F32)
ARGMIN_BENCH_EXPORT(F64)
ARGMIN_BENCH_EXPORT(F16)
ARGMIN_BENCH_EXPORT(BF16)
ARGMIN_BENCH_EXPORT(I8)
ARGMIN_BENCH_EXPORT(I16)
ARGMIN_BENCH_EXPORT(I32)
ARGMIN_BENCH_EXPORT(I64)
ARGMIN_BENCH_EXPORT(U8)
ARGMIN_BENCH_EXPORT(U16)
ARGMIN_BENCH_EXPORT(U32)
ARGMIN_BENCH_EXPORT(U64)
#undef ARGMIN_BENCH_EXPORT
HWY_EXPORT(TargetName);
HWY_EXPORT(ReadAndStoreImpl);

uint64_t ReadAndStore(const void* data, size_t bytes, int64_t* out,
                      size_t count) {
  return HWY_DYNAMIC_DISPATCH(ReadAndStoreImpl)(
      static_cast<const uint8_t*>(data), bytes, out, count);
}

// MinValue, MaxValue and Sum of each element type of baselines.h's list,
// through its per-target entry points.
#define ARGMIN_BENCH_DISPATCH(FN, A) \
  HWY_DYNAMIC_DISPATCH(FN)(reinterpret_cast<const A*>(data), n)
#define ARGMIN_BENCH_DEFINE(T, R, S, A, NAME)   \
  R MinValue(const T* data, size_t n) {         \
    return ARGMIN_BENCH_DISPATCH(Min##NAME, A); \
  }                                             \
  R MaxValue(const T* data, size_t n) {         \
    return ARGMIN_BENCH_DISPATCH(Max##NAME, A); \
  }                                             \
  S Sum(const T* data, size_t n) { return ARGMIN_BENCH_DISPATCH(Sum##NAME, A); }
ARGMIN_BENCH_BASELINE_TYPES(ARGMIN_BENCH_DEFINE)
#undef ARGMIN_BENCH_DEFINE
#undef ARGMIN_BENCH_DISPATCH

const char* BaselineTargetName() { return HWY_DYNAMIC_DISPATCH(TargetName)(); }

bool UseBaselineTarget(const char* name) {
  for (int64_t target : hwy::SupportedAndGeneratedTargets()) {
    if (std::strcmp(hwy::TargetName(target), name) == 0) {
      // Highway's own process-wide mock: the library no longer sets it.
      hwy::SetSupportedTargetsForTest(target);
      return true;
    }
  }
  return false;
}

}  // namespace argmin_bench
#endif  // HWY_ONCE
