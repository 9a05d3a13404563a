// Tests of the C ABI's rules (docs/semantics.md): the status messages and
// defaults, the cases torch and numpy were observed to answer (the only
// hard-coded answers; docs/semantics.md gives the versions), and every rule
// against the scalar oracle (kernels/oracle.h).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "argmin/argmin.h"
#include "argmin/argmin.hpp"
#include "gtest/gtest.h"
#include "hwy/targets.h"
#include "kernels/oracle.h"
#include "tests/api_test_util.h"
#include "tests/test_util.h"

namespace argmin {
namespace {

using namespace api_test;  // NOLINT: the helpers every test here uses

// ---------------------------------------------------------------------------
// Status messages and defaults.

TEST(StatusMessageTest, EveryStatusHasADistinctNonEmptyMessage) {
  std::set<std::string> seen;
  for (int s = ARGMIN_OK; s <= ARGMIN_ERROR_BAD_GROUPS; ++s) {
    const char* message = argmin_status_message(static_cast<argmin_status>(s));
    ASSERT_NE(message, nullptr) << s;
    EXPECT_GT(std::strlen(message), 0u) << s;
    EXPECT_TRUE(seen.insert(message).second) << "duplicate message for " << s;
  }
  // A code from a newer library version still gets a message.
  EXPECT_NE(argmin_status_message(
                static_cast<argmin_status>(ARGMIN_ERROR_BAD_GROUPS + 1)),
            nullptr);
}

TEST(StatusMessageTest, EveryStatusIsNamedAsInTheHeader) {
  const std::pair<argmin_status, const char*> named[] = {
      {ARGMIN_OK, "ARGMIN_OK"},
      {ARGMIN_ERROR_NULL_POINTER, "ARGMIN_ERROR_NULL_POINTER"},
      {ARGMIN_ERROR_UNSUPPORTED_DTYPE, "ARGMIN_ERROR_UNSUPPORTED_DTYPE"},
      {ARGMIN_ERROR_UNSUPPORTED_DEVICE, "ARGMIN_ERROR_UNSUPPORTED_DEVICE"},
      {ARGMIN_ERROR_BAD_SHAPE, "ARGMIN_ERROR_BAD_SHAPE"},
      {ARGMIN_ERROR_BAD_AXIS, "ARGMIN_ERROR_BAD_AXIS"},
      {ARGMIN_ERROR_EMPTY_REDUCTION, "ARGMIN_ERROR_EMPTY_REDUCTION"},
      {ARGMIN_ERROR_ALL_NAN, "ARGMIN_ERROR_ALL_NAN"},
      {ARGMIN_ERROR_BAD_OUTPUT, "ARGMIN_ERROR_BAD_OUTPUT"},
      {ARGMIN_ERROR_INDEX_OVERFLOW, "ARGMIN_ERROR_INDEX_OVERFLOW"},
      {ARGMIN_ERROR_BAD_OPTION, "ARGMIN_ERROR_BAD_OPTION"},
      {ARGMIN_ERROR_UNKNOWN_TARGET, "ARGMIN_ERROR_UNKNOWN_TARGET"},
      {ARGMIN_ERROR_OUT_OF_MEMORY, "ARGMIN_ERROR_OUT_OF_MEMORY"},
      {ARGMIN_ERROR_RANKS_DISAGREE, "ARGMIN_ERROR_RANKS_DISAGREE"},
      {ARGMIN_ERROR_MPI, "ARGMIN_ERROR_MPI"},
      {ARGMIN_ERROR_BAD_GROUPS, "ARGMIN_ERROR_BAD_GROUPS"}};
  static_assert(sizeof(named) / sizeof(named[0]) ==
                ARGMIN_ERROR_BAD_GROUPS + 1);
  for (const auto& [status, name] : named) {
    EXPECT_STREQ(argmin_status_name(status), name);
  }
  // Codes past the last and below the first.
  EXPECT_STREQ(argmin_status_name(
                   static_cast<argmin_status>(ARGMIN_ERROR_BAD_GROUPS + 1)),
               "ARGMIN_UNKNOWN_STATUS");
  EXPECT_STREQ(argmin_status_name(static_cast<argmin_status>(-1)),
               "ARGMIN_UNKNOWN_STATUS");
}

TEST(DefaultOptionsTest, AreAllZerosAsTorchArgminWithoutDim) {
  const argmin_options o = argmin_default_options();
  EXPECT_EQ(o.has_axis, 0);
  EXPECT_EQ(o.axis, 0);
  EXPECT_EQ(o.keepdims, 0);
  EXPECT_EQ(o.nan_policy, ARGMIN_NAN_PROPAGATE);
  EXPECT_EQ(o.tie_policy, ARGMIN_TIES_FIRST);
  EXPECT_EQ(o.num_threads, 0);
}

// ---------------------------------------------------------------------------
// The rows of semantics-observed.md, with torch's / numpy's answers.

const std::vector<std::string> kFloatNames = {"float16", "bfloat16", "float32",
                                              "float64"};
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(ObservedTest, FirstNanWins) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    ExpectTableResult(FromBits(dt, {5}, Floats(dt, {3, kNan, 1, kNan, 1})),
                      Opts(), {}, {1});
  }
}

