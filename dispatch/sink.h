// Where results go: an index output (int64 or int32) and optionally a value
// output of the input's dtype, written one result or one run at a time.
#ifndef ARGMIN_DISPATCH_SINK_H_
#define ARGMIN_DISPATCH_SINK_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "dispatch/validate.h"

namespace argmin {
namespace internal {

// Copies one element of `itemsize` bytes (1, 2, 4 or 8) from `src` to `dst`:
// a fixed-size copy is one load and one store, where memcpy of a size known
// only at run time is a call per result.
inline void CopyElement(uint8_t* dst, const uint8_t* src, size_t itemsize) {
  switch (itemsize) {
    case 1:
      *dst = *src;
      break;
    case 2:
      memcpy(dst, src, 2);
      break;
    case 4:
      memcpy(dst, src, 4);
      break;
    default:
      memcpy(dst, src, 8);
      break;
  }
}

// An element of value zero, all bits clear, of any dtype: an empty slot's
// value.
inline constexpr uint8_t kZeroElement[8] = {};

// Writes one order's results: indices into an int64 or int32 buffer, and,
// when asked, each index's element (x[index], bit for bit) into a value
// buffer of the input's dtype.
struct Sink {
  void* data;
  bool is_int32;
  uint8_t* values;  // nullptr: no values wanted
  size_t itemsize;

  // Writes result i: index `index`, whose element is at `element` (for an
  // all-NaN slice allowed to have no index, its first element).
  void Put(int64_t i, int64_t index, const uint8_t* element) const {
    if (is_int32) {
      static_cast<int32_t*>(data)[i] = static_cast<int32_t>(index);
    } else {
      static_cast<int64_t*>(data)[i] = index;
    }
    if (values != nullptr) {
      CopyElement(values + static_cast<size_t>(i) * itemsize, element,
                  itemsize);
    }
  }
  // Returns where the results at positions first, first + step, ... lie in
  // memory, when they are int64 side by side; nullptr otherwise.
  int64_t* Run(int64_t first, int64_t step) const {
    return !is_int32 && step == 1 ? static_cast<int64_t*>(data) + first
                                  : nullptr;
  }
  // Writes the results of `count` slices to positions first, first + step,
  // ...: slice j starts at `p + j * m_bytes`, its element i at `i * k_bytes`
  // further. The indices are written unless `in_place` (the kernel put them
  // there already, at Run()).
  void PutRun(int64_t first, int64_t step, const int64_t* indices,
              int64_t count, const uint8_t* p, int64_t m_bytes, int64_t k_bytes,
              bool in_place) const {
    if (in_place && values == nullptr) return;
    for (int64_t j = 0; j < count; ++j) {
      const int64_t i = indices[j];
      const uint8_t* element = p + j * m_bytes + (i < 0 ? 0 : i * k_bytes);
      if (in_place) {
        CopyElement(values + static_cast<size_t>(first + j * step) * itemsize,
                    element, itemsize);
      } else {
        Put(first + j * step, i, element);
      }
    }
  }
};

// Returns the sink of output o of `outputs`.
inline Sink SinkOf(const Plan& plan, const Outputs& outputs, int o) {
  const DLTensor* indices = outputs.indices[o];
  const DLTensor* values = outputs.values[o];
  return {static_cast<uint8_t*>(indices->data) + indices->byte_offset,
          indices->dtype.bits == 32,
          values ? static_cast<uint8_t*>(values->data) + values->byte_offset
                 : nullptr,
          plan.itemsize};
}

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_SINK_H_
