// The kernels that dispatch chooses among, one per dtype and op; each is
// compiled for every Highway target and picked at runtime.
#ifndef ARGMIN_DISPATCH_KERNELS_H_
#define ARGMIN_DISPATCH_KERNELS_H_

#include <cstddef>
#include <cstdint>

#include "dispatch/targets.h"
#include "kernels/keys.h"
#include "kernels/plane_path.h"

namespace argmin {
namespace internal {

// Writes to out[o] the index of the first (or, with kLastIndex in `flags`,
// the last) best element under the op's o-th order (one for argmin and
// argmax, two for argminmax) of the n >= 1 elements at `in`, `in + stride`,
// ... (stride counted in elements, any sign); kAllNaN when every element is
// NaN under kIgnoreNaN.
using SliceKernel = void (*)(const void* in, size_t n, ptrdiff_t stride,
                             uint32_t flags, int64_t* out);

// Writes to out[o][0, m), per order of the op, the index of the first (or
// last) best element of each of the m slices of k >= 1 elements at `in + j *
// m_stride + i * k_stride` (strides in elements, any sign); kAllNaN for the
// all-NaN ones under kIgnoreNaN, then returning false.
using PlaneKernel = bool (*)(const void* in, size_t k, ptrdiff_t k_stride,
                             size_t m, ptrdiff_t m_stride, uint32_t flags,
                             int64_t* const* out);

// The kernels of one dtype and op, for the target that runtime dispatch
// chose, and the way its plane kernel reads a plane.
struct Kernels {
  SliceKernel slice;
  PlaneKernel plane;
  PlanePathFn plane_path;
};

// Return the kernels for `dtype` and `op` of the target at `index` in the
// dispatch tables (DispatchIndex()); each covers the dtypes of its group and
// returns null pointers for the others.
Kernels FloatKernels(DType dtype, Op op, size_t index);
Kernels IntKernels(DType dtype, Op op, size_t index);
Kernels UIntKernels(DType dtype, Op op, size_t index);

// Returns the kernels for `dtype` and `op` of the target that dispatch uses
// now (dispatch/targets.h).
inline Kernels ChooseKernels(DType dtype, Op op) {
  const size_t index = DispatchIndex();
  Kernels k = FloatKernels(dtype, op, index);
  if (k.slice == nullptr) k = IntKernels(dtype, op, index);
  if (k.slice == nullptr) k = UIntKernels(dtype, op, index);
  return k;
}

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_KERNELS_H_
