// Per-target choice of the kernel for a plane of slices (Highway): M slices
// of K elements, slice m's element k at `in + m * m_stride + k * k_stride`,
// any strides. Included once per target, like argmin-inl.h, and, like its
// kernels, given the orders to find (kernels/keys.h's Order: an extreme and a
// tie rule; two of them for argminmax).
//
// Five ways through a plane, chosen by its strides, each in its own file:
// - slices that are long and contiguous go one by one to ArgContiguous
//   (argmin-inl.h);
// - back-to-back slices of 2, 3, 4 or 8 elements (and, for wide vectors of
//   32- or 64-bit lanes, of 5 to 11, 14 and 16: see TransposesRows) are
//   transposed and reduced in registers, a vector of slices at a time
//   (transposed_rows-inl.h);
// - other contiguous slices of at least 4 elements and shorter than
//   LongSlice go through the row kernels, several rows at a time, by vectors
//   of at most their length (rows-inl.h);
// - slices side by side in memory (m_stride 1: the reduced axis is not the
//   innermost) run the column kernel, which keeps a running minimum and its
//   row per lane and reads the plane row after row, at full lane count
//   (columns-inl.h), in registers a vector of slices at a time for planes of
//   at most kShortColumnRows rows;
// - anything else (rows of 1 to 3 elements the transposes leave, strided
//   rows, permuted or negative strides) is copied, a tile at a time, into a
//   small buffer laid out for the column kernel (strided-inl.h), so that no
//   layout falls back to scalar code.
// Every path compares order-preserving keys (kernels/keys.h) or native
// floats exactly as the slice kernels do, so results match them bit for bit.

