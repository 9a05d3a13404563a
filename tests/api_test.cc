// Tests of the public C ABI (argmin.h) and its C++ wrapper (argmin.hpp): every
// rule of docs/semantics.md and every bad input. Valid results are compared
// with the scalar oracle (kernels/oracle.h); only what torch and numpy were
// observed to do (the ObservedTest cases; docs/semantics.md gives the
// versions) is hard-coded. Every call also checks that the input was not
// modified, and that the output was either written exactly where it should be
// or, after an error, not at all.
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
namespace {

// Bytes of every output buffer before a call. As an int64 or int32 index it
// is negative, so it can never be mistaken for a result.
constexpr unsigned char kSentinel = 0xA5;

// ---------------------------------------------------------------------------
// Dtypes and element bit patterns.

using test::AllDTypes;
using test::DTypeCase;
using test::MakeDType;

const DTypeCase& DType(const std::string& name) {
  for (const DTypeCase& dt : AllDTypes()) {
    if (name == dt.name) return dt;
  }
  ADD_FAILURE() << "no dtype " << name;
  return AllDTypes()[0];
}

bool IsBool(const DTypeCase& dt) { return dt.dtype.code == ARGMIN_DL_BOOL; }

uint64_t SizeMask(const DTypeCase& dt) {
  return dt.size() == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * dt.size())) - 1;
}

using test::IsNanBits;

// Converts `f` to binary16. Exact for the values the tests use (small
// integers, zeros, infinities); NaNs become a quiet NaN of the same sign.
uint16_t ToFloat16Bits(float f) {
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
uint16_t ToBfloat16Bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof(b));
  if ((b & 0x7F800000u) == 0x7F800000u && (b & 0x7FFFFFu) != 0) {
    return static_cast<uint16_t>(((b >> 16) & 0x8000) | 0x7FC0);
  }
  return static_cast<uint16_t>(b >> 16);
}

