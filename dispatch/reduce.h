// The reducers: a validated call's slices run through the kernels that
// runtime dispatch chose for its dtype and op, spread over threads, their
// answers merged and written to the outputs.
#ifndef ARGMIN_DISPATCH_REDUCE_H_
#define ARGMIN_DISPATCH_REDUCE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "argmin/argmin.h"
#include "dispatch/kernels.h"
#include "dispatch/validate.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {

// The most orders an op has (argminmax's two).
constexpr int kMaxOrders = 2;

// Returns whether the slice of k >= 1 elements `k_in` apart at `p` (item
// bytes each) holds only NaNs. Why this way: it reads only the first element
// of all but NaN-laden slices, and the rest with the op's slice kernel
// `slice` under kIgnoreNaN.
template <class Traits>
bool SliceAllNaN(const uint8_t* p, int64_t k, int64_t k_in, int64_t item,
                 SliceKernel slice) {
  typename Traits::Key raw;
  std::memcpy(&raw, p, sizeof(raw));
  if (!Traits::IsNaN(raw)) return false;
  if (k == 1) return true;
  int64_t found[kMaxOrders];
  slice(p + k_in * item, static_cast<size_t>(k - 1), k_in, kIgnoreNaN, found);
  return found[0] == kAllNaN;
}

// Reduces `plan` with `op` into `outputs`, all validated and the outputs not
// empty; ARGMIN_ERROR_ALL_NAN, with every output untouched, if a slice is
// all-NaN (unless the plan allows it).
argmin_status ReducePlan(const Plan& plan, Op op, const Outputs& outputs);

// Writes to out[o] the index of the op's o-th extreme of the n >= 1
// contiguous elements of `dtype` at `data` under `flags`, on up to
// `num_threads` threads (0: OpenMP's default); kAllNaN if every element is
// NaN under kIgnoreNaN.
void ReduceContiguous(DType dtype, Op op, size_t itemsize, const void* data,
                      int64_t n, uint32_t flags, int num_threads, int64_t* out);

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_REDUCE_H_
