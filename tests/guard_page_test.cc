// Inputs placed against PROT_NONE pages: the last element ends exactly where
// a guard page begins, or the first element starts exactly where one ends.
// A kernel that reads even one byte beyond the elements (a full vector load
// over a short remainder, an aligned-down load before the start, a reversed
// stride walking the wrong way) dies with SIGSEGV here instead of silently
// reading a neighbour's memory. Every case runs on every SIMD target this CPU
// supports, and every result is compared with the scalar oracle.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "argmin/argmin.h"
#include "gtest/gtest.h"
#include "hwy/targets.h"
#include "kernels/oracle.h"
#include "tests/guarded_region.h"
#include "tests/test_util.h"

namespace argmin {
namespace {

using test::AllDTypes;
using test::DTypeCase;
using test::GuardedRegion;
using test::InfBits;
using test::IsNanBits;
using test::MakeDType;
using test::MantissaBits;

// Returns the mask of an element's bits of `dt`.
uint64_t SizeMask(const DTypeCase& dt) {
  return dt.size() == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * dt.size())) - 1;
}

// Returns a quiet NaN of floating-point dtype `dt`: +inf with the top
// mantissa bit set.
uint64_t NanBits(const DTypeCase& dt) {
  return InfBits(dt) | (uint64_t{1} << (MantissaBits(dt) - 1));
}

// Returns the smallest value of `dt` (-inf for floats, false for bool).
uint64_t LowestBits(const DTypeCase& dt) {
  const uint64_t sign = (SizeMask(dt) >> 1) + 1;
  if (dt.is_float) return InfBits(dt) | sign;
  if (dt.is_signed) return sign;  // the sign bit alone
  return 0;
}

// Random bits of `dt`, NaN-free unless `allow_nan`; bool bytes are any byte.
uint64_t RandomBits(const DTypeCase& dt, bool allow_nan, std::mt19937_64& rng) {
  for (;;) {
    // Tiny bit patterns half the time (zero, the smallest subnormals), so
    // that ties are common.
    const uint64_t b = rng() % 2 ? rng() & SizeMask(dt) : rng() % 4;
    if (allow_nan || !IsNanBits(dt, b)) return b;
  }
}

// Which guard page the elements touch.
enum class Edge { kTail, kHead };

// How the element values are chosen.
enum class Fill {
  kMinAtEdge,  // the element touching the guard is the unique minimum
  kNanAtEdge,  // ... is a NaN (floats), the minimum is elsewhere
  kTies,       // all equal
  kRandom,     // random, NaNs included
  kMostlyNan,  // mostly NaN (all-NaN slices under NaN ignore)
};
constexpr int kNumFills = 5;

// A strided tensor placed in a GuardedRegion against one of its guards.
class PlacedTensor {
 public:
  // `split`: bytes of the distance from data to the first element that are
  // given as byte_offset rather than added to data. With Edge::kHead and a
  // split > 0, data itself points into the guard page, which is fine: only
  // data + byte_offset + offsets are ever element addresses.
  PlacedTensor(const GuardedRegion& region, const DTypeCase& dt,
               std::vector<int64_t> shape, std::vector<int64_t> strides,
               Edge edge, uint64_t split)
      : dt_(dt), shape_(std::move(shape)), strides_(std::move(strides)) {
    for (size_t i = 0; i < shape_.size(); ++i) {
      const int64_t reach = strides_[i] * (shape_[i] - 1);
      (reach > 0 ? high_ : low_) += reach;
    }
    const int64_t size = static_cast<int64_t>(dt_.size());
    first_ = edge == Edge::kTail ? region.end() - (high_ + 1) * size
                                 : region.begin() - low_ * size;
    edge_item_ = edge == Edge::kTail ? high_ : low_;
    tensor_.data = first_ - split;
    tensor_.byte_offset = split;
    tensor_.device = {kDLCPU, 0};
    tensor_.ndim = static_cast<int32_t>(shape_.size());
    tensor_.dtype = dt_.dtype;
    tensor_.shape = shape_.data();
    tensor_.strides = strides_.data();
  }

  int64_t numel() const {
    int64_t n = 1;
    for (int64_t e : shape_) n *= e;
    return n;
  }

