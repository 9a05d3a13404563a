// Tests of the C ABI under threads, on random tensors against the oracle,
// on every SIMD target, and of its C++ wrapper (argmin.hpp). The rules are
// in api_rules_test.cc, outputs and bad inputs in api_outputs_test.cc, the
// helpers they share in api_test_util.h.
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
// Threads.

TEST(ThreadsTest, ThreadCountsAgreeOnLargeInputs) {
  // Large enough to be split between threads; equal minima in different
  // parts, so that merging the parts must respect the tie policy.
  std::mt19937_64 rng(43);
  const std::vector<std::vector<int64_t>> shapes = {
      {(1 << 18) + 3}, {256, 1031}, {1031, 256}, {100003, 3}, {3, 100003}};
  for (const char* name : {"float32", "int8", "uint16", "float16", "bool"}) {
    const DTypeCase& dt = DType(name);
    for (const std::vector<int64_t>& shape : shapes) {
      SCOPED_TRACE(std::string(name) + " " + ShapeString(shape));
      TestTensor t(dt, shape, std::nullopt, PoisonBits(dt, rng));
      const uint64_t low = ValuePool(dt)[0];
      for (int64_t i = 0; i < t.numel(); ++i) {
        t.Set(i,
              rng() % 97 == 0 ? low : RandomBits(dt, Values::kPoolNoNan, rng));
      }
      for (int32_t threads : {1, 3, 0}) {
        for (int32_t ties : {ARGMIN_TIES_FIRST, ARGMIN_TIES_LAST}) {
          const int64_t last = static_cast<int64_t>(shape.size()) - 1;
          for (std::optional<int64_t> axis :
               {std::optional<int64_t>(), std::optional<int64_t>(0),
                std::optional<int64_t>(last)}) {
            if (!CheckAgainstOracle(
                    t, Opts(axis, false, ARGMIN_NAN_PROPAGATE, ties, threads),
                    false)) {
              return;
            }
          }
        }
      }
    }
  }
}

TEST(ThreadsTest, AllNanRowAmongManyLeavesOutputUntouched) {
  // One all-NaN row among many, under NaN ignore and several threads: the
  // call fails and must not have written the other rows' results.
  const DTypeCase& dt = DType("float32");
  std::mt19937_64 rng(47);
  TestTensor t(dt, {4096, 64}, std::nullopt, 0);
  for (int64_t i = 0; i < t.numel(); ++i) {
    t.Set(i, RandomBits(dt, Values::kPoolNoNan, rng));
  }
  for (int64_t j = 0; j < 64; ++j) t.Set(3000 * 64 + j, NanPool(dt)[0]);
  for (int32_t threads : {1, 2, 0}) {
    ExpectComputeError(t, Opts(1, false, ARGMIN_NAN_IGNORE, 0, threads),
                       ARGMIN_ERROR_ALL_NAN, {4096});
  }
}

// ---------------------------------------------------------------------------
// Random tensors against the oracle, on the default target.

class DTypeTest : public ::testing::TestWithParam<DTypeCase> {};

TEST_P(DTypeTest, RandomSmallTensors) {
  EXPECT_TRUE(RunRandomSmall(
      GetParam(), 1000 + GetParam().dtype.code * 64 + GetParam().dtype.bits,
      400));
}

TEST_P(DTypeTest, RandomMediumTensors) {
  EXPECT_TRUE(RunRandomMedium(
      GetParam(), 2000 + GetParam().dtype.code * 64 + GetParam().dtype.bits,
      60));
}

TEST_P(DTypeTest, LayoutsAndThreadCounts) {
  EXPECT_TRUE(RunLayoutsAndThreads(
      GetParam(), 7000 + GetParam().dtype.code * 64 + GetParam().dtype.bits,
      120));
}

TEST_P(DTypeTest, MinimumAtEveryPosition) {
  EXPECT_TRUE(RunPositionSweep(GetParam(), 3000 + GetParam().dtype.bits));
}

