// Tuned constants that the kernels and dispatch's planning both depend on,
// defined once.
#ifndef ARGMIN_KERNELS_TUNING_H_
#define ARGMIN_KERNELS_TUNING_H_

#include <cstddef>

namespace argmin {
namespace internal {

// Bytes of one row of a column panel: the columns whose running minima stay
// in scratch together (4 KiB of keys and 4 KiB of row numbers, inside L1).
// Dispatch splits rows between threads rather than give a thread a strip of
// columns narrower than this.
constexpr size_t kPanelBytes = 4096;

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_KERNELS_TUNING_H_
