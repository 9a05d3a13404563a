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
#include "dispatch/grouping.h"
#include "dispatch/merge.h"
#include "dispatch/reduce.h"
#include "dispatch/status.h"
#include "dispatch/targets.h"
#include "dispatch/threads.h"
#include "dispatch/validate.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {
namespace {

// Returns `status` from a target check, with why for argmin_last_error.
argmin_status TargetFailure(argmin_status status, const char* call) {
  return Fail(status, "%s: %s", call, TargetError());
}

// The 1-D contiguous entry point: the same checks as Reduce for what it
// takes, and the kernel called directly, so small calls pay for no planning.
argmin_status Contiguous(const void* data, DLDataType type, int64_t n,
                         int op_value, const argmin_options* options,
                         int64_t* min_index, int64_t* max_index) {
  const char* const call = OpCallName(op_value, "argmin_contiguous_reduce");
  if (options == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: options is NULL", call);
  }
  Op op;
  argmin_status status = ParseOp(op_value, call, &op);
  if (status != ARGMIN_OK) return status;
  int64_t* const out[2] = {op == Op::kMax ? max_index : min_index, max_index};
  const char* const out_names[2] = {op == Op::kMax ? "max_index" : "min_index",
                                    "max_index"};
  for (int o = 0; o < (op == Op::kMinMax ? 2 : 1); ++o) {
    if (out[o] == nullptr) {
      return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: %s is NULL, and %s makes it",
                  call, out_names[o], call);
    }
  }
  DType dtype;
  size_t itemsize;
  if (!ParseDType(type, &dtype, &itemsize)) {
    return UnsupportedDType(call, "dtype", type);
  }
  uintptr_t end;
  if (n < 0 || n > INT64_MAX / static_cast<int64_t>(itemsize) ||
      __builtin_add_overflow(reinterpret_cast<uintptr_t>(data),
                             static_cast<uintptr_t>(n) * itemsize, &end)) {
    return Fail(ARGMIN_ERROR_BAD_SHAPE,
                "%s: n is %lld, expected 0 or more elements of %zu bytes "
                "within the address space",
                call, static_cast<long long>(n), itemsize);
  }
  uint32_t flags;
  status = ValidateOptions(*options, call, &flags);
  if (status != ARGMIN_OK) return status;
  if (n == 0) {
    return Fail(ARGMIN_ERROR_EMPTY_REDUCTION, "%s of an empty sequence: n is 0",
                call);
  }
  if (data == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER,
                "%s: data is NULL, for %lld elements", call,
                static_cast<long long>(n));
  }
  status = TargetStatus();
  if (status != ARGMIN_OK) return TargetFailure(status, call);
  int64_t result[2];
  ReduceContiguous(dtype, op, itemsize, data, n, flags, options->num_threads,
                   result);
  const int count = op == Op::kMinMax ? 2 : 1;
  if (!AllNaNGivesNoIndex(*options)) {
    for (int o = 0; o < count; ++o) {
      if (result[o] == kAllNaN) return AllNaNFailure(call);
    }
  }
  for (int o = 0; o < count; ++o) *out[o] = result[o];
  return ARGMIN_OK;
}

// The general entry point: validation, then the reduction.
argmin_status Reduce(const DLTensor* input, int op_value,
                     const argmin_options* options,
                     const argmin_outputs* outputs) {
  const char* const call = OpCallName(op_value, "argmin_reduce");
  Plan plan;
  argmin_status status = ValidateInput(input, options, call, &plan);
  if (status != ARGMIN_OK) return status;
  Op op;
  status = ParseOp(op_value, call, &op);
  if (status != ARGMIN_OK) return status;
  if (plan.count > 0 && input->data == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER,
                "%s: input data is NULL, for %lld elements", call,
                static_cast<long long>(plan.count));
  }
  if (outputs == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: outputs is NULL", call);
  }
  Outputs checked;
  status = CheckOutputs(plan, op, *outputs, call, &checked);
  if (status != ARGMIN_OK) return status;
  status = TargetStatus();
  if (status != ARGMIN_OK) return TargetFailure(status, call);
  if (plan.out_count == 0) return ARGMIN_OK;
  status = ReducePlan(plan, op, checked);
  return status == ARGMIN_ERROR_ALL_NAN ? AllNaNFailure(call) : status;
}

