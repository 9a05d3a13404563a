// Shared by the API, family, guard-page and MPI tests: the dtypes under test,
// taken from the library's one dtype list (kernels/keys.h) so that a dtype
// added there is tested everywhere, and the SIMD targets to force.
#ifndef ARGMIN_TESTS_TEST_UTIL_H_
#define ARGMIN_TESTS_TEST_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "argmin/argmin.h"
#include "hwy/targets.h"
#include "kernels/keys.h"

namespace argmin {
namespace test {

inline DLDataType MakeDType(uint8_t code, uint8_t bits, uint16_t lanes = 1) {
  DLDataType t;
  t.code = code;
  t.bits = bits;
  t.lanes = lanes;
  return t;
}

// Returns a CPU tensor over `data` with `shape` (which must outlive it) and
// `strides` in elements (NULL: compact row-major).
inline DLTensor Tensor(const void* data, DLDataType dtype,
                       std::vector<int64_t>& shape,
                       int64_t* strides = nullptr) {
  DLTensor t = argmin_tensor(data, dtype, static_cast<int32_t>(shape.size()),
                             shape.data());
  t.strides = strides;
  return t;
}

struct DTypeCase {
  const char* name;
  DLDataType dtype;
  bool is_float;
  bool is_signed;  // integers only
  size_t size() const { return dtype.bits / 8; }
};

// Returns the width of the mantissa field of floating-point dtype `dt`.
inline int MantissaBits(const DTypeCase& dt) {
  const int bits = dt.dtype.bits;
  const int exponent_bits = bits == 16   ? (dt.dtype.code == kDLBfloat ? 8 : 5)
                            : bits == 32 ? 8
                                         : 11;
  return bits - 1 - exponent_bits;
}

// Returns the bits of +infinity of floating-point dtype `dt`: the exponent
// field all ones.
inline uint64_t InfBits(const DTypeCase& dt) {
  const uint64_t sign = uint64_t{1} << (dt.dtype.bits - 1);
  return (sign - 1) & ~((uint64_t{1} << MantissaBits(dt)) - 1);
}

// Returns whether the element bits `b` of dtype `dt` are a NaN.
inline bool IsNanBits(const DTypeCase& dt, uint64_t b) {
  if (!dt.is_float) return false;
  const uint64_t inf = InfBits(dt);
  return (b & inf) == inf && (b & ((uint64_t{1} << MantissaBits(dt)) - 1)) != 0;
}

// Names the dtype in gtest's messages about parameterised tests.
inline void PrintTo(const DTypeCase& dt, std::ostream* os) { *os << dt.name; }

// Returns every dtype the library supports.
inline const std::vector<DTypeCase>& AllDTypes() {
#define ARGMIN_FLOAT_CASE(Name, code, bits, type, name) \
  {name, MakeDType(code, bits), true, true},
#define ARGMIN_INT_CASE(Name, code, bits, type, name) \
  {name, MakeDType(code, bits), false, true},
#define ARGMIN_UINT_CASE(Name, code, bits, type, name) \
  {name, MakeDType(code, bits), false, false},
  static const std::vector<DTypeCase>* const kAll = new std::vector<DTypeCase>{
      ARGMIN_FOREACH_FLOAT_DTYPE(ARGMIN_FLOAT_CASE)
          ARGMIN_FOREACH_INT_DTYPE(ARGMIN_INT_CASE)
              ARGMIN_FOREACH_UINT_DTYPE(ARGMIN_UINT_CASE)};
#undef ARGMIN_FLOAT_CASE
#undef ARGMIN_INT_CASE
#undef ARGMIN_UINT_CASE
  return *kAll;
}

// Returns random element bits of `dt`: few distinct values (ties), and for
// floats NaNs of several payloads, infinities and zeros of both signs.
inline uint64_t RandomBits(const DTypeCase& dt, std::mt19937_64& rng,
                           int nan_percent) {
  const int bits = dt.dtype.bits;
  const uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  if (dt.dtype.code == ARGMIN_DL_BOOL) return rng() % 2;
  if (!dt.is_float) {
    const uint64_t specials[] = {0, 1, mask, mask >> 1, (mask >> 1) + 1, 5};
    return (rng() % 3 ? specials[rng() % 6] : rng()) & mask;
  }
  const uint64_t sign = uint64_t{1} << (bits - 1);
  const uint64_t inf = InfBits(dt);
  if (static_cast<int>(rng() % 100) < nan_percent) {
    return inf | (1 + rng() % 3) | (rng() % 2 ? sign : 0);  // NaN payloads
  }
  const uint64_t one = (inf >> 1) & inf;  // 1.0: the exponent bias
  const uint64_t specials[] = {0, sign, inf, inf | sign, one, one | sign};
  return rng() % 2 ? specials[rng() % 6]
                   : (one + rng() % 3) | (rng() % 2 ? sign : 0);
}

// Returns `count` elements of `dt` from RandomBits, packed.
inline std::vector<uint8_t> RandomBytes(const DTypeCase& dt, int64_t count,
                                        std::mt19937_64& rng, int nan_percent) {
  const size_t item = dt.size();
  std::vector<uint8_t> bytes(count * item);
  for (int64_t i = 0; i < count; ++i) {
    const uint64_t b = RandomBits(dt, rng, nan_percent);
    std::memcpy(&bytes[i * item], &b, item);
  }
  return bytes;
}

// Returns the names of the Highway targets compiled here and supported by
// this CPU, best first. Computed once, before any test forces a target:
// forcing one changes what hwy::SupportedTargets() reports.
inline const std::vector<std::string>& SupportedTargetNames() {
  static const std::vector<std::string>* const kNames = [] {
    auto* names = new std::vector<std::string>;
    for (int64_t target : hwy::SupportedAndGeneratedTargets()) {
      names->push_back(hwy::TargetName(target));
    }
    return names;
  }();
  return *kNames;
}

}  // namespace test
}  // namespace argmin

#endif  // ARGMIN_TESTS_TEST_UTIL_H_
