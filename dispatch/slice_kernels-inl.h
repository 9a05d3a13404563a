// The body shared by the dtype-group files dispatch/kernels_*.cc, which
// define ARGMIN_GROUP (an ARGMIN_FOREACH_*_DTYPE list) and ARGMIN_GROUP_KERNEL
// (the name of the group's SliceKernel getter) before including
// hwy/foreach_target.h and then this file.
//
// Per target: exported wrappers per dtype around ArgminSlice and ArgminPlane.
// Once: the dispatch tables, and the getter that returns the chosen target's
// wrappers.

// Per-target include guard.
#if defined(ARGMIN_DISPATCH_SLICE_KERNELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ARGMIN_DISPATCH_SLICE_KERNELS_INL_H_
#undef ARGMIN_DISPATCH_SLICE_KERNELS_INL_H_
#else
#define ARGMIN_DISPATCH_SLICE_KERNELS_INL_H_
#endif

#include "dispatch/kernels.h"
#include "hwy/highway.h"
#include "kernels/plane-inl.h"

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {

#define ARGMIN_DEFINE_SLICE_KERNEL(Name, code, bits, type, name)           \
  int64_t Argmin##Name(const void* in, size_t n, ptrdiff_t stride,         \
                       uint32_t flags) {                                   \
    return ArgminSlice<internal::Name##Keys>(in, n, stride, flags);        \
  }                                                                        \
  bool ArgminPlane##Name(const void* in, size_t k, ptrdiff_t k_stride,     \
                         size_t m, ptrdiff_t m_stride, uint32_t flags,     \
                         int64_t* out) {                                   \
    return ArgminPlane<internal::Name##Keys>(in, k, k_stride, m, m_stride, \
                                             flags, out);                  \
  }
ARGMIN_GROUP(ARGMIN_DEFINE_SLICE_KERNEL)
#undef ARGMIN_DEFINE_SLICE_KERNEL

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard

#if HWY_ONCE
namespace argmin {

#define ARGMIN_EXPORT_SLICE_KERNEL(Name, code, bits, type, name) \
  HWY_EXPORT(Argmin##Name);                                      \
  HWY_EXPORT(ArgminPlane##Name);
ARGMIN_GROUP(ARGMIN_EXPORT_SLICE_KERNEL)
#undef ARGMIN_EXPORT_SLICE_KERNEL

namespace internal {

Kernels ARGMIN_GROUP_KERNEL(DType dtype) {
  switch (dtype) {
#define ARGMIN_CHOOSE_SLICE_KERNEL(Name, code, bits, type, name) \
  case DType::k##Name:                                           \
    return {&HWY_DYNAMIC_DISPATCH(Argmin##Name),                 \
            &HWY_DYNAMIC_DISPATCH(ArgminPlane##Name)};
    ARGMIN_GROUP(ARGMIN_CHOOSE_SLICE_KERNEL)
#undef ARGMIN_CHOOSE_SLICE_KERNEL
    default:
      return {nullptr, nullptr};
  }
}

}  // namespace internal
}  // namespace argmin
#endif  // HWY_ONCE
