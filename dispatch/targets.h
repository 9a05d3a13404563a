// Target choice: which of the compiled Highway targets runtime dispatch uses.
// The choice is kept here, in atomics, rather than in Highway's process-wide
// mock (hwy::SetSupportedTargetsForTest, a plain global), so that it can
// change while other threads compute, and so that the library never changes
// Highway's dispatch for the rest of the process.
#ifndef ARGMIN_DISPATCH_TARGETS_H_
#define ARGMIN_DISPATCH_TARGETS_H_

#include <cstddef>
#include <cstdint>

#include "argmin/argmin.h"

namespace argmin {
namespace internal {

// Restricts dispatch to the target named `name`, or restores all of them
// (NULL or ""); ARGMIN_ERROR_UNKNOWN_TARGET, and no change, for a name that
// this build and CPU lack. Either success replaces a rejected ARGMIN_TARGET.
argmin_status ForceTarget(const char* name);

// Returns ARGMIN_ERROR_UNKNOWN_TARGET while the environment variable
// ARGMIN_TARGET (read once, at the first call that asks) names a target that
// this build and CPU lack and no ForceTarget call has succeeded since;
// ARGMIN_OK otherwise.
argmin_status TargetStatus();

// Returns why TargetStatus fails, naming the value and the targets this CPU
// supports (a static string), or "" when it does not.
const char* TargetError();

// Returns the Highway targets (in HWY_TARGETS' bits) that dispatch may use
// now: the forced one, or every compiled one this CPU supports.
int64_t DispatchTargets();

// Returns the index, in every HWY_DISPATCH_TABLE, of the best of
// DispatchTargets(): what a call needs to find its kernels.
size_t DispatchIndex();

// Returns the name of the target dispatch uses now.
const char* TargetName();

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_TARGETS_H_
