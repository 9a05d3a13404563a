// The C ABI's entry points: each validates its call (dispatch/validate.h),
// picks the target (dispatch/targets.h) and reduces (dispatch/reduce.h).
// Nothing here throws across the C boundary, aborts or prints, and the output
// is written only once every check passed.
#include <string.h>

#include <cstdint>
#include <new>

#include "argmin/argmin.h"
#include "dispatch/dtypes.h"
#include "dispatch/reduce.h"
#include "dispatch/targets.h"
#include "dispatch/threads.h"
#include "dispatch/validate.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {
namespace {

// The 1-D contiguous entry point: the same checks as Compute for what it
// takes, and the kernel called directly, so small calls pay for no planning.
argmin_status Contiguous(const void* data, DLDataType type, int64_t n,
                         const argmin_options* options, int64_t* index) {
  if (options == nullptr || index == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  DType dtype;
  size_t itemsize;
  if (!ParseDType(type, &dtype, &itemsize)) {
    return ARGMIN_ERROR_UNSUPPORTED_DTYPE;
  }
  if (n < 0 || n > INT64_MAX / static_cast<int64_t>(itemsize)) {
    return ARGMIN_ERROR_BAD_SHAPE;
  }
  uint32_t flags;
  if (!KernelFlags(*options, &flags)) return ARGMIN_ERROR_BAD_OPTION;
  if (n == 0) return ARGMIN_ERROR_EMPTY_REDUCTION;
  if (data == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  ReadEnvironmentOnce();
  const int64_t result =
      ReduceContiguous(dtype, itemsize, data, n, flags, options->num_threads);
  if (result == kAllNaN) return ARGMIN_ERROR_ALL_NAN;
  *index = result;
  return ARGMIN_OK;
}

// The general entry point: validation, then the reduction.
argmin_status Compute(const DLTensor* input, const argmin_options* options,
                      DLTensor* output) {
  Plan plan;
  argmin_status status = MakePlan(input, options, &plan);
  if (status != ARGMIN_OK) return status;
  if (plan.count > 0 && input->data == nullptr) {
    return ARGMIN_ERROR_NULL_POINTER;
  }
  status = CheckOutput(plan, output);
  if (status != ARGMIN_OK) return status;
  if (plan.out_count == 0) return ARGMIN_OK;

  ReadEnvironmentOnce();
  return ReducePlan(plan, output);
}

}  // namespace
}  // namespace internal
}  // namespace argmin

