// Many callers at once: eight threads call the C API together, each call
// with OpenMP threads inside it (a small parallel grain gives small calls
// several), on random shapes, strides, dtypes, ops and options, some of
// them failing on purpose, while another thread keeps changing the forced
// target. Every answer must be the oracle's, and every error the one a lone
// call would give, with its outputs untouched. Then the team of threads
// that forked children run on; and calls from inside a user's OpenMP
// parallel region and from a user's pool of threads: right answers, and no
// more threads at work than the cores (docs/threads.md).
#include <dirent.h>
#include <gtest/gtest.h>
#include <omp.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "argmin/argmin.h"
#include "dispatch/team.h"
#include "dispatch/threads.h"
#include "kernels/oracle.h"
#include "tests/random_call.h"
#include "tests/test_util.h"

namespace argmin {
namespace {

using internal::ThreadLease;
using internal::ThreadsLeased;
using test::Failures;
using test::OneCall;
using test::SupportedTargetNames;

TEST(ConcurrencyTest, EightCallersAndATargetChangerAgreeWithTheOracle) {
  ASSERT_EQ(argmin_set_parallel_grain(16), ARGMIN_OK);
  const std::vector<std::string>& names = SupportedTargetNames();
  std::atomic<bool> done{false};
  std::atomic<int> changes{0};
  std::thread changer([&] {
    for (size_t i = 0; !done.load(); ++i) {
      if (argmin_force_target(names[i % names.size()].c_str()) != ARGMIN_OK) {
        ADD_FAILURE() << "argmin_force_target(" << names[i % names.size()]
                      << ")";
      }
      changes.fetch_add(1);
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  Failures failures;
  std::atomic<int> errors{0};  // calls that failed, as they should have
  constexpr int kThreads = 8, kCallsPerThread = 500;
  std::vector<std::thread> callers;
  for (int t = 0; t < kThreads; ++t) {
    callers.emplace_back([&, t] {
      std::mt19937_64 rng(7777 + t);
      for (int i = 0; i < kCallsPerThread; ++i) {
        bool failed = false;
        const std::string what = OneCall(rng, &failed);
        errors.fetch_add(failed);
        if (!what.empty()) {
          failures.Add("thread " + std::to_string(t) + ", call " +
                       std::to_string(i) + ": " + what);
        }
      }
    });
  }
  for (auto& c : callers) c.join();
  done.store(true);
  changer.join();
  EXPECT_EQ(argmin_force_target(nullptr), ARGMIN_OK);
  EXPECT_EQ(argmin_set_parallel_grain(0), ARGMIN_OK);
  EXPECT_EQ(failures.count.load(), 0) << failures.first;
  EXPECT_GT(changes.load(), names.size() > 1 ? 2 : 0);
  // Both kinds of call happened: answers, and errors of every kind asked.
  EXPECT_GT(errors.load(), kThreads * kCallsPerThread / 20);
  EXPECT_LT(errors.load(), kThreads * kCallsPerThread / 2);
}

// Returns the ids of this process's threads (/proc/self/task).
std::set<long> ThreadIds() {
  std::set<long> ids;
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) return ids;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ids.insert(atol(entry->d_name));
  }
  closedir(dir);
  return ids;
}

// Samples, every 100 microseconds on a thread of its own until stopped,
// ThreadsLeased() (keeping the largest value) and the ids of this
// process's threads (keeping each id seen: a nested OpenMP team's threads
// live only as long as their region).
class Sampler {
 public:
  Sampler()
      : thread_([this] {
          const long self = syscall(SYS_gettid);
          while (!stop_.load()) {
            const int v = ThreadsLeased();
            if (v > most_leased_.load()) most_leased_.store(v);
            for (long id : ThreadIds()) {
              if (id != self) seen_.insert(id);
            }
            std::this_thread::sleep_for(std::chrono::microseconds(100));
          }
        }) {}
  ~Sampler() { Stop(); }
  // Stops sampling; the results below are then final.
  void Stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
  }
  // The most threads leases held at a sample so far.
  int most_leased() const { return most_leased_.load(); }
  // The threads seen but the sampler's own.
  const std::set<long>& seen() const { return seen_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> most_leased_{0};  // written by the sampling thread
  std::set<long> seen_;
  std::thread thread_;  // last: started once the rest is initialized
};

// A float32 plane of 4 Mi elements with NaNs and ties, and the oracle's
// argmin along axis 0: a call that runs on every core by default.
struct Plane {
  static constexpr int64_t kSide = 2048;
  const test::Matrix m{test::DTypeNamed("float32"), kSide, kSide, 11};
  std::vector<int64_t> want;

  Plane() {
    argmin_status status;
    want = oracle::Arg(m.tensor, Options(0), false, &status);
  }

  static argmin_options Options(int threads) {
    argmin_options o = argmin_default_options();
    o.has_axis = 1;
    o.axis = 0;
    o.num_threads = threads;
    return o;
  }

  // Returns whether argmin along axis 0 on `threads` threads is the oracle's.
  bool Check(int threads) const {
    std::vector<int64_t> got(kSide, -2);
    int64_t extent;
    DLTensor out = test::Int64Vector(&got, &extent);
    const argmin_options o = Options(threads);
    return argmin_compute(&m.tensor, &o, &out) == ARGMIN_OK && got == want;
  }
};

constexpr int64_t kBig = int64_t{1} << 30;  // elements: a lease by the option

// The team that forked children run on, used here directly, where
// ThreadSanitizer can see it (it checks nothing in a child forked from a
// process with threads): four callers at once, parts of every count, each
// part run once, and each part's write seen by the caller when it returns.
TEST(TeamTest, EveryPartRunsOnceForEveryCaller) {
  Failures failures;
  std::vector<std::thread> callers;
  for (int c = 0; c < 4; ++c) {
    callers.emplace_back([&failures, c] {
      for (int i = 0; i < 300; ++i) {
        const int parts = 2 + (c + i) % 7;
        std::vector<int> runs(parts, 0);  // plain ints: one writer each
        const auto body = [&runs](int t) { ++runs[t]; };
        internal::RunOnTeam(
            parts,
            [](const void* f, int t) {
              (*static_cast<const decltype(body)*>(f))(t);
            },
            &body);
        for (int t = 0; t < parts; ++t) {
          if (runs[t] != 1) {
            failures.Add("part " + std::to_string(t) + " of " +
                         std::to_string(parts) + " ran " +
                         std::to_string(runs[t]) + " times");
          }
        }
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(failures.count.load(), 0) << failures.first;
}

// Leases share the cores: what one holds, the next does not get, below
// the larger of its ask and the cores; every lease gets its caller's own
// thread; a lease ended gives its threads back.
TEST(ThreadLeaseTest, ConcurrentLeasesShareTheCores) {
  const int cores = omp_get_num_procs();
  ASSERT_EQ(ThreadsLeased(), 0);
  {
    const ThreadLease first(cores + 1, kBig);
    EXPECT_EQ(first.count(), cores + 1);  // alone: all it asked for
    const ThreadLease second(2, kBig);
    EXPECT_EQ(second.count(), 1);  // the cores are taken: its own thread
    EXPECT_EQ(ThreadsLeased(), cores + 2);
  }
  EXPECT_EQ(ThreadsLeased(), 0);
  {
    const ThreadLease one(1, kBig);  // one thread reserves nothing
    EXPECT_EQ(one.count(), 1);
    const ThreadLease small(4, 3 * internal::kDefaultGrain);
    EXPECT_EQ(small.count(), 3);  // one thread per grain of work
    EXPECT_EQ(ThreadsLeased(), 3);
  }
  EXPECT_EQ(ThreadsLeased(), 0);
}

// Inside an active parallel region the default is the caller's own thread,
// while an explicit ask is honoured where OpenMP nests teams.
TEST(ThreadLeaseTest, InsideAnActiveRegionTheDefaultIsOneThread) {
  const int saved = omp_get_max_active_levels();
  for (int levels : {1, 4}) {
    omp_set_max_active_levels(levels);
    int by_default = -1, asked = -1;
#pragma omp parallel num_threads(2)
    {
      if (omp_get_thread_num() == 0) {
        by_default = ThreadLease(0, kBig).count();
        asked = ThreadLease(2, kBig).count();
      }
    }
    EXPECT_EQ(by_default, 1) << "max active levels " << levels;
    EXPECT_EQ(asked, levels > 1 ? 2 : 1) << "max active levels " << levels;
  }
  omp_set_max_active_levels(saved);
}

// Every thread of a user's parallel region calls with the default thread
// count, nesting allowed (OpenMP alone would then start a team per caller):
// the answers are right, no call leases helpers, and no thread starts
// while they run: the region's team, as many threads as cores, does all
// the work.
TEST(NestedTest, CallsInsideAUsersParallelRegionAddNoThreads) {
  constexpr int kCallsPerCaller = 40;
  const int cores = omp_get_num_procs();
  const int saved = omp_get_max_active_levels();
  omp_set_max_active_levels(4);
  const Plane plane;
  std::atomic<int> wrong{0}, calls{0};
  // The region's team, started before the threads are counted: OpenMP
  // keeps it for the next region.
#pragma omp parallel num_threads(cores)
  calls.fetch_add(0);
  const std::set<long> before = ThreadIds();
  Sampler sampler;
#pragma omp parallel num_threads(cores)
  {
    for (int i = 0; i < kCallsPerCaller; ++i) {
      wrong.fetch_add(!plane.Check(0));
      calls.fetch_add(1);
    }
  }
  sampler.Stop();
  omp_set_max_active_levels(saved);
  int started = 0;  // threads that appeared while the calls ran
  for (long id : sampler.seen()) started += before.count(id) == 0;
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(calls.load(), kCallsPerCaller * cores);
  EXPECT_EQ(started, 0);  // the region's team of `cores` did it all
  EXPECT_EQ(sampler.most_leased(), 0);  // no call asked for helpers
}

// Callers from a user's pool of threads, more of them than cores, each
// with the default thread count: helpers start only while the library's
// threads are fewer than the cores, so that at most cores - 1 helpers run
// beside the callers, rather than a team per caller.
TEST(NestedTest, CallersFromAPoolAddAtMostCoresMinusOneHelpers) {
  const int cores = omp_get_num_procs();
  const int callers = std::max(4, 2 * cores);
  const Plane plane;
  std::atomic<int> wrong{0};
  Sampler sampler;
  std::vector<std::thread> pool;
  // Four calls each, and more until the sampler has seen a lease (a loaded
  // machine may not run it while a few calls hold theirs), within a bound.
  for (int t = 0; t < callers; ++t) {
    pool.emplace_back([&] {
      for (int i = 0; i < 4 || (sampler.most_leased() == 0 && i < 400); ++i) {
        wrong.fetch_add(!plane.Check(0));
      }
    });
  }
  for (std::thread& t : pool) t.join();
  sampler.Stop();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GE(sampler.most_leased(), 1);
  EXPECT_LE(sampler.most_leased(), callers + cores - 1);
  EXPECT_EQ(ThreadsLeased(), 0);
}

}  // namespace
}  // namespace argmin
