// Merging of the caller's partial results (dispatch/merge.h).
#include "dispatch/merge.h"

#include <cstring>

#include "dispatch/dtypes.h"

namespace argmin {
namespace internal {
namespace {

// MergePartials for one dtype and order.
template <class Traits, class Order>
void Merge(size_t itemsize, uint32_t flags, int64_t count,
           const uint8_t* values, const int64_t* indices, uint8_t* best_values,
           int64_t* best_indices) {
  const auto nan_key = Traits::template NaNKey<Order>(flags);
  for (int64_t i = 0; i < count; ++i) {
    const uint8_t* offered = values + i * itemsize;
    uint8_t* kept = best_values + i * itemsize;
    Best<Traits> best;
    best.template Offer<Order>(LoadKey<Traits>(kept, nan_key), best_indices[i],
                               kept);
    best.template Offer<Order>(LoadKey<Traits>(offered, nan_key), indices[i],
                               offered);
    if (best.element == offered) {
      memcpy(kept, offered, itemsize);
      best_indices[i] = indices[i];
    }
  }
}

}  // namespace

void MergePartials(DType dtype, Op op, uint32_t flags, int64_t count,
                   const void* values, const int64_t* indices,
                   void* best_values, int64_t* best_indices) {
  VisitKeyTraits(dtype, [&](auto traits) {
    using Traits = decltype(traits);
    const size_t itemsize = sizeof(typename Traits::Key);
    const auto* in = static_cast<const uint8_t*>(values);
    auto* kept = static_cast<uint8_t*>(best_values);
    VisitOrders(op, flags, [&](auto list) {
      decltype(list)::ForEach([&](auto order, size_t) {
        Merge<Traits, decltype(order)>(itemsize, flags, count, in, indices,
                                       kept, best_indices);
      });
    });
  });
}

}  // namespace internal
}  // namespace argmin
