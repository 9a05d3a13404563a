// Layout planning (dispatch/layout.h).
#include "dispatch/layout.h"

#include <cstdint>

namespace argmin {
namespace internal {
namespace {

// Returns how well a stride suits the M dimension, best first: 1, then other
// magnitudes in increasing order (so -1 comes next), 0 (a broadcast) last.
uint64_t StrideRank(int64_t s) {
  if (s == 1) return 0;
  if (s == 0) return UINT64_MAX;
  return s < 0 ? 0 - static_cast<uint64_t>(s) : static_cast<uint64_t>(s);
}

}  // namespace

// Returns the plan's layout. The kept dimensions (all but the axis, or for
// axis none all but the last after merging) lose their extent-1 members and
// merge where memory allows; the slices run along the axis (or the last
// merged dimension), side by side along the kept dimension that is densest in
// memory, which the plane kernel then reads best.
Layout MakeLayout(const Plan& plan) {
  Layout layout;
  int64_t shape[ARGMIN_MAX_NDIM], in[ARGMIN_MAX_NDIM];
  int n = 0;
  for (int i = 0; i < plan.ndim; ++i) {
    if (i == plan.axis || plan.shape[i] == 1) continue;
    int64_t span;  // may overflow for a stride that never steps
    if (n > 0 &&
        !__builtin_mul_overflow(plan.strides[i], plan.shape[i], &span) &&
        in[n - 1] == span) {
      shape[n - 1] *= plan.shape[i];  // row-major contiguous with the previous
      in[n - 1] = plan.strides[i];
      continue;
    }
    shape[n] = plan.shape[i];
    in[n++] = plan.strides[i];
  }
  if (plan.axis >= 0) {
    layout.K = plan.shape[plan.axis];
    // A stride that never steps was not checked against overflow: drop it.
    layout.k_in = layout.K == 1 ? 1 : plan.strides[plan.axis];
  } else if (n > 0) {
    --n;
    layout.K = shape[n];
    layout.k_in = in[n];
  }
  int64_t lin[ARGMIN_MAX_NDIM];
  int64_t compact = 1;  // no overflow: a product of kept extents
  for (int i = n - 1; i >= 0; --i) {
    lin[i] = compact;
    compact *= shape[i];
  }
  int mi = -1;  // the M dimension; ties go to the later, denser in output
  for (int i = 0; i < n; ++i) {
    if (mi < 0 || StrideRank(in[i]) <= StrideRank(in[mi])) mi = i;
  }
  for (int i = 0; i < n; ++i) {
    if (i == mi) continue;
    layout.outer_shape[layout.outer_ndim] = shape[i];
    layout.outer_in[layout.outer_ndim] = in[i];
    layout.outer_lin[layout.outer_ndim++] = lin[i];
    layout.results *= shape[i];
  }
  if (mi >= 0) {
    layout.M = shape[mi];
    layout.m_in = in[mi];
    layout.m_lin = lin[mi];
    layout.results *= shape[mi];
  }
  return layout;
}

// Returns the first element of result r's slice (r counts outer positions,
// then m, as ReduceResults does), and its result number in *number.
const uint8_t* SliceAt(const Plan& plan, const Layout& layout, int64_t r,
                       int64_t* number) {
  int64_t linear;
  const int64_t m = r % layout.M;
  const int64_t offset = layout.Offset(r / layout.M, &linear) + m * layout.m_in;
  *number = linear + m * layout.m_lin;
  return plan.base + offset * static_cast<int64_t>(plan.itemsize);
}

}  // namespace internal
}  // namespace argmin