// Returns the bit pattern of `v` in the floating-point dtype `dt`.
uint64_t FloatBits(const DTypeCase& dt, double v) {
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
uint64_t IntBits(const DTypeCase& dt, int64_t v) {
  return static_cast<uint64_t>(v) & SizeMask(dt);
}

// NaN bit patterns: quiet, negative quiet, signalling, all-ones payload.
std::vector<uint64_t> NanPool(const DTypeCase& dt) {
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
std::vector<uint64_t> ValuePool(const DTypeCase& dt) {
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

uint64_t RandomBits(const DTypeCase& dt, Values mode, std::mt19937_64& rng) {
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
uint64_t PoisonBits(const DTypeCase& dt, std::mt19937_64& rng) {
  if (IsBool(dt)) return 0;
  if (dt.is_float) {
    return rng() % 2 ? NanPool(dt)[0] : FloatBits(dt, -HUGE_VAL);
  }
  if (dt.is_signed) return IntBits(dt, std::numeric_limits<int64_t>::min());
  return 0;
}

// ---------------------------------------------------------------------------
// Tensors.

int64_t NumElements(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t e : shape) n *= e;
  return n;
}

std::vector<int64_t> CompactStrides(const std::vector<int64_t>& shape) {
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
TestTensor FromBits(const DTypeCase& dt, std::vector<int64_t> shape,
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

std::vector<uint64_t> Floats(const DTypeCase& dt, std::vector<double> v) {
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

argmin_options Opts(std::optional<int64_t> axis = std::nullopt,
                    bool keepdims = false, int32_t nan = ARGMIN_NAN_PROPAGATE,
                    int32_t ties = ARGMIN_TIES_FIRST, int32_t threads = 0) {
  argmin_options o = argmin_default_options();
  o.has_axis = axis ? 1 : 0;
  o.axis = axis.value_or(0);
  o.keepdims = keepdims ? 1 : 0;
  o.nan_policy = nan;
  o.tie_policy = ties;
  o.num_threads = threads;
  return o;
}

std::string DescribeOptions(const argmin_options& o) {
  std::ostringstream os;
  os << "options {has_axis " << o.has_axis << ", axis " << o.axis
     << ", keepdims " << o.keepdims << ", nan_policy " << o.nan_policy
     << ", tie_policy " << o.tie_policy << ", num_threads " << o.num_threads
     << "}";
  return os.str();
}

std::string ShapeString(const std::vector<int64_t>& s) {
  std::ostringstream os;
  os << "(";
  for (int64_t e : s) os << e << ",";
  os << ")";
  return os.str();
}

// The output shape by the rules, computed here independently of the library;
// false for an axis out of range.
bool ExpectedOutputShape(const std::vector<int64_t>& shape,
                         const argmin_options& o, std::vector<int64_t>* out) {
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
bool CheckOutputShape(const TestTensor& t, const argmin_options& o,
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
int64_t InputPosition(const std::vector<int64_t>& shape,
                      const argmin_options& o, int64_t out, int64_t index) {
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
bool CheckFamily(const TestTensor& t, const argmin_options& o,
                 const std::vector<int64_t>& out_shape,
                 const std::vector<int64_t>& want_min, argmin_status want,
                 std::mt19937_64& rng) {
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

bool CheckAgainstOracle(const TestTensor& t, const argmin_options& o,
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
void ExpectTableResult(const TestTensor& t, const argmin_options& o,
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
void ExpectComputeError(const TestTensor& t, const argmin_options& o,
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
void ExpectRawError(const DLTensor* in, const argmin_options* o,
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

TestTensor RandomTensor(const DTypeCase& dt, std::mt19937_64& rng, int min_rank,
                        int max_rank, int max_extent) {
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

argmin_options RandomOptions(int rank, std::mt19937_64& rng) {
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
bool RunRandomSmall(const DTypeCase& dt, uint64_t seed, int count) {
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
bool RunRandomMedium(const DTypeCase& dt, uint64_t seed, int count) {
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
bool RunLayoutsAndThreads(const DTypeCase& dt, uint64_t seed, int count) {
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
bool RunPositionSweep(const DTypeCase& dt, uint64_t seed) {
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

// ---------------------------------------------------------------------------
// Status messages and defaults.

TEST(StatusMessageTest, EveryStatusHasADistinctNonEmptyMessage) {
  std::set<std::string> seen;
  for (int s = ARGMIN_OK; s <= ARGMIN_ERROR_MPI; ++s) {
    const char* message = argmin_status_message(static_cast<argmin_status>(s));
    ASSERT_NE(message, nullptr) << s;
    EXPECT_GT(std::strlen(message), 0u) << s;
    EXPECT_TRUE(seen.insert(message).second) << "duplicate message for " << s;
  }
  // A code from a newer library version still gets a message.
  EXPECT_NE(argmin_status_message(static_cast<argmin_status>(15)), nullptr);
}

TEST(StatusMessageTest, EveryStatusIsNamedAsInTheHeader) {
  const std::pair<argmin_status, const char*> named[] = {
      {ARGMIN_OK, "ARGMIN_OK"},
      {ARGMIN_ERROR_NULL_POINTER, "ARGMIN_ERROR_NULL_POINTER"},
      {ARGMIN_ERROR_UNSUPPORTED_DTYPE, "ARGMIN_ERROR_UNSUPPORTED_DTYPE"},
      {ARGMIN_ERROR_UNSUPPORTED_DEVICE, "ARGMIN_ERROR_UNSUPPORTED_DEVICE"},
      {ARGMIN_ERROR_BAD_SHAPE, "ARGMIN_ERROR_BAD_SHAPE"},
      {ARGMIN_ERROR_BAD_AXIS, "ARGMIN_ERROR_BAD_AXIS"},
      {ARGMIN_ERROR_EMPTY_REDUCTION, "ARGMIN_ERROR_EMPTY_REDUCTION"},
      {ARGMIN_ERROR_ALL_NAN, "ARGMIN_ERROR_ALL_NAN"},
      {ARGMIN_ERROR_BAD_OUTPUT, "ARGMIN_ERROR_BAD_OUTPUT"},
      {ARGMIN_ERROR_INDEX_OVERFLOW, "ARGMIN_ERROR_INDEX_OVERFLOW"},
      {ARGMIN_ERROR_BAD_OPTION, "ARGMIN_ERROR_BAD_OPTION"},
      {ARGMIN_ERROR_UNKNOWN_TARGET, "ARGMIN_ERROR_UNKNOWN_TARGET"},
      {ARGMIN_ERROR_OUT_OF_MEMORY, "ARGMIN_ERROR_OUT_OF_MEMORY"},
      {ARGMIN_ERROR_RANKS_DISAGREE, "ARGMIN_ERROR_RANKS_DISAGREE"},
      {ARGMIN_ERROR_MPI, "ARGMIN_ERROR_MPI"}};
  static_assert(sizeof(named) / sizeof(named[0]) == ARGMIN_ERROR_MPI + 1);
  for (const auto& [status, name] : named) {
    EXPECT_STREQ(argmin_status_name(status), name);
  }
  EXPECT_STREQ(argmin_status_name(static_cast<argmin_status>(15)),
               "ARGMIN_UNKNOWN_STATUS");
  EXPECT_STREQ(argmin_status_name(static_cast<argmin_status>(15)),
               "ARGMIN_UNKNOWN_STATUS");
}

TEST(DefaultOptionsTest, AreAllZerosAsTorchArgminWithoutDim) {
  const argmin_options o = argmin_default_options();
  EXPECT_EQ(o.has_axis, 0);
  EXPECT_EQ(o.axis, 0);
  EXPECT_EQ(o.keepdims, 0);
  EXPECT_EQ(o.nan_policy, ARGMIN_NAN_PROPAGATE);
  EXPECT_EQ(o.tie_policy, ARGMIN_TIES_FIRST);
  EXPECT_EQ(o.num_threads, 0);
}

// ---------------------------------------------------------------------------
// The rows of semantics-observed.md, with torch's / numpy's answers.

const std::vector<std::string> kFloatNames = {"float16", "bfloat16", "float32",
                                              "float64"};
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(ObservedTest, FirstNanWins) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    ExpectTableResult(FromBits(dt, {5}, Floats(dt, {3, kNan, 1, kNan, 1})),
                      Opts(), {}, {1});
  }
}

TEST(ObservedTest, AllNanRowGivesItsFirstNan) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    ExpectTableResult(FromBits(dt, {2, 2}, Floats(dt, {kNan, kNan, 1, kNan})),
                      Opts(1), {2}, {0, 1});
  }
}

TEST(ObservedTest, NegativeZeroEqualsZero) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    ExpectTableResult(FromBits(dt, {3}, Floats(dt, {0.0, -0.0, 0.0})), Opts(),
                      {}, {0});
  }
}

TEST(ObservedTest, InfinitiesAreOrdinary) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    ExpectTableResult(FromBits(dt, {3}, Floats(dt, {kInf, -kInf, -kInf})),
                      Opts(), {}, {1});
  }
}

TEST(ObservedTest, Float16Nan) {
  const DTypeCase& dt = DType("float16");
  // Bit patterns, so that the test does not depend on ToFloat16Bits.
  ExpectTableResult(FromBits(dt, {3}, {0x3C00, 0x7E00, 0xBC00}), Opts(), {},
                    {1});
}

TEST(ObservedTest, Bfloat16Ties) {
  const DTypeCase& dt = DType("bfloat16");
  ExpectTableResult(FromBits(dt, {3}, {0x3F80, 0xC000, 0xC000}), Opts(), {},
                    {1});
}

TEST(ObservedTest, Uint8) {
  ExpectTableResult(FromBits(DType("uint8"), {3}, {5, 0, 255}), Opts(), {},
                    {1});
}

TEST(ObservedTest, BoolFalseIsLessThanTrue) {
  ExpectTableResult(FromBits(DType("bool"), {3}, {1, 0, 0}), Opts(), {}, {1});
}

TEST(ObservedTest, ComplexIsUnsupported) {
  // torch refuses complex; so does this library (numpy's lexicographic order
  // is not torch.argmin's meaning).
  for (uint8_t bits : {64, 128}) {
    int64_t shape = 2;
    float data[4] = {1, 0, 0, 1};
    DLTensor in{};
    in.data = data;
    in.device = {kDLCPU, 0};
    in.ndim = 1;
    in.dtype = MakeDType(kDLComplex, bits);
    in.shape = &shape;
    const argmin_options o = Opts();
    ExpectRawError(&in, &o, ARGMIN_ERROR_UNSUPPORTED_DTYPE);
  }
}

TEST(ObservedTest, ZeroDimTensorGivesZeroForNoneZeroAndMinusOne) {
  const DTypeCase& dt = DType("float32");
  const TestTensor t = FromBits(dt, {}, Floats(dt, {42}));
  for (bool keepdims : {false, true}) {
    ExpectTableResult(t, Opts(std::nullopt, keepdims), {}, {0});
    ExpectTableResult(t, Opts(0, keepdims), {}, {0});
    ExpectTableResult(t, Opts(-1, keepdims), {}, {0});
  }
}

TEST(ObservedTest, ZeroDimTensorRejectsAxisOne) {
  const DTypeCase& dt = DType("float32");
  const TestTensor t = FromBits(dt, {}, Floats(dt, {42}));
  for (int64_t axis : {1, -2}) {
    for (bool keepdims : {false, true}) {
      ExpectComputeError(t, Opts(axis, keepdims), ARGMIN_ERROR_BAD_AXIS);
      EXPECT_TRUE(CheckOutputShape(t, Opts(axis, keepdims),
                                   ARGMIN_ERROR_BAD_AXIS, "0-d"));
    }
  }
}

TEST(ObservedTest, KeepdimsWithAxisNoneKeepsRankWithOnes) {
  const DTypeCase& dt = DType("float32");
  const TestTensor t = FromBits(dt, {2, 3}, Floats(dt, {4, 5, 6, 1, 2, 3}));
  ExpectTableResult(t, Opts(std::nullopt, true), {1, 1}, {3});
}

TEST(ObservedTest, EmptyTensorWithAxisNoneIsAnError) {
  const DTypeCase& dt = DType("float32");
  for (const std::vector<int64_t>& shape :
       {std::vector<int64_t>{0}, std::vector<int64_t>{0, 3},
        std::vector<int64_t>{3, 0}, std::vector<int64_t>{2, 0, 2}}) {
    const TestTensor t = FromBits(dt, shape, {});
    for (bool keepdims : {false, true}) {
      std::vector<int64_t> out_shape;
      if (keepdims) out_shape.assign(shape.size(), 1);
      ExpectComputeError(t, Opts(std::nullopt, keepdims),
                         ARGMIN_ERROR_EMPTY_REDUCTION, out_shape);
    }
  }
}

TEST(ObservedTest, EmptyRowsReducedAlongNonEmptyAxisGiveEmptyResult) {
  const DTypeCase& dt = DType("float32");
  const TestTensor t = FromBits(dt, {0, 3}, {});
  ExpectTableResult(t, Opts(1), {0}, {});
  ExpectTableResult(t, Opts(-1, true), {0, 1}, {});
}

TEST(ObservedTest, ReducingAnEmptyAxisIsAnError) {
  const DTypeCase& dt = DType("float32");
  const TestTensor t = FromBits(dt, {0, 3}, {});
  ExpectComputeError(t, Opts(0), ARGMIN_ERROR_EMPTY_REDUCTION, {3});
  ExpectComputeError(t, Opts(-2, true), ARGMIN_ERROR_EMPTY_REDUCTION, {1, 3});
}

TEST(ObservedTest, TransposedViewAxisNoneCountsInLogicalOrder) {
  // Memory [[5, 1, 7], [0, 9, 3]] viewed transposed: [[5, 0], [1, 9], [7, 3]];
  // the 0 sits at memory position 3 but logical position 1.
  const DTypeCase& dt = DType("float32");
  TestTensor t = FromBits(dt, {3, 2}, Floats(dt, {5, 0, 1, 9, 7, 3}),
                          std::vector<int64_t>{1, 3});
  ExpectTableResult(t, Opts(), {}, {1});
  ExpectTableResult(t, Opts(std::nullopt, true), {1, 1}, {1});
  ExpectTableResult(t, Opts(0), {2}, {1, 0});
  ExpectTableResult(t, Opts(1), {3}, {1, 0, 1});
}

TEST(ObservedTest, NanArgminSkipsNans) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    ExpectTableResult(FromBits(dt, {3}, Floats(dt, {kNan, 2, 1})),
                      Opts(std::nullopt, false, ARGMIN_NAN_IGNORE), {}, {2});
  }
}

TEST(ObservedTest, NanArgminOfAllNanIsAnError) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    const TestTensor t = FromBits(dt, {2}, Floats(dt, {kNan, kNan}));
    ExpectComputeError(t, Opts(std::nullopt, false, ARGMIN_NAN_IGNORE),
                       ARGMIN_ERROR_ALL_NAN);
    ExpectComputeError(t, Opts(0, false, ARGMIN_NAN_IGNORE),
                       ARGMIN_ERROR_ALL_NAN);
  }
}

TEST(ObservedTest, NanArgminFindsALoneNumberAnywhereAmongNans) {
  // A call that ignores NaN first looks for an all-NaN slice: the first
  // element alone, the rest, when it is NaN, with the slice kernel. A lone
  // number at each place that split treats differently, in rows and in columns,
  // and no number at all (position -1).
  std::mt19937_64 rng(61);
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    const std::vector<uint64_t> nans = NanPool(dt);
    for (int64_t k : {1, 2, 3, 4, 5, 6, 8, 9, 17, 100, 1000}) {
      for (int64_t at : {int64_t{-1}, int64_t{0}, int64_t{3}, int64_t{4},
                         int64_t{5}, k / 2, k - 1}) {
        if (at >= k) continue;
        for (int axis : {0, 1}) {
          // Slices of k elements: rows of (3, k) along axis 1, columns of
          // (k, 3) along axis 0; slice 1 is the one under test.
          const std::vector<int64_t> shape = axis == 1
                                                 ? std::vector<int64_t>{3, k}
                                                 : std::vector<int64_t>{k, 3};
          TestTensor t(dt, shape, std::nullopt, 0);
          for (int64_t i = 0; i < t.numel(); ++i) {
            const int64_t slice = axis == 1 ? i / k : i % 3;
            const int64_t pos = axis == 1 ? i % k : i / 3;
            t.Set(i, slice != 1 || pos == at
                         ? RandomBits(dt, Values::kPoolNoNan, rng)
                         : nans[static_cast<size_t>(pos) % nans.size()]);
          }
          SCOPED_TRACE(name + " k " + std::to_string(k) + " at " +
                       std::to_string(at) + " axis " + std::to_string(axis));
          EXPECT_TRUE(
              CheckAgainstOracle(t, Opts(axis, false, ARGMIN_NAN_IGNORE)));
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// The rules, each against the oracle.

// Checks `bits` as a 1-D tensor under every NaN and tie policy, with axis
// none and axis 0.
void CheckAllPolicies(const DTypeCase& dt, const std::vector<uint64_t>& bits) {
  const TestTensor t = FromBits(dt, {static_cast<int64_t>(bits.size())}, bits);
  for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
    for (int32_t ties : {ARGMIN_TIES_FIRST, ARGMIN_TIES_LAST}) {
      EXPECT_TRUE(CheckAgainstOracle(t, Opts(std::nullopt, false, nan, ties)));
      EXPECT_TRUE(CheckAgainstOracle(t, Opts(0, true, nan, ties)));
    }
  }
}

TEST(FloatRulesTest, SignedZerosTie) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    CheckAllPolicies(dt, Floats(dt, {0.0, -0.0, 0.0}));
    CheckAllPolicies(dt, Floats(dt, {-0.0, 0.0}));
    CheckAllPolicies(dt, Floats(dt, {1, 0.0, 2, -0.0, 3}));
  }
}

TEST(FloatRulesTest, NansOfAnySignAndPayloadAreNans) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    const std::vector<uint64_t> nans = NanPool(dt);
    const uint64_t one = FloatBits(dt, 1), zero = FloatBits(dt, 0);
    CheckAllPolicies(dt, {one, nans[0], nans[1], zero});
    CheckAllPolicies(dt, {one, nans[1], zero, nans[0]});
    CheckAllPolicies(dt, {nans[2], one, nans[3]});
    CheckAllPolicies(dt, {FloatBits(dt, -kInf), nans[1]});
    CheckAllPolicies(dt, nans);
  }
}

TEST(FloatRulesTest, InfinitiesSubnormalsAndExtremes) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    const std::vector<uint64_t> pool = ValuePool(dt);
    CheckAllPolicies(dt, pool);
    std::vector<uint64_t> reversed(pool.rbegin(), pool.rend());
    CheckAllPolicies(dt, reversed);
    CheckAllPolicies(dt, Floats(dt, {kInf, kInf}));
    CheckAllPolicies(dt, Floats(dt, {-kInf, 1, -kInf}));
    // numpy.nanargmin([nan, inf]) is 0 (it maps NaN to +inf); skipping the
    // NaN really gives 1 (docs/semantics.md).
    CheckAllPolicies(dt, Floats(dt, {kNan, kInf}));
    CheckAllPolicies(dt, Floats(dt, {kInf, kNan, kInf}));
  }
}

TEST(BoolRulesTest, EveryNonzeroByteIsTrueAndTheyTie) {
  const DTypeCase& dt = DType("bool");
  CheckAllPolicies(dt, {2, 1, 0x80});
  CheckAllPolicies(dt, {0xFF, 0, 1, 0});
  CheckAllPolicies(dt, {0x80, 0x7F, 0xFF, 0x01, 0x02});
  CheckAllPolicies(dt, {0, 0x80, 0});
}

TEST(IntRulesTest, SignednessAndExtremes) {
  for (const DTypeCase& dt : AllDTypes()) {
    if (dt.is_float) continue;
    SCOPED_TRACE(dt.name);
    const std::vector<uint64_t> pool = ValuePool(dt);
    CheckAllPolicies(dt, pool);
    CheckAllPolicies(dt, std::vector<uint64_t>(pool.rbegin(), pool.rend()));
  }
}

TEST(AxisTest, EveryAxisPositiveAndNegativeWithAndWithoutKeepdims) {
  std::mt19937_64 rng(11);
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(dt.name);
    TestTensor t(dt, {2, 3, 4, 5}, std::nullopt, PoisonBits(dt, rng));
    for (int64_t i = 0; i < t.numel(); ++i) {
      t.Set(i, RandomBits(dt, Values::kPool, rng));
    }
    for (int64_t axis = -4; axis < 4; ++axis) {
      for (bool keepdims : {false, true}) {
        EXPECT_TRUE(CheckAgainstOracle(t, Opts(axis, keepdims)));
      }
    }
    EXPECT_TRUE(CheckAgainstOracle(t, Opts(std::nullopt, true)));
    EXPECT_TRUE(CheckAgainstOracle(t, Opts(std::nullopt, false)));
  }
}

TEST(AxisTest, OutOfRangeAxesFailWithoutWriting) {
  const DTypeCase& dt = DType("int32");
  const TestTensor t =
      FromBits(dt, {2, 3, 4}, std::vector<uint64_t>(24, IntBits(dt, 7)));
  // The last ones catch an axis narrowed to 32 bits or wrapped by overflow.
  for (int64_t axis :
       {int64_t{3}, int64_t{-4}, int64_t{100}, int64_t{-100},
        std::numeric_limits<int64_t>::max(),
        std::numeric_limits<int64_t>::min(), (int64_t{1} << 32) + 1,
        -(int64_t{1} << 32) + 1, (int64_t{1} << 32)}) {
    for (bool keepdims : {false, true}) {
      SCOPED_TRACE(axis);
      ExpectComputeError(t, Opts(axis, keepdims), ARGMIN_ERROR_BAD_AXIS);
      EXPECT_TRUE(CheckOutputShape(t, Opts(axis, keepdims),
                                   ARGMIN_ERROR_BAD_AXIS, "axis"));
    }
  }
}

TEST(AxisTest, AnyNonzeroHasAxisAndKeepdimsMeanTrue) {
  const DTypeCase& dt = DType("float32");
  std::mt19937_64 rng(3);
  TestTensor t(dt, {3, 4}, std::nullopt, PoisonBits(dt, rng));
  for (int64_t i = 0; i < t.numel(); ++i) {
    t.Set(i, RandomBits(dt, Values::kPoolNoNan, rng));
  }
  argmin_options o = Opts(1, true);
  o.has_axis = 7;
  o.keepdims = -1;
  EXPECT_TRUE(CheckAgainstOracle(t, o));
  std::vector<int64_t> shape;
  ASSERT_TRUE(ExpectedOutputShape(t.shape(), o, &shape));
  EXPECT_EQ(shape, (std::vector<int64_t>{3, 1}));
}

TEST(ZeroDimTest, EveryDtypeAndPolicy) {
  std::mt19937_64 rng(5);
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(dt.name);
    std::vector<uint64_t> values = ValuePool(dt);
    if (dt.is_float) values.push_back(NanPool(dt)[0]);  // nanargmin: all-NaN
    for (uint64_t v : values) {
      const TestTensor t = FromBits(dt, {}, {v});
      for (int64_t axis : {-2, -1, 0, 1}) {
        for (bool has_axis : {false, true}) {
          for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
            argmin_options o = Opts(axis, rng() % 2 != 0, nan,
                                    static_cast<int32_t>(rng() % 2));
            o.has_axis = has_axis;
            EXPECT_TRUE(CheckAgainstOracle(t, o));
          }
        }
      }
    }
  }
}

TEST(ZeroDimTest, NullShapeIsFineForZeroDims) {
  float value = 3;
  DLTensor in{};
  in.data = &value;
  in.device = {kDLCPU, 0};
  in.ndim = 0;
  in.dtype = MakeDType(kDLFloat, 32);
  in.shape = nullptr;
  const argmin_options o = Opts();
  OutputBuffer out({}, 64);
  out.tensor()->shape = nullptr;
  ASSERT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK);
  EXPECT_EQ(out.Get(0), 0);
  EXPECT_TRUE(out.TailUntouched(1));
}

TEST(EmptyTest, ZeroExtentElsewhereGivesEmptyOutput) {
  std::mt19937_64 rng(9);
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(dt.name);
    for (const std::vector<int64_t>& shape :
         {std::vector<int64_t>{3, 0}, std::vector<int64_t>{0, 3},
          std::vector<int64_t>{2, 0, 3}, std::vector<int64_t>{0, 0},
          std::vector<int64_t>{0}}) {
      const TestTensor t(dt, shape, std::nullopt, PoisonBits(dt, rng));
      const int64_t rank = static_cast<int64_t>(shape.size());
      for (int64_t axis = -rank; axis < rank; ++axis) {
        for (bool keepdims : {false, true}) {
          for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
            EXPECT_TRUE(CheckAgainstOracle(t, Opts(axis, keepdims, nan)));
          }
        }
      }
      EXPECT_TRUE(CheckAgainstOracle(t, Opts()));
    }
  }
}

