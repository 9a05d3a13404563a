// The library's own team of threads (dispatch/team.h).
#include "dispatch/team.h"

#include <stdlib.h>
#include <strings.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

namespace argmin {
namespace internal {
namespace {

using Call = void (*)(const void* body, int t);

// The most parts one job of the team has: a part number is 16 bits of its
// state word.
constexpr int kMaxParts = 0xFFFF;

// Threads that take the parts of a job and run them, one job at a time;
// never destroyed, as its threads wait for work until the process ends.
// Parts are taken without a lock: a thread that sleeps on a lock is woken
// on the core of the thread that released it, where it then waits for that
// thread's part to end (seen under KVM: the two parts of a call ran one
// after the other on most calls).
class Team {
 public:
  // `spin`: how long a waiting thread keeps its core before it sleeps.
  explicit Team(std::chrono::microseconds spin) : spin_(spin) {}

  // Runs call(body, t) for each t in [0, parts) (parts <= kMaxParts) on
  // the team and the calling thread; returns false, having run nothing, if
  // the team is working for another call.
  bool TryRun(int parts, Call call, const void* body);

 private:
  // The state word: the job's number, its part count, the next part.
  static uint32_t JobOf(uint64_t s) { return static_cast<uint32_t>(s >> 32); }
  static int PartsOf(uint64_t s) {
    return static_cast<int>((s >> 16) & 0xFFFF);
  }
  static int NextOf(uint64_t s) { return static_cast<int>(s & 0xFFFF); }

  // A member's loop: runs parts of each job it sees, and waits for the
  // next.
  void Serve();
  // Takes and runs parts of job `job` until none is left to take.
  void RunParts(uint32_t job);
  // Keeps the core while waiting() is true, for at most spin_, then
  // sleeps on `cv` until it is false. Not sched_yield while spinning: a
  // member that yielded left its part to the caller on most calls.
  template <class Waiting>
  void WaitWhile(std::condition_variable& cv, const Waiting& waiting);
  // Wakes the threads sleeping on `cv` for a change already made.
  void Wake(std::condition_variable& cv);

  const std::chrono::microseconds spin_;
  std::mutex user_;    // held by the call the team works for
  uint32_t jobs_ = 0;  // jobs posted; under user_
  int members_ = 0;    // threads started; under user_
  // The current job: call_ and body_ are written before the state word
  // announces it, and read by a thread that took one of its parts, which
  // keeps the job from ending.
  std::atomic<uint64_t> state_{0};
  Call call_ = nullptr;
  const void* body_ = nullptr;
  std::atomic<int> unfinished_{0};  // parts of the job not yet run to the end
  std::mutex sleep_;                // only for sleeping and waking
  std::condition_variable work_, done_;
};

template <class Waiting>
void Team::WaitWhile(std::condition_variable& cv, const Waiting& waiting) {
  const auto until = std::chrono::steady_clock::now() + spin_;
  while (waiting() && std::chrono::steady_clock::now() < until) {
  }
  std::unique_lock<std::mutex> lock(sleep_);
  cv.wait(lock, [&] { return !waiting(); });
}

void Team::Wake(std::condition_variable& cv) {
  // Taking the lock orders the change before any waiter's last look.
  { std::lock_guard<std::mutex> lock(sleep_); }
  cv.notify_all();
}

void Team::RunParts(uint32_t job) {
  uint64_t s = state_.load(std::memory_order_acquire);
  while (JobOf(s) == job && NextOf(s) < PartsOf(s)) {
    if (!state_.compare_exchange_weak(s, s + 1, std::memory_order_acq_rel)) {
      continue;  // s now holds the state seen
    }
    call_(body_, NextOf(s));
    if (unfinished_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      Wake(done_);
    }
    s = state_.load(std::memory_order_acquire);
  }
}

void Team::Serve() {
  uint32_t served = 0;  // jobs are numbered from 1
  for (;;) {
    WaitWhile(work_, [&] {
      return JobOf(state_.load(std::memory_order_acquire)) == served;
    });
    served = JobOf(state_.load(std::memory_order_acquire));
    RunParts(served);
  }
}

bool Team::TryRun(int parts, Call call, const void* body) {
  std::unique_lock<std::mutex> user(user_, std::try_to_lock);
  if (!user.owns_lock()) return false;
  for (; members_ < parts - 1; ++members_) {
    try {
      std::thread(&Team::Serve, this).detach();
    } catch (...) {
      break;  // the members there are, and the caller, take every part
    }
  }
  call_ = call;
  body_ = body;
  unfinished_.store(parts, std::memory_order_relaxed);
  const uint32_t job = ++jobs_ == 0 ? ++jobs_ : jobs_;  // never 0
  state_.store(uint64_t{job} << 32 | static_cast<uint64_t>(parts) << 16,
               std::memory_order_release);
  Wake(work_);
  RunParts(job);
  // Only for parts that members took and are running.
  WaitWhile(done_, [this] {
    return unfinished_.load(std::memory_order_acquire) != 0;
  });
  return true;
}

// The team, made on first use; a child forgets its parent's.
std::atomic<Team*> g_team{nullptr};

// Returns how long a waiting thread of the team keeps its core: not at all
// when OpenMP's threads are told to sleep (OMP_WAIT_POLICY=passive, as the
// tests ask, which run more threads than cores), else a fifth of a
// millisecond.
std::chrono::microseconds SpinTime() {
  const char* policy = getenv("OMP_WAIT_POLICY");
  const bool passive = policy != nullptr && strcasecmp(policy, "passive") == 0;
  return std::chrono::microseconds(passive ? 0 : 200);
}

// Returns the team, made if there is none (nullptr without memory).
Team* TheTeam() {
  Team* team = g_team.load(std::memory_order_acquire);
  if (team != nullptr) return team;
  Team* made = new (std::nothrow) Team(SpinTime());
  if (made == nullptr) return nullptr;
  if (!g_team.compare_exchange_strong(team, made, std::memory_order_acq_rel)) {
    delete made;  // another thread's came first; no thread of it started
    return team;
  }
  return made;
}

// Runs call(body, t) for each t in [0, threads) on threads started for it
// and joined before it returns; what cannot be started runs on the calling
// thread.
void RunOnOwnThreads(int threads, Call call, const void* body) {
  std::vector<std::thread> started_threads;
  int started = 0;  // parts 1 to `started` run on them
  try {
    started_threads.reserve(static_cast<size_t>(threads - 1));
    for (int t = 1; t < threads; ++t) {
      started_threads.emplace_back(call, body, t);
      started = t;
    }
  } catch (...) {
  }
  call(body, 0);
  for (int t = started + 1; t < threads; ++t) call(body, t);
  for (std::thread& thread : started_threads) thread.join();
}

}  // namespace

void RunOnTeam(int threads, Call call, const void* body) {
  Team* team = threads <= kMaxParts ? TheTeam() : nullptr;
  if (team != nullptr && team->TryRun(threads, call, body)) return;
  RunOnOwnThreads(threads, call, body);
}

void ForgetTeamAfterFork() {
  // The old team stays allocated: its locks may be held by threads that
  // are not in this process, so it can be neither used nor destroyed.
  g_team.store(nullptr, std::memory_order_relaxed);
}

}  // namespace internal
}  // namespace argmin