extern "C" {

argmin_options argmin_default_options(void) {
  argmin_options options;
  memset(&options, 0, sizeof(options));
  return options;
}

argmin_status argmin_compute(const DLTensor* input,
                             const argmin_options* options, DLTensor* output) {
  try {
    return argmin::internal::Compute(input, options, output);
  } catch (const std::bad_alloc&) {
    return ARGMIN_ERROR_OUT_OF_MEMORY;
  } catch (...) {
    // Nothing in Compute throws anything else; never let it cross into C.
    return ARGMIN_ERROR_OUT_OF_MEMORY;
  }
}

argmin_status argmin_contiguous(const void* data, DLDataType dtype, int64_t n,
                                const argmin_options* options, int64_t* index) {
  // Nothing in Contiguous allocates or throws.
  return argmin::internal::Contiguous(data, dtype, n, options, index);
}

argmin_status argmin_output_shape(const DLTensor* input,
                                  const argmin_options* options,
                                  int32_t* out_ndim, int64_t* out_shape) {
  if (out_ndim == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  argmin::internal::Plan plan;
  const argmin_status status =
      argmin::internal::MakePlan(input, options, &plan);
  if (status != ARGMIN_OK) return status;
  *out_ndim = plan.out_ndim;
  if (out_shape != nullptr) {
    std::copy(plan.out_shape, plan.out_shape + plan.out_ndim, out_shape);
  }
  return ARGMIN_OK;
}

namespace {

// The name and message of each status: the one place that describes them.
struct StatusText {
  const char* name;
  const char* message;
};

StatusText DescribeStatus(argmin_status status) {
  switch (status) {
    case ARGMIN_OK:
      return {"ARGMIN_OK", "success"};
    case ARGMIN_ERROR_NULL_POINTER:
      return {"ARGMIN_ERROR_NULL_POINTER",
              "a required pointer is NULL (tensor, options, shape, or the data "
              "of a tensor that has elements)"};
    case ARGMIN_ERROR_UNSUPPORTED_DTYPE:
      return {
          "ARGMIN_ERROR_UNSUPPORTED_DTYPE",
          "unsupported dtype: expected float16, bfloat16, float32, "
          "float64, int8/16/32/64, uint8/16/32/64 or bool, with lanes == 1"};
    case ARGMIN_ERROR_UNSUPPORTED_DEVICE:
      return {"ARGMIN_ERROR_UNSUPPORTED_DEVICE",
              "unsupported device: tensors must be on the CPU (kDLCPU)"};
    case ARGMIN_ERROR_BAD_SHAPE:
      return {"ARGMIN_ERROR_BAD_SHAPE",
              "bad shape: ndim must be in [0, 32], extents non-negative, and "
              "the element count and byte extent must fit in 64 bits"};
    case ARGMIN_ERROR_BAD_AXIS:
      return {"ARGMIN_ERROR_BAD_AXIS",
              "axis out of range: expected an axis in [-ndim, ndim) ([-1, 0] "
              "for a 0-d tensor)"};
    case ARGMIN_ERROR_EMPTY_REDUCTION:
      return {"ARGMIN_ERROR_EMPTY_REDUCTION",
              "argmin of an empty sequence: the reduction is over zero "
              "elements"};
    case ARGMIN_ERROR_ALL_NAN:
      return {"ARGMIN_ERROR_ALL_NAN",
              "all-NaN slice encountered (NaN policy ignore)"};
    case ARGMIN_ERROR_BAD_OUTPUT:
      return {"ARGMIN_ERROR_BAD_OUTPUT",
              "bad output tensor: expected int64 or int32 with the shape of "
              "argmin_output_shape and compact row-major strides"};
    case ARGMIN_ERROR_INDEX_OVERFLOW:
      return {"ARGMIN_ERROR_INDEX_OVERFLOW",
              "index overflow: an index could exceed INT32_MAX, use an int64 "
              "output"};
    case ARGMIN_ERROR_BAD_OPTION:
      return {"ARGMIN_ERROR_BAD_OPTION",
              "bad option: nan_policy and tie_policy must be one of their enum "
              "values, and num_threads >= 0"};
    case ARGMIN_ERROR_UNKNOWN_TARGET:
      return {"ARGMIN_ERROR_UNKNOWN_TARGET",
              "unknown SIMD target, or not supported by this CPU"};
    case ARGMIN_ERROR_OUT_OF_MEMORY:
      return {"ARGMIN_ERROR_OUT_OF_MEMORY", "out of memory for scratch space"};
  }
  return {"ARGMIN_UNKNOWN_STATUS", "unknown status code"};
}

}  // namespace

const char* argmin_status_message(argmin_status status) {
  return DescribeStatus(status).message;
}

const char* argmin_status_name(argmin_status status) {
  return DescribeStatus(status).name;
}

const char* argmin_target_name(void) { return argmin::internal::TargetName(); }

argmin_status argmin_force_target(const char* name) {
  argmin::internal::ReadEnvironmentOnce();
  return argmin::internal::ForceTarget(name);
}

argmin_status argmin_set_parallel_grain(int64_t elements) {
  if (elements < 0) return ARGMIN_ERROR_BAD_OPTION;
  argmin::internal::SetParallelGrain(elements);
  return ARGMIN_OK;
}

}  // extern "C"