TEST(ObservedTest, AllNanRowGivesItsFirstNan) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    ExpectTableResult(FromBits(dt, {2, 2}, Floats(dt, {kNan, kNan, 1, kNan})),
                      Opts(1), {2}, {0, 1});
  }
}

TEST(ObservedTest, NegativeZeroEqualsZero) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    ExpectTableResult(FromBits(dt, {3}, Floats(dt, {0.0, -0.0, 0.0})), Opts(),
                      {}, {0});
  }
}

TEST(ObservedTest, InfinitiesAreOrdinary) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    ExpectTableResult(FromBits(dt, {3}, Floats(dt, {kInf, -kInf, -kInf})),
                      Opts(), {}, {1});
  }
}

TEST(ObservedTest, Float16Nan) {
  const DTypeCase& dt = DType("float16");
  // Bit patterns, so that the test does not depend on ToFloat16Bits.
  ExpectTableResult(FromBits(dt, {3}, {0x3C00, 0x7E00, 0xBC00}), Opts(), {},
                    {1});
}

TEST(ObservedTest, Bfloat16Ties) {
  const DTypeCase& dt = DType("bfloat16");
  ExpectTableResult(FromBits(dt, {3}, {0x3F80, 0xC000, 0xC000}), Opts(), {},
                    {1});
}

TEST(ObservedTest, Uint8) {
  ExpectTableResult(FromBits(DType("uint8"), {3}, {5, 0, 255}), Opts(), {},
                    {1});
}

TEST(ObservedTest, BoolFalseIsLessThanTrue) {
  ExpectTableResult(FromBits(DType("bool"), {3}, {1, 0, 0}), Opts(), {}, {1});
}

TEST(ObservedTest, ComplexIsUnsupported) {
  // torch refuses complex; so does this library (numpy's lexicographic order
  // is not torch.argmin's meaning).
  for (uint8_t bits : {64, 128}) {
    int64_t shape = 2;
    float data[4] = {1, 0, 0, 1};
    DLTensor in{};
    in.data = data;
    in.device = {kDLCPU, 0};
    in.ndim = 1;
    in.dtype = MakeDType(kDLComplex, bits);
    in.shape = &shape;
    const argmin_options o = Opts();
    ExpectRawError(&in, &o, ARGMIN_ERROR_UNSUPPORTED_DTYPE);
  }
}

TEST(ObservedTest, ZeroDimTensorGivesZeroForNoneZeroAndMinusOne) {
  const DTypeCase& dt = DType("float32");
  const TestTensor t = FromBits(dt, {}, Floats(dt, {42}));
  for (bool keepdims : {false, true}) {
    ExpectTableResult(t, Opts(std::nullopt, keepdims), {}, {0});
    ExpectTableResult(t, Opts(0, keepdims), {}, {0});
    ExpectTableResult(t, Opts(-1, keepdims), {}, {0});
  }
}

TEST(ObservedTest, ZeroDimTensorRejectsAxisOne) {
  const DTypeCase& dt = DType("float32");
  const TestTensor t = FromBits(dt, {}, Floats(dt, {42}));
  for (int64_t axis : {1, -2}) {
    for (bool keepdims : {false, true}) {
      ExpectComputeError(t, Opts(axis, keepdims), ARGMIN_ERROR_BAD_AXIS);
      EXPECT_TRUE(CheckOutputShape(t, Opts(axis, keepdims),
                                   ARGMIN_ERROR_BAD_AXIS, "0-d"));
    }
  }
}

