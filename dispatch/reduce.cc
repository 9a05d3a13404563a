// The reducers (dispatch/reduce.h).
#include "dispatch/reduce.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "dispatch/dtypes.h"
#include "dispatch/kernels.h"
#include "dispatch/layout.h"
#include "dispatch/merge.h"
#include "dispatch/threads.h"

namespace argmin {
namespace internal {
namespace {

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

// Reduces along the axis into `sink`, each thread taking a range of the rows
// of every plane (see SplitsRows), a block of results at a time; the parts'
// answers merge per slice by (key, index), as ReduceSplit's do, so the
// answer is the single-thread one. False if a slice is all-NaN. Why: spread
// results give each thread a narrow strip of every row, which the column
// kernel reads in short pieces (docs/performance.md has the figures).
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

}  // namespace

argmin_status ReducePlan(const Plan& plan, const DLTensor* output) {
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

int64_t ReduceContiguous(DType dtype, size_t itemsize, const void* data,
                         int64_t n, uint32_t flags, int num_threads) {
  const Kernels kernels = ChooseKernels(dtype);
  const int threads = num_threads == 1 ? 1 : ThreadCount(num_threads, n, n);
  if (threads == 1)
    return kernels.slice(data, static_cast<size_t>(n), 1, flags);
  int64_t result = kAllNaN;
  VisitKeyTraits(dtype, [&](auto traits) {
    result = ReduceSplit<decltype(traits)>(static_cast<const uint8_t*>(data), n,
                                           1, static_cast<int64_t>(itemsize),
                                           flags, kernels.slice, threads)
                 .index;
  });
  return result;
}

}  // namespace internal
}  // namespace argmin
