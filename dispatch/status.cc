// The status list's words (dispatch/status.h): argmin_status_message,
// argmin_status_name and argmin_last_error.
#include "dispatch/status.h"

#include <stdarg.h>
#include <stdio.h>

#include "dispatch/dtypes.h"

namespace argmin {
namespace internal {
namespace {

// This thread's last failure, in words; fixed size, so that recording one
// never allocates.
thread_local char last_error[1024];

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
              "a required pointer is NULL (tensor, options, outputs, shape, "
              "or the data of a tensor that has elements)"};
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
              "empty reduction: the reduction is over zero elements"};
    case ARGMIN_ERROR_ALL_NAN:
      return {"ARGMIN_ERROR_ALL_NAN",
              "all-NaN slice encountered (NaN policy ignore)"};
    case ARGMIN_ERROR_BAD_OUTPUT:
      return {"ARGMIN_ERROR_BAD_OUTPUT",
              "bad output tensor: an index output must be int64 or int32, a "
              "value output of the input's dtype, both with "
              "argmin_output_shape's shape and compact row-major strides, and "
              "only outputs the op makes may be given"};
    case ARGMIN_ERROR_INDEX_OVERFLOW:
      return {"ARGMIN_ERROR_INDEX_OVERFLOW",
              "index overflow: an index could exceed INT32_MAX, use an int64 "
              "output"};
    case ARGMIN_ERROR_BAD_OPTION:
      return {"ARGMIN_ERROR_BAD_OPTION",
              "bad option: op, nan_policy and tie_policy must be one of their "
              "enum values, and num_threads >= 0"};
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
    case ARGMIN_ERROR_BAD_GROUPS:
      return {"ARGMIN_ERROR_BAD_GROUPS",
              "bad segments or groups: offsets or keys must be 1-D int64 or "
              "int32 of the right length, offsets non-decreasing from 0 to "
              "the axis' extent, keys less than num_groups"};
  }
  return {"ARGMIN_UNKNOWN_STATUS", "unknown status code"};
}

}  // namespace

argmin_status Fail(argmin_status status, const char* format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(last_error, sizeof(last_error), format, args);
  va_end(args);
  return status;
}

argmin_status UnsupportedDType(const char* call, const char* what,
                               DLDataType dtype) {
  return Fail(ARGMIN_ERROR_UNSUPPORTED_DTYPE,
              "%s: %s %s, expected float16, bfloat16, float32, float64, "
              "int8/16/32/64, uint8/16/32/64 or bool, lanes 1",
              call, what, DTypeText(dtype).c_str());
}

argmin_status AllNaNFailure(const char* call) {
  return Fail(ARGMIN_ERROR_ALL_NAN,
              "%s: all-NaN slice encountered: NaN policy ignore, and a slice "
              "holds only NaNs",
              call);
}

argmin_status ScratchFailure(const char* call) {
  return Fail(ARGMIN_ERROR_OUT_OF_MEMORY,
              "%s: out of memory for scratch space (a call's split over "
              "threads)",
              call);
}

const char* OpCallName(int op_value, const char* fallback, CallKind kind) {
  switch (op_value) {
#define ARGMIN_OP_CALL_NAME(Name, value, name, finds_min, finds_max) \
  case value:                                                        \
    return kind == CallKind::kSegments ? "segment " name             \
           : kind == CallKind::kGroups ? "group " name               \
                                       : name;
    ARGMIN_FOREACH_OP(ARGMIN_OP_CALL_NAME)
#undef ARGMIN_OP_CALL_NAME
  }
  return fallback;
}

const char* DTypeName(DType dtype) {
  switch (dtype) {
#define ARGMIN_DTYPE_NAME(Name, code, bits, type, name) \
  case DType::k##Name:                                  \
    return name;
    ARGMIN_FOREACH_DTYPE(ARGMIN_DTYPE_NAME)
#undef ARGMIN_DTYPE_NAME
  }
  return "unknown";
}

Text DTypeText(DLDataType dtype) {
  Text result;
  DType parsed;
  size_t itemsize;
  if (ParseDType(dtype, &parsed, &itemsize)) {
    snprintf(result.text, sizeof(result.text), "%s", DTypeName(parsed));
  } else {
    snprintf(result.text, sizeof(result.text), "(code %u, bits %u, lanes %u)",
             unsigned{dtype.code}, unsigned{dtype.bits}, unsigned{dtype.lanes});
  }
  return result;
}

Text ShapeText(int ndim, const int64_t* shape) {
  Text result;
  size_t used = 0;
  const size_t size = sizeof(result.text);
  used += snprintf(result.text, size, "(");
  for (int i = 0; i < ndim && used < size; ++i) {
    used += snprintf(result.text + used, size - used, "%s%lld",
                     i > 0 ? ", " : "", static_cast<long long>(shape[i]));
  }
  if (used < size) snprintf(result.text + used, size - used, ")");
  return result;
}

}  // namespace internal
}  // namespace argmin

extern "C" {

const char* argmin_status_message(argmin_status status) {
  return argmin::internal::DescribeStatus(status).message;
}

const char* argmin_status_name(argmin_status status) {
  return argmin::internal::DescribeStatus(status).name;
}

const char* argmin_last_error(void) { return argmin::internal::last_error; }

}  // extern "C"
