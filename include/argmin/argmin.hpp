// argmin: C++ interface over the C ABI in argmin.h: argmin, argmax, min and
// max with their index, argminmax in one pass, merging partial results, and
// all of them per segment or per group.
//
// Errors reach the caller as exceptions: every function here throws
// argmin::Error (a std::runtime_error carrying the argmin_status and its
// message) where the C function would return an error, and writes nothing to
// the output in that case. Callers that cannot use exceptions call the C
// functions in argmin.h, which never throw.
#ifndef ARGMIN_ARGMIN_HPP_
#define ARGMIN_ARGMIN_HPP_

#include <argmin/argmin.h>
#include <argmin/vocabulary.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace argmin {

enum class NanPolicy : int32_t {
  kPropagate = ARGMIN_NAN_PROPAGATE,
  kIgnore = ARGMIN_NAN_IGNORE,
  kIgnorePartial = ARGMIN_NAN_IGNORE_PARTIAL,
};

enum class Ties : int32_t {
  kFirst = ARGMIN_TIES_FIRST,
  kLast = ARGMIN_TIES_LAST,
};

// What a general call looks for (argmin_op): kMin, kMax or kMinMax.
enum class Op : int32_t {
#define ARGMIN_DETAIL_OP(Name, value, name, finds_min, finds_max) \
  k##Name = value,
  ARGMIN_FOREACH_OP(ARGMIN_DETAIL_OP)
#undef ARGMIN_DETAIL_OP
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

// Thrown by every function in this header on failure; what() says what was
// wrong with the call (argmin_last_error), status() which argmin_status.
class Error : public std::runtime_error {
 public:
  explicit Error(argmin_status status)
      : Error(status, argmin_status_message(status)) {}
  Error(argmin_status status, const char* what)
      : std::runtime_error(what), status_(status) {}
  argmin_status status() const { return status_; }

