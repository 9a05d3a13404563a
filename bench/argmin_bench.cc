// Micro-benchmarks of argmin and argmax over contiguous 1-D data, against
// baselines that bound their speed (a value-only SIMD min or max, and a SIMD
// sum, which read the same bytes but track no index) and against the usual
// alternatives (std::min_element, the scalar oracle). The summary gives
// argmax the same ratios as argmin (over max_value as argmin's over
// min_value, and over the sum), so the two directions compare row by row.
//
// Then float32 layouts (strided axes, short rows, a transposed view reduced
// whole) against a sum over the same bytes: argmin on 1 to all cores'
// threads, argmax on 1, and paired: the sum, argmin and argmax timed in turn
// within each iteration.
//
// Then, float32 on one thread, three paired measurements (the two ways timed
// in turn within each iteration; filter them with
// --benchmark_filter='^(values|minmax|nanignore)/'):
//   values/<case>/paired  what min values cost: argmin_reduce with min_values
//                         over indices only (1-D 64 Ki axis 0, and
//                         (4096,1024) along axis 0 and 1);
//   minmax/<case>/paired  what one pass saves: argminmax over argmin then
//                         argmax (contiguous 64 Ki and 64 Mi through
//                         argmin_contiguous_reduce, (4096,1024) axis 0
//                         through argmin_reduce);
//   nanignore/<case>/paired  what ignoring NaN costs: ARGMIN_NAN_IGNORE over
//                         the default, on slices long and short, whose many
//                         results must not be written if one slice fails.
// Every implementation of ours is checked against the oracle once per data
// set; a disagreement is an error row.
//
// Run: build-bench/bench/argmin_bench [--full] [--threads=N] [benchmark flags]
//   --full       the whole matrix (every dtype x size x pattern); by default
//                float32 at every size and pattern plus every other dtype at
//                64 Ki random, which finishes in a few minutes on 2 cores.
//   --threads=N  OpenMP threads for the library (default 1, so that every
//                row compares one core with one core; 0 keeps OpenMP's
//                default, as does setting OMP_NUM_THREADS yourself). With
//                one thread, times are CPU time; otherwise wall-clock time.
//                The values and minmax pairs always run on one thread.
// Google Benchmark's flags work as usual; this main only adds defaults
// (5 repetitions in random order, aggregates only, 0.05 s minimum time) when
// they are absent, and prints summary tables of medians after the run.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "argmin/argmin.h"
#include "argmin/argmin.hpp"
#include "bench/baselines.h"
#include "kernels/keys.h"
#include "kernels/oracle.h"