TEST(EmptyTest, StatusesOfEmptyShapes) {
  // Spelled out, not only via the oracle: which empties fail and which not.
  const DTypeCase& dt = DType("float32");
  ExpectComputeError(FromBits(dt, {0, 0}, {}), Opts(0),
                     ARGMIN_ERROR_EMPTY_REDUCTION, {0});
  ExpectComputeError(FromBits(dt, {0, 0}, {}), Opts(1),
                     ARGMIN_ERROR_EMPTY_REDUCTION, {0});
  ExpectComputeError(FromBits(dt, {2, 0, 3}, {}), Opts(1),
                     ARGMIN_ERROR_EMPTY_REDUCTION, {2, 3});
  for (int64_t axis : {0, 2, -1}) {
    const TestTensor t = FromBits(dt, {2, 0, 3}, {});
    const DLTensor in = t.View();
    const argmin_options o = Opts(axis);
    std::vector<int64_t> shape;
    ASSERT_TRUE(ExpectedOutputShape(t.shape(), o, &shape));
    OutputBuffer out(shape, 64);
    EXPECT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK) << axis;
    EXPECT_TRUE(out.Untouched()) << "an empty output has nothing to write";
  }
}

TEST(EmptyTest, EmptyOutputAcceptsTorchAndNumpyStrides) {
  // An output with no elements is never stepped through, so no stride of it
  // matters. In particular torch.empty(2, 0) and numpy.empty((2, 0)) have
  // strides (1, 1) (both skip zero extents when computing compact strides);
  // exported through DLPack, such an output must be accepted, as must the
  // strides (0, 1) that a plain product of the extents gives.
  const TestTensor t = FromBits(DType("float32"), {2, 0, 3}, {});
  const DLTensor in = t.View();
  const argmin_options o = Opts(2);
  for (const std::vector<int64_t>& strides :
       {std::vector<int64_t>{1, 1}, std::vector<int64_t>{0, 1}}) {
    SCOPED_TRACE(ShapeString(strides));
    OutputBuffer out({2, 0}, 64, true);
    out.strides() = strides;
    out.tensor()->strides = out.strides().data();
    EXPECT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK);
    EXPECT_TRUE(out.Untouched());
  }
}

TEST(EmptyTest, NullDataIsFineWithoutElements) {
  int64_t shape[2] = {0, 4};
  DLTensor in{};
  in.data = nullptr;
  in.device = {kDLCPU, 0};
  in.ndim = 2;
  in.dtype = MakeDType(kDLFloat, 32);
  in.shape = shape;
  argmin_options o = Opts(1);
  OutputBuffer out({0}, 64);
  out.tensor()->data = nullptr;  // the output has no elements either
  EXPECT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK);
  // An empty reduction stays an empty reduction, not a null pointer.
  o = Opts();
  OutputBuffer out0({}, 64);
  EXPECT_EQ(argmin_compute(&in, &o, out0.tensor()),
            ARGMIN_ERROR_EMPTY_REDUCTION);
  EXPECT_TRUE(out0.Untouched());
}

