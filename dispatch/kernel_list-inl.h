// The per-target kernels of every dtype and op (kernels/keys.h's two lists),
// declared once: dispatch/slice_kernels-inl.h defines them in the library,
// and the kernel tests call them per target, so that the kernels are compiled
// in one place only. Slice<Op><Dtype> is a SliceKernel and Plane<Op><Dtype>
// a PlaneKernel (dispatch/kernels.h), and PlanePathOf<Dtype> a PlanePathFn.

// Per-target include guard.
#if defined(ARGMIN_DISPATCH_KERNEL_LIST_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ARGMIN_DISPATCH_KERNEL_LIST_INL_H_
#undef ARGMIN_DISPATCH_KERNEL_LIST_INL_H_
#else
#define ARGMIN_DISPATCH_KERNEL_LIST_INL_H_
#endif

#include <stddef.h>
#include <stdint.h>

#include "hwy/highway.h"
#include "kernels/keys.h"
#include "kernels/plane_path.h"

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {

#define ARGMIN_DECLARE_OP_KERNELS(Name, Op, ...)                               \
  void Slice##Op##Name(const void* in, size_t n, ptrdiff_t stride,             \
                       uint32_t flags, int64_t* out);                          \
  bool Plane##Op##Name(const void* in, size_t k, ptrdiff_t k_stride, size_t m, \
                       ptrdiff_t m_stride, uint32_t flags,                     \
                       int64_t* const* out);
#define ARGMIN_DECLARE_DTYPE_KERNELS(Name, code, bits, type, name)    \
  ARGMIN_FOREACH_OP_WITH(ARGMIN_DECLARE_OP_KERNELS, Name)             \
  internal::PlanePath PlanePathOf##Name(size_t k, ptrdiff_t k_stride, \
                                        size_t m, ptrdiff_t m_stride);
ARGMIN_FOREACH_DTYPE(ARGMIN_DECLARE_DTYPE_KERNELS)
#undef ARGMIN_DECLARE_DTYPE_KERNELS
#undef ARGMIN_DECLARE_OP_KERNELS

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