 private:
  argmin_status status_;
};

namespace detail {

inline void ThrowIfError(argmin_status status) {
  if (status != ARGMIN_OK) throw Error(status, argmin_last_error());
}

// The DLPack dtype of elements of C++ type T.
template <typename T>
struct DTypeOf;
#define ARGMIN_DETAIL_DTYPE(Name, code, bits, T, name)    \
  template <>                                             \
  struct DTypeOf<T> {                                     \
    static constexpr DLDataType kValue = {code, bits, 1}; \
  };
ARGMIN_FOREACH_DTYPE(ARGMIN_DETAIL_DTYPE)
#undef ARGMIN_DETAIL_DTYPE

// Returns the C options of a 1-D call.
inline argmin_options Options1D(NanPolicy nan, Ties ties) {
  argmin_options options = argmin_default_options();
  options.nan_policy = static_cast<int32_t>(nan);
  options.tie_policy = static_cast<int32_t>(ties);
  return options;
}

// Reduces contiguous `data[0, n)` with `op` through the C ABI into *min_index
// and *max_index (the op's).
template <typename T>
void Contiguous1D(const T* data, size_t n, Op op, NanPolicy nan, Ties ties,
                  int64_t* min_index, int64_t* max_index) {
  if (n > static_cast<size_t>(INT64_MAX)) throw Error(ARGMIN_ERROR_BAD_SHAPE);
  const argmin_options options = Options1D(nan, ties);
  ThrowIfError(argmin_contiguous_reduce(
      data, DTypeOf<T>::kValue, static_cast<int64_t>(n),
      static_cast<int32_t>(op), &options, min_index, max_index));
}

}  // namespace detail

// An extreme element and its index, as min() and max() return them.
template <typename T>
struct IndexValue {
  int64_t index;
  T value;  // data[index], bit for bit
};

// The indices of the minimum and of the maximum, as argminmax() returns them.
struct MinMaxIndex {
  int64_t min;
  int64_t max;
};

// For each element type T:
// - argmin / argmax return the index of the minimum / maximum of contiguous
//   `data[0, n)`: the first one (or the last, with Ties::kLast); for
//   floating types the first NaN if there is one (NanPolicy::kIgnore skips
//   NaNs instead); nanargmin / nanargmax are those with kIgnore;
// - min / max return that index with its element;
// - argminmax returns both indices, from one read of the data.
// Each throws Error if n == 0, if data is null, or if kIgnore finds only NaNs
// (kIgnorePartial gives index -1 then, and min / max data[0] as its value,
// a NaN, as argmin_reduce does for an all-NaN slice).
#define ARGMIN_DETAIL_OVERLOAD(T)                                            \
  inline int64_t argmin(const T* data, size_t n,                             \
                        NanPolicy nan = NanPolicy::kPropagate,               \
                        Ties ties = Ties::kFirst) {                          \
    int64_t index = -1;                                                      \
    detail::Contiguous1D(data, n, Op::kMin, nan, ties, &index, nullptr);     \
    return index;                                                            \
  }                                                                          \
  inline int64_t argmax(const T* data, size_t n,                             \
                        NanPolicy nan = NanPolicy::kPropagate,               \
                        Ties ties = Ties::kFirst) {                          \
    int64_t index = -1;                                                      \
    detail::Contiguous1D(data, n, Op::kMax, nan, ties, nullptr, &index);     \
    return index;                                                            \
  }                                                                          \
  inline int64_t nanargmin(const T* data, size_t n,                          \
                           Ties ties = Ties::kFirst) {                       \
    return argmin(data, n, NanPolicy::kIgnore, ties);                        \
  }                                                                          \
  inline int64_t nanargmax(const T* data, size_t n,                          \
                           Ties ties = Ties::kFirst) {                       \
    return argmax(data, n, NanPolicy::kIgnore, ties);                        \
  }                                                                          \
  inline IndexValue<T> min(const T* data, size_t n,                          \
                           NanPolicy nan = NanPolicy::kPropagate,            \
                           Ties ties = Ties::kFirst) {                       \
    const int64_t i = argmin(data, n, nan, ties);                            \
    return {i, data[i < 0 ? 0 : i]};                                         \
  }                                                                          \
  inline IndexValue<T> max(const T* data, size_t n,                          \
                           NanPolicy nan = NanPolicy::kPropagate,            \
                           Ties ties = Ties::kFirst) {                       \
    const int64_t i = argmax(data, n, nan, ties);                            \
    return {i, data[i < 0 ? 0 : i]};                                         \
  }                                                                          \
  inline MinMaxIndex argminmax(const T* data, size_t n,                      \
                               NanPolicy nan = NanPolicy::kPropagate,        \
                               Ties ties = Ties::kFirst) {                   \
    MinMaxIndex both = {-1, -1};                                             \
    detail::Contiguous1D(data, n, Op::kMinMax, nan, ties, &both.min,         \
                         &both.max);                                         \
    return both;                                                             \
  }                                                                          \
  /* Merges partial results elementwise into (best_values, best_indices), */ \
  /* as argmin_merge does; op is Op::kMin or Op::kMax. */                    \
  inline void merge(                                                         \
      Op op, size_t count, const T* values, const int64_t* indices,          \
      T* best_values, int64_t* best_indices,                                 \
      NanPolicy nan = NanPolicy::kPropagate, Ties ties = Ties::kFirst) {     \
    if (count > static_cast<size_t>(INT64_MAX)) {                            \
      throw Error(ARGMIN_ERROR_BAD_SHAPE);                                   \
    }                                                                        \
    const argmin_options options = detail::Options1D(nan, ties);             \
    detail::ThrowIfError(argmin_merge(detail::DTypeOf<T>::kValue,            \
                                      static_cast<int32_t>(op), &options,    \
                                      static_cast<int64_t>(count), values,   \
                                      indices, best_values, best_indices));  \
  }
#define ARGMIN_DETAIL_OVERLOAD_DTYPE(Name, code, bits, T, name) \
  ARGMIN_DETAIL_OVERLOAD(T)
ARGMIN_FOREACH_DTYPE(ARGMIN_DETAIL_OVERLOAD_DTYPE)
#undef ARGMIN_DETAIL_OVERLOAD_DTYPE
#undef ARGMIN_DETAIL_OVERLOAD

// A DLTensor over the caller's compact row-major elements of type T (const
// for an input), of the given shape; it holds the shape, the caller keeps the
// data alive. Passed wherever a DLTensor is taken:
//   argmin::Tensor x(logits.data(), {rows, classes});
template <typename T>
class Tensor {
 public:
  Tensor(T* data, std::initializer_list<int64_t> shape)
      : Tensor(data, shape.begin(), shape.size()) {}
  Tensor(T* data, const std::vector<int64_t>& shape)
      : Tensor(data, shape.data(), shape.size()) {}

  // Returns the DLTensor, pointing at this object's shape: valid while it is.
  DLTensor& dl() {
    tensor_.shape = tensor_.ndim > 0 ? shape_ : nullptr;
    return tensor_;
  }
  operator DLTensor&() { return dl(); }

 private:
  Tensor(T* data, const int64_t* shape, size_t ndim) {
    if (ndim > ARGMIN_MAX_NDIM) throw Error(ARGMIN_ERROR_BAD_SHAPE);
    std::copy(shape, shape + ndim, shape_);
    tensor_ = argmin_tensor(data, detail::DTypeOf<std::remove_cv_t<T>>::kValue,
                            static_cast<int32_t>(ndim), nullptr);
  }

