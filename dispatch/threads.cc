// Thread policy (dispatch/threads.h).
#include "dispatch/threads.h"

#include <omp.h>
#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <cstdint>

#include "dispatch/team.h"
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

// Threads held by leases, process-wide.
std::atomic<int> g_leased{0};

// Set in a child forked after the library was loaded.
std::atomic<bool> g_forked{false};

// In the child, after fork: libgomp's thread pool (its threads are gone,
// its barriers wait for them forever) must not be entered again, and
// neither the leases nor the team of threads that do not exist in the
// child count.
void OnForkChild() {
  g_forked.store(true, std::memory_order_relaxed);
  g_leased.store(0, std::memory_order_relaxed);
  ForgetTeamAfterFork();
}

// Registered when the library is loaded, so that every later fork is seen.
[[maybe_unused]] const int g_fork_handler =
    pthread_atfork(nullptr, nullptr, &OnForkChild);

// Returns the cores this process may run on, as OpenMP counts them, asked
// once: libgomp's omp_get_num_procs() is a system call (the affinity mask)
// every time, a microsecond that showed in two-thread calls of 1 MiB.
int Cores() {
  static std::atomic<int> cores{0};
  int n = cores.load(std::memory_order_relaxed);
  if (n == 0) {
    n = std::max(1, omp_get_num_procs());
    cores.store(n, std::memory_order_relaxed);
  }
  return n;
}

}  // namespace

void SetParallelGrain(int64_t elements) {
  g_grain.store(elements == 0 ? kDefaultGrain : elements,
                std::memory_order_relaxed);
}

ThreadLease::ThreadLease(int num_threads, int64_t elements)
    : count_(1), held_(0) {
  const int64_t grain = g_grain.load(std::memory_order_relaxed);
  // Work for one thread returns before a division (a small call's largest
  // cost here) and without asking OpenMP, which costs more.
  if (elements / 2 < grain) return;
  const int64_t by_work = elements / grain;
  int64_t wanted = num_threads;
  if (num_threads == 0) {
    // Inside someone else's active parallel region, its team already has
    // the cores.
    wanted = omp_in_parallel() ? 1 : omp_get_max_threads();
  }
  wanted = std::min(wanted, by_work);
  if (wanted <= 1) return;
  // Where OpenMP would not nest another team, one thread plans the call.
  if (omp_get_active_level() >= omp_get_max_active_levels()) return;
  // The threads all leases hold, this one's included, stay within the
  // larger of its ask and the cores: a call alone gets all it asked for.
  const int64_t limit = std::max<int64_t>(wanted, Cores());
  int held = g_leased.load(std::memory_order_relaxed);
  int granted;
  do {
    granted = static_cast<int>(std::clamp<int64_t>(limit - held, 1, wanted));
  } while (!g_leased.compare_exchange_weak(held, held + granted,
                                           std::memory_order_relaxed));
  count_ = granted;
  held_ = granted;
}

ThreadLease::~ThreadLease() {
  if (held_ > 0) g_leased.fetch_sub(held_, std::memory_order_relaxed);
}

void RunParallel(int threads, void (*call)(const void* body, int t),
                 const void* body) {
  if (InForkedChild()) {
    RunOnTeam(threads, call, body);
    return;
  }
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int t = 0; t < threads; ++t) call(body, t);
}

bool InForkedChild() { return g_forked.load(std::memory_order_relaxed); }

int ThreadsLeased() { return g_leased.load(std::memory_order_relaxed); }

bool SplitsRows(const Plan& plan, const Layout& layout, int threads,
                PlanePathFn plane_path) {
  if (layout.results / layout.M >= threads) return false;
  const int64_t item = static_cast<int64_t>(plan.itemsize);
  if (layout.M * item / threads >= static_cast<int64_t>(kPanelBytes))
    return false;
  const int64_t min_rows = std::max<int64_t>(
      1, g_grain.load(std::memory_order_relaxed) / kGrainPerSplitRow);
  if (layout.K / threads < min_rows) return false;
  return SlicesSideBySide(plane_path(static_cast<size_t>(layout.K), layout.k_in,
                                     static_cast<size_t>(layout.M),
                                     layout.m_in));
}

}  // namespace internal
}  // namespace argmin
