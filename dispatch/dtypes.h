// The dtype list seen from dispatch: parsing a DLPack dtype, and visiting the
// key traits of a dtype.
#ifndef ARGMIN_DISPATCH_DTYPES_H_
#define ARGMIN_DISPATCH_DTYPES_H_

#include <cstddef>

#include "argmin/argmin.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {

// Returns the dtype and item size of `t`, or false if it is unsupported.
inline bool ParseDType(DLDataType t, DType* dtype, size_t* itemsize) {
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

// Returns whether `dtype` is a floating-point one (it can hold NaN).
inline bool IsFloat(DType dtype) {
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

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_DTYPES_H_