namespace argmin_bench {
namespace {

// ---------------------------------------------------------------------------
// The matrix: implementations, dtypes, sizes and patterns. Registration
// iterates these tables, so every entry is measured.

// Every implementation timed on each data set; the summary's columns
// (kColumns, below) say which is divided by which.
enum Impl : int {
  kOurs,        // the library, through argmin::argmin(ptr, n)
  kMinValue,    // SIMD min without an index (the argmin's speed of light)
  kSum,         // SIMD sum (the speed of reading the data at all)
  kMinElement,  // std::min_element
  kOracle,      // argmin::oracle::Argmin1D, the scalar reference
  kOursLast,    // the library with last-index ties (ONNX select_last_index)
  kOursMax,     // argmax, through argmin::argmax(ptr, n)
  kMaxValue,    // SIMD max without an index (the argmax's speed of light)
  kNumImpls
};
constexpr const char* kImplNames[kNumImpls] = {
    "ours",   "min_value", "sum",      "min_element",
    "oracle", "ours_last", "ours_max", "max_value"};

// Data patterns; the NaN ones are registered for floating types only.
enum Pattern : int {
  kRandom,
  kDecreasing,
  kEqual,
  kNanNearEnd,  // one NaN at n - n/16
  kNanFirst,    // one NaN at index 0: the answer needs no more reading
  kNanLast,     // one NaN at index n - 1: found only after reading all
  kNumPatterns
};
constexpr const char* kPatternNames[kNumPatterns] = {
    "random", "decreasing", "equal", "nan_near_end", "nan_first", "nan_last"};

// Returns whether `pattern` plants a NaN.
constexpr bool HasNaN(Pattern pattern) {
  return pattern == kNanNearEnd || pattern == kNanFirst || pattern == kNanLast;
}

struct Size {
  size_t n;
  const char* name;
};
constexpr Size kSizes[] = {{size_t{1} << 12, "4Ki"},
                           {size_t{1} << 16, "64Ki"},
                           {size_t{1} << 20, "1Mi"},
                           {size_t{1} << 26, "64Mi"}};
constexpr size_t kDefaultSmallSize = size_t{1} << 16;

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

// ---------------------------------------------------------------------------
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

// float32: random in [-1, 1); decreasing walks down the bit patterns of
// positive floats from 2^20, which stays strictly decreasing for 2^26
// elements (float(n - i) would stop being exact after 2^24).
template <>
struct ValueTraits<float> {
  static constexpr bool kIsFloat = true;
  static float Random(uint64_t random) {
    return static_cast<float>(random >> 40) * (1.0f / 8388608.0f) - 1.0f;
  }
  static float Decreasing(size_t i) {
    constexpr uint32_t kStart = 0x49800000u;  // 1048576.0f
    const uint32_t bits =
        kStart - static_cast<uint32_t>(std::min<size_t>(i, kStart));
    float value;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
  }
  static float Equal() { return 1.0f; }
  static float Nan() { return std::numeric_limits<float>::quiet_NaN(); }
};

// float64: random in [-1, 1); decreasing is n - i style integers (exact).
template <>
struct ValueTraits<double> {
  static constexpr bool kIsFloat = true;
  static double Random(uint64_t random) {
    return static_cast<double>(random >> 11) * (2.0 / 9007199254740992.0) - 1.0;
  }
  static double Decreasing(size_t i) {
    return static_cast<double>(size_t{1} << 40) - static_cast<double>(i);
  }
  static double Equal() { return 1.0; }
  static double Nan() { return std::numeric_limits<double>::quiet_NaN(); }
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

// ---------------------------------------------------------------------------
// The timed loops, one per (dtype, implementation).

// Orders elements for std::min_element: natively, or by decoded value for the
// 16-bit float structs (which have no operator<).
template <typename T>
struct Less {
  bool operator()(const T& a, const T& b) const { return a < b; }
};
template <>
struct Less<argmin::float16> {
  bool operator()(argmin::float16 a, argmin::float16 b) const {
    return F16ToF32(a.bits) < F16ToF32(b.bits);
  }
};
template <>
struct Less<argmin::bfloat16> {
  bool operator()(argmin::bfloat16 a, argmin::bfloat16 b) const {
    return BF16ToF32(a.bits) < BF16ToF32(b.bits);
  }
};

// Runs `state`'s iterations of implementation kImpl over data[0, n) of type T.
template <typename T, Impl kImpl>
void RunLoop(benchmark::State& state, const void* raw, size_t n,
             DLDataType dtype) {
  const T* data = static_cast<const T*>(raw);
  if constexpr (kImpl == kOurs) {
    for (auto _ : state) {
      int64_t index = argmin::argmin(data, n);
      benchmark::DoNotOptimize(index);
    }
  } else if constexpr (kImpl == kMinValue) {
    for (auto _ : state) {
      auto value = MinValue(data, n);
      benchmark::DoNotOptimize(value);
    }
  } else if constexpr (kImpl == kSum) {
    for (auto _ : state) {
      auto sum = Sum(data, n);
      benchmark::DoNotOptimize(sum);
    }
  } else if constexpr (kImpl == kMinElement) {
    for (auto _ : state) {
      const T* it = std::min_element(data, data + n, Less<T>());
      benchmark::DoNotOptimize(it);
    }
  } else if constexpr (kImpl == kOracle) {
    const argmin_options options = {};  // torch.argmin: propagate, first
    for (auto _ : state) {
      int64_t index = argmin::oracle::Argmin1D(
          data, dtype, static_cast<int64_t>(n), 1, options);
      benchmark::DoNotOptimize(index);
    }
  } else if constexpr (kImpl == kOursLast) {
    for (auto _ : state) {
      int64_t index = argmin::argmin(data, n, argmin::NanPolicy::kPropagate,
                                     argmin::Ties::kLast);
      benchmark::DoNotOptimize(index);
    }
  } else if constexpr (kImpl == kOursMax) {
    for (auto _ : state) {
      int64_t index = argmin::argmax(data, n);
      benchmark::DoNotOptimize(index);
    }
  } else if constexpr (kImpl == kMaxValue) {
    for (auto _ : state) {
      auto value = MaxValue(data, n);
      benchmark::DoNotOptimize(value);
    }
  }
}

// Returns the library's argmin (or with `find_max` argmax) of data[0, n), for
// the one-off check against the oracle.
template <typename T>
int64_t OursOnce(const void* data, size_t n, bool find_max) {
  const T* typed = static_cast<const T*>(data);
  return find_max ? argmin::argmax(typed, n) : argmin::argmin(typed, n);
}

using LoopFn = void (*)(benchmark::State&, const void*, size_t, DLDataType);

// One dtype of the matrix: how to make its data and how to time each Impl.
struct DTypeRow {
  const char* name;
  DLDataType dtype;
  size_t element_size;
  bool is_float;
  void (*fill)(void*, size_t, Pattern);
  double (*sum)(const void*, size_t);  // the baseline Sum, as a double
  int64_t (*ours_once)(const void*, size_t, bool);
  LoopFn loops[kNumImpls];
};

// Returns Sum of data[0, n) of type T, as a double (only to keep the loads
// alive).
template <typename T>
double SumOf(const void* data, size_t n) {
  return static_cast<double>(Sum(static_cast<const T*>(data), n));
}

// Returns the row of type T, with RunLoop<T, i> for every Impl i in order.
template <typename T, int... kImpls>
constexpr DTypeRow MakeRow(const char* name, DLDataType dtype,
                           std::integer_sequence<int, kImpls...>) {
  return DTypeRow{name,         dtype,
                  sizeof(T),    ValueTraits<T>::kIsFloat,
                  &Fill<T>,     &SumOf<T>,
                  &OursOnce<T>, {&RunLoop<T, static_cast<Impl>(kImpls)>...}};
}

// Returns the row of type T: its data generator and one loop per Impl.
template <typename T>
constexpr DTypeRow Row(const char* name, uint8_t code, uint8_t bits) {
  return MakeRow<T>(name, DLDataType{code, bits, 1},
                    std::make_integer_sequence<int, kNumImpls>());
}

// Every dtype the library supports, from the library's one dtype list.
constexpr DTypeRow kDTypes[] = {
#define ARGMIN_BENCH_DTYPE(Name, code, bits, type, name) \
  Row<type>(name, code, bits),
    ARGMIN_FOREACH_DTYPE(ARGMIN_BENCH_DTYPE)
#undef ARGMIN_BENCH_DTYPE
};
constexpr size_t kNumDTypes = std::size(kDTypes);

// ---------------------------------------------------------------------------
// Data cache: each (dtype, size, pattern) is generated once and shared by all
// implementations. Repetitions are interleaved at random, so the budget holds
// every buffer of the default suite (six 256 MiB float32 ones); past it, the
// least recently used buffer is freed and made again when needed.

constexpr size_t kCacheBudgetBytes = size_t{1700} << 20;
constexpr size_t kAlignment = 64;

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

// The one-off comparison of one of ours with the oracle.
struct Check {
  bool done = false;  // compared yet?
  std::string error;  // non-empty: ours failed or disagreed
};

struct DataEntry {
  std::unique_ptr<void, FreeDeleter> data;
  size_t bytes = 0;
  uint64_t last_use = 0;
  Check checks[2];  // [0]: argmin, [1]: argmax
};

using DataKey = std::tuple<size_t, size_t, int>;  // dtype, n, pattern
std::map<DataKey, DataEntry>* g_cache = new std::map<DataKey, DataEntry>();
uint64_t g_clock = 0;

// Returns the cached data of (dtype, n, pattern), generating it (64-byte
// aligned) and evicting least recently used entries beyond the budget.
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

// Compares the library's argmin (or with `find_max` argmax) with the oracle's
// once per data set, so that a wrong kernel shows up as an error row rather
// than as a fast one; returns the check's error ("" if none).
const std::string& CheckOurs(size_t dtype, size_t n, bool find_max,
                             DataEntry& entry) {
  Check& check = entry.checks[find_max ? 1 : 0];
  if (check.done) return check.error;
  check.done = true;
  const DTypeRow& row = kDTypes[dtype];
  const argmin_options options = {};
  const int64_t expected =
      argmin::oracle::Arg1D(entry.data.get(), row.dtype,
                            static_cast<int64_t>(n), 1, options, find_max);
  const std::string what = find_max ? "ours (argmax)" : "ours";
  try {
    const int64_t got = row.ours_once(entry.data.get(), n, find_max);
    if (got != expected) {
      check.error = what + " returned " + std::to_string(got) +
                    " but the oracle " + std::to_string(expected);
    }
  } catch (const std::exception& e) {
    check.error = what + " threw: " + e.what();
  }
  return check.error;
}

// One registered benchmark: a data set and an implementation.
struct Case {
  size_t dtype;
  size_t size;
  Pattern pattern;
  Impl impl;
};

// The benchmark body: fetches the data, times the loop, and reports bytes/s
// and elements/s (both per second of the clock RegisterAll picks).
void RunCase(benchmark::State& state, Case c) {
  const DTypeRow& row = kDTypes[c.dtype];
  const size_t n = kSizes[c.size].n;
  DataEntry& entry = GetData(c.dtype, n, c.pattern);
  if (c.impl == kOurs || c.impl == kOursMax) {
    const std::string& error =
        CheckOurs(c.dtype, n, /*find_max=*/c.impl == kOursMax, entry);
    if (!error.empty()) {
      state.SkipWithError(error.c_str());
      return;
    }
  }
  row.loops[c.impl](state, entry.data.get(), n, row.dtype);
  const int64_t elements = state.iterations() * static_cast<int64_t>(n);
  state.SetBytesProcessed(elements * static_cast<int64_t>(row.element_size));
  state.counters["elements_per_second"] = benchmark::Counter(
      static_cast<double>(elements), benchmark::Counter::kIsRate);
}

// Returns whether (dtype, size, pattern) is in the default (quick) suite.
bool InDefaultSuite(size_t dtype, size_t size, Pattern pattern) {
  if (std::strcmp(kDTypes[dtype].name, "float32") == 0) return true;
  return kSizes[size].n == kDefaultSmallSize && pattern == kRandom;
}

// The data sets registered, in order, for the summary table.
struct Group {
  size_t dtype;
  size_t size;
  Pattern pattern;
  std::string names[kNumImpls];  // benchmark name of each implementation
};

// Registers every (dtype, size, pattern, implementation) of the suite with
// consecutive implementations per data set (so a data set is generated once)
// and returns the groups. With one library thread the times are the calling
// thread's CPU time, which leaves out the time other processes take from this
// shared, noisy machine; with more, wall-clock time, because CPU time would
// not count the work of the other OpenMP threads.
std::vector<Group> RegisterAll(bool full, bool real_time) {
  std::vector<Group> groups;
  for (size_t d = 0; d < kNumDTypes; ++d) {
    for (size_t s = 0; s < std::size(kSizes); ++s) {
      for (int p = 0; p < kNumPatterns; ++p) {
        const Pattern pattern = static_cast<Pattern>(p);
        if (HasNaN(pattern) && !kDTypes[d].is_float) continue;
        if (!full && !InDefaultSuite(d, s, pattern)) continue;
        Group group{d, s, pattern, {}};
        for (int i = 0; i < kNumImpls; ++i) {
          const Impl impl = static_cast<Impl>(i);
          group.names[i] = std::string(kDTypes[d].name) + "/" + kSizes[s].name +
                           "/" + kPatternNames[p] + "/" + kImplNames[i];
          const Case c{d, s, pattern, impl};
          benchmark::internal::Benchmark* bench = benchmark::RegisterBenchmark(
              group.names[i].c_str(),
              [c](benchmark::State& state) { RunCase(state, c); });
          bench->Unit(benchmark::kMicrosecond);
          if (real_time) bench->UseRealTime();
        }
        groups.push_back(std::move(group));
      }
    }
  }
  return groups;
}

// ---------------------------------------------------------------------------
// Layouts: tensors (float32, and a few int8 and bfloat16) reduced along an
// axis, or transposed views reduced whole, timed against a SIMD sum over the
// same bytes, on 1 thread and on every thread count up to the machine's cores
// (wall-clock time throughout, so that the thread counts compare like with
// like).

struct LayoutCase {
  const char* name;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;   // empty: compact row-major
  int axis;                       // -1: axis none
  const char* dtype = "float32";  // a name in kDTypes
};

// The layouts: the bar cases first, then in-cache and DRAM-sized
// neighbours for thread scaling, two of them in int8 and bfloat16, then rows
// of every length along the last axis (16 MiB of float32 each, rows of K
// elements).
const std::vector<LayoutCase>& LayoutCases() {
  static const std::vector<LayoutCase> cases = [] {
    std::vector<LayoutCase> list = {
        {"(4096,1024)/axis0", {4096, 1024}, {}, 0},
        {"(1024,4096)/axis1", {1024, 4096}, {}, 1},
        {"(64,256,256)/axis1", {64, 256, 256}, {}, 1},
        {"(2^20,8)/axis1", {1 << 20, 8}, {}, 1},
        {"(65536,3)/axis1", {65536, 3}, {}, 1},
        {"(4096,1024).T/none", {1024, 4096}, {1, 1024}, -1},
        {"(256,1024)/axis0", {256, 1024}, {}, 0},
        {"(256,1024)/axis1", {256, 1024}, {}, 1},
        {"(16384,4096)/axis0", {16384, 4096}, {}, 0},
        {"(4096,16384)/axis1", {4096, 16384}, {}, 1},
        // Narrow types, whose many lanes stress the row lanes.
        {"(4096,1024)/axis0/int8", {4096, 1024}, {}, 0, "int8"},
        {"(4096,1024)/axis0/bf16", {4096, 1024}, {}, 0, "bfloat16"},
        {"(2^20,8)/axis1/int8", {1 << 20, 8}, {}, 1, "int8"},
        {"(2^20,8)/axis1/bf16", {1 << 20, 8}, {}, 1, "bfloat16"},
    };
    static std::vector<std::string> names;  // outlive the cases' pointers
    const int64_t row_lengths[] = {2,  3,  5,   7,   10,   16,
                                   32, 64, 100, 256, 1000, 4096};
    names.reserve(std::size(row_lengths));
    for (int64_t k : row_lengths) {
      const int64_t rows = (int64_t{4} << 20) / k;
      names.push_back("rows(" + std::to_string(rows) + "," + std::to_string(k) +
                      ")/axis1");
      list.push_back({names.back().c_str(), {rows, k}, {}, 1});
    }
    return list;
  }();
  return cases;
}

int64_t LayoutElements(const LayoutCase& c) {
  int64_t n = 1;
  for (int64_t e : c.shape) n *= e;
  return n;
}

// Returns the layout's row in kDTypes.
const DTypeRow& LayoutDType(const LayoutCase& c) {
  for (const DTypeRow& row : kDTypes) {
    if (std::strcmp(row.name, c.dtype) == 0) return row;
  }
  std::fprintf(stderr, "argmin_bench: no dtype %s\n", c.dtype);
  std::exit(1);
}

// Returns the layout's size in bytes.
int64_t LayoutBytes(const LayoutCase& c) {
  return LayoutElements(c) * static_cast<int64_t>(LayoutDType(c).element_size);
}

// The thread counts timed for every layout: 1 up to the core count.
int MaxLayoutThreads() { return std::max(1, omp_get_num_procs()); }

// A layout's data (random values of its dtype, generated once).
struct LayoutData {
  std::unique_ptr<void, FreeDeleter> data;
  Check checks[2];  // [0]: argmin, [1]: argmax, against the oracle
};

LayoutData& GetLayoutData(size_t index) {
  static std::map<size_t, LayoutData>* cache = new std::map<size_t, LayoutData>;
  LayoutData& entry = (*cache)[index];
  if (!entry.data) {
    const LayoutCase& c = LayoutCases()[index];
    const size_t n = static_cast<size_t>(LayoutElements(c));
    const size_t bytes =
        (static_cast<size_t>(LayoutBytes(c)) + kAlignment - 1) / kAlignment *
        kAlignment;
    entry.data.reset(std::aligned_alloc(kAlignment, bytes));
    if (!entry.data) {
      std::fprintf(stderr, "argmin_bench: out of memory (%zu bytes)\n", bytes);
      std::exit(1);
    }
    LayoutDType(c).fill(entry.data.get(), n, kRandom);
  }
  return entry;
}

// Returns a DLTensor over the layout's data, and the options for `threads`.
DLTensor LayoutTensor(const LayoutCase& c, void* data) {
  DLTensor t{};
  t.data = data;
  t.device = {kDLCPU, 0};
  t.ndim = static_cast<int32_t>(c.shape.size());
  t.dtype = LayoutDType(c).dtype;
  t.shape = const_cast<int64_t*>(c.shape.data());
  t.strides =
      c.strides.empty() ? nullptr : const_cast<int64_t*>(c.strides.data());
  return t;
}

argmin_options LayoutOptions(const LayoutCase& c, int threads) {
  argmin_options o = argmin_default_options();
  o.has_axis = c.axis >= 0;
  o.axis = std::max(c.axis, 0);
  o.num_threads = threads;
  return o;
}

// One call of ours over a tensor: input, options, op and outputs of its own
// (the DLTensors point into the vectors, so a call is not copied).
// Index outputs are int64; value outputs, when asked for, float32.
struct LayoutCall {
  LayoutCall() = default;
  LayoutCall(const LayoutCall&) = delete;
  LayoutCall& operator=(const LayoutCall&) = delete;

