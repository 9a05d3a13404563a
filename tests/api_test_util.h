// Helpers of the C ABI tests (api_*_test.cc): dtypes and element bit
// patterns, test tensors over storage they own, outputs guarded by a
// sentinel, the checks every call gets (input unchanged, output written
// exactly where it should be, or not at all after an error), and random
// tensors and options.
#ifndef ARGMIN_TESTS_API_TEST_UTIL_H_
#define ARGMIN_TESTS_API_TEST_UTIL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "argmin/argmin.h"
#include "argmin/argmin.hpp"
#include "gtest/gtest.h"
#include "hwy/targets.h"
#include "kernels/oracle.h"
#include "tests/test_util.h"

namespace argmin {
namespace api_test {

// Bytes of every output buffer before a call. As an int64 or int32 index it
// is negative, so it can never be mistaken for a result.
constexpr unsigned char kSentinel = 0xA5;

// ---------------------------------------------------------------------------
// Dtypes and element bit patterns.

using test::AllDTypes;
using test::DTypeCase;
using test::MakeDType;

inline const DTypeCase& DType(const std::string& name) {
  for (const DTypeCase& dt : AllDTypes()) {
    if (name == dt.name) return dt;
  }
  ADD_FAILURE() << "no dtype " << name;
  return AllDTypes()[0];
}

inline bool IsBool(const DTypeCase& dt) {
  return dt.dtype.code == ARGMIN_DL_BOOL;
}

inline uint64_t SizeMask(const DTypeCase& dt) {
  return dt.size() == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * dt.size())) - 1;
}

using test::IsNanBits;

// Converts `f` to binary16. Exact for the values the tests use (small
// integers, zeros, infinities); NaNs become a quiet NaN of the same sign.
inline uint16_t ToFloat16Bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof(b));
  const uint16_t sign = static_cast<uint16_t>((b >> 16) & 0x8000);
  const int exp = static_cast<int>((b >> 23) & 0xFF);
  uint32_t man = b & 0x7FFFFF;
  if (exp == 0xFF) return sign | 0x7C00 | (man != 0 ? 0x200 : 0);
  if (exp == 0) return sign;
  const int e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7C00;
  if (e <= 0) {
    if (e < -10) return sign;
    man |= 0x800000;
    return static_cast<uint16_t>(sign | (man >> (14 - e)));
  }
  return static_cast<uint16_t>(sign | (e << 10) | (man >> 13));
}

// Converts `f` to bfloat16 by truncation (exact for the tests' values).
inline uint16_t ToBfloat16Bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof(b));
  if ((b & 0x7F800000u) == 0x7F800000u && (b & 0x7FFFFFu) != 0) {
    return static_cast<uint16_t>(((b >> 16) & 0x8000) | 0x7FC0);
  }
  return static_cast<uint16_t>(b >> 16);
}

// Returns the bit pattern of `v` in the floating-point dtype `dt`.
inline uint64_t FloatBits(const DTypeCase& dt, double v) {
  if (dt.dtype.bits == 64) {
    uint64_t b;
    std::memcpy(&b, &v, sizeof(b));
    return b;
  }
  const float f = static_cast<float>(v);
  if (dt.dtype.bits == 32) {
    uint32_t b;
    std::memcpy(&b, &f, sizeof(b));
    return b;
  }
  return dt.dtype.code == kDLBfloat ? ToBfloat16Bits(f) : ToFloat16Bits(f);
}

// Returns the bit pattern of the integer `v` in the integer dtype `dt`.
inline uint64_t IntBits(const DTypeCase& dt, int64_t v) {
  return static_cast<uint64_t>(v) & SizeMask(dt);
}

// NaN bit patterns: quiet, negative quiet, signalling, all-ones payload.
inline std::vector<uint64_t> NanPool(const DTypeCase& dt) {
  if (dt.dtype.code == kDLBfloat) return {0x7FC0, 0xFFC0, 0x7F81, 0x7FFF};
  switch (dt.dtype.bits) {
    case 16:
      return {0x7E00, 0xFE00, 0x7C01, 0x7FFF};
    case 32:
      return {0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FFFFFFF};
    default:
      return {0x7FF8000000000000, 0xFFF8000000000000, 0x7FF0000000000001,
              0x7FFFFFFFFFFFFFFF};
  }
}

