// Target choice (dispatch/targets.h).
#include "dispatch/targets.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atomic>
#include <cstdint>
#include <mutex>

#include "dispatch/status.h"
#include "hwy/targets.h"

namespace argmin {
namespace internal {
namespace {

// The forced target (one of Highway's target bits) and its index in the
// dispatch tables, as (bit number + 1) << 8 | index in one word, so that a
// call reads both of one choice; 0: none forced.
std::atomic<uint32_t> forced_choice{0};
std::atomic<bool> environment_rejected{false};
std::once_flag environment_once;
std::atomic<bool> environment_read{false};  // set once environment_once ran
char environment_error[256] = "";  // written once, before the flag is set

// Returns the compiled targets this CPU supports, found once.
int64_t SupportedHere() {
  static const int64_t supported = hwy::SupportedTargets() & HWY_TARGETS;
  return supported;
}

// Returns the index, in every HWY_DISPATCH_TABLE, of the best of `targets`,
// as HWY_DYNAMIC_DISPATCH finds it for Highway's own choice.
size_t TableIndex(int64_t targets) {
  hwy::ChosenTarget chosen;
  chosen.Update(targets);
  return chosen.GetIndex();
}

// Returns forced_choice's word for `target`, one target's bit.
uint32_t ChoiceOf(int64_t target) {
  const uint32_t bit = static_cast<uint32_t>(
      hwy::Num0BitsBelowLS1Bit_Nonzero64(static_cast<uint64_t>(target)));
  return (bit + 1) << 8 | static_cast<uint32_t>(TableIndex(target));
}

// Returns the index in the dispatch tables of the best supported target,
// found once: Highway's ChosenTarget costs several nanoseconds a call.
size_t SupportedIndex() {
  static const size_t index = TableIndex(SupportedHere());
  return index;
}

// Returns the supported target named `name`, or 0.
int64_t FindTarget(const char* name) {
  for (int64_t rest = SupportedHere(); rest != 0; rest &= rest - 1) {
    const int64_t target = rest & -rest;
    if (strcmp(hwy::TargetName(target), name) == 0) return target;
  }
  return 0;
}

// Writes to `out` why `name` (given by `source`) names no target: the
// targets this build and CPU support.
void DescribeUnknown(const char* source, const char* name, char* out,
                     size_t size) {
  int used = snprintf(out, size,
                      "%s%.64s names no target that this build and CPU "
                      "support; supported:",
                      source, name);
  for (int64_t rest = SupportedHere(); rest != 0; rest &= rest - 1) {
    if (used < 0 || used >= static_cast<int>(size)) break;
    used +=
        snprintf(out + used, size - used, " %s", hwy::TargetName(rest & -rest));
  }
}

// Applies ARGMIN_TARGET: forces a target it names, or keeps why it names
// none, so that calls fail rather than run on another target.
void ApplyEnvironment() {
  const char* name = getenv("ARGMIN_TARGET");
  if (name == nullptr || name[0] == '\0') return;
  const int64_t target = FindTarget(name);
  if (target != 0) {
    forced_choice.store(ChoiceOf(target));
    return;
  }
  DescribeUnknown("ARGMIN_TARGET=", name, environment_error,
                  sizeof(environment_error));
  environment_rejected.store(true);
}

// Applies ARGMIN_TARGET once, at the first call that asks; later calls pay
// one load.
void ReadEnvironmentOnce() {
  if (environment_read.load(std::memory_order_acquire)) return;
  std::call_once(environment_once, [] {
    ApplyEnvironment();
    environment_read.store(true, std::memory_order_release);
  });
}

// Before fork: finishes the two one-time initializations above, waiting for
// a thread that is inside one, so that no child inherits one half done (its
// lock held by a thread that does not exist there, which would block every
// call in the child).
void SettleBeforeFork() {
  ReadEnvironmentOnce();
  SupportedIndex();
}

[[maybe_unused]] const int g_fork_handler =
    pthread_atfork(&SettleBeforeFork, nullptr, nullptr);

}  // namespace

argmin_status ForceTarget(const char* name) {
  ReadEnvironmentOnce();
  int64_t target = 0;
  if (name != nullptr && name[0] != '\0') {
    target = FindTarget(name);
    if (target == 0) {
      char why[256];
      DescribeUnknown("argmin_force_target: ", name, why, sizeof(why));
      return Fail(ARGMIN_ERROR_UNKNOWN_TARGET, "%s", why);
    }
  }
  forced_choice.store(target == 0 ? 0 : ChoiceOf(target));
  environment_rejected.store(false);
  return ARGMIN_OK;
}

argmin_status TargetStatus() {
  ReadEnvironmentOnce();
  return environment_rejected.load() ? ARGMIN_ERROR_UNKNOWN_TARGET : ARGMIN_OK;
}

const char* TargetError() {
  return TargetStatus() == ARGMIN_OK ? "" : environment_error;
}

int64_t DispatchTargets() {
  ReadEnvironmentOnce();
  const uint32_t forced = forced_choice.load(std::memory_order_relaxed);
  return forced != 0 ? int64_t{1} << ((forced >> 8) - 1) : SupportedHere();
}

size_t DispatchIndex() {
  ReadEnvironmentOnce();
  const uint32_t forced = forced_choice.load(std::memory_order_relaxed);
  return forced != 0 ? forced & 0xFF : SupportedIndex();
}

const char* TargetName() {
  const int64_t targets = DispatchTargets();
  return hwy::TargetName(targets & -targets);  // lowest bit: best target
}

}  // namespace internal
}  // namespace argmin
