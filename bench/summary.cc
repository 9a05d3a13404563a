// The summary tables: medians from SummaryReporter, as GB/s and ratios, one
// table per part of the suite (summary.h).
#include "bench/summary.h"

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "bench/argmin_bench.h"

namespace argmin_bench {
namespace {

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

// The paired layout ratios, as counter name and column label.
constexpr std::pair<const char*, const char*> kLayoutPairColumns[] = {
    {"t1_per_sum", "pair:t1/sum"}, {"max1_per_sum", "pair:max1/sum"},
    {"t1_per_rw", "pair:t1/rw"},   {"max1_per_rw", "pair:max1/rw"},
    {"tN_per_t1", "pair:tN/t1"},   {"tN_per_sumN", "pair:tN/sumN"}};

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

}  // namespace

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

void PrintPairSummaries(std::FILE* out, const PairGroups& groups,
                        const SummaryReporter& reporter) {
  PrintPairSummary(out,
                   "Values cost (float32, 1 thread, medians, wall-clock): "
                   "argmin_reduce with min_values and with indices only "
                   "timed in turn within each iteration; GB/s of indices "
                   "only, and time(values)/time(indices only)",
                   "idx GB/s", {{"values_per_indices", "values/idx"}},
                   groups.values, reporter);
  PrintPairSummary(
      out,
      "One pass vs two calls (float32, 1 thread, medians, "
      "wall-clock): argminmax, and argmin then argmax, timed in "
      "turn within each iteration; GB/s of the one pass, "
      "time(two calls)/time(one pass) (its speed-up), and "
      "time(one pass)/time(argmin alone)",
      "1pass GB/s",
      {{"two_calls_per_one_pass", "two/one"}, {"one_pass_per_min", "one/min"}},
      groups.minmax, reporter);
  PrintPairSummary(out,
                   "NaN ignored vs propagated (float32, 1 thread, medians, "
                   "wall-clock): argmin_reduce with ARGMIN_NAN_IGNORE and "
                   "with the default timed in turn within each iteration; "
                   "GB/s of the default, and time(ignore)/time(default)",
                   "prop GB/s", {{"ignore_per_propagate", "ignore/prop"}},
                   groups.nanignore, reporter);
}

}  // namespace argmin_bench
