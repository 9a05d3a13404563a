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
//
// The parts, each in its own file: the test data (test_data.cc), the dtype
// matrix (dtype_matrix.cc), the layouts (layouts.cc, over the calls of
// layout_calls.cc), the pairs (pairs.cc), the summary tables (summary.cc),
// their shared declarations (argmin_bench.h) and this main.
#include "bench/argmin_bench.h"

#include <benchmark/benchmark.h>
#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "argmin/argmin.h"
#include "bench/baselines.h"
#include "bench/summary.h"

namespace argmin_bench {
namespace {

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
  const PairGroups pair_groups = RegisterAllPairs();

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
  PrintPairSummaries(summary_out, pair_groups, reporter);
  benchmark::Shutdown();
  return 0;
}
