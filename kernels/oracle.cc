// Scalar reference oracle. Every rule of docs/semantics.md is spelled out here
// one element at a time, with no vectors, no blocking and no shortcuts, so that
// a reader can check it against the document line by line. Speed does not
// matter beyond being usable as the benchmarks' scalar baseline.
#include "kernels/oracle.h"

#include <dlpack/dlpack.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include "argmin/argmin.h"
#include "argmin/argmin.hpp"  // the C++ types of the dtype list
#include "argmin/vocabulary.h"

namespace argmin {
namespace oracle {
namespace {

// Steps the row-major odometer `index` over `shape` by one, keeping
// `offset` (bytes) at its element under `byte_strides`.
void Advance(const std::vector<int64_t>& shape,
             const std::vector<int64_t>& byte_strides,
             std::vector<int64_t>* index, int64_t* offset) {
  for (int d = static_cast<int>(shape.size()) - 1; d >= 0; --d) {
    if (++(*index)[d] < shape[d]) {
      *offset += byte_strides[d];
      return;
    }
    *offset -= (shape[d] - 1) * byte_strides[d];
    (*index)[d] = 0;
  }
}

// Returns the value of the IEEE binary16 number with bit pattern `bits`.
double DecodeFloat16(uint16_t bits) {
  const bool negative = (bits & 0x8000u) != 0;
  const int exponent = (bits >> 10) & 0x1f;
  const int fraction = bits & 0x3ff;
  double magnitude;
  if (exponent == 0x1f) {
    // The NaN's sign and payload carry no order, so any NaN will do.
    magnitude = fraction == 0 ? std::numeric_limits<double>::infinity()
                              : std::numeric_limits<double>::quiet_NaN();
  } else if (exponent == 0) {
    // Zero and the subnormals have no implicit leading one.
    magnitude = std::ldexp(static_cast<double>(fraction), -24);
  } else {
    magnitude =
        std::ldexp(static_cast<double>(fraction + 0x400), exponent - 25);
  }
  return negative ? -magnitude : magnitude;
}

// Returns the value of the bfloat16 number with bit pattern `bits`.
float DecodeBfloat16(uint16_t bits) {
  // bfloat16 is by definition the upper half of a binary32.
  const uint32_t word = static_cast<uint32_t>(bits) << 16;
  float value;
  std::memcpy(&value, &word, sizeof(value));
  return value;
}

// Loaders read one element from its address and return a Value whose < and
// == order the elements as the library does. memcpy because strides and
// byte_offset need not keep elements aligned.
template <typename T>
struct PlainLoader {
  using Value = T;
  static T Load(const char* address) {
    T value;
    std::memcpy(&value, address, sizeof(value));
    return value;
  }
};

struct BoolLoader {
  using Value = int;
  // Every nonzero byte is true, so they must all compare equal.
  static int Load(const char* address) { return *address != 0 ? 1 : 0; }
};

struct Float16Loader {
  using Value = double;
  static double Load(const char* address) {
    uint16_t bits;
    std::memcpy(&bits, address, sizeof(bits));
    return DecodeFloat16(bits);
  }
};

struct Bfloat16Loader {
  using Value = float;
  static float Load(const char* address) {
    uint16_t bits;
    std::memcpy(&bits, address, sizeof(bits));
    return DecodeBfloat16(bits);
  }
};

// Returns whether `value` is a NaN; values of integer types never are.
template <typename V>
bool IsNan(V value) {
  if constexpr (std::is_floating_point_v<V>) {
    return std::isnan(value);
  } else {
    return false;
  }
}

// Keeps the winning index among the elements offered to it in logical order,
// under one op (the minimum or the maximum), one NaN policy and one tie
// policy.
template <typename V>
class Tracker {
 public:
  Tracker(const argmin_options& options, bool find_max)
      : find_max_(find_max),
        ignore_nan_(options.nan_policy != ARGMIN_NAN_PROPAGATE),
        ties_last_(options.tie_policy == ARGMIN_TIES_LAST) {}

