// Pairs: two ways to the same answers timed in turn within each iteration
// (the order alternating), on one thread, over random float32 data: what
// values cost (argmin_reduce with and without min_values), what one pass
// saves (argminmax against argmin then argmax), and what ignoring NaN costs.
// A ratio within one iteration cancels the slow swings of this shared
// machine's load, which separate benchmarks, seconds apart, would not.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "argmin/argmin.h"
#include "bench/argmin_bench.h"
#include "kernels/oracle.h"

namespace argmin_bench {
namespace {

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

}  // namespace

PairGroups RegisterAllPairs() {
  PairGroups groups;
  groups.values = RegisterPairs("values", ValuesCases(), &RunValuesPaired);
  groups.minmax = RegisterPairs("minmax", MinMaxCases(), &RunMinMaxPaired);
  groups.nanignore =
      RegisterPairs("nanignore", NanIgnoreCases(), &RunNanIgnorePaired);
  return groups;
}

}  // namespace argmin_bench