// A few values of `dt` that invite ties and hit the edges of its order:
// signed zeros, infinities, subnormals, extremes.
inline std::vector<uint64_t> ValuePool(const DTypeCase& dt) {
  if (IsBool(dt)) return {0, 1, 2, 0x80, 0xFF};
  if (!dt.is_float) {
    if (dt.is_signed) {
      const int64_t max = static_cast<int64_t>(SizeMask(dt) >> 1);
      const int64_t min = -max - 1;
      std::vector<uint64_t> pool;
      for (int64_t v : {min, min + 1, int64_t{-1}, int64_t{0}, int64_t{1},
                        int64_t{2}, max - 1, max}) {
        pool.push_back(IntBits(dt, v));
      }
      return pool;
    }
    const uint64_t max = SizeMask(dt);
    return {0, 1, 2, (max >> 1), (max >> 1) + 1, max - 1, max};
  }
  if (dt.dtype.code == kDLBfloat) {
    return {0x0000, 0x8000, 0x3F80, 0xBF80, 0x4000, 0xC000, 0x3F00,
            0x7F80, 0xFF80, 0x0001, 0x8001, 0x7F7F, 0xFF7F};
  }
  if (dt.dtype.bits == 16) {
    return {0x0000, 0x8000, 0x3C00, 0xBC00, 0x4000, 0xC000, 0x3800,
            0x7C00, 0xFC00, 0x0001, 0x8001, 0x7BFF, 0xFBFF};
  }
  std::vector<uint64_t> pool;
  const double inf = std::numeric_limits<double>::infinity();
  for (double v : {0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, inf, -inf}) {
    pool.push_back(FloatBits(dt, v));
  }
  if (dt.dtype.bits == 32) {
    for (float v : {std::numeric_limits<float>::denorm_min(),
                    -std::numeric_limits<float>::denorm_min(),
                    std::numeric_limits<float>::max(),
                    std::numeric_limits<float>::lowest()}) {
      pool.push_back(FloatBits(dt, v));
    }
  } else {
    for (double v : {std::numeric_limits<double>::denorm_min(),
                     -std::numeric_limits<double>::denorm_min(),
                     std::numeric_limits<double>::max(),
                     std::numeric_limits<double>::lowest()}) {
      pool.push_back(FloatBits(dt, v));
    }
  }
  return pool;
}

// How random element values are drawn.
enum class Values {
  kPool,       // ValuePool and NaNs: many ties, every special value
  kPoolNoNan,  // ValuePool only
  kWide,       // uniformly random bit patterns
  kMostlyNan,  // 3 in 4 NaN (all-NaN slices), else ValuePool
};

inline uint64_t RandomBits(const DTypeCase& dt, Values mode,
                           std::mt19937_64& rng) {
  auto pick = [&rng](const std::vector<uint64_t>& v) {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
  };
  switch (mode) {
    case Values::kWide:
      return rng() & SizeMask(dt);
    case Values::kPoolNoNan:
      return pick(ValuePool(dt));
    case Values::kMostlyNan:
      if (dt.is_float && rng() % 4 != 0) return pick(NanPool(dt));
      return pick(ValuePool(dt));
    case Values::kPool:
    default:
      if (dt.is_float && rng() % 5 == 0) return pick(NanPool(dt));
      return pick(ValuePool(dt));
  }
}

// A value that beats most others, written between and around the elements:
// if an implementation reads a byte that is not an element's, its answer
// (almost always) changes.
inline uint64_t PoisonBits(const DTypeCase& dt, std::mt19937_64& rng) {
  if (IsBool(dt)) return 0;
  if (dt.is_float) {
    return rng() % 2 ? NanPool(dt)[0] : FloatBits(dt, -HUGE_VAL);
  }
  if (dt.is_signed) return IntBits(dt, std::numeric_limits<int64_t>::min());
  return 0;
}

// ---------------------------------------------------------------------------
// Tensors.

inline int64_t NumElements(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t e : shape) n *= e;
  return n;
}

inline std::vector<int64_t> CompactStrides(const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides(shape.size());
  int64_t s = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    strides[i] = s;
    s *= std::max<int64_t>(shape[i], 1);
  }
  return strides;
}

// A CPU tensor over storage it owns, with any shape, strides (in elements)
// and byte_offset. Poison surrounds and separates its elements.
class TestTensor {
 public:
  // `strides` empty: NULL strides (compact row-major). `offset_items`: how
  // many items of the distance from the storage to the first element go
  // into byte_offset rather than into the data pointer.
  TestTensor(const DTypeCase& dt, std::vector<int64_t> shape,
             std::optional<std::vector<int64_t>> strides, uint64_t poison_bits,
             int64_t offset_items = 0)
      : dt_(dt), shape_(std::move(shape)), null_strides_(!strides) {
    strides_ = strides ? *strides : CompactStrides(shape_);
    int64_t low = 0, high = 0;
    if (NumElements(shape_) > 0) {
      for (size_t i = 0; i < shape_.size(); ++i) {
        const int64_t reach = strides_[i] * (shape_[i] - 1);
        (reach > 0 ? high : low) += reach;
      }
    }
    const int64_t items = kPad + (high - low + 1) + kPad;
    storage_.resize(static_cast<size_t>(items) * dt_.size());
    for (int64_t i = 0; i < items; ++i) PutItem(i, poison_bits);
    origin_ = kPad - low;
    offset_items = std::min(offset_items, origin_);
    byte_offset_ = static_cast<uint64_t>(offset_items) * dt_.size();
  }

