// Order-preserving integer keys: how the fast paths compare elements.
//
// Every dtype is compared through a signed or unsigned integer "key" of the
// same width, chosen so that integer order is argmin's order: floats map their
// sign-magnitude bits to two's complement (so -0.0 and +0.0 both become 0),
// and NaN maps to the key that wins (NaN propagates) or loses (NaN is
// ignored): the smallest or the largest, by the order (OrderMin or OrderMax,
// below) the op looks for. Ties and NaN-equals-NaN then fall out of plain
// integer equality, and one integer kernel serves every dtype and both
// orders. No real number maps to either extreme key of a float type, which is
// what makes both NaN policies exact.
#ifndef ARGMIN_KERNELS_KEYS_H_
#define ARGMIN_KERNELS_KEYS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "argmin/argmin.hpp"  // the public types the dtype list names

namespace argmin {
namespace internal {

// The dtype list, written once: X(Name, DLPack type code, bits, C++ type of
// the public API, name) for each dtype of a group, where DType::k##Name and
// Name##Keys (below) describe it. Dispatch, the tests and the benchmarks all
// iterate these lists, so no dtype goes unbuilt, untested or unmeasured.
#define ARGMIN_FOREACH_FLOAT_DTYPE(X)                        \
  X(Float16, kDLFloat, 16, ::argmin::float16, "float16")     \
  X(BFloat16, kDLBfloat, 16, ::argmin::bfloat16, "bfloat16") \
  X(Float32, kDLFloat, 32, float, "float32")                 \
  X(Float64, kDLFloat, 64, double, "float64")
#define ARGMIN_FOREACH_INT_DTYPE(X)      \
  X(Int8, kDLInt, 8, int8_t, "int8")     \
  X(Int16, kDLInt, 16, int16_t, "int16") \
  X(Int32, kDLInt, 32, int32_t, "int32") \
  X(Int64, kDLInt, 64, int64_t, "int64")
#define ARGMIN_FOREACH_UINT_DTYPE(X)         \
  X(UInt8, kDLUInt, 8, uint8_t, "uint8")     \
  X(UInt16, kDLUInt, 16, uint16_t, "uint16") \
  X(UInt32, kDLUInt, 32, uint32_t, "uint32") \
  X(UInt64, kDLUInt, 64, uint64_t, "uint64") \
  X(Bool, ARGMIN_DL_BOOL, 8, bool, "bool")
#define ARGMIN_FOREACH_DTYPE(X) \
  ARGMIN_FOREACH_FLOAT_DTYPE(X) \
  ARGMIN_FOREACH_INT_DTYPE(X)   \
  ARGMIN_FOREACH_UINT_DTYPE(X)

// The dtypes the library supports, from the list above.
enum class DType : int {
#define ARGMIN_DTYPE_ENUMERATOR(Name, code, bits, type, name) k##Name,
  ARGMIN_FOREACH_DTYPE(ARGMIN_DTYPE_ENUMERATOR)
#undef ARGMIN_DTYPE_ENUMERATOR
};

// Kernel flags; zero is torch's default (NaN propagates, first index wins).
inline constexpr uint32_t kIgnoreNaN = 1;
inline constexpr uint32_t kLastIndex = 2;

// What a kernel returns for a slice that holds only NaNs under kIgnoreNaN.
inline constexpr int64_t kAllNaN = -1;

enum class KeyKind { kSigned, kUnsigned, kFloat, kBool };

// Describes how elements of one dtype become keys of lane type `Key`.
// kMagnitudeMask and kInfBits apply to floats (bits of the magnitude and of
// +infinity); a float is NaN exactly when its magnitude exceeds kInfBits.
// `NativeFloatT` is float or double for the dtypes whose contiguous kernel
// compares native floating-point lanes instead of keys (void for the others).
template <typename KeyT, KeyKind kKindV, uint64_t kInfBitsV = 0,
          typename NativeFloatT = void>
struct KeyTraits {
  using Key = KeyT;
  using NativeFloat = NativeFloatT;
  static constexpr bool kNativeFloat = !std::is_void_v<NativeFloatT>;
  static constexpr KeyKind kKind = kKindV;
  static constexpr bool kIsFloat = kKindV == KeyKind::kFloat;
  static constexpr Key kMagnitudeMask = std::numeric_limits<Key>::max();
  static constexpr Key kInfBits = static_cast<Key>(kInfBitsV);
  static constexpr Key kLowest = std::numeric_limits<Key>::lowest();
  static constexpr Key kHighest = std::numeric_limits<Key>::max();

  // Returns the key that NaNs take under `flags` when `Order` picks the
  // winner (only meaningful for floats): the best key when NaN propagates,
  // the worst when it is ignored.
  template <class Order>
  static constexpr Key NaNKey(uint32_t flags) {
    return (flags & kIgnoreNaN) ? Order::template Worst<Key>()
                                : Order::template Best<Key>();
  }

  // Returns whether `best`, the winning key of a slice under `Order` and
  // `flags`, says that the slice held only NaNs, which only ignored NaNs can
  // give: no number has the NaN key.
  template <class Order>
  static constexpr bool AllNaN(Key best, uint32_t flags) {
    return kIsFloat && (flags & kIgnoreNaN) && best == NaNKey<Order>(flags);
  }