  DLTensor in{};
  argmin_options options{};
  argmin_op op = ARGMIN_OP_MIN;
  // argmin_compute instead of argmin_reduce (op MIN, indices only): the
  // entry point the layout rows' argmin has always timed.
  bool via_compute = false;
  int64_t out_shape[ARGMIN_MAX_NDIM] = {};
  std::vector<int64_t> indices[2];  // [0]: min, [1]: max (those op makes)
  std::vector<float> values[2];     // as indices, when values are asked for
  DLTensor index_out[2] = {};
  DLTensor value_out[2] = {};
  argmin_outputs outputs{};
};

// Returns a compact CPU tensor of `dtype` over `data` with `ndim` extents
// `shape`.
DLTensor OutputTensor(void* data, DLDataType dtype, int32_t ndim,
                      int64_t* shape) {
  DLTensor t{};
  t.data = data;
  t.device = {kDLCPU, 0};
  t.ndim = ndim;
  t.dtype = dtype;
  t.shape = shape;
  return t;
}

// Sets up `call` to compute `op` of `in` under `options` through
// argmin_reduce, with value outputs too when `with_values`.
void SetUpCall(const DLTensor& in, const argmin_options& options, argmin_op op,
               bool with_values, LayoutCall* call) {
  call->in = in;
  call->options = options;
  call->op = op;
  call->via_compute = false;
  int32_t out_ndim = 0;
  argmin_output_shape(&call->in, &call->options, &out_ndim, call->out_shape);
  int64_t out_count = 1;
  for (int i = 0; i < out_ndim; ++i) out_count *= call->out_shape[i];
  call->outputs = argmin_outputs{};
  for (int dir = 0; dir < 2; ++dir) {
    call->indices[dir].clear();
    call->values[dir].clear();
    const bool made =
        op == ARGMIN_OP_MINMAX || (op == ARGMIN_OP_MAX) == (dir == 1);
    if (!made) continue;
    call->indices[dir].assign(static_cast<size_t>(out_count), -1);
    call->index_out[dir] =
        OutputTensor(call->indices[dir].data(), DLDataType{kDLInt, 64, 1},
                     out_ndim, call->out_shape);
    (dir == 0 ? call->outputs.min_indices : call->outputs.max_indices) =
        &call->index_out[dir];
    if (!with_values) continue;
    call->values[dir].assign(static_cast<size_t>(out_count), 0.0f);
    call->value_out[dir] =
        OutputTensor(call->values[dir].data(), DLDataType{kDLFloat, 32, 1},
                     out_ndim, call->out_shape);
    (dir == 0 ? call->outputs.min_values : call->outputs.max_values) =
        &call->value_out[dir];
  }
}

// Runs `call` once.
argmin_status RunCall(LayoutCall* call) {
  if (call->via_compute) {
    return argmin_compute(&call->in, &call->options, &call->index_out[0]);
  }
  return argmin_reduce(&call->in, call->op, &call->options, &call->outputs);
}

// Returns the offset, in elements from in.data, of element `k` of the slice
// that output element `position` (row-major) reduces; with axis none, of
// element `k` of the whole tensor in row-major order.
int64_t ElementOffset(const DLTensor& in, const argmin_options& options,
                      int64_t position, int64_t k) {
  const int64_t axis =
      options.has_axis == 0
          ? -1
          : (options.axis < 0 ? options.axis + in.ndim : options.axis);
  int64_t offset = 0;
  int64_t compact_stride = 1;
  for (int d = in.ndim - 1; d >= 0; --d) {
    const int64_t extent = in.shape[d];
    int64_t coordinate;
    if (axis < 0) {
      coordinate = k % extent;
      k /= extent;
    } else if (d == axis) {
      coordinate = k;
    } else {
      coordinate = position % extent;
      position /= extent;
    }
    offset += coordinate * (in.strides ? in.strides[d] : compact_stride);
    compact_stride *= extent;
  }
  return offset;
}

// Runs `call` once and compares its every output with the oracle: indices
// equal, values bit for bit the input's element at the oracle's index.
// Returns "" or what differed.
std::string CheckCall(LayoutCall* call) {
  const argmin_status got = RunCall(call);
  for (int dir = 0; dir < 2; ++dir) {
    if (call->indices[dir].empty()) continue;  // not made by this op
    const std::string what = dir == 0 ? "ours" : "ours (argmax)";
    argmin_status want = ARGMIN_OK;
    const std::vector<int64_t> expected =
        argmin::oracle::Arg(call->in, call->options, dir == 1, &want);
    if (got != want) {
      return what + " returned " + argmin_status_name(got) +
             " but the oracle " + argmin_status_name(want);
    }
    if (expected != call->indices[dir]) {
      return what + " disagrees with the oracle";
    }
    const float* data = static_cast<const float*>(call->in.data);
    for (size_t o = 0; o < call->values[dir].size(); ++o) {
      const float* element =
          data + ElementOffset(call->in, call->options, static_cast<int64_t>(o),
                               expected[o]);
      if (std::memcmp(element, &call->values[dir][o], sizeof(float)) != 0) {
        return what + ": a value is not the element at its index";
      }
    }
  }
  return std::string();
}

// Sets up `call` to compute `op` (ARGMIN_OP_MIN or ARGMIN_OP_MAX) of layout
// `index` on `threads` threads. The first call for a layout and op checks
// ours against the oracle; returns that check's error ("" if none).
const std::string& MakeLayoutCall(size_t index, int threads, argmin_op op,
                                  LayoutCall* call) {
  const LayoutCase& c = LayoutCases()[index];
  LayoutData& entry = GetLayoutData(index);
  SetUpCall(LayoutTensor(c, entry.data.get()), LayoutOptions(c, threads), op,
            /*with_values=*/false, call);
  call->via_compute = op == ARGMIN_OP_MIN;
  Check& check = entry.checks[op == ARGMIN_OP_MAX ? 1 : 0];
  if (!check.done) {
    check.done = true;
    check.error = CheckCall(call);
  }
  return check.error;
}

// Times `op` on `threads` threads (0: the sum baseline instead).
void RunLayout(benchmark::State& state, size_t index, int threads,
               argmin_op op) {
  const LayoutCase& c = LayoutCases()[index];
  LayoutData& entry = GetLayoutData(index);
  const int64_t n = LayoutElements(c);
  if (threads == 0) {
    const DTypeRow& row = LayoutDType(c);
    for (auto _ : state) {
      double sum = row.sum(entry.data.get(), static_cast<size_t>(n));
      benchmark::DoNotOptimize(sum);
    }
  } else {
    LayoutCall call;
    const std::string& error = MakeLayoutCall(index, threads, op, &call);
    if (!error.empty()) {
      state.SkipWithError(error.c_str());
      return;
    }
    for (auto _ : state) {
      const argmin_status status = RunCall(&call);
      benchmark::DoNotOptimize(status);
    }
  }
  state.SetBytesProcessed(state.iterations() * LayoutBytes(c));
}

// Returns the median of `v` (non-empty), reordering it.
double MedianOf(std::vector<double>* v) {
  const size_t mid = v->size() / 2;
  std::nth_element(v->begin(), v->begin() + static_cast<ptrdiff_t>(mid),
                   v->end());
  return (*v)[mid];
}

// Sums the n elements of `row`'s dtype at `data` on `threads` OpenMP
// threads, each a contiguous share: reading on every core at once.
double SumOnThreads(const DTypeRow& row, const void* data, size_t n,
                    int threads) {
  const uint8_t* bytes = static_cast<const uint8_t*>(data);
  double total = 0.0;
#pragma omp parallel for num_threads(threads) schedule(static) \
    reduction(+ : total)
  for (int t = 0; t < threads; ++t) {
    const size_t i0 = n * t / threads, i1 = n * (t + 1) / threads;
    if (i1 > i0) total += row.sum(bytes + i0 * row.element_size, i1 - i0);
  }
  return total;
}

// Times, one after the other in each iteration and in an order that
// rotates, so that the host's changing load falls on all alike: the sum,
// the sum that also stores the call's results (ReadAndStore), argmin and
// argmax on one thread; then argmin on every core's thread twice, timing the
// second call (the first wakes the threads that slept through the others),
// and the sum on every core's thread. Reports (as counters) the medians of
// the per-iteration ratios t1/sum, max1/sum, t1/rw, max1/rw, tN/t1 and
// tN/sumN of speeds. The iteration time is argmin on one thread.
void RunLayoutPaired(benchmark::State& state, size_t index) {
  using Clock = std::chrono::steady_clock;
  const LayoutCase& c = LayoutCases()[index];
  LayoutData& entry = GetLayoutData(index);
  const int64_t n = LayoutElements(c);
  const DTypeRow& row = LayoutDType(c);
  // calls[0]: argmin on one thread; [1]: argmax on one; [2]: argmin on all.
  LayoutCall calls[3];
  for (const std::string* error :
       {&MakeLayoutCall(index, 1, ARGMIN_OP_MIN, &calls[0]),
        &MakeLayoutCall(index, 1, ARGMIN_OP_MAX, &calls[1]),
        &MakeLayoutCall(index, MaxLayoutThreads(), ARGMIN_OP_MIN, &calls[2])}) {
    if (!error->empty()) {
      state.SkipWithError(error->c_str());
      return;
    }
  }
  std::vector<int64_t> stored(calls[0].indices[0].size());
  const int threads = MaxLayoutThreads();
  // The ratios, by counter name, one per iteration.
  std::map<std::string, std::vector<double>> ratios;
  size_t turn = 0;
  for (auto _ : state) {
    // seconds[0]: the sum; [1 + k]: calls[k]; [4]: the sum that stores;
    // [5]: the sum on every thread.
    enum { kSum, kMin1, kMax1, kMinN, kStore, kSumN, kTimed };
    double seconds[kTimed];
    const size_t rotating[4] = {kSum, kMin1, kMax1, kStore};
    size_t order[7];
    for (size_t i = 0; i < 4; ++i) order[i] = rotating[(turn + i) % 4];
    order[4] = order[5] = kMinN;
    order[6] = kSumN;
    for (size_t which : order) {
      const Clock::time_point start = Clock::now();
      if (which == kSum) {
        double sum = row.sum(entry.data.get(), static_cast<size_t>(n));
        benchmark::DoNotOptimize(sum);
      } else if (which == kStore) {
        uint64_t sum =
            ReadAndStore(entry.data.get(), static_cast<size_t>(LayoutBytes(c)),
                         stored.data(), stored.size());
        benchmark::DoNotOptimize(sum);
        benchmark::ClobberMemory();
      } else if (which == kSumN) {
        double sum = SumOnThreads(row, entry.data.get(), static_cast<size_t>(n),
                                  threads);
        benchmark::DoNotOptimize(sum);
      } else {
        const argmin_status status = RunCall(&calls[which - kMin1]);
        benchmark::DoNotOptimize(status);
      }
      seconds[which] =
          std::chrono::duration<double>(Clock::now() - start).count();
    }
    ++turn;
    state.SetIterationTime(seconds[kMin1]);
    ratios["t1_per_sum"].push_back(seconds[kSum] / seconds[kMin1]);
    ratios["max1_per_sum"].push_back(seconds[kSum] / seconds[kMax1]);
    ratios["t1_per_rw"].push_back(seconds[kStore] / seconds[kMin1]);
    ratios["max1_per_rw"].push_back(seconds[kStore] / seconds[kMax1]);
    ratios["tN_per_t1"].push_back(seconds[kMin1] / seconds[kMinN]);
    ratios["tN_per_sumN"].push_back(seconds[kSumN] / seconds[kMinN]);
  }
  for (auto& [name, values] : ratios) {
    state.counters[name] = MedianOf(&values);
  }
  state.SetBytesProcessed(state.iterations() * LayoutBytes(c));
}

// The layout benchmarks registered, in order, for their summary table:
// names[0] is the sum, names[t] argmin on t threads; `max` argmax on one
// thread; `paired` the sum, argmin and argmax on one thread and argmin on
// all, timed in turn.
struct LayoutGroup {
  size_t index;
  std::vector<std::string> names;
  std::string max;
  std::string paired;
};

std::vector<LayoutGroup> RegisterLayouts() {
  std::vector<LayoutGroup> groups;
  for (size_t i = 0; i < LayoutCases().size(); ++i) {
    const std::string prefix = "layout/" + std::string(LayoutCases()[i].name);
    LayoutGroup group{i, {}, prefix + "/max_t1", prefix + "/paired"};
    for (int t = 0; t <= MaxLayoutThreads(); ++t) {
      group.names.push_back(prefix +
                            (t == 0 ? "/sum" : "/ours_t" + std::to_string(t)));
      benchmark::internal::Benchmark* bench = benchmark::RegisterBenchmark(
          group.names.back().c_str(), [i, t](benchmark::State& state) {
            RunLayout(state, i, t, ARGMIN_OP_MIN);
          });
      bench->Unit(benchmark::kMicrosecond)->UseRealTime();
    }
    benchmark::RegisterBenchmark(
        group.max.c_str(),
        [i](benchmark::State& state) { RunLayout(state, i, 1, ARGMIN_OP_MAX); })
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(
        group.paired.c_str(),
        [i](benchmark::State& state) { RunLayoutPaired(state, i); })
        ->Unit(benchmark::kMicrosecond)
        ->UseManualTime();
    groups.push_back(std::move(group));
  }
  return groups;
}

// ---------------------------------------------------------------------------
// Pairs: two ways to the same answers timed in turn within each iteration
// (the order alternating), on one thread, over random float32 data: what
// values cost (argmin_reduce with and without min_values), and what one pass
// saves (argminmax against argmin then argmax). A ratio within one iteration
// cancels the slow swings of this shared machine's load, which separate
// benchmarks, seconds apart, would not.

// A pair's tensor (compact; `layout.strides` empty) and how it is reduced:
// through argmin_contiguous_reduce when `contiguous` (1-D, axis none), else
// argmin_reduce.
struct PairCase {
  LayoutCase layout;
  bool contiguous;
};

// The values-cost cases: a 1-D tensor reduced along its axis (as
// torch.min(x, 0), which returns values), and both axes of a matrix.
const std::vector<PairCase>& ValuesCases() {
  static const std::vector<PairCase> cases = {
      {{"64Ki/axis0", {65536}, {}, 0}, false},
      {{"(4096,1024)/axis0", {4096, 1024}, {}, 0}, false},
      {{"(4096,1024)/axis1", {4096, 1024}, {}, 1}, false},
  };
  return cases;
}

// The NaN-ignoring cases: few results of long slices, and many results of
// short ones, in cache and in DRAM.
const std::vector<PairCase>& NanIgnoreCases() {
  static const std::vector<PairCase> cases = {
      {{"(4096,1024)/axis0", {4096, 1024}, {}, 0}, false},
      {{"(2^20,8)/axis1", {1 << 20, 8}, {}, 1}, false},
      {{"(2^22,2)/axis1", {1 << 22, 2}, {}, 1}, false},
      {{"(2^25,2)/axis1", {1 << 25, 2}, {}, 1}, false},
  };
  return cases;
}

// The one-pass cases: contiguous in cache and in DRAM, and a strided axis.
const std::vector<PairCase>& MinMaxCases() {
  static const std::vector<PairCase> cases = {
      {{"64Ki", {65536}, {}, -1}, true},
      {{"64Mi", {int64_t{1} << 26}, {}, -1}, true},
      {{"(4096,1024)/axis0", {4096, 1024}, {}, 0}, false},
  };
  return cases;
}

// Returns float32's row in kDTypes: the pairs take their data from the data
// cache, shared with the dtype matrix's float32 random sets.
size_t Float32Row() {
  for (size_t d = 0; d < kNumDTypes; ++d) {
    if (std::strcmp(kDTypes[d].name, "float32") == 0) return d;
  }
  return 0;
}

// Returns the error of the one-off check `key` ("" if none), running `check`
// (which returns it) only the first time: a benchmark body runs several times
// per repetition, and the oracle is slow.
template <typename CheckFn>
const std::string& CheckOnce(const std::string& key, const CheckFn& check) {
  static std::map<std::string, std::string>* results =
      new std::map<std::string, std::string>;
  auto it = results->find(key);
  if (it == results->end()) it = results->emplace(key, check()).first;
  return it->second;
}

// Returns the seconds that `fn` takes, once.
template <typename Fn>
double TimeOnce(const Fn& fn) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  fn();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Times two argmin_reduce calls of argmin over pair case `c` in turn, the
// default (indices only, NaN propagating) and one with `values` and NaN
// policy `nan`, each checked once against the oracle under "<kind>/<case>";
// the iteration time is the default's, and the counter `ratio` the median
// per-iteration time(second) / time(default).
void RunArgminPaired(benchmark::State& state, const PairCase& c,
                     const char* kind, const char* ratio, bool values,
                     int32_t nan) {
  const int64_t n = LayoutElements(c.layout);
  void* data =
      GetData(Float32Row(), static_cast<size_t>(n), kRandom).data.get();
  const DLTensor in = LayoutTensor(c.layout, data);
  argmin_options options = LayoutOptions(c.layout, 1);
  LayoutCall calls[2];
  SetUpCall(in, options, ARGMIN_OP_MIN, /*with_values=*/false, &calls[0]);
  options.nan_policy = nan;
  SetUpCall(in, options, ARGMIN_OP_MIN, values, &calls[1]);
  const std::string& error =
      CheckOnce(std::string(kind) + "/" + c.layout.name, [&calls] {
        const std::string first_error = CheckCall(&calls[0]);
        return first_error.empty() ? CheckCall(&calls[1]) : first_error;
      });
  if (!error.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  std::vector<double> ratios;
  size_t turn = 0;
  for (auto _ : state) {
    double seconds[2];
    for (size_t k = 0; k < 2; ++k) {
      const size_t which = (turn + k) % 2;
      seconds[which] = TimeOnce([&] {
        const argmin_status status = RunCall(&calls[which]);
        benchmark::DoNotOptimize(status);
      });
    }
    ++turn;
    state.SetIterationTime(seconds[0]);
    ratios.push_back(seconds[1] / seconds[0]);
  }
  if (!ratios.empty()) state.counters[ratio] = MedianOf(&ratios);
  state.SetBytesProcessed(state.iterations() * n *
                          static_cast<int64_t>(sizeof(float)));
}

// What values cost: argmin with and without min_values, counter
// values_per_indices.
void RunValuesPaired(benchmark::State& state, const PairCase& c) {
  RunArgminPaired(state, c, "values", "values_per_indices", true,
                  ARGMIN_NAN_PROPAGATE);
}

// What ignoring NaN costs: numpy's nanargmin, which fails on an all-NaN
// slice and then must leave the outputs untouched, against NaN propagating
// (torch's); counter ignore_per_propagate.
void RunNanIgnorePaired(benchmark::State& state, const PairCase& c) {
  RunArgminPaired(state, c, "nanignore", "ignore_per_propagate", false,
                  ARGMIN_NAN_IGNORE);
}

// Times argminmax (one pass) and argmin then argmax (two calls) in turn; the
// iteration time is the one pass, and the counters the median per-iteration
// ratios two_calls_per_one_pass (time of both calls over the one pass's: its
// speed-up) and one_pass_per_min (the one pass's time over argmin's alone:
// 1.0 would make the maximum free).
void RunMinMaxPaired(benchmark::State& state, const PairCase& c) {
  const int64_t n = LayoutElements(c.layout);
  void* data =
      GetData(Float32Row(), static_cast<size_t>(n), kRandom).data.get();
  const DLDataType f32{kDLFloat, 32, 1};
  const argmin_options options = LayoutOptions(c.layout, 1);
  // [0]: one pass; [1]: argmin; [2]: argmax.
  const argmin_op ops[3] = {ARGMIN_OP_MINMAX, ARGMIN_OP_MIN, ARGMIN_OP_MAX};
  LayoutCall calls[3];  // argmin_reduce's, unless contiguous
  int64_t found[3][2] = {{-1, -1}, {-1, -1}, {-1, -1}};  // contiguous' indices
  for (int k = 0; k < 3; ++k) {
    SetUpCall(LayoutTensor(c.layout, data), options, ops[k],
              /*with_values=*/false, &calls[k]);
  }
  const auto run = [&](int k) {
    if (!c.contiguous) return RunCall(&calls[k]);
    return argmin_contiguous_reduce(data, f32, n, ops[k], &options,
                                    &found[k][0], &found[k][1]);
  };
  const std::string& error =
      CheckOnce(std::string("minmax/") + c.layout.name, [&]() -> std::string {
        for (int k = 0; k < 3; ++k) {
          if (!c.contiguous) {
            const std::string call_error = CheckCall(&calls[k]);
            if (!call_error.empty()) return call_error;
            continue;
          }
          const argmin_status status = run(k);
          if (status != ARGMIN_OK) {
            return std::string("ours returned ") + argmin_status_name(status);
          }
          for (int dir = 0; dir < 2; ++dir) {
            if (ops[k] != ARGMIN_OP_MINMAX &&
                (ops[k] == ARGMIN_OP_MAX) != (dir == 1)) {
              continue;  // not made by this op
            }
            const int64_t expected =
                argmin::oracle::Arg1D(data, f32, n, 1, options, dir == 1);
            if (found[k][dir] != expected) {
              return std::string(dir == 0 ? "argmin" : "argmax") +
                     (k == 0 ? " of the one pass" : "") + " returned " +
                     std::to_string(found[k][dir]) + " but the oracle " +
                     std::to_string(expected);
            }
          }
        }
        return std::string();
      });
  if (!error.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  const auto timed = [&run](int k) {
    return TimeOnce([&] {
      const argmin_status status = run(k);
      benchmark::DoNotOptimize(status);
    });
  };
  std::vector<double> two_per_one, one_per_min;
  size_t turn = 0;
  for (auto _ : state) {
    double seconds[3] = {0.0, 0.0, 0.0};
    for (size_t slot = 0; slot < 2; ++slot) {
      if ((turn + slot) % 2 == 0) {
        seconds[0] = timed(0);
      } else {
        seconds[1] = timed(1);  // argmin, then at once argmax
        seconds[2] = timed(2);
      }
    }
    ++turn;
    state.SetIterationTime(seconds[0]);
    two_per_one.push_back((seconds[1] + seconds[2]) / seconds[0]);
    one_per_min.push_back(seconds[0] / seconds[1]);
  }
  if (!two_per_one.empty()) {
    state.counters["two_calls_per_one_pass"] = MedianOf(&two_per_one);
    state.counters["one_pass_per_min"] = MedianOf(&one_per_min);
  }
  benchmark::DoNotOptimize(found);
  state.SetBytesProcessed(state.iterations() * n *
                          static_cast<int64_t>(sizeof(float)));
}

// A registered pair benchmark, for its summary table.
struct PairGroup {
  const PairCase* c;
  std::string name;
};

// Registers "<kind>/<case>/paired" running `run` for each of `cases`.
std::vector<PairGroup> RegisterPairs(const char* kind,
                                     const std::vector<PairCase>& cases,
                                     void (*run)(benchmark::State&,
                                                 const PairCase&)) {
  std::vector<PairGroup> groups;
  for (const PairCase& c : cases) {
    PairGroup group{&c, std::string(kind) + "/" + c.layout.name + "/paired"};
    benchmark::RegisterBenchmark(
        group.name.c_str(),
        [&c, run](benchmark::State& state) { run(state, c); })
        ->Unit(benchmark::kMicrosecond)
        ->UseManualTime();
    groups.push_back(std::move(group));
  }
  return groups;
}

// ---------------------------------------------------------------------------
// Summary: a reporter that forwards everything to the normal display reporter
// (so --benchmark_format works) and keeps each benchmark's median bytes/s.

class SummaryReporter : public benchmark::BenchmarkReporter {
 public:
  explicit SummaryReporter(benchmark::BenchmarkReporter* display)
      : display_(display) {}

  bool ReportContext(const Context& context) override {
    return display_->ReportContext(context);
  }

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred) {
        errors_[run.run_name.function_name] = run.error_message;
        continue;
      }
      const auto counter = run.counters.find("bytes_per_second");
      if (counter == run.counters.end()) continue;
      Result& result = results_[run.run_name.function_name];
      if (run.run_type == Run::RT_Aggregate) {
        if (run.aggregate_name == "median") {
          result.median = counter->second.value;
          result.repetitions = run.repetitions;
          for (const auto& [name, value] : run.counters) {
            result.counter_medians[name] = value.value;
          }
        }
      } else {
        result.samples.push_back(counter->second.value);
        for (const auto& [name, value] : run.counters) {
          result.counter_samples[name].push_back(value.value);
        }
      }
    }
    display_->ReportRuns(runs);
  }

