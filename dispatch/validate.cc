// Validation of a call (dispatch/validate.h).
#include "dispatch/validate.h"

#include <stdio.h>

#include "dispatch/dtypes.h"
#include "dispatch/status.h"

namespace argmin {
namespace internal {

// Returns in *flags the kernel flags of `options`' NaN and tie policies, or
// ARGMIN_ERROR_BAD_OPTION if an option is out of range (num_threads
// included).
argmin_status ValidateOptions(const argmin_options& options, const char* call,
                              uint32_t* flags) {
  if (options.nan_policy != ARGMIN_NAN_PROPAGATE &&
      options.nan_policy != ARGMIN_NAN_IGNORE &&
      options.nan_policy != ARGMIN_NAN_IGNORE_PARTIAL) {
    return Fail(ARGMIN_ERROR_BAD_OPTION,
                "%s: options.nan_policy is %d, expected ARGMIN_NAN_PROPAGATE "
                "(0), ARGMIN_NAN_IGNORE (1) or ARGMIN_NAN_IGNORE_PARTIAL (2)",
                call, static_cast<int>(options.nan_policy));
  }
  if (options.tie_policy != ARGMIN_TIES_FIRST &&
      options.tie_policy != ARGMIN_TIES_LAST) {
    return Fail(ARGMIN_ERROR_BAD_OPTION,
                "%s: options.tie_policy is %d, expected ARGMIN_TIES_FIRST (0) "
                "or ARGMIN_TIES_LAST (1)",
                call, static_cast<int>(options.tie_policy));
  }
  if (options.num_threads < 0) {
    return Fail(ARGMIN_ERROR_BAD_OPTION,
                "%s: options.num_threads is %d, expected 0 (the default) or "
                "more",
                call, static_cast<int>(options.num_threads));
  }
  *flags = (options.nan_policy != ARGMIN_NAN_PROPAGATE ? kIgnoreNaN : 0) |
           (options.tie_policy == ARGMIN_TIES_LAST ? kLastIndex : 0);
  return ARGMIN_OK;
}

static_assert(static_cast<int>(Op::kMin) == ARGMIN_OP_MIN &&
                  static_cast<int>(Op::kMax) == ARGMIN_OP_MAX &&
                  static_cast<int>(Op::kMinMax) == ARGMIN_OP_MINMAX,
              "kernels/keys.h's op list follows argmin_op");

// Returns in *op the op of `value`, or ARGMIN_ERROR_BAD_OPTION if it is not
// an argmin_op.
argmin_status ParseOp(int value, const char* call, Op* op) {
  if (value != ARGMIN_OP_MIN && value != ARGMIN_OP_MAX &&
      value != ARGMIN_OP_MINMAX) {
    return Fail(ARGMIN_ERROR_BAD_OPTION,
                "%s: op is %d, expected ARGMIN_OP_MIN (0), ARGMIN_OP_MAX (1) "
                "or ARGMIN_OP_MINMAX (2)",
                call, value);
  }
  *op = static_cast<Op>(value);
  return ARGMIN_OK;
}

// Validates `input` and `options` (not input->data) and fills `plan`.
argmin_status ValidateInput(const DLTensor* input,
                            const argmin_options* options, const char* call,
                            Plan* plan, bool empty_axis_ok) {
  if (input == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: input is NULL", call);
  }
  if (options == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: options is NULL", call);
  }
  if (input->device.device_type != kDLCPU) {
    return Fail(ARGMIN_ERROR_UNSUPPORTED_DEVICE,
                "%s: input is on device type %d, expected the CPU (kDLCPU, 1)",
                call, static_cast<int>(input->device.device_type));
  }
  if (!ParseDType(input->dtype, &plan->dtype, &plan->itemsize)) {
    return UnsupportedDType(call, "input has dtype", input->dtype);
  }
  if (input->ndim < 0 || input->ndim > ARGMIN_MAX_NDIM) {
    return Fail(ARGMIN_ERROR_BAD_SHAPE,
                "%s: input has ndim %d, expected 0 to %d", call,
                static_cast<int>(input->ndim), ARGMIN_MAX_NDIM);
  }
  plan->ndim = input->ndim;
  if (plan->ndim > 0 && input->shape == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER,
                "%s: input shape is NULL, with ndim %d", call, plan->ndim);
  }
  int64_t count = 1;
  bool overflow = false;
  for (int i = 0; i < plan->ndim; ++i) {
    const int64_t extent = input->shape[i];
    if (extent < 0) {
      return Fail(ARGMIN_ERROR_BAD_SHAPE,
                  "%s: input has shape %s, with a negative extent", call,
                  ShapeText(plan->ndim, input->shape).c_str());
    }
    plan->shape[i] = extent;
    // An extent of 0 makes the count 0 whatever the others are, so an
    // overflow only counts when no extent is 0.
    if (__builtin_mul_overflow(count, extent, &count)) overflow = true;
  }
  for (int i = 0; i < plan->ndim; ++i) {
    if (plan->shape[i] == 0) overflow = false, count = 0;
  }
  if (overflow) {
    return Fail(ARGMIN_ERROR_BAD_SHAPE,
                "%s: input has shape %s, more elements than 64 bits count",
                call, ShapeText(plan->ndim, plan->shape).c_str());
  }
  plan->count = count;