TEST(ObservedTest, KeepdimsWithAxisNoneKeepsRankWithOnes) {
  const DTypeCase& dt = DType("float32");
  const TestTensor t = FromBits(dt, {2, 3}, Floats(dt, {4, 5, 6, 1, 2, 3}));
  ExpectTableResult(t, Opts(std::nullopt, true), {1, 1}, {3});
}

TEST(ObservedTest, EmptyTensorWithAxisNoneIsAnError) {
  const DTypeCase& dt = DType("float32");
  for (const std::vector<int64_t>& shape :
       {std::vector<int64_t>{0}, std::vector<int64_t>{0, 3},
        std::vector<int64_t>{3, 0}, std::vector<int64_t>{2, 0, 2}}) {
    const TestTensor t = FromBits(dt, shape, {});
    for (bool keepdims : {false, true}) {
      std::vector<int64_t> out_shape;
      if (keepdims) out_shape.assign(shape.size(), 1);
      ExpectComputeError(t, Opts(std::nullopt, keepdims),
                         ARGMIN_ERROR_EMPTY_REDUCTION, out_shape);
    }
  }
}

TEST(ObservedTest, EmptyRowsReducedAlongNonEmptyAxisGiveEmptyResult) {
  const DTypeCase& dt = DType("float32");
  const TestTensor t = FromBits(dt, {0, 3}, {});
  ExpectTableResult(t, Opts(1), {0}, {});
  ExpectTableResult(t, Opts(-1, true), {0, 1}, {});
}

TEST(ObservedTest, ReducingAnEmptyAxisIsAnError) {
  const DTypeCase& dt = DType("float32");
  const TestTensor t = FromBits(dt, {0, 3}, {});
  ExpectComputeError(t, Opts(0), ARGMIN_ERROR_EMPTY_REDUCTION, {3});
  ExpectComputeError(t, Opts(-2, true), ARGMIN_ERROR_EMPTY_REDUCTION, {1, 3});
}

TEST(ObservedTest, TransposedViewAxisNoneCountsInLogicalOrder) {
  // Memory [[5, 1, 7], [0, 9, 3]] viewed transposed: [[5, 0], [1, 9], [7, 3]];
  // the 0 sits at memory position 3 but logical position 1.
  const DTypeCase& dt = DType("float32");
  TestTensor t = FromBits(dt, {3, 2}, Floats(dt, {5, 0, 1, 9, 7, 3}),
                          std::vector<int64_t>{1, 3});
  ExpectTableResult(t, Opts(), {}, {1});
  ExpectTableResult(t, Opts(std::nullopt, true), {1, 1}, {1});
  ExpectTableResult(t, Opts(0), {2}, {1, 0});
  ExpectTableResult(t, Opts(1), {3}, {1, 0, 1});
}

TEST(ObservedTest, NanArgminSkipsNans) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    ExpectTableResult(FromBits(dt, {3}, Floats(dt, {kNan, 2, 1})),
                      Opts(std::nullopt, false, ARGMIN_NAN_IGNORE), {}, {2});
  }
}

TEST(ObservedTest, NanArgminOfAllNanIsAnError) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    const TestTensor t = FromBits(dt, {2}, Floats(dt, {kNan, kNan}));
    ExpectComputeError(t, Opts(std::nullopt, false, ARGMIN_NAN_IGNORE),
                       ARGMIN_ERROR_ALL_NAN);
    ExpectComputeError(t, Opts(0, false, ARGMIN_NAN_IGNORE),
                       ARGMIN_ERROR_ALL_NAN);
  }
}