INSTANTIATE_TEST_SUITE_P(AllDTypes, DTypeTest, ::testing::ValuesIn(AllDTypes()),
                         [](const ::testing::TestParamInfo<DTypeCase>& info) {
                           return std::string(info.param.name);
                         });

// ---------------------------------------------------------------------------
// SIMD targets.

TEST(TargetTest, NameIsNonEmptyAndTheBestByDefault) {
  TargetRestorer restore;
  ASSERT_EQ(argmin_force_target(nullptr), ARGMIN_OK);
  const char* name = argmin_target_name();
  ASSERT_NE(name, nullptr);
  EXPECT_GT(std::strlen(name), 0u);
  ASSERT_FALSE(SupportedTargetNames().empty());
  EXPECT_EQ(std::string(name), SupportedTargetNames()[0]);
  EXPECT_STREQ(TargetName(), name);
}

TEST(TargetTest, EmptyOrNullRestoresTheBest) {
  TargetRestorer restore;
  const std::vector<std::string>& names = SupportedTargetNames();
  const std::string best = names[0];
  const std::string worst = names.back();
  ASSERT_EQ(argmin_force_target(worst.c_str()), ARGMIN_OK);
  EXPECT_EQ(std::string(argmin_target_name()), worst);
  EXPECT_EQ(argmin_force_target(""), ARGMIN_OK);
  EXPECT_EQ(std::string(argmin_target_name()), best);
  ASSERT_EQ(argmin_force_target(worst.c_str()), ARGMIN_OK);
  EXPECT_EQ(argmin_force_target(nullptr), ARGMIN_OK);
  EXPECT_EQ(std::string(argmin_target_name()), best);
}

TEST(TargetTest, UnknownNamesFailAndChangeNothing) {
  TargetRestorer restore;
  const std::vector<std::string>& names = SupportedTargetNames();
  ASSERT_EQ(argmin_force_target(names.back().c_str()), ARGMIN_OK);
  for (const char* bogus :
       {"NOT_A_TARGET", "AVX9", " ", "Unknown", "AVX2 ", "EMU128x"}) {
    EXPECT_EQ(argmin_force_target(bogus), ARGMIN_ERROR_UNKNOWN_TARGET) << bogus;
    EXPECT_EQ(std::string(argmin_target_name()), names.back()) << bogus;
  }
}

TEST(TargetTest, CompiledButUnsupportedTargetsFail) {
  TargetRestorer restore;
  ASSERT_EQ(argmin_force_target(nullptr), ARGMIN_OK);
  const std::string before = argmin_target_name();
  const int64_t unsupported = HWY_TARGETS & ~hwy::SupportedTargets();
  int tried = 0;
  for (int64_t rest = unsupported; rest != 0; rest &= rest - 1) {
    const char* name = hwy::TargetName(rest & -rest);
    if (std::string(name) == "Unknown") continue;
    ++tried;
    EXPECT_EQ(argmin_force_target(name), ARGMIN_ERROR_UNKNOWN_TARGET) << name;
    EXPECT_EQ(std::string(argmin_target_name()), before) << name;
  }
  if (tried == 0) GTEST_SKIP() << "this CPU supports every compiled target";
}

class PerTargetTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PerTargetTest, ForcedTargetIsReportedAndAgreesWithTheOracle) {
  TargetRestorer restore;
  ASSERT_EQ(argmin_force_target(GetParam().c_str()), ARGMIN_OK);
  ASSERT_EQ(std::string(argmin_target_name()), GetParam());
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(std::string(dt.name) + " on " + GetParam());
    const uint64_t seed = 5000 + dt.dtype.code * 64 + dt.dtype.bits;
    EXPECT_TRUE(RunRandomSmall(dt, seed, 150));
    EXPECT_TRUE(RunRandomMedium(dt, seed, 25));
    EXPECT_TRUE(RunPositionSweep(dt, seed));
    EXPECT_TRUE(RunLayoutsAndThreads(dt, seed, 30));
    EXPECT_EQ(std::string(argmin_target_name()), GetParam());
  }
}