  // Strides: compact row-major when NULL. Every element's byte offset must
  // fit in 64 bits, so the kernels' pointer arithmetic cannot wrap.
  int64_t compact = 1;
  for (int i = plan->ndim - 1; i >= 0; --i) {
    plan->strides[i] = input->strides ? input->strides[i] : compact;
    if (count > 0) compact *= plan->shape[i];
  }
  if (input->byte_offset > static_cast<uint64_t>(INT64_MAX)) {
    return Fail(ARGMIN_ERROR_BAD_SHAPE,
                "%s: input byte_offset is %llu, more than INT64_MAX", call,
                static_cast<unsigned long long>(input->byte_offset));
  }
  // What the two checks below report.
  const auto reach_error = [&] {
    return Fail(ARGMIN_ERROR_BAD_SHAPE,
                "%s: input of shape %s and strides %s (elements of %zu "
                "bytes, byte_offset %llu) reaches bytes that 64-bit offsets "
                "or the address space cannot hold",
                call, ShapeText(plan->ndim, plan->shape).c_str(),
                ShapeText(plan->ndim, plan->strides).c_str(), plan->itemsize,
                static_cast<unsigned long long>(input->byte_offset));
  };
  int64_t low = 0, high = 0;  // element offsets of the extreme elements
  const int64_t item = static_cast<int64_t>(plan->itemsize);
  if (count > 0) {
    for (int i = 0; i < plan->ndim; ++i) {
      int64_t reach;
      if (__builtin_mul_overflow(plan->strides[i], plan->shape[i] - 1,
                                 &reach) ||
          __builtin_add_overflow(reach > 0 ? high : low, reach,
                                 reach > 0 ? &high : &low)) {
        return reach_error();
      }
    }
    int64_t bytes;
    if (__builtin_mul_overflow(high, item, &bytes) ||
        __builtin_mul_overflow(low, item, &bytes) ||
        __builtin_add_overflow(
            high * item, static_cast<int64_t>(input->byte_offset), &bytes)) {
      return reach_error();
    }
  }
  // Every element's address must exist: data + byte_offset, and the bytes
  // from its lowest to its highest element, may not wrap around the address
  // space. Computed on integers, as a pointer that wraps is already
  // undefined; an empty tensor may have NULL data, with nothing to check.
  plan->base = nullptr;
  if (input->data != nullptr) {
    const uintptr_t start = reinterpret_cast<uintptr_t>(input->data);
    uintptr_t base, last;
    if (__builtin_add_overflow(start, input->byte_offset, &base) ||
        __builtin_add_overflow(base, static_cast<uintptr_t>(high * item),
                               &last) ||
        base < uintptr_t{0} - static_cast<uintptr_t>(low * item)) {
      return reach_error();
    }
    plan->base = reinterpret_cast<const uint8_t*>(base);
  }

  const argmin_status flags = ValidateOptions(*options, call, &plan->flags);
  if (flags != ARGMIN_OK) return flags;
  plan->all_nan_ok = AllNaNGivesNoIndex(*options);
  plan->num_threads = options->num_threads;

  // Axis: a 0-d tensor takes -1 and 0, as torch does, and reduces its one
  // element like axis none.
  plan->axis = -1;
  if (options->has_axis) {
    const int64_t rank = plan->ndim == 0 ? 1 : plan->ndim;
    int64_t axis = options->axis;
    if (axis < -rank || axis >= rank) {
      return Fail(ARGMIN_ERROR_BAD_AXIS,
                  "%s: axis %lld is out of range for an input of ndim %d, "
                  "expected %lld to %lld",
                  call, static_cast<long long>(axis), plan->ndim,
                  static_cast<long long>(-rank),
                  static_cast<long long>(rank - 1));
    }
    if (axis < 0) axis += rank;
    if (plan->ndim > 0) plan->axis = static_cast<int>(axis);
  }

