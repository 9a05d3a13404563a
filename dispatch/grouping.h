// Segmented and grouped calls: their offsets or keys, validated, and the
// reducers that run them (dispatch/segment_reduce.cc and
// dispatch/group_reduce.cc).
#ifndef ARGMIN_DISPATCH_GROUPING_H_
#define ARGMIN_DISPATCH_GROUPING_H_

#include <cstdint>
#include <vector>

#include "argmin/argmin.h"
#include "dispatch/sink.h"
#include "dispatch/validate.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {

// Which slot (segment or group) each position along the axis goes to, and
// what the results of a slot say.
struct Grouping {
  int64_t slots = 0;         // S segments or G groups
  int64_t empty_index = -1;  // an empty slot's index: -1 or the axis' extent
  bool in_segment = false;   // indices count from the segment's start
  // Segments: S + 1 offsets, as int64.
  std::vector<int64_t> offsets;
  // Groups: one key per position along the axis (at keys + i * key_stride
  // elements of 4 or 8 bytes); negative ones skip the position.
  const uint8_t* keys = nullptr;
  bool keys_int32 = false;
  int64_t key_stride = 0;

  // Returns the key of position i.
  int64_t Key(int64_t i) const {
    const uint8_t* p = keys + i * key_stride * (keys_int32 ? 4 : 8);
    if (keys_int32) {
      int32_t k;
      __builtin_memcpy(&k, p, 4);
      return k;
    }
    int64_t k;
    __builtin_memcpy(&k, p, 8);
    return k;
  }
};

// Where the results of each slot lie in the outputs, whose axis has the slot
// count as extent.
struct SlotPlaces {
  int64_t outer = 1;  // the product of the extents before the axis
  int64_t inner = 1;  // and after it
  int64_t slots = 0;

  // Returns the output position of slot s's result `number` (row-major over
  // the input's kept dimensions, as Layout numbers results).
  int64_t At(int64_t number, int64_t s) const {
    if (outer == 1) return s * inner + number;
    return (number / inner * slots + s) * inner + number % inner;
  }

  // Writes slot s's results as an empty slot's: index `empty_index`, and
  // value zero.
  void PutEmpty(const Sink& sink, int64_t s, int64_t empty_index) const {
    for (int64_t a = 0; a < outer; ++a) {
      for (int64_t b = 0; b < inner; ++b) {
        sink.Put((a * slots + s) * inner + b, empty_index, kZeroElement);
      }
    }
  }
};

// Returns the slot places of `plan` (validated by ValidateGrouped).
inline SlotPlaces PlacesOf(const Plan& plan) {
  SlotPlaces places;
  places.slots = plan.out_shape[plan.axis];
  for (int i = 0; i < plan.ndim; ++i) {
    if (i < plan.axis) places.outer *= plan.shape[i];
    if (i > plan.axis) places.inner *= plan.shape[i];
  }
  return places;
}

// Validates a segmented call (`keys` false: `slots_tensor` holds the
// offsets) or a grouped one (`slots_tensor` holds the keys, `num_groups` of
// them): input, op, options, group options, offsets (copied into
// grouping->offsets) or the keys' tensor (not their values, which the
// reduction checks as it reads them), and outputs, in that order; fills
// `plan` (its output shape has the axis' extent replaced by the slot count),
// *op, `grouping` and `checked`.
argmin_status ValidateGrouped(
    const DLTensor* input, const DLTensor* slots_tensor, bool keys,
    int64_t num_groups, int op_value, const argmin_options* options,
    const argmin_group_options* group_options, const argmin_outputs* outputs,
    const char* call, Plan* plan, Op* op, Grouping* grouping, Outputs* checked);

// Returns the position of the first of the n keys of `grouping` that is
// grouping.slots or more, or -1.
int64_t FirstBadKey(const Grouping& grouping, int64_t n);

// Fails with ARGMIN_ERROR_BAD_GROUPS for `call`, naming the first of the n
// keys of `grouping` that is grouping.slots or more.
argmin_status BadKeyFailure(const Grouping& grouping, int64_t n,
                            const char* call);

// Reduces `plan` per segment of `grouping` with `op` into `outputs`, all
// validated; ARGMIN_ERROR_ALL_NAN, with every output untouched, if a segment
// is all-NaN under ARGMIN_NAN_IGNORE.
argmin_status ReduceSegments(const Plan& plan, const Grouping& grouping, Op op,
                             const Outputs& outputs);

// Reduces `plan` per group of `grouping` with `op` into `outputs`, all
// validated but the keys' values; ARGMIN_ERROR_BAD_GROUPS or
// ARGMIN_ERROR_ALL_NAN (unrecorded) with every output untouched.
argmin_status ReduceGroups(const Plan& plan, const Grouping& grouping, Op op,
                           const Outputs& outputs);

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_GROUPING_H_
