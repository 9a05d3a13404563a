// The status list's words: each argmin_status's name and message, and the
// detail of the last failure on each thread (argmin_last_error), written
// where a check fails.
#ifndef ARGMIN_DISPATCH_STATUS_H_
#define ARGMIN_DISPATCH_STATUS_H_

#include <cstdint>

#include "argmin/argmin.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {

// Records `format`'s text as this thread's last error and returns `status`,
// so that a check fails as `return Fail(ARGMIN_ERROR_..., "...", ...)`.
argmin_status Fail(argmin_status status, const char* format, ...)
    __attribute__((format(printf, 2, 3)));

// Fails with ARGMIN_ERROR_UNSUPPORTED_DTYPE for `call`, whose `what` (for
// example "input has dtype") is `dtype`, naming the dtypes the library takes.
argmin_status UnsupportedDType(const char* call, const char* what,
                               DLDataType dtype);

// Fails with ARGMIN_ERROR_ALL_NAN for `call`.
argmin_status AllNaNFailure(const char* call);

// Fails with ARGMIN_ERROR_OUT_OF_MEMORY for `call`, whose scratch (a split
// over threads) could not be allocated.
argmin_status ScratchFailure(const char* call);

// What a call reduces: slices, segments or groups.
enum class CallKind { kSlices, kSegments, kGroups };

// Returns the name of the call an op value makes: "argmin", "argmax",
// "argminmax" (prefixed by "segment " or "group " for those kinds), or
// `fallback` for a value that is no op.
const char* OpCallName(int op_value, const char* fallback,
                       CallKind kind = CallKind::kSlices);

// Text short enough to live on the stack, for the pieces of a message.
struct Text {
  char text[800];
  const char* c_str() const { return text; }
};

// Returns the name of `dtype`, as the dtype list spells it ("float32").
const char* DTypeName(DType dtype);

// Returns `dtype` as a user names it: "float32", or its code, bits and lanes
// when it is none of the supported ones.
Text DTypeText(DLDataType dtype);

// Returns `ndim` extents as a tuple, "(4, 1000)" ("()" for 0-d).
Text ShapeText(int ndim, const int64_t* shape);

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_STATUS_H_