// Per-target include guard.
#if defined(ARGMIN_KERNELS_PLANE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ARGMIN_KERNELS_PLANE_INL_H_
#undef ARGMIN_KERNELS_PLANE_INL_H_
#else
#define ARGMIN_KERNELS_PLANE_INL_H_
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hwy/cache_control.h"
#include "hwy/highway.h"
#include "kernels/argmin-inl.h"
#include "kernels/columns-inl.h"
#include "kernels/keys.h"
#include "kernels/plane_path.h"
#include "kernels/rows-inl.h"
#include "kernels/strided-inl.h"
#include "kernels/transposed_rows-inl.h"
#include "kernels/tuning.h"

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {

namespace hn = hwy::HWY_NAMESPACE;

// Elements from which a contiguous slice of Key lanes, N to a vector, is
// long: reduced on its own by ArgContiguous rather than with other rows by
// ArgRows (kernels/rows-inl.h), or side by side with its neighbours in the
// column kernel.
template <typename Key>
HWY_INLINE size_t LongSlice(size_t N) {
  return internal::kRowVectors * N + 1;
}

// The row kernels (kernels/rows-inl.h) for M slices of K >= 4 contiguous
// elements, K < LongSlice, with vectors of at most K lanes: ArgFewVectorRows
// for rows of up to kFewRowVectors vectors, ArgRows for longer ones.
template <class Traits, class... Orders>
bool MidRows(const uint8_t* HWY_RESTRICT in, size_t K, ptrdiff_t m_stride_bytes,
             size_t M, uint32_t flags, int64_t* const* out) {
  using T = CompareLane<Traits>;
  const auto run = [&](auto d) {
    if (K <= internal::kFewRowVectors * hn::Lanes(d)) {
      return ArgFewVectorRows<Traits, Orders...>(d, in, K, m_stride_bytes, M,
                                                 flags, out);
    }
    return ArgRows<Traits, Orders...>(d, in, K, m_stride_bytes, M, flags, out);
  };
  const hn::ScalableTag<T> d;
  if (K >= hn::Lanes(d)) return run(d);
  // Each capped width only where vectors are wider, so that it can be
  // reached.
  constexpr size_t kMaxLanes = hn::MaxLanes(d);
  if constexpr (kMaxLanes > 16) {
    if (K >= 16) return run(hn::CappedTag<T, 16>());
  }
  if constexpr (kMaxLanes > 8) {
    if (K >= 8) return run(hn::CappedTag<T, 8>());
  }
  if constexpr (kMaxLanes > 4) return run(hn::CappedTag<T, 4>());
  return false;  // unreachable: K >= 4 lanes
}

template <size_t kK>
using Length = std::integral_constant<size_t, kK>;

#if HWY_TARGET != HWY_SCALAR
// Returns whether ArgPlane transposes the M slices of K Key elements, slice
// m's element k at `m * m_stride + k * k_stride`: back to back, at least a
// vector of them, of a length that TransposesRows takes; if so, first calls
// f(Length<K>()).
template <typename Key, class F>
HWY_INLINE bool ForTransposedRows(size_t K, ptrdiff_t k_stride, size_t M,
                                  ptrdiff_t m_stride, F&& f) {
  if (k_stride != 1 || m_stride != static_cast<ptrdiff_t>(K) ||
      M < hn::Lanes(hn::ScalableTag<Key>())) {
    return false;
  }
  const auto is = [&](auto length) {
    constexpr size_t kK = decltype(length)::value;
    if constexpr (TransposesRows<Key, kK>()) {
      if (K == kK) {
        f(length);
        return true;
      }
    }
    return false;
  };
  return is(Length<2>()) || is(Length<3>()) || is(Length<4>()) ||
         is(Length<5>()) || is(Length<6>()) || is(Length<7>()) ||
         is(Length<8>()) || is(Length<9>()) || is(Length<10>()) ||
         is(Length<11>()) || is(Length<14>()) || is(Length<16>());
}
#endif  // HWY_TARGET != HWY_SCALAR

// Returns the path ArgPlane takes through a plane (as ForTransposedRows
// describes it) that it does not transpose.
template <typename Key>
HWY_INLINE internal::PlanePath UntransposedPath(size_t K, ptrdiff_t k_stride,
                                                size_t M, ptrdiff_t m_stride) {
  using internal::PlanePath;
  const size_t N = hn::Lanes(hn::ScalableTag<Key>());
  // Contiguous slices long enough for ArgContiguous go one by one.
  const bool long_slices = k_stride == 1 && K >= LongSlice<Key>(N);
  if (k_stride == 1 && K >= 4 && !long_slices) return PlanePath::kMidRows;
  if (M >= N && !long_slices) {
    return m_stride == 1 ? PlanePath::kColumns : PlanePath::kCopiedColumns;
  }
  return m_stride == 1 && k_stride != 1 ? PlanePath::kNarrowColumns
                                        : PlanePath::kSlices;
}

// Returns the path ArgPlane takes through M slices of K >= 1 Key elements,
// slice m's element k at `m * m_stride + k * k_stride` (in elements).
template <typename Key>
internal::PlanePath ChoosePlanePath(size_t K, ptrdiff_t k_stride, size_t M,
                                    ptrdiff_t m_stride) {
#if HWY_TARGET != HWY_SCALAR
  if (ForTransposedRows<Key>(K, k_stride, M, m_stride, [](auto) {})) {
    return internal::PlanePath::kTransposedRows;
  }
#endif
  return UntransposedPath<Key>(K, k_stride, M, m_stride);
}

// Writes to out[o][0, M) the index of the best element under the o-th of
// `Orders` of each of the M slices of K >= 1
// elements of dtype `Traits` at `in + m * m_stride + k * k_stride` (strides
// in elements, any sign); kAllNaN for the all-NaN ones under kIgnoreNaN, then
// returning false. Takes the path ChoosePlanePath names.
template <class Traits, class... Orders>
bool ArgPlane(const void* in, size_t K, ptrdiff_t k_stride, size_t M,
              ptrdiff_t m_stride, uint32_t flags, int64_t* const* out) {
  using Key = typename Traits::Key;
  using internal::PlanePath;
  constexpr size_t kOrders = sizeof...(Orders);
  const uint8_t* bytes = static_cast<const uint8_t*>(in);
  const ptrdiff_t item = static_cast<ptrdiff_t>(sizeof(Key));
  bool ok = true;
#if HWY_TARGET != HWY_SCALAR
  if (ForTransposedRows<Key>(K, k_stride, M, m_stride, [&](auto length) {
        ok = ArgShortRows<Traits, decltype(length)::value, Orders...>(
            bytes, M, flags, out);
      })) {
    return ok;
  }
#endif
  switch (UntransposedPath<Key>(K, k_stride, M, m_stride)) {
    case PlanePath::kMidRows:
      return MidRows<Traits, Orders...>(bytes, K, m_stride * item, M, flags,
                                        out);
    case PlanePath::kColumns:
      if (K <= internal::kShortColumnRows) {
        return ArgShortColumns<Traits, Orders...>(bytes, K, k_stride * item, M,
                                                  flags, out);
      }
      return ArgColumns<Traits, Orders...>(bytes, K, k_stride * item, M,
                                           m_stride * item, flags, out);
    case PlanePath::kCopiedColumns:
      return ArgColumns<Traits, Orders...>(bytes, K, k_stride * item, M,
                                           m_stride * item, flags, out);
    case PlanePath::kTransposedRows:  // taken above
    case PlanePath::kNarrowColumns:
    case PlanePath::kSlices:
      break;
  }
  for (size_t m = 0; m < M; ++m) {
    int64_t here[kOrders];
    ArgSlice<Traits, Orders...>(
        bytes + static_cast<ptrdiff_t>(m) * m_stride * item, K, k_stride, flags,
        here);
    ok &= PutSliceResults<kOrders>(here, out, m);
  }
  return ok;
}

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
