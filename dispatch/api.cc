// The C ABI: validates a call, plans its layout, and runs the slice kernels
// chosen by runtime dispatch. Nothing here throws across the C boundary,
// aborts or prints, and the output is written only once every check passed.
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <mutex>
#include <new>
#include <vector>

#include "argmin/argmin.h"
#include "dispatch/kernels.h"
#include "hwy/targets.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {
namespace {

// Returns the dtype and item size of `t`, or false if it is unsupported.
bool ParseDType(DLDataType t, DType* dtype, size_t* itemsize) {
  if (t.lanes != 1) return false;
#define ARGMIN_MATCH_DTYPE(Name, code_, bits_, type, name) \
  if (t.code == (code_) && t.bits == (bits_)) {            \
    *dtype = DType::k##Name;                               \
    *itemsize = (bits_) / 8;                               \
    return true;                                           \
  }
  ARGMIN_FOREACH_DTYPE(ARGMIN_MATCH_DTYPE)
#undef ARGMIN_MATCH_DTYPE
  return false;
}

bool IsFloat(DType dtype) {
#define ARGMIN_IS_DTYPE(Name, code, bits, type, name) || dtype == DType::k##Name
  return false ARGMIN_FOREACH_FLOAT_DTYPE(ARGMIN_IS_DTYPE);
#undef ARGMIN_IS_DTYPE
}

// Calls `f` with a value of the KeyTraits type of `dtype`.
template <class F>
void VisitKeyTraits(DType dtype, F&& f) {
  switch (dtype) {
#define ARGMIN_VISIT_DTYPE(Name, code, bits, type, name) \
  case DType::k##Name:                                   \
    return f(Name##Keys{});
    ARGMIN_FOREACH_DTYPE(ARGMIN_VISIT_DTYPE)
#undef ARGMIN_VISIT_DTYPE
  }
}

// Returns in *flags the kernel flags of `options`' NaN and tie policies, or
// false if an option is out of range (num_threads included).
bool KernelFlags(const argmin_options& options, uint32_t* flags) {
  if (options.nan_policy != ARGMIN_NAN_PROPAGATE &&
      options.nan_policy != ARGMIN_NAN_IGNORE) {
    return false;
  }
  if (options.tie_policy != ARGMIN_TIES_FIRST &&
      options.tie_policy != ARGMIN_TIES_LAST) {
    return false;
  }
  if (options.num_threads < 0) return false;
  *flags = (options.nan_policy == ARGMIN_NAN_IGNORE ? kIgnoreNaN : 0) |
           (options.tie_policy == ARGMIN_TIES_LAST ? kLastIndex : 0);
  return true;
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
  int num_threads;
};

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
  if (count > 0) {
    int64_t low = 0, high = 0;  // element offsets of the extreme elements
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
    const int64_t item = static_cast<int64_t>(plan->itemsize);
    if (__builtin_mul_overflow(high, item, &bytes) ||
        __builtin_mul_overflow(low, item, &bytes) ||
        __builtin_add_overflow(
            high * item, static_cast<int64_t>(input->byte_offset), &bytes)) {
      return ARGMIN_ERROR_BAD_SHAPE;
    }
  }
  // No arithmetic on a NULL pointer: an empty tensor may have no data.
  plan->base =
      input->data == nullptr
          ? nullptr
          : static_cast<const uint8_t*>(input->data) + input->byte_offset;

  if (!KernelFlags(*options, &plan->flags)) return ARGMIN_ERROR_BAD_OPTION;
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

  const bool keepdims = options->keepdims != 0;
  plan->out_ndim = 0;
  plan->out_count = 1;
  for (int i = 0; i < plan->ndim; ++i) {
    const bool reduced = plan->axis < 0 || plan->axis == i;
    if (reduced && !keepdims) continue;
    const int64_t extent = reduced ? 1 : plan->shape[i];
    plan->out_shape[plan->out_ndim++] = extent;
    plan->out_count *= extent;  // no overflow: a product of input extents
  }
  plan->extent = plan->axis < 0 ? count : plan->shape[plan->axis];
  if (plan->extent == 0) return ARGMIN_ERROR_EMPTY_REDUCTION;
  return ARGMIN_OK;
}

// Validates `output` against `plan`.
argmin_status CheckOutput(const Plan& plan, const DLTensor* output) {
  if (output == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  if (output->device.device_type != kDLCPU) {
    return ARGMIN_ERROR_UNSUPPORTED_DEVICE;
  }
  const DLDataType t = output->dtype;
  if (t.code != kDLInt || t.lanes != 1 || (t.bits != 64 && t.bits != 32)) {
    return ARGMIN_ERROR_BAD_OUTPUT;
  }
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
    compact *= plan.out_shape[i];
  }
  if (plan.out_count > 0 && output->data == nullptr) {
    return ARGMIN_ERROR_NULL_POINTER;
  }
  if (t.bits == 32 && plan.extent - 1 > INT32_MAX) {
    return ARGMIN_ERROR_INDEX_OVERFLOW;
  }
  return ARGMIN_OK;
}

// The input viewed as rows: `outer` dimensions (row-major) of slices of
// `extent` elements `stride` apart.
struct Rows {
  int ndim = 0;
  int64_t shape[ARGMIN_MAX_NDIM];
  int64_t strides[ARGMIN_MAX_NDIM];
  int64_t extent = 1;
  int64_t stride = 1;
};

// Returns the element offset of row `row` (row-major over rows.shape).
int64_t RowOffset(const Rows& rows, int64_t row) {
  int64_t offset = 0;
  for (int i = rows.ndim - 1; i >= 0 && row > 0; --i) {
    offset += (row % rows.shape[i]) * rows.strides[i];
    row /= rows.shape[i];
  }
  return offset;
}

// Returns the plan's layout as rows: along the axis, or for axis none the
// whole input with adjacent dimensions merged where memory allows, the last
// merged dimension being the slice. Extent-1 dimensions are dropped: they
// change neither offsets nor the row-major order.
Rows MakeRows(const Plan& plan) {
  Rows rows;
  if (plan.axis >= 0) {
    rows.extent = plan.shape[plan.axis];
    rows.stride = plan.strides[plan.axis];
    for (int i = 0; i < plan.ndim; ++i) {
      if (i == plan.axis || plan.shape[i] == 1) continue;
      rows.shape[rows.ndim] = plan.shape[i];
      rows.strides[rows.ndim++] = plan.strides[i];
    }
    return rows;
  }
  int64_t shape[ARGMIN_MAX_NDIM], strides[ARGMIN_MAX_NDIM];
  int n = 0;
  for (int i = 0; i < plan.ndim; ++i) {
    if (plan.shape[i] == 1) continue;
    if (n > 0 && strides[n - 1] == plan.strides[i] * plan.shape[i]) {
      shape[n - 1] *= plan.shape[i];  // row-major contiguous with the previous
      strides[n - 1] = plan.strides[i];
      continue;
    }
    shape[n] = plan.shape[i];
    strides[n++] = plan.strides[i];
  }
  if (n == 0) return rows;  // a single element
  rows.extent = shape[n - 1];
  rows.stride = strides[n - 1];
  rows.ndim = n - 1;
  std::copy(shape, shape + n - 1, rows.shape);
  std::copy(strides, strides + n - 1, rows.strides);
  return rows;
}

// Writes indices into an int64 or int32 buffer.
struct Sink {
  void* data;
  bool is_int32;
  void Put(int64_t i, int64_t index) const {
    if (is_int32) {
      static_cast<int32_t*>(data)[i] = static_cast<int32_t>(index);
    } else {
      static_cast<int64_t*>(data)[i] = index;
    }
  }
};

// Returns how many threads to spread `tasks` rows over: the option (or
// OpenMP's default), but at most one per row and per kMinElementsPerThread.
int ThreadCount(const Plan& plan, int64_t tasks) {
  // Below this much work per thread, starting threads costs more than it
  // saves.
  constexpr int64_t kMinElementsPerThread = int64_t{1} << 16;
  const int64_t by_work = std::min(tasks, plan.count / kMinElementsPerThread);
  if (by_work <= 1) return 1;  // without asking OpenMP, which costs time
  const int threads =
      plan.num_threads > 0 ? plan.num_threads : omp_get_max_threads();
  return static_cast<int>(
      std::max<int64_t>(1, std::min<int64_t>(threads, by_work)));
}

// Reduces rows [begin, end) along the axis into `sink`; false if one of them
// is all-NaN.
bool ReduceRowRange(const Plan& plan, const Rows& rows, SliceKernel kernel,
                    const Sink& sink, int64_t begin, int64_t end) {
  bool ok = true;
  const int64_t item = static_cast<int64_t>(plan.itemsize);
  for (int64_t row = begin; row < end; ++row) {
    const uint8_t* p = plan.base + RowOffset(rows, row) * item;
    const int64_t index =
        kernel(p, static_cast<size_t>(rows.extent), rows.stride, plan.flags);
    if (index == kAllNaN) {
      ok = false;
    } else {
      sink.Put(row, index);
    }
  }
  return ok;
}

// Reduces every row along the axis into `sink`; false if a row is all-NaN.
// One thread runs without entering an OpenMP region at all, whose start-up
// would dominate small calls.
bool ReduceAlongAxis(const Plan& plan, const Rows& rows, SliceKernel kernel,
                     const Sink& sink) {
  const int64_t num_rows = plan.out_count;
  const int threads = ThreadCount(plan, num_rows);
  if (threads == 1)
    return ReduceRowRange(plan, rows, kernel, sink, 0, num_rows);
  bool ok = true;
#pragma omp parallel for num_threads(threads) schedule(static) reduction(&& : ok)
  for (int t = 0; t < threads; ++t) {
    const int64_t begin = num_rows * t / threads;
    const int64_t end = num_rows * (t + 1) / threads;
    ok = ReduceRowRange(plan, rows, kernel, sink, begin, end) && ok;
  }
  return ok;
}

// Returns the logical index of the minimum over all rows, merging the rows'
// minima in row order; kAllNaN if every row is all-NaN.
template <class Traits>
int64_t ReduceAllRows(const Plan& plan, const Rows& rows, SliceKernel kernel) {
  using Key = typename Traits::Key;
  const Key nan_key = Traits::NaNKey(plan.flags);
  const bool last = (plan.flags & kLastIndex) != 0;
  const int64_t item = static_cast<int64_t>(plan.itemsize);
  const int64_t num_rows = plan.count / rows.extent;
  int64_t best_index = kAllNaN;
  Key best = Traits::kHighest;
  for (int64_t row = 0; row < num_rows; ++row) {
    const uint8_t* p = plan.base + RowOffset(rows, row) * item;
    const int64_t index =
        kernel(p, static_cast<size_t>(rows.extent), rows.stride, plan.flags);
    if (index == kAllNaN) continue;
    const Key key = LoadKey<Traits>(p + index * rows.stride * item, nan_key);
    if (best_index == kAllNaN || Replaces(key, best, last)) {
      best = key;
      best_index = row * rows.extent + index;
      if (!last && best == Traits::kLowest) break;  // nothing can beat it
    }
  }
  return best_index;
}

std::once_flag env_once;
int64_t forced_targets = 0;  // the mask last given to Highway's mock

// Restricts dispatch to the target named `name`, or restores all of them.
argmin_status ForceTarget(const char* name) {
  if (name == nullptr || name[0] == '\0') {
    forced_targets = 0;
    hwy::SetSupportedTargetsForTest(0);
    return ARGMIN_OK;
  }
  hwy::SetSupportedTargetsForTest(0);  // to see what the CPU really supports
  const int64_t available = hwy::SupportedTargets() & HWY_TARGETS;
  int64_t chosen = 0;
  for (int64_t rest = available; rest != 0; rest &= rest - 1) {
    const int64_t target = rest & -rest;
    if (strcmp(hwy::TargetName(target), name) == 0) chosen = target;
  }
  if (chosen != 0) forced_targets = chosen;
  hwy::SetSupportedTargetsForTest(forced_targets);
  return chosen != 0 ? ARGMIN_OK : ARGMIN_ERROR_UNKNOWN_TARGET;
}

// Applies ARGMIN_TARGET once, before the first call that depends on it; an
// unknown name there is ignored, as the library has no way to report it.
void ReadEnvironmentOnce() {
  std::call_once(env_once, [] {
    const char* name = getenv("ARGMIN_TARGET");
    if (name != nullptr) (void)ForceTarget(name);
  });
}

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
      ChooseSliceKernel(dtype)(data, static_cast<size_t>(n), 1, flags);
  if (result == kAllNaN) return ARGMIN_ERROR_ALL_NAN;
  *index = result;
  return ARGMIN_OK;
}

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
  const SliceKernel kernel = ChooseSliceKernel(plan.dtype);
  const Rows rows = MakeRows(plan);
  const Sink out{static_cast<uint8_t*>(output->data) + output->byte_offset,
                 output->dtype.bits == 32};

  if (plan.axis < 0) {
    int64_t index = kAllNaN;
    VisitKeyTraits(plan.dtype, [&](auto traits) {
      index = ReduceAllRows<decltype(traits)>(plan, rows, kernel);
    });
    if (index == kAllNaN) return ARGMIN_ERROR_ALL_NAN;
    out.Put(0, index);
    return ARGMIN_OK;
  }
  // Only an ignored NaN can fail a row once the checks passed; then the
  // results go to scratch first, so a failure leaves the output untouched.
  if ((plan.flags & kIgnoreNaN) && IsFloat(plan.dtype)) {
    std::vector<int64_t> scratch(static_cast<size_t>(plan.out_count));
    if (!ReduceAlongAxis(plan, rows, kernel, Sink{scratch.data(), false})) {
      return ARGMIN_ERROR_ALL_NAN;
    }
    for (int64_t i = 0; i < plan.out_count; ++i) out.Put(i, scratch[i]);
    return ARGMIN_OK;
  }
  ReduceAlongAxis(plan, rows, kernel, out);
  return ARGMIN_OK;
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