  void Finalize() override { display_->Finalize(); }

  // Returns the median bytes/s of benchmark `name`, or a negative number if
  // it did not run; *repetitions gets how many runs the median is over.
  double MedianBytesPerSecond(const std::string& name,
                              int64_t* repetitions) const {
    const auto it = results_.find(name);
    if (it == results_.end()) return -1.0;
    const Result& result = it->second;
    if (result.median >= 0.0) {
      *repetitions = result.repetitions;
      return result.median;
    }
    *repetitions = static_cast<int64_t>(result.samples.size());
    return MedianOfSamples(result.samples);
  }

  // Returns the median over repetitions of counter `counter` of benchmark
  // `name`, or a negative number if it has none.
  double MedianCounter(const std::string& name,
                       const std::string& counter) const {
    const auto it = results_.find(name);
    if (it == results_.end()) return -1.0;
    const auto median = it->second.counter_medians.find(counter);
    if (median != it->second.counter_medians.end()) return median->second;
    const auto samples = it->second.counter_samples.find(counter);
    if (samples == it->second.counter_samples.end()) return -1.0;
    return MedianOfSamples(samples->second);
  }

  // Returns the error message of benchmark `name`, or "" if none.
  std::string Error(const std::string& name) const {
    const auto it = errors_.find(name);
    return it == errors_.end() ? std::string() : it->second;
  }

