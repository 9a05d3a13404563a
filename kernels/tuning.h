// The kernels' tuned constants, defined once: dispatch's planning depends on
// some of them too.
#ifndef ARGMIN_KERNELS_TUNING_H_
#define ARGMIN_KERNELS_TUNING_H_

#include <cstddef>

namespace argmin {
namespace internal {

// Vectors per block of the contiguous kernel (kernels/argmin-inl.h): long
// enough to amortise the per-block test and reduction, short enough that the
// final search of one block is cheap (docs/performance.md).
constexpr size_t kBlockVectors = 64;

// Bytes of one row of a column panel: the columns whose running minima stay
// in scratch together (4 KiB of keys and 4 KiB of row numbers, inside L1).
// Dispatch splits rows between threads rather than give a thread a strip of
// columns narrower than this.
constexpr size_t kPanelBytes = 4096;

// The most rows of a plane of slices side by side that the column kernel
// reduces in registers, a vector of slices at a time, rather than through its
// panels (kernels/columns-inl.h): segments of a few rows.
constexpr size_t kShortColumnRows = 16;

// Rows of contiguous elements (kernels/rows-inl.h): rows of up to
// kFewRowVectors vectors go through the few-vector kernel, rows of up to
// kRowVectors vectors through the row kernel, read kGroupVectors vectors at
// a time; longer rows one by one through the contiguous kernel.
constexpr size_t kFewRowVectors = 8;
constexpr size_t kRowVectors = 64;
constexpr size_t kGroupVectors = 4;
// How far ahead of its reads the row kernel asks for cache lines.
constexpr size_t kPrefetchBytes = 2048;

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_KERNELS_TUNING_H_