const char* argmin_status_message(argmin_status status) {
  switch (status) {
    case ARGMIN_OK:
      return "success";
    case ARGMIN_ERROR_NULL_POINTER:
      return "a required pointer is NULL (tensor, options, shape, or the data "
             "of a tensor that has elements)";
    case ARGMIN_ERROR_UNSUPPORTED_DTYPE:
      return "unsupported dtype: expected float16, bfloat16, float32, "
             "float64, int8/16/32/64, uint8/16/32/64 or bool, with lanes == 1";
    case ARGMIN_ERROR_UNSUPPORTED_DEVICE:
      return "unsupported device: tensors must be on the CPU (kDLCPU)";
    case ARGMIN_ERROR_BAD_SHAPE:
      return "bad shape: ndim must be in [0, 32], extents non-negative, and "
             "the element count and byte extent must fit in 64 bits";
    case ARGMIN_ERROR_BAD_AXIS:
      return "axis out of range: expected an axis in [-ndim, ndim) ([-1, 0] "
             "for a 0-d tensor)";
    case ARGMIN_ERROR_EMPTY_REDUCTION:
      return "argmin of an empty sequence: the reduction is over zero "
             "elements";
    case ARGMIN_ERROR_ALL_NAN:
      return "all-NaN slice encountered (NaN policy ignore)";
    case ARGMIN_ERROR_BAD_OUTPUT:
      return "bad output tensor: expected int64 or int32 with the shape of "
             "argmin_output_shape and compact row-major strides";
    case ARGMIN_ERROR_INDEX_OVERFLOW:
      return "index overflow: an index could exceed INT32_MAX, use an int64 "
             "output";
    case ARGMIN_ERROR_BAD_OPTION:
      return "bad option: nan_policy and tie_policy must be one of their enum "
             "values, and num_threads >= 0";
    case ARGMIN_ERROR_UNKNOWN_TARGET:
      return "unknown SIMD target, or not supported by this CPU";
    case ARGMIN_ERROR_OUT_OF_MEMORY:
      return "out of memory for scratch space";
  }
  return "unknown status code";
}

const char* argmin_target_name(void) {
  argmin::internal::ReadEnvironmentOnce();
  const int64_t targets = hwy::SupportedTargets() & HWY_TARGETS;
  return hwy::TargetName(targets & -targets);  // lowest bit: best target
}

argmin_status argmin_force_target(const char* name) {
  argmin::internal::ReadEnvironmentOnce();
  return argmin::internal::ForceTarget(name);
}

}  // extern "C"