INSTANTIATE_TEST_SUITE_P(SupportedTargets, PerTargetTest,
                         ::testing::ValuesIn(SupportedTargetNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// ---------------------------------------------------------------------------
// The C++ wrapper.

template <typename T>
void CheckWrapperOverload(const DTypeCase& dt, uint64_t seed) {
  SCOPED_TRACE(dt.name);
  std::mt19937_64 rng(seed);
  for (size_t n : {1, 2, 7, 16, 33, 100, 1000}) {
    // Not std::vector<T>: std::vector<bool> has no data().
    std::unique_ptr<T[]> storage(new T[n]);
    T* data = storage.get();
    std::vector<uint64_t> bits(n);
    for (size_t i = 0; i < n; ++i) {
      bits[i] = RandomBits(dt, Values::kPool, rng);
      if (IsBool(dt)) bits[i] = bits[i] != 0;  // a C++ bool is 0 or 1
      std::memcpy(&data[i], &bits[i], sizeof(T));
    }
    const TestTensor t = FromBits(dt, {static_cast<int64_t>(n)}, bits);
    for (Ties ties : {Ties::kFirst, Ties::kLast}) {
      for (NanPolicy nan : {NanPolicy::kPropagate, NanPolicy::kIgnore}) {
        const argmin_options o =
            Opts(std::nullopt, false, static_cast<int32_t>(nan),
                 static_cast<int32_t>(ties));
        argmin_status want_status;
        const std::vector<int64_t> want =
            oracle::Argmin(t.View(), o, &want_status);
        if (want_status == ARGMIN_OK) {
          EXPECT_EQ(argmin::argmin(data, n, nan, ties), want[0]);
          if (nan == NanPolicy::kIgnore) {
            EXPECT_EQ(argmin::nanargmin(data, n, ties), want[0]);
          }
        } else {
          try {
            argmin::argmin(data, n, nan, ties);
            ADD_FAILURE() << "no exception; want status " << want_status;
          } catch (const Error& e) {
            EXPECT_EQ(e.status(), want_status);
          }
        }
      }
    }
    // The defaults are torch's: NaN propagates, first minimum.
    argmin_status st;
    EXPECT_EQ(argmin::argmin(data, n),
              oracle::Argmin(t.View(), Opts(), &st)[0]);
  }
  // No elements, and no data.
  const T one[1] = {};
  try {
    argmin::argmin(one, 0);
    ADD_FAILURE() << "n == 0 did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), ARGMIN_ERROR_EMPTY_REDUCTION);
    EXPECT_STREQ(e.what(), "argmin of an empty sequence: n is 0");
  }
  try {
    argmin::argmin(static_cast<const T*>(nullptr), 4);
    ADD_FAILURE() << "null data did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), ARGMIN_ERROR_NULL_POINTER);
  }
}

// Every dtype of the library's list (kernels/keys.h) with its C++ type, each
// from its own seed.
TEST(WrapperTest, EveryOverload) {
  uint64_t seed = 0;
#define ARGMIN_CHECK_OVERLOAD(Name, code, bits, type, name) \
  CheckWrapperOverload<type>(DType(name), ++seed);
  ARGMIN_FOREACH_DTYPE(ARGMIN_CHECK_OVERLOAD)
#undef ARGMIN_CHECK_OVERLOAD
}

TEST(WrapperTest, NanArgminAndAllNan) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float data[4] = {nan, 2.0f, 1.0f, 1.0f};
  EXPECT_EQ(argmin::argmin(data, 4), 0);
  EXPECT_EQ(argmin::nanargmin(data, 4), 2);
  EXPECT_EQ(argmin::nanargmin(data, 4, Ties::kLast), 3);
  EXPECT_EQ(argmin::argmin(data, 4, NanPolicy::kPropagate, Ties::kLast), 0);
  const double all_nan[3] = {std::nan(""), std::nan(""), -std::nan("")};
  try {
    argmin::nanargmin(all_nan, 3);
    ADD_FAILURE() << "all-NaN did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), ARGMIN_ERROR_ALL_NAN);
    EXPECT_STREQ(e.what(), argmin_last_error());
    EXPECT_EQ(std::string(e.what()).rfind("argmin: all-NaN slice", 0), 0u)
        << e.what();
  }
  // Error is a std::runtime_error, for callers that catch those.
  EXPECT_THROW(argmin::nanargmin(all_nan, 3), std::runtime_error);
}

TEST(WrapperTest, OptionsToCMatchesTheCDefaults) {
  const argmin_options c = Options{}.ToC();
  const argmin_options d = argmin_default_options();
  EXPECT_EQ(c.has_axis, d.has_axis);
  EXPECT_EQ(c.axis, d.axis);
  EXPECT_EQ(c.keepdims, d.keepdims);
  EXPECT_EQ(c.nan_policy, d.nan_policy);
  EXPECT_EQ(c.tie_policy, d.tie_policy);
  EXPECT_EQ(c.num_threads, d.num_threads);
  Options o;
  o.axis = -2;
  o.keepdims = true;
  o.nan = NanPolicy::kIgnore;
  o.ties = Ties::kLast;
  o.num_threads = 3;
  const argmin_options e = o.ToC();
  EXPECT_EQ(e.has_axis, 1);
  EXPECT_EQ(e.axis, -2);
  EXPECT_EQ(e.keepdims, 1);
  EXPECT_EQ(e.nan_policy, ARGMIN_NAN_IGNORE);
  EXPECT_EQ(e.tie_policy, ARGMIN_TIES_LAST);
  EXPECT_EQ(e.num_threads, 3);
}

TEST(WrapperTest, OutputShapeAndGeneralCall) {
  std::mt19937_64 rng(53);
  const DTypeCase& dt = DType("int32");
  TestTensor t(dt, {4, 5, 6}, std::vector<int64_t>{1, -24, 4}, 0, 2);
  for (int64_t i = 0; i < t.numel(); ++i) {
    t.Set(i, RandomBits(dt, Values::kPool, rng));
  }
  const DLTensor in = t.View();
  Options o;
  o.axis = -2;
  o.keepdims = true;
  EXPECT_EQ(OutputShape(in, o), (std::vector<int64_t>{4, 1, 6}));
  EXPECT_EQ(OutputShape(in), (std::vector<int64_t>{}));
  o.axis = 3;
  try {
    OutputShape(in, o);
    ADD_FAILURE() << "axis 3 of 3 did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), ARGMIN_ERROR_BAD_AXIS);
  }

  o.axis = 1;
  o.ties = Ties::kLast;
  const std::vector<int64_t> shape = OutputShape(in, o);
  OutputBuffer out(shape, 32);
  argmin::argmin(in, o, *out.tensor());
  argmin_status st;
  const std::vector<int64_t> want = oracle::Argmin(in, o.ToC(), &st);
  ASSERT_EQ(st, ARGMIN_OK);
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(out.Get(static_cast<int64_t>(i)), want[i]);
  }

  OutputBuffer wrong({4, 5}, 64);
  try {
    argmin::argmin(in, o, *wrong.tensor());
    ADD_FAILURE() << "a wrong output shape did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), ARGMIN_ERROR_BAD_OUTPUT);
  }
  EXPECT_TRUE(wrong.Untouched());
  EXPECT_STREQ(TargetName(), argmin_target_name());
}

}  // namespace
}  // namespace argmin

