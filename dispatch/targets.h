// Target choice: which of the compiled Highway targets runtime dispatch uses.
#ifndef ARGMIN_DISPATCH_TARGETS_H_
#define ARGMIN_DISPATCH_TARGETS_H_

#include "argmin/argmin.h"

namespace argmin {
namespace internal {

// Restricts dispatch to the target named `name`, or restores all of them
// (NULL or ""); ARGMIN_ERROR_UNKNOWN_TARGET, and no change, for a name this
// CPU lacks.
argmin_status ForceTarget(const char* name);

// Applies ARGMIN_TARGET once, before the first call that depends on it.
void ReadEnvironmentOnce();

// Returns the name of the target dispatch uses now.
const char* TargetName();

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_TARGETS_H_
