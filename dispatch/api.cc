// The C ABI: validates a call, plans its layout, and runs the slice kernels
// chosen by runtime dispatch. Nothing here throws across the C boundary,
// aborts or prints, and the output is written only once every check passed.
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <mutex>
#include <new>
#include <vector>

#include "argmin/argmin.h"
#include "dispatch/kernels.h"
#include "hwy/targets.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {
namespace {

// Returns the dtype and item size of `t`, or false if it is unsupported.
bool ParseDType(DLDataType t, DType* dtype, size_t* itemsize) {
  if (t.lanes != 1) return false;
#define ARGMIN_MATCH_DTYPE(Name, code_, bits_, type, name) \
  if (t.code == (code_) && t.bits == (bits_)) {            \
    *dtype = DType::k##Name;                               \
    *itemsize = (bits_) / 8;                               \
    return true;                                           \
  }
  ARGMIN_FOREACH_DTYPE(ARGMIN_MATCH_DTYPE)
#undef ARGMIN_MATCH_DTYPE
  return false;
}

bool IsFloat(DType dtype) {
#define ARGMIN_IS_DTYPE(Name, code, bits, type, name) || dtype == DType::k##Name
  return false ARGMIN_FOREACH_FLOAT_DTYPE(ARGMIN_IS_DTYPE);
#undef ARGMIN_IS_DTYPE
}

// Calls `f` with a value of the KeyTraits type of `dtype`.
template <class F>
void VisitKeyTraits(DType dtype, F&& f) {
  switch (dtype) {
#define ARGMIN_VISIT_DTYPE(Name, code, bits, type, name) \
  case DType::k##Name:                                   \
    return f(Name##Keys{});
    ARGMIN_FOREACH_DTYPE(ARGMIN_VISIT_DTYPE)
#undef ARGMIN_VISIT_DTYPE
  }
}

// Returns in *flags the kernel flags of `options`' NaN and tie policies, or
// false if an option is out of range (num_threads included).
bool KernelFlags(const argmin_options& options, uint32_t* flags) {
  if (options.nan_policy != ARGMIN_NAN_PROPAGATE &&
      options.nan_policy != ARGMIN_NAN_IGNORE) {
    return false;
  }
  if (options.tie_policy != ARGMIN_TIES_FIRST &&
      options.tie_policy != ARGMIN_TIES_LAST) {
    return false;
  }
  if (options.num_threads < 0) return false;
  *flags = (options.nan_policy == ARGMIN_NAN_IGNORE ? kIgnoreNaN : 0) |
           (options.tie_policy == ARGMIN_TIES_LAST ? kLastIndex : 0);
  return true;
}

// A validated call: the input's layout and what to reduce.
struct Plan {
  DType dtype;
  size_t itemsize;
  const uint8_t* base;  // data + byte_offset
  int ndim;
  int64_t shape[ARGMIN_MAX_NDIM];
  int64_t strides[ARGMIN_MAX_NDIM];  // in elements
  int64_t count;                     // elements of the input
  int axis;                          // -1: axis none (or a 0-d input)
  int64_t extent;                    // elements per reduced slice
  int out_ndim;
  int64_t out_shape[ARGMIN_MAX_NDIM];
  int64_t out_count;
  uint32_t flags;
  int num_threads;
};

// Validates `input` and `options` (not input->data) and fills `plan`.
argmin_status MakePlan(const DLTensor* input, const argmin_options* options,
                       Plan* plan) {
  if (input == nullptr || options == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  if (input->device.device_type != kDLCPU) {
    return ARGMIN_ERROR_UNSUPPORTED_DEVICE;
  }
  if (!ParseDType(input->dtype, &plan->dtype, &plan->itemsize)) {
    return ARGMIN_ERROR_UNSUPPORTED_DTYPE;
  }
  if (input->ndim < 0 || input->ndim > ARGMIN_MAX_NDIM) {
    return ARGMIN_ERROR_BAD_SHAPE;
  }
  plan->ndim = input->ndim;
  if (plan->ndim > 0 && input->shape == nullptr) {
    return ARGMIN_ERROR_NULL_POINTER;
  }
  int64_t count = 1;
  bool overflow = false;
  for (int i = 0; i < plan->ndim; ++i) {
    const int64_t extent = input->shape[i];
    if (extent < 0) return ARGMIN_ERROR_BAD_SHAPE;
    plan->shape[i] = extent;
    // An extent of 0 makes the count 0 whatever the others are, so an
    // overflow only counts when no extent is 0.
    if (__builtin_mul_overflow(count, extent, &count)) overflow = true;
  }
  for (int i = 0; i < plan->ndim; ++i) {
    if (plan->shape[i] == 0) overflow = false, count = 0;
  }
  if (overflow) return ARGMIN_ERROR_BAD_SHAPE;
  plan->count = count;

  // Strides: compact row-major when NULL. Every element's byte offset must
  // fit in 64 bits, so the kernels' pointer arithmetic cannot wrap.
  int64_t compact = 1;
  for (int i = plan->ndim - 1; i >= 0; --i) {
    plan->strides[i] = input->strides ? input->strides[i] : compact;
    if (count > 0) compact *= plan->shape[i];
  }
  if (input->byte_offset > static_cast<uint64_t>(INT64_MAX)) {
    return ARGMIN_ERROR_BAD_SHAPE;
  }
  if (count > 0) {
    int64_t low = 0, high = 0;  // element offsets of the extreme elements
    for (int i = 0; i < plan->ndim; ++i) {
      int64_t reach;
      if (__builtin_mul_overflow(plan->strides[i], plan->shape[i] - 1,
                                 &reach) ||
          __builtin_add_overflow(reach > 0 ? high : low, reach,
                                 reach > 0 ? &high : &low)) {
        return ARGMIN_ERROR_BAD_SHAPE;
      }
    }
    int64_t bytes;
    const int64_t item = static_cast<int64_t>(plan->itemsize);
    if (__builtin_mul_overflow(high, item, &bytes) ||
        __builtin_mul_overflow(low, item, &bytes) ||
        __builtin_add_overflow(
            high * item, static_cast<int64_t>(input->byte_offset), &bytes)) {
      return ARGMIN_ERROR_BAD_SHAPE;
    }
  }
  // No arithmetic on a NULL pointer: an empty tensor may have no data.
  plan->base =
      input->data == nullptr
          ? nullptr
          : static_cast<const uint8_t*>(input->data) + input->byte_offset;

  if (!KernelFlags(*options, &plan->flags)) return ARGMIN_ERROR_BAD_OPTION;
  plan->num_threads = options->num_threads;

  // Axis: a 0-d tensor takes -1 and 0, as torch does, and reduces its one
  // element like axis none.
  plan->axis = -1;
  if (options->has_axis) {
    const int64_t rank = plan->ndim == 0 ? 1 : plan->ndim;
    int64_t axis = options->axis;
    if (axis < -rank || axis >= rank) return ARGMIN_ERROR_BAD_AXIS;
    if (axis < 0) axis += rank;
    if (plan->ndim > 0) plan->axis = static_cast<int>(axis);
  }

  const bool keepdims = options->keepdims != 0;
  plan->out_ndim = 0;
  plan->out_count = 1;
  for (int i = 0; i < plan->ndim; ++i) {
    const bool reduced = plan->axis < 0 || plan->axis == i;
    if (reduced && !keepdims) continue;
    const int64_t extent = reduced ? 1 : plan->shape[i];
    plan->out_shape[plan->out_ndim++] = extent;
    plan->out_count *= extent;  // no overflow: a product of input extents
  }
  plan->extent = plan->axis < 0 ? count : plan->shape[plan->axis];
  if (plan->extent == 0) return ARGMIN_ERROR_EMPTY_REDUCTION;
  return ARGMIN_OK;
}

// Validates `output` against `plan`.
argmin_status CheckOutput(const Plan& plan, const DLTensor* output) {
  if (output == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  if (output->device.device_type != kDLCPU) {
    return ARGMIN_ERROR_UNSUPPORTED_DEVICE;
  }
  const DLDataType t = output->dtype;
  if (t.code != kDLInt || t.lanes != 1 || (t.bits != 64 && t.bits != 32)) {
    return ARGMIN_ERROR_BAD_OUTPUT;
  }
  if (output->ndim != plan.out_ndim) return ARGMIN_ERROR_BAD_OUTPUT;
  if (plan.out_ndim > 0 && output->shape == nullptr) {
    return ARGMIN_ERROR_NULL_POINTER;
  }
  int64_t compact = 1;
  for (int i = plan.out_ndim - 1; i >= 0; --i) {
    if (output->shape[i] != plan.out_shape[i]) return ARGMIN_ERROR_BAD_OUTPUT;
    // An empty output is never stepped through, so its strides (torch and
    // numpy give several conventions for them) do not matter.
    if (output->strides != nullptr && plan.out_shape[i] > 1 &&
        plan.out_count > 0 && output->strides[i] != compact) {
      return ARGMIN_ERROR_BAD_OUTPUT;
    }
    compact *= plan.out_shape[i];
  }
  if (plan.out_count > 0 && output->data == nullptr) {
    return ARGMIN_ERROR_NULL_POINTER;
  }
  if (t.bits == 32 && plan.extent - 1 > INT32_MAX) {
    return ARGMIN_ERROR_INDEX_OVERFLOW;
  }
  return ARGMIN_OK;
}

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

// Returns how well a stride suits the M dimension, best first: 1, then other
// magnitudes in increasing order (so -1 comes next), 0 (a broadcast) last.
uint64_t StrideRank(int64_t s) {
  if (s == 1) return 0;
  if (s == 0) return UINT64_MAX;
  return s < 0 ? 0 - static_cast<uint64_t>(s) : static_cast<uint64_t>(s);
}

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

// Writes indices into an int64 or int32 buffer.
struct Sink {
  void* data;
  bool is_int32;
  void Put(int64_t i, int64_t index) const {
    if (is_int32) {
      static_cast<int32_t*>(data)[i] = static_cast<int32_t>(index);
    } else {
      static_cast<int64_t*>(data)[i] = index;
    }
  }
  // Returns where the results at positions first, first + step, ... lie in
  // memory, when they are int64 side by side; nullptr otherwise.
  int64_t* Run(int64_t first, int64_t step) const {
    return !is_int32 && step == 1 ? static_cast<int64_t*>(data) + first
                                  : nullptr;
  }
  // Writes indices[0, count) to positions first, first + step, ... (runs that
  // Run() places are written there directly by the kernels instead).
  void PutRun(int64_t first, int64_t step, const int64_t* indices,
              int64_t count) const {
    for (int64_t j = 0; j < count; ++j) Put(first + j * step, indices[j]);
  }
};

// The least input elements per thread: below it, starting threads costs more
// than it saves. Settable for tests (argmin_set_parallel_grain).
constexpr int64_t kDefaultGrain = int64_t{1} << 16;
std::atomic<int64_t> g_grain{kDefaultGrain};

// Returns how many threads to spread `elements` over in at most `tasks`
// parts: the option (or OpenMP's default), at most one per part and per grain.
int ThreadCount(int num_threads, int64_t elements, int64_t tasks) {
  const int64_t by_work =
      std::min(tasks, elements / g_grain.load(std::memory_order_relaxed));
  if (by_work <= 1) return 1;  // without asking OpenMP, which costs time
  const int threads = num_threads > 0 ? num_threads : omp_get_max_threads();
  return static_cast<int>(
      std::max<int64_t>(1, std::min<int64_t>(threads, by_work)));
}

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

// Reduces results [begin, end) of `layout` (in the order outer position, then
// m) with the plane kernel, a chunk at a time, and hands each chunk to
// consume(first result number, indices, count, first slice's data), the
// numbers stepping by layout.m_lin; or, where `sink` holds them side by side
// as int64, writes them there in place; false if a slice was all-NaN.
template <class Consume>
bool ReduceResults(const Plan& plan, const Layout& layout, PlaneKernel plane,
                   int64_t begin, int64_t end, const Sink* sink,
                   const Consume& consume) {
  // A bounded buffer of results, so that no call allocates per result.
  constexpr int64_t kChunk = 1024;
  int64_t indices[kChunk];
  bool ok = true;
  while (begin < end) {
    const int64_t count =
        std::min({layout.M - begin % layout.M, end - begin, kChunk});
    int64_t number;
    const uint8_t* p = SliceAt(plan, layout, begin, &number);
    // In place, the output is not written twice.
    int64_t* in_place = sink ? sink->Run(number, layout.m_lin) : nullptr;
    ok = plane(p, static_cast<size_t>(layout.K), layout.k_in,
               static_cast<size_t>(count), layout.m_in, plan.flags,
               in_place ? in_place : indices) &&
         ok;
    if (!in_place) consume(number, indices, count, p);
    begin += count;
  }
  return ok;
}

// Returns the best (key, index) of the slice of `k` elements `k_in` apart at
// `p`, split over `threads` threads; kAllNaN if it is all-NaN.
template <class Traits>
Best<Traits> ReduceSplit(const uint8_t* p, int64_t k, int64_t k_in,
                         int64_t item, uint32_t flags, SliceKernel slice,
                         int threads) {
  const bool last = (flags & kLastIndex) != 0;
  const typename Traits::Key nan_key = Traits::NaNKey(flags);
  std::vector<Best<Traits>> parts(static_cast<size_t>(threads));
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int t = 0; t < threads; ++t) {
    const int64_t begin = k * t / threads, end = k * (t + 1) / threads;
    const uint8_t* q = p + begin * k_in * item;
    const int64_t i = slice(q, static_cast<size_t>(end - begin), k_in, flags);
    if (i != kAllNaN) {
      parts[t].Offer(LoadKey<Traits>(q + i * k_in * item, nan_key), begin + i,
                     last);
    }
  }
  Best<Traits> best;
  for (const Best<Traits>& part : parts) best.Offer(part.key, part.index, last);
  return best;
}

// The bytes of a plane row below which a thread's strip of columns is
// narrow: the column kernel's panel (kernels/plane-inl.h), which it reads a
// few whole rows at a time.
constexpr int64_t kNarrowStripBytes = 4096;

// Elements of the grain per row that a thread must get before the rows of a
// plane are split between threads: 1024 rows at the default grain, and a
// row at the tests' small grains.
constexpr int64_t kGrainPerSplitRow = 64;

// Returns whether ReduceAlongAxis should split the rows of each plane between
// `threads` threads rather than spread the results: fewer planes than
// threads, slices side by side (the column kernel), strips of columns that
// would be narrower than its panel, and long enough slices.
bool SplitsRows(const Plan& plan, const Layout& layout, int threads) {
  if (layout.results / layout.M >= threads) return false;
  if (layout.m_in != 1 || layout.k_in == 1) return false;
  const int64_t item = static_cast<int64_t>(plan.itemsize);
  if (layout.M * item / threads >= kNarrowStripBytes) return false;
  const int64_t min_rows = std::max<int64_t>(
      1, g_grain.load(std::memory_order_relaxed) / kGrainPerSplitRow);
  return layout.K / threads >= min_rows;
}

// Reduces along the axis into `sink`, each thread taking a range of the rows
// of every plane (see SplitsRows), a block of results at a time; the parts'
// answers merge per slice by (key, index), as ReduceSplit's do, so the
// answer is the single-thread one. False if a slice is all-NaN. Why: spread
// results give each thread a narrow strip of every row, which the column
// kernel reads in short pieces: alternated in one process (4096,1024) axis 0
// on 2 threads gave 1.38-1.67x one thread that way, 1.75-1.94x rows split.
template <class Traits>
bool ReduceRowSplit(const Plan& plan, const Layout& layout, PlaneKernel plane,
                    int threads, const Sink& sink) {
  const bool last = (plan.flags & kLastIndex) != 0;
  const typename Traits::Key nan_key = Traits::NaNKey(plan.flags);
  const int64_t item = static_cast<int64_t>(plan.itemsize);
  constexpr int64_t kBlock = 4096;  // results per round: bounded scratch
  std::vector<int64_t> indices(static_cast<size_t>(threads * kBlock));
  std::vector<typename Traits::Key> keys(static_cast<size_t>(threads * kBlock));
  bool ok = true;
  for (int64_t begin = 0; begin < layout.results;) {
    const int64_t count =
        std::min({layout.M - begin % layout.M, layout.results - begin, kBlock});
    int64_t number;
    const uint8_t* p = SliceAt(plan, layout, begin, &number);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int t = 0; t < threads; ++t) {
      const int64_t k0 = layout.K * t / threads;
      const int64_t k1 = layout.K * (t + 1) / threads;
      const uint8_t* q = p + k0 * layout.k_in * item;
      int64_t* part = &indices[static_cast<size_t>(t * kBlock)];
      plane(q, static_cast<size_t>(k1 - k0), layout.k_in,
            static_cast<size_t>(count), layout.m_in, plan.flags, part);
      // Each thread loads its own answers' keys: these are scattered reads
      // of rows long gone from cache, which then overlap.
      typename Traits::Key* part_keys = &keys[static_cast<size_t>(t * kBlock)];
      for (int64_t j = 0; j < count; ++j) {
        if (part[j] == kAllNaN) continue;
        part_keys[j] = LoadKey<Traits>(
            q + (part[j] * layout.k_in + j * layout.m_in) * item, nan_key);
        part[j] += k0;
      }
    }
    for (int64_t j = 0; j < count; ++j) {
      Best<Traits> best;
      for (int t = 0; t < threads; ++t) {
        const size_t at = static_cast<size_t>(t * kBlock + j);
        best.Offer(keys[at], indices[at], last);
      }
      ok = best.index != kAllNaN && ok;
      sink.Put(number + j * layout.m_lin, best.index);
    }
    begin += count;
  }
  return ok;
}

// Reduces along the axis into `sink`; false if a slice is all-NaN. Results
// are spread over threads; when there are fewer results than threads, each
// slice is split instead, and the rows of a plane when strips of its columns
// would be narrow (SplitsRows). One thread enters no OpenMP region at all,
// whose start-up would dominate small calls.
template <class Traits>
bool ReduceAlongAxis(const Plan& plan, const Layout& layout, Kernels kernels,
                     const Sink& sink) {
  // An all-NaN slice's kAllNaN is written too: it can only go to scratch,
  // which is dropped when the call fails.
  const auto put = [&](int64_t first, const int64_t* indices, int64_t count,
                       const uint8_t*) {
    sink.PutRun(first, layout.m_lin, indices, count);
  };
  const int threads = ThreadCount(plan.num_threads, plan.count, plan.count);
  const int64_t results = layout.results;
  if (threads == 1) {
    return ReduceResults(plan, layout, kernels.plane, 0, results, &sink, put);
  }
  if (results < threads) {
    bool ok = true;
    const int64_t item = static_cast<int64_t>(plan.itemsize);
    for (int64_t r = 0; r < results; ++r) {
      int64_t number;
      const uint8_t* p = SliceAt(plan, layout, r, &number);
      const Best<Traits> best = ReduceSplit<Traits>(
          p, layout.K, layout.k_in, item, plan.flags, kernels.slice, threads);
      if (best.index == kAllNaN) {
        ok = false;
      } else {
        sink.Put(number, best.index);
      }
    }
    return ok;
  }
  if (SplitsRows(plan, layout, threads)) {
    return ReduceRowSplit<Traits>(plan, layout, kernels.plane, threads, sink);
  }
  bool ok = true;
#pragma omp parallel for num_threads(threads) schedule(static) reduction(&& : ok)
  for (int t = 0; t < threads; ++t) {
    const int64_t begin = results * t / threads;
    const int64_t end = results * (t + 1) / threads;
    ok = ReduceResults(plan, layout, kernels.plane, begin, end, &sink, put) &&
         ok;
  }
  return ok;
}

// Returns the logical (row-major) index of the minimum of the whole input;
// kAllNaN if every element is NaN under kIgnoreNaN. Rows (slices along the
// last merged dimension) are reduced as along an axis, and their answers
// merged by key and logical index, in bounded memory.
template <class Traits>
int64_t ReduceAll(const Plan& plan, const Layout& layout, Kernels kernels) {
  const bool last = (plan.flags & kLastIndex) != 0;
  const typename Traits::Key nan_key = Traits::NaNKey(plan.flags);
  const int64_t item = static_cast<int64_t>(plan.itemsize);
  const int threads = ThreadCount(plan.num_threads, plan.count, plan.count);
  const int64_t results = layout.results;
  if (threads > 1 && results < threads) {
    Best<Traits> best;
    for (int64_t r = 0; r < results; ++r) {
      int64_t number;
      const uint8_t* p = SliceAt(plan, layout, r, &number);
      const Best<Traits> row = ReduceSplit<Traits>(
          p, layout.K, layout.k_in, item, plan.flags, kernels.slice, threads);
      if (row.index != kAllNaN) {
        best.Offer(row.key, number * layout.K + row.index, last);
      }
    }
    return best.index;
  }
  std::vector<Best<Traits>> parts(static_cast<size_t>(threads));
  const auto run = [&](int t) {
    Best<Traits>& best = parts[t];
    const auto offer = [&](int64_t first, const int64_t* indices, int64_t count,
                           const uint8_t* p) {
      for (int64_t j = 0; j < count; ++j) {
        const int64_t i = indices[j];
        if (i == kAllNaN) continue;
        const uint8_t* e = p + (j * layout.m_in + i * layout.k_in) * item;
        best.Offer(LoadKey<Traits>(e, nan_key),
                   (first + j * layout.m_lin) * layout.K + i, last);
      }
    };
    ReduceResults(plan, layout, kernels.plane, results * t / threads,
                  results * (t + 1) / threads, nullptr, offer);
  };
  if (threads == 1) {
    run(0);
  } else {
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int t = 0; t < threads; ++t) run(t);
  }
  Best<Traits> best;
  for (const Best<Traits>& part : parts) best.Offer(part.key, part.index, last);
  return best.index;
}

std::once_flag env_once;
int64_t forced_targets = 0;  // the mask last given to Highway's mock

// Restricts dispatch to the target named `name`, or restores all of them.
argmin_status ForceTarget(const char* name) {
  if (name == nullptr || name[0] == '\0') {
    forced_targets = 0;
    hwy::SetSupportedTargetsForTest(0);
    return ARGMIN_OK;
  }
  hwy::SetSupportedTargetsForTest(0);  // to see what the CPU really supports
  const int64_t available = hwy::SupportedTargets() & HWY_TARGETS;
  int64_t chosen = 0;
  for (int64_t rest = available; rest != 0; rest &= rest - 1) {
    const int64_t target = rest & -rest;
    if (strcmp(hwy::TargetName(target), name) == 0) chosen = target;
  }
  if (chosen != 0) forced_targets = chosen;
  hwy::SetSupportedTargetsForTest(forced_targets);
  return chosen != 0 ? ARGMIN_OK : ARGMIN_ERROR_UNKNOWN_TARGET;
}

// Applies ARGMIN_TARGET once, before the first call that depends on it; an
// unknown name there is ignored, as the library has no way to report it.
void ReadEnvironmentOnce() {
  std::call_once(env_once, [] {
    const char* name = getenv("ARGMIN_TARGET");
    if (name != nullptr) (void)ForceTarget(name);
  });
}

// The 1-D contiguous entry point: the same checks as Compute for what it
// takes, and the kernel called directly, so small calls pay for no planning.
argmin_status Contiguous(const void* data, DLDataType type, int64_t n,
                         const argmin_options* options, int64_t* index) {
  if (options == nullptr || index == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  DType dtype;
  size_t itemsize;
  if (!ParseDType(type, &dtype, &itemsize)) {
    return ARGMIN_ERROR_UNSUPPORTED_DTYPE;
  }
  if (n < 0 || n > INT64_MAX / static_cast<int64_t>(itemsize)) {
    return ARGMIN_ERROR_BAD_SHAPE;
  }
  uint32_t flags;
  if (!KernelFlags(*options, &flags)) return ARGMIN_ERROR_BAD_OPTION;
  if (n == 0) return ARGMIN_ERROR_EMPTY_REDUCTION;
  if (data == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  ReadEnvironmentOnce();
  const Kernels kernels = ChooseKernels(dtype);
  int64_t result;
  const int threads =
      options->num_threads == 1 ? 1 : ThreadCount(options->num_threads, n, n);
  if (threads == 1) {
    result = kernels.slice(data, static_cast<size_t>(n), 1, flags);
  } else {
    VisitKeyTraits(dtype, [&](auto traits) {
      result =
          ReduceSplit<decltype(traits)>(static_cast<const uint8_t*>(data), n, 1,
                                        static_cast<int64_t>(itemsize), flags,
                                        kernels.slice, threads)
              .index;
    });
  }
  if (result == kAllNaN) return ARGMIN_ERROR_ALL_NAN;
  *index = result;
  return ARGMIN_OK;
}

argmin_status Compute(const DLTensor* input, const argmin_options* options,
                      DLTensor* output) {
  Plan plan;
  argmin_status status = MakePlan(input, options, &plan);
  if (status != ARGMIN_OK) return status;
  if (plan.count > 0 && input->data == nullptr) {
    return ARGMIN_ERROR_NULL_POINTER;
  }
  status = CheckOutput(plan, output);
  if (status != ARGMIN_OK) return status;
  if (plan.out_count == 0) return ARGMIN_OK;

  ReadEnvironmentOnce();
  const Kernels kernels = ChooseKernels(plan.dtype);
  const Layout layout = MakeLayout(plan);
  const Sink out{static_cast<uint8_t*>(output->data) + output->byte_offset,
                 output->dtype.bits == 32};

  if (plan.axis < 0) {
    int64_t index = kAllNaN;
    VisitKeyTraits(plan.dtype, [&](auto traits) {
      index = ReduceAll<decltype(traits)>(plan, layout, kernels);
    });
    if (index == kAllNaN) return ARGMIN_ERROR_ALL_NAN;
    out.Put(0, index);
    return ARGMIN_OK;
  }
  bool ok = true;
  VisitKeyTraits(plan.dtype, [&](auto traits) {
    // Only an ignored NaN can fail a slice once the checks passed; then the
    // results go to scratch first, so a failure leaves the output untouched.
    if ((plan.flags & kIgnoreNaN) && IsFloat(plan.dtype)) {
      std::vector<int64_t> scratch(static_cast<size_t>(plan.out_count));
      ok = ReduceAlongAxis<decltype(traits)>(plan, layout, kernels,
                                             Sink{scratch.data(), false});
      if (ok) {
        for (int64_t i = 0; i < plan.out_count; ++i) out.Put(i, scratch[i]);
      }
    } else {
      ReduceAlongAxis<decltype(traits)>(plan, layout, kernels, out);
    }
  });
  return ok ? ARGMIN_OK : ARGMIN_ERROR_ALL_NAN;
}

}  // namespace
}  // namespace internal
}  // namespace argmin