  DLTensor tensor_;
  int64_t shape_[ARGMIN_MAX_NDIM];
};

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

// Computes argmax of `input` into `output`, as argmin() above does argmin.
inline void argmax(const DLTensor& input, const Options& options,
                   DLTensor& output) {
  const argmin_options c = options.ToC();
  const argmin_outputs outputs = {nullptr, nullptr, &output, nullptr};
  detail::ThrowIfError(argmin_reduce(&input, ARGMIN_OP_MAX, &c, &outputs));
}

// The outputs of reduce(); null for the ones not wanted (argmin_outputs).
struct Outputs {
  DLTensor* min_indices = nullptr;
  DLTensor* min_values = nullptr;
  DLTensor* max_indices = nullptr;
  DLTensor* max_values = nullptr;
};

// Computes `op` of `input` into `outputs` (argmin_reduce): indices, and
// values where given. Throws Error, and then has written no output.
inline void reduce(const DLTensor& input, Op op, const Options& options,
                   const Outputs& outputs) {
  const argmin_options c = options.ToC();
  const argmin_outputs o = {outputs.min_indices, outputs.min_values,
                            outputs.max_indices, outputs.max_values};
  detail::ThrowIfError(argmin_reduce(&input, static_cast<int32_t>(op), &c, &o));
}

// What segmented and grouped calls need beyond Options
// (argmin_group_options); the defaults give an empty slot index -1 and count
// indices along the axis.
struct GroupOptions {
  bool empty_index_is_extent = false;  // torch_scatter's: the axis' extent
  bool index_in_segment = false;       // segments: positions within each

  argmin_group_options ToC() const {
    argmin_group_options c = {};
    c.empty_policy =
        empty_index_is_extent ? ARGMIN_EMPTY_EXTENT : ARGMIN_EMPTY_MINUS_ONE;
    c.index_origin =
        index_in_segment ? ARGMIN_INDEX_IN_SEGMENT : ARGMIN_INDEX_ALONG_AXIS;
    return c;
  }
};

// Computes `op` per segment of `input` along options.axis (required), the
// segments given by CSR `offsets`, into `outputs`, whose shape is the
// input's with that axis' extent replaced by the segment count
// (argmin_segment_reduce). Throws Error, and then has written no output.
inline void segment_reduce(const DLTensor& input, const DLTensor& offsets,
                           Op op, const Options& options,
                           const Outputs& outputs,
                           const GroupOptions& group = {}) {
  const argmin_options c = options.ToC();
  const argmin_group_options g = group.ToC();
  const argmin_outputs o = {outputs.min_indices, outputs.min_values,
                            outputs.max_indices, outputs.max_values};
  detail::ThrowIfError(argmin_segment_reduce(
      &input, &offsets, static_cast<int32_t>(op), &c, &g, &o));
}

// Computes `op` per group of `input` along options.axis (required), position
// i in group keys[i] (none if negative), into `outputs`, whose shape is the
// input's with that axis' extent replaced by `num_groups`
// (argmin_group_reduce). Throws Error, and then has written no output.
inline void group_reduce(const DLTensor& input, const DLTensor& keys,
                         int64_t num_groups, Op op, const Options& options,
                         const Outputs& outputs,
                         const GroupOptions& group = {}) {
  const argmin_options c = options.ToC();
  const argmin_group_options g = group.ToC();
  const argmin_outputs o = {outputs.min_indices, outputs.min_values,
                            outputs.max_indices, outputs.max_values};
  detail::ThrowIfError(argmin_group_reduce(
      &input, &keys, num_groups, static_cast<int32_t>(op), &c, &g, &o));
}

namespace detail {

// Returns the indices `op` (Op::kMin or Op::kMax) finds in `input` under
// `options`, in row-major order of OutputShape(input, options).
inline std::vector<int64_t> IndexVector(const DLTensor& input, Op op,
                                        const Options& options) {
  const argmin_options c = options.ToC();
  int32_t ndim = 0;
  int64_t extents[ARGMIN_MAX_NDIM];
  if (argmin_output_shape(&input, &c, &ndim, extents) != ARGMIN_OK) {
    // The op's own call fails the same check, with a message naming the op.
    const argmin_outputs none = {nullptr, nullptr, nullptr, nullptr};
    ThrowIfError(argmin_reduce(&input, static_cast<int32_t>(op), &c, &none));
  }
  const std::vector<int64_t> shape(extents, extents + ndim);
  size_t count = 1;
  for (int64_t extent : shape) count *= static_cast<size_t>(extent);
  std::vector<int64_t> indices(count);
  Tensor<int64_t> output(indices.data(), shape);
  Outputs outputs;
  (op == Op::kMin ? outputs.min_indices : outputs.max_indices) = &output.dl();
  reduce(input, op, options, outputs);
  return indices;
}

}  // namespace detail

// Return argmin and argmax of `input` as vectors of int64 indices, in
// row-major order of OutputShape(input, options). Throw Error.
inline std::vector<int64_t> argmin(const DLTensor& input,
                                   const Options& options = {}) {
  return detail::IndexVector(input, Op::kMin, options);
}
inline std::vector<int64_t> argmax(const DLTensor& input,
                                   const Options& options = {}) {
  return detail::IndexVector(input, Op::kMax, options);
}

// Returns the name of the SIMD target that dispatch uses now.
inline const char* TargetName() { return argmin_target_name(); }

}  // namespace argmin

#endif  // ARGMIN_ARGMIN_HPP_