  // Considers the element at logical `index` with `value`.
  void Offer(int64_t index, V value) {
    const bool is_nan = IsNan(value);
    if (is_nan && ignore_nan_) return;
    if (best_index_ < 0 || Beats(value, is_nan)) {
      best_index_ = index;
      best_value_ = value;
      best_is_nan_ = is_nan;
    }
  }

  // Returns the winner so far, or -1 when nothing was kept.
  int64_t best_index() const { return best_index_; }

 private:
  // Returns whether a newcomer displaces the current best.
  bool Beats(V value, bool is_nan) const {
    bool better;
    bool equal;
    if (is_nan || best_is_nan_) {
      // A propagated NaN beats every number (it is the minimum of argmin and
      // the maximum of argmax) and ties with every other NaN; the built-in
      // operators would call every NaN comparison false instead.
      better = is_nan && !best_is_nan_;
      equal = is_nan && best_is_nan_;
    } else {
      // == makes -0.0 and +0.0 a tie, as wanted.
      better = find_max_ ? value > best_value_ : value < best_value_;
      equal = value == best_value_;
    }
    return better || (equal && ties_last_);
  }

  const bool find_max_;
  const bool ignore_nan_;
  const bool ties_last_;
  int64_t best_index_ = -1;
  V best_value_{};
  bool best_is_nan_ = false;
};

// Returns the argmin of the `n` elements at `first`, `first + step_bytes`, ...
// or -1 when none qualifies.
template <typename Loader>
int64_t ArgOfSlice(const char* first, int64_t n, int64_t step_bytes,
                   const argmin_options& options, bool find_max) {
  Tracker<typename Loader::Value> tracker(options, find_max);
  for (int64_t k = 0; k < n; ++k) {
    tracker.Offer(k, Loader::Load(first + k * step_bytes));
  }
  return tracker.best_index();
}

// Returns the argmin over every element of a tensor whose element (i_0, ...)
// lies at `base + sum(i_d * byte_strides[d])`, numbered in row-major order of
// `shape`; -1 when none qualifies.
template <typename Loader>
int64_t LogicalOrderArgmin(const char* base, const std::vector<int64_t>& shape,
                           const std::vector<int64_t>& byte_strides,
                           const argmin_options& options, bool find_max) {
  const int ndim = static_cast<int>(shape.size());
  int64_t count = 1;
  for (int64_t extent : shape) count *= extent;
  Tracker<typename Loader::Value> tracker(options, find_max);
  // An odometer over the logical index, so the flat index follows the shape
  // and never the memory layout.
  std::vector<int64_t> index(ndim, 0);
  int64_t offset = 0;
  for (int64_t flat = 0; flat < count; ++flat) {
    tracker.Offer(flat, Loader::Load(base + offset));
    Advance(shape, byte_strides, &index, &offset);
  }
  return tracker.best_index();
}

// The loader of elements of the public C++ type T (argmin/vocabulary.h's
// dtype list).
template <typename T>
struct LoaderOf {
  using Loader = PlainLoader<T>;
};
template <>
struct LoaderOf<bool> {
  using Loader = BoolLoader;
};
template <>
struct LoaderOf<::argmin::float16> {
  using Loader = Float16Loader;
};
template <>
struct LoaderOf<::argmin::bfloat16> {
  using Loader = Bfloat16Loader;
};

// Calls `fn` with a default-constructed loader for `dtype` and returns its
// result; aborts on a dtype the library does not support.
template <typename Fn>
int64_t WithLoader(DLDataType dtype, Fn&& fn) {
  // The oracle's callers promise a supported dtype; anything else is a bug in
  // a test, which must not pass silently.
  if (dtype.lanes != 1) std::abort();
#define ARGMIN_ORACLE_LOADER(Name, code_, bits_, type, name) \
  if (dtype.code == (code_) && dtype.bits == (bits_)) {      \
    return fn(typename LoaderOf<type>::Loader{});            \
  }
  ARGMIN_FOREACH_DTYPE(ARGMIN_ORACLE_LOADER)
#undef ARGMIN_ORACLE_LOADER
  std::abort();
}

// Returns the argmin of `n` elements `step_bytes` apart starting at `first`.
int64_t DispatchSlice(const char* first, DLDataType dtype, int64_t n,
                      int64_t step_bytes, const argmin_options& options,
                      bool find_max) {
  return WithLoader(dtype, [&](auto loader) {
    return ArgOfSlice<decltype(loader)>(first, n, step_bytes, options,
                                        find_max);
  });
}

}  // namespace

int64_t Argmin1D(const void* data, DLDataType dtype, int64_t n, int64_t stride,
                 const argmin_options& options) {
  return Arg1D(data, dtype, n, stride, options, false);
}

int64_t Arg1D(const void* data, DLDataType dtype, int64_t n, int64_t stride,
              const argmin_options& options, bool find_max) {
  const int64_t item_size = dtype.bits / 8;
  return DispatchSlice(static_cast<const char*>(data), dtype, n,
                       stride * item_size, options, find_max);
}

std::vector<int64_t> Argmin(const DLTensor& input,
                            const argmin_options& options,
                            argmin_status* status) {
  return Arg(input, options, false, status);
}

std::vector<int64_t> Arg(const DLTensor& input, const argmin_options& options,
                         bool find_max, argmin_status* status) {
  const int ndim = input.ndim;
  const DLDataType dtype = input.dtype;
  const int64_t item_size = dtype.bits / 8;
  // An empty tensor may come with NULL data, and NULL plus an offset is
  // undefined behaviour even if nothing is ever read through it.
  const char* base = static_cast<const char*>(input.data);
  if (base != nullptr) base += input.byte_offset;

  // Validity of the axis comes first, before any question of emptiness.
  int axis = -1;
  if (options.has_axis != 0) {
    // A 0-d tensor behaves as if it had one dimension here, as in torch.
    const int64_t rank = ndim > 0 ? ndim : 1;
    if (options.axis < -rank || options.axis >= rank) {
      *status = ARGMIN_ERROR_BAD_AXIS;
      return {};
    }
    axis =
        static_cast<int>(options.axis < 0 ? options.axis + rank : options.axis);
  }

  if (ndim == 0) {
    // One element, whatever the axis; only an ignored NaN can make it fail.
    const int64_t index = DispatchSlice(base, dtype, 1, 0, options, find_max);
    if (index < 0) {
      *status = ARGMIN_ERROR_ALL_NAN;
      return {};
    }
    *status = ARGMIN_OK;
    return {index};
  }

  std::vector<int64_t> shape(input.shape, input.shape + ndim);
  std::vector<int64_t> byte_strides(ndim);
  if (input.strides == nullptr) {
    // NULL strides mean compact row-major.
    int64_t stride = 1;
    for (int d = ndim - 1; d >= 0; --d) {
      byte_strides[d] = stride * item_size;
      stride *= shape[d];
    }
  } else {
    for (int d = 0; d < ndim; ++d) {
      byte_strides[d] = input.strides[d] * item_size;
    }
  }

  if (axis < 0) {
    int64_t count = 1;
    for (int64_t extent : shape) count *= extent;
    if (count == 0) {
      *status = ARGMIN_ERROR_EMPTY_REDUCTION;
      return {};
    }
    const int64_t index = WithLoader(dtype, [&](auto loader) {
      return LogicalOrderArgmin<decltype(loader)>(base, shape, byte_strides,
                                                  options, find_max);
    });
    if (index < 0) {
      *status = ARGMIN_ERROR_ALL_NAN;
      return {};
    }
    *status = ARGMIN_OK;
    return {index};
  }

  // Checked even when another extent is zero and no slice would be reduced.
  if (shape[axis] == 0) {
    *status = ARGMIN_ERROR_EMPTY_REDUCTION;
    return {};
  }

  // The dimensions that remain, in order; the reduced one is walked by
  // ArgOfSlice instead.
  std::vector<int64_t> kept_shape;
  std::vector<int64_t> kept_byte_strides;
  int64_t output_count = 1;
  for (int d = 0; d < ndim; ++d) {
    if (d == axis) continue;
    kept_shape.push_back(shape[d]);
    kept_byte_strides.push_back(byte_strides[d]);
    output_count *= shape[d];
  }

  std::vector<int64_t> result;
  result.reserve(static_cast<size_t>(output_count));
  const int kept_ndim = static_cast<int>(kept_shape.size());
  std::vector<int64_t> index(kept_ndim, 0);
  int64_t offset = 0;
  for (int64_t position = 0; position < output_count; ++position) {
    const int64_t slice_index =
        DispatchSlice(base + offset, dtype, shape[axis], byte_strides[axis],
                      options, find_max);
    if (slice_index < 0) {
      // One all-NaN slice fails the whole call; no partial result.
      *status = ARGMIN_ERROR_ALL_NAN;
      return {};
    }
    result.push_back(slice_index);
    Advance(kept_shape, kept_byte_strides, &index, &offset);
  }
  *status = ARGMIN_OK;
  return result;
}

std::vector<int64_t> SlotArg(const DLTensor& input, int axis,
                             const std::vector<int64_t>& slot_of_position,
                             int64_t num_slots, const argmin_options& options,
                             bool find_max, int64_t empty_index,
                             argmin_status* status) {
  const int ndim = input.ndim;
  const int64_t item_size = input.dtype.bits / 8;
  const char* base = static_cast<const char*>(input.data);
  if (base != nullptr) base += input.byte_offset;
  std::vector<int64_t> element_strides(ndim);
  int64_t compact = 1;
  for (int d = ndim - 1; d >= 0; --d) {
    element_strides[d] = input.strides != nullptr ? input.strides[d] : compact;
    compact *= input.shape[d];
  }

  // The positions of each slot, in increasing order.
  std::vector<std::vector<int64_t>> positions(static_cast<size_t>(num_slots));
  for (int64_t i = 0; i < input.shape[axis]; ++i) {
    const int64_t slot = slot_of_position[static_cast<size_t>(i)];
    if (slot >= 0) positions[static_cast<size_t>(slot)].push_back(i);
  }

  std::vector<int64_t> out_shape(input.shape, input.shape + ndim);
  out_shape[axis] = num_slots;
  int64_t out_count = 1;
  for (int64_t extent : out_shape) out_count *= extent;

  std::vector<int64_t> result;
  std::vector<int64_t> coords(ndim, 0);
  std::vector<char> gathered;
  for (int64_t flat = 0; flat < out_count; ++flat) {
    // The output's coordinates, row-major, and the slot among them.
    int64_t rest = flat;
    for (int d = ndim - 1; d >= 0; --d) {
      coords[d] = rest % out_shape[d];
      rest /= out_shape[d];
    }
    const std::vector<int64_t>& mine =
        positions[static_cast<size_t>(coords[axis])];
    if (mine.empty()) {
      result.push_back(empty_index);
      continue;
    }
    // The slot's elements, copied side by side in increasing position.
    gathered.assign(mine.size() * static_cast<size_t>(item_size), 0);
    for (size_t k = 0; k < mine.size(); ++k) {
      int64_t offset = 0;
      for (int d = 0; d < ndim; ++d) {
        offset += (d == axis ? mine[k] : coords[d]) * element_strides[d];
      }
      std::memcpy(&gathered[k * static_cast<size_t>(item_size)],
                  base + offset * item_size, static_cast<size_t>(item_size));
    }
    const int64_t k =
        Arg1D(gathered.data(), input.dtype, static_cast<int64_t>(mine.size()),
              1, options, find_max);
    if (k >= 0) {
      result.push_back(mine[static_cast<size_t>(k)]);
    } else if (options.nan_policy == ARGMIN_NAN_IGNORE) {
      // One all-NaN slot fails the whole call, as an all-NaN slice does.
      *status = ARGMIN_ERROR_ALL_NAN;
      return {};
    } else {
      result.push_back(-1);
    }
  }
  *status = ARGMIN_OK;
  return result;
}

}  // namespace oracle
}  // namespace argmin