extern "C" {

argmin_options argmin_default_options(void) {
  argmin_options options;
  memset(&options, 0, sizeof(options));
  return options;
}

argmin_status argmin_compute(const DLTensor* input,
                             const argmin_options* options, DLTensor* output) {
  try {
    return argmin::internal::Compute(input, options, output);
  } catch (const std::bad_alloc&) {
    return ARGMIN_ERROR_OUT_OF_MEMORY;
  } catch (...) {
    // Nothing in Compute throws anything else; never let it cross into C.
    return ARGMIN_ERROR_OUT_OF_MEMORY;
  }
}

argmin_status argmin_contiguous(const void* data, DLDataType dtype, int64_t n,
                                const argmin_options* options, int64_t* index) {
  // Nothing in Contiguous allocates or throws.
  return argmin::internal::Contiguous(data, dtype, n, options, index);
}

argmin_status argmin_output_shape(const DLTensor* input,
                                  const argmin_options* options,
                                  int32_t* out_ndim, int64_t* out_shape) {
  if (out_ndim == nullptr) return ARGMIN_ERROR_NULL_POINTER;
  argmin::internal::Plan plan;
  const argmin_status status =
      argmin::internal::MakePlan(input, options, &plan);
  if (status != ARGMIN_OK) return status;
  *out_ndim = plan.out_ndim;
  if (out_shape != nullptr) {
    std::copy(plan.out_shape, plan.out_shape + plan.out_ndim, out_shape);
  }
  return ARGMIN_OK;
}

namespace {

// The name and message of each status: the one place that describes them.
struct StatusText {
  const char* name;
  const char* message;
};

StatusText DescribeStatus(argmin_status status) {
  switch (status) {
    case ARGMIN_OK:
      return {"ARGMIN_OK", "success"};
    case ARGMIN_ERROR_NULL_POINTER:
      return {"ARGMIN_ERROR_NULL_POINTER",
              "a required pointer is NULL (tensor, options, shape, or the data "
              "of a tensor that has elements)"};
    case ARGMIN_ERROR_UNSUPPORTED_DTYPE:
      return {
          "ARGMIN_ERROR_UNSUPPORTED_DTYPE",
          "unsupported dtype: expected float16, bfloat16, float32, "
          "float64, int8/16/32/64, uint8/16/32/64 or bool, with lanes == 1"};
    case ARGMIN_ERROR_UNSUPPORTED_DEVICE:
      return {"ARGMIN_ERROR_UNSUPPORTED_DEVICE",
              "unsupported device: tensors must be on the CPU (kDLCPU)"};
    case ARGMIN_ERROR_BAD_SHAPE:
      return {"ARGMIN_ERROR_BAD_SHAPE",
              "bad shape: ndim must be in [0, 32], extents non-negative, and "
              "the element count and byte extent must fit in 64 bits"};
    case ARGMIN_ERROR_BAD_AXIS:
      return {"ARGMIN_ERROR_BAD_AXIS",
              "axis out of range: expected an axis in [-ndim, ndim) ([-1, 0] "
              "for a 0-d tensor)"};
    case ARGMIN_ERROR_EMPTY_REDUCTION:
      return {"ARGMIN_ERROR_EMPTY_REDUCTION",
              "argmin of an empty sequence: the reduction is over zero "
              "elements"};
    case ARGMIN_ERROR_ALL_NAN:
      return {"ARGMIN_ERROR_ALL_NAN",
              "all-NaN slice encountered (NaN policy ignore)"};
    case ARGMIN_ERROR_BAD_OUTPUT:
      return {"ARGMIN_ERROR_BAD_OUTPUT",
              "bad output tensor: expected int64 or int32 with the shape of "
              "argmin_output_shape and compact row-major strides"};
    case ARGMIN_ERROR_INDEX_OVERFLOW:
      return {"ARGMIN_ERROR_INDEX_OVERFLOW",
              "index overflow: an index could exceed INT32_MAX, use an int64 "
              "output"};
    case ARGMIN_ERROR_BAD_OPTION:
      return {"ARGMIN_ERROR_BAD_OPTION",
              "bad option: nan_policy and tie_policy must be one of their enum "
              "values, and num_threads >= 0"};
    case ARGMIN_ERROR_UNKNOWN_TARGET:
      return {"ARGMIN_ERROR_UNKNOWN_TARGET",
              "unknown SIMD target, or not supported by this CPU"};
    case ARGMIN_ERROR_OUT_OF_MEMORY:
      return {"ARGMIN_ERROR_OUT_OF_MEMORY", "out of memory for scratch space"};
  }
  return {"ARGMIN_UNKNOWN_STATUS", "unknown status code"};
}

}  // namespace

const char* argmin_status_message(argmin_status status) {
  return DescribeStatus(status).message;
}

const char* argmin_status_name(argmin_status status) {
  return DescribeStatus(status).name;
}

const char* argmin_target_name(void) {
  argmin::internal::ReadEnvironmentOnce();
  const int64_t targets = hwy::SupportedTargets() & HWY_TARGETS;
  return hwy::TargetName(targets & -targets);  // lowest bit: best target
}

argmin_status argmin_force_target(const char* name) {
  argmin::internal::ReadEnvironmentOnce();
  return argmin::internal::ForceTarget(name);
}

argmin_status argmin_set_parallel_grain(int64_t elements) {
  if (elements < 0) return ARGMIN_ERROR_BAD_OPTION;
  argmin::internal::g_grain.store(
      elements == 0 ? argmin::internal::kDefaultGrain : elements,
      std::memory_order_relaxed);
  return ARGMIN_OK;
}

}  // extern "C"