  plan->extent = plan->axis < 0 ? count : plan->shape[plan->axis];
  if (plan->extent == 0 && !(empty_axis_ok && plan->axis >= 0)) {
    if (plan->axis < 0) {
      return Fail(ARGMIN_ERROR_EMPTY_REDUCTION,
                  "%s of an empty sequence: the input of shape %s has no "
                  "elements",
                  call, ShapeText(plan->ndim, plan->shape).c_str());
    }
    return Fail(ARGMIN_ERROR_EMPTY_REDUCTION,
                "%s of an empty sequence: axis %d of the input of shape %s "
                "has extent 0",
                call, plan->axis, ShapeText(plan->ndim, plan->shape).c_str());
  }
  // The kept extents' product fits unless one of them is 0 (the input's
  // count fits when no extent is 0), or the reduced one is (below).
  const bool keepdims = options->keepdims != 0;
  bool kept_zero = false;
  plan->out_ndim = 0;
  for (int i = 0; i < plan->ndim; ++i) {
    const bool reduced = plan->axis < 0 || plan->axis == i;
    if (reduced && !keepdims) continue;
    const int64_t extent = reduced ? 1 : plan->shape[i];
    plan->out_shape[plan->out_ndim++] = extent;
    kept_zero = kept_zero || extent == 0;
  }
  // The product can only overflow where an axis of extent 0 was allowed (the
  // input then has no elements to bound it): segmented and grouped calls
  // count their outputs again, and refuse a count past 64 bits.
  plan->out_count = 1;
  bool out_overflow = false;
  for (int i = 0; i < plan->out_ndim && !kept_zero; ++i) {
    out_overflow = __builtin_mul_overflow(plan->out_count, plan->out_shape[i],
                                          &plan->out_count) ||
                   out_overflow;
  }
  if (kept_zero) plan->out_count = 0;
  if (out_overflow && !kept_zero) plan->out_count = INT64_MAX;
  return ARGMIN_OK;
}

namespace {

// Validates `output`, the output called `name`, against `plan`: its device,
// rank, shape and strides, and its dtype with `dtype_ok`, which `expected`
// and `expected_note` describe. Messages are formatted only on failure: this
// runs in every call.
template <class DTypeOk>
argmin_status CheckTensor(const Plan& plan, const DLTensor* output,
                          const char* call, const char* name,
                          const DTypeOk& dtype_ok, const char* expected,
                          const char* expected_note) {
  if (output == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: output %s is NULL", call, name);
  }
  if (output->device.device_type != kDLCPU) {
    return Fail(ARGMIN_ERROR_UNSUPPORTED_DEVICE,
                "%s: output %s is on device type %d, expected the CPU "
                "(kDLCPU, 1)",
                call, name, static_cast<int>(output->device.device_type));
  }
  if (!dtype_ok(output->dtype)) {
    return Fail(ARGMIN_ERROR_BAD_OUTPUT,
                "%s: output %s has dtype %s, expected %s%s", call, name,
                DTypeText(output->dtype).c_str(), expected, expected_note);
  }
  if (output->ndim != plan.out_ndim) {
    return Fail(ARGMIN_ERROR_BAD_OUTPUT,
                "%s: output %s has ndim %d, expected %d: shape %s "
                "(argmin_output_shape's)",
                call, name, static_cast<int>(output->ndim), plan.out_ndim,
                ShapeText(plan.out_ndim, plan.out_shape).c_str());
  }
  if (plan.out_ndim > 0 && output->shape == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER,
                "%s: output %s shape is NULL, with ndim %d", call, name,
                plan.out_ndim);
  }
  int64_t compact = 1;
  for (int i = plan.out_ndim - 1; i >= 0; --i) {
    if (output->shape[i] != plan.out_shape[i]) {
      return Fail(ARGMIN_ERROR_BAD_OUTPUT,
                  "%s: output %s has shape %s, expected %s "
                  "(argmin_output_shape's)",
                  call, name, ShapeText(plan.out_ndim, output->shape).c_str(),
                  ShapeText(plan.out_ndim, plan.out_shape).c_str());
    }
    // An empty output is never stepped through, so its strides (torch and
    // numpy give several conventions for them) do not matter.
    if (output->strides != nullptr && plan.out_shape[i] > 1 &&
        plan.out_count > 0 && output->strides[i] != compact) {
      int64_t strides[ARGMIN_MAX_NDIM];
      int64_t step = 1;
      for (int j = plan.out_ndim - 1; j >= 0; --j) {
        strides[j] = step;
        step *= plan.out_shape[j];
      }
      return Fail(ARGMIN_ERROR_BAD_OUTPUT,
                  "%s: output %s of shape %s has strides %s, expected %s "
                  "(compact row-major) or NULL",
                  call, name, ShapeText(plan.out_ndim, plan.out_shape).c_str(),
                  ShapeText(plan.out_ndim, output->strides).c_str(),
                  ShapeText(plan.out_ndim, strides).c_str());
    }
    // Only stepped through when the output has elements, whose count fits.
    if (plan.out_count > 0) compact *= plan.out_shape[i];
  }
  if (plan.out_count > 0 && output->data == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER,
                "%s: output %s data is NULL, for %lld elements", call, name,
                static_cast<long long>(plan.out_count));
  }
  return ARGMIN_OK;
}

}  // namespace

