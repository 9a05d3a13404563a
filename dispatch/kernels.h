// The kernels that dispatch chooses among, one per dtype; each is
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

// Writes to out[0, m) the index of the first (or last) minimum of each of the
// m slices of k >= 1 elements at `in + j * m_stride + i * k_stride` (strides
// in elements, any sign); kAllNaN for the all-NaN ones under kIgnoreNaN, then
// returning false.
using PlaneKernel = bool (*)(const void* in, size_t k, ptrdiff_t k_stride,
                             size_t m, ptrdiff_t m_stride, uint32_t flags,
                             int64_t* out);

// The kernels of one dtype, for the target that runtime dispatch chose.
struct Kernels {
  SliceKernel slice;
  PlaneKernel plane;
};

// Return the kernels for `dtype`; each covers the dtypes of its group and
// returns null pointers for the others.
Kernels FloatKernels(DType dtype);
Kernels IntKernels(DType dtype);
Kernels UIntKernels(DType dtype);

// Returns the kernels for `dtype` of the target that runtime dispatch chose.
inline Kernels ChooseKernels(DType dtype) {
  Kernels k = FloatKernels(dtype);
  if (k.slice == nullptr) k = IntKernels(dtype);
  if (k.slice == nullptr) k = UIntKernels(dtype);
  return k;
}

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_KERNELS_H_
