// Validation of a call: the input, the options and the output, checked
// against the rules of include/argmin/argmin.h before anything is read or
// written.
#ifndef ARGMIN_DISPATCH_VALIDATE_H_
#define ARGMIN_DISPATCH_VALIDATE_H_

#include <cstddef>
#include <cstdint>

#include "argmin/argmin.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {

// Every check below names the call it serves (`call`, for example
// "argmax") in the message it records for argmin_last_error.

// Returns in *flags the kernel flags of `options`' NaN and tie policies, or
// ARGMIN_ERROR_BAD_OPTION if an option is out of range (num_threads
// included).
argmin_status ValidateOptions(const argmin_options& options, const char* call,
                              uint32_t* flags);

// Returns in *op the op of `value`, or ARGMIN_ERROR_BAD_OPTION if it is not
// an argmin_op.
argmin_status ParseOp(int value, const char* call, Op* op);

// Returns whether `options` asks for index -1 rather than an error for an
// all-NaN slice (ARGMIN_NAN_IGNORE_PARTIAL).
inline bool AllNaNGivesNoIndex(const argmin_options& options) {
  return options.nan_policy == ARGMIN_NAN_IGNORE_PARTIAL;
}

// A validated call: the input's layout and what to reduce.
struct Plan {
  DType dtype;
  size_t itemsize;
  const uint8_t* base;  // data + byte_offset
  int ndim;
  int64_t shape[ARGMIN_MAX_NDIM];
  int64_t strides[ARGMIN_MAX_NDIM];  // in elements
  int64_t count;                     // elements of the input
  int axis;                          // -1: axis none (or a 0-d input)
  int64_t extent;                    // elements per reduced slice
  int out_ndim;
  int64_t out_shape[ARGMIN_MAX_NDIM];
  int64_t out_count;
  uint32_t flags;
  bool all_nan_ok;  // an all-NaN slice gets index -1 instead of an error
  int num_threads;
};

// The outputs of a call, validated: per order of the op (min first), its
// index tensor and its value tensor or null.
struct Outputs {
  int count = 0;
  const DLTensor* indices[2] = {nullptr, nullptr};
  const DLTensor* values[2] = {nullptr, nullptr};
};

// Validates `input` and `options` (not input->data) and fills `plan`; an
// axis of extent 0 is ARGMIN_ERROR_EMPTY_REDUCTION unless `empty_axis_ok`
// (segmented and grouped calls, whose slots may all be empty).
argmin_status ValidateInput(const DLTensor* input,
                            const argmin_options* options, const char* call,
                            Plan* plan, bool empty_axis_ok = false);

// Validates `output`, the index output called `name`, against `plan`.
argmin_status CheckOutput(const Plan& plan, const DLTensor* output,
                          const char* call, const char* name);

// Validates `outputs` for `op` against `plan` and gathers them, in the order
// min_indices, min_values, max_indices, max_values, into *checked.
argmin_status CheckOutputs(const Plan& plan, Op op,
                           const argmin_outputs& outputs, const char* call,
                           Outputs* checked);

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_VALIDATE_H_