// Validates `output`, the index output called `name`, against `plan`.
argmin_status CheckOutput(const Plan& plan, const DLTensor* output,
                          const char* call, const char* name) {
  const argmin_status status = CheckTensor(
      plan, output, call, name,
      [](DLDataType t) {
        return t.code == kDLInt && t.lanes == 1 &&
               (t.bits == 64 || t.bits == 32);
      },
      "int64 or int32", "");
  if (status != ARGMIN_OK) return status;
  if (output->dtype.bits == 32 && plan.extent - 1 > INT32_MAX) {
    return Fail(ARGMIN_ERROR_INDEX_OVERFLOW,
                "%s: index overflow: output %s is int32, and an index could "
                "be %lld, more than INT32_MAX: use an int64 output",
                call, name, static_cast<long long>(plan.extent - 1));
  }
  return ARGMIN_OK;
}

// Validates `outputs` for `op` against `plan` and gathers them, in the order
// min_indices, min_values, max_indices, max_values, into *checked.
argmin_status CheckOutputs(const Plan& plan, Op op,
                           const argmin_outputs& outputs, const char* call,
                           Outputs* checked) {
  const bool wants[2] = {op != Op::kMax, op != Op::kMin};
  const DLTensor* const indices[2] = {outputs.min_indices, outputs.max_indices};
  const DLTensor* const values[2] = {outputs.min_values, outputs.max_values};
  const char* const index_names[2] = {"min_indices", "max_indices"};
  const char* const value_names[2] = {"min_values", "max_values"};
  const auto same_dtype = [&](DLDataType t) {
    DType dtype;
    size_t itemsize;
    return ParseDType(t, &dtype, &itemsize) && dtype == plan.dtype;
  };
  Outputs result;
  for (int o = 0; o < 2; ++o) {
    if (!wants[o]) {
      if (indices[o] != nullptr || values[o] != nullptr) {
        return Fail(ARGMIN_ERROR_BAD_OUTPUT,
                    "%s: output %s was given, and %s makes no %s output "
                    "(NULL expected)",
                    call,
                    indices[o] != nullptr ? index_names[o] : value_names[o],
                    call, o == 0 ? "min" : "max");
      }
      continue;
    }
    if (indices[o] == nullptr) {
      return Fail(ARGMIN_ERROR_NULL_POINTER,
                  "%s: output %s is NULL, and %s makes it", call,
                  index_names[o], call);
    }
    argmin_status status = CheckOutput(plan, indices[o], call, index_names[o]);
    if (status != ARGMIN_OK) return status;
    if (values[o] != nullptr) {
      status = CheckTensor(plan, values[o], call, value_names[o], same_dtype,
                           DTypeName(plan.dtype), ", the input's");
      if (status != ARGMIN_OK) return status;
    }
    result.indices[result.count] = indices[o];
    result.values[result.count] = values[o];
    ++result.count;
  }
  if (result.count == 2 &&
      result.indices[0]->dtype.bits != result.indices[1]->dtype.bits) {
    return Fail(ARGMIN_ERROR_BAD_OUTPUT,
                "%s: outputs min_indices (%s) and max_indices (%s) differ in "
                "dtype, expected one dtype for both",
                call, DTypeText(result.indices[0]->dtype).c_str(),
                DTypeText(result.indices[1]->dtype).c_str());
  }
  *checked = result;
  return ARGMIN_OK;
}

}  // namespace internal
}  // namespace argmin
