// Thread policy (dispatch/threads.h).
#include "dispatch/threads.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstdint>

#include "kernels/tuning.h"

namespace argmin {
namespace internal {
namespace {

// Settable for tests, which need threads on small inputs.
std::atomic<int64_t> g_grain{kDefaultGrain};

// Elements of the grain per row that a thread must get before the rows of a
// plane are split between threads: 1024 rows at the default grain, and a
// row at the tests' small grains.
constexpr int64_t kGrainPerSplitRow = 64;

}  // namespace

void SetParallelGrain(int64_t elements) {
  g_grain.store(elements == 0 ? kDefaultGrain : elements,
                std::memory_order_relaxed);
}

int ThreadCount(int num_threads, int64_t elements, int64_t tasks) {
  const int64_t by_work =
      std::min(tasks, elements / g_grain.load(std::memory_order_relaxed));
  if (by_work <= 1) return 1;  // without asking OpenMP, which costs time
  const int threads = num_threads > 0 ? num_threads : omp_get_max_threads();
  return static_cast<int>(
      std::max<int64_t>(1, std::min<int64_t>(threads, by_work)));
}

bool SplitsRows(const Plan& plan, const Layout& layout, int threads) {
  if (layout.results / layout.M >= threads) return false;
  if (layout.m_in != 1 || layout.k_in == 1) return false;
  const int64_t item = static_cast<int64_t>(plan.itemsize);
  if (layout.M * item / threads >= static_cast<int64_t>(kPanelBytes))
    return false;
  const int64_t min_rows = std::max<int64_t>(
      1, g_grain.load(std::memory_order_relaxed) / kGrainPerSplitRow);
  return layout.K / threads >= min_rows;
}

}  // namespace internal
}  // namespace argmin
