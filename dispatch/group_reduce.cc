// The grouped reducer (dispatch/grouping.h): one pass over the positions
// along the axis, each element offered to its group's running best, per
// thread, the threads' bests then merged by (key, index).
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <type_traits>
#include <vector>

#include "dispatch/dtypes.h"
#include "dispatch/grouping.h"
#include "dispatch/layout.h"
#include "dispatch/merge.h"
#include "dispatch/reduce.h"
#include "dispatch/sink.h"
#include "dispatch/threads.h"

namespace argmin {
namespace internal {
namespace {

// A group's running best for one order and result slice: its key and index,
// side by side so that an update touches one cache line. Index -1: no
// element yet.
template <class Traits>
struct Entry {
  typename Traits::Key key;
  int64_t index;
};

// The most scratch the threads' running bests may take beyond one thread's,
// in bytes, or else fewer threads run: past it, merging them costs more than
// the threads save.
constexpr int64_t kExtraScratch = int64_t{256} << 20;

// Running bests of more bytes than this are prefetched, kPrefetchKeys keys
// ahead: past the L2 cache, the loop would otherwise wait on a miss per
// element.
constexpr int64_t kPrefetchTable = int64_t{512} << 10;
constexpr int64_t kPrefetchKeys = 16;

// How many positions ahead the loop asks for its keys' and values' cache
// lines, eight positions at a time.
constexpr int64_t kStreamAhead = 256;

// One thread's running bests, per order of List: where they lie and the key
// NaN takes, held by value so that the loops keep them in registers.
template <class Traits, class List>
struct RunningBests {
  Entry<Traits>* entries[List::kCount];
  typename Traits::Key nan_keys[List::kCount];

  RunningBests(Entry<Traits>* const* at, uint32_t flags) {
    List::ForEach([&](auto order, size_t o) {
      entries[o] = at[o];
      nan_keys[o] = Traits::template NaNKey<decltype(order)>(flags);
    });
  }