  // Writes the element at row-major position `flat`.
  void Set(int64_t flat, uint64_t bits) { PutItem(ItemOf(flat), bits); }
  uint64_t Get(int64_t flat) const { return GetItem(ItemOf(flat)); }

  DLTensor View() const {
    DLTensor t{};
    t.data = const_cast<unsigned char*>(storage_.data()) +
             origin_ * static_cast<int64_t>(dt_.size()) - byte_offset_;
    t.device = {kDLCPU, 0};
    t.ndim = static_cast<int32_t>(shape_.size());
    t.dtype = dt_.dtype;
    t.shape = const_cast<int64_t*>(shape_.data());
    t.strides = null_strides_ ? nullptr : const_cast<int64_t*>(strides_.data());
    t.byte_offset = byte_offset_;
    return t;
  }

  const DTypeCase& dt() const { return dt_; }
  const std::vector<int64_t>& shape() const { return shape_; }
  const std::vector<unsigned char>& storage() const { return storage_; }
  int64_t numel() const { return NumElements(shape_); }

  std::string Describe() const {
    std::ostringstream os;
    os << dt_.name << " shape (";
    for (int64_t e : shape_) os << e << ",";
    os << ") strides ";
    if (null_strides_) {
      os << "NULL";
    } else {
      os << "(";
      for (int64_t s : strides_) os << s << ",";
      os << ")";
    }
    os << " byte_offset " << byte_offset_;
    if (numel() <= 64) {
      os << " elements (row-major, hex bits) [" << std::hex;
      for (int64_t i = 0; i < numel(); ++i) os << (i ? " " : "") << Get(i);
      os << "]" << std::dec;
    }
    return os.str();
  }

 private:
  static constexpr int64_t kPad = 8;

  int64_t ItemOf(int64_t flat) const {
    int64_t item = origin_;
    for (size_t i = shape_.size(); i-- > 0;) {
      item += (flat % shape_[i]) * strides_[i];
      flat /= shape_[i];
    }
    return item;
  }
  void PutItem(int64_t item, uint64_t bits) {
    std::memcpy(&storage_[static_cast<size_t>(item) * dt_.size()], &bits,
                dt_.size());  // little-endian: the low bytes
  }
  uint64_t GetItem(int64_t item) const {
    uint64_t bits = 0;
    std::memcpy(&bits, &storage_[static_cast<size_t>(item) * dt_.size()],
                dt_.size());
    return bits;
  }

  DTypeCase dt_;
  std::vector<int64_t> shape_;
  std::vector<int64_t> strides_;
  bool null_strides_;
  std::vector<unsigned char> storage_;
  int64_t origin_ = 0;  // item of element 0
  uint64_t byte_offset_ = 0;
};

// A tensor of `shape` (compact unless `strides`) holding `bits` in row-major
// order.
inline TestTensor FromBits(
    const DTypeCase& dt, std::vector<int64_t> shape,
    const std::vector<uint64_t>& bits,
    std::optional<std::vector<int64_t>> strides = std::nullopt,
    int64_t offset_items = 0) {
  std::mt19937_64 rng(7);
  TestTensor t(dt, std::move(shape), std::move(strides), PoisonBits(dt, rng),
               offset_items);
  EXPECT_EQ(static_cast<int64_t>(bits.size()), t.numel());
  for (int64_t i = 0; i < t.numel() && i < static_cast<int64_t>(bits.size());
       ++i) {
    t.Set(i, bits[i]);
  }
  return t;
}

inline std::vector<uint64_t> Floats(const DTypeCase& dt,
                                    std::vector<double> v) {
  std::vector<uint64_t> bits;
  for (double x : v) bits.push_back(FloatBits(dt, x));
  return bits;
}

// An output tensor over a buffer filled with kSentinel, with room after its
// elements to catch writes past the end.
class OutputBuffer {
 public:
  OutputBuffer(std::vector<int64_t> shape, int bits,
               bool explicit_strides = false)
      : OutputBuffer(std::move(shape),
                     MakeDType(kDLInt, static_cast<uint8_t>(bits)),
                     explicit_strides) {}
  // A buffer of any dtype: value outputs have the input's.
  OutputBuffer(std::vector<int64_t> shape, DLDataType dtype,
               bool explicit_strides = false)
      : shape_(std::move(shape)), bits_(dtype.bits) {
    if (explicit_strides) strides_ = CompactStrides(shape_);
    // Shapes of calls that must fail can be huge; a failing call writes
    // nothing, so a short buffer serves them.
    const int64_t room = std::min<int64_t>(NumElements(shape_), 1 << 20);
    bytes_.assign(static_cast<size_t>(room) * (bits_ / 8) + kTail, kSentinel);
    tensor_.data = bytes_.data();
    tensor_.device = {kDLCPU, 0};
    tensor_.ndim = static_cast<int32_t>(shape_.size());
    tensor_.dtype = dtype;
    tensor_.shape = shape_.data();
    tensor_.strides = explicit_strides ? strides_.data() : nullptr;
    tensor_.byte_offset = 0;
  }

  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;

