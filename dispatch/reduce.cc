// The reducers (dispatch/reduce.h).
#include "dispatch/reduce.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <vector>

#include "dispatch/dtypes.h"
#include "dispatch/kernels.h"
#include "dispatch/layout.h"
#include "dispatch/merge.h"
#include "dispatch/sink.h"
#include "dispatch/threads.h"

namespace argmin {
namespace internal {
namespace {

// Reduces results [begin, end) of `layout` (in the order outer position, then
// m) with the plane kernel, a batch at a time, and hands each batch to
// consume(first result number, per-order indices, count, first slice's data,
// in place), the numbers stepping by layout.m_lin; where `sinks` hold the
// indices side by side as int64, the kernel writes them there, in place.
// Returns false if a slice was all-NaN.
template <class List, class Consume>
bool ReduceResults(const Plan& plan, const Layout& layout, PlaneKernel plane,
                   int64_t begin, int64_t end, const Sink* sinks,
                   const Consume& consume) {
  constexpr size_t kOrders = List::kCount;
  // A bounded buffer of results, so that no call allocates per result.
  constexpr int64_t kBatch = 1024;
  int64_t indices[kOrders][kBatch];
  bool ok = true;
  while (begin < end) {
    const int64_t count =
        std::min({layout.M - begin % layout.M, end - begin, kBatch});
    int64_t number;
    const uint8_t* p = SliceAt(plan, layout, begin, &number);
    int64_t* out[kOrders];
    bool in_place = sinks != nullptr;
    for (size_t o = 0; o < kOrders; ++o) {
      out[o] = in_place ? sinks[o].Run(number, layout.m_lin) : nullptr;
      in_place = in_place && out[o] != nullptr;
    }
    if (!in_place) {
      for (size_t o = 0; o < kOrders; ++o) out[o] = indices[o];
    }
    ok = plane(p, static_cast<size_t>(layout.K), layout.k_in,
               static_cast<size_t>(count), layout.m_in, plan.flags, out) &&
         ok;
    consume(number, out, count, p, in_place);
    begin += count;
  }
  return ok;
}

// Returns the best (key, index) per order of the slice of `k` elements
// `k_in` apart at `p`, split over `threads` threads, whose answers go
// through `found` (threads * List::kCount of them); index kAllNaN if it is
// all-NaN.
template <class Traits, class List>
void ReduceSplit(const uint8_t* p, int64_t k, int64_t k_in, int64_t item,
                 uint32_t flags, SliceKernel slice, int threads, int64_t* found,
                 Best<Traits>* best) {
  constexpr size_t kOrders = List::kCount;
  ParallelFor(threads, [&](int t) {
    const int64_t begin = k * t / threads, end = k * (t + 1) / threads;
    slice(p + begin * k_in * item, static_cast<size_t>(end - begin), k_in,
          flags, &found[static_cast<size_t>(t) * kOrders]);
  });
  for (int t = 0; t < threads; ++t) {
    const int64_t begin = k * t / threads;
    List::ForEach([&](auto order, size_t o) {
      using Order = decltype(order);
      const int64_t i = found[static_cast<size_t>(t) * kOrders + o];
      if (i == kAllNaN) return;
      const uint8_t* e = p + (begin + i) * k_in * item;
      best[o].template Offer<Order>(
          LoadKey<Traits>(e, Traits::template NaNKey<Order>(flags)), begin + i,
          e);
    });
  }
}

// Calls f(number, p, best) for each slice of the layout, in order, with its
// number, its first element and its best (key, index) per order from
// ReduceSplit: the path for calls with fewer slices than threads.
template <class Traits, class List, class F>
void ForEachSplitSlice(const Plan& plan, const Layout& layout, Kernels kernels,
                       int threads, const F& f) {
  const int64_t item = static_cast<int64_t>(plan.itemsize);
  // Allocated before any slice is reduced, so that running out of memory
  // leaves every output untouched.
  std::vector<int64_t> found(static_cast<size_t>(threads) * List::kCount);
  for (int64_t r = 0; r < layout.results; ++r) {
    int64_t number;
    const uint8_t* p = SliceAt(plan, layout, r, &number);
    Best<Traits> best[List::kCount];
    ReduceSplit<Traits, List>(p, layout.K, layout.k_in, item, plan.flags,
                              kernels.slice, threads, found.data(), best);
    f(number, p, best);
  }
}

// Reduces along the axis into `sinks`, each thread taking a range of the
// rows of every plane (see SplitsRows), a block of results at a time; the
// parts' answers merge per slice by (key, index), as ReduceSplit's do, so the
// answer is the single-thread one. False if a slice is all-NaN. Why: spread
// results give each thread a narrow strip of every row, which the column
// kernel reads in short pieces (docs/performance.md has the figures).
template <class Traits, class List>
bool ReduceRowSplit(const Plan& plan, const Layout& layout, PlaneKernel plane,
                    int threads, const Sink* sinks) {
  constexpr size_t kOrders = List::kCount;
  const int64_t item = static_cast<int64_t>(plan.itemsize);
  constexpr int64_t kBlock = 4096;  // results per round: bounded scratch
  const size_t per_thread = kOrders * kBlock;
  std::vector<int64_t> indices(static_cast<size_t>(threads) * per_thread);
  std::vector<typename Traits::Key> keys(indices.size());
  bool ok = true;
  for (int64_t begin = 0; begin < layout.results;) {
    const int64_t count =
        std::min({layout.M - begin % layout.M, layout.results - begin, kBlock});
    int64_t number;
    const uint8_t* p = SliceAt(plan, layout, begin, &number);
    ParallelFor(threads, [&](int t) {
      const int64_t k0 = layout.K * t / threads;
      const int64_t k1 = layout.K * (t + 1) / threads;
      const uint8_t* q = p + k0 * layout.k_in * item;
      int64_t* part[kOrders];
      for (size_t o = 0; o < kOrders; ++o) {
        part[o] = &indices[t * per_thread + o * kBlock];
      }
      plane(q, static_cast<size_t>(k1 - k0), layout.k_in,
            static_cast<size_t>(count), layout.m_in, plan.flags, part);
      // Each thread loads its own answers' keys: these are scattered reads
      // of rows long gone from cache, which then overlap.
      List::ForEach([&](auto order, size_t o) {
        using Order = decltype(order);
        const auto nan_key = Traits::template NaNKey<Order>(plan.flags);
        typename Traits::Key* part_keys = &keys[t * per_thread + o * kBlock];
        for (int64_t j = 0; j < count; ++j) {
          if (part[o][j] == kAllNaN) continue;
          part_keys[j] = LoadKey<Traits>(
              q + (part[o][j] * layout.k_in + j * layout.m_in) * item, nan_key);
          part[o][j] += k0;
        }
      });
    });
    List::ForEach([&](auto order, size_t o) {
      using Order = decltype(order);
      for (int64_t j = 0; j < count; ++j) {
        Best<Traits> best;
        for (int t = 0; t < threads; ++t) {
          const size_t at = t * per_thread + o * kBlock + j;
          best.template Offer<Order>(keys[at], indices[at], nullptr);
        }
        ok = best.index != kAllNaN && ok;
        const uint8_t* slice = p + j * layout.m_in * item;
        sinks[o].Put(
            number + j * layout.m_lin, best.index,
            slice + std::max<int64_t>(best.index, 0) * layout.k_in * item);
      }
    });
    begin += count;
  }
  return ok;
}

// Reduces along the axis into `sinks` (one per order); false if a slice is
// all-NaN. Results are spread over threads; when there are fewer results
// than threads, each slice is split instead, and the rows of a plane when
// strips of its columns would be narrow (SplitsRows). One thread enters no
// parallel region at all, whose start-up would dominate small calls.
template <class Traits, class List>
bool ReduceAlongAxis(const Plan& plan, const Layout& layout, Kernels kernels,
                     const Sink* sinks) {
  constexpr size_t kOrders = List::kCount;
  const int64_t item = static_cast<int64_t>(plan.itemsize);
  // An all-NaN slice's kAllNaN is written too: it goes to scratch, which is
  // dropped when the call fails, or stays as index -1 when the plan allows.
  const auto put = [&](int64_t first, int64_t* const* indices, int64_t count,
                       const uint8_t* p, bool in_place) {
    for (size_t o = 0; o < kOrders; ++o) {
      sinks[o].PutRun(first, layout.m_lin, indices[o], count, p,
                      layout.m_in * item, layout.k_in * item, in_place);
    }
  };
  const ThreadLease lease(plan.num_threads, plan.count);
  const int threads = lease.count();
  const int64_t results = layout.results;
  if (threads == 1) {
    return ReduceResults<List>(plan, layout, kernels.plane, 0, results, sinks,
                               put);
  }
  if (results < threads) {
    bool ok = true;
    ForEachSplitSlice<Traits, List>(
        plan, layout, kernels, threads,
        [&](int64_t number, const uint8_t* p, const Best<Traits>* best) {
          for (size_t o = 0; o < kOrders; ++o) {
            ok = best[o].index != kAllNaN && ok;
            sinks[o].Put(number, best[o].index,
                         best[o].element != nullptr ? best[o].element : p);
          }
        });
    return ok;
  }
  if (SplitsRows(plan, layout, threads, kernels.plane_path)) {
    return ReduceRowSplit<Traits, List>(plan, layout, kernels.plane, threads,
                                        sinks);
  }
  std::atomic<bool> ok{true};
  ParallelFor(threads, [&](int t) {
    const int64_t begin = results * t / threads;
    const int64_t end = results * (t + 1) / threads;
    if (!ReduceResults<List>(plan, layout, kernels.plane, begin, end, sinks,
                             put)) {
      ok.store(false, std::memory_order_relaxed);
    }
  });
  return ok.load(std::memory_order_relaxed);
}

// Writes to best[o] the logical (row-major) index of the o-th extreme of the
// whole input and its element; index kAllNaN if every element is NaN under
// kIgnoreNaN. Rows (slices along the last merged dimension) are reduced as
// along an axis, and their answers merged by key and logical index, in
// bounded memory.
template <class Traits, class List>
void ReduceAll(const Plan& plan, const Layout& layout, Kernels kernels,
               Best<Traits>* best) {
  constexpr size_t kOrders = List::kCount;
  const int64_t item = static_cast<int64_t>(plan.itemsize);
  const ThreadLease lease(plan.num_threads, plan.count);
  const int threads = lease.count();
  const int64_t results = layout.results;
  if (threads > 1 && results < threads) {
    ForEachSplitSlice<Traits, List>(
        plan, layout, kernels, threads,
        [&](int64_t number, const uint8_t*, const Best<Traits>* row) {
          List::ForEach([&](auto order, size_t o) {
            if (row[o].index == kAllNaN) return;
            best[o].template Offer<decltype(order)>(
                row[o].key, number * layout.K + row[o].index, row[o].element);
          });
        });
    return;
  }
  std::vector<Best<Traits>> parts(static_cast<size_t>(threads) * kOrders);
  const auto run = [&](int t) {
    Best<Traits>* mine = &parts[static_cast<size_t>(t) * kOrders];
    const auto offer = [&](int64_t first, int64_t* const* indices,
                           int64_t count, const uint8_t* p, bool) {
      List::ForEach([&](auto order, size_t o) {
        using Order = decltype(order);
        const auto nan_key = Traits::template NaNKey<Order>(plan.flags);
        for (int64_t j = 0; j < count; ++j) {
          const int64_t i = indices[o][j];
          if (i == kAllNaN) continue;
          const uint8_t* e = p + (j * layout.m_in + i * layout.k_in) * item;
          mine[o].template Offer<Order>(
              LoadKey<Traits>(e, nan_key),
              (first + j * layout.m_lin) * layout.K + i, e);
        }
      });
    };
    ReduceResults<List>(plan, layout, kernels.plane, results * t / threads,
                        results * (t + 1) / threads, nullptr, offer);
  };
  ParallelFor(threads, run);
  for (int t = 0; t < threads; ++t) {
    List::ForEach([&](auto order, size_t o) {
      const Best<Traits>& part = parts[static_cast<size_t>(t) * kOrders + o];
      best[o].template Offer<decltype(order)>(part.key, part.index,
                                              part.element);
    });
  }
}

// Returns whether some slice of the layout holds only NaNs. Why a pass of its
// own: it lets a call that fails on such a slice write nothing without
// keeping every result in scratch as large as the outputs, and it reads
// little more than the first element of each slice, as all but NaN-laden
// data has a number there.
template <class Traits>
bool AnySliceAllNaN(const Plan& plan, const Layout& layout, SliceKernel slice) {
  if constexpr (!Traits::kIsFloat) {
    return false;
  } else {
    const int64_t item = static_cast<int64_t>(plan.itemsize);
    const int64_t step = layout.m_in * item;
    const ThreadLease lease(plan.num_threads, layout.results);
    const int threads = lease.count();
    // Shared, so that the first all-NaN slice found stops every thread.
    std::atomic<bool> any{false};
    const auto scan = [&](int t) {
      const int64_t end = layout.results * (t + 1) / threads;
      for (int64_t r = layout.results * t / threads;
           r < end && !any.load(std::memory_order_relaxed);) {
        const int64_t count = std::min(layout.M - r % layout.M, end - r);
        int64_t number;
        const uint8_t* p = SliceAt(plan, layout, r, &number);
        for (int64_t j = 0; j < count; ++j, p += step) {
          if (SliceAllNaN<Traits>(p, layout.K, layout.k_in, item, slice)) {
            any.store(true, std::memory_order_relaxed);
            break;
          }
        }
        r += count;
      }
    };
    ParallelFor(threads, scan);
    return any.load();
  }
}

}  // namespace

argmin_status ReducePlan(const Plan& plan, Op op, const Outputs& outputs) {
  const Kernels kernels = ChooseKernels(plan.dtype, op);
  const Layout layout = MakeLayout(plan);
  Sink sinks[kMaxOrders];
  for (int o = 0; o < outputs.count; ++o) sinks[o] = SinkOf(plan, outputs, o);

  if (plan.axis < 0) {
    bool ok = true;
    VisitKeyTraits(plan.dtype, [&](auto traits) {
      using Traits = decltype(traits);
      VisitOrders(op, plan.flags, [&](auto list) {
        using List = decltype(list);
        Best<Traits> best[List::kCount];
        ReduceAll<Traits, List>(plan, layout, kernels, best);
        for (size_t o = 0; o < List::kCount; ++o) {
          ok = ok && best[o].index != kAllNaN;
        }
        if (!ok && !plan.all_nan_ok) return;
        for (size_t o = 0; o < List::kCount; ++o) {
          sinks[o].Put(0, best[o].index,
                       best[o].element ? best[o].element : plan.base);
        }
      });
    });
    return ok || plan.all_nan_ok ? ARGMIN_OK : ARGMIN_ERROR_ALL_NAN;
  }
  // Only an ignored NaN can fail a slice once the checks passed; such a call
  // first looks for an all-NaN slice, so that a failure writes nothing.
  const bool may_fail =
      (plan.flags & kIgnoreNaN) && IsFloat(plan.dtype) && !plan.all_nan_ok;
  bool ok = true;
  VisitKeyTraits(plan.dtype, [&](auto traits) {
    using Traits = decltype(traits);
    if (may_fail && AnySliceAllNaN<Traits>(plan, layout, kernels.slice)) {
      ok = false;
      return;
    }
    VisitOrders(op, plan.flags, [&](auto list) {
      ok =
          ReduceAlongAxis<Traits, decltype(list)>(plan, layout, kernels, sinks);
    });
  });
  if (!ok && !plan.all_nan_ok) return ARGMIN_ERROR_ALL_NAN;
  return ARGMIN_OK;
}

void ReduceContiguous(DType dtype, Op op, size_t itemsize, const void* data,
                      int64_t n, uint32_t flags, int num_threads,
                      int64_t* out) {
  const Kernels kernels = ChooseKernels(dtype, op);
  const ThreadLease lease(num_threads, n);
  const int threads = lease.count();
  if (threads == 1) {
    kernels.slice(data, static_cast<size_t>(n), 1, flags, out);
    return;
  }
  VisitKeyTraits(dtype, [&](auto traits) {
    using Traits = decltype(traits);
    VisitOrders(op, flags, [&](auto list) {
      using List = decltype(list);
      Best<Traits> best[List::kCount];
      std::vector<int64_t> found(static_cast<size_t>(threads) * List::kCount);
      ReduceSplit<Traits, List>(static_cast<const uint8_t*>(data), n, 1,
                                static_cast<int64_t>(itemsize), flags,
                                kernels.slice, threads, found.data(), best);
      for (size_t o = 0; o < List::kCount; ++o) out[o] = best[o].index;
    });
  });
}

}  // namespace internal
}  // namespace argmin
