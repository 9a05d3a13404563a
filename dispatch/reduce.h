// The reducers: a validated call's slices run through the kernels that
// runtime dispatch chose for its dtype and op, spread over threads, their
// answers merged and written to the outputs.
#ifndef ARGMIN_DISPATCH_REDUCE_H_
#define ARGMIN_DISPATCH_REDUCE_H_

#include <cstddef>
#include <cstdint>

#include "argmin/argmin.h"
#include "dispatch/validate.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {

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
