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

// Returns in *flags the kernel flags of `options`' NaN and tie policies, or
// false if an option is out of range (num_threads included).
bool KernelFlags(const argmin_options& options, uint32_t* flags);

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
  int num_threads;
};

// Validates `input` and `options` (not input->data) and fills `plan`.
argmin_status MakePlan(const DLTensor* input, const argmin_options* options,
                       Plan* plan);

// Validates `output` against `plan`.
argmin_status CheckOutput(const Plan& plan, const DLTensor* output);

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_VALIDATE_H_
