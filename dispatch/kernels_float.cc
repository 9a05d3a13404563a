// Kernels for the float dtype group, compiled once per Highway target;
// the body is dispatch/slice_kernels-inl.h.
#define ARGMIN_GROUP ARGMIN_FOREACH_FLOAT_DTYPE
#define ARGMIN_GROUP_KERNEL FloatKernels

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "dispatch/kernels_float.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
// Must come after foreach_target.h.
#include "dispatch/slice_kernels-inl.h"
