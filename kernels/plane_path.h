// The ways the plane kernel (kernels/plane-inl.h) reads a plane of slices,
// which it chooses per call and dispatch's thread policy asks about.
#ifndef ARGMIN_KERNELS_PLANE_PATH_H_
#define ARGMIN_KERNELS_PLANE_PATH_H_

#include <cstddef>

namespace argmin {
namespace internal {

// How ArgPlane reads a plane of M slices of K elements.
enum class PlanePath {
  // Back-to-back short slices, transposed in registers a vector of slices
  // at a time (kernels/transposed_rows-inl.h).
  kTransposedRows,
  // Other contiguous slices shorter than a long slice, several at a time
  // (kernels/rows-inl.h).
  kMidRows,
  // Slices side by side in memory (m_stride 1), read a row of the plane at a
  // time by the column kernel (kernels/columns-inl.h).
  kColumns,
  // Any other plane of at least a vector of slices, copied a tile at a time
  // into a buffer that the column kernel reads (kernels/strided-inl.h).
  kCopiedColumns,
  // Slices side by side in memory (m_stride 1), fewer than a vector holds:
  // one at a time, each strided.
  kNarrowColumns,
  // Any other plane one slice at a time (long contiguous slices, or fewer
  // slices than a vector holds).
  kSlices,
};

// Returns whether a plane read by `path` has its slices side by side in
// memory, so that each row of the plane holds an element of every slice.
constexpr bool SlicesSideBySide(PlanePath path) {
  return path == PlanePath::kColumns || path == PlanePath::kNarrowColumns;
}

// Returns the plane kernel's path for a plane (per target and element size;
// dispatch/kernels.h's PlanePathOf).
using PlanePathFn = PlanePath (*)(size_t k, ptrdiff_t k_stride, size_t m,
                                  ptrdiff_t m_stride);

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_KERNELS_PLANE_PATH_H_