TEST(ObservedTest, NanArgminFindsALoneNumberAnywhereAmongNans) {
  // A call that ignores NaN first looks for an all-NaN slice: the first
  // element alone, the rest, when it is NaN, with the slice kernel. A lone
  // number at each place that split treats differently, in rows and in columns,
  // and no number at all (position -1).
  std::mt19937_64 rng(61);
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    const std::vector<uint64_t> nans = NanPool(dt);
    for (int64_t k : {1, 2, 3, 4, 5, 6, 8, 9, 17, 100, 1000}) {
      for (int64_t at : {int64_t{-1}, int64_t{0}, int64_t{3}, int64_t{4},
                         int64_t{5}, k / 2, k - 1}) {
        if (at >= k) continue;
        for (int axis : {0, 1}) {
          // Slices of k elements: rows of (3, k) along axis 1, columns of
          // (k, 3) along axis 0; slice 1 is the one under test.
          const std::vector<int64_t> shape = axis == 1
                                                 ? std::vector<int64_t>{3, k}
                                                 : std::vector<int64_t>{k, 3};
          TestTensor t(dt, shape, std::nullopt, 0);
          for (int64_t i = 0; i < t.numel(); ++i) {
            const int64_t slice = axis == 1 ? i / k : i % 3;
            const int64_t pos = axis == 1 ? i % k : i / 3;
            t.Set(i, slice != 1 || pos == at
                         ? RandomBits(dt, Values::kPoolNoNan, rng)
                         : nans[static_cast<size_t>(pos) % nans.size()]);
          }
          SCOPED_TRACE(name + " k " + std::to_string(k) + " at " +
                       std::to_string(at) + " axis " + std::to_string(axis));
          EXPECT_TRUE(
              CheckAgainstOracle(t, Opts(axis, false, ARGMIN_NAN_IGNORE)));
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// The rules, each against the oracle.

// Checks `bits` as a 1-D tensor under every NaN and tie policy, with axis
// none and axis 0.
void CheckAllPolicies(const DTypeCase& dt, const std::vector<uint64_t>& bits) {
  const TestTensor t = FromBits(dt, {static_cast<int64_t>(bits.size())}, bits);
  for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
    for (int32_t ties : {ARGMIN_TIES_FIRST, ARGMIN_TIES_LAST}) {
      EXPECT_TRUE(CheckAgainstOracle(t, Opts(std::nullopt, false, nan, ties)));
      EXPECT_TRUE(CheckAgainstOracle(t, Opts(0, true, nan, ties)));
    }
  }
}

TEST(FloatRulesTest, SignedZerosTie) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    CheckAllPolicies(dt, Floats(dt, {0.0, -0.0, 0.0}));
    CheckAllPolicies(dt, Floats(dt, {-0.0, 0.0}));
    CheckAllPolicies(dt, Floats(dt, {1, 0.0, 2, -0.0, 3}));
  }
}

TEST(FloatRulesTest, NansOfAnySignAndPayloadAreNans) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    const std::vector<uint64_t> nans = NanPool(dt);
    const uint64_t one = FloatBits(dt, 1), zero = FloatBits(dt, 0);
    CheckAllPolicies(dt, {one, nans[0], nans[1], zero});
    CheckAllPolicies(dt, {one, nans[1], zero, nans[0]});
    CheckAllPolicies(dt, {nans[2], one, nans[3]});
    CheckAllPolicies(dt, {FloatBits(dt, -kInf), nans[1]});
    CheckAllPolicies(dt, nans);
  }
}

TEST(FloatRulesTest, InfinitiesSubnormalsAndExtremes) {
  for (const std::string& name : kFloatNames) {
    const DTypeCase& dt = DType(name);
    const std::vector<uint64_t> pool = ValuePool(dt);
    CheckAllPolicies(dt, pool);
    std::vector<uint64_t> reversed(pool.rbegin(), pool.rend());
    CheckAllPolicies(dt, reversed);
    CheckAllPolicies(dt, Floats(dt, {kInf, kInf}));
    CheckAllPolicies(dt, Floats(dt, {-kInf, 1, -kInf}));
    // numpy.nanargmin([nan, inf]) is 0 (it maps NaN to +inf); skipping the
    // NaN really gives 1 (docs/semantics.md).
    CheckAllPolicies(dt, Floats(dt, {kNan, kInf}));
    CheckAllPolicies(dt, Floats(dt, {kInf, kNan, kInf}));
  }
}

TEST(BoolRulesTest, EveryNonzeroByteIsTrueAndTheyTie) {
  const DTypeCase& dt = DType("bool");
  CheckAllPolicies(dt, {2, 1, 0x80});
  CheckAllPolicies(dt, {0xFF, 0, 1, 0});
  CheckAllPolicies(dt, {0x80, 0x7F, 0xFF, 0x01, 0x02});
  CheckAllPolicies(dt, {0, 0x80, 0});
}

