// Validation of segmented and grouped calls (dispatch/grouping.h).
#include "dispatch/grouping.h"

#include <cstdint>

#include "dispatch/status.h"

namespace argmin {
namespace internal {
namespace {

// Returns whether `t` is a 1-D int64 or int32 CPU tensor of `length`
// elements, failing with why for `call` otherwise; `what` names it.
argmin_status CheckSlotTensor(const DLTensor* t, int64_t length,
                              const char* what, const char* call) {
  if (t == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: %s is NULL", call, what);
  }
  if (t->device.device_type != kDLCPU) {
    return Fail(ARGMIN_ERROR_UNSUPPORTED_DEVICE,
                "%s: %s is on device type %d, expected the CPU (kDLCPU, 1)",
                call, what, static_cast<int>(t->device.device_type));
  }
  if (t->dtype.code != kDLInt || t->dtype.lanes != 1 ||
      (t->dtype.bits != 64 && t->dtype.bits != 32)) {
    return Fail(ARGMIN_ERROR_BAD_GROUPS,
                "%s: %s has dtype %s, expected int64 "
                "or int32",
                call, what, DTypeText(t->dtype).c_str());
  }
  if (t->ndim != 1 || t->shape == nullptr) {
    return Fail(ARGMIN_ERROR_BAD_GROUPS,
                "%s: %s has ndim %d, expected 1 (a shape)", call, what,
                static_cast<int>(t->ndim));
  }
  if (length >= 0 && t->shape[0] != length) {
    return Fail(ARGMIN_ERROR_BAD_GROUPS,
                "%s: %s has %lld elements, expected %lld (the extent of the "
                "axis)",
                call, what, static_cast<long long>(t->shape[0]),
                static_cast<long long>(length));
  }
  if (t->shape[0] > 0 && t->data == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER,
                "%s: %s data is NULL, for %lld "
                "elements",
                call, what, static_cast<long long>(t->shape[0]));
  }
  int64_t reach;
  if (t->shape[0] > 0 && t->strides != nullptr &&
      __builtin_mul_overflow(t->strides[0],
                             (t->shape[0] - 1) * (t->dtype.bits / 8), &reach)) {
    return Fail(ARGMIN_ERROR_BAD_SHAPE,
                "%s: %s of %lld elements has stride %lld, which reaches "
                "beyond 64-bit offsets",
                call, what, static_cast<long long>(t->shape[0]),
                static_cast<long long>(t->strides[0]));
  }
  return ARGMIN_OK;
}

// Points `grouping` at the elements of `t`, validated by CheckSlotTensor.
void PointAt(const DLTensor* t, Grouping* grouping) {
  grouping->keys = static_cast<const uint8_t*>(t->data) + t->byte_offset;
  grouping->keys_int32 = t->dtype.bits == 32;
  grouping->key_stride = t->strides != nullptr ? t->strides[0] : 1;
}

// Validates the offsets in `t` against the axis' extent `n` and copies them
// into grouping->offsets.
argmin_status ReadOffsets(const DLTensor* t, int64_t n, const char* call,
                          Grouping* grouping) {
  argmin_status status = CheckSlotTensor(t, -1, "offsets", call);
  if (status != ARGMIN_OK) return status;
  const int64_t count = t->shape[0];
  if (count < 1) {
    return Fail(ARGMIN_ERROR_BAD_GROUPS,
                "%s: offsets has no elements, expected S + 1 >= 1 (0 first, "
                "the axis' extent %lld last)",
                call, static_cast<long long>(n));
  }
  PointAt(t, grouping);
  grouping->offsets.resize(static_cast<size_t>(count));
  int64_t previous = 0;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t offset = grouping->Key(i);
    if (i == 0 && offset != 0) {
      return Fail(ARGMIN_ERROR_BAD_GROUPS, "%s: offsets[0] is %lld, expected 0",
                  call, static_cast<long long>(offset));
    }
    if (offset < previous) {
      return Fail(ARGMIN_ERROR_BAD_GROUPS,
                  "%s: offsets[%lld] is %lld, less than offsets[%lld] = %lld: "
                  "offsets may not decrease",
                  call, static_cast<long long>(i),
                  static_cast<long long>(offset), static_cast<long long>(i - 1),
                  static_cast<long long>(previous));
    }
    if (offset > n) {
      return Fail(ARGMIN_ERROR_BAD_GROUPS,
                  "%s: offsets[%lld] is %lld, beyond the axis' extent %lld",
                  call, static_cast<long long>(i),
                  static_cast<long long>(offset), static_cast<long long>(n));
    }
    grouping->offsets[static_cast<size_t>(i)] = offset;
    previous = offset;
  }
  if (previous != n) {
    return Fail(ARGMIN_ERROR_BAD_GROUPS,
                "%s: the last offset (offsets[%lld]) is %lld, expected the "
                "axis' extent %lld",
                call, static_cast<long long>(count - 1),
                static_cast<long long>(previous), static_cast<long long>(n));
  }
  grouping->slots = count - 1;
  grouping->keys = nullptr;
  return ARGMIN_OK;
}

}  // namespace

