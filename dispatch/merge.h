// Merging: the rule by which partial answers (of threads, of rows, of pieces
// of a slice, of the caller's own pieces through argmin_merge) combine into
// exactly the single-thread answer.
#ifndef ARGMIN_DISPATCH_MERGE_H_
#define ARGMIN_DISPATCH_MERGE_H_

#include <cstdint>

#include "argmin/argmin.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {

// The best (key, index) pair among candidates offered in any order, and
// where its element lies, by the rule of the Order offered with
// (kernels/keys.h: its extreme, then its tie rule on the indices). That
// rule is a total order on candidates with distinct indices, so merging
// per-thread or per-piece answers this way gives exactly the single-call
// answer, whatever the split.
template <class Traits>
struct Best {
  typename Traits::Key key{};
  int64_t index = kAllNaN;
  const uint8_t* element = nullptr;

  // Offers the candidate with key `k` at index `i` (none if kAllNaN or
  // negative), whose element is at `e`.
  template <class Order>
  void Offer(typename Traits::Key k, int64_t i, const uint8_t* e) {
    if (i < 0) return;
    if (index < 0 || Order::Precedes(k, i, key, index)) {
      key = k;
      index = i;
      element = e;
    }
  }
};

// Merges count partial results (values, indices) into (best_values,
// best_indices) elementwise under `op` (Op::kMin or Op::kMax) and `flags`,
// as argmin_merge documents; arguments already validated.
void MergePartials(DType dtype, Op op, uint32_t flags, int64_t count,
                   const void* values, const int64_t* indices,
                   void* best_values, int64_t* best_indices);

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_MERGE_H_
