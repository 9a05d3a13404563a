// The summary tables printed after the run: a reporter that keeps each
// benchmark's medians, and the tables of the dtype matrix, the layouts and
// the pairs made from them.
#ifndef ARGMIN_BENCH_SUMMARY_H_
#define ARGMIN_BENCH_SUMMARY_H_

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "bench/argmin_bench.h"

namespace argmin_bench {

// A reporter that forwards everything to the normal display reporter (so
// --benchmark_format works) and keeps each benchmark's median bytes/s.
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

// Prints one row per data set of the dtype matrix: ours in GB/s and its
// ratios to each baseline, then the same for argmax.
void PrintSummary(std::FILE* out, const std::vector<Group>& groups,
                  const SummaryReporter& reporter);

// Prints the layout table: the sum's, argmin's and argmax's GB/s and their
// ratios, next to the paired ratios.
void PrintLayoutSummary(std::FILE* out, const std::vector<LayoutGroup>& groups,
                        const SummaryReporter& reporter);

// Prints the tables of the values, minmax and nanignore pairs, in that order.
void PrintPairSummaries(std::FILE* out, const PairGroups& groups,
                        const SummaryReporter& reporter);

}  // namespace argmin_bench

#endif  // ARGMIN_BENCH_SUMMARY_H_
