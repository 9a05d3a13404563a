// Slice kernels for the uint dtypes, compiled once per Highway target.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "dispatch/kernels_uint.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
// Must come after foreach_target.h.
#include "dispatch/kernels.h"
#include "hwy/highway.h"
#include "kernels/argmin-inl.h"

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {

int64_t ArgminUInt8(const void* in, size_t n, ptrdiff_t stride,
                    uint32_t flags) {
  return ArgminSlice<internal::UInt8Keys>(in, n, stride, flags);
}
int64_t ArgminUInt16(const void* in, size_t n, ptrdiff_t stride,
                     uint32_t flags) {
  return ArgminSlice<internal::UInt16Keys>(in, n, stride, flags);
}
int64_t ArgminUInt32(const void* in, size_t n, ptrdiff_t stride,
                     uint32_t flags) {
  return ArgminSlice<internal::UInt32Keys>(in, n, stride, flags);
}
int64_t ArgminUInt64(const void* in, size_t n, ptrdiff_t stride,
                     uint32_t flags) {
  return ArgminSlice<internal::UInt64Keys>(in, n, stride, flags);
}
int64_t ArgminBool(const void* in, size_t n, ptrdiff_t stride, uint32_t flags) {
  return ArgminSlice<internal::BoolKeys>(in, n, stride, flags);
}

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace argmin {
HWY_EXPORT(ArgminUInt8);
HWY_EXPORT(ArgminUInt16);
HWY_EXPORT(ArgminUInt32);
HWY_EXPORT(ArgminUInt64);
HWY_EXPORT(ArgminBool);

namespace internal {

SliceKernel UIntSliceKernel(DType dtype) {
  switch (dtype) {
    case DType::kUInt8:
      return &HWY_DYNAMIC_DISPATCH(ArgminUInt8);
    case DType::kUInt16:
      return &HWY_DYNAMIC_DISPATCH(ArgminUInt16);
    case DType::kUInt32:
      return &HWY_DYNAMIC_DISPATCH(ArgminUInt32);
    case DType::kUInt64:
      return &HWY_DYNAMIC_DISPATCH(ArgminUInt64);
    case DType::kBool:
      return &HWY_DYNAMIC_DISPATCH(ArgminBool);
    default:
      return nullptr;
  }
}

}  // namespace internal
}  // namespace argmin
#endif  // HWY_ONCE