 private:
  struct Result {
    double median = -1.0;
    int64_t repetitions = 0;
    std::vector<double> samples;
    std::map<std::string, double> counter_medians;
    std::map<std::string, std::vector<double>> counter_samples;
  };

  // Returns the median of `samples`, or -1 if there are none (no median
  // aggregate, e.g. under --benchmark_repetitions=1).
  static double MedianOfSamples(std::vector<double> samples) {
    if (samples.empty()) return -1.0;
    std::sort(samples.begin(), samples.end());
    const size_t mid = samples.size() / 2;
    return samples.size() % 2 ? samples[mid]
                              : 0.5 * (samples[mid - 1] + samples[mid]);
  }
  benchmark::BenchmarkReporter* display_;
  std::map<std::string, Result> results_;
  std::map<std::string, std::string> errors_;
};

// A column of the summary: the speed of `num` over that of `den`, or with den
// == kNumImpls num's own GB/s; headed `label`.
struct Column {
  Impl num;
  Impl den;
  const char* label;
};
// argmin's ratios, then argmax's, so that each of argmax's ratios reads
// against the argmin column of the same baseline (max/max_value against
// min_value, max/sum against sum).
constexpr Column kColumns[] = {
    {kOurs, kMinValue, "min_value"},        {kOurs, kSum, "sum"},
    {kOurs, kMinElement, "min_element"},    {kOurs, kOracle, "oracle"},
    {kOurs, kOursLast, "ours_last"},        {kOursMax, kNumImpls, "max GB/s"},
    {kOursMax, kMaxValue, "max/max_value"}, {kOursMax, kSum, "max/sum"},
    {kOursMax, kOurs, "max/ours"}};

// Returns the printed width of `column`: its label's, and at least 12.
int ColumnWidth(const Column& column) {
  return std::max(12, static_cast<int>(std::strlen(column.label)));
}

// Prints one row per data set: ours in GB/s (1e9 bytes of input per second)
// and ours' speed divided by each baseline's (1.0 = as fast; the min and sum
// columns are the fraction of the speed of light reached), then the same for
// argmax.
void PrintSummary(std::FILE* out, const std::vector<Group>& groups,
                  const SummaryReporter& reporter) {
  int64_t repetitions = 0;
  bool any = false;
  for (const Group& g : groups) {
    int64_t reps = 0;
    if (reporter.MedianBytesPerSecond(g.names[kOurs], &reps) >= 0.0 ||
        !reporter.Error(g.names[kOurs]).empty()) {
      any = true;
      repetitions = std::max(repetitions, reps);
    }
  }
  if (!any) return;
  std::fprintf(out,
               "\nSummary: ours in GB/s (median of %" PRId64
               " run%s), then ours/baseline speed ratios (ours_last: "
               "first-index ties over last-index ties); then argmax "
               "(ours_max) in GB/s and over max_value, sum and ours\n",
               repetitions, repetitions == 1 ? "" : "s");
  std::fprintf(out, "%-9s %-5s %-13s %9s", "dtype", "n", "pattern",
               "ours GB/s");
  for (const Column& column : kColumns) {
    std::fprintf(out, " %*s", ColumnWidth(column), column.label);
  }
  std::fprintf(out, "\n");
  for (const Group& g : groups) {
    int64_t reps = 0;
    const double ours = reporter.MedianBytesPerSecond(g.names[kOurs], &reps);
    const std::string error = reporter.Error(g.names[kOurs]);
    if (ours < 0.0 && error.empty()) continue;  // filtered out
    std::fprintf(out, "%-9s %-5s %-13s", kDTypes[g.dtype].name,
                 kSizes[g.size].name, kPatternNames[g.pattern]);
    if (!error.empty()) {
      std::fprintf(out, " ERROR: %s\n", error.c_str());
      continue;
    }
    std::fprintf(out, " %9.2f", ours / 1e9);
    for (const Column& column : kColumns) {
      const double num =
          reporter.MedianBytesPerSecond(g.names[column.num], &reps);
      const double den =
          column.den == kNumImpls
              ? 1e9
              : reporter.MedianBytesPerSecond(g.names[column.den], &reps);
      if (num > 0.0 && den > 0.0) {
        std::fprintf(out, " %*.2f", ColumnWidth(column), num / den);
      } else {
        std::fprintf(out, " %*s", ColumnWidth(column), "-");
      }
    }
    const std::string max_error = reporter.Error(g.names[kOursMax]);
    if (!max_error.empty()) std::fprintf(out, " ERROR: %s", max_error.c_str());
    std::fprintf(out, "\n");
  }
  std::fflush(out);
}

// The paired layout ratios, as counter name and column label.
constexpr std::pair<const char*, const char*> kLayoutPairColumns[] = {
    {"t1_per_sum", "pair:t1/sum"}, {"max1_per_sum", "pair:max1/sum"},
    {"t1_per_rw", "pair:t1/rw"},   {"max1_per_rw", "pair:max1/rw"},
    {"tN_per_t1", "pair:tN/t1"},   {"tN_per_sumN", "pair:tN/sumN"}};

// Prints the layout table: the sum's GB/s, then argmin on each thread count
// in GB/s with its ratio to the sum, and each count's speed-up over one
// thread; then argmax on one thread in GB/s and over the sum, next to the
// paired ratios.
void PrintLayoutSummary(std::FILE* out, const std::vector<LayoutGroup>& groups,
                        const SummaryReporter& reporter) {
  bool header = false;
  for (const LayoutGroup& g : groups) {
    int64_t reps = 0;
    std::vector<double> speeds;
    for (const std::string& name : g.names) {
      speeds.push_back(reporter.MedianBytesPerSecond(name, &reps));
    }
    const double max_speed = reporter.MedianBytesPerSecond(g.max, &reps);
    const std::string error = reporter.Error(g.names[1]);
    if (speeds[1] < 0.0 && error.empty()) continue;  // filtered out
    if (!header) {
      header = true;
      std::fprintf(out,
                   "\nLayouts (float32 unless named, medians, wall-clock): "
                   "GB/s of the sum "
                   "over the same bytes; per thread count t: argmin GB/s, "
                   "t/sum, and t/t1; argmax on 1 thread (max1): GB/s and "
                   "max1/sum; then the paired ratios (the sum, the sum that "
                   "also stores the call's results (rw), argmin and argmax "
                   "on 1 thread, and argmin and the sum (sumN) on %zu "
                   "threads, timed in turn within each iteration: medians "
                   "of the ratios)\n"
                   "%-22s %7s %8s",
                   g.names.size() - 1, "case", "MiB", "sum");
      for (size_t t = 1; t < g.names.size(); ++t) {
        std::fprintf(out, "   t%zu GB/s t%zu/sum t%zu/t1", t, t, t);
      }
      std::fprintf(out, " max1 GB/s max1/sum");
      for (const auto& [counter, label] : kLayoutPairColumns) {
        std::fprintf(out, " %s", label);
      }
      std::fprintf(out, "\n");
    }
    const LayoutCase& c = LayoutCases()[g.index];
    std::fprintf(out, "%-22s %7.1f %8.2f", c.name,
                 static_cast<double>(LayoutBytes(c)) / (1 << 20),
                 speeds[0] / 1e9);
    if (!error.empty()) {
      std::fprintf(out, " ERROR: %s\n", error.c_str());
      continue;
    }
    for (size_t t = 1; t < speeds.size(); ++t) {
      if (speeds[t] < 0.0) {
        std::fprintf(out, " %8s %6s %5s", "-", "-", "-");
        continue;
      }
      std::fprintf(out, " %8.2f %6.2f %5.2f", speeds[t] / 1e9,
                   speeds[0] > 0.0 ? speeds[t] / speeds[0] : 0.0,
                   speeds[1] > 0.0 ? speeds[t] / speeds[1] : 0.0);
    }
    if (max_speed < 0.0) {
      std::fprintf(out, " %9s %8s", "-", "-");
    } else {
      std::fprintf(out, " %9.2f %8.2f", max_speed / 1e9,
                   speeds[0] > 0.0 ? max_speed / speeds[0] : 0.0);
    }
    for (const auto& [counter, label] : kLayoutPairColumns) {
      const int width = static_cast<int>(std::strlen(label));
      const double ratio = reporter.MedianCounter(g.paired, counter);
      if (ratio < 0.0) {
        std::fprintf(out, " %*s", width, "-");
      } else {
        std::fprintf(out, " %*.2f", width, ratio);
      }
    }
    for (const std::string& name : {g.max, g.paired}) {
      const std::string other_error = reporter.Error(name);
      if (!other_error.empty()) {
        std::fprintf(out, " ERROR: %s", other_error.c_str());
      }
    }
    std::fprintf(out, "\n");
  }
  std::fflush(out);
}

// Prints the table of a pair benchmark kind: under `title`, per case its
// MiB, its iteration time's GB/s (headed `speed_label`), and the median of
// each counter of `columns` (counter name, column label).
void PrintPairSummary(
    std::FILE* out, const char* title, const char* speed_label,
    const std::vector<std::pair<const char*, const char*>>& columns,
    const std::vector<PairGroup>& groups, const SummaryReporter& reporter) {
  bool header = false;
  for (const PairGroup& g : groups) {
    int64_t reps = 0;
    const double speed = reporter.MedianBytesPerSecond(g.name, &reps);
    const std::string error = reporter.Error(g.name);
    if (speed < 0.0 && error.empty()) continue;  // filtered out
    if (!header) {
      header = true;
      std::fprintf(out, "\n%s\n%-22s %7s %*s", title, "case", "MiB",
                   std::max(9, static_cast<int>(std::strlen(speed_label))),
                   speed_label);
      for (const auto& [counter, label] : columns) {
        std::fprintf(out, " %*s",
                     std::max(8, static_cast<int>(std::strlen(label))), label);
      }
      std::fprintf(out, "\n");
    }
    std::fprintf(out, "%-22s %7.1f", g.c->layout.name,
                 LayoutElements(g.c->layout) * 4.0 / (1 << 20));
    if (!error.empty()) {
      std::fprintf(out, " ERROR: %s\n", error.c_str());
      continue;
    }
    std::fprintf(out, " %*.2f",
                 std::max(9, static_cast<int>(std::strlen(speed_label))),
                 speed / 1e9);
    for (const auto& [counter, label] : columns) {
      const int width = std::max(8, static_cast<int>(std::strlen(label)));
      const double ratio = reporter.MedianCounter(g.name, counter);
      if (ratio < 0.0) {
        std::fprintf(out, " %*s", width, "-");
      } else {
        std::fprintf(out, " %*.3f", width, ratio);
      }
    }
    std::fprintf(out, "\n");
  }
  std::fflush(out);
}

// Returns the CPU's model name and whether it has AVX2 and AVX-512F, from
// /proc/cpuinfo (Linux; "unknown" elsewhere).
std::string DescribeCpu() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line, model = "unknown", flags;
  while (std::getline(cpuinfo, line)) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos || colon + 2 > line.size()) continue;
    if (model == "unknown" && line.rfind("model name", 0) == 0) {
      model = line.substr(colon + 2);
    } else if (flags.empty() && line.rfind("flags", 0) == 0) {
      flags = " " + line.substr(colon + 2) + " ";
    }
  }
  const auto has = [&flags](const char* flag) {
    return flags.find(std::string(" ") + flag + " ") != std::string::npos;
  };
  return model + " (AVX2: " + (has("avx2") ? "yes" : "no") +
         ", AVX-512F: " + (has("avx512f") ? "yes" : "no") + ")";
}

