// Slice kernels for the int dtypes, compiled once per Highway target.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "dispatch/kernels_int.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
// Must come after foreach_target.h.
#include "dispatch/kernels.h"
#include "hwy/highway.h"
#include "kernels/argmin-inl.h"

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {

int64_t ArgminInt8(const void* in, size_t n, ptrdiff_t stride, uint32_t flags) {
  return ArgminSlice<internal::Int8Keys>(in, n, stride, flags);
}
int64_t ArgminInt16(const void* in, size_t n, ptrdiff_t stride,
                    uint32_t flags) {
  return ArgminSlice<internal::Int16Keys>(in, n, stride, flags);
}
int64_t ArgminInt32(const void* in, size_t n, ptrdiff_t stride,
                    uint32_t flags) {
  return ArgminSlice<internal::Int32Keys>(in, n, stride, flags);
}
int64_t ArgminInt64(const void* in, size_t n, ptrdiff_t stride,
                    uint32_t flags) {
  return ArgminSlice<internal::Int64Keys>(in, n, stride, flags);
}

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace argmin {
HWY_EXPORT(ArgminInt8);
HWY_EXPORT(ArgminInt16);
HWY_EXPORT(ArgminInt32);
HWY_EXPORT(ArgminInt64);

namespace internal {

SliceKernel IntSliceKernel(DType dtype) {
  switch (dtype) {
    case DType::kInt8:
      return &HWY_DYNAMIC_DISPATCH(ArgminInt8);
    case DType::kInt16:
      return &HWY_DYNAMIC_DISPATCH(ArgminInt16);
    case DType::kInt32:
      return &HWY_DYNAMIC_DISPATCH(ArgminInt32);
    case DType::kInt64:
      return &HWY_DYNAMIC_DISPATCH(ArgminInt64);
    default:
      return nullptr;
  }
}

}  // namespace internal
}  // namespace argmin
#endif  // HWY_ONCE