TEST(IntRulesTest, SignednessAndExtremes) {
  for (const DTypeCase& dt : AllDTypes()) {
    if (dt.is_float) continue;
    SCOPED_TRACE(dt.name);
    const std::vector<uint64_t> pool = ValuePool(dt);
    CheckAllPolicies(dt, pool);
    CheckAllPolicies(dt, std::vector<uint64_t>(pool.rbegin(), pool.rend()));
  }
}

TEST(AxisTest, EveryAxisPositiveAndNegativeWithAndWithoutKeepdims) {
  std::mt19937_64 rng(11);
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(dt.name);
    TestTensor t(dt, {2, 3, 4, 5}, std::nullopt, PoisonBits(dt, rng));
    for (int64_t i = 0; i < t.numel(); ++i) {
      t.Set(i, RandomBits(dt, Values::kPool, rng));
    }
    for (int64_t axis = -4; axis < 4; ++axis) {
      for (bool keepdims : {false, true}) {
        EXPECT_TRUE(CheckAgainstOracle(t, Opts(axis, keepdims)));
      }
    }
    EXPECT_TRUE(CheckAgainstOracle(t, Opts(std::nullopt, true)));
    EXPECT_TRUE(CheckAgainstOracle(t, Opts(std::nullopt, false)));
  }
}

TEST(AxisTest, OutOfRangeAxesFailWithoutWriting) {
  const DTypeCase& dt = DType("int32");
  const TestTensor t =
      FromBits(dt, {2, 3, 4}, std::vector<uint64_t>(24, IntBits(dt, 7)));
  // The last ones catch an axis narrowed to 32 bits or wrapped by overflow.
  for (int64_t axis :
       {int64_t{3}, int64_t{-4}, int64_t{100}, int64_t{-100},
        std::numeric_limits<int64_t>::max(),
        std::numeric_limits<int64_t>::min(), (int64_t{1} << 32) + 1,
        -(int64_t{1} << 32) + 1, (int64_t{1} << 32)}) {
    for (bool keepdims : {false, true}) {
      SCOPED_TRACE(axis);
      ExpectComputeError(t, Opts(axis, keepdims), ARGMIN_ERROR_BAD_AXIS);
      EXPECT_TRUE(CheckOutputShape(t, Opts(axis, keepdims),
                                   ARGMIN_ERROR_BAD_AXIS, "axis"));
    }
  }
}

TEST(AxisTest, AnyNonzeroHasAxisAndKeepdimsMeanTrue) {
  const DTypeCase& dt = DType("float32");
  std::mt19937_64 rng(3);
  TestTensor t(dt, {3, 4}, std::nullopt, PoisonBits(dt, rng));
  for (int64_t i = 0; i < t.numel(); ++i) {
    t.Set(i, RandomBits(dt, Values::kPoolNoNan, rng));
  }
  argmin_options o = Opts(1, true);
  o.has_axis = 7;
  o.keepdims = -1;
  EXPECT_TRUE(CheckAgainstOracle(t, o));
  std::vector<int64_t> shape;
  ASSERT_TRUE(ExpectedOutputShape(t.shape(), o, &shape));
  EXPECT_EQ(shape, (std::vector<int64_t>{3, 1}));
}

TEST(ZeroDimTest, EveryDtypeAndPolicy) {
  std::mt19937_64 rng(5);
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(dt.name);
    std::vector<uint64_t> values = ValuePool(dt);
    if (dt.is_float) values.push_back(NanPool(dt)[0]);  // nanargmin: all-NaN
    for (uint64_t v : values) {
      const TestTensor t = FromBits(dt, {}, {v});
      for (int64_t axis : {-2, -1, 0, 1}) {
        for (bool has_axis : {false, true}) {
          for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
            argmin_options o = Opts(axis, rng() % 2 != 0, nan,
                                    static_cast<int32_t>(rng() % 2));
            o.has_axis = has_axis;
            EXPECT_TRUE(CheckAgainstOracle(t, o));
          }
        }
      }
    }
  }
}

TEST(ZeroDimTest, NullShapeIsFineForZeroDims) {
  float value = 3;
  DLTensor in{};
  in.data = &value;
  in.device = {kDLCPU, 0};
  in.ndim = 0;
  in.dtype = MakeDType(kDLFloat, 32);
  in.shape = nullptr;
  const argmin_options o = Opts();
  OutputBuffer out({}, 64);
  out.tensor()->shape = nullptr;
  ASSERT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK);
  EXPECT_EQ(out.Get(0), 0);
  EXPECT_TRUE(out.TailUntouched(1));
}