TEST(ViewTest, TransposedNegativeZeroAndGappedStrides) {
  std::mt19937_64 rng(13);
  const std::vector<std::vector<int64_t>> layouts = {
      {1, 4},    // transposed (3 rows of 4 stored column-major)
      {4, -1},   // each row reversed
      {-4, 1},   // rows reversed
      {-1, -4},  // transposed and both reversed
      {0, 1},    // every row the same
      {4, 0},    // every column the same
      {0, 0},    // one element, broadcast
      {10, 3},   // gaps between rows and between elements
      {-3, 10},  // gapped, transposed, reversed
  };
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(dt.name);
    for (const std::vector<int64_t>& strides : layouts) {
      TestTensor t(dt, {3, 4}, strides, PoisonBits(dt, rng),
                   static_cast<int64_t>(rng() % 3));
      for (int64_t i = 0; i < t.numel(); ++i) {
        t.Set(i, RandomBits(dt, Values::kPool, rng));
      }
      for (int32_t ties : {ARGMIN_TIES_FIRST, ARGMIN_TIES_LAST}) {
        for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
          EXPECT_TRUE(
              CheckAgainstOracle(t, Opts(std::nullopt, false, nan, ties)));
          EXPECT_TRUE(CheckAgainstOracle(t, Opts(0, false, nan, ties)));
          EXPECT_TRUE(CheckAgainstOracle(t, Opts(-1, true, nan, ties)));
        }
      }
    }
  }
}

TEST(ViewTest, NullStridesEqualCompactStrides) {
  std::mt19937_64 rng(17);
  const DTypeCase& dt = DType("int16");
  TestTensor a(dt, {4, 5, 6}, std::nullopt, 0);
  TestTensor b(dt, {4, 5, 6}, std::vector<int64_t>{30, 6, 1}, 0);
  for (int64_t i = 0; i < a.numel(); ++i) {
    const uint64_t v = RandomBits(dt, Values::kPool, rng);
    a.Set(i, v);
    b.Set(i, v);
  }
  for (int64_t axis = 0; axis < 3; ++axis) {
    const argmin_options o = Opts(axis);
    const DLTensor in_a = a.View(), in_b = b.View();
    std::vector<int64_t> shape;
    ASSERT_TRUE(ExpectedOutputShape(a.shape(), o, &shape));
    OutputBuffer out_a(shape, 64), out_b(shape, 64);
    ASSERT_EQ(argmin_compute(&in_a, &o, out_a.tensor()), ARGMIN_OK);
    ASSERT_EQ(argmin_compute(&in_b, &o, out_b.tensor()), ARGMIN_OK);
    for (int64_t i = 0; i < NumElements(shape); ++i) {
      EXPECT_EQ(out_a.Get(i), out_b.Get(i));
    }
    EXPECT_TRUE(CheckAgainstOracle(a, o));
  }
}

TEST(ViewTest, ByteOffsetIsAddedToData) {
  // The data pointer addresses poison (the most attractive value); the
  // elements start byte_offset further on.
  std::mt19937_64 rng(19);
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(dt.name);
    for (int64_t offset_items : {1, 2, 3, 8}) {
      TestTensor t(dt, {2, 9}, std::nullopt, PoisonBits(dt, rng), offset_items);
      ASSERT_EQ(t.View().byte_offset, offset_items * dt.size());
      for (int64_t i = 0; i < t.numel(); ++i) {
        t.Set(i, RandomBits(dt, Values::kPoolNoNan, rng));
      }
      EXPECT_TRUE(CheckAgainstOracle(t, Opts()));
      EXPECT_TRUE(CheckAgainstOracle(t, Opts(1)));
      EXPECT_TRUE(CheckAgainstOracle(t, Opts(0)));
    }
  }
}

TEST(ViewTest, MaxRankOfAllOnesAndTwos) {
  std::mt19937_64 rng(23);
  const DTypeCase& dt = DType("float64");
  std::vector<int64_t> shape(ARGMIN_MAX_NDIM, 1);
  shape[3] = 2;
  shape[17] = 3;
  shape[31] = 2;
  TestTensor t(dt, shape, std::nullopt, PoisonBits(dt, rng));
  for (int64_t i = 0; i < t.numel(); ++i) {
    t.Set(i, RandomBits(dt, Values::kPoolNoNan, rng));
  }
  for (int64_t axis : {0, 3, 17, 31, -1, -32}) {
    EXPECT_TRUE(CheckAgainstOracle(t, Opts(axis, rng() % 2)));
  }
  EXPECT_TRUE(CheckAgainstOracle(t, Opts(std::nullopt, true)));
}

// ---------------------------------------------------------------------------
// Output tensors.

TEST(OutputTest, Int32OutputEqualsInt64Output) {
  // CheckAgainstOracle covers int32 everywhere; here a long slice whose
  // index needs more than 16 bits.
  const DTypeCase& dt = DType("int8");
  std::mt19937_64 rng(29);
  TestTensor t(dt, {2, 70000}, std::nullopt, PoisonBits(dt, rng));
  for (int64_t i = 0; i < t.numel(); ++i) t.Set(i, IntBits(dt, 5));
  t.Set(70000 + 69999, IntBits(dt, -3));
  t.Set(66666, IntBits(dt, -3));
  EXPECT_TRUE(CheckAgainstOracle(t, Opts(1)));
  EXPECT_TRUE(CheckAgainstOracle(t, Opts()));
  EXPECT_TRUE(CheckAgainstOracle(
      t, Opts(std::nullopt, false, ARGMIN_NAN_PROPAGATE, ARGMIN_TIES_LAST)));
}

// A tensor of `extent` copies of one element: zero stride, no memory.
DLTensor Broadcast(float* value, int64_t* shape, int64_t* strides, int ndim) {
  DLTensor in{};
  in.data = value;
  in.device = {kDLCPU, 0};
  in.ndim = ndim;
  in.dtype = MakeDType(kDLFloat, 32);
  in.shape = shape;
  in.strides = strides;
  return in;
}

TEST(OutputTest, Int32IndexOverflowIsAnErrorInt64IsNot) {
  // -inf, so that an implementation may stop at the first element once it
  // has seen the lowest value (the answer is 0 either way).
  float value = -std::numeric_limits<float>::infinity();
  int64_t shape[1] = {3000000000};
  int64_t strides[1] = {0};
  const DLTensor in = Broadcast(&value, shape, strides, 1);
  for (bool has_axis : {false, true}) {
    const argmin_options o = has_axis ? Opts(0) : Opts();
    OutputBuffer small({}, 32);
    EXPECT_EQ(argmin_compute(&in, &o, small.tensor()),
              ARGMIN_ERROR_INDEX_OVERFLOW);
    EXPECT_TRUE(small.Untouched());
  }
  // int64: every element ties, so the first wins (the brief's answer).
  const argmin_options o = Opts();
  OutputBuffer big({}, 64);
  ASSERT_EQ(argmin_compute(&in, &o, big.tensor()), ARGMIN_OK);
  EXPECT_EQ(big.Get(0), 0);
  EXPECT_TRUE(big.TailUntouched(1));
}

TEST(OutputTest, Int32LimitIsExactlyInt32Max) {
  // Rows of 2^31 + 1 elements: the last index is 2^31 > INT32_MAX.
  float values[3] = {2.0f, 1.0f, 1.0f};
  int64_t shape[2] = {3, (int64_t{1} << 31) + 1};
  int64_t strides[2] = {1, 0};
  DLTensor in = Broadcast(values, shape, strides, 2);
  const argmin_options along = Opts(1);
  OutputBuffer over({3}, 32);
  EXPECT_EQ(argmin_compute(&in, &along, over.tensor()),
            ARGMIN_ERROR_INDEX_OVERFLOW);
  EXPECT_TRUE(over.Untouched());
  // 2^31 elements: the last index is INT32_MAX, which fits.
  int64_t shape1[1] = {int64_t{1} << 31};
  int64_t strides1[1] = {0};
  in = Broadcast(&values[1], shape1, strides1, 1);
  const argmin_options last =
      Opts(0, false, ARGMIN_NAN_PROPAGATE, ARGMIN_TIES_LAST);
  OutputBuffer fits({}, 32);
  ASSERT_EQ(argmin_compute(&in, &last, fits.tensor()), ARGMIN_OK);
  EXPECT_EQ(fits.Get(0), std::numeric_limits<int32_t>::max());
}

TEST(OutputTest, IndicesBeyond31BitsAreExact) {
  // A broadcast (2, 2^31 + 5) whose row 0 is all 2.0 and row 1 all -inf:
  // the first minimum has flat index 2^31 + 5, which a 32-bit index anywhere
  // on the way gets wrong. Answer computed here, not by the oracle, which
  // would take many seconds to walk 2^32 elements; -inf lets an
  // implementation stop right after it.
  float values[2] = {2.0f, -std::numeric_limits<float>::infinity()};
  int64_t shape[2] = {2, (int64_t{1} << 31) + 5};
  int64_t strides[2] = {1, 0};
  const DLTensor in = Broadcast(values, shape, strides, 2);
  const argmin_options o = Opts();
  OutputBuffer out({}, 64);
  ASSERT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK);
  EXPECT_EQ(out.Get(0), (int64_t{1} << 31) + 5);
}

