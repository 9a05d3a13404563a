// Kernels for the int dtype group, compiled once per Highway target;
// the body is dispatch/slice_kernels-inl.h.
#define ARGMIN_GROUP ARGMIN_FOREACH_INT_DTYPE
#define ARGMIN_GROUP_KERNEL IntKernels

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "dispatch/kernels_int.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
// Must come after foreach_target.h.
#include "dispatch/slice_kernels-inl.h"