TEST(EmptyTest, ZeroExtentElsewhereGivesEmptyOutput) {
  std::mt19937_64 rng(9);
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(dt.name);
    for (const std::vector<int64_t>& shape :
         {std::vector<int64_t>{3, 0}, std::vector<int64_t>{0, 3},
          std::vector<int64_t>{2, 0, 3}, std::vector<int64_t>{0, 0},
          std::vector<int64_t>{0}}) {
      const TestTensor t(dt, shape, std::nullopt, PoisonBits(dt, rng));
      const int64_t rank = static_cast<int64_t>(shape.size());
      for (int64_t axis = -rank; axis < rank; ++axis) {
        for (bool keepdims : {false, true}) {
          for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
            EXPECT_TRUE(CheckAgainstOracle(t, Opts(axis, keepdims, nan)));
          }
        }
      }
      EXPECT_TRUE(CheckAgainstOracle(t, Opts()));
    }
  }
}

TEST(EmptyTest, StatusesOfEmptyShapes) {
  // Spelled out, not only via the oracle: which empties fail and which not.
  const DTypeCase& dt = DType("float32");
  ExpectComputeError(FromBits(dt, {0, 0}, {}), Opts(0),
                     ARGMIN_ERROR_EMPTY_REDUCTION, {0});
  ExpectComputeError(FromBits(dt, {0, 0}, {}), Opts(1),
                     ARGMIN_ERROR_EMPTY_REDUCTION, {0});
  ExpectComputeError(FromBits(dt, {2, 0, 3}, {}), Opts(1),
                     ARGMIN_ERROR_EMPTY_REDUCTION, {2, 3});
  for (int64_t axis : {0, 2, -1}) {
    const TestTensor t = FromBits(dt, {2, 0, 3}, {});
    const DLTensor in = t.View();
    const argmin_options o = Opts(axis);
    std::vector<int64_t> shape;
    ASSERT_TRUE(ExpectedOutputShape(t.shape(), o, &shape));
    OutputBuffer out(shape, 64);
    EXPECT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK) << axis;
    EXPECT_TRUE(out.Untouched()) << "an empty output has nothing to write";
  }
}

TEST(EmptyTest, EmptyOutputAcceptsTorchAndNumpyStrides) {
  // An output with no elements is never stepped through, so no stride of it
  // matters. In particular torch.empty(2, 0) and numpy.empty((2, 0)) have
  // strides (1, 1) (both skip zero extents when computing compact strides);
  // exported through DLPack, such an output must be accepted, as must the
  // strides (0, 1) that a plain product of the extents gives.
  const TestTensor t = FromBits(DType("float32"), {2, 0, 3}, {});
  const DLTensor in = t.View();
  const argmin_options o = Opts(2);
  for (const std::vector<int64_t>& strides :
       {std::vector<int64_t>{1, 1}, std::vector<int64_t>{0, 1}}) {
    SCOPED_TRACE(ShapeString(strides));
    OutputBuffer out({2, 0}, 64, true);
    out.strides() = strides;
    out.tensor()->strides = out.strides().data();
    EXPECT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK);
    EXPECT_TRUE(out.Untouched());
  }
}

TEST(EmptyTest, NullDataIsFineWithoutElements) {
  int64_t shape[2] = {0, 4};
  const DLTensor in = argmin_tensor(nullptr, MakeDType(kDLFloat, 32), 2, shape);
  argmin_options o = Opts(1);
  OutputBuffer out({0}, 64);
  out.tensor()->data = nullptr;  // the output has no elements either
  EXPECT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK);
  // An empty reduction stays an empty reduction, not a null pointer.
  o = Opts();
  OutputBuffer out0({}, 64);
  EXPECT_EQ(argmin_compute(&in, &o, out0.tensor()),
            ARGMIN_ERROR_EMPTY_REDUCTION);
  EXPECT_TRUE(out0.Untouched());
}