  // Returns whether the element whose bits are `raw` is a NaN (never, for
  // types other than floats).
  static constexpr bool IsNaN(Key raw) {
    return kIsFloat && static_cast<Key>(raw & kMagnitudeMask) > kInfBits;
  }

  // Returns the key of the element whose bits are `raw`.
  static Key KeyOf(Key raw, Key nan_key) {
    if constexpr (kKindV == KeyKind::kFloat) {
      if (IsNaN(raw)) return nan_key;
      const Key magnitude = static_cast<Key>(raw & kMagnitudeMask);
      return raw < 0 ? static_cast<Key>(-magnitude) : magnitude;
    } else if constexpr (kKindV == KeyKind::kBool) {
      return raw != 0 ? 1 : 0;
    } else {
      (void)nan_key;
      return raw;
    }
  }
};

using Float16Keys = KeyTraits<int16_t, KeyKind::kFloat, 0x7C00>;
using BFloat16Keys = KeyTraits<int16_t, KeyKind::kFloat, 0x7F80>;
using Float32Keys = KeyTraits<int32_t, KeyKind::kFloat, 0x7F800000, float>;
using Float64Keys =
    KeyTraits<int64_t, KeyKind::kFloat, 0x7FF0000000000000, double>;
using Int8Keys = KeyTraits<int8_t, KeyKind::kSigned>;
using Int16Keys = KeyTraits<int16_t, KeyKind::kSigned>;
using Int32Keys = KeyTraits<int32_t, KeyKind::kSigned>;
using Int64Keys = KeyTraits<int64_t, KeyKind::kSigned>;
using UInt8Keys = KeyTraits<uint8_t, KeyKind::kUnsigned>;
using UInt16Keys = KeyTraits<uint16_t, KeyKind::kUnsigned>;
using UInt32Keys = KeyTraits<uint32_t, KeyKind::kUnsigned>;
using UInt64Keys = KeyTraits<uint64_t, KeyKind::kUnsigned>;
using BoolKeys = KeyTraits<uint8_t, KeyKind::kBool>;

// Returns the key of the element at `p` (any alignment).
template <class Traits>
typename Traits::Key LoadKey(const void* p, typename Traits::Key nan_key) {
  typename Traits::Key raw;
  std::memcpy(&raw, p, sizeof(raw));
  return Traits::KeyOf(raw, nan_key);
}

// Which extreme an op looks for, passed to the kernels, the merges and the
// oracle's checks as a type, as Highway's vqsort passes its sort order. Keys
// sort elements ascending whatever the op; an order says which end of that
// sort wins. OrderMin gives argmin, OrderMax argmax.
struct OrderMin {
  static constexpr bool kMax = false;
  // Returns the key that beats every other.
  template <typename Key>
  static constexpr Key Best() {
    return std::numeric_limits<Key>::lowest();
  }
  // Returns the key that every other beats.
  template <typename Key>
  static constexpr Key Worst() {
    return std::numeric_limits<Key>::max();
  }
  // Returns whether key `a` strictly beats key `b`.
  template <typename Key>
  static constexpr bool Beats(Key a, Key b) {
    return a < b;
  }
};

struct OrderMax {
  static constexpr bool kMax = true;
  template <typename Key>
  static constexpr Key Best() {
    return std::numeric_limits<Key>::max();
  }
  template <typename Key>
  static constexpr Key Worst() {
    return std::numeric_limits<Key>::lowest();
  }
  template <typename Key>
  static constexpr bool Beats(Key a, Key b) {
    return b < a;
  }
};

// The op list, written once: X(Name, orders...) for each op, whose kernels
// find the extremes of those orders (OrderMin, OrderMax, above) in one pass,
// in that order. ARGMIN_FOREACH_OP_WITH(X, arg) gives X(arg, Name, orders...)
// instead, for lists nested in the dtype list. Dispatch compiles and chooses
// kernels per op and dtype from it.
#define ARGMIN_FOREACH_OP_WITH(X, arg)      \
  X(arg, Min, ::argmin::internal::OrderMin) \
  X(arg, Max, ::argmin::internal::OrderMax) \
  X(arg, MinMax, ::argmin::internal::OrderMin, ::argmin::internal::OrderMax)
// The ops, from the list above; the values are the C ABI's argmin_op.
enum class Op : int {
#define ARGMIN_OP_ENUMERATOR(unused, Name, ...) k##Name,
  ARGMIN_FOREACH_OP_WITH(ARGMIN_OP_ENUMERATOR, )
#undef ARGMIN_OP_ENUMERATOR
};

// The orders of one op (OrderMin, OrderMax, or both for argminmax), which
// kernels that find both extremes in one pass track side by side.
template <class... Orders>
struct OrderList {
  static constexpr size_t kCount = sizeof...(Orders);
  // Calls f(Order{}, i) for each order, i counting from 0. (Kernels have
  // their own, per target, which inlines into their code.)
  template <class F>
  static void ForEach(F&& f) {
    size_t i = 0;
    (f(Orders{}, i++), ...);
  }
};

// Returns whether key `a` at a later position should replace the best key `b`
// at an earlier one under `Order`: strictly better, or equal when the last
// index wins.
template <class Order, typename Key>
inline bool Replaces(Key a, Key b, bool last_index) {
  return last_index ? !Order::Beats(b, a) : Order::Beats(a, b);
}

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_KERNELS_KEYS_H_
