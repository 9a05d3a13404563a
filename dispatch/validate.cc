// Validation of a call (dispatch/validate.h).
#include "dispatch/validate.h"

#include "dispatch/dtypes.h"

namespace argmin {
namespace internal {

// Returns in *flags the kernel flags of `options`' NaN and tie policies, or
// false if an option is out of range (num_threads included).
bool KernelFlags(const argmin_options& options, uint32_t* flags) {
  if (options.nan_policy != ARGMIN_NAN_PROPAGATE &&
      options.nan_policy != ARGMIN_NAN_IGNORE &&
      options.nan_policy != ARGMIN_NAN_IGNORE_PARTIAL) {
    return false;
  }
  if (options.tie_policy != ARGMIN_TIES_FIRST &&
      options.tie_policy != ARGMIN_TIES_LAST) {
    return false;
  }
  if (options.num_threads < 0) return false;
  *flags = (options.nan_policy != ARGMIN_NAN_PROPAGATE ? kIgnoreNaN : 0) |
           (options.tie_policy == ARGMIN_TIES_LAST ? kLastIndex : 0);
  return true;
}

static_assert(static_cast<int>(Op::kMin) == ARGMIN_OP_MIN &&
                  static_cast<int>(Op::kMax) == ARGMIN_OP_MAX &&
                  static_cast<int>(Op::kMinMax) == ARGMIN_OP_MINMAX,
              "kernels/keys.h's op list follows argmin_op");

// Returns in *op the op of `value`, or false if it is not an argmin_op.
bool ParseOp(int value, Op* op) {
  if (value != ARGMIN_OP_MIN && value != ARGMIN_OP_MAX &&
      value != ARGMIN_OP_MINMAX) {
    return false;
  }
  *op = static_cast<Op>(value);
  return true;
}

// Validates `input` and `options` (not input->data) and fills `plan`.
argmin_status MakePlan(const DLTensor* input, const argmin_options* options,
                       Plan* plan) {
  if (input == nullptr || options == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  if (input->device.device_type != kDLCPU) {
    return ARGMIN_ERROR_UNSUPPORTED_DEVICE;
  }
  if (!ParseDType(input->dtype, &plan->dtype, &plan->itemsize)) {
    return ARGMIN_ERROR_UNSUPPORTED_DTYPE;
  }
  if (input->ndim < 0 || input->ndim > ARGMIN_MAX_NDIM) {
    return ARGMIN_ERROR_BAD_SHAPE;
  }
  plan->ndim = input->ndim;
  if (plan->ndim > 0 && input->shape == nullptr) {
    return ARGMIN_ERROR_NULL_POINTER;
  }
  int64_t count = 1;
  bool overflow = false;
  for (int i = 0; i < plan->ndim; ++i) {
    const int64_t extent = input->shape[i];
    if (extent < 0) return ARGMIN_ERROR_BAD_SHAPE;
    plan->shape[i] = extent;
    // An extent of 0 makes the count 0 whatever the others are, so an
    // overflow only counts when no extent is 0.
    if (__builtin_mul_overflow(count, extent, &count)) overflow = true;
  }
  for (int i = 0; i < plan->ndim; ++i) {
    if (plan->shape[i] == 0) overflow = false, count = 0;
  }
  if (overflow) return ARGMIN_ERROR_BAD_SHAPE;
  plan->count = count;

  // Strides: compact row-major when NULL. Every element's byte offset must
  // fit in 64 bits, so the kernels' pointer arithmetic cannot wrap.
  int64_t compact = 1;
  for (int i = plan->ndim - 1; i >= 0; --i) {
    plan->strides[i] = input->strides ? input->strides[i] : compact;
    if (count > 0) compact *= plan->shape[i];
  }
  if (input->byte_offset > static_cast<uint64_t>(INT64_MAX)) {
    return ARGMIN_ERROR_BAD_SHAPE;
  }
  int64_t low = 0, high = 0;  // element offsets of the extreme elements
  const int64_t item = static_cast<int64_t>(plan->itemsize);
  if (count > 0) {
    for (int i = 0; i < plan->ndim; ++i) {
      int64_t reach;
      if (__builtin_mul_overflow(plan->strides[i], plan->shape[i] - 1,
                                 &reach) ||
          __builtin_add_overflow(reach > 0 ? high : low, reach,
                                 reach > 0 ? &high : &low)) {
        return ARGMIN_ERROR_BAD_SHAPE;
      }
    }
    int64_t bytes;
    if (__builtin_mul_overflow(high, item, &bytes) ||
        __builtin_mul_overflow(low, item, &bytes) ||
        __builtin_add_overflow(
            high * item, static_cast<int64_t>(input->byte_offset), &bytes)) {
      return ARGMIN_ERROR_BAD_SHAPE;
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
      return ARGMIN_ERROR_BAD_SHAPE;
    }
    plan->base = reinterpret_cast<const uint8_t*>(base);
  }

  if (!KernelFlags(*options, &plan->flags)) return ARGMIN_ERROR_BAD_OPTION;
  plan->all_nan_ok = AllNaNGivesNoIndex(*options);
  plan->num_threads = options->num_threads;

  // Axis: a 0-d tensor takes -1 and 0, as torch does, and reduces its one
  // element like axis none.
  plan->axis = -1;
  if (options->has_axis) {
    const int64_t rank = plan->ndim == 0 ? 1 : plan->ndim;
    int64_t axis = options->axis;
    if (axis < -rank || axis >= rank) return ARGMIN_ERROR_BAD_AXIS;
    if (axis < 0) axis += rank;
    if (plan->ndim > 0) plan->axis = static_cast<int>(axis);
  }

  plan->extent = plan->axis < 0 ? count : plan->shape[plan->axis];
  if (plan->extent == 0) return ARGMIN_ERROR_EMPTY_REDUCTION;
  // The reduced extent is not 0, so the kept extents' product fits unless
  // one of them is 0 (the input's count fits when no extent is 0).
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
  plan->out_count = 1;
  for (int i = 0; i < plan->out_ndim && !kept_zero; ++i) {
    plan->out_count *= plan->out_shape[i];
  }
  if (kept_zero) plan->out_count = 0;
  return ARGMIN_OK;
}

namespace {

// Validates `output`'s device, rank, shape and strides against `plan`, and
// its dtype against `dtype_ok`.
template <class DTypeOk>
argmin_status CheckTensor(const Plan& plan, const DLTensor* output,
                          const DTypeOk& dtype_ok) {
  if (output == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  if (output->device.device_type != kDLCPU) {
    return ARGMIN_ERROR_UNSUPPORTED_DEVICE;
  }
  if (!dtype_ok(output->dtype)) return ARGMIN_ERROR_BAD_OUTPUT;
  if (output->ndim != plan.out_ndim) return ARGMIN_ERROR_BAD_OUTPUT;
  if (plan.out_ndim > 0 && output->shape == nullptr) {
    return ARGMIN_ERROR_NULL_POINTER;
  }
  int64_t compact = 1;
  for (int i = plan.out_ndim - 1; i >= 0; --i) {
    if (output->shape[i] != plan.out_shape[i]) return ARGMIN_ERROR_BAD_OUTPUT;
    // An empty output is never stepped through, so its strides (torch and
    // numpy give several conventions for them) do not matter.
    if (output->strides != nullptr && plan.out_shape[i] > 1 &&
        plan.out_count > 0 && output->strides[i] != compact) {
      return ARGMIN_ERROR_BAD_OUTPUT;
    }
    // Only stepped through when the output has elements, whose count fits.
    if (plan.out_count > 0) compact *= plan.out_shape[i];
  }
  if (plan.out_count > 0 && output->data == nullptr) {
    return ARGMIN_ERROR_NULL_POINTER;
  }
  return ARGMIN_OK;
}

}  // namespace

// Validates `output`, an index output, against `plan`.
argmin_status CheckOutput(const Plan& plan, const DLTensor* output) {
  const argmin_status status = CheckTensor(plan, output, [](DLDataType t) {
    return t.code == kDLInt && t.lanes == 1 && (t.bits == 64 || t.bits == 32);
  });
  if (status != ARGMIN_OK) return status;
  if (output->dtype.bits == 32 && plan.extent - 1 > INT32_MAX) {
    return ARGMIN_ERROR_INDEX_OVERFLOW;
  }
  return ARGMIN_OK;
}

// Validates `outputs` for `op` against `plan` and gathers them, in the order
// min_indices, min_values, max_indices, max_values, into *checked.
argmin_status CheckOutputs(const Plan& plan, Op op,
                           const argmin_outputs& outputs, Outputs* checked) {
  const bool wants[2] = {op != Op::kMax, op != Op::kMin};
  const DLTensor* const indices[2] = {outputs.min_indices, outputs.max_indices};
  const DLTensor* const values[2] = {outputs.min_values, outputs.max_values};
  const auto same_dtype = [&](DLDataType t) {
    DType dtype;
    size_t itemsize;
    return ParseDType(t, &dtype, &itemsize) && dtype == plan.dtype;
  };
  Outputs result;
  for (int o = 0; o < 2; ++o) {
    if (!wants[o]) {
      if (indices[o] != nullptr || values[o] != nullptr) {
        return ARGMIN_ERROR_BAD_OUTPUT;
      }
      continue;
    }
    if (indices[o] == nullptr) return ARGMIN_ERROR_NULL_POINTER;
    argmin_status status = CheckOutput(plan, indices[o]);
    if (status != ARGMIN_OK) return status;
    if (values[o] != nullptr) {
      status = CheckTensor(plan, values[o], same_dtype);
      if (status != ARGMIN_OK) return status;
    }
    result.indices[result.count] = indices[o];
    result.values[result.count] = values[o];
    ++result.count;
  }
  if (result.count == 2 &&
      result.indices[0]->dtype.bits != result.indices[1]->dtype.bits) {
    return ARGMIN_ERROR_BAD_OUTPUT;
  }
  *checked = result;
  return ARGMIN_OK;
}

}  // namespace internal
}  // namespace argmin