namespace argmin {
namespace {

// Returns argmin_compute's status and index for the 1-D tensor `t`, axis none.
std::pair<argmin_status, int64_t> ComputeAxisNone(const TestTensor& t,
                                                  argmin_options o) {
  o.has_axis = 0;
  o.keepdims = 0;
  const DLTensor in = t.View();
  int64_t index = -1;
  DLTensor out{};
  out.data = &index;
  out.device = {kDLCPU, 0};
  out.ndim = 0;
  out.dtype = MakeDType(kDLInt, 64);
  const argmin_status status = argmin_compute(&in, &o, &out);
  return {status, index};
}

TEST(ContiguousEntryTest, AgreesWithTheGeneralCall) {
  // The 1-D entry point skips the planner; it must give the general call's
  // status and index for every dtype, length and policy, NaN-heavy data too.
  std::mt19937_64 rng(2024);
  for (const DTypeCase& dt : AllDTypes()) {
    for (int64_t n : {1, 2, 7, 33, 64, 65, 1000, 4099}) {
      for (Values mode : {Values::kPool, Values::kWide, Values::kMostlyNan}) {
        TestTensor t(dt, {n}, std::nullopt, PoisonBits(dt, rng));
        for (int64_t i = 0; i < n; ++i) t.Set(i, RandomBits(dt, mode, rng));
        const DLTensor view = t.View();
        const void* data =
            static_cast<const unsigned char*>(view.data) + view.byte_offset;
        for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
          for (int32_t ties : {ARGMIN_TIES_FIRST, ARGMIN_TIES_LAST}) {
            const argmin_options o = Opts(std::nullopt, false, nan, ties);
            const auto expected = ComputeAxisNone(t, o);
            int64_t index = -7;
            const argmin_status status =
                argmin_contiguous(data, dt.dtype, n, &o, &index);
            ASSERT_EQ(expected.first, status) << dt.name << " n=" << n;
            ASSERT_EQ(status == ARGMIN_OK ? expected.second : -7, index)
                << dt.name << " n=" << n << " nan=" << nan << " ties=" << ties;
          }
        }
      }
    }
  }
}

TEST(ContiguousEntryTest, BadArgumentsLeaveTheIndexUntouched) {
  const float data[3] = {2.0f, 1.0f, 3.0f};
  const float nans[2] = {std::nanf(""), std::nanf("")};
  const DLDataType f32 = MakeDType(kDLFloat, 32);
  const argmin_options good = Opts();
  argmin_options bad_nan = Opts();
  bad_nan.nan_policy = 9;
  argmin_options bad_threads = Opts();
  bad_threads.num_threads = -1;
  const argmin_options ignore = Opts(std::nullopt, false, ARGMIN_NAN_IGNORE);
  struct Case {
    const void* data;
    DLDataType dtype;
    int64_t n;
    const argmin_options* options;
    argmin_status expected;
  };
  const Case cases[] = {
      {nullptr, f32, 3, &good, ARGMIN_ERROR_NULL_POINTER},
      {data, f32, 3, nullptr, ARGMIN_ERROR_NULL_POINTER},
      {data, MakeDType(kDLComplex, 64), 3, &good,
       ARGMIN_ERROR_UNSUPPORTED_DTYPE},
      {data, MakeDType(kDLFloat, 32, 4), 3, &good,
       ARGMIN_ERROR_UNSUPPORTED_DTYPE},
      {data, f32, -1, &good, ARGMIN_ERROR_BAD_SHAPE},
      {data, f32, INT64_MAX / 2, &good, ARGMIN_ERROR_BAD_SHAPE},
      {data, f32, 0, &good, ARGMIN_ERROR_EMPTY_REDUCTION},
      {nullptr, f32, 0, &good, ARGMIN_ERROR_EMPTY_REDUCTION},
      {data, f32, 3, &bad_nan, ARGMIN_ERROR_BAD_OPTION},
      {data, f32, 3, &bad_threads, ARGMIN_ERROR_BAD_OPTION},
      {nans, f32, 2, &ignore, ARGMIN_ERROR_ALL_NAN},
  };
  for (const Case& c : cases) {
    int64_t index = -7;
    EXPECT_EQ(c.expected,
              argmin_contiguous(c.data, c.dtype, c.n, c.options, &index));
    EXPECT_EQ(-7, index);
  }
  EXPECT_EQ(ARGMIN_ERROR_NULL_POINTER,
            argmin_contiguous(data, f32, 3, &good, nullptr));
  int64_t index = -7;
  EXPECT_EQ(ARGMIN_OK, argmin_contiguous(data, f32, 3, &good, &index));
  EXPECT_EQ(1, index);
}

}  // namespace
}  // namespace argmin