TEST(OutputTest, IndicesBeyond32BitsAreExact) {
  // As above, past 2^32: rows of 2^32 + 3 elements, the second all -inf, so
  // the first minimum's flat index is 2^32 + 3 (and along axis 0, every
  // column's is row 1).
  float values[2] = {2.0f, -std::numeric_limits<float>::infinity()};
  int64_t shape[2] = {2, (int64_t{1} << 32) + 3};
  int64_t strides[2] = {1, 0};
  const DLTensor in = Broadcast(values, shape, strides, 2);
  const argmin_options o = Opts();
  OutputBuffer out({}, 64);
  ASSERT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK);
  EXPECT_EQ(out.Get(0), (int64_t{1} << 32) + 3);
  OutputBuffer small({}, 32);
  EXPECT_EQ(argmin_compute(&in, &o, small.tensor()),
            ARGMIN_ERROR_INDEX_OVERFLOW);
  EXPECT_TRUE(small.Untouched());
}

TEST(OutputTest, OutputShapeFunction) {
  const DTypeCase& dt = DType("uint16");
  const TestTensor t(dt, {2, 3, 4}, std::nullopt, 0);
  const DLTensor in = t.View();
  for (int64_t axis = -3; axis < 3; ++axis) {
    for (bool keepdims : {false, true}) {
      EXPECT_TRUE(CheckOutputShape(t, Opts(axis, keepdims), ARGMIN_OK, ""));
    }
  }
  // out_shape NULL: only the rank.
  argmin_options o = Opts(1);
  int32_t ndim = -1;
  EXPECT_EQ(argmin_output_shape(&in, &o, &ndim, nullptr), ARGMIN_OK);
  EXPECT_EQ(ndim, 2);
  o = Opts(std::nullopt, true);
  EXPECT_EQ(argmin_output_shape(&in, &o, &ndim, nullptr), ARGMIN_OK);
  EXPECT_EQ(ndim, 3);
  o = Opts();
  EXPECT_EQ(argmin_output_shape(&in, &o, &ndim, nullptr), ARGMIN_OK);
  EXPECT_EQ(ndim, 0);
  // Errors write nothing.
  o = Opts(5);
  ndim = -7;
  int64_t shape[ARGMIN_MAX_NDIM];
  std::fill(shape, shape + ARGMIN_MAX_NDIM, -7);
  EXPECT_EQ(argmin_output_shape(&in, &o, &ndim, shape), ARGMIN_ERROR_BAD_AXIS);
  EXPECT_EQ(ndim, -7);
  EXPECT_EQ(shape[0], -7);
  o.axis = 0;
  o.tie_policy = 9;
  EXPECT_EQ(argmin_output_shape(&in, &o, &ndim, shape),
            ARGMIN_ERROR_BAD_OPTION);
  EXPECT_EQ(ndim, -7);
  EXPECT_EQ(argmin_output_shape(nullptr, &o, &ndim, shape),
            ARGMIN_ERROR_NULL_POINTER);
  o = Opts();
  EXPECT_EQ(argmin_output_shape(&in, nullptr, &ndim, shape),
            ARGMIN_ERROR_NULL_POINTER);
  EXPECT_EQ(ndim, -7);
  // The data pointer is not the shape function's business.
  DLTensor no_data = in;
  no_data.data = nullptr;
  o = Opts(2);
  EXPECT_EQ(argmin_output_shape(&no_data, &o, &ndim, shape), ARGMIN_OK);
  EXPECT_EQ(ndim, 2);
  EXPECT_EQ(shape[0], 2);
  EXPECT_EQ(shape[1], 3);
}

class BadOutputTest : public ::testing::Test {
 protected:
  BadOutputTest() : t_(DType("float32"), {3, 4}, std::nullopt, 0) {
    std::mt19937_64 rng(37);
    for (int64_t i = 0; i < t_.numel(); ++i) {
      t_.Set(i, RandomBits(t_.dt(), Values::kPoolNoNan, rng));
    }
    in_ = t_.View();
  }
  // Runs with `out` and checks the status and that nothing was written.
  void ExpectFails(OutputBuffer& out, argmin_status want,
                   const argmin_options& o) {
    EXPECT_EQ(argmin_compute(&in_, &o, out.tensor()), want);
    EXPECT_TRUE(out.Untouched());
  }
  TestTensor t_;
  DLTensor in_;
};

TEST_F(BadOutputTest, WrongDtypes) {
  const argmin_options o = Opts(1);
  for (DLDataType dtype :
       {MakeDType(kDLInt, 16), MakeDType(kDLInt, 8), MakeDType(kDLUInt, 64),
        MakeDType(kDLUInt, 32), MakeDType(kDLFloat, 64),
        MakeDType(kDLFloat, 32), MakeDType(kDLInt, 64, 2),
        MakeDType(kDLInt, 32, 0), MakeDType(kDLBfloat, 16),
        MakeDType(ARGMIN_DL_BOOL, 8)}) {
    SCOPED_TRACE(std::to_string(dtype.code) + "/" + std::to_string(dtype.bits) +
                 "/" + std::to_string(dtype.lanes));
    OutputBuffer out({3}, 64);
    out.tensor()->dtype = dtype;
    ExpectFails(out, ARGMIN_ERROR_BAD_OUTPUT, o);
  }
}

TEST_F(BadOutputTest, WrongRankOrShape) {
  const argmin_options o = Opts(1);
  for (const std::vector<int64_t>& shape :
       {std::vector<int64_t>{}, std::vector<int64_t>{4},
        std::vector<int64_t>{3, 1}, std::vector<int64_t>{1, 3},
        std::vector<int64_t>{2}, std::vector<int64_t>{12}}) {
    SCOPED_TRACE(ShapeString(shape));
    OutputBuffer out(shape, 64);
    ExpectFails(out, ARGMIN_ERROR_BAD_OUTPUT, o);
  }
  // keepdims wants (3, 1); (3,) is wrong then.
  OutputBuffer out({3}, 64);
  ExpectFails(out, ARGMIN_ERROR_BAD_OUTPUT, Opts(1, true));
  // Axis none wants 0-d, or (1, 1) with keepdims.
  OutputBuffer one({1}, 64);
  ExpectFails(one, ARGMIN_ERROR_BAD_OUTPUT, Opts());
  OutputBuffer zero_d({}, 64);
  ExpectFails(zero_d, ARGMIN_ERROR_BAD_OUTPUT, Opts(std::nullopt, true));
}

TEST_F(BadOutputTest, NonCompactStrides) {
  // Outputs of (d0, d1, 2) inputs reduced along axis 2, with strides that
  // are wrong in one dimension or both; extents of 2 too, the smallest that
  // is ever stepped over.
  struct Case {
    std::vector<int64_t> shape, strides;
  };
  for (const Case& c : std::vector<Case>{{{3, 4}, {1, 3}},
                                         {{3, 4}, {4, 2}},
                                         {{3, 4}, {8, 1}},
                                         {{3, 4}, {-4, 1}},
                                         {{3, 4}, {0, 1}},
                                         {{3, 4}, {4, -1}},
                                         {{2, 3}, {6, 1}},
                                         {{2, 3}, {-3, 1}},
                                         {{3, 2}, {2, 2}},
                                         {{2, 2}, {1, 2}}}) {
    SCOPED_TRACE(ShapeString(c.shape) + " strides " + ShapeString(c.strides));
    const TestTensor t(DType("float32"), {c.shape[0], c.shape[1], 2},
                       std::nullopt, 0);
    const DLTensor in = t.View();
    const argmin_options along = Opts(2);
    OutputBuffer out(c.shape, 64, true);
    out.strides() = c.strides;
    out.tensor()->strides = out.strides().data();
    EXPECT_EQ(argmin_compute(&in, &along, out.tensor()),
              ARGMIN_ERROR_BAD_OUTPUT);
    EXPECT_TRUE(out.Untouched());
  }
}

TEST_F(BadOutputTest, AnyStrideIsFineForExtentOne) {
  // Output (3, 1, 4) of a (3, 5, 4) input with keepdims: the middle stride
  // is irrelevant, the others must be compact.
  std::mt19937_64 rng(41);
  const DTypeCase& dt = DType("float32");
  TestTensor t(dt, {3, 5, 4}, std::nullopt, 0);
  for (int64_t i = 0; i < t.numel(); ++i) {
    t.Set(i, RandomBits(dt, Values::kPool, rng));
  }
  const DLTensor in = t.View();
  const argmin_options o = Opts(1, true);
  argmin_status st;
  const std::vector<int64_t> want = oracle::Argmin(in, o, &st);
  ASSERT_EQ(st, ARGMIN_OK);
  for (int64_t middle : {int64_t{0}, int64_t{-9}, int64_t{4}, int64_t{12345},
                         std::numeric_limits<int64_t>::min()}) {
    OutputBuffer out({3, 1, 4}, 64, true);
    out.strides() = {4, middle, 1};
    out.tensor()->strides = out.strides().data();
    ASSERT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK) << middle;
    for (int64_t i = 0; i < 12; ++i) EXPECT_EQ(out.Get(i), want[i]) << middle;
  }
  // Axis none with keepdims: every output extent is 1, any strides.
  const argmin_options none = Opts(std::nullopt, true);
  const std::vector<int64_t> want_none = oracle::Argmin(in, none, &st);
  OutputBuffer out({1, 1, 1}, 32, true);
  out.strides() = {7, -3, 0};
  out.tensor()->strides = out.strides().data();
  ASSERT_EQ(argmin_compute(&in, &none, out.tensor()), ARGMIN_OK);
  EXPECT_EQ(out.Get(0), want_none[0]);
  EXPECT_TRUE(out.TailUntouched(1));
}

TEST_F(BadOutputTest, NullPointers) {
  const argmin_options o = Opts(1);
  EXPECT_EQ(argmin_compute(&in_, &o, nullptr), ARGMIN_ERROR_NULL_POINTER);
  OutputBuffer no_shape({3}, 64);
  no_shape.tensor()->shape = nullptr;
  ExpectFails(no_shape, ARGMIN_ERROR_NULL_POINTER, o);
  OutputBuffer no_data({3}, 64);
  no_data.tensor()->data = nullptr;
  EXPECT_EQ(argmin_compute(&in_, &o, no_data.tensor()),
            ARGMIN_ERROR_NULL_POINTER);
  OutputBuffer no_data_0d({}, 64);
  no_data_0d.tensor()->data = nullptr;
  const argmin_options none = Opts();
  EXPECT_EQ(argmin_compute(&in_, &none, no_data_0d.tensor()),
            ARGMIN_ERROR_NULL_POINTER);
}