  DLTensor* tensor() { return &tensor_; }
  std::vector<int64_t>& shape() { return shape_; }
  std::vector<int64_t>& strides() { return strides_; }

  // Returns the bits of element i of a value output.
  uint64_t Bits(int64_t i) const {
    uint64_t v = 0;
    std::memcpy(&v, bytes_.data() + i * (bits_ / 8), bits_ / 8);
    return v;
  }
  int64_t Get(int64_t i, uint64_t byte_offset = 0) const {
    const unsigned char* p = bytes_.data() + byte_offset;
    if (bits_ == 32) {
      int32_t v;
      std::memcpy(&v, p + 4 * i, 4);
      return v;
    }
    int64_t v;
    std::memcpy(&v, p + 8 * i, 8);
    return v;
  }
  // Whether bytes [from, to) still hold the sentinel.
  bool SentinelIn(size_t from, size_t to) const {
    for (size_t i = from; i < to && i < bytes_.size(); ++i) {
      if (bytes_[i] != kSentinel) return false;
    }
    return true;
  }
  bool Untouched() const { return SentinelIn(0, bytes_.size()); }
  // Whether nothing was written after the first `count` elements.
  bool TailUntouched(int64_t count, uint64_t byte_offset = 0) const {
    return SentinelIn(byte_offset + count * (bits_ / 8), bytes_.size());
  }
  size_t size() const { return bytes_.size(); }

 private:
  static constexpr size_t kTail = 64;
  std::vector<int64_t> shape_;
  std::vector<int64_t> strides_;
  int bits_;
  std::vector<unsigned char> bytes_;
  DLTensor tensor_{};
};

inline argmin_options Opts(std::optional<int64_t> axis = std::nullopt,
                           bool keepdims = false,
                           int32_t nan = ARGMIN_NAN_PROPAGATE,
                           int32_t ties = ARGMIN_TIES_FIRST,
                           int32_t threads = 0) {
  argmin_options o = argmin_default_options();
  o.has_axis = axis ? 1 : 0;
  o.axis = axis.value_or(0);
  o.keepdims = keepdims ? 1 : 0;
  o.nan_policy = nan;
  o.tie_policy = ties;
  o.num_threads = threads;
  return o;
}

inline std::string DescribeOptions(const argmin_options& o) {
  std::ostringstream os;
  os << "options {has_axis " << o.has_axis << ", axis " << o.axis
     << ", keepdims " << o.keepdims << ", nan_policy " << o.nan_policy
     << ", tie_policy " << o.tie_policy << ", num_threads " << o.num_threads
     << "}";
  return os.str();
}

inline std::string ShapeString(const std::vector<int64_t>& s) {
  std::ostringstream os;
  os << "(";
  for (int64_t e : s) os << e << ",";
  os << ")";
  return os.str();
}

// The output shape by the rules, computed here independently of the library;
// false for an axis out of range.
inline bool ExpectedOutputShape(const std::vector<int64_t>& shape,
                                const argmin_options& o,
                                std::vector<int64_t>* out) {
  const int64_t ndim = static_cast<int64_t>(shape.size());
  out->clear();
  if (!o.has_axis) {
    if (o.keepdims) out->assign(shape.size(), 1);
    return true;
  }
  const int64_t rank = std::max<int64_t>(ndim, 1);
  if (o.axis < -rank || o.axis >= rank) return false;
  if (ndim == 0) return true;
  const int64_t axis = o.axis < 0 ? o.axis + ndim : o.axis;
  for (int64_t i = 0; i < ndim; ++i) {
    if (i != axis) {
      out->push_back(shape[i]);
    } else if (o.keepdims) {
      out->push_back(1);
    }
  }
  return true;
}

// Checks argmin_output_shape on `t` against the rules; `want` is the status
// argmin_compute must give.
inline bool CheckOutputShape(const TestTensor& t, const argmin_options& o,
                             argmin_status want, const std::string& what) {
  std::vector<int64_t> expected;
  const bool axis_ok = ExpectedOutputShape(t.shape(), o, &expected);
  const DLTensor in = t.View();
  int32_t ndim = -5;
  int64_t shape[ARGMIN_MAX_NDIM];
  std::fill(shape, shape + ARGMIN_MAX_NDIM, -5);
  const argmin_status s = argmin_output_shape(&in, &o, &ndim, shape);
  const bool untouched =
      ndim == -5 && std::all_of(shape, shape + ARGMIN_MAX_NDIM,
                                [](int64_t e) { return e == -5; });
  const bool right_shape = ndim == static_cast<int32_t>(expected.size()) &&
                           std::equal(expected.begin(), expected.end(), shape);
  if (!axis_ok) {
    if (s == ARGMIN_ERROR_BAD_AXIS && untouched) return true;
    ADD_FAILURE() << "argmin_output_shape: want BAD_AXIS and nothing written, "
                     "got status "
                  << s << " for " << what;
    return false;
  }
  // An empty reduction has a well-defined shape, but the header lets the
  // shape function report the error too; either way, consistently.
  if (want == ARGMIN_ERROR_EMPTY_REDUCTION && s == want && untouched) {
    return true;
  }
  if (s == ARGMIN_OK && right_shape) return true;
  ADD_FAILURE() << "argmin_output_shape: want OK and shape "
                << ShapeString(expected) << ", got status " << s << " ndim "
                << ndim << " for " << what;
  return false;
}