  // Fills the elements (and poisons the gaps between them).
  void FillValues(Fill fill, std::mt19937_64& rng) {
    const uint64_t poison =
        dt_.is_float && rng() % 2 ? NanBits(dt_) : LowestBits(dt_);
    for (int64_t item = low_; item <= high_; ++item) Put(item, poison);
    const uint64_t same = RandomBits(dt_, false, rng);
    for (int64_t i = 0; i < numel(); ++i) {
      uint64_t b;
      switch (fill) {
        case Fill::kTies:
          b = same;
          break;
        case Fill::kRandom:
          b = RandomBits(dt_, true, rng);
          break;
        case Fill::kMostlyNan:
          b = dt_.is_float && rng() % 4 ? NanBits(dt_)
                                        : RandomBits(dt_, true, rng);
          break;
        default:
          do {
            b = RandomBits(dt_, false, rng);
          } while (b == LowestBits(dt_) ||
                   (dt_.dtype.code == ARGMIN_DL_BOOL && b == 0));
      }
      Put(ItemOf(i), b);
    }
    if (fill == Fill::kMinAtEdge) Put(edge_item_, LowestBits(dt_));
    if (fill == Fill::kNanAtEdge) {
      Put(ItemOf(static_cast<int64_t>(rng() % numel())), LowestBits(dt_));
      if (dt_.is_float) Put(edge_item_, NanBits(dt_));
    }
  }

  const DLTensor& tensor() const { return tensor_; }

  std::string Describe() const {
    std::ostringstream os;
    os << dt_.name << " shape (";
    for (int64_t e : shape_) os << e << ",";
    os << ") strides (";
    for (int64_t s : strides_) os << s << ",";
    os << ") byte_offset " << tensor_.byte_offset;
    return os.str();
  }

 private:
  int64_t ItemOf(int64_t flat) const {
    int64_t item = 0;
    for (size_t i = shape_.size(); i-- > 0;) {
      item += (flat % shape_[i]) * strides_[i];
      flat /= shape_[i];
    }
    return item;
  }
  void Put(int64_t item, uint64_t bits) {
    std::memcpy(first_ + item * static_cast<int64_t>(dt_.size()), &bits,
                dt_.size());
  }

  DTypeCase dt_;
  std::vector<int64_t> shape_, strides_;
  int64_t low_ = 0, high_ = 0;  // items of the extreme elements
  int64_t edge_item_ = 0;       // the one touching the guard
  unsigned char* first_ = nullptr;
  DLTensor tensor_{};
};

std::string DescribeOptions(const argmin_options& o) {
  std::ostringstream os;
  os << "{has_axis " << o.has_axis << ", axis " << o.axis << ", nan_policy "
     << o.nan_policy << ", tie_policy " << o.tie_policy << "}";
  return os.str();
}

// Runs argmin_compute and the oracle on `t` under `o`; false after reporting
// a difference.
bool Check(const PlacedTensor& t, const argmin_options& o) {
  const DLTensor& in = t.tensor();
  argmin_status want;
  const std::vector<int64_t> expected = oracle::Argmin(in, o, &want);
  int32_t ndim = -1;
  int64_t shape[ARGMIN_MAX_NDIM];
  if (argmin_output_shape(&in, &o, &ndim, shape) != ARGMIN_OK) {
    ADD_FAILURE() << "argmin_output_shape failed: " << t.Describe() << " "
                  << DescribeOptions(o);
    return false;
  }
  int64_t count = 1;
  for (int32_t i = 0; i < ndim; ++i) count *= shape[i];
  constexpr int64_t kUnwritten = -0x5A5A5A5A5A5A5A5A;
  std::vector<int64_t> out(static_cast<size_t>(count) + 1, kUnwritten);
  DLTensor out_t{};
  out_t.data = out.data();
  out_t.device = {kDLCPU, 0};
  out_t.ndim = ndim;
  out_t.dtype = MakeDType(kDLInt, 64);
  out_t.shape = shape;
  const argmin_status got = argmin_compute(&in, &o, &out_t);
  if (got != want) {
    ADD_FAILURE() << "status: want " << want << " got " << got << ": "
                  << t.Describe() << " " << DescribeOptions(o);
    return false;
  }
  for (int64_t i = 0; i < count && want == ARGMIN_OK; ++i) {
    if (out[i] != expected[i]) {
      ADD_FAILURE() << "output[" << i << "]: want " << expected[i] << " got "
                    << out[i] << ": " << t.Describe() << " "
                    << DescribeOptions(o);
      return false;
    }
  }
  // argmin and argmax in one pass, with the maximum's values: the same reads
  // by other kernels.
  argmin_status want_max;
  const std::vector<int64_t> expected_max = oracle::Arg(in, o, true, &want_max);
  std::vector<int64_t> max_out(static_cast<size_t>(count) + 1, kUnwritten);
  std::vector<uint8_t> values((static_cast<size_t>(count) + 1) * 8);
  DLTensor max_t = out_t, values_t = out_t;
  max_t.data = max_out.data();
  values_t.data = values.data();
  values_t.dtype = in.dtype;
  const argmin_outputs outputs = {&out_t, nullptr, &max_t, &values_t};
  const argmin_status both = argmin_reduce(&in, ARGMIN_OP_MINMAX, &o, &outputs);
  if (both != want || want_max != want) {
    ADD_FAILURE() << "argminmax status: want " << want << " got " << both
                  << ": " << t.Describe() << " " << DescribeOptions(o);
    return false;
  }
  for (int64_t i = 0; i < count && want == ARGMIN_OK; ++i) {
    if (out[i] != expected[i] || max_out[i] != expected_max[i]) {
      ADD_FAILURE() << "argminmax output[" << i << "]: want " << expected[i]
                    << ", " << expected_max[i] << " got " << out[i] << ", "
                    << max_out[i] << ": " << t.Describe() << " "
                    << DescribeOptions(o);
      return false;
    }
  }
  return true;
}