  // Offers the element at `e`, position `i` along the axis, to the bests at
  // `at`.
  void Offer(const uint8_t* e, int64_t i, int64_t at) const {
    typename Traits::Key raw;
    __builtin_memcpy(&raw, e, sizeof(raw));
    List::ForEach([&](auto order, size_t o) {
      const auto key = Traits::KeyOf(raw, nan_keys[o]);
      Entry<Traits>& best = entries[o][at];
      if (best.index < 0 || decltype(order)::Replaces(key, best.key)) {
        best.key = key;
        best.index = i;
      }
    });
  }
};

// Returns the key at element `i` of `keys` (any alignment).
template <typename KeyT>
inline int64_t LoadKeyAt(const uint8_t* keys, int64_t i) {
  KeyT key;
  __builtin_memcpy(&key, keys + i * static_cast<int64_t>(sizeof(KeyT)),
                   sizeof(KeyT));
  return key;
}

// Offers positions [lo, hi) of every result slice to the running bests at
// `entries` (per order, [group * results + r]); returns false if a key is
// num_groups or more. KeyT is the keys' type.
template <class Traits, class List, typename KeyT>
bool OfferRange(const Plan& plan, const Layout& layout,
                const Grouping& grouping, int64_t lo, int64_t hi,
                Entry<Traits>* const* entries) {
  const RunningBests<Traits, List> bests(entries, plan.flags);
  const int64_t item = static_cast<int64_t>(plan.itemsize);
  const int64_t results = layout.results;
  const uint64_t groups = static_cast<uint64_t>(grouping.slots);
  const uint8_t* keys = grouping.keys;
  const int64_t key_stride = grouping.key_stride;
  bool bad = false;
  if (layout.M > 1 && std::abs(layout.m_in) < std::abs(layout.k_in)) {
    // Slices side by side in memory: a row of M elements per position.
    for (int64_t r = 0; r < results; r += layout.M) {
      int64_t number;
      const uint8_t* p = SliceAt(plan, layout, r, &number);
      for (int64_t i = lo; i < hi; ++i) {
        const int64_t g = LoadKeyAt<KeyT>(keys, i * key_stride);
        if (static_cast<uint64_t>(g) >= groups) {
          bad = bad || g >= 0;
          continue;
        }
        const uint8_t* row = p + i * layout.k_in * item;
        for (int64_t m = 0; m < layout.M; ++m) {
          bests.Offer(row + m * layout.m_in * item, i, g * results + r + m);
        }
      }
    }
    return !bad;
  }
  const int64_t step = layout.k_in * item;
  for (int64_t r = 0; r < results; ++r) {
    int64_t number;
    const uint8_t* p = SliceAt(plan, layout, r, &number);
    // Contiguous keys and values, the common case, as a loop of its own
    // that the compiler keeps free of stride arithmetic.
    const auto run = [&](int64_t key_step, int64_t value_step, auto prefetch) {
      for (int64_t i = lo; i < hi; ++i) {
        if constexpr (decltype(prefetch)::value) {
          // The running best of a key kPrefetchKeys positions on, whose
          // cache line a table larger than the caches would miss.
          if (i + kPrefetchKeys < hi) {
            const uint64_t ahead = static_cast<uint64_t>(
                LoadKeyAt<KeyT>(keys, (i + kPrefetchKeys) * key_step));
            if (ahead < groups) {
              for (size_t o = 0; o < List::kCount; ++o) {
                __builtin_prefetch(bests.entries[o] + ahead * results + r, 1);
              }
            }
          }
        }
        if ((i & 7) == 0) {
          // The keys and values kStreamAhead positions on: the loop's
          // branches on what it loads leave the hardware prefetchers behind.
          __builtin_prefetch(keys + (i + kStreamAhead) * key_step *
                                        static_cast<int64_t>(sizeof(KeyT)));
          __builtin_prefetch(p + (i + kStreamAhead) * value_step);
        }
        const int64_t g = LoadKeyAt<KeyT>(keys, i * key_step);
        if (static_cast<uint64_t>(g) >= groups) {
          bad = bad || g >= 0;
          continue;
        }
        bests.Offer(p + i * value_step, i, g * results + r);
      }
    };
    const bool large = grouping.slots * results * List::kCount *
                           static_cast<int64_t>(sizeof(Entry<Traits>)) >
                       kPrefetchTable;
    const auto with_prefetch = [&](int64_t key_step, int64_t value_step) {
      if (large) {
        run(key_step, value_step, std::true_type());
      } else {
        run(key_step, value_step, std::false_type());
      }
    };
    if (key_stride == 1 && step == item && results == 1) {
      with_prefetch(1, static_cast<int64_t>(sizeof(typename Traits::Key)));
    } else {
      with_prefetch(key_stride, step);
    }
  }
  return !bad;
}

// Reduces the groups into `sinks`; ARGMIN_ERROR_BAD_GROUPS for a key of
// num_groups or more, ARGMIN_ERROR_ALL_NAN for an all-NaN group when that
// fails the call, both before any output is written.
template <class Traits, class List>
argmin_status ReduceGroupsOf(const Plan& plan, const Grouping& grouping,
                             const SlotPlaces& places, const Sink* sinks) {
  constexpr size_t kOrders = List::kCount;
  const Layout layout = MakeLayout(plan);
  const int64_t n = plan.extent, results = layout.results;
  const size_t entries = static_cast<size_t>(grouping.slots * results);
  const ThreadLease lease(plan.num_threads, plan.count);
  int threads = lease.count();
  const int64_t bytes_per_thread =
      static_cast<int64_t>(entries * kOrders * sizeof(Entry<Traits>));
  if (threads > 1 && bytes_per_thread * (threads - 1) > kExtraScratch) {
    threads = static_cast<int>(
        std::max<int64_t>(1, kExtraScratch / bytes_per_thread + 1));
    threads = std::min(threads, lease.count());
  }
  // Every thread's running bests, allocated before anything is written.
  std::vector<Entry<Traits>> scratch(
      static_cast<size_t>(threads) * kOrders * entries, Entry<Traits>{{}, -1});
  const auto entries_of = [&](int t, Entry<Traits>** out) {
    for (size_t o = 0; o < kOrders; ++o) {
      out[o] = &scratch[(static_cast<size_t>(t) * kOrders + o) * entries];
    }
  };
  std::atomic<bool> good{true};
  ParallelFor(threads, [&](int t) {
    Entry<Traits>* mine[kOrders];
    entries_of(t, mine);
    const int64_t lo = n * t / threads, hi = n * (t + 1) / threads;
    const bool ok = grouping.keys_int32
                        ? OfferRange<Traits, List, int32_t>(
                              plan, layout, grouping, lo, hi, mine)
                        : OfferRange<Traits, List, int64_t>(
                              plan, layout, grouping, lo, hi, mine);
    if (!ok) good.store(false, std::memory_order_relaxed);
  });
  if (!good.load()) return ARGMIN_ERROR_BAD_GROUPS;
  Entry<Traits>* best[kOrders];
  entries_of(0, best);
  for (int t = 1; t < threads; ++t) {
    Entry<Traits>* part[kOrders];
    entries_of(t, part);
    List::ForEach([&](auto order, size_t o) {
      using Order = decltype(order);
      for (size_t at = 0; at < entries; ++at) {
        const Entry<Traits>& p = part[o][at];
        Entry<Traits>& b = best[o][at];
        if (p.index >= 0 &&
            (b.index < 0 || Order::Precedes(p.key, p.index, b.key, b.index))) {
          b = p;
        }
      }
    });
  }
  bool all_nan = false;
  List::ForEach([&](auto order, size_t o) {
    for (size_t at = 0; at < entries; ++at) {
      all_nan = all_nan || (best[o][at].index >= 0 &&
                            Traits::template AllNaN<decltype(order)>(
                                best[o][at].key, plan.flags));
    }
  });
  if (all_nan && !plan.all_nan_ok) return ARGMIN_ERROR_ALL_NAN;
  const int64_t step = layout.k_in * static_cast<int64_t>(plan.itemsize);
  for (int64_t r = 0; r < results; ++r) {
    int64_t number;
    const uint8_t* p = SliceAt(plan, layout, r, &number);
    List::ForEach([&](auto order, size_t o) {
      for (int64_t g = 0; g < grouping.slots; ++g) {
        const Entry<Traits>& found = best[o][g * results + r];
        const int64_t at = places.At(number, g);
        if (found.index < 0) {
          sinks[o].Put(at, grouping.empty_index, kZeroElement);
        } else if (Traits::template AllNaN<decltype(order)>(found.key,
                                                            plan.flags)) {
          sinks[o].Put(at, -1, p + found.index * step);
        } else {
          sinks[o].Put(at, found.index, p + found.index * step);
        }
      }
    });
  }
  return ARGMIN_OK;
}

}  // namespace

argmin_status ReduceGroups(const Plan& plan, const Grouping& grouping, Op op,
                           const Outputs& outputs) {
  Sink sinks[kMaxOrders];
  for (int o = 0; o < outputs.count; ++o) sinks[o] = SinkOf(plan, outputs, o);
  const SlotPlaces places = PlacesOf(plan);
  if (plan.extent == 0) {
    for (int64_t g = 0; g < grouping.slots; ++g) {
      for (int o = 0; o < outputs.count; ++o) {
        places.PutEmpty(sinks[o], g, grouping.empty_index);
      }
    }
    return ARGMIN_OK;
  }
  argmin_status status = ARGMIN_OK;
  VisitKeyTraits(plan.dtype, [&](auto traits) {
    VisitOrders(op, plan.flags, [&](auto list) {
      status = ReduceGroupsOf<decltype(traits), decltype(list)>(plan, grouping,
                                                                places, sinks);
    });
  });
  return status;
}

}  // namespace internal
}  // namespace argmin