TEST_F(BadOutputTest, NotOnTheCpu) {
  const argmin_options o = Opts(1);
  for (DLDeviceType device : {kDLCUDA, kDLCUDAHost, kDLOpenCL, kDLVulkan,
                              kDLMetal, kDLROCM, kDLExtDev}) {
    OutputBuffer out({3}, 64);
    out.tensor()->device = {device, 0};
    ExpectFails(out, ARGMIN_ERROR_UNSUPPORTED_DEVICE, o);
  }
}

TEST_F(BadOutputTest, OutputByteOffsetIsHonoured) {
  // DLPack: the first element of any tensor is at data + byte_offset.
  const argmin_options o = Opts(1);
  argmin_status st;
  const std::vector<int64_t> want = oracle::Argmin(in_, o, &st);
  ASSERT_EQ(st, ARGMIN_OK);
  for (int bits : {64, 32}) {
    OutputBuffer out({3}, bits);
    const uint64_t offset = 2 * (bits / 8);
    out.tensor()->byte_offset = offset;
    ASSERT_EQ(argmin_compute(&in_, &o, out.tensor()), ARGMIN_OK);
    EXPECT_TRUE(out.SentinelIn(0, offset)) << "written before byte_offset";
    for (int64_t i = 0; i < 3; ++i) EXPECT_EQ(out.Get(i, offset), want[i]);
    EXPECT_TRUE(out.TailUntouched(3, offset));
  }
}

// ---------------------------------------------------------------------------
// Bad inputs and options.

class BadInputTest : public ::testing::Test {
 protected:
  BadInputTest() {
    in_.data = data_;
    in_.device = {kDLCPU, 0};
    in_.ndim = 2;
    in_.dtype = MakeDType(kDLFloat, 32);
    in_.shape = shape_;
    in_.strides = nullptr;
  }
  float data_[6] = {3, 1, 2, 0, 5, 4};
  int64_t shape_[2] = {2, 3};
  DLTensor in_{};
};

TEST_F(BadInputTest, TheFixtureIsValid) {
  const argmin_options o = Opts(1);
  OutputBuffer out({2}, 64);
  ASSERT_EQ(argmin_compute(&in_, &o, out.tensor()), ARGMIN_OK);
  argmin_status st;
  EXPECT_EQ(oracle::Argmin(in_, o, &st),
            (std::vector<int64_t>{out.Get(0), out.Get(1)}));
}

TEST_F(BadInputTest, NullPointers) {
  const argmin_options o = Opts(1);
  ExpectRawError(nullptr, &o, ARGMIN_ERROR_NULL_POINTER, {2});
  ExpectRawError(&in_, nullptr, ARGMIN_ERROR_NULL_POINTER, {2});
  DLTensor no_shape = in_;
  no_shape.shape = nullptr;
  ExpectRawError(&no_shape, &o, ARGMIN_ERROR_NULL_POINTER, {2});
  DLTensor no_data = in_;
  no_data.data = nullptr;
  ExpectRawError(&no_data, &o, ARGMIN_ERROR_NULL_POINTER, {2}, true);
  // A 0-d tensor has one element, so it needs data.
  DLTensor scalar = in_;
  scalar.ndim = 0;
  scalar.data = nullptr;
  const argmin_options none = Opts();
  ExpectRawError(&scalar, &none, ARGMIN_ERROR_NULL_POINTER, {}, true);
  // data NULL but byte_offset nonzero is still no data.
  no_data.byte_offset = 16;
  ExpectRawError(&no_data, &o, ARGMIN_ERROR_NULL_POINTER, {2}, true);
  int32_t ndim;
  EXPECT_EQ(argmin_output_shape(&in_, &o, nullptr, nullptr),
            ARGMIN_ERROR_NULL_POINTER);
  EXPECT_EQ(argmin_output_shape(&in_, &o, &ndim, nullptr), ARGMIN_OK);
}

TEST_F(BadInputTest, BadShapes) {
  const argmin_options o = Opts();
  DLTensor t = in_;
  t.ndim = -1;
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  t.ndim = ARGMIN_MAX_NDIM + 1;
  int64_t ones[ARGMIN_MAX_NDIM + 1];
  std::fill(ones, ones + ARGMIN_MAX_NDIM + 1, 1);
  t.shape = ones;
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  t.ndim = std::numeric_limits<int32_t>::min();
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  // The same ones at the limit are fine.
  t.ndim = ARGMIN_MAX_NDIM;
  OutputBuffer out({}, 64);
  EXPECT_EQ(argmin_compute(&t, &o, out.tensor()), ARGMIN_OK);
  EXPECT_EQ(out.Get(0), 0);

  for (int64_t bad : {int64_t{-1}, std::numeric_limits<int64_t>::min()}) {
    int64_t shape[2] = {2, bad};
    t = in_;
    t.shape = shape;
    ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
    // Even where the other extent is 0, a negative one is wrong.
    shape[0] = 0;
    ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  }
}

TEST_F(BadInputTest, ElementCountOverflow) {
  const argmin_options o = Opts();
  // 2^32 * 2^32 = 2^64 elements; zero strides so no memory could be read.
  int64_t shape[2] = {int64_t{1} << 32, int64_t{1} << 32};
  int64_t strides[2] = {0, 0};
  DLTensor t = in_;
  t.shape = shape;
  t.strides = strides;
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  int64_t shape3[3] = {3, std::numeric_limits<int64_t>::max() / 2, 1};
  int64_t strides3[3] = {0, 0, 0};
  t.ndim = 3;
  t.shape = shape3;
  t.strides = strides3;
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  const argmin_options along = Opts(0);
  ExpectRawError(&t, &along, ARGMIN_ERROR_BAD_SHAPE,
                 {std::numeric_limits<int64_t>::max() / 2, 1});
}

TEST_F(BadInputTest, ByteExtentOverflow) {
  // 2^40 elements 2^40 apart: the last one's byte offset needs 82 bits.
  const argmin_options o = Opts();
  int64_t shape[1] = {int64_t{1} << 40};
  int64_t strides[1] = {int64_t{1} << 40};
  DLTensor t = in_;
  t.ndim = 1;
  t.shape = shape;
  t.strides = strides;
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  strides[0] = -(int64_t{1} << 40);
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  // float64, 2^61 elements 1 apart: 2^64 bytes.
  shape[0] = int64_t{1} << 61;
  strides[0] = 1;
  t.dtype = MakeDType(kDLFloat, 64);
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
}

TEST_F(BadInputTest, UnsupportedDtypes) {
  const argmin_options o = Opts(1);
  for (DLDataType dtype :
       {MakeDType(kDLFloat, 8), MakeDType(kDLFloat, 128),
        MakeDType(kDLFloat, 32, 2), MakeDType(kDLFloat, 32, 4),
        MakeDType(kDLFloat, 32, 0), MakeDType(kDLInt, 128),
        MakeDType(kDLInt, 1), MakeDType(kDLInt, 24), MakeDType(kDLUInt, 4),
        MakeDType(kDLUInt, 128), MakeDType(kDLBfloat, 32),
        MakeDType(kDLBfloat, 8), MakeDType(kDLComplex, 64),
        MakeDType(kDLOpaqueHandle, 64), MakeDType(ARGMIN_DL_BOOL, 1),
        MakeDType(ARGMIN_DL_BOOL, 16), MakeDType(ARGMIN_DL_BOOL, 8, 2),
        MakeDType(7, 32), MakeDType(255, 8)}) {
    SCOPED_TRACE(std::to_string(dtype.code) + "/" + std::to_string(dtype.bits) +
                 "/" + std::to_string(dtype.lanes));
    DLTensor t = in_;
    t.dtype = dtype;
    ExpectRawError(&t, &o, ARGMIN_ERROR_UNSUPPORTED_DTYPE, {2});
  }
}

TEST_F(BadInputTest, UnsupportedDevices) {
  const argmin_options o = Opts(1);
  for (DLDeviceType device :
       {kDLCUDA, kDLCUDAHost, kDLOpenCL, kDLVulkan, kDLMetal, kDLVPI, kDLROCM,
        kDLROCMHost, kDLExtDev, kDLCUDAManaged}) {
    DLTensor t = in_;
    t.device = {device, 0};
    ExpectRawError(&t, &o, ARGMIN_ERROR_UNSUPPORTED_DEVICE, {2});
  }
}

TEST_F(BadInputTest, BadOptions) {
  for (int32_t bad : {3, -1, 100, std::numeric_limits<int32_t>::min()}) {
    argmin_options o = Opts(1);
    o.nan_policy = bad;
    ExpectRawError(&in_, &o, ARGMIN_ERROR_BAD_OPTION, {2});
    o = Opts(1);
    o.tie_policy = bad == 3 ? 2 : bad;
    ExpectRawError(&in_, &o, ARGMIN_ERROR_BAD_OPTION, {2});
  }
  for (int32_t bad : {-1, -8, std::numeric_limits<int32_t>::min()}) {
    argmin_options o = Opts(1);
    o.num_threads = bad;
    ExpectRawError(&in_, &o, ARGMIN_ERROR_BAD_OPTION, {2});
  }
  // nan_policy is checked even for integers, where it has no effect.
  DLTensor ints = in_;
  int32_t data[6] = {3, 1, 2, 0, 5, 4};
  ints.data = data;
  ints.dtype = MakeDType(kDLInt, 32);
  argmin_options o = Opts(1);
  o.nan_policy = 3;
  ExpectRawError(&ints, &o, ARGMIN_ERROR_BAD_OPTION, {2});
}

// ---------------------------------------------------------------------------
// Threads.