// Runs argmin_compute on `t` under `o` and checks the status and result
// against the oracle: into int64 and int32 outputs, with NULL and explicit
// strides (only int64 / NULL unless `all_outputs`). Returns false after
// reporting a failure.
// Returns the row-major position in `shape` of element `index` along the
// axis of `o` (or, for axis none, the flat index itself) of the slice whose
// result is output element `out`.
inline int64_t InputPosition(const std::vector<int64_t>& shape,
                             const argmin_options& o, int64_t out,
                             int64_t index) {
  const int rank = static_cast<int>(shape.size());
  if (!o.has_axis || rank == 0) return index;
  const int axis = static_cast<int>(o.axis < 0 ? o.axis + rank : o.axis);
  int64_t position = 0, scale = 1;
  for (int d = rank - 1; d >= 0; --d) {
    int64_t at;
    if (d == axis) {
      at = index;
    } else {
      at = out % shape[d];
      out /= shape[d];
    }
    position += at * scale;
    scale *= shape[d];
  }
  return position;
}

// Checks argmin_reduce for every op (argmin, argmax, both in one pass), with
// and without value outputs, against the oracle's argmin and argmax: the
// indices, the values bit for bit (x[index]), the status, and that a failed
// call writes no output.
inline bool CheckFamily(const TestTensor& t, const argmin_options& o,
                        const std::vector<int64_t>& out_shape,
                        const std::vector<int64_t>& want_min,
                        argmin_status want, std::mt19937_64& rng) {
  const DLTensor in = t.View();
  const std::string what = t.Describe() + " " + DescribeOptions(o);
  argmin_status want_max = ARGMIN_OK;
  const std::vector<int64_t> expected_max = oracle::Arg(in, o, true, &want_max);
  if (want_max != want) {
    ADD_FAILURE() << "oracle: argmax status " << want_max << ", argmin's "
                  << want << " for " << what;
    return false;
  }
  const std::vector<int64_t>* expected[2] = {&want_min, &expected_max};
  for (argmin_op op : {ARGMIN_OP_MIN, ARGMIN_OP_MAX, ARGMIN_OP_MINMAX}) {
    const bool has[2] = {op != ARGMIN_OP_MAX, op != ARGMIN_OP_MIN};
    const int bits = rng() % 2 ? 64 : 32;
    std::unique_ptr<OutputBuffer> indices[2], values[2];
    argmin_outputs outputs = {nullptr, nullptr, nullptr, nullptr};
    DLTensor** index_slot[2] = {&outputs.min_indices, &outputs.max_indices};
    DLTensor** value_slot[2] = {&outputs.min_values, &outputs.max_values};
    for (int e = 0; e < 2; ++e) {
      if (!has[e]) continue;
      indices[e] = std::make_unique<OutputBuffer>(out_shape, bits);
      *index_slot[e] = indices[e]->tensor();
      if (rng() % 4 != 0) {
        values[e] = std::make_unique<OutputBuffer>(out_shape, t.dt().dtype);
        *value_slot[e] = values[e]->tensor();
      }
    }
    const std::string where = "op " + std::to_string(op) + " int" +
                              std::to_string(bits) + ", " + what;
    const argmin_status got = argmin_reduce(&in, op, &o, &outputs);
    if (got != want) {
      ADD_FAILURE() << "status: want " << want << " got " << got << ": "
                    << where;
      return false;
    }
    for (int e = 0; e < 2; ++e) {
      if (!has[e]) continue;
      if (want != ARGMIN_OK) {
        if (!indices[e]->Untouched() ||
            (values[e] && !values[e]->Untouched())) {
          ADD_FAILURE() << "output written although the call failed: " << where;
          return false;
        }
        continue;
      }
      const std::vector<int64_t>& want_e = *expected[e];
      for (size_t i = 0; i < want_e.size(); ++i) {
        const int64_t got_i = indices[e]->Get(static_cast<int64_t>(i));
        if (got_i != want_e[i]) {
          ADD_FAILURE() << (e ? "max" : "min") << " index[" << i << "]: want "
                        << want_e[i] << " got " << got_i << ": " << where;
          return false;
        }
        if (values[e] &&
            values[e]->Bits(static_cast<int64_t>(i)) !=
                t.Get(InputPosition(t.shape(), o, static_cast<int64_t>(i),
                                    want_e[i]))) {
          ADD_FAILURE() << (e ? "max" : "min") << " value[" << i
                        << "] is not x[index] bit for bit: " << where;
          return false;
        }
      }
      if (!indices[e]->TailUntouched(static_cast<int64_t>(want_e.size())) ||
          (values[e] &&
           !values[e]->TailUntouched(static_cast<int64_t>(want_e.size())))) {
        ADD_FAILURE() << "written past an output's end: " << where;
        return false;
      }
    }
  }
  return true;
}

