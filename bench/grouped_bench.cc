// Segmented and grouped arg-reductions, timed against the dense kernel on the
// same bytes and against themselves on more threads, each pair in turn
// within a round so that the machine's noise hits both alike; medians over
// the rounds, printed as markdown tables (docs/performance.md).
//
//   segments: float32 (N, F) along axis 0 in segments of random lengths
//     (uniform in [0, 2L], mean L), argmin per segment and column, against
//     argmin of the same tensor along axis 0 (one slice per column): the
//     column `dense / segmented` is the segmented call's speed as a fraction
//     of the dense one's.
//   groups: 10 Mi float64 with random int64 keys in [0, G), argmin per
//     group, on one thread and on two: `1 / 2 threads` is the speed-up.
//
// Run: argmin_grouped_bench [rounds (default 21)] [segments|groups]
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "argmin/argmin.h"

namespace {

// Returns the seconds `fn` takes, once.
template <class Fn>
double Seconds(const Fn& fn) {
  const auto start = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

// Returns the median of `v`, reordering it.
double Median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

// Exits with the last error if `status` is not ARGMIN_OK.
void Check(argmin_status status, const char* what) {
  if (status != ARGMIN_OK) {
    std::fprintf(stderr, "%s: %s: %s\n", what, argmin_status_name(status),
                 argmin_last_error());
    std::exit(1);
  }
}

// Times segmented argmin of float32 (n, f) in segments of mean length
// `mean` against dense argmin along axis 0, `rounds` pairs on `threads`
// threads, and prints a table row.
void SegmentRow(int64_t n, int64_t f, int64_t mean, int threads, int rounds) {
  std::mt19937_64 rng(42);
  std::vector<float> x(static_cast<size_t>(n * f));
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  for (float& v : x) v = value(rng);
  std::vector<int64_t> offsets = {0};
  std::uniform_int_distribution<int64_t> length(0, 2 * mean);
  while (offsets.back() < n) {
    offsets.push_back(std::min(n, offsets.back() + length(rng)));
  }
  const int64_t segments = static_cast<int64_t>(offsets.size()) - 1;
  int64_t shape[2] = {n, f};
  const DLDataType f32{kDLFloat, 32, 1}, i64{kDLInt, 64, 1};
  const DLTensor in = argmin_tensor(x.data(), f32, 2, shape);
  int64_t offsets_shape[1] = {segments + 1};
  const DLTensor offs = argmin_tensor(offsets.data(), i64, 1, offsets_shape);
  std::vector<int64_t> seg_out(static_cast<size_t>(segments * f));
  int64_t seg_shape[2] = {segments, f};
  DLTensor seg_tensor = argmin_tensor(seg_out.data(), i64, 2, seg_shape);
  const argmin_outputs seg_outputs = {&seg_tensor, nullptr, nullptr, nullptr};
  std::vector<int64_t> dense_out(static_cast<size_t>(f));
  int64_t dense_shape[1] = {f};
  DLTensor dense_tensor = argmin_tensor(dense_out.data(), i64, 1, dense_shape);
  argmin_options options = argmin_default_options();
  options.has_axis = 1;
  options.axis = 0;
  options.num_threads = threads;
  std::vector<double> ratios, seg_times, dense_times;
  for (int r = 0; r < rounds; ++r) {
    double t[2];
    for (int k = 0; k < 2; ++k) {
      const int which = (r + k) % 2;
      t[which] = Seconds([&] {
        Check(which == 0
                  ? argmin_segment_reduce(&in, &offs, ARGMIN_OP_MIN, &options,
                                          nullptr, &seg_outputs)
                  : argmin_compute(&in, &options, &dense_tensor),
              which == 0 ? "segmented" : "dense");
      });
    }
    seg_times.push_back(t[0]);
    dense_times.push_back(t[1]);
    ratios.push_back(t[1] / t[0]);
  }
  const double bytes = static_cast<double>(n * f) * sizeof(float);
  std::printf(
      "| (%lld, %lld) | %lld | %lld | %d | %.3f | %.2f | %.3f | %.2f "
      "| %.2f |\n",
      static_cast<long long>(n), static_cast<long long>(f),
      static_cast<long long>(mean), static_cast<long long>(segments), threads,
      Median(seg_times) * 1e3, bytes / Median(seg_times) / 1e9,
      Median(dense_times) * 1e3, bytes / Median(dense_times) / 1e9,
      Median(ratios));
}

// Times grouped argmin of `n` float64 by random int64 keys in [0, g) on one
// thread and on two, `rounds` pairs, and prints a table row.
void GroupRow(int64_t n, int64_t g, int rounds) {
  std::mt19937_64 rng(7);
  std::vector<double> x(static_cast<size_t>(n));
  std::vector<int64_t> keys(static_cast<size_t>(n));
  std::uniform_real_distribution<double> value(-1.0, 1.0);
  std::uniform_int_distribution<int64_t> key(0, g - 1);
  for (int64_t i = 0; i < n; ++i) {
    x[static_cast<size_t>(i)] = value(rng);
    keys[static_cast<size_t>(i)] = key(rng);
  }
  int64_t shape[1] = {n};
  const DLTensor in =
      argmin_tensor(x.data(), DLDataType{kDLFloat, 64, 1}, 1, shape);
  const DLTensor key_tensor =
      argmin_tensor(keys.data(), DLDataType{kDLInt, 64, 1}, 1, shape);
  std::vector<int64_t> out(static_cast<size_t>(g));
  int64_t out_shape[1] = {g};
  DLTensor out_tensor =
      argmin_tensor(out.data(), DLDataType{kDLInt, 64, 1}, 1, out_shape);
  const argmin_outputs outputs = {&out_tensor, nullptr, nullptr, nullptr};
  argmin_options options[2] = {argmin_default_options(),
                               argmin_default_options()};
  for (int k = 0; k < 2; ++k) {
    options[k].has_axis = 1;
    options[k].num_threads = k + 1;
  }
  std::vector<double> times[2], ratios;
  for (int r = 0; r < rounds; ++r) {
    double t[2];
    for (int k = 0; k < 2; ++k) {
      const int which = (r + k) % 2;
      t[which] = Seconds([&] {
        Check(argmin_group_reduce(&in, &key_tensor, g, ARGMIN_OP_MIN,
                                  &options[which], nullptr, &outputs),
              "grouped");
      });
    }
    times[0].push_back(t[0]);
    times[1].push_back(t[1]);
    ratios.push_back(t[0] / t[1]);
  }
  const double bytes = static_cast<double>(n) * sizeof(double);
  std::printf("| %lld | %lld | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
              static_cast<long long>(n), static_cast<long long>(g),
              Median(times[0]) * 1e3, bytes / Median(times[0]) / 1e9,
              Median(times[1]) * 1e3, bytes / Median(times[1]) / 1e9,
              Median(ratios));
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 21;
  const std::string only = argc > 2 ? argv[2] : "";
  std::printf("target %s, %d rounds, medians\n\n", argmin_target_name(),
              rounds);
  if (only.empty() || only == "segments") {
    std::printf(
        "| float32 shape | mean length | segments | threads | segmented ms "
        "| GB/s | dense ms | GB/s | dense / segmented |\n"
        "|---|---|---|---|---|---|---|---|---|\n");
    for (int threads : {1, 2}) {
      for (int64_t f : {64, 1}) {
        for (int64_t mean : {4, 64, 1024}) {
          SegmentRow((int64_t{4} << 20) / f, f, mean, threads, rounds);
        }
      }
    }
    std::printf("\n");
  }
  if (only.empty() || only == "groups") {
    std::printf(
        "| float64 values | groups | 1 thread ms | GB/s | 2 threads ms | "
        "GB/s | 1 / 2 threads |\n|---|---|---|---|---|---|---|\n");
    for (int64_t g : {16, 1000, 1 << 20}) {
      GroupRow(int64_t{10} << 20, g, rounds);
    }
  }
  return 0;
}
