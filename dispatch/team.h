// The library's own team of threads, for forked children: there OpenMP's
// pool cannot be entered (its threads did not survive the fork), and
// starting threads for every call would cost more than the call
// (docs/threads.md).
#ifndef ARGMIN_DISPATCH_TEAM_H_
#define ARGMIN_DISPATCH_TEAM_H_

namespace argmin {
namespace internal {

// Runs call(body, t) once for each t in [0, threads) on the team and the
// calling thread, and returns once all have run. The team starts on first
// use and grows to the largest count asked; a call that finds it working
// for another call runs on threads started for it alone. Whatever cannot
// be started (no memory, no thread) runs on the calling thread. Nothing
// throws.
void RunOnTeam(int threads, void (*call)(const void* body, int t),
               const void* body);

// In a child just forked: forgets the team, whose threads did not survive
// the fork; the next RunOnTeam starts another.
void ForgetTeamAfterFork();

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_TEAM_H_
