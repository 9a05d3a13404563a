// Scalar reference oracle: a separate, deliberately plain implementation of
// the whole argmin semantics (docs/semantics.md), for any dtype and strides.
// It shares no code with the fast paths beyond the public type definitions;
// the tests compare every kernel with it and the benchmarks time it as the
// scalar baseline.
#ifndef ARGMIN_KERNELS_ORACLE_H_
#define ARGMIN_KERNELS_ORACLE_H_

#include <argmin/argmin.h>

#include <cstdint>
#include <vector>

namespace argmin {
namespace oracle {

// Returns the indices that argmin_compute must produce for a well-formed
// `input` (supported dtype, valid shape and strides, data readable at every
// element) under `options`, in the row-major order of the output shape, and
// sets *status to ARGMIN_OK, or to ARGMIN_ERROR_BAD_AXIS,
// ARGMIN_ERROR_EMPTY_REDUCTION or ARGMIN_ERROR_ALL_NAN with an empty result.
// It checks nothing else (no output tensor is involved).
std::vector<int64_t> Argmin(const DLTensor& input,
                            const argmin_options& options,
                            argmin_status* status);

// Returns the index of the minimum of the `n` elements at `data`,
// `data + stride`, ... (stride in elements) of type `dtype`, under the NaN and
// tie policies of `options` (axis ignored); -1 when n == 0 or, under
// ARGMIN_NAN_IGNORE, when every element is NaN.
int64_t Argmin1D(const void* data, DLDataType dtype, int64_t n, int64_t stride,
                 const argmin_options& options);

// Argmin, or with `find_max` argmax: the index of the maximum, where a
// propagated NaN is above every number.
std::vector<int64_t> Arg(const DLTensor& input, const argmin_options& options,
                         bool find_max, argmin_status* status);

// Argmin1D, or with `find_max` its argmax.
int64_t Arg1D(const void* data, DLDataType dtype, int64_t n, int64_t stride,
              const argmin_options& options, bool find_max);

// Returns the indices that argmin_segment_reduce or argmin_group_reduce must
// produce for a well-formed `input` reduced along `axis` (0 <= axis < ndim)
// in slots, position i of the axis going to slot slot_of_position[i] (-1:
// to none), in the row-major order of the input's shape with the axis'
// extent replaced by `num_slots`; each index is a position along the axis,
// `empty_index` for an empty slot, -1 for an all-NaN slot under
// ARGMIN_NAN_IGNORE_PARTIAL; *status is ARGMIN_OK, or ARGMIN_ERROR_ALL_NAN
// with an empty result for an all-NaN slot under ARGMIN_NAN_IGNORE.
std::vector<int64_t> SlotArg(const DLTensor& input, int axis,
                             const std::vector<int64_t>& slot_of_position,
                             int64_t num_slots, const argmin_options& options,
                             bool find_max, int64_t empty_index,
                             argmin_status* status);

}  // namespace oracle
}  // namespace argmin

#endif  // ARGMIN_KERNELS_ORACLE_H_
