// Per-target kernels for elements that are not contiguous (Highway): a
// tile of strided rows copied into a small buffer (CopyTile, which the column
// kernel also uses for odd planes), and one strided slice reduced a buffer at
// a time by the contiguous kernel. Included by plane-inl.h.

// Per-target include guard.
#if defined(ARGMIN_KERNELS_STRIDED_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ARGMIN_KERNELS_STRIDED_INL_H_
#undef ARGMIN_KERNELS_STRIDED_INL_H_
#else
#define ARGMIN_KERNELS_STRIDED_INL_H_
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hwy/highway.h"
#include "kernels/argmin-inl.h"
#include "kernels/keys.h"

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {

namespace hn = hwy::HWY_NAMESPACE;

// Bytes of the buffer that strided slices and odd planes are copied into: a
// few tiles, small enough to stay in L1 between the copy and the kernel.
constexpr size_t kCopyBytes = 16384;

// Returns |s|.
HWY_INLINE ptrdiff_t Magnitude(ptrdiff_t s) { return s < 0 ? -s : s; }

// Copies rows [k0, k1) of `cols` slices of K elements into `buffer`, row by
// row, walking memory along whichever stride is smaller.
template <class Key>
void CopyTile(const uint8_t* HWY_RESTRICT in, size_t k0, size_t k1,
              ptrdiff_t k_stride_bytes, size_t cols, ptrdiff_t m_stride_bytes,
              Key* HWY_RESTRICT buffer) {
  if (Magnitude(m_stride_bytes) <= Magnitude(k_stride_bytes)) {
    for (size_t r = k0; r < k1; ++r) {
      const uint8_t* p = in + static_cast<ptrdiff_t>(r) * k_stride_bytes;
      Key* HWY_RESTRICT row = buffer + (r - k0) * cols;
      for (size_t j = 0; j < cols; ++j) {
        memcpy(row + j, p + static_cast<ptrdiff_t>(j) * m_stride_bytes,
               sizeof(Key));
      }
    }
  } else {
    for (size_t j = 0; j < cols; ++j) {
      const uint8_t* p = in + static_cast<ptrdiff_t>(j) * m_stride_bytes;
      for (size_t r = k0; r < k1; ++r) {
        memcpy(buffer + (r - k0) * cols + j,
               p + static_cast<ptrdiff_t>(r) * k_stride_bytes, sizeof(Key));
      }
    }
  }
}

// Writes to out[o] the index of the best element under the o-th of `Orders`
// (kernels/keys.h: an extreme and a tie rule) of the n >= 1 elements
// `stride_bytes` apart at `in`, kAllNaN when all are NaN under kIgnoreNaN:
// copied a buffer at a time and reduced by the contiguous kernel, the buffers'
// answers merged in order.
template <class Traits, class... Orders>
void ArgGathered(const uint8_t* in, size_t n, ptrdiff_t stride_bytes,
                 uint32_t flags, int64_t* out) {
  using Key = typename Traits::Key;
  constexpr size_t kOrders = sizeof...(Orders);
  constexpr size_t kBufferKeys = kCopyBytes / sizeof(Key);
  HWY_ALIGN Key buffer[kBufferKeys];
  Key best[kOrders] = {};
  for (size_t o = 0; o < kOrders; ++o) out[o] = internal::kAllNaN;
  for (size_t begin = 0; begin < n; begin += kBufferKeys) {
    const size_t len = HWY_MIN(kBufferKeys, n - begin);
    CopyTile(in + static_cast<ptrdiff_t>(begin) * stride_bytes, 0, 1, 0, len,
             stride_bytes, buffer);
    int64_t here[kOrders];
    ArgContiguous<Traits, Orders...>(buffer, len, flags, here);
    bool done = true;
    ForEachOrder<Orders...>([&](auto order, size_t o) {
      using Order = decltype(order);
      if (here[o] != internal::kAllNaN) {
        const Key key = Traits::KeyOf(buffer[here[o]],
                                      Traits::template NaNKey<Order>(flags));
        if (out[o] == internal::kAllNaN || Order::Replaces(key, best[o])) {
          best[o] = key;
          out[o] = static_cast<int64_t>(begin) + here[o];
        }
      }
      // The best key (a NaN under propagation) cannot be beaten.
      done = done && !Order::kLast && out[o] != internal::kAllNaN &&
             best[o] == Order::template Best<Key>();
    });
    if (done) break;
  }
}

// Writes to out[o] the index of the best element under the o-th of `Orders` of
// the n >= 1 elements of dtype `Traits` at `in`, `in
// + stride`, ... (stride in elements, any sign); kAllNaN when every element
// is NaN under kIgnoreNaN.
template <class Traits, class... Orders>
void ArgSlice(const void* in, size_t n, ptrdiff_t stride, uint32_t flags,
              int64_t* out) {
  using Key = typename Traits::Key;
  if (stride == 1) return ArgContiguous<Traits, Orders...>(in, n, flags, out);
  const uint8_t* bytes = static_cast<const uint8_t*>(in);
  const ptrdiff_t stride_bytes = stride * static_cast<ptrdiff_t>(sizeof(Key));
  // Short slices are not worth a copy.
  if (n < 4 * hn::Lanes(hn::ScalableTag<Key>())) {
    ForEachOrder<Orders...>([&](auto order, size_t o) {
      out[o] =
          ArgStrided<Traits, decltype(order)>(bytes, n, stride_bytes, flags);
    });
    return;
  }
  ArgGathered<Traits, Orders...>(bytes, n, stride_bytes, flags, out);
}

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