TEST(ThreadsTest, ThreadCountsAgreeOnLargeInputs) {
  // Large enough to be split between threads; equal minima in different
  // parts, so that merging the parts must respect the tie policy.
  std::mt19937_64 rng(43);
  const std::vector<std::vector<int64_t>> shapes = {
      {(1 << 18) + 3}, {256, 1031}, {1031, 256}, {100003, 3}, {3, 100003}};
  for (const char* name : {"float32", "int8", "uint16", "float16", "bool"}) {
    const DTypeCase& dt = DType(name);
    for (const std::vector<int64_t>& shape : shapes) {
      SCOPED_TRACE(std::string(name) + " " + ShapeString(shape));
      TestTensor t(dt, shape, std::nullopt, PoisonBits(dt, rng));
      const uint64_t low = ValuePool(dt)[0];
      for (int64_t i = 0; i < t.numel(); ++i) {
        t.Set(i,
              rng() % 97 == 0 ? low : RandomBits(dt, Values::kPoolNoNan, rng));
      }
      for (int32_t threads : {1, 3, 0}) {
        for (int32_t ties : {ARGMIN_TIES_FIRST, ARGMIN_TIES_LAST}) {
          const int64_t last = static_cast<int64_t>(shape.size()) - 1;
          for (std::optional<int64_t> axis :
               {std::optional<int64_t>(), std::optional<int64_t>(0),
                std::optional<int64_t>(last)}) {
            if (!CheckAgainstOracle(
                    t, Opts(axis, false, ARGMIN_NAN_PROPAGATE, ties, threads),
                    false)) {
              return;
            }
          }
        }
      }
    }
  }
}

TEST(ThreadsTest, AllNanRowAmongManyLeavesOutputUntouched) {
  // One all-NaN row among many, under NaN ignore and several threads: the
  // call fails and must not have written the other rows' results.
  const DTypeCase& dt = DType("float32");
  std::mt19937_64 rng(47);
  TestTensor t(dt, {4096, 64}, std::nullopt, 0);
  for (int64_t i = 0; i < t.numel(); ++i) {
    t.Set(i, RandomBits(dt, Values::kPoolNoNan, rng));
  }
  for (int64_t j = 0; j < 64; ++j) t.Set(3000 * 64 + j, NanPool(dt)[0]);
  for (int32_t threads : {1, 2, 0}) {
    ExpectComputeError(t, Opts(1, false, ARGMIN_NAN_IGNORE, 0, threads),
                       ARGMIN_ERROR_ALL_NAN, {4096});
  }
}

// ---------------------------------------------------------------------------
// Random tensors against the oracle, on the default target.

class DTypeTest : public ::testing::TestWithParam<DTypeCase> {};

TEST_P(DTypeTest, RandomSmallTensors) {
  EXPECT_TRUE(RunRandomSmall(
      GetParam(), 1000 + GetParam().dtype.code * 64 + GetParam().dtype.bits,
      400));
}

TEST_P(DTypeTest, RandomMediumTensors) {
  EXPECT_TRUE(RunRandomMedium(
      GetParam(), 2000 + GetParam().dtype.code * 64 + GetParam().dtype.bits,
      60));
}

TEST_P(DTypeTest, LayoutsAndThreadCounts) {
  EXPECT_TRUE(RunLayoutsAndThreads(
      GetParam(), 7000 + GetParam().dtype.code * 64 + GetParam().dtype.bits,
      120));
}

TEST_P(DTypeTest, MinimumAtEveryPosition) {
  EXPECT_TRUE(RunPositionSweep(GetParam(), 3000 + GetParam().dtype.bits));
}

INSTANTIATE_TEST_SUITE_P(AllDTypes, DTypeTest, ::testing::ValuesIn(AllDTypes()),
                         [](const ::testing::TestParamInfo<DTypeCase>& info) {
                           return std::string(info.param.name);
                         });

// ---------------------------------------------------------------------------
// SIMD targets.

TEST(TargetTest, NameIsNonEmptyAndTheBestByDefault) {
  TargetRestorer restore;
  ASSERT_EQ(argmin_force_target(nullptr), ARGMIN_OK);
  const char* name = argmin_target_name();
  ASSERT_NE(name, nullptr);
  EXPECT_GT(std::strlen(name), 0u);
  ASSERT_FALSE(SupportedTargetNames().empty());
  EXPECT_EQ(std::string(name), SupportedTargetNames()[0]);
  EXPECT_STREQ(TargetName(), name);
}

TEST(TargetTest, EmptyOrNullRestoresTheBest) {
  TargetRestorer restore;
  const std::vector<std::string>& names = SupportedTargetNames();
  const std::string best = names[0];
  const std::string worst = names.back();
  ASSERT_EQ(argmin_force_target(worst.c_str()), ARGMIN_OK);
  EXPECT_EQ(std::string(argmin_target_name()), worst);
  EXPECT_EQ(argmin_force_target(""), ARGMIN_OK);
  EXPECT_EQ(std::string(argmin_target_name()), best);
  ASSERT_EQ(argmin_force_target(worst.c_str()), ARGMIN_OK);
  EXPECT_EQ(argmin_force_target(nullptr), ARGMIN_OK);
  EXPECT_EQ(std::string(argmin_target_name()), best);
}

TEST(TargetTest, UnknownNamesFailAndChangeNothing) {
  TargetRestorer restore;
  const std::vector<std::string>& names = SupportedTargetNames();
  ASSERT_EQ(argmin_force_target(names.back().c_str()), ARGMIN_OK);
  for (const char* bogus :
       {"NOT_A_TARGET", "AVX9", " ", "Unknown", "AVX2 ", "EMU128x"}) {
    EXPECT_EQ(argmin_force_target(bogus), ARGMIN_ERROR_UNKNOWN_TARGET) << bogus;
    EXPECT_EQ(std::string(argmin_target_name()), names.back()) << bogus;
  }
}

TEST(TargetTest, CompiledButUnsupportedTargetsFail) {
  TargetRestorer restore;
  ASSERT_EQ(argmin_force_target(nullptr), ARGMIN_OK);
  const std::string before = argmin_target_name();
  const int64_t unsupported = HWY_TARGETS & ~hwy::SupportedTargets();
  int tried = 0;
  for (int64_t rest = unsupported; rest != 0; rest &= rest - 1) {
    const char* name = hwy::TargetName(rest & -rest);
    if (std::string(name) == "Unknown") continue;
    ++tried;
    EXPECT_EQ(argmin_force_target(name), ARGMIN_ERROR_UNKNOWN_TARGET) << name;
    EXPECT_EQ(std::string(argmin_target_name()), before) << name;
  }
  if (tried == 0) GTEST_SKIP() << "this CPU supports every compiled target";
}

class PerTargetTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PerTargetTest, ForcedTargetIsReportedAndAgreesWithTheOracle) {
  TargetRestorer restore;
  ASSERT_EQ(argmin_force_target(GetParam().c_str()), ARGMIN_OK);
  ASSERT_EQ(std::string(argmin_target_name()), GetParam());
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(std::string(dt.name) + " on " + GetParam());
    const uint64_t seed = 5000 + dt.dtype.code * 64 + dt.dtype.bits;
    EXPECT_TRUE(RunRandomSmall(dt, seed, 150));
    EXPECT_TRUE(RunRandomMedium(dt, seed, 25));
    EXPECT_TRUE(RunPositionSweep(dt, seed));
    EXPECT_TRUE(RunLayoutsAndThreads(dt, seed, 30));
    EXPECT_EQ(std::string(argmin_target_name()), GetParam());
  }
}

