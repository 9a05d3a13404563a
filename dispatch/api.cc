// The C ABI's entry points: each validates its call (dispatch/validate.h),
// picks the target (dispatch/targets.h) and reduces (dispatch/reduce.h) or
// merges (dispatch/merge.h).
// Nothing here throws across the C boundary, aborts or prints, and the output
// is written only once every check passed.
#include <string.h>

#include <cstdint>
#include <new>

#include "argmin/argmin.h"
#include "dispatch/dtypes.h"
#include "dispatch/merge.h"
#include "dispatch/reduce.h"
#include "dispatch/targets.h"
#include "dispatch/threads.h"
#include "dispatch/validate.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {
namespace {

// The 1-D contiguous entry point: the same checks as Reduce for what it
// takes, and the kernel called directly, so small calls pay for no planning.
argmin_status Contiguous(const void* data, DLDataType type, int64_t n,
                         int op_value, const argmin_options* options,
                         int64_t* min_index, int64_t* max_index) {
  if (options == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  Op op;
  if (!ParseOp(op_value, &op)) return ARGMIN_ERROR_BAD_OPTION;
  int64_t* const out[2] = {op == Op::kMax ? max_index : min_index, max_index};
  if (out[0] == nullptr || (op == Op::kMinMax && out[1] == nullptr)) {
    return ARGMIN_ERROR_NULL_POINTER;
  }
  DType dtype;
  size_t itemsize;
  if (!ParseDType(type, &dtype, &itemsize)) {
    return ARGMIN_ERROR_UNSUPPORTED_DTYPE;
  }
  uintptr_t end;
  if (n < 0 || n > INT64_MAX / static_cast<int64_t>(itemsize) ||
      __builtin_add_overflow(reinterpret_cast<uintptr_t>(data),
                             static_cast<uintptr_t>(n) * itemsize, &end)) {
    return ARGMIN_ERROR_BAD_SHAPE;
  }
  uint32_t flags;
  if (!KernelFlags(*options, &flags)) return ARGMIN_ERROR_BAD_OPTION;
  if (n == 0) return ARGMIN_ERROR_EMPTY_REDUCTION;
  if (data == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  const argmin_status target = TargetStatus();
  if (target != ARGMIN_OK) return target;
  int64_t result[2];
  ReduceContiguous(dtype, op, itemsize, data, n, flags, options->num_threads,
                   result);
  const int count = op == Op::kMinMax ? 2 : 1;
  if (!AllNaNGivesNoIndex(*options)) {
    for (int o = 0; o < count; ++o) {
      if (result[o] == kAllNaN) return ARGMIN_ERROR_ALL_NAN;
    }
  }
  for (int o = 0; o < count; ++o) *out[o] = result[o];
  return ARGMIN_OK;
}

// The general entry point: validation, then the reduction.
argmin_status Reduce(const DLTensor* input, int op_value,
                     const argmin_options* options,
                     const argmin_outputs* outputs) {
  Plan plan;
  argmin_status status = MakePlan(input, options, &plan);
  if (status != ARGMIN_OK) return status;
  Op op;
  if (!ParseOp(op_value, &op)) return ARGMIN_ERROR_BAD_OPTION;
  if (plan.count > 0 && input->data == nullptr) {
    return ARGMIN_ERROR_NULL_POINTER;
  }
  if (outputs == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  Outputs checked;
  status = CheckOutputs(plan, op, *outputs, &checked);
  if (status != ARGMIN_OK) return status;
  status = TargetStatus();
  if (status != ARGMIN_OK) return status;
  if (plan.out_count == 0) return ARGMIN_OK;
  return ReducePlan(plan, op, checked);
}

// Returns `f()`'s status, with an allocation failure (the only exception
// anything inside can throw) as ARGMIN_ERROR_OUT_OF_MEMORY: nothing crosses
// into C.
template <class F>
argmin_status Guarded(const F& f) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return ARGMIN_ERROR_OUT_OF_MEMORY;
  } catch (...) {
    return ARGMIN_ERROR_OUT_OF_MEMORY;
  }
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
  const argmin_outputs outputs = {output, nullptr, nullptr, nullptr};
  return argmin::internal::Guarded([&] {
    return argmin::internal::Reduce(input, ARGMIN_OP_MIN, options, &outputs);
  });
}

argmin_status argmin_reduce(const DLTensor* input, int32_t op,
                            const argmin_options* options,
                            const argmin_outputs* outputs) {
  return argmin::internal::Guarded(
      [&] { return argmin::internal::Reduce(input, op, options, outputs); });
}

argmin_status argmin_contiguous(const void* data, DLDataType dtype, int64_t n,
                                const argmin_options* options, int64_t* index) {
  // Guarded: a split over threads allocates.
  return argmin::internal::Guarded([&] {
    return argmin::internal::Contiguous(data, dtype, n, ARGMIN_OP_MIN, options,
                                        index, nullptr);
  });
}

argmin_status argmin_contiguous_reduce(const void* data, DLDataType dtype,
                                       int64_t n, int32_t op,
                                       const argmin_options* options,
                                       int64_t* min_index, int64_t* max_index) {
  return argmin::internal::Guarded([&] {
    return argmin::internal::Contiguous(data, dtype, n, op, options, min_index,
                                        max_index);
  });
}

argmin_status argmin_merge(DLDataType dtype, int32_t op,
                           const argmin_options* options, int64_t count,
                           const void* values, const int64_t* indices,
                           void* best_values, int64_t* best_indices) {
  if (options == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  if (count > 0 && (values == nullptr || indices == nullptr ||
                    best_values == nullptr || best_indices == nullptr)) {
    return ARGMIN_ERROR_NULL_POINTER;
  }
  argmin::internal::DType type;
  size_t itemsize;
  if (!argmin::internal::ParseDType(dtype, &type, &itemsize)) {
    return ARGMIN_ERROR_UNSUPPORTED_DTYPE;
  }
  argmin::internal::Op parsed;
  uint32_t flags;
  if (!argmin::internal::ParseOp(op, &parsed) ||
      parsed == argmin::internal::Op::kMinMax ||
      !argmin::internal::KernelFlags(*options, &flags)) {
    return ARGMIN_ERROR_BAD_OPTION;
  }
  if (count < 0) return ARGMIN_ERROR_BAD_SHAPE;
  argmin::internal::MergePartials(type, parsed, flags, count, values, indices,
                                  best_values, best_indices);
  return ARGMIN_OK;
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
              "bad shape: ndim must be in [0, 32], extents non-negative, "
              "the element count and byte extent must fit in 64 bits, and no "
              "element's address may wrap around the address space"};
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
              "unknown SIMD target, or not supported by this CPU (by "
              "argmin_force_target or ARGMIN_TARGET; see "
              "argmin_target_error)"};
    case ARGMIN_ERROR_OUT_OF_MEMORY:
      return {"ARGMIN_ERROR_OUT_OF_MEMORY", "out of memory for scratch space"};
    case ARGMIN_ERROR_RANKS_DISAGREE:
      return {"ARGMIN_ERROR_RANKS_DISAGREE",
              "the MPI ranks' calls disagree: dtype, extents past dimension 0, "
              "axis, op, NaN or tie policy, or root"};
    case ARGMIN_ERROR_MPI:
      return {"ARGMIN_ERROR_MPI",
              "MPI is not initialized or already finalized, the communicator "
              "is MPI_COMM_NULL, or an MPI call failed"};
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

const char* argmin_target_error(void) {
  return argmin::internal::TargetError();
}

argmin_status argmin_force_target(const char* name) {
  return argmin::internal::ForceTarget(name);
}

argmin_status argmin_set_parallel_grain(int64_t elements) {
  if (elements < 0) return ARGMIN_ERROR_BAD_OPTION;
  argmin::internal::SetParallelGrain(elements);
  return ARGMIN_OK;
}

}  // extern "C"