inline bool CheckAgainstOracle(const TestTensor& t, const argmin_options& o,
                               bool all_outputs = true) {
  const DLTensor in = t.View();
  const std::string what = t.Describe() + " " + DescribeOptions(o);
  argmin_status want = ARGMIN_OK;
  const std::vector<int64_t> expected = oracle::Argmin(in, o, &want);
  std::vector<int64_t> out_shape;
  const bool axis_ok = ExpectedOutputShape(t.shape(), o, &out_shape);
  if (!axis_ok && want != ARGMIN_ERROR_BAD_AXIS) {
    ADD_FAILURE() << "oracle: want BAD_AXIS, oracle said " << want << " for "
                  << what;
    return false;
  }
  if (want == ARGMIN_OK &&
      static_cast<int64_t>(expected.size()) != NumElements(out_shape)) {
    ADD_FAILURE() << "oracle returned " << expected.size()
                  << " indices for output shape " << ShapeString(out_shape)
                  << " for " << what;
    return false;
  }
  if (!CheckOutputShape(t, o, want, what)) return false;
  for (int bits : {64, 32}) {
    for (bool explicit_strides : {false, true}) {
      if (!all_outputs && (bits == 32 || explicit_strides)) continue;
      // Which strides an empty output may have is the subject of
      // EmptyTest.EmptyOutputAcceptsTorchAndNumpyStrides alone.
      if (explicit_strides && NumElements(out_shape) == 0) continue;
      OutputBuffer out(out_shape, bits, explicit_strides);
      const std::vector<unsigned char> before = t.storage();
      const argmin_status got = argmin_compute(&in, &o, out.tensor());
      const std::string where =
          "int" + std::to_string(bits) + " output" +
          (explicit_strides ? " (explicit strides)" : "") + ", " + what;
      if (t.storage() != before) {
        ADD_FAILURE() << "the input was modified: " << where;
        return false;
      }
      if (got != want) {
        ADD_FAILURE() << "status: want " << want << " got " << got << ": "
                      << where;
        return false;
      }
      if (want != ARGMIN_OK) {
        if (!out.Untouched()) {
          ADD_FAILURE() << "output written although the call failed: " << where;
          return false;
        }
        continue;
      }
      for (size_t i = 0; i < expected.size(); ++i) {
        if (out.Get(static_cast<int64_t>(i)) != expected[i]) {
          ADD_FAILURE() << "output[" << i << "]: want " << expected[i]
                        << " got " << out.Get(static_cast<int64_t>(i)) << ": "
                        << where;
          return false;
        }
      }
      if (!out.TailUntouched(static_cast<int64_t>(expected.size()))) {
        ADD_FAILURE() << "written past the output's end: " << where;
        return false;
      }
    }
  }
  if (want == ARGMIN_ERROR_BAD_AXIS) return true;
  std::mt19937_64 rng(expected.size() * 31 + out_shape.size());
  return CheckFamily(t, o, out_shape, expected, want, rng);
}

// Checks a row of the reference table: the output shape and indices are
// `want_shape` and `want`, and the oracle agrees.
inline void ExpectTableResult(const TestTensor& t, const argmin_options& o,
                              const std::vector<int64_t>& want_shape,
                              const std::vector<int64_t>& want) {
  SCOPED_TRACE(t.Describe() + " " + DescribeOptions(o));
  argmin_status oracle_status = ARGMIN_OK;
  EXPECT_EQ(oracle::Argmin(t.View(), o, &oracle_status), want)
      << "the oracle disagrees with the reference table";
  EXPECT_EQ(oracle_status, ARGMIN_OK);
  const DLTensor in = t.View();
  int32_t ndim = -1;
  int64_t shape[ARGMIN_MAX_NDIM];
  ASSERT_EQ(argmin_output_shape(&in, &o, &ndim, shape), ARGMIN_OK);
  ASSERT_EQ(ndim, static_cast<int32_t>(want_shape.size()));
  EXPECT_EQ(std::vector<int64_t>(shape, shape + ndim), want_shape);
  for (int bits : {64, 32}) {
    OutputBuffer out(want_shape, bits);
    ASSERT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK) << bits;
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(out.Get(static_cast<int64_t>(i)), want[i]) << bits << " " << i;
    }
    EXPECT_TRUE(out.TailUntouched(static_cast<int64_t>(want.size())));
  }
}