// The segmented (`keys` false: `slots` holds offsets) and grouped entry
// points: validation, then the reduction.
argmin_status ReduceBySlots(const DLTensor* input, const DLTensor* slots,
                            bool keys, int64_t num_groups, int op_value,
                            const argmin_options* options,
                            const argmin_group_options* group_options,
                            const argmin_outputs* outputs, const char* call) {
  Plan plan;
  Op op;
  Grouping grouping;
  Outputs checked;
  argmin_status status = ValidateGrouped(
      input, slots, keys, num_groups, op_value, options, group_options, outputs,
      call, &plan, &op, &grouping, &checked);
  if (status != ARGMIN_OK) return status;
  status = TargetStatus();
  if (status != ARGMIN_OK) return TargetFailure(status, call);
  if (plan.out_count == 0) {
    // Nothing to write, but the keys are still checked: a call's errors do
    // not depend on whether another extent is 0.
    const bool bad = keys && FirstBadKey(grouping, plan.extent) >= 0;
    return bad ? BadKeyFailure(grouping, plan.extent, call) : ARGMIN_OK;
  }
  status = keys ? ReduceGroups(plan, grouping, op, checked)
                : ReduceSegments(plan, grouping, op, checked);
  if (status == ARGMIN_ERROR_ALL_NAN) return AllNaNFailure(call);
  if (status == ARGMIN_ERROR_BAD_GROUPS) {
    return BadKeyFailure(grouping, plan.extent, call);
  }
  return status;
}

// Returns `f()`'s status, with an allocation failure (the only exception
// anything inside can throw) as `call`'s ARGMIN_ERROR_OUT_OF_MEMORY: nothing
// crosses into C.
template <class F>
argmin_status Guarded(const char* call, const F& f) {
  try {
    return f();
  } catch (...) {
    return ScratchFailure(call);
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
  return argmin::internal::Guarded("argmin", [&] {
    return argmin::internal::Reduce(input, ARGMIN_OP_MIN, options, &outputs);
  });
}

argmin_status argmin_reduce(const DLTensor* input, int32_t op,
                            const argmin_options* options,
                            const argmin_outputs* outputs) {
  return argmin::internal::Guarded(
      argmin::internal::OpCallName(op, "argmin_reduce"),
      [&] { return argmin::internal::Reduce(input, op, options, outputs); });
}

argmin_status argmin_contiguous(const void* data, DLDataType dtype, int64_t n,
                                const argmin_options* options, int64_t* index) {
  return argmin::internal::Guarded("argmin", [&] {
    return argmin::internal::Contiguous(data, dtype, n, ARGMIN_OP_MIN, options,
                                        index, nullptr);
  });
}

argmin_status argmin_contiguous_reduce(const void* data, DLDataType dtype,
                                       int64_t n, int32_t op,
                                       const argmin_options* options,
                                       int64_t* min_index, int64_t* max_index) {
  return argmin::internal::Guarded(
      argmin::internal::OpCallName(op, "argmin_contiguous_reduce"), [&] {
        return argmin::internal::Contiguous(data, dtype, n, op, options,
                                            min_index, max_index);
      });
}

argmin_status argmin_merge(DLDataType dtype, int32_t op,
                           const argmin_options* options, int64_t count,
                           const void* values, const int64_t* indices,
                           void* best_values, int64_t* best_indices) {
  using argmin::internal::Fail;
  const char* const call = "argmin_merge";
  if (options == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: options is NULL", call);
  }
  const void* const pointers[4] = {values, indices, best_values, best_indices};
  const char* const names[4] = {"values", "indices", "best_values",
                                "best_indices"};
  for (int i = 0; i < 4 && count > 0; ++i) {
    if (pointers[i] == nullptr) {
      return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: %s is NULL, with count %lld",
                  call, names[i], static_cast<long long>(count));
    }
  }
  argmin::internal::DType type;
  size_t itemsize;
  if (!argmin::internal::ParseDType(dtype, &type, &itemsize)) {
    return argmin::internal::UnsupportedDType(call, "dtype", dtype);
  }
  argmin::internal::Op parsed;
  argmin_status status = argmin::internal::ParseOp(op, call, &parsed);
  if (status != ARGMIN_OK) return status;
  if (parsed == argmin::internal::Op::kMinMax) {
    return Fail(ARGMIN_ERROR_BAD_OPTION,
                "%s: op is ARGMIN_OP_MINMAX, expected ARGMIN_OP_MIN or "
                "ARGMIN_OP_MAX (merge each extreme on its own)",
                call);
  }
  uint32_t flags;
  status = argmin::internal::ValidateOptions(*options, call, &flags);
  if (status != ARGMIN_OK) return status;
  if (count < 0) {
    return Fail(ARGMIN_ERROR_BAD_SHAPE, "%s: count is %lld, expected 0 or more",
                call, static_cast<long long>(count));
  }
  argmin::internal::MergePartials(type, parsed, flags, count, values, indices,
                                  best_values, best_indices);
  return ARGMIN_OK;
}

