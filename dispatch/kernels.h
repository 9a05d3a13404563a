// The slice kernels that dispatch chooses among, one per dtype; each is
// compiled for every Highway target and picked at runtime.
#ifndef ARGMIN_DISPATCH_KERNELS_H_
#define ARGMIN_DISPATCH_KERNELS_H_

#include <cstddef>
#include <cstdint>

#include "kernels/keys.h"

namespace argmin {
namespace internal {

// Returns the index of the first (or, with kLastIndex in `flags`, the last)
// minimum of the n >= 1 elements at `in`, `in + stride`, ... (stride counted
// in elements, any sign); kAllNaN when every element is NaN under kIgnoreNaN.
using SliceKernel = int64_t (*)(const void* in, size_t n, ptrdiff_t stride,
                                uint32_t flags);

// Return the kernel for `dtype` of the target that runtime dispatch chose;
// each covers the dtypes of its group and returns nullptr for the others.
SliceKernel FloatSliceKernel(DType dtype);
SliceKernel IntSliceKernel(DType dtype);
SliceKernel UIntSliceKernel(DType dtype);

// Returns the kernel for `dtype` of the target that runtime dispatch chose.
inline SliceKernel ChooseSliceKernel(DType dtype) {
  if (SliceKernel k = FloatSliceKernel(dtype)) return k;
  if (SliceKernel k = IntSliceKernel(dtype)) return k;
  return UIntSliceKernel(dtype);
}

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_KERNELS_H_