argmin_status ValidateGrouped(const DLTensor* input,
                              const DLTensor* slots_tensor, bool keys,
                              int64_t num_groups, int op_value,
                              const argmin_options* options,
                              const argmin_group_options* group_options,
                              const argmin_outputs* outputs, const char* call,
                              Plan* plan, Op* op, Grouping* grouping,
                              Outputs* checked) {
  if (options == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: options is NULL", call);
  }
  if (!options->has_axis) {
    return Fail(ARGMIN_ERROR_BAD_AXIS,
                "%s: options.has_axis is 0, expected an axis to %s along", call,
                keys ? "group" : "segment");
  }
  // Every output keeps the axis (its extent becomes the slot count).
  argmin_options kept = *options;
  kept.keepdims = 1;
  argmin_status status = ValidateInput(input, &kept, call, plan, true);
  if (status != ARGMIN_OK) return status;
  if (plan->axis < 0) {
    return Fail(ARGMIN_ERROR_BAD_AXIS,
                "%s: the input is 0-d, expected an axis to %s along", call,
                keys ? "group" : "segment");
  }
  status = ParseOp(op_value, call, op);
  if (status != ARGMIN_OK) return status;
  const argmin_group_options defaults = {};
  const argmin_group_options& g = group_options ? *group_options : defaults;
  if (g.empty_policy != ARGMIN_EMPTY_MINUS_ONE &&
      g.empty_policy != ARGMIN_EMPTY_EXTENT) {
    return Fail(ARGMIN_ERROR_BAD_OPTION,
                "%s: group_options.empty_policy is %d, expected "
                "ARGMIN_EMPTY_MINUS_ONE (0) or ARGMIN_EMPTY_EXTENT (1)",
                call, static_cast<int>(g.empty_policy));
  }
  if (g.index_origin != ARGMIN_INDEX_ALONG_AXIS &&
      (keys || g.index_origin != ARGMIN_INDEX_IN_SEGMENT)) {
    return Fail(ARGMIN_ERROR_BAD_OPTION,
                "%s: group_options.index_origin is %d, expected "
                "ARGMIN_INDEX_ALONG_AXIS (0)%s",
                call, static_cast<int>(g.index_origin),
                keys ? " (groups have no segment to count within)"
                     : " or ARGMIN_INDEX_IN_SEGMENT (1)");
  }
  const int64_t n = plan->extent;
  grouping->empty_index = g.empty_policy == ARGMIN_EMPTY_EXTENT ? n : -1;
  grouping->in_segment = g.index_origin == ARGMIN_INDEX_IN_SEGMENT;
  if (plan->count > 0 && input->data == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER,
                "%s: input data is NULL, for %lld elements", call,
                static_cast<long long>(plan->count));
  }
  if (keys) {
    if (num_groups < 0) {
      return Fail(ARGMIN_ERROR_BAD_GROUPS,
                  "%s: num_groups is %lld, expected 0 or more", call,
                  static_cast<long long>(num_groups));
    }
    status = CheckSlotTensor(slots_tensor, n, "keys", call);
    if (status != ARGMIN_OK) return status;
    PointAt(slots_tensor, grouping);
    grouping->slots = num_groups;
  } else {
    status = ReadOffsets(slots_tensor, n, call, grouping);
    if (status != ARGMIN_OK) return status;
  }
  // The outputs' shape: the axis' extent becomes the slot count.
  plan->out_shape[plan->axis] = grouping->slots;
  int64_t out_count = 1;
  bool zero = false, overflow = false;
  for (int i = 0; i < plan->out_ndim; ++i) {
    zero = zero || plan->out_shape[i] == 0;
    overflow =
        __builtin_mul_overflow(out_count, plan->out_shape[i], &out_count) ||
        overflow;
  }
  if (overflow && !zero) {
    return Fail(ARGMIN_ERROR_BAD_SHAPE,
                "%s: the outputs' shape %s has more elements than 64 bits "
                "count",
                call, ShapeText(plan->out_ndim, plan->out_shape).c_str());
  }
  plan->out_count = zero ? 0 : out_count;
  if (outputs == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: outputs is NULL", call);
  }
  // An empty slot's index may be the extent itself.
  Plan checks = *plan;
  checks.extent = g.empty_policy == ARGMIN_EMPTY_EXTENT ? n + 1 : n;
  return CheckOutputs(checks, *op, *outputs, call, checked);
}

int64_t FirstBadKey(const Grouping& grouping, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    if (grouping.Key(i) >= grouping.slots) return i;
  }
  return -1;
}

argmin_status BadKeyFailure(const Grouping& grouping, int64_t n,
                            const char* call) {
  const int64_t i = FirstBadKey(grouping, n);
  if (i < 0) {
    return Fail(ARGMIN_ERROR_BAD_GROUPS, "%s: a key is num_groups or more",
                call);
  }
  return Fail(ARGMIN_ERROR_BAD_GROUPS,
              "%s: keys[%lld] is %lld, expected less than num_groups %lld (or "
              "negative, to leave the position out)",
              call, static_cast<long long>(i),
              static_cast<long long>(grouping.Key(i)),
              static_cast<long long>(grouping.slots));
}

}  // namespace internal
}  // namespace argmin
