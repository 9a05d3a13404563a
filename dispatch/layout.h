// Layout planning: a validated call seen as planes of slices, which the
// plane kernels read whatever the input's strides.
#ifndef ARGMIN_DISPATCH_LAYOUT_H_
#define ARGMIN_DISPATCH_LAYOUT_H_

#include <cstdint>

#include "dispatch/validate.h"

namespace argmin {
namespace internal {

// The reduction as planes of slices: for every position o of the outer
// dimensions (row-major), M slices of K elements. Slice (o, m) has element k
// at element offset Offset(o) + m * m_in + k * k_in, and its result is number
// Linear(o) + m * m_lin in row-major order over the kept dimensions: the
// output's order along an axis, the order of rows for axis none.
struct Layout {
  int outer_ndim = 0;
  int64_t outer_shape[ARGMIN_MAX_NDIM];
  int64_t outer_in[ARGMIN_MAX_NDIM];
  int64_t outer_lin[ARGMIN_MAX_NDIM];
  int64_t M = 1, m_in = 0, m_lin = 0;
  int64_t K = 1, k_in = 1;
  int64_t results = 1;  // outer positions times M

  // Returns the element offset of outer position `o`, and its result number
  // in *linear.
  int64_t Offset(int64_t o, int64_t* linear) const {
    int64_t offset = 0, lin = 0;
    for (int i = outer_ndim - 1; i >= 0 && o > 0; --i) {
      const int64_t at = o % outer_shape[i];
      offset += at * outer_in[i];
      lin += at * outer_lin[i];
      o /= outer_shape[i];
    }
    *linear = lin;
    return offset;
  }
};

// Returns the plan's layout. The kept dimensions (all but the axis, or for
// axis none all but the last after merging) lose their extent-1 members and
// merge where memory allows; the slices run along the axis (or the last
// merged dimension), side by side along the kept dimension that is densest in
// memory, which the plane kernel then reads best.
Layout MakeLayout(const Plan& plan);

// Returns the first element of result r's slice (r counts outer positions,
// then m, as ReduceResults does), and its result number in *number.
const uint8_t* SliceAt(const Plan& plan, const Layout& layout, int64_t r,
                       int64_t* number);

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_LAYOUT_H_
