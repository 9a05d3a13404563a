// Order-preserving integer keys: how the fast paths compare elements.
//
// Every dtype is compared through a signed or unsigned integer "key" of the
// same width, chosen so that integer order is argmin's order: floats map their
// sign-magnitude bits to two's complement (so -0.0 and +0.0 both become 0),
// and NaN maps to the key that wins (NaN propagates) or loses (NaN is
// ignored): the smallest or the largest, by the extreme (MinExtreme or
// MaxExtreme, below) the op looks for. Ties and NaN-equals-NaN then fall out of
// plain integer equality, and one integer kernel serves every dtype and both
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
#include "argmin/vocabulary.h"

namespace argmin {
namespace internal {

// The dtypes the library supports, from the list in argmin/vocabulary.h;
// Name##Keys (below) describes each.
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

// Which extreme an op looks for, as a type, as Highway's vqsort passes its
// sort order. Keys sort elements ascending whatever the op; an extreme says
// which end of that sort wins: MinExtreme gives argmin, MaxExtreme argmax.
template <bool kMaxV>
struct Extreme {
  static constexpr bool kMax = kMaxV;
  // Returns the key that beats every other.
  template <typename Key>
  static constexpr Key Best() {
    return kMax ? std::numeric_limits<Key>::max()
                : std::numeric_limits<Key>::lowest();
  }
  // Returns the key that every other beats.
  template <typename Key>
  static constexpr Key Worst() {
    return kMax ? std::numeric_limits<Key>::lowest()
                : std::numeric_limits<Key>::max();
  }
  // Returns whether key `a` strictly beats key `b`.
  template <typename Key>
  static constexpr bool Beats(Key a, Key b) {
    return kMax ? b < a : a < b;
  }
};
using MinExtreme = Extreme<false>;
using MaxExtreme = Extreme<true>;

// The rule that picks the winning element, as one type: the extreme and the
// tie rule (the first index among equal keys, or with kLastV the last). The
// kernels (through their per-target Lanes, kernels/argmin-inl.h), the merges
// and dispatch all ask it; dispatch and the exported kernels instantiate it
// once from the call's op and flags (VisitOrders, below).
template <class ExtremeT, bool kLastV>
struct Order : ExtremeT {
  using Extreme = ExtremeT;
  static constexpr bool kLast = kLastV;

  // Returns whether key `a` at a later position should replace the best key
  // `b` at an earlier one: strictly better, or equal when the last index
  // wins.
  template <typename Key>
  static constexpr bool Replaces(Key a, Key b) {
    if constexpr (kLast) {
      return !ExtremeT::Beats(b, a);
    } else {
      return ExtremeT::Beats(a, b);
    }
  }

  // Returns whether key `a` at index `i` wins over key `b` at index `j != i`,
  // whichever came first: a total order on such candidates, so that merging
  // partial answers in any order gives the single-pass answer.
  template <typename Key>
  static constexpr bool Precedes(Key a, int64_t i, Key b, int64_t j) {
    return ExtremeT::Beats(a, b) || (a == b && (kLast ? i > j : i < j));
  }
};

// The ops (argmin/vocabulary.h's list), as the C++ interface names them.
using Op = ::argmin::Op;

// The orders of one op (one, or two for argminmax), which kernels that find
// both extremes in one pass track side by side.
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

// The extremes an op finds (OrderList<MinExtreme> and so on), from the
// columns "finds min" and "finds max" of argmin/vocabulary.h's op list.
template <bool kFindsMin, bool kFindsMax>
using ExtremesOf =
    std::conditional_t<kFindsMin && kFindsMax,
                       OrderList<MinExtreme, MaxExtreme>,
                       std::conditional_t<kFindsMin, OrderList<MinExtreme>,
                                          OrderList<MaxExtreme>>>;

// Calls f(OrderList<Order<Extremes, kLast>...>{}): the orders of the
// extremes under the tie rule of `flags`.
template <class... Extremes, class F>
void WithTies(OrderList<Extremes...>, uint32_t flags, F&& f) {
  if (flags & kLastIndex) {
    f(OrderList<Order<Extremes, true>...>{});
  } else {
    f(OrderList<Order<Extremes, false>...>{});
  }
}

// Calls f(OrderList{}) with the orders of `op` under the tie rule of `flags`:
// where a call's op and flags become types, once.
template <class F>
void VisitOrders(Op op, uint32_t flags, F&& f) {
  switch (op) {
#define ARGMIN_VISIT_OP(Name, value, name, finds_min, finds_max) \
  case Op::k##Name:                                              \
    return WithTies(ExtremesOf<finds_min, finds_max>{}, flags, f);
    ARGMIN_FOREACH_OP(ARGMIN_VISIT_OP)
#undef ARGMIN_VISIT_OP
  }
}

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_KERNELS_KEYS_H_
