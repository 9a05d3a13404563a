// The reducers: a validated call's slices run through the kernels that
// runtime dispatch chose, spread over threads, their answers merged and
// written to the output.
#ifndef ARGMIN_DISPATCH_REDUCE_H_
#define ARGMIN_DISPATCH_REDUCE_H_

#include <cstddef>
#include <cstdint>

#include "argmin/argmin.h"
#include "dispatch/validate.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {

// Reduces `plan` into `output`, both validated and the output not empty;
// ARGMIN_ERROR_ALL_NAN, with the output untouched, if a slice is all-NaN.
argmin_status ReducePlan(const Plan& plan, const DLTensor* output);

// Returns the index of the minimum of the n >= 1 contiguous elements of
// `dtype` at `data` under `flags`, on up to `num_threads` threads (0:
// OpenMP's default); kAllNaN if every element is NaN under kIgnoreNaN.
int64_t ReduceContiguous(DType dtype, size_t itemsize, const void* data,
                         int64_t n, uint32_t flags, int num_threads);

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_REDUCE_H_