argmin_status argmin_segment_reduce(const DLTensor* input,
                                    const DLTensor* offsets, int32_t op,
                                    const argmin_options* options,
                                    const argmin_group_options* group_options,
                                    const argmin_outputs* outputs) {
  using argmin::internal::CallKind;
  const char* const call = argmin::internal::OpCallName(
      op, "argmin_segment_reduce", CallKind::kSegments);
  return argmin::internal::Guarded(call, [&] {
    return argmin::internal::ReduceBySlots(
        input, offsets, false, 0, op, options, group_options, outputs, call);
  });
}

argmin_status argmin_group_reduce(const DLTensor* input, const DLTensor* keys,
                                  int64_t num_groups, int32_t op,
                                  const argmin_options* options,
                                  const argmin_group_options* group_options,
                                  const argmin_outputs* outputs) {
  using argmin::internal::CallKind;
  const char* const call = argmin::internal::OpCallName(
      op, "argmin_group_reduce", CallKind::kGroups);
  return argmin::internal::Guarded(call, [&] {
    return argmin::internal::ReduceBySlots(input, keys, true, num_groups, op,
                                           options, group_options, outputs,
                                           call);
  });
}

argmin_status argmin_output_shape(const DLTensor* input,
                                  const argmin_options* options,
                                  int32_t* out_ndim, int64_t* out_shape) {
  const char* const call = "argmin_output_shape";
  if (out_ndim == nullptr) {
    return argmin::internal::Fail(ARGMIN_ERROR_NULL_POINTER,
                                  "%s: out_ndim is NULL", call);
  }
  argmin::internal::Plan plan;
  const argmin_status status =
      argmin::internal::ValidateInput(input, options, call, &plan);
  if (status != ARGMIN_OK) return status;
  *out_ndim = plan.out_ndim;
  if (out_shape != nullptr) {
    std::copy(plan.out_shape, plan.out_shape + plan.out_ndim, out_shape);
  }
  return ARGMIN_OK;
}

const char* argmin_target_name(void) { return argmin::internal::TargetName(); }

const char* argmin_target_error(void) {
  return argmin::internal::TargetError();
}

argmin_status argmin_force_target(const char* name) {
  return argmin::internal::ForceTarget(name);
}

argmin_status argmin_set_parallel_grain(int64_t elements) {
  if (elements < 0) {
    return argmin::internal::Fail(
        ARGMIN_ERROR_BAD_OPTION,
        "argmin_set_parallel_grain: elements is %lld, expected 0 or more",
        static_cast<long long>(elements));
  }
  argmin::internal::SetParallelGrain(elements);
  return ARGMIN_OK;
}

}  // extern "C"
