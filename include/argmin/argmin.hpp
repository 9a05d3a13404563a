// argmin: C++ interface over the C ABI in argmin.h.
//
// Errors reach the caller as exceptions: every function here throws
// argmin::Error (a std::runtime_error carrying the argmin_status and its
// message) where the C function would return an error, and writes nothing to
// the output in that case. Callers that cannot use exceptions call the C
// functions in argmin.h, which never throw.
#ifndef ARGMIN_ARGMIN_HPP_
#define ARGMIN_ARGMIN_HPP_

#include <argmin/argmin.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

namespace argmin {

enum class NanPolicy : int32_t {
  kPropagate = ARGMIN_NAN_PROPAGATE,
  kIgnore = ARGMIN_NAN_IGNORE,
};

enum class Ties : int32_t {
  kFirst = ARGMIN_TIES_FIRST,
  kLast = ARGMIN_TIES_LAST,
};

// IEEE binary16 and bfloat16 numbers, as their bit patterns.
struct float16 {
  uint16_t bits;
};
struct bfloat16 {
  uint16_t bits;
};

// Options of the general call; the defaults are torch.argmin(x)'s.
struct Options {
  std::optional<int64_t> axis;  // empty: reduce over all elements
  bool keepdims = false;
  NanPolicy nan = NanPolicy::kPropagate;
  Ties ties = Ties::kFirst;
  int num_threads = 0;  // 0: OpenMP's default

  argmin_options ToC() const {
    argmin_options c = argmin_default_options();
    c.has_axis = axis.has_value() ? 1 : 0;
    c.axis = axis.value_or(0);
    c.keepdims = keepdims ? 1 : 0;
    c.nan_policy = static_cast<int32_t>(nan);
    c.tie_policy = static_cast<int32_t>(ties);
    c.num_threads = num_threads;
    return c;
  }
};

// Thrown by every function in this header on failure.
class Error : public std::runtime_error {
 public:
  explicit Error(argmin_status status)
      : std::runtime_error(argmin_status_message(status)), status_(status) {}
  argmin_status status() const { return status_; }

 private:
  argmin_status status_;
};

namespace detail {

inline void ThrowIfError(argmin_status status) {
  if (status != ARGMIN_OK) throw Error(status);
}

template <typename T>
struct DType;
#define ARGMIN_DETAIL_DTYPE(T, CODE, BITS)                \
  template <>                                             \
  struct DType<T> {                                       \
    static constexpr DLDataType kValue = {CODE, BITS, 1}; \
  };
ARGMIN_DETAIL_DTYPE(float16, kDLFloat, 16)
ARGMIN_DETAIL_DTYPE(bfloat16, kDLBfloat, 16)
ARGMIN_DETAIL_DTYPE(float, kDLFloat, 32)
ARGMIN_DETAIL_DTYPE(double, kDLFloat, 64)
ARGMIN_DETAIL_DTYPE(int8_t, kDLInt, 8)
ARGMIN_DETAIL_DTYPE(int16_t, kDLInt, 16)
ARGMIN_DETAIL_DTYPE(int32_t, kDLInt, 32)
ARGMIN_DETAIL_DTYPE(int64_t, kDLInt, 64)
ARGMIN_DETAIL_DTYPE(uint8_t, kDLUInt, 8)
ARGMIN_DETAIL_DTYPE(uint16_t, kDLUInt, 16)
ARGMIN_DETAIL_DTYPE(uint32_t, kDLUInt, 32)
ARGMIN_DETAIL_DTYPE(uint64_t, kDLUInt, 64)
ARGMIN_DETAIL_DTYPE(bool, ARGMIN_DL_BOOL, 8)
#undef ARGMIN_DETAIL_DTYPE

// Reduces contiguous `data[0, n)` through the C ABI.
template <typename T>
int64_t Contiguous1D(const T* data, size_t n, NanPolicy nan, Ties ties) {
  if (n > static_cast<size_t>(INT64_MAX)) throw Error(ARGMIN_ERROR_BAD_SHAPE);
  argmin_options options = argmin_default_options();
  options.nan_policy = static_cast<int32_t>(nan);
  options.tie_policy = static_cast<int32_t>(ties);
  int64_t index = -1;
  ThrowIfError(argmin_contiguous(data, DType<T>::kValue,
                                 static_cast<int64_t>(n), &options, &index));
  return index;
}

}  // namespace detail

// Returns the index of the minimum of contiguous `data[0, n)`: the first
// minimum (or the last, with Ties::kLast); for floating types the first NaN if
// there is one (NanPolicy::kIgnore skips NaNs instead). Throws Error if n == 0,
// if data is null, or if kIgnore finds only NaNs.
#define ARGMIN_DETAIL_OVERLOAD(T)                                   \
  inline int64_t argmin(const T* data, size_t n,                    \
                        NanPolicy nan = NanPolicy::kPropagate,      \
                        Ties ties = Ties::kFirst) {                 \
    return detail::Contiguous1D(data, n, nan, ties);                \
  }                                                                 \
  inline int64_t nanargmin(const T* data, size_t n,                 \
                           Ties ties = Ties::kFirst) {              \
    return detail::Contiguous1D(data, n, NanPolicy::kIgnore, ties); \
  }
ARGMIN_DETAIL_OVERLOAD(float16)
ARGMIN_DETAIL_OVERLOAD(bfloat16)
ARGMIN_DETAIL_OVERLOAD(float)
ARGMIN_DETAIL_OVERLOAD(double)
ARGMIN_DETAIL_OVERLOAD(int8_t)
ARGMIN_DETAIL_OVERLOAD(int16_t)
ARGMIN_DETAIL_OVERLOAD(int32_t)
ARGMIN_DETAIL_OVERLOAD(int64_t)
ARGMIN_DETAIL_OVERLOAD(uint8_t)
ARGMIN_DETAIL_OVERLOAD(uint16_t)
ARGMIN_DETAIL_OVERLOAD(uint32_t)
ARGMIN_DETAIL_OVERLOAD(uint64_t)
ARGMIN_DETAIL_OVERLOAD(bool)
#undef ARGMIN_DETAIL_OVERLOAD

// Returns the output shape of argmin(input, options). Throws Error.
inline std::vector<int64_t> OutputShape(const DLTensor& input,
                                        const Options& options = {}) {
  const argmin_options c = options.ToC();
  int32_t ndim = 0;
  int64_t shape[ARGMIN_MAX_NDIM];
  detail::ThrowIfError(argmin_output_shape(&input, &c, &ndim, shape));
  return std::vector<int64_t>(shape, shape + ndim);
}

// Computes argmin of `input` into the caller's `output` (int64 or int32, of
// OutputShape's shape). Throws Error, and then has not written the output.
inline void argmin(const DLTensor& input, const Options& options,
                   DLTensor& output) {
  const argmin_options c = options.ToC();
  detail::ThrowIfError(argmin_compute(&input, &c, &output));
}

// Returns the name of the SIMD target that dispatch uses now.
inline const char* TargetName() { return argmin_target_name(); }

}  // namespace argmin

#endif  // ARGMIN_ARGMIN_HPP_