// Checks `t` under every NaN and tie policy, with axis none and along each
// axis; false after the first difference.
bool CheckAllOptions(const DTypeCase& dt, const PlacedTensor& t) {
  const int32_t rank = t.tensor().ndim;
  for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
    if (!dt.is_float && nan == ARGMIN_NAN_IGNORE) continue;  // no effect
    for (int32_t ties : {ARGMIN_TIES_FIRST, ARGMIN_TIES_LAST}) {
      for (int32_t axis = -1; axis < rank; ++axis) {
        argmin_options o = argmin_default_options();
        o.has_axis = axis >= 0;
        o.axis = std::max(axis, 0);
        o.nan_policy = nan;
        o.tie_policy = ties;
        if (!Check(t, o)) return false;
      }
    }
  }
  return true;
}

using test::SupportedTargetNames;

// Listed before main, before any test forces a target: forcing one changes
// what hwy::SupportedTargets() reports.
[[maybe_unused]] const bool kTargetsListed = !SupportedTargetNames().empty();

// Forces the test's target for its duration and restores the best one after.
class GuardPageTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(region_.ok()) << "mmap/mprotect failed";
    ASSERT_EQ(argmin_force_target(GetParam().c_str()), ARGMIN_OK);
    ASSERT_EQ(std::string(argmin_target_name()), GetParam());
  }
  void TearDown() override {
    EXPECT_EQ(argmin_force_target(nullptr), ARGMIN_OK);
    EXPECT_EQ(argmin_set_parallel_grain(0), ARGMIN_OK);
  }

  // Runs 1-D inputs of every length in 1..300 and a few large ones, with
  // stride `stride` (1, -1 or 0), against `edge`. With the edge fixed on a
  // page boundary, the lengths walk the first element through every
  // alignment mod 64 that the itemsize allows; the split between data and
  // byte_offset walks the data pointer through them too.
  void RunVectors(Edge edge, int64_t stride) {
    for (const DTypeCase& dt : AllDTypes()) {
      SCOPED_TRACE(dt.name);
      std::mt19937_64 rng(dt.dtype.code * 64 + dt.dtype.bits);
      const int64_t size = static_cast<int64_t>(dt.size());
      std::vector<int64_t> lengths;
      for (int64_t n = 1; n <= 300; ++n) lengths.push_back(n);
      for (int64_t n : {1000, 4097, 65543, 262147}) lengths.push_back(n);
      for (int64_t n : lengths) {
        std::vector<uint64_t> splits;
        if (n <= 300) {
          for (int64_t m = 0; m < 64; m += size) splits.push_back(m);
        } else {
          splits = {0, static_cast<uint64_t>(size)};
        }
        for (size_t k = 0; k < splits.size(); ++k) {
          // A zero stride has one element: one split is plenty.
          if (stride == 0 && k > 0) break;
          PlacedTensor t(region_, dt, {n}, {stride}, edge, splits[k]);
          t.FillValues(static_cast<Fill>((n + k) % kNumFills), rng);
          if (!CheckAllOptions(dt, t)) return;
        }
      }
    }
  }

  // Runs 2-D layouts (row-major, column-major, reversed rows or columns,
  // gapped) of many shapes against `edge`, reduced along each axis, on
  // several threads.
  void RunMatrices(Edge edge) {
    // Threads even on small inputs, so the parallel paths meet the guards.
    ASSERT_EQ(argmin_set_parallel_grain(64), ARGMIN_OK);
    const int64_t extents[] = {1, 2, 3, 7, 17, 65};
    for (const DTypeCase& dt : AllDTypes()) {
      SCOPED_TRACE(dt.name);
      std::mt19937_64 rng(1000 + dt.dtype.code * 64 + dt.dtype.bits);
      int fill = 0;
      for (int64_t rows : extents) {
        for (int64_t cols : extents) {
          const std::vector<std::vector<int64_t>> layouts = {
              {cols, 1},          {1, rows},   {-cols, 1},
              {cols, -1},         {-1, -rows}, {2 * cols + 3, 2},
              {-2, 2 * rows + 1}, {0, 1},      {cols, 0}};
          for (const std::vector<int64_t>& strides : layouts) {
            PlacedTensor t(region_, dt, {rows, cols}, strides, edge,
                           (fill % 3) * dt.size());
            t.FillValues(static_cast<Fill>(fill++ % kNumFills), rng);
            if (!CheckAllOptions(dt, t)) return;
          }
        }
      }
      // Wider than a column panel, taller than a copy buffer, long rows and
      // short ones (transposed in registers): every path of the plane
      // kernel, against the guard.
      const int64_t shapes[][2] = {{3, 4100}, {4100, 3}, {300, 90},
                                   {257, 8},  {130, 4},  {99, 2}};
      for (const auto& shape : shapes) {
        const int64_t rows = shape[0], cols = shape[1];
        const std::vector<std::vector<int64_t>> layouts = {
            {cols, 1}, {1, rows}, {-cols, -1}, {-2, 2 * rows + 1}};
        for (const std::vector<int64_t>& strides : layouts) {
          PlacedTensor t(region_, dt, {rows, cols}, strides, edge, 0);
          t.FillValues(static_cast<Fill>(fill++ % kNumFills), rng);
          if (!CheckAllOptions(dt, t)) return;
        }
      }
    }
  }

  GuardedRegion region_{size_t{4} << 20};
};