// Checks that argmin_compute fails with `want` and writes nothing, given an
// output of the shape the call would have had (`out_shape`), so that the
// input alone is at fault.
inline void ExpectComputeError(const TestTensor& t, const argmin_options& o,
                               argmin_status want,
                               const std::vector<int64_t>& out_shape = {}) {
  SCOPED_TRACE(t.Describe() + " " + DescribeOptions(o));
  const DLTensor in = t.View();
  for (int bits : {64, 32}) {
    OutputBuffer out(out_shape, bits);
    const std::vector<unsigned char> before = t.storage();
    EXPECT_EQ(argmin_compute(&in, &o, out.tensor()), want) << bits;
    EXPECT_TRUE(out.Untouched()) << bits;
    EXPECT_EQ(t.storage(), before);
  }
}

// Same for a raw DLTensor that TestTensor cannot describe (bad shapes, bad
// dtypes, null pointers).
// `data_only`: the fault is the data pointer, which argmin_output_shape does
// not check.
inline void ExpectRawError(const DLTensor* in, const argmin_options* o,
                           argmin_status want,
                           const std::vector<int64_t>& out_shape = {},
                           bool data_only = false) {
  for (int bits : {64, 32}) {
    OutputBuffer out(out_shape, bits);
    EXPECT_EQ(argmin_compute(in, o, out.tensor()), want) << bits;
    EXPECT_TRUE(out.Untouched()) << bits;
  }
  int32_t ndim = -5;
  int64_t shape[ARGMIN_MAX_NDIM] = {-5};
  const argmin_status s = argmin_output_shape(in, o, &ndim, shape);
  // The shape function checks the same things except the data pointer.
  EXPECT_EQ(s, data_only ? ARGMIN_OK : want) << "argmin_output_shape";
  if (s != ARGMIN_OK) {
    EXPECT_EQ(ndim, -5);
    EXPECT_EQ(shape[0], -5);
  }
}

// Restores the best target when a test ends, whatever it forced.
class TargetRestorer {
 public:
  TargetRestorer() = default;
  TargetRestorer(const TargetRestorer&) = delete;
  TargetRestorer& operator=(const TargetRestorer&) = delete;
  ~TargetRestorer() { EXPECT_EQ(argmin_force_target(nullptr), ARGMIN_OK); }
};

using test::SupportedTargetNames;

// Force the computation at static-initialisation time, before main.
[[maybe_unused]] const bool kTargetsListed = !SupportedTargetNames().empty();

// ---------------------------------------------------------------------------
// Random tensors and options.

