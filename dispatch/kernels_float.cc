// Slice kernels for the float dtypes, compiled once per Highway target.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "dispatch/kernels_float.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
// Must come after foreach_target.h.
#include "dispatch/kernels.h"
#include "hwy/highway.h"
#include "kernels/argmin-inl.h"

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {

int64_t ArgminFloat16(const void* in, size_t n, ptrdiff_t stride,
                      uint32_t flags) {
  return ArgminSlice<internal::Float16Keys>(in, n, stride, flags);
}
int64_t ArgminBFloat16(const void* in, size_t n, ptrdiff_t stride,
                       uint32_t flags) {
  return ArgminSlice<internal::BFloat16Keys>(in, n, stride, flags);
}
int64_t ArgminFloat32(const void* in, size_t n, ptrdiff_t stride,
                      uint32_t flags) {
  return ArgminSlice<internal::Float32Keys>(in, n, stride, flags);
}
int64_t ArgminFloat64(const void* in, size_t n, ptrdiff_t stride,
                      uint32_t flags) {
  return ArgminSlice<internal::Float64Keys>(in, n, stride, flags);
}

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace argmin {
HWY_EXPORT(ArgminFloat16);
HWY_EXPORT(ArgminBFloat16);
HWY_EXPORT(ArgminFloat32);
HWY_EXPORT(ArgminFloat64);

namespace internal {

SliceKernel FloatSliceKernel(DType dtype) {
  switch (dtype) {
    case DType::kFloat16:
      return &HWY_DYNAMIC_DISPATCH(ArgminFloat16);
    case DType::kBFloat16:
      return &HWY_DYNAMIC_DISPATCH(ArgminBFloat16);
    case DType::kFloat32:
      return &HWY_DYNAMIC_DISPATCH(ArgminFloat32);
    case DType::kFloat64:
      return &HWY_DYNAMIC_DISPATCH(ArgminFloat64);
    default:
      return nullptr;
  }
}

}  // namespace internal
}  // namespace argmin
#endif  // HWY_ONCE
