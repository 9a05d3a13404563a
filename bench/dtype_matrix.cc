// The dtype matrix: every implementation (ours, its baselines and the usual
// alternatives, kImplNames) timed over every data set of contiguous 1-D data
// (dtype x size x pattern), ours checked against the oracle once per data
// set.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "argmin/argmin.hpp"
#include "bench/argmin_bench.h"
#include "bench/baselines.h"
#include "kernels/keys.h"
#include "kernels/oracle.h"

namespace argmin_bench {
namespace {

// Each Impl's name, the last part of its benchmarks' names.
constexpr const char* kImplNames[kNumImpls] = {
    "ours",   "min_value", "sum",      "min_element",
    "oracle", "ours_last", "ours_max", "max_value"};

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

// Returns the answer of implementation kImpl over data[0, n) of type T, the
// oracle's under `oracle_options` (inlined into RunLoop's timed loop).
template <typename T, Impl kImpl>
inline auto CallOnce(const T* data, size_t n, DLDataType dtype,
                     const argmin_options& oracle_options) {
  if constexpr (kImpl == kOurs) {
    return argmin::argmin(data, n);
  } else if constexpr (kImpl == kMinValue) {
    return MinValue(data, n);
  } else if constexpr (kImpl == kSum) {
    return Sum(data, n);
  } else if constexpr (kImpl == kMinElement) {
    return std::min_element(data, data + n, Less<T>());
  } else if constexpr (kImpl == kOracle) {
    return argmin::oracle::Argmin1D(data, dtype, static_cast<int64_t>(n), 1,
                                    oracle_options);
  } else if constexpr (kImpl == kOursLast) {
    return argmin::argmin(data, n, argmin::NanPolicy::kPropagate,
                          argmin::Ties::kLast);
  } else if constexpr (kImpl == kOursMax) {
    return argmin::argmax(data, n);
  } else {
    static_assert(kImpl == kMaxValue, "every Impl has a call");
    return MaxValue(data, n);
  }
}

// Runs `state`'s iterations of implementation kImpl over data[0, n) of type T.
template <typename T, Impl kImpl>
void RunLoop(benchmark::State& state, const void* raw, size_t n,
             DLDataType dtype) {
  const T* data = static_cast<const T*>(raw);
  const argmin_options oracle_options = {};  // torch.argmin: propagate, first
  for (auto _ : state) {
    auto answer = CallOnce<T, kImpl>(data, n, dtype, oracle_options);
    benchmark::DoNotOptimize(answer);
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

// How to time each Impl over one dtype, and to call ours once for the check.
struct DTypeLoops {
  int64_t (*ours_once)(const void*, size_t, bool);
  LoopFn loops[kNumImpls];
};

// Returns the loops of type T, with RunLoop<T, i> for every Impl i in order.
template <typename T, int... kImpls>
constexpr DTypeLoops MakeLoops(std::integer_sequence<int, kImpls...>) {
  return DTypeLoops{&OursOnce<T>, {&RunLoop<T, static_cast<Impl>(kImpls)>...}};
}

// Every dtype's loops, in kDTypes' order (the same dtype list).
constexpr DTypeLoops kLoops[] = {
#define ARGMIN_BENCH_DTYPE(Name, code, bits, type, name) \
  MakeLoops<type>(std::make_integer_sequence<int, kNumImpls>()),
    ARGMIN_FOREACH_DTYPE(ARGMIN_BENCH_DTYPE)
#undef ARGMIN_BENCH_DTYPE
};
static_assert(std::size(kLoops) == kNumDTypes, "one row per dtype");

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
    const int64_t got = kLoops[dtype].ours_once(entry.data.get(), n, find_max);
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
  kLoops[c.dtype].loops[c.impl](state, entry.data.get(), n, row.dtype);
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

}  // namespace

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

}  // namespace argmin_bench