inline TestTensor RandomTensor(const DTypeCase& dt, std::mt19937_64& rng,
                               int min_rank, int max_rank, int max_extent) {
  auto uniform = [&rng](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  const int rank = static_cast<int>(uniform(min_rank, max_rank));
  std::vector<int64_t> shape(rank);
  for (int64_t& e : shape) e = uniform(0, 9) == 0 ? 0 : uniform(1, max_extent);

  std::optional<std::vector<int64_t>> strides;
  if (uniform(0, 4) != 0) {
    // A random layout: dimensions in a random memory order, sometimes with
    // gaps between them or between elements, some reversed, some broadcast.
    std::vector<int> order(rank);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    strides.emplace(rank);
    int64_t running = uniform(1, 3) == 1 ? 2 : 1;
    for (int i = rank - 1; i >= 0; --i) {
      const int d = order[i];
      (*strides)[d] = running;
      running = running * std::max<int64_t>(shape[d], 1) +
                uniform(0, 1) * uniform(0, 3);
    }
    for (int64_t& s : *strides) {
      const int64_t r = uniform(0, 9);
      if (r < 3) s = -s;
      if (r == 9) s = 0;
    }
  }
  TestTensor t(dt, std::move(shape), std::move(strides), PoisonBits(dt, rng),
               uniform(0, 4));
  const Values mode = static_cast<Values>(uniform(0, dt.is_float ? 3 : 2));
  for (int64_t i = 0; i < t.numel(); ++i) t.Set(i, RandomBits(dt, mode, rng));
  return t;
}

inline argmin_options RandomOptions(int rank, std::mt19937_64& rng) {
  auto uniform = [&rng](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  argmin_options o = argmin_default_options();
  o.has_axis = uniform(0, 2) != 0;
  const int64_t r = std::max(rank, 1);
  // Now and then an axis out of range, which must fail cleanly.
  o.axis = uniform(0, 14) == 0 ? uniform(-r - 2, r + 1) : uniform(-r, r - 1);
  o.keepdims = static_cast<int32_t>(uniform(0, 1));
  o.nan_policy = static_cast<int32_t>(uniform(0, 1));
  o.tie_policy = static_cast<int32_t>(uniform(0, 1));
  o.num_threads = static_cast<int32_t>(uniform(0, 2));
  return o;
}

// Random small tensors (ranks 0-4, extents 0-5) of `dt`; returns false after
// the first failure.
inline bool RunRandomSmall(const DTypeCase& dt, uint64_t seed, int count) {
  std::mt19937_64 rng(seed);
  for (int i = 0; i < count; ++i) {
    const TestTensor t = RandomTensor(dt, rng, 0, 4, 5);
    const argmin_options o =
        RandomOptions(static_cast<int>(t.shape().size()), rng);
    if (!CheckAgainstOracle(t, o)) return false;
  }
  return true;
}

// Random larger tensors (ranks 1-3, extents up to 70), long enough for whole
// vectors and their remainders along every axis.
inline bool RunRandomMedium(const DTypeCase& dt, uint64_t seed, int count) {
  std::mt19937_64 rng(seed);
  for (int i = 0; i < count; ++i) {
    const int rank = 1 + static_cast<int>(rng() % 3);
    const TestTensor t =
        RandomTensor(dt, rng, rank, rank, rank == 1 ? 300 : 70);
    argmin_options o = RandomOptions(rank, rng);
    if (!CheckAgainstOracle(t, o, /*all_outputs=*/i % 4 == 0)) return false;
  }
  return true;
}

// Sets the parallel grain for a scope and restores the default after.
class GrainSetter {
 public:
  explicit GrainSetter(int64_t grain) {
    EXPECT_EQ(argmin_set_parallel_grain(grain), ARGMIN_OK);
  }
  GrainSetter(const GrainSetter&) = delete;
  GrainSetter& operator=(const GrainSetter&) = delete;
  ~GrainSetter() { EXPECT_EQ(argmin_set_parallel_grain(0), ARGMIN_OK); }
};

// Random ranks 0-6 with random extents (0 and 1 included) and layouts
// (permuted, reversed, gapped, broadcast), every axis and axis none, keepdims
// both ways, NaNs and ties, each on 1, 2, 3 and 7 threads with a grain of a
// few elements, so that every parallel path (results spread over threads,
// slices split between them) runs on small inputs. Every answer must be the
// oracle's, so every thread count gives the same one.
inline bool RunLayoutsAndThreads(const DTypeCase& dt, uint64_t seed,
                                 int count) {
  GrainSetter grain(4);
  std::mt19937_64 rng(seed);
  for (int i = 0; i < count; ++i) {
    const int rank = static_cast<int>(rng() % 7);
    const int max_extent = rank <= 1   ? 2000
                           : rank == 2 ? 60
                           : rank == 3 ? 12
                                       : 5;
    const TestTensor t = RandomTensor(dt, rng, rank, rank, max_extent);
    argmin_options o = RandomOptions(rank, rng);
    for (int threads : {1, 2, 3, 7}) {
      o.num_threads = threads;
      if (!CheckAgainstOracle(t, o, /*all_outputs=*/threads == 3)) {
        return false;
      }
    }
  }
  return true;
}

// Contiguous 1-D inputs of many lengths with the minimum at every position
// (for long ones, at many), alone, tied with a second copy, and behind a NaN:
// this is where SIMD index bookkeeping goes wrong.
inline bool RunPositionSweep(const DTypeCase& dt, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<int64_t> lengths;
  for (int64_t n = 1; n <= 70; ++n) lengths.push_back(n);
  for (int64_t n :
       {127, 128, 129, 255, 256, 257, 1000, 1023, 1024, 1025, 4099}) {
    lengths.push_back(n);
  }
  const uint64_t lowest = dt.is_float
                              ? FloatBits(dt, -HUGE_VAL)
                              : (dt.is_signed ? IntBits(dt, INT64_MIN) : 0);
  for (int64_t n : lengths) {
    TestTensor t(dt, {n}, std::nullopt, PoisonBits(dt, rng));
    const int64_t step = n <= 70 ? 1 : n / 37 + 1;
    for (int64_t p = 0; p < n; p += step) {
      for (int64_t i = 0; i < n; ++i) {
        uint64_t b;
        do {
          b = RandomBits(dt, Values::kWide, rng);
        } while (IsNanBits(dt, b) || b == lowest || (IsBool(dt) && b == 0));
        t.Set(i, b);
      }
      // Alone at p; then tied with q; then for floats a NaN at p.
      const int64_t q = (p * 7 + 3) % n;
      for (int variant = 0; variant < (dt.is_float ? 3 : 2); ++variant) {
        if (variant == 0) t.Set(p, lowest);
        if (variant == 1) t.Set(q, lowest);
        if (variant == 2) t.Set(p, NanPool(dt)[p % 4]);
        for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
          if (!dt.is_float && nan == ARGMIN_NAN_IGNORE) continue;
          for (int32_t ties : {ARGMIN_TIES_FIRST, ARGMIN_TIES_LAST}) {
            for (std::optional<int64_t> axis :
                 {std::optional<int64_t>(), std::optional<int64_t>(0)}) {
              if (!CheckAgainstOracle(t, Opts(axis, false, nan, ties), false)) {
                return false;
              }
            }
          }
        }
      }
    }
  }
  return true;
}

}  // namespace api_test
}  // namespace argmin

#endif  // ARGMIN_TESTS_API_TEST_UTIL_H_