TEST(ViewTest, TransposedNegativeZeroAndGappedStrides) {
  std::mt19937_64 rng(13);
  const std::vector<std::vector<int64_t>> layouts = {
      {1, 4},    // transposed (3 rows of 4 stored column-major)
      {4, -1},   // each row reversed
      {-4, 1},   // rows reversed
      {-1, -4},  // transposed and both reversed
      {0, 1},    // every row the same
      {4, 0},    // every column the same
      {0, 0},    // one element, broadcast
      {10, 3},   // gaps between rows and between elements
      {-3, 10},  // gapped, transposed, reversed
  };
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(dt.name);
    for (const std::vector<int64_t>& strides : layouts) {
      TestTensor t(dt, {3, 4}, strides, PoisonBits(dt, rng),
                   static_cast<int64_t>(rng() % 3));
      for (int64_t i = 0; i < t.numel(); ++i) {
        t.Set(i, RandomBits(dt, Values::kPool, rng));
      }
      for (int32_t ties : {ARGMIN_TIES_FIRST, ARGMIN_TIES_LAST}) {
        for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
          EXPECT_TRUE(
              CheckAgainstOracle(t, Opts(std::nullopt, false, nan, ties)));
          EXPECT_TRUE(CheckAgainstOracle(t, Opts(0, false, nan, ties)));
          EXPECT_TRUE(CheckAgainstOracle(t, Opts(-1, true, nan, ties)));
        }
      }
    }
  }
}

TEST(ViewTest, NullStridesEqualCompactStrides) {
  std::mt19937_64 rng(17);
  const DTypeCase& dt = DType("int16");
  TestTensor a(dt, {4, 5, 6}, std::nullopt, 0);
  TestTensor b(dt, {4, 5, 6}, std::vector<int64_t>{30, 6, 1}, 0);
  for (int64_t i = 0; i < a.numel(); ++i) {
    const uint64_t v = RandomBits(dt, Values::kPool, rng);
    a.Set(i, v);
    b.Set(i, v);
  }
  for (int64_t axis = 0; axis < 3; ++axis) {
    const argmin_options o = Opts(axis);
    const DLTensor in_a = a.View(), in_b = b.View();
    std::vector<int64_t> shape;
    ASSERT_TRUE(ExpectedOutputShape(a.shape(), o, &shape));
    OutputBuffer out_a(shape, 64), out_b(shape, 64);
    ASSERT_EQ(argmin_compute(&in_a, &o, out_a.tensor()), ARGMIN_OK);
    ASSERT_EQ(argmin_compute(&in_b, &o, out_b.tensor()), ARGMIN_OK);
    for (int64_t i = 0; i < NumElements(shape); ++i) {
      EXPECT_EQ(out_a.Get(i), out_b.Get(i));
    }
    EXPECT_TRUE(CheckAgainstOracle(a, o));
  }
}

TEST(ViewTest, ByteOffsetIsAddedToData) {
  // The data pointer addresses poison (the most attractive value); the
  // elements start byte_offset further on.
  std::mt19937_64 rng(19);
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(dt.name);
    for (int64_t offset_items : {1, 2, 3, 8}) {
      TestTensor t(dt, {2, 9}, std::nullopt, PoisonBits(dt, rng), offset_items);
      ASSERT_EQ(t.View().byte_offset, offset_items * dt.size());
      for (int64_t i = 0; i < t.numel(); ++i) {
        t.Set(i, RandomBits(dt, Values::kPoolNoNan, rng));
      }
      EXPECT_TRUE(CheckAgainstOracle(t, Opts()));
      EXPECT_TRUE(CheckAgainstOracle(t, Opts(1)));
      EXPECT_TRUE(CheckAgainstOracle(t, Opts(0)));
    }
  }
}

TEST(ViewTest, MaxRankOfAllOnesAndTwos) {
  std::mt19937_64 rng(23);
  const DTypeCase& dt = DType("float64");
  std::vector<int64_t> shape(ARGMIN_MAX_NDIM, 1);
  shape[3] = 2;
  shape[17] = 3;
  shape[31] = 2;
  TestTensor t(dt, shape, std::nullopt, PoisonBits(dt, rng));
  for (int64_t i = 0; i < t.numel(); ++i) {
    t.Set(i, RandomBits(dt, Values::kPoolNoNan, rng));
  }
  for (int64_t axis : {0, 3, 17, 31, -1, -32}) {
    EXPECT_TRUE(CheckAgainstOracle(t, Opts(axis, rng() % 2)));
  }
  EXPECT_TRUE(CheckAgainstOracle(t, Opts(std::nullopt, true)));
}

}  // namespace
}  // namespace argmin
