// Thread policy: how many threads a call uses, how it divides the work
// between them, and how it runs them safely whatever the process did before
// (fork, other parallel code): docs/threads.md.
#ifndef ARGMIN_DISPATCH_THREADS_H_
#define ARGMIN_DISPATCH_THREADS_H_

#include <cstdint>

#include "dispatch/layout.h"
#include "dispatch/validate.h"
#include "kernels/plane_path.h"

namespace argmin {
namespace internal {

// The least input elements per thread by default: below it, starting threads
// costs more than it saves.
constexpr int64_t kDefaultGrain = int64_t{1} << 16;

// Sets the least input elements per thread (argmin_set_parallel_grain); 0
// restores kDefaultGrain.
void SetParallelGrain(int64_t elements);

// The threads one call runs on, reserved from a process-wide budget for as
// long as the lease lives, so that concurrent calls together start no
// helper threads once the cores are busy with the library's work.
class ThreadLease {
 public:
  // Reserves the threads for `elements` units of work (input elements, or
  // results where each is a part of its own): the option (0: OpenMP's
  // default, or one thread when called inside an active parallel region),
  // at most one per grain, and fewer (never less than the caller's own)
  // while other calls hold the cores.
  ThreadLease(int num_threads, int64_t elements);
  ~ThreadLease();
  ThreadLease(const ThreadLease&) = delete;
  ThreadLease& operator=(const ThreadLease&) = delete;

  // Returns how many threads the call may run on, the caller's included.
  int count() const { return count_; }

 private:
  int count_;
  int held_;  // reserved from the budget: 0 for a one-thread call
};

// Calls `call(body, t)` once for each t in [0, threads), on up to `threads`
// threads at once: an OpenMP team, or, in a child forked after the library
// was loaded, the library's own (dispatch/team.h), as libgomp's pool does
// not survive fork.
void RunParallel(int threads, void (*call)(const void* body, int t),
                 const void* body);

// Calls body(t) once for each t in [0, threads), in parallel (RunParallel).
template <class Body>
void ParallelFor(int threads, const Body& body) {
  if (threads == 1) {
    body(0);
    return;
  }
  RunParallel(
      threads, [](const void* f, int t) { (*static_cast<const Body*>(f))(t); },
      &body);
}

// Returns whether this process is a child forked after the library was
// loaded (a fork of a fork too).
bool InForkedChild();

// Returns how many threads leases hold now, process-wide: the callers in
// multi-thread calls and their helpers.
int ThreadsLeased();

// Returns whether ReduceAlongAxis should split the rows of each plane between
// `threads` threads rather than spread the results: fewer planes than
// threads, strips of columns that would be narrower than a column panel, long
// enough slices, and slices side by side in memory, as the plane kernel's
// path (`plane_path`) says: a strip of columns per thread would have every
// thread read every row.
bool SplitsRows(const Plan& plan, const Layout& layout, int threads,
                PlanePathFn plane_path);

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_THREADS_H_