// Returns whether some argument starts with `prefix`.
bool HasFlag(const std::vector<char*>& args, const char* prefix) {
  return std::any_of(args.begin(), args.end(), [prefix](const char* arg) {
    return std::strncmp(arg, prefix, std::strlen(prefix)) == 0;
  });
}

}  // namespace
}  // namespace argmin_bench

int main(int argc, char** argv) {
  using namespace argmin_bench;  // NOLINT(build/namespaces): main only

  // Our own flags go first; the rest is Google Benchmark's.
  bool full = false;
  int threads = std::getenv("OMP_NUM_THREADS") != nullptr ? 0 : 1;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (i > 0 && std::strcmp(argv[i], "--full") == 0) {
      full = true;
    } else if (i > 0 && std::strncmp(argv[i], "--threads=", 10) == 0) {
      threads = std::atoi(argv[i] + 10);
    } else {
      args.push_back(argv[i]);
    }
  }
  // Defaults that keep the suite short and its numbers stable; any value the
  // user passes wins. The strings live in static storage, as argv must.
  // Repetitions run in random order, so that the noise of this shared
  // machine, which comes in phases, falls on ours and the baselines alike.
  static char kRepetitions[] = "--benchmark_repetitions=5";
  static char kInterleave[] = "--benchmark_enable_random_interleaving=true";
  static char kAggregates[] = "--benchmark_report_aggregates_only=true";
  static char kMinTime[] = "--benchmark_min_time=0.05";
  if (!HasFlag(args, "--benchmark_repetitions")) args.push_back(kRepetitions);
  if (!HasFlag(args, "--benchmark_report_aggregates_only") &&
      !HasFlag(args, "--benchmark_display_aggregates_only")) {
    args.push_back(kAggregates);
  }
  if (!HasFlag(args, "--benchmark_min_time")) args.push_back(kMinTime);
  if (!HasFlag(args, "--benchmark_enable_random_interleaving")) {
    args.push_back(kInterleave);
  }
  int args_count = static_cast<int>(args.size());
  args.push_back(nullptr);
  benchmark::Initialize(&args_count, args.data());
  if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) {
    return 1;
  }
  if (threads > 0) omp_set_num_threads(threads);

  const std::string cpu = DescribeCpu();
  const std::string threads_text =
      threads > 0
          ? std::to_string(threads)
          : "OpenMP default (" + std::to_string(omp_get_max_threads()) + ")";
  if (argmin_target_error()[0] != '\0') {
    std::fprintf(stderr, "%s\n", argmin_target_error());
    return 1;
  }
  if (!UseBaselineTarget(argmin_target_name())) {
    std::fprintf(stderr, "no baseline for target %s\n", argmin_target_name());
    return 1;
  }
  benchmark::AddCustomContext("argmin_target", argmin_target_name());
  benchmark::AddCustomContext("baseline_target", BaselineTargetName());
  benchmark::AddCustomContext("cpu_model", cpu);
  benchmark::AddCustomContext("argmin_threads", threads_text);
  benchmark::AddCustomContext("suite", full ? "full" : "default");

  const std::vector<Group> groups =
      RegisterAll(full, /*real_time=*/threads != 1);
  const std::vector<LayoutGroup> layout_groups = RegisterLayouts();
  const std::vector<PairGroup> values_groups =
      RegisterPairs("values", ValuesCases(), &RunValuesPaired);
  const std::vector<PairGroup> minmax_groups =
      RegisterPairs("minmax", MinMaxCases(), &RunMinMaxPaired);
  const std::vector<PairGroup> nan_groups =
      RegisterPairs("nanignore", NanIgnoreCases(), &RunNanIgnorePaired);

  benchmark::BenchmarkReporter* display =
      benchmark::CreateDefaultDisplayReporter();
  // The summary goes to stdout under the console format; with json or csv it
  // goes to stderr so that stdout stays machine-readable.
  const bool console =
      dynamic_cast<benchmark::ConsoleReporter*>(display) != nullptr;
  std::FILE* summary_out = console ? stdout : stderr;
  std::fprintf(summary_out,
               "argmin target: %s (baselines: %s), threads for ours: %s, "
               "timing: %s\nCPU: %s\nsuite: %s\n",
               argmin_target_name(), BaselineTargetName(), threads_text.c_str(),
               threads == 1 ? "CPU time" : "wall-clock time", cpu.c_str(),
               full ? "full matrix" : "default (--full for the whole matrix)");
  std::fflush(summary_out);

  SummaryReporter reporter(display);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::fflush(stdout);
  PrintSummary(summary_out, groups, reporter);
  PrintLayoutSummary(summary_out, layout_groups, reporter);
  PrintPairSummary(summary_out,
                   "Values cost (float32, 1 thread, medians, wall-clock): "
                   "argmin_reduce with min_values and with indices only "
                   "timed in turn within each iteration; GB/s of indices "
                   "only, and time(values)/time(indices only)",
                   "idx GB/s", {{"values_per_indices", "values/idx"}},
                   values_groups, reporter);
  PrintPairSummary(
      summary_out,
      "One pass vs two calls (float32, 1 thread, medians, "
      "wall-clock): argminmax, and argmin then argmax, timed in "
      "turn within each iteration; GB/s of the one pass, "
      "time(two calls)/time(one pass) (its speed-up), and "
      "time(one pass)/time(argmin alone)",
      "1pass GB/s",
      {{"two_calls_per_one_pass", "two/one"}, {"one_pass_per_min", "one/min"}},
      minmax_groups, reporter);
  PrintPairSummary(summary_out,
                   "NaN ignored vs propagated (float32, 1 thread, medians, "
                   "wall-clock): argmin_reduce with ARGMIN_NAN_IGNORE and "
                   "with the default timed in turn within each iteration; "
                   "GB/s of the default, and time(ignore)/time(default)",
                   "prop GB/s", {{"ignore_per_propagate", "ignore/prop"}},
                   nan_groups, reporter);
  benchmark::Shutdown();
  return 0;
}
