// Speed baselines for the argmin benchmarks: SIMD reductions that read the
// same data as an argmin (or argmax) but track no index, so they bound how
// fast one can possibly go. Each is compiled for every Highway target and picks
// the best one at run time, as the library does.
#ifndef ARGMIN_BENCH_BASELINES_H_
#define ARGMIN_BENCH_BASELINES_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "argmin/argmin.hpp"

namespace argmin_bench {

// The element types of the baselines, listed once: X(T, R, S, A, NAME),
// where T is the element type, R the result of MinValue and MaxValue, S that
// of Sum, and NAME the per-target entry points, which take A (the 16-bit
// floats and bool are passed as their bits; bool is one byte holding 0 or 1
// on every ABI this builds for).
#define ARGMIN_BENCH_BASELINE_TYPES(X)              \
  X(float, float, float, float, F32)                \
  X(double, double, double, double, F64)            \
  X(argmin::float16, float, float, uint16_t, F16)   \
  X(argmin::bfloat16, float, float, uint16_t, BF16) \
  X(int8_t, int8_t, uint64_t, int8_t, I8)           \
  X(int16_t, int16_t, uint64_t, int16_t, I16)       \
  X(int32_t, int32_t, uint64_t, int32_t, I32)       \
  X(int64_t, int64_t, uint64_t, int64_t, I64)       \
  X(uint8_t, uint8_t, uint64_t, uint8_t, U8)        \
  X(uint16_t, uint16_t, uint64_t, uint16_t, U16)    \
  X(uint32_t, uint32_t, uint64_t, uint32_t, U32)    \
  X(uint64_t, uint64_t, uint64_t, uint64_t, U64)    \
  X(bool, uint8_t, uint64_t, uint8_t, U8)

// For each element type T of the list above:
// - MinValue: the value-only minimum (no index) of `data[0, n)`, n >= 1, with
//   4 SIMD accumulators and a scalar tail (never reads past the end). NaN
//   handling is the SIMD min instruction's (a NaN may or may not win): these
//   are speed baselines, not argmin semantics. float16 and bfloat16 are
//   promoted to float32 lanes (PromoteTo) and the result is their decoded
//   value. bool is read as bytes.
// - MaxValue: the value-only maximum of `data[0, n)`, n >= 1: MinValue in the
//   other direction (the same loop, with Max for Min), the speed of light of
//   an argmax.
// - Sum: the sum of `data[0, n)`, n >= 1, with the same loop structure as
//   MinValue: the speed of light for reading the data. Integer lanes wrap
//   around in their own width (the value is only there to keep the loads
//   alive); float16/bfloat16 are promoted to float32 lanes.
#define ARGMIN_BENCH_DECLARE(T, R, S, A, NAME) \
  R MinValue(const T* data, size_t n);         \
  R MaxValue(const T* data, size_t n);         \
  S Sum(const T* data, size_t n);
ARGMIN_BENCH_BASELINE_TYPES(ARGMIN_BENCH_DECLARE)
#undef ARGMIN_BENCH_DECLARE

// Reads the `bytes` bytes at `data` (summed as 64-bit lanes) and writes
// `count` int64 results to `out`, in one pass that interleaves them as a
// reduction along an axis does: each vector of results is stored after the
// input before it in proportion. The speed of light of a call whose output
// is not small beside its input (rows of 2 float32: one int64 per 8 bytes
// read). Returns the sum, to keep the loads alive.
uint64_t ReadAndStore(const void* data, size_t bytes, int64_t* out,
                      size_t count);

// Returns the name of the Highway target the baselines dispatch to.
const char* BaselineTargetName();

// Makes the baselines dispatch to the target named `name` (the library's,
// which ARGMIN_TARGET may have forced), so that ratios compare one target
// with itself; returns false, changing nothing, if no such target runs here.
bool UseBaselineTarget(const char* name);

// Returns the float value of IEEE binary16 bits (exact, scalar), for the
// std::min_element comparator and the data generator.
inline float F16ToF32(uint16_t bits) {
  const uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
  const uint32_t exponent = (bits >> 10) & 0x1Fu;
  const uint32_t mantissa = bits & 0x3FFu;
  uint32_t out;
  if (exponent == 0x1F) {  // inf or NaN: keep the payload
    out = sign | 0x7F800000u | (mantissa << 13);
  } else if (exponent != 0) {  // normal
    out = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
  } else {  // zero or subnormal: mantissa * 2^-24, exact in float32
    float magnitude = static_cast<float>(mantissa) * (1.0f / 16777216.0f);
    std::memcpy(&out, &magnitude, sizeof(out));
    out |= sign;
  }
  float f;
  std::memcpy(&f, &out, sizeof(f));
  return f;
}

// Returns the float value of bfloat16 bits (exact).
inline float BF16ToF32(uint16_t bits) {
  const uint32_t out = static_cast<uint32_t>(bits) << 16;
  float f;
  std::memcpy(&f, &out, sizeof(f));
  return f;
}

}  // namespace argmin_bench

#endif  // ARGMIN_BENCH_BASELINES_H_
