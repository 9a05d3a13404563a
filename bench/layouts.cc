// The layout benchmarks: tensors (float32, and a few int8 and bfloat16)
// reduced along an axis, or transposed views reduced whole, timed against a
// SIMD sum over the same bytes, on 1 thread and on every thread count up to
// the machine's cores (wall-clock time throughout, so that the thread counts
// compare like with like), and paired: the sum, argmin and argmax timed in
// turn within each iteration.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "argmin/argmin.h"
#include "bench/argmin_bench.h"
#include "bench/baselines.h"

namespace argmin_bench {

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

// Returns the median of `v` (non-empty), reordering it.
double MedianOf(std::vector<double>* v) {
  const size_t mid = v->size() / 2;
  std::nth_element(v->begin(), v->begin() + static_cast<ptrdiff_t>(mid),
                   v->end());
  return (*v)[mid];
}

namespace {

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

}  // namespace

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

}  // namespace argmin_bench
