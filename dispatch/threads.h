// Thread policy: how many threads a call uses, and how it divides the work
// between them.
#ifndef ARGMIN_DISPATCH_THREADS_H_
#define ARGMIN_DISPATCH_THREADS_H_

#include <cstdint>

#include "dispatch/layout.h"
#include "dispatch/validate.h"

namespace argmin {
namespace internal {

// The least input elements per thread by default: below it, starting threads
// costs more than it saves.
constexpr int64_t kDefaultGrain = int64_t{1} << 16;

// Sets the least input elements per thread (argmin_set_parallel_grain); 0
// restores kDefaultGrain.
void SetParallelGrain(int64_t elements);

// Returns how many threads to spread `elements` over in at most `tasks`
// parts: the option (or OpenMP's default), at most one per part and per grain.
int ThreadCount(int num_threads, int64_t elements, int64_t tasks);

// Returns whether ReduceAlongAxis should split the rows of each plane between
// `threads` threads rather than spread the results: fewer planes than
// threads, slices side by side (the column kernel), strips of columns that
// would be narrower than its panel, and long enough slices.
bool SplitsRows(const Plan& plan, const Layout& layout, int threads);

}  // namespace internal
}  // namespace argmin

#endif  // ARGMIN_DISPATCH_THREADS_H_