TEST_P(GuardPageTest, ContiguousEndingAtGuard) { RunVectors(Edge::kTail, 1); }

TEST_P(GuardPageTest, ContiguousStartingAtGuard) { RunVectors(Edge::kHead, 1); }

TEST_P(GuardPageTest, ReversedEndingAtGuard) { RunVectors(Edge::kTail, -1); }

TEST_P(GuardPageTest, ReversedStartingAtGuard) { RunVectors(Edge::kHead, -1); }

TEST_P(GuardPageTest, BroadcastAtGuard) {
  RunVectors(Edge::kTail, 0);
  RunVectors(Edge::kHead, 0);
}

TEST_P(GuardPageTest, MatricesEndingAtGuard) { RunMatrices(Edge::kTail); }

TEST_P(GuardPageTest, MatricesStartingAtGuard) { RunMatrices(Edge::kHead); }

INSTANTIATE_TEST_SUITE_P(SupportedTargets, GuardPageTest,
                         ::testing::ValuesIn(SupportedTargetNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// The guards themselves work: touching either page kills the process, so a
// pass above means no kernel touched them.
TEST(GuardedRegionDeathTest, GuardsFault) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  GuardedRegion region(4096);
  ASSERT_TRUE(region.ok());
  volatile unsigned char* after = region.end();
  volatile unsigned char* before = region.begin() - 1;
  EXPECT_DEATH((void)*after, "");
  EXPECT_DEATH((void)*before, "");
  region.begin()[0] = 1;  // the inside is writable
  region.end()[-1] = 1;
  EXPECT_EQ(region.begin()[0] + region.end()[-1], 2);
}

}  // namespace
}  // namespace argmin