INSTANTIATE_TEST_SUITE_P(SupportedTargets, PerTargetTest,
                         ::testing::ValuesIn(SupportedTargetNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// ---------------------------------------------------------------------------
// The C++ wrapper.

template <typename T>
void CheckWrapperOverload(const DTypeCase& dt, uint64_t seed) {
  SCOPED_TRACE(dt.name);
  std::mt19937_64 rng(seed);
  for (size_t n : {1, 2, 7, 16, 33, 100, 1000}) {
    // Not std::vector<T>: std::vector<bool> has no data().
    std::unique_ptr<T[]> storage(new T[n]);
    T* data = storage.get();
    std::vector<uint64_t> bits(n);
    for (size_t i = 0; i < n; ++i) {
      bits[i] = RandomBits(dt, Values::kPool, rng);
      if (IsBool(dt)) bits[i] = bits[i] != 0;  // a C++ bool is 0 or 1
      std::memcpy(&data[i], &bits[i], sizeof(T));
    }
    const TestTensor t = FromBits(dt, {static_cast<int64_t>(n)}, bits);
    for (Ties ties : {Ties::kFirst, Ties::kLast}) {
      for (NanPolicy nan : {NanPolicy::kPropagate, NanPolicy::kIgnore}) {
        const argmin_options o =
            Opts(std::nullopt, false, static_cast<int32_t>(nan),
                 static_cast<int32_t>(ties));
        argmin_status want_status;
        const std::vector<int64_t> want =
            oracle::Argmin(t.View(), o, &want_status);
        if (want_status == ARGMIN_OK) {
          EXPECT_EQ(argmin::argmin(data, n, nan, ties), want[0]);
          if (nan == NanPolicy::kIgnore) {
            EXPECT_EQ(argmin::nanargmin(data, n, ties), want[0]);
          }
        } else {
          try {
            argmin::argmin(data, n, nan, ties);
            ADD_FAILURE() << "no exception; want status " << want_status;
          } catch (const Error& e) {
            EXPECT_EQ(e.status(), want_status);
          }
        }
      }
    }
    // The defaults are torch's: NaN propagates, first minimum.
    argmin_status st;
    EXPECT_EQ(argmin::argmin(data, n),
              oracle::Argmin(t.View(), Opts(), &st)[0]);
  }
  // No elements, and no data.
  const T one[1] = {};
  try {
    argmin::argmin(one, 0);
    ADD_FAILURE() << "n == 0 did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), ARGMIN_ERROR_EMPTY_REDUCTION);
    EXPECT_STREQ(e.what(), "argmin of an empty sequence: n is 0");
  }
  try {
    argmin::argmin(static_cast<const T*>(nullptr), 4);
    ADD_FAILURE() << "null data did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), ARGMIN_ERROR_NULL_POINTER);
  }
}

TEST(WrapperTest, EveryOverload) {
  CheckWrapperOverload<float16>(DType("float16"), 1);
  CheckWrapperOverload<bfloat16>(DType("bfloat16"), 2);
  CheckWrapperOverload<float>(DType("float32"), 3);
  CheckWrapperOverload<double>(DType("float64"), 4);
  CheckWrapperOverload<int8_t>(DType("int8"), 5);
  CheckWrapperOverload<int16_t>(DType("int16"), 6);
  CheckWrapperOverload<int32_t>(DType("int32"), 7);
  CheckWrapperOverload<int64_t>(DType("int64"), 8);
  CheckWrapperOverload<uint8_t>(DType("uint8"), 9);
  CheckWrapperOverload<uint16_t>(DType("uint16"), 10);
  CheckWrapperOverload<uint32_t>(DType("uint32"), 11);
  CheckWrapperOverload<uint64_t>(DType("uint64"), 12);
  CheckWrapperOverload<bool>(DType("bool"), 13);
}

TEST(WrapperTest, NanArgminAndAllNan) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float data[4] = {nan, 2.0f, 1.0f, 1.0f};
  EXPECT_EQ(argmin::argmin(data, 4), 0);
  EXPECT_EQ(argmin::nanargmin(data, 4), 2);
  EXPECT_EQ(argmin::nanargmin(data, 4, Ties::kLast), 3);
  EXPECT_EQ(argmin::argmin(data, 4, NanPolicy::kPropagate, Ties::kLast), 0);
  const double all_nan[3] = {std::nan(""), std::nan(""), -std::nan("")};
  try {
    argmin::nanargmin(all_nan, 3);
    ADD_FAILURE() << "all-NaN did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), ARGMIN_ERROR_ALL_NAN);
    EXPECT_STREQ(e.what(), argmin_last_error());
    EXPECT_EQ(std::string(e.what()).rfind("argmin: all-NaN slice", 0), 0u)
        << e.what();
  }
  // Error is a std::runtime_error, for callers that catch those.
  EXPECT_THROW(argmin::nanargmin(all_nan, 3), std::runtime_error);
}

TEST(WrapperTest, OptionsToCMatchesTheCDefaults) {
  const argmin_options c = Options{}.ToC();
  const argmin_options d = argmin_default_options();
  EXPECT_EQ(c.has_axis, d.has_axis);
  EXPECT_EQ(c.axis, d.axis);
  EXPECT_EQ(c.keepdims, d.keepdims);
  EXPECT_EQ(c.nan_policy, d.nan_policy);
  EXPECT_EQ(c.tie_policy, d.tie_policy);
  EXPECT_EQ(c.num_threads, d.num_threads);
  Options o;
  o.axis = -2;
  o.keepdims = true;
  o.nan = NanPolicy::kIgnore;
  o.ties = Ties::kLast;
  o.num_threads = 3;
  const argmin_options e = o.ToC();
  EXPECT_EQ(e.has_axis, 1);
  EXPECT_EQ(e.axis, -2);
  EXPECT_EQ(e.keepdims, 1);
  EXPECT_EQ(e.nan_policy, ARGMIN_NAN_IGNORE);
  EXPECT_EQ(e.tie_policy, ARGMIN_TIES_LAST);
  EXPECT_EQ(e.num_threads, 3);
}

TEST(WrapperTest, OutputShapeAndGeneralCall) {
  std::mt19937_64 rng(53);
  const DTypeCase& dt = DType("int32");
  TestTensor t(dt, {4, 5, 6}, std::vector<int64_t>{1, -24, 4}, 0, 2);
  for (int64_t i = 0; i < t.numel(); ++i) {
    t.Set(i, RandomBits(dt, Values::kPool, rng));
  }
  const DLTensor in = t.View();
  Options o;
  o.axis = -2;
  o.keepdims = true;
  EXPECT_EQ(OutputShape(in, o), (std::vector<int64_t>{4, 1, 6}));
  EXPECT_EQ(OutputShape(in), (std::vector<int64_t>{}));
  o.axis = 3;
  try {
    OutputShape(in, o);
    ADD_FAILURE() << "axis 3 of 3 did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), ARGMIN_ERROR_BAD_AXIS);
  }

  o.axis = 1;
  o.ties = Ties::kLast;
  const std::vector<int64_t> shape = OutputShape(in, o);
  OutputBuffer out(shape, 32);
  argmin::argmin(in, o, *out.tensor());
  argmin_status st;
  const std::vector<int64_t> want = oracle::Argmin(in, o.ToC(), &st);
  ASSERT_EQ(st, ARGMIN_OK);
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(out.Get(static_cast<int64_t>(i)), want[i]);
  }

  OutputBuffer wrong({4, 5}, 64);
  try {
    argmin::argmin(in, o, *wrong.tensor());
    ADD_FAILURE() << "a wrong output shape did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), ARGMIN_ERROR_BAD_OUTPUT);
  }
  EXPECT_TRUE(wrong.Untouched());
  EXPECT_STREQ(TargetName(), argmin_target_name());
}

}  // namespace
}  // namespace argmin

namespace argmin {
namespace {

// Returns argmin_compute's status and index for the 1-D tensor `t`, axis none.
std::pair<argmin_status, int64_t> ComputeAxisNone(const TestTensor& t,
                                                  argmin_options o) {
  o.has_axis = 0;
  o.keepdims = 0;
  const DLTensor in = t.View();
  int64_t index = -1;
  DLTensor out{};
  out.data = &index;
  out.device = {kDLCPU, 0};
  out.ndim = 0;
  out.dtype = MakeDType(kDLInt, 64);
  const argmin_status status = argmin_compute(&in, &o, &out);
  return {status, index};
}

TEST(ContiguousEntryTest, AgreesWithTheGeneralCall) {
  // The 1-D entry point skips the planner; it must give the general call's
  // status and index for every dtype, length and policy, NaN-heavy data too.
  std::mt19937_64 rng(2024);
  for (const DTypeCase& dt : AllDTypes()) {
    for (int64_t n : {1, 2, 7, 33, 64, 65, 1000, 4099}) {
      for (Values mode : {Values::kPool, Values::kWide, Values::kMostlyNan}) {
        TestTensor t(dt, {n}, std::nullopt, PoisonBits(dt, rng));
        for (int64_t i = 0; i < n; ++i) t.Set(i, RandomBits(dt, mode, rng));
        const DLTensor view = t.View();
        const void* data =
            static_cast<const unsigned char*>(view.data) + view.byte_offset;
        for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
          for (int32_t ties : {ARGMIN_TIES_FIRST, ARGMIN_TIES_LAST}) {
            const argmin_options o = Opts(std::nullopt, false, nan, ties);
            const auto expected = ComputeAxisNone(t, o);
            int64_t index = -7;
            const argmin_status status =
                argmin_contiguous(data, dt.dtype, n, &o, &index);
            ASSERT_EQ(expected.first, status) << dt.name << " n=" << n;
            ASSERT_EQ(status == ARGMIN_OK ? expected.second : -7, index)
                << dt.name << " n=" << n << " nan=" << nan << " ties=" << ties;
          }
        }
      }
    }
  }
}

TEST(ContiguousEntryTest, BadArgumentsLeaveTheIndexUntouched) {
  const float data[3] = {2.0f, 1.0f, 3.0f};
  const float nans[2] = {std::nanf(""), std::nanf("")};
  const DLDataType f32 = MakeDType(kDLFloat, 32);
  const argmin_options good = Opts();
  argmin_options bad_nan = Opts();
  bad_nan.nan_policy = 9;
  argmin_options bad_threads = Opts();
  bad_threads.num_threads = -1;
  const argmin_options ignore = Opts(std::nullopt, false, ARGMIN_NAN_IGNORE);
  struct Case {
    const void* data;
    DLDataType dtype;
    int64_t n;
    const argmin_options* options;
    argmin_status expected;
  };
  const Case cases[] = {
      {nullptr, f32, 3, &good, ARGMIN_ERROR_NULL_POINTER},
      {data, f32, 3, nullptr, ARGMIN_ERROR_NULL_POINTER},
      {data, MakeDType(kDLComplex, 64), 3, &good,
       ARGMIN_ERROR_UNSUPPORTED_DTYPE},
      {data, MakeDType(kDLFloat, 32, 4), 3, &good,
       ARGMIN_ERROR_UNSUPPORTED_DTYPE},
      {data, f32, -1, &good, ARGMIN_ERROR_BAD_SHAPE},
      {data, f32, INT64_MAX / 2, &good, ARGMIN_ERROR_BAD_SHAPE},
      {data, f32, 0, &good, ARGMIN_ERROR_EMPTY_REDUCTION},
      {nullptr, f32, 0, &good, ARGMIN_ERROR_EMPTY_REDUCTION},
      {data, f32, 3, &bad_nan, ARGMIN_ERROR_BAD_OPTION},
      {data, f32, 3, &bad_threads, ARGMIN_ERROR_BAD_OPTION},
      {nans, f32, 2, &ignore, ARGMIN_ERROR_ALL_NAN},
  };
  for (const Case& c : cases) {
    int64_t index = -7;
    EXPECT_EQ(c.expected,
              argmin_contiguous(c.data, c.dtype, c.n, c.options, &index));
    EXPECT_EQ(-7, index);
  }
  EXPECT_EQ(ARGMIN_ERROR_NULL_POINTER,
            argmin_contiguous(data, f32, 3, &good, nullptr));
  int64_t index = -7;
  EXPECT_EQ(ARGMIN_OK, argmin_contiguous(data, f32, 3, &good, &index));
  EXPECT_EQ(1, index);
}

}  // namespace
}  // namespace argmin
