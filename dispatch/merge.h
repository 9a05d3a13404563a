// Merging: the rule by which partial answers (of threads, of rows, of pieces
// of a slice) combine into exactly the single-thread answer.
#ifndef ARGMIN_DISPATCH_MERGE_H_
#define ARGMIN_DISPATCH_MERGE_H_

#include <cstdint>

#include "kernels/keys.h"

namespace argmin {
namespace internal {

// The best (key, index) pair among candidates offered in any order: the
// smallest key, and among equal keys the smallest index (the largest with
// last-index ties). Merging per-thread answers this way gives exactly the
// single-thread answer.
template <class Traits>
struct Best {
  typename Traits::Key key{};
  int64_t index = kAllNaN;

  void Offer(typename Traits::Key k, int64_t i, bool last) {
    if (i == kAllNaN) return;
    if (index == kAllNaN || k < key ||
        (k == key && (last ? i > index : i < index))) {
      key = k;
      index = i;
    }
  }
};

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_MERGE_H_
