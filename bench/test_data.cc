// The benchmarks' test data: each dtype's values for each pattern, from a
// fixed seed so that runs are comparable, and the cache that generates each
// data set once for every benchmark that reads it.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

#include "argmin/argmin.hpp"
#include "bench/argmin_bench.h"
#include "bench/baselines.h"
#include "kernels/keys.h"

namespace argmin_bench {
namespace {

// Seed of the data generator, fixed so that runs are comparable.
constexpr uint64_t kSeed = 0x5EED0A26A1B2C3D4ull;

// Returns the next value of a splitmix64 generator (fast enough to fill 64 Mi
// elements in well under a second, and good enough for benchmark data).
uint64_t NextRandom(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Per-dtype data generation. Each ValueTraits<T> gives the value of element i
// of n for a pattern; `random` is one draw of the generator.

// Integers never hold the type's minimum in these patterns: the library stops
// at the first element equal to it (nothing can be smaller), so data holding
// it early would time only the call overhead (random uint8 data has a 0 in its
// first few hundred bytes). Random data holds the maximum neither, for argmax
// stops at it alike: it is uniform over (min, max). Decreasing is max, max-1,
// ... and saturates at min+1 once the range is exhausted (8-bit types after
// 255 elements, 16-bit after 65535), so the argmin is at min(n, range - 1) - 1
// and every element must still be read; argmax, though, stops at index 0
// there (only --full times integers decreasing).
template <typename T>
struct ValueTraits {
  static_assert(std::is_integral<T>::value, "integers only");
  using U = typename std::make_unsigned<T>::type;
  static constexpr bool kIsFloat = false;
  static T Random(uint64_t random) {
    const T value = FromBits(static_cast<U>(random));
    if (value == std::numeric_limits<T>::min()) return T(value + 1);
    if (value == std::numeric_limits<T>::max()) return T(value - 1);
    return value;
  }
  static T Decreasing(size_t i) {
    const U max_bits = static_cast<U>(std::numeric_limits<T>::max());
    const U span = static_cast<U>(
        max_bits - static_cast<U>(std::numeric_limits<T>::min()));
    const uint64_t step = std::min<uint64_t>(i, span - 1);
    // Modular arithmetic on the bits walks down through the signed values too.
    return FromBits(static_cast<U>(max_bits - static_cast<U>(step)));
  }
  static T Equal() { return T{42}; }
  static T Nan() { return T{}; }  // unused: integers have no NaN pattern
  static T FromBits(U bits) {
    T value;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
  }
};

// bool: bytes 0/1 only. false is bool's minimum, which ends the library's
// scan (see above), so "random" is all true (the same data as "equal") and
// still needs a full read; decreasing is true, false, false, ... (strictly
// decreasing over min(n, 2) elements), which ends the scan at index 1 and so
// times the call overhead. argmax could stop at the first true (bool's
// maximum) in the same way, but the library reads bool data to the end when
// looking for the maximum, so its all-true row is a full read like argmin's; a
// bool max/ours far above 1 would mean that it has learnt to stop.
template <>
struct ValueTraits<bool> {
  static constexpr bool kIsFloat = false;
  static bool Random(uint64_t /*random*/) { return true; }
  static bool Decreasing(size_t i) { return i == 0; }
  static bool Equal() { return true; }
  static bool Nan() { return false; }
};

// float32 and float64: random in [-1, 1), from the top kBits bits of a draw
// (the type's significand width); equal is 1. Each adds its own Decreasing.
template <typename F, int kBits>
struct FloatTraits {
  static constexpr bool kIsFloat = true;
  static F Random(uint64_t random) {
    return static_cast<F>(random >> (64 - kBits)) *
               (F{2} / static_cast<F>(uint64_t{1} << kBits)) -
           F{1};
  }
  static F Equal() { return F{1}; }
  static F Nan() { return std::numeric_limits<F>::quiet_NaN(); }
};

// float32: decreasing walks down the bit patterns of positive floats from
// 2^20, which stays strictly decreasing for 2^26 elements (float(n - i) would
// stop being exact after 2^24).
template <>
struct ValueTraits<float> : FloatTraits<float, 24> {
  static float Decreasing(size_t i) {
    constexpr uint32_t kStart = 0x49800000u;  // 1048576.0f
    const uint32_t bits =
        kStart - static_cast<uint32_t>(std::min<size_t>(i, kStart));
    float value;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
  }
};

// float64: decreasing is n - i style integers (exact).
template <>
struct ValueTraits<double> : FloatTraits<double, 53> {
  static double Decreasing(size_t i) {
    return static_cast<double>(size_t{1} << 40) - static_cast<double>(i);
  }
};

// 16-bit floats as sign-magnitude bits, where kMaxFinite is the largest
// finite magnitude. Random: any finite bit pattern. Decreasing: +max down to
// +0, then -smallest down to -max (2 * kMaxFinite + 1 distinct values), then
// saturating at -max: float16 saturates after 63487 elements and bfloat16
// after 65279, just under 64 Ki.
template <typename T16, uint16_t kMaxFinite, uint16_t kExponentMask,
          uint16_t kOne, uint16_t kQuietNan>
struct Float16Traits {
  static constexpr bool kIsFloat = true;
  static T16 Random(uint64_t random) {
    uint16_t bits = static_cast<uint16_t>(random >> 48);
    // Clearing the top exponent bit turns inf/NaN into finite numbers.
    if ((bits & kExponentMask) == kExponentMask) bits &= 0xBFFFu;
    return T16{bits};
  }
  static T16 Decreasing(size_t i) {
    const size_t k = std::min<size_t>(i, 2 * size_t{kMaxFinite});
    if (k <= kMaxFinite) return T16{static_cast<uint16_t>(kMaxFinite - k)};
    return T16{static_cast<uint16_t>(0x8000u | (k - kMaxFinite))};
  }
  static T16 Equal() { return T16{kOne}; }
  static T16 Nan() { return T16{kQuietNan}; }
};
template <>
struct ValueTraits<argmin::float16>
    : Float16Traits<argmin::float16, 0x7BFF, 0x7C00, 0x3C00, 0x7E00> {};
template <>
struct ValueTraits<argmin::bfloat16>
    : Float16Traits<argmin::bfloat16, 0x7F7F, 0x7F80, 0x3F80, 0x7FC0> {};

// Fills data[0, n) with `pattern`. The NaN pattern is random data with one
// NaN at 15/16 of the way, so a kernel must read nearly everything before it
// meets the NaN (and then must still find no earlier one).
template <typename T>
void Fill(void* raw, size_t n, Pattern pattern) {
  using Traits = ValueTraits<T>;
  T* data = static_cast<T*>(raw);
  uint64_t state = kSeed;
  for (size_t i = 0; i < n; ++i) {
    switch (pattern) {
      case kDecreasing:
        data[i] = Traits::Decreasing(i);
        break;
      case kEqual:
        data[i] = Traits::Equal();
        break;
      default:  // random, and the background of the NaN patterns
        data[i] = Traits::Random(NextRandom(&state));
        break;
    }
  }
  if (pattern == kNanNearEnd) data[n - n / 16] = Traits::Nan();
  if (pattern == kNanFirst) data[0] = Traits::Nan();
  if (pattern == kNanLast) data[n - 1] = Traits::Nan();
}

// Returns Sum of data[0, n) of type T, as a double (only to keep the loads
// alive).
template <typename T>
double SumOf(const void* data, size_t n) {
  return static_cast<double>(Sum(static_cast<const T*>(data), n));
}

// Returns the row of type T: its data generator and its baseline sum.
template <typename T>
constexpr DTypeRow Row(const char* name, uint8_t code, uint8_t bits) {
  return DTypeRow{name,      DLDataType{code, bits, 1},
                  sizeof(T), ValueTraits<T>::kIsFloat,
                  &Fill<T>,  &SumOf<T>};
}

// Data cache: each (dtype, size, pattern) is generated once and shared by all
// implementations. Repetitions are interleaved at random, so the budget holds
// every buffer of the default suite (six 256 MiB float32 ones); past it, the
// least recently used buffer is freed and made again when needed.

constexpr size_t kCacheBudgetBytes = size_t{1700} << 20;

using DataKey = std::tuple<size_t, size_t, int>;  // dtype, n, pattern
std::map<DataKey, DataEntry>* g_cache = new std::map<DataKey, DataEntry>();
uint64_t g_clock = 0;

}  // namespace

constexpr DTypeRow kDTypes[kNumDTypes] = {
#define ARGMIN_BENCH_DTYPE(Name, code, bits, type, name) \
  Row<type>(name, code, bits),
    ARGMIN_FOREACH_DTYPE(ARGMIN_BENCH_DTYPE)
#undef ARGMIN_BENCH_DTYPE
};

size_t Float32Row() {
  for (size_t d = 0; d < kNumDTypes; ++d) {
    if (std::strcmp(kDTypes[d].name, "float32") == 0) return d;
  }
  return 0;
}

DataEntry& GetData(size_t dtype, size_t n, Pattern pattern) {
  const DataKey key{dtype, n, pattern};
  auto it = g_cache->find(key);
  if (it == g_cache->end()) {
    const DTypeRow& row = kDTypes[dtype];
    const size_t bytes = n * row.element_size;
    size_t total = bytes;
    for (const auto& entry : *g_cache) total += entry.second.bytes;
    while (total > kCacheBudgetBytes && !g_cache->empty()) {
      auto oldest = std::min_element(
          g_cache->begin(), g_cache->end(), [](const auto& a, const auto& b) {
            return a.second.last_use < b.second.last_use;
          });
      total -= oldest->second.bytes;
      g_cache->erase(oldest);
    }
    DataEntry entry;
    const size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
    entry.data.reset(std::aligned_alloc(kAlignment, rounded));
    if (!entry.data) {
      std::fprintf(stderr, "argmin_bench: out of memory (%zu bytes)\n", bytes);
      std::exit(1);
    }
    entry.bytes = bytes;
    row.fill(entry.data.get(), n, pattern);
    it = g_cache->emplace(key, std::move(entry)).first;
  }
  it->second.last_use = ++g_clock;
  return it->second;
}

}  // namespace argmin_bench
