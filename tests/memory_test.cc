// What a call allocates: its scratch stays within a bound set by its thread
// count whatever the input's size, on every layout, and an allocation that
// fails gives ARGMIN_ERROR_OUT_OF_MEMORY with every output untouched. This
// binary replaces the global operator new and delete to count the bytes
// the library holds and to fail the allocation of a chosen number.
//
// ARGMIN_MEMORY_TEST_MIB sets the input size of the bound test (default 8)
// and ARGMIN_MEMORY_TEST_TABLE=1 prints what each call held:
// docs/performance.md has the table for 1 GiB.
#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "argmin/argmin.h"
#include "kernels/oracle.h"
#include "tests/test_util.h"

namespace {

// Bytes held through operator new now and at most since the last reset, how
// many allocations there were, and which one (by that count) must fail.
std::atomic<int64_t> g_live{0};
std::atomic<int64_t> g_peak{0};
std::atomic<int64_t> g_allocations{0};
std::atomic<int64_t> g_fail_at{-1};

// Counts an allocation of `size` bytes and returns its memory, or nullptr
// when it is the one chosen to fail (or malloc fails).
void* Allocate(size_t size, size_t alignment) {
  const int64_t number = g_allocations.fetch_add(1);
  if (number == g_fail_at.load()) return nullptr;
  void* p = alignment <= alignof(std::max_align_t)
                ? std::malloc(size == 0 ? 1 : size)
                : std::aligned_alloc(alignment, (size + alignment - 1) /
                                                    alignment * alignment);
  if (p == nullptr) return nullptr;
  const int64_t live =
      g_live.fetch_add(static_cast<int64_t>(malloc_usable_size(p))) +
      static_cast<int64_t>(malloc_usable_size(p));
  int64_t peak = g_peak.load();
  while (live > peak && !g_peak.compare_exchange_weak(peak, live)) {
  }
  return p;
}

void Release(void* p) {
  if (p == nullptr) return;
  g_live.fetch_sub(static_cast<int64_t>(malloc_usable_size(p)));
  std::free(p);
}

void* AllocateOrThrow(size_t size, size_t alignment) {
  void* p = Allocate(size, alignment);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

void* operator new(size_t size) {
  return AllocateOrThrow(size, alignof(std::max_align_t));
}
void* operator new[](size_t size) {
  return AllocateOrThrow(size, alignof(std::max_align_t));
}
void* operator new(size_t size, std::align_val_t a) {
  return AllocateOrThrow(size, static_cast<size_t>(a));
}
void* operator new[](size_t size, std::align_val_t a) {
  return AllocateOrThrow(size, static_cast<size_t>(a));
}
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  return Allocate(size, alignof(std::max_align_t));
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  return Allocate(size, alignof(std::max_align_t));
}
void operator delete(void* p) noexcept { Release(p); }
void operator delete[](void* p) noexcept { Release(p); }
void operator delete(void* p, size_t) noexcept { Release(p); }
void operator delete[](void* p, size_t) noexcept { Release(p); }
void operator delete(void* p, std::align_val_t) noexcept { Release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { Release(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { Release(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept {
  Release(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { Release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { Release(p); }

namespace argmin {
namespace {

using test::MakeDType;

constexpr int64_t kMiB = int64_t{1} << 20;
constexpr uint8_t kSentinel = 0xA5;

// The scratch a call may hold per thread it runs on: a row split's blocks of
// indices and keys, with room to spare; the outputs of the cases below are
// far larger, so scratch that grew with them would not fit.
constexpr int64_t kScratchPerThread = 256 * 1024;

// A float32 layout of about `bytes` bytes: shape from its slice count and
// length (either may scale), strides (empty: compact), and axis (-1: none).
struct Layout {
  const char* name;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;
  int axis;
};

// The layouts of the bound test, each path of the reducers: columns,
// long rows, short rows (many results), fewer results than threads (a
// slice split), a plane's rows split between threads, a transposed view
// reduced whole, a vector reduced whole.
std::vector<Layout> Layouts(int64_t bytes) {
  const int64_t n = bytes / 4;
  return {
      {"(n/1024,1024)/axis0", {n / 1024, 1024}, {}, 0},
      {"(n/4096,4096)/axis1", {n / 4096, 4096}, {}, 1},
      {"(n/2,2)/axis1", {n / 2, 2}, {}, 1},
      {"(2,n/2)/axis1", {2, n / 2}, {}, 1},
      {"(n/64,64)/axis0", {n / 64, 64}, {}, 0},
      {"(1024,n/1024).T/none", {n / 1024, 1024}, {1, n / 1024}, -1},
      {"(n)/none", {n}, {}, -1},
  };
}

DLTensor Input(const Layout& l, const float* data) {
  DLTensor t{};
  t.data = const_cast<float*>(data);
  t.device = {kDLCPU, 0};
  t.ndim = static_cast<int32_t>(l.shape.size());
  t.dtype = MakeDType(kDLFloat, 32);
  t.shape = const_cast<int64_t*>(l.shape.data());
  t.strides =
      l.strides.empty() ? nullptr : const_cast<int64_t*>(l.strides.data());
  return t;
}

argmin_options Options(const Layout& l, int32_t nan, int threads) {
  argmin_options o = argmin_default_options();
  o.has_axis = l.axis >= 0;
  o.axis = std::max(l.axis, 0);
  o.nan_policy = nan;
  o.num_threads = threads;
  return o;
}

// The outputs of one call: int64 indices and float32 values per order the
// op makes, filled with kSentinel.
struct Outputs {
  int32_t ndim = 0;
  int64_t shape[ARGMIN_MAX_NDIM] = {};
  std::vector<int64_t> indices[2];
  std::vector<float> values[2];
  DLTensor tensors[4] = {};
  argmin_outputs outputs{};

  Outputs(const DLTensor& in, const argmin_options& o, argmin_op op) {
    EXPECT_EQ(argmin_output_shape(&in, &o, &ndim, shape), ARGMIN_OK);
    int64_t count = 1;
    for (int i = 0; i < ndim; ++i) count *= shape[i];
    for (int side = 0; side < 2; ++side) {
      if (op != ARGMIN_OP_MINMAX && (op == ARGMIN_OP_MAX) != (side == 1)) {
        continue;
      }
      indices[side].resize(static_cast<size_t>(count));
      values[side].resize(static_cast<size_t>(count));
      DLTensor& index = tensors[2 * side];
      DLTensor& value = tensors[2 * side + 1];
      index.data = indices[side].data();
      index.device = {kDLCPU, 0};
      index.ndim = ndim;
      index.dtype = MakeDType(kDLInt, 64);
      index.shape = shape;
      value = index;
      value.data = values[side].data();
      value.dtype = MakeDType(kDLFloat, 32);
      (side == 0 ? outputs.min_indices : outputs.max_indices) = &index;
      (side == 0 ? outputs.min_values : outputs.max_values) = &value;
    }
    Poison();
  }

  void Poison() {
    for (int side = 0; side < 2; ++side) {
      if (indices[side].empty()) continue;  // not made by the op
      memset(indices[side].data(), kSentinel, indices[side].size() * 8);
      memset(values[side].data(), kSentinel, values[side].size() * 4);
    }
  }

  bool Untouched() const {
    for (int side = 0; side < 2; ++side) {
      for (const int64_t& i : indices[side]) {
        const auto* b = reinterpret_cast<const uint8_t*>(&i);
        if (std::any_of(b, b + 8, [](uint8_t x) { return x != kSentinel; })) {
          return false;
        }
      }
      for (const float& v : values[side]) {
        const auto* b = reinterpret_cast<const uint8_t*>(&v);
        if (std::any_of(b, b + 4, [](uint8_t x) { return x != kSentinel; })) {
          return false;
        }
      }
    }
    return true;
  }

  // Returns "" if the outputs are `expected` (per side, min and max).
  std::string Check(const std::vector<int64_t>* expected) const {
    for (int side = 0; side < 2; ++side) {
      if (!indices[side].empty() && indices[side] != expected[side]) {
        return side == 0 ? "min indices differ" : "max indices differ";
      }
    }
    return "";
  }
};

// Returns the oracle's argmin and argmax of `in` under `o`.
void Expected(const DLTensor& in, const argmin_options& o,
              std::vector<int64_t>* expected) {
  for (int side = 0; side < 2; ++side) {
    argmin_status want = ARGMIN_OK;
    expected[side] = oracle::Arg(in, o, side == 1, &want);
    EXPECT_EQ(want, ARGMIN_OK);
  }
}

// Returns the peak resident bytes (VmHWM) or the resident bytes (VmRSS)
// from /proc/self/status, in bytes; -1 if unreadable.
int64_t ProcStatus(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) {
      return std::atoll(line.c_str() + std::strlen(key)) * 1024;
    }
  }
  return -1;
}

// Resets VmHWM to the current resident size (Linux 4.0 and later); false if
// this kernel does not allow it.
bool ResetPeakResident() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

// Random float32 data, numbers only, of `n` elements, every page touched.
std::vector<float> RandomData(int64_t n) {
  std::vector<float> data(static_cast<size_t>(n));
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> dist(-1e6f, 1e6f);
  for (float& x : data) x = dist(rng);
  return data;
}

TEST(MemoryTest, ScratchStaysWithinAPerThreadBound) {
  const char* mib_text = std::getenv("ARGMIN_MEMORY_TEST_MIB");
  const int64_t bytes = (mib_text ? std::atoll(mib_text) : 8) * kMiB;
  ASSERT_GE(bytes, kMiB);
  const bool table = std::getenv("ARGMIN_MEMORY_TEST_TABLE") != nullptr;
  const std::vector<float> data = RandomData(bytes / 4);
  const bool rss = ResetPeakResident();
  if (table) {
    std::printf("%-22s %-9s %-9s %7s %12s %12s %14s\n", "layout", "op", "nan",
                "threads", "output MiB", "scratch KiB", "RSS rise KiB");
  }
  for (const Layout& l : Layouts(bytes)) {
    const DLTensor in = Input(l, data.data());
    for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
      std::vector<int64_t> expected[2];
      Expected(in, Options(l, nan, 1), expected);
      for (argmin_op op : {ARGMIN_OP_MIN, ARGMIN_OP_MINMAX}) {
        for (int threads : {1, 2}) {
          const argmin_options o = Options(l, nan, threads);
          Outputs out(in, o, op);
          const int64_t output_bytes =
              static_cast<int64_t>(out.indices[0].size() +
                                   out.indices[1].size()) *
              12;
          const int64_t rss_before = ProcStatus("VmRSS:");
          if (rss) ResetPeakResident();
          const int64_t live_before = g_live.load();
          g_peak.store(live_before);
          const argmin_status status = argmin_reduce(&in, op, &o, &out.outputs);
          const int64_t scratch = g_peak.load() - live_before;
          const int64_t live_after = g_live.load();
          const int64_t peak_rss =
              rss ? ProcStatus("VmHWM:") - rss_before : int64_t{-1};
          const std::string where =
              std::string(l.name) + " op " + std::to_string(op) + " nan " +
              std::to_string(nan) + " threads " + std::to_string(threads);
          ASSERT_EQ(status, ARGMIN_OK) << where;
          EXPECT_EQ(out.Check(expected), "") << where;
          EXPECT_LE(scratch, kScratchPerThread * threads) << where;
          EXPECT_EQ(live_after, live_before) << "leaked: " << where;
          if (table) {
            std::printf("%-22s %-9s %-9s %7d %12.3f %12.1f %14.0f\n", l.name,
                        op == ARGMIN_OP_MIN ? "argmin" : "argminmax",
                        nan == ARGMIN_NAN_IGNORE ? "ignore" : "propagate",
                        threads, output_bytes / double(kMiB), scratch / 1024.0,
                        peak_rss / 1024.0);
          }
        }
      }
    }
  }
}

// Calls `call` once per allocation it makes, failing that allocation: each
// must give ARGMIN_ERROR_OUT_OF_MEMORY with the outputs untouched (checked
// by `untouched`); then once with none failing, which must succeed. Returns
// how many allocations the call makes.
template <class Call, class Untouched>
int64_t FailEachAllocation(const std::string& where, const Call& call,
                           const Untouched& untouched) {
  for (int64_t fail = 0;; ++fail) {
    const int64_t first = g_allocations.load();
    g_fail_at.store(first + fail);
    const argmin_status status = call();
    g_fail_at.store(-1);
    const int64_t made = g_allocations.load() - first;
    if (made <= fail) {
      EXPECT_EQ(status, ARGMIN_OK) << where << ", no allocation failing";
      return made;
    }
    EXPECT_EQ(status, ARGMIN_ERROR_OUT_OF_MEMORY)
        << where << ", allocation " << fail << " of " << made << " failing";
    EXPECT_TRUE(untouched()) << where << ", allocation " << fail << " failing";
    if (status != ARGMIN_ERROR_OUT_OF_MEMORY) return made;
  }
}

class AllocationFailureTest : public ::testing::Test {
 protected:
  // Threads on small inputs, so that every multi-thread path runs.
  void SetUp() override { argmin_set_parallel_grain(64); }
  void TearDown() override { argmin_set_parallel_grain(0); }
};

TEST_F(AllocationFailureTest, EveryAllocationOfReduceCanFail) {
  const std::vector<float> data = RandomData(int64_t{1} << 16);
  int64_t allocating_calls = 0;
  for (const Layout& l : Layouts(int64_t{1} << 18)) {
    const DLTensor in = Input(l, data.data());
    for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
      std::vector<int64_t> expected[2];
      Expected(in, Options(l, nan, 1), expected);
      for (argmin_op op : {ARGMIN_OP_MIN, ARGMIN_OP_MINMAX}) {
        for (int threads : {1, 2, 3}) {
          const argmin_options o = Options(l, nan, threads);
          Outputs out(in, o, op);
          const std::string where =
              std::string(l.name) + " op " + std::to_string(op) + " nan " +
              std::to_string(nan) + " threads " + std::to_string(threads);
          const int64_t made = FailEachAllocation(
              where,
              [&] {
                out.Poison();
                return argmin_reduce(&in, op, &o, &out.outputs);
              },
              [&] { return out.Untouched(); });
          EXPECT_EQ(out.Check(expected), "") << where;
          allocating_calls += made > 0;
        }
      }
    }
  }
  // The multi-thread paths allocate: if none did, nothing above was tested.
  EXPECT_GT(allocating_calls, 0);
}

TEST_F(AllocationFailureTest, EveryAllocationOfContiguousCanFail) {
  const std::vector<float> data = RandomData(int64_t{1} << 16);
  const DLDataType f32 = MakeDType(kDLFloat, 32);
  int64_t allocating_calls = 0;
  for (int threads : {1, 2, 3}) {
    argmin_options o = argmin_default_options();
    o.num_threads = threads;
    int64_t found[2];
    const int64_t made = FailEachAllocation(
        "argmin_contiguous_reduce threads " + std::to_string(threads),
        [&] {
          found[0] = found[1] = -7;
          return argmin_contiguous_reduce(
              data.data(), f32, static_cast<int64_t>(data.size()),
              ARGMIN_OP_MINMAX, &o, &found[0], &found[1]);
        },
        [&] { return found[0] == -7 && found[1] == -7; });
    const int64_t n = static_cast<int64_t>(data.size());
    EXPECT_EQ(found[0], oracle::Arg1D(data.data(), f32, n, 1, o, false));
    EXPECT_EQ(found[1], oracle::Arg1D(data.data(), f32, n, 1, o, true));
    allocating_calls += made > 0;
  }
  EXPECT_GT(allocating_calls, 0);
}

}  // namespace
}  // namespace argmin
