// The segmented reducer (dispatch/grouping.h): each segment is a short
// plane, which the op's plane kernel reads as it reads a whole axis.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <vector>

#include "dispatch/dtypes.h"
#include "dispatch/grouping.h"
#include "dispatch/kernels.h"
#include "dispatch/layout.h"
#include "dispatch/merge.h"
#include "dispatch/reduce.h"
#include "dispatch/sink.h"
#include "dispatch/threads.h"

namespace argmin {
namespace internal {
namespace {

// The longest segment of a single slice (Layout::M == 1) reduced one element
// at a time: shorter ones cost more in the kernel's set-up than in reading.
constexpr int64_t kShortSegment = 16;

// The most result slices the plane kernel reduces in one call: a bounded
// scratch for its indices, on the stack.
constexpr int64_t kBatch = 1024;

// Result slices [first, first + count) of one outer position: one plane
// kernel call per segment.
struct Batch {
  int64_t first;
  int64_t count;
};

// A call's fixed parts, as the segment loops need them.
struct SegmentCall {
  const Plan& plan;
  const Layout& layout;
  const Grouping& grouping;
  const SlotPlaces& places;
  PlaneKernel plane;
  int64_t item;
  // Each result slice's first element and result number (SliceAt's),
  // found once rather than per segment.
  const uint8_t* const* starts;
  const int64_t* numbers;
  const std::vector<Batch>& batches;
  bool compact;  // one plane of compact rows: segment s+1 follows segment s
};

// Reduces positions [b, e) (b < e) of the axis in every result slice with
// the plane kernel, a batch of slices at a time, and hands each batch to
// take(first result r, its number, per-order indices within [b, e), count,
// the batch's first element at b, in place); false if a slice was all-NaN.
// Where `sinks` hold segment s's results of a batch side by side as int64,
// the kernel writes its indices there (in place), else into scratch.
template <class List, class Take>
bool ReducePiece(const SegmentCall& c, int64_t b, int64_t e, const Sink* sinks,
                 int64_t s, const Take& take) {
  constexpr size_t kOrders = List::kCount;
  int64_t indices[kOrders][kBatch];
  int64_t* out[kOrders];
  const Layout& layout = c.layout;
  bool ok = true;
  for (const Batch& batch : c.batches) {
    const int64_t r = batch.first, count = batch.count;
    const int64_t number = c.numbers[r];
    const uint8_t* p = c.starts[r] + b * layout.k_in * c.item;
    // In place only where one outer position holds the whole batch's
    // results, at steps of m_lin.
    bool in_place = sinks != nullptr && c.places.outer == 1;
    for (size_t o = 0; o < kOrders; ++o) {
      out[o] = in_place ? sinks[o].Run(c.places.At(number, s), layout.m_lin)
                        : nullptr;
      in_place = in_place && out[o] != nullptr;
    }
    if (!in_place) {
      for (size_t o = 0; o < kOrders; ++o) out[o] = indices[o];
    }
    ok = c.plane(p, static_cast<size_t>(e - b), layout.k_in,
                 static_cast<size_t>(count), layout.m_in, c.plan.flags, out) &&
         ok;
    take(r, number, out, count, p, in_place);
  }
  return ok;
}

// Returns the element an all-NaN segment of `length` elements starting at
// `first` shows as value: its first, or its last when the last index wins.
inline const uint8_t* AllNaNElement(const SegmentCall& c, const uint8_t* first,
                                    int64_t length) {
  return (c.plan.flags & kLastIndex)
             ? first + (length - 1) * c.layout.k_in * c.item
             : first;
}

// Returns the index within the slice of `length` >= 1 elements `k_bytes`
// apart at `p` of its best element under Order and `flags`, kAllNaN if all
// are NaN under kIgnoreNaN: the rule of the kernels, one element at a time,
// for slices too short to repay a kernel call.
template <class Traits, class Order>
int64_t ArgShort(const uint8_t* p, int64_t length, int64_t k_bytes,
                 uint32_t flags) {
  const auto nan_key = Traits::template NaNKey<Order>(flags);
  auto best = LoadKey<Traits>(p, nan_key);
  int64_t index = 0;
  for (int64_t i = 1; i < length; ++i) {
    const auto key = LoadKey<Traits>(p + i * k_bytes, nan_key);
    if (Order::Replaces(key, best)) best = key, index = i;
  }
  return Traits::template AllNaN<Order>(best, flags) ? kAllNaN : index;
}

// Reduces segment s, of at most kShortSegment elements, of every result
// slice one element at a time into `sinks` (layouts of one slice per outer
// position, where the kernel would run on a few elements at a time).
template <class Traits, class List>
void ReduceShortSegment(const SegmentCall& c, int64_t s, const Sink* sinks) {
  const int64_t b = c.grouping.offsets[s], e = c.grouping.offsets[s + 1];
  const int64_t base = c.grouping.in_segment ? 0 : b;
  const int64_t k_bytes = c.layout.k_in * c.item;
  for (int64_t r = 0; r < c.layout.results; ++r) {
    const int64_t number = c.numbers[r];
    const uint8_t* p = c.starts[r] + b * k_bytes;
    const int64_t at = c.places.At(number, s);
    List::ForEach([&](auto order, size_t o) {
      const int64_t i =
          ArgShort<Traits, decltype(order)>(p, e - b, k_bytes, c.plan.flags);
      if (i == kAllNaN) {
        sinks[o].Put(at, -1, AllNaNElement(c, p, e - b));
      } else {
        sinks[o].Put(at, base + i, p + i * k_bytes);
      }
    });
  }
}

// Reduces segment s, wholly one thread's, into `sinks`.
template <class List>
void ReduceOwnedSegment(const SegmentCall& c, int64_t s, const Sink* sinks) {
  const int64_t b = c.grouping.offsets[s], e = c.grouping.offsets[s + 1];
  const int64_t base = c.grouping.in_segment ? 0 : b;
  const int64_t m_bytes = c.layout.m_in * c.item;
  const int64_t k_bytes = c.layout.k_in * c.item;
  const int64_t m_lin = c.layout.m_lin;
  const SlotPlaces places = c.places;
  if (c.compact) {
    // The segment after this one, about as long: segments of a few rows
    // leave the hardware prefetchers behind.
    const uint8_t* next = c.starts[0] + e * k_bytes;
    const int64_t bytes = std::min<int64_t>((e - b) * k_bytes, 4096);
    for (int64_t line = 0; line < bytes; line += 64) {
      __builtin_prefetch(next + line);
    }
  }
  ReducePiece<List>(
      c, b, e, sinks, s,
      [&](int64_t, int64_t number, int64_t* const* indices, int64_t count,
          const uint8_t* p, bool in_place) {
        for (size_t o = 0; o < List::kCount; ++o) {
          const Sink sink = sinks[o];
          int64_t* found = indices[o];
          if (in_place) {
            // The kernel's indices count from b; an all-NaN slice's -1
            // stays.
            const int64_t add = base;  // a local: `found` cannot alias it
            if (add != 0 && !(c.plan.flags & kIgnoreNaN)) {
              // No slice is all-NaN: a plain add, which vectorizes.
              for (int64_t j = 0; j < count; ++j) found[j] += add;
            } else if (add != 0) {
              for (int64_t j = 0; j < count; ++j) {
                found[j] = found[j] < 0 ? found[j] : found[j] + add;
              }
            }
            if (sink.values == nullptr) continue;
          }
          for (int64_t j = 0; j < count; ++j) {
            const int64_t i =
                in_place && found[j] >= 0 ? found[j] - base : found[j];
            const uint8_t* slice = p + j * m_bytes;
            const int64_t at = places.At(number + j * m_lin, s);
            const uint8_t* element = i == kAllNaN
                                         ? AllNaNElement(c, slice, e - b)
                                         : slice + i * k_bytes;
            if (in_place) {
              CopyElement(sink.values + at * sink.itemsize, element,
                          sink.itemsize);
            } else {
              sink.Put(at, i == kAllNaN ? -1 : base + i, element);
            }
          }
        }
      });
}

// A thread's part of a segment that crosses its range: the best (key,
// index) per order and result slice, indices along the axis.
template <class Traits>
struct Piece {
  int64_t segment = -1;            // -1: unused
  std::vector<Best<Traits>> best;  // [order * results + r]
};

// Reduces positions [b, e) of segment s into `piece`.
template <class Traits, class List>
void ReducePartOfSegment(const SegmentCall& c, int64_t s, int64_t b, int64_t e,
                         Piece<Traits>* piece) {
  piece->segment = s;
  const int64_t m_bytes = c.layout.m_in * c.item;
  const int64_t k_bytes = c.layout.k_in * c.item;
  const int64_t results = c.layout.results;
  ReducePiece<List>(
      c, b, e, nullptr, s,
      [&](int64_t r, int64_t, int64_t* const* indices, int64_t count,
          const uint8_t* p, bool) {
        List::ForEach([&](auto order, size_t o) {
          using Order = decltype(order);
          const auto nan_key = Traits::template NaNKey<Order>(c.plan.flags);
          for (int64_t j = 0; j < count; ++j) {
            const int64_t i = indices[o][j];
            if (i == kAllNaN) continue;
            const uint8_t* element = p + j * m_bytes + i * k_bytes;
            piece->best[o * results + r + j].template Offer<Order>(
                LoadKey<Traits>(element, nan_key), b + i, element);
          }
        });
      });
}

// Returns whether some nonempty segment of some result slice holds only
// NaNs: a pass of its own so that a call that fails writes nothing, which
// reads little more than each segment's first element.
template <class Traits>
bool AnySegmentAllNaN(const SegmentCall& c, SliceKernel slice) {
  const std::vector<int64_t>& offsets = c.grouping.offsets;
  for (int64_t r = 0; r < c.layout.results; ++r) {
    const uint8_t* p = c.starts[r];
    for (int64_t s = 0; s < c.grouping.slots; ++s) {
      const int64_t b = offsets[s], e = offsets[s + 1];
      if (b < e && SliceAllNaN<Traits>(p + b * c.layout.k_in * c.item, e - b,
                                       c.layout.k_in, c.item, slice)) {
        return true;
      }
    }
  }
  return false;
}

// Reduces every nonempty segment into `sinks`, thread t taking the segments
// within positions [n t / T, n (t + 1) / T) of the axis, and a piece of each
// segment that crosses its bounds, whose pieces then merge by (key, index)
// as the threads' parts of one slice do: the answer is the one-thread one,
// and the work is balanced by elements whatever the segments' lengths.
template <class Traits, class List>
void ReduceSegmentsOn(const SegmentCall& c, int threads, const Sink* sinks) {
  constexpr size_t kOrders = List::kCount;
  const std::vector<int64_t>& offsets = c.grouping.offsets;
  const int64_t n = c.plan.extent, results = c.layout.results;
  // Allocated before any output is written: at most two pieces per thread.
  std::vector<Piece<Traits>> pieces(static_cast<size_t>(threads) * 2);
  if (threads > 1) {
    for (Piece<Traits>& piece : pieces) {
      piece.best.resize(kOrders * static_cast<size_t>(results));
    }
  }
  ParallelFor(threads, [&](int t) {
    const int64_t lo = n * t / threads, hi = n * (t + 1) / threads;
    if (lo == hi) return;
    // The first segment that ends past lo.
    int64_t s = std::upper_bound(offsets.begin(), offsets.end(), lo) -
                offsets.begin() - 1;
    int used = 0;
    for (; s < c.grouping.slots && offsets[s] < hi; ++s) {
      const int64_t b = offsets[s], e = offsets[s + 1];
      if (b == e) continue;
      if (lo <= b && e <= hi) {
        if (c.layout.M == 1 && e - b <= kShortSegment) {
          ReduceShortSegment<Traits, List>(c, s, sinks);
        } else {
          ReduceOwnedSegment<List>(c, s, sinks);
        }
      } else {
        ReducePartOfSegment<Traits, List>(
            c, s, std::max(b, lo), std::min(e, hi), &pieces[2 * t + used++]);
      }
    }
  });
  if (threads == 1) return;
  // Merge the pieces of each crossing segment, in thread order.
  for (size_t first = 0; first < pieces.size(); ++first) {
    const int64_t s = pieces[first].segment;
    if (s < 0) continue;
    std::vector<Best<Traits>>& best = pieces[first].best;
    for (size_t other = first + 1; other < pieces.size(); ++other) {
      if (pieces[other].segment != s) continue;
      List::ForEach([&](auto order, size_t o) {
        for (int64_t r = 0; r < results; ++r) {
          const Best<Traits>& part = pieces[other].best[o * results + r];
          best[o * results + r].template Offer<decltype(order)>(
              part.key, part.index, part.element);
        }
      });
      pieces[other].segment = -1;
    }
    const int64_t b = offsets[s], e = offsets[s + 1];
    const int64_t base = c.grouping.in_segment ? b : 0;
    for (int64_t r = 0; r < results; ++r) {
      const int64_t number = c.numbers[r];
      const uint8_t* slice = c.starts[r] + b * c.layout.k_in * c.item;
      const int64_t at = c.places.At(number, s);
      for (size_t o = 0; o < kOrders; ++o) {
        const Best<Traits>& found = best[o * results + r];
        if (found.index < 0) {
          sinks[o].Put(at, -1, AllNaNElement(c, slice, e - b));
        } else {
          sinks[o].Put(at, found.index - base, found.element);
        }
      }
    }
  }
}

}  // namespace

argmin_status ReduceSegments(const Plan& plan, const Grouping& grouping, Op op,
                             const Outputs& outputs) {
  Sink sinks[kMaxOrders];
  for (int o = 0; o < outputs.count; ++o) sinks[o] = SinkOf(plan, outputs, o);
  const SlotPlaces places = PlacesOf(plan);
  const int64_t slots = grouping.slots;
  bool ok = true;
  if (plan.extent > 0) {
    const Kernels kernels = ChooseKernels(plan.dtype, op);
    const Layout layout = MakeLayout(plan);
    std::vector<const uint8_t*> starts(static_cast<size_t>(layout.results));
    std::vector<int64_t> numbers(starts.size());
    for (int64_t r = 0; r < layout.results; ++r) {
      starts[r] = SliceAt(plan, layout, r, &numbers[r]);
    }
    std::vector<Batch> batches;
    for (int64_t r = 0; r < layout.results;) {
      const int64_t count =
          std::min({layout.M - r % layout.M, layout.results - r, kBatch});
      batches.push_back({r, count});
      r += count;
    }
    const SegmentCall call{plan,
                           layout,
                           grouping,
                           places,
                           kernels.plane,
                           static_cast<int64_t>(plan.itemsize),
                           starts.data(),
                           numbers.data(),
                           batches,
                           layout.results == layout.M && layout.m_in == 1 &&
                               layout.k_in == layout.M};
    const bool may_fail =
        (plan.flags & kIgnoreNaN) && IsFloat(plan.dtype) && !plan.all_nan_ok;
    VisitKeyTraits(plan.dtype, [&](auto traits) {
      using Traits = decltype(traits);
      if (may_fail && AnySegmentAllNaN<Traits>(call, kernels.slice)) {
        ok = false;
        return;
      }
      const ThreadLease lease(plan.num_threads, plan.count);
      VisitOrders(op, plan.flags, [&](auto list) {
        ReduceSegmentsOn<Traits, decltype(list)>(call, lease.count(), sinks);
      });
    });
  }
  if (!ok) return ARGMIN_ERROR_ALL_NAN;
  for (int64_t s = 0; s < slots; ++s) {
    if (grouping.offsets[s] != grouping.offsets[s + 1]) continue;
    for (int o = 0; o < outputs.count; ++o) {
      places.PutEmpty(sinks[o], s, grouping.empty_index);
    }
  }
  return ARGMIN_OK;
}

}  // namespace internal
}  // namespace argmin
