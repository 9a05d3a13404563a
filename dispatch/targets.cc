// Target choice (dispatch/targets.h).
#include "dispatch/targets.h"

#include <stdlib.h>
#include <string.h>

#include <cstdint>
#include <mutex>

#include "hwy/targets.h"

namespace argmin {
namespace internal {
namespace {

std::once_flag env_once;
int64_t forced_targets = 0;  // the mask last given to Highway's mock

}  // namespace

// Restricts dispatch to the target named `name`, or restores all of them.
argmin_status ForceTarget(const char* name) {
  if (name == nullptr || name[0] == '\0') {
    forced_targets = 0;
    hwy::SetSupportedTargetsForTest(0);
    return ARGMIN_OK;
  }
  hwy::SetSupportedTargetsForTest(0);  // to see what the CPU really supports
  const int64_t available = hwy::SupportedTargets() & HWY_TARGETS;
  int64_t chosen = 0;
  for (int64_t rest = available; rest != 0; rest &= rest - 1) {
    const int64_t target = rest & -rest;
    if (strcmp(hwy::TargetName(target), name) == 0) chosen = target;
  }
  if (chosen != 0) forced_targets = chosen;
  hwy::SetSupportedTargetsForTest(forced_targets);
  return chosen != 0 ? ARGMIN_OK : ARGMIN_ERROR_UNKNOWN_TARGET;
}

// Applies ARGMIN_TARGET once, before the first call that depends on it; an
// unknown name there is ignored, as the library has no way to report it.
void ReadEnvironmentOnce() {
  std::call_once(env_once, [] {
    const char* name = getenv("ARGMIN_TARGET");
    if (name != nullptr) (void)ForceTarget(name);
  });
}

const char* TargetName() {
  ReadEnvironmentOnce();
  const int64_t targets = hwy::SupportedTargets() & HWY_TARGETS;
  return hwy::TargetName(targets & -targets);  // lowest bit: best target
}

}  // namespace internal
}  // namespace argmin
