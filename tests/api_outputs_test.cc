// Tests of the C ABI's outputs (shapes, strides, dtypes, written exactly
// where they should be) and of every bad input and option, after which
// nothing may be written.
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
// Output tensors.

TEST(OutputTest, Int32OutputEqualsInt64Output) {
  // CheckAgainstOracle covers int32 everywhere; here a long slice whose
  // index needs more than 16 bits.
  const DTypeCase& dt = DType("int8");
  std::mt19937_64 rng(29);
  TestTensor t(dt, {2, 70000}, std::nullopt, PoisonBits(dt, rng));
  for (int64_t i = 0; i < t.numel(); ++i) t.Set(i, IntBits(dt, 5));
  t.Set(70000 + 69999, IntBits(dt, -3));
  t.Set(66666, IntBits(dt, -3));
  EXPECT_TRUE(CheckAgainstOracle(t, Opts(1)));
  EXPECT_TRUE(CheckAgainstOracle(t, Opts()));
  EXPECT_TRUE(CheckAgainstOracle(
      t, Opts(std::nullopt, false, ARGMIN_NAN_PROPAGATE, ARGMIN_TIES_LAST)));
}

// Returns a float32 tensor over `value` with `shape` and `strides`, whose
// zero strides repeat elements without memory.
DLTensor Broadcast(float* value, int64_t* shape, int64_t* strides, int ndim) {
  DLTensor in = argmin_tensor(value, MakeDType(kDLFloat, 32), ndim, shape);
  in.strides = strides;
  return in;
}

TEST(OutputTest, Int32IndexOverflowIsAnErrorInt64IsNot) {
  // -inf, so that an implementation may stop at the first element once it
  // has seen the lowest value (the answer is 0 either way).
  float value = -std::numeric_limits<float>::infinity();
  int64_t shape[1] = {3000000000};
  int64_t strides[1] = {0};
  const DLTensor in = Broadcast(&value, shape, strides, 1);
  for (bool has_axis : {false, true}) {
    const argmin_options o = has_axis ? Opts(0) : Opts();
    OutputBuffer small({}, 32);
    EXPECT_EQ(argmin_compute(&in, &o, small.tensor()),
              ARGMIN_ERROR_INDEX_OVERFLOW);
    EXPECT_TRUE(small.Untouched());
  }
  // int64: every element ties, so the first wins (the brief's answer).
  const argmin_options o = Opts();
  OutputBuffer big({}, 64);
  ASSERT_EQ(argmin_compute(&in, &o, big.tensor()), ARGMIN_OK);
  EXPECT_EQ(big.Get(0), 0);
  EXPECT_TRUE(big.TailUntouched(1));
}

TEST(OutputTest, Int32LimitIsExactlyInt32Max) {
  // Rows of 2^31 + 1 elements: the last index is 2^31 > INT32_MAX.
  float values[3] = {2.0f, 1.0f, 1.0f};
  int64_t shape[2] = {3, (int64_t{1} << 31) + 1};
  int64_t strides[2] = {1, 0};
  DLTensor in = Broadcast(values, shape, strides, 2);
  const argmin_options along = Opts(1);
  OutputBuffer over({3}, 32);
  EXPECT_EQ(argmin_compute(&in, &along, over.tensor()),
            ARGMIN_ERROR_INDEX_OVERFLOW);
  EXPECT_TRUE(over.Untouched());
  // 2^31 elements: the last index is INT32_MAX, which fits.
  int64_t shape1[1] = {int64_t{1} << 31};
  int64_t strides1[1] = {0};
  in = Broadcast(&values[1], shape1, strides1, 1);
  const argmin_options last =
      Opts(0, false, ARGMIN_NAN_PROPAGATE, ARGMIN_TIES_LAST);
  OutputBuffer fits({}, 32);
  ASSERT_EQ(argmin_compute(&in, &last, fits.tensor()), ARGMIN_OK);
  EXPECT_EQ(fits.Get(0), std::numeric_limits<int32_t>::max());
}

// Checks a broadcast (2, `row`) input whose row 0 is all 2.0 and row 1 all
// -inf: its first minimum, flat index `row`, comes back exact in an int64
// output, and an int32 output is refused and left untouched. The answer is
// computed here, not by the oracle, which would take many seconds to walk
// billions of elements; -inf lets an implementation stop right after it.
void CheckFirstMinimumAt(int64_t row) {
  float values[2] = {2.0f, -std::numeric_limits<float>::infinity()};
  int64_t shape[2] = {2, row};
  int64_t strides[2] = {1, 0};
  const DLTensor in = Broadcast(values, shape, strides, 2);
  const argmin_options o = Opts();
  OutputBuffer out({}, 64);
  ASSERT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK);
  EXPECT_EQ(out.Get(0), row);
  OutputBuffer small({}, 32);
  EXPECT_EQ(argmin_compute(&in, &o, small.tensor()),
            ARGMIN_ERROR_INDEX_OVERFLOW);
  EXPECT_TRUE(small.Untouched());
}

// Past 2^31, which a 32-bit index anywhere on the way gets wrong.
TEST(OutputTest, IndicesBeyond31BitsAreExact) {
  CheckFirstMinimumAt((int64_t{1} << 31) + 5);
}

// Past 2^32.
TEST(OutputTest, IndicesBeyond32BitsAreExact) {
  CheckFirstMinimumAt((int64_t{1} << 32) + 3);
}

TEST(OutputTest, OutputShapeFunction) {
  const DTypeCase& dt = DType("uint16");
  const TestTensor t(dt, {2, 3, 4}, std::nullopt, 0);
  const DLTensor in = t.View();
  for (int64_t axis = -3; axis < 3; ++axis) {
    for (bool keepdims : {false, true}) {
      EXPECT_TRUE(CheckOutputShape(t, Opts(axis, keepdims), ARGMIN_OK, ""));
    }
  }
  // out_shape NULL: only the rank.
  argmin_options o = Opts(1);
  int32_t ndim = -1;
  EXPECT_EQ(argmin_output_shape(&in, &o, &ndim, nullptr), ARGMIN_OK);
  EXPECT_EQ(ndim, 2);
  o = Opts(std::nullopt, true);
  EXPECT_EQ(argmin_output_shape(&in, &o, &ndim, nullptr), ARGMIN_OK);
  EXPECT_EQ(ndim, 3);
  o = Opts();
  EXPECT_EQ(argmin_output_shape(&in, &o, &ndim, nullptr), ARGMIN_OK);
  EXPECT_EQ(ndim, 0);
  // Errors write nothing.
  o = Opts(5);
  ndim = -7;
  int64_t shape[ARGMIN_MAX_NDIM];
  std::fill(shape, shape + ARGMIN_MAX_NDIM, -7);
  EXPECT_EQ(argmin_output_shape(&in, &o, &ndim, shape), ARGMIN_ERROR_BAD_AXIS);
  EXPECT_EQ(ndim, -7);
  EXPECT_EQ(shape[0], -7);
  o.axis = 0;
  o.tie_policy = 9;
  EXPECT_EQ(argmin_output_shape(&in, &o, &ndim, shape),
            ARGMIN_ERROR_BAD_OPTION);
  EXPECT_EQ(ndim, -7);
  EXPECT_EQ(argmin_output_shape(nullptr, &o, &ndim, shape),
            ARGMIN_ERROR_NULL_POINTER);
  o = Opts();
  EXPECT_EQ(argmin_output_shape(&in, nullptr, &ndim, shape),
            ARGMIN_ERROR_NULL_POINTER);
  EXPECT_EQ(ndim, -7);
  // The data pointer is not the shape function's business.
  DLTensor no_data = in;
  no_data.data = nullptr;
  o = Opts(2);
  EXPECT_EQ(argmin_output_shape(&no_data, &o, &ndim, shape), ARGMIN_OK);
  EXPECT_EQ(ndim, 2);
  EXPECT_EQ(shape[0], 2);
  EXPECT_EQ(shape[1], 3);
}

class BadOutputTest : public ::testing::Test {
 protected:
  BadOutputTest() : t_(DType("float32"), {3, 4}, std::nullopt, 0) {
    std::mt19937_64 rng(37);
    for (int64_t i = 0; i < t_.numel(); ++i) {
      t_.Set(i, RandomBits(t_.dt(), Values::kPoolNoNan, rng));
    }
    in_ = t_.View();
  }
  // Runs with `out` and checks the status and that nothing was written.
  void ExpectFails(OutputBuffer& out, argmin_status want,
                   const argmin_options& o) {
    EXPECT_EQ(argmin_compute(&in_, &o, out.tensor()), want);
    EXPECT_TRUE(out.Untouched());
  }
  TestTensor t_;
  DLTensor in_;
};

TEST_F(BadOutputTest, WrongDtypes) {
  const argmin_options o = Opts(1);
  for (DLDataType dtype :
       {MakeDType(kDLInt, 16), MakeDType(kDLInt, 8), MakeDType(kDLUInt, 64),
        MakeDType(kDLUInt, 32), MakeDType(kDLFloat, 64),
        MakeDType(kDLFloat, 32), MakeDType(kDLInt, 64, 2),
        MakeDType(kDLInt, 32, 0), MakeDType(kDLBfloat, 16),
        MakeDType(ARGMIN_DL_BOOL, 8)}) {
    SCOPED_TRACE(std::to_string(dtype.code) + "/" + std::to_string(dtype.bits) +
                 "/" + std::to_string(dtype.lanes));
    OutputBuffer out({3}, 64);
    out.tensor()->dtype = dtype;
    ExpectFails(out, ARGMIN_ERROR_BAD_OUTPUT, o);
  }
}

TEST_F(BadOutputTest, WrongRankOrShape) {
  const argmin_options o = Opts(1);
  for (const std::vector<int64_t>& shape :
       {std::vector<int64_t>{}, std::vector<int64_t>{4},
        std::vector<int64_t>{3, 1}, std::vector<int64_t>{1, 3},
        std::vector<int64_t>{2}, std::vector<int64_t>{12}}) {
    SCOPED_TRACE(ShapeString(shape));
    OutputBuffer out(shape, 64);
    ExpectFails(out, ARGMIN_ERROR_BAD_OUTPUT, o);
  }
  // keepdims wants (3, 1); (3,) is wrong then.
  OutputBuffer out({3}, 64);
  ExpectFails(out, ARGMIN_ERROR_BAD_OUTPUT, Opts(1, true));
  // Axis none wants 0-d, or (1, 1) with keepdims.
  OutputBuffer one({1}, 64);
  ExpectFails(one, ARGMIN_ERROR_BAD_OUTPUT, Opts());
  OutputBuffer zero_d({}, 64);
  ExpectFails(zero_d, ARGMIN_ERROR_BAD_OUTPUT, Opts(std::nullopt, true));
}

TEST_F(BadOutputTest, NonCompactStrides) {
  // Outputs of (d0, d1, 2) inputs reduced along axis 2, with strides that
  // are wrong in one dimension or both; extents of 2 too, the smallest that
  // is ever stepped over.
  struct Case {
    std::vector<int64_t> shape, strides;
  };
  for (const Case& c : std::vector<Case>{{{3, 4}, {1, 3}},
                                         {{3, 4}, {4, 2}},
                                         {{3, 4}, {8, 1}},
                                         {{3, 4}, {-4, 1}},
                                         {{3, 4}, {0, 1}},
                                         {{3, 4}, {4, -1}},
                                         {{2, 3}, {6, 1}},
                                         {{2, 3}, {-3, 1}},
                                         {{3, 2}, {2, 2}},
                                         {{2, 2}, {1, 2}}}) {
    SCOPED_TRACE(ShapeString(c.shape) + " strides " + ShapeString(c.strides));
    const TestTensor t(DType("float32"), {c.shape[0], c.shape[1], 2},
                       std::nullopt, 0);
    const DLTensor in = t.View();
    const argmin_options along = Opts(2);
    OutputBuffer out(c.shape, 64, true);
    out.strides() = c.strides;
    out.tensor()->strides = out.strides().data();
    EXPECT_EQ(argmin_compute(&in, &along, out.tensor()),
              ARGMIN_ERROR_BAD_OUTPUT);
    EXPECT_TRUE(out.Untouched());
  }
}

TEST_F(BadOutputTest, AnyStrideIsFineForExtentOne) {
  // Output (3, 1, 4) of a (3, 5, 4) input with keepdims: the middle stride
  // is irrelevant, the others must be compact.
  std::mt19937_64 rng(41);
  const DTypeCase& dt = DType("float32");
  TestTensor t(dt, {3, 5, 4}, std::nullopt, 0);
  for (int64_t i = 0; i < t.numel(); ++i) {
    t.Set(i, RandomBits(dt, Values::kPool, rng));
  }
  const DLTensor in = t.View();
  const argmin_options o = Opts(1, true);
  argmin_status st;
  const std::vector<int64_t> want = oracle::Argmin(in, o, &st);
  ASSERT_EQ(st, ARGMIN_OK);
  for (int64_t middle : {int64_t{0}, int64_t{-9}, int64_t{4}, int64_t{12345},
                         std::numeric_limits<int64_t>::min()}) {
    OutputBuffer out({3, 1, 4}, 64, true);
    out.strides() = {4, middle, 1};
    out.tensor()->strides = out.strides().data();
    ASSERT_EQ(argmin_compute(&in, &o, out.tensor()), ARGMIN_OK) << middle;
    for (int64_t i = 0; i < 12; ++i) EXPECT_EQ(out.Get(i), want[i]) << middle;
  }
  // Axis none with keepdims: every output extent is 1, any strides.
  const argmin_options none = Opts(std::nullopt, true);
  const std::vector<int64_t> want_none = oracle::Argmin(in, none, &st);
  OutputBuffer out({1, 1, 1}, 32, true);
  out.strides() = {7, -3, 0};
  out.tensor()->strides = out.strides().data();
  ASSERT_EQ(argmin_compute(&in, &none, out.tensor()), ARGMIN_OK);
  EXPECT_EQ(out.Get(0), want_none[0]);
  EXPECT_TRUE(out.TailUntouched(1));
}

TEST_F(BadOutputTest, NullPointers) {
  const argmin_options o = Opts(1);
  EXPECT_EQ(argmin_compute(&in_, &o, nullptr), ARGMIN_ERROR_NULL_POINTER);
  OutputBuffer no_shape({3}, 64);
  no_shape.tensor()->shape = nullptr;
  ExpectFails(no_shape, ARGMIN_ERROR_NULL_POINTER, o);
  OutputBuffer no_data({3}, 64);
  no_data.tensor()->data = nullptr;
  EXPECT_EQ(argmin_compute(&in_, &o, no_data.tensor()),
            ARGMIN_ERROR_NULL_POINTER);
  OutputBuffer no_data_0d({}, 64);
  no_data_0d.tensor()->data = nullptr;
  const argmin_options none = Opts();
  EXPECT_EQ(argmin_compute(&in_, &none, no_data_0d.tensor()),
            ARGMIN_ERROR_NULL_POINTER);
}

TEST_F(BadOutputTest, NotOnTheCpu) {
  const argmin_options o = Opts(1);
  for (DLDeviceType device : {kDLCUDA, kDLCUDAHost, kDLOpenCL, kDLVulkan,
                              kDLMetal, kDLROCM, kDLExtDev}) {
    OutputBuffer out({3}, 64);
    out.tensor()->device = {device, 0};
    ExpectFails(out, ARGMIN_ERROR_UNSUPPORTED_DEVICE, o);
  }
}

TEST_F(BadOutputTest, OutputByteOffsetIsHonoured) {
  // DLPack: the first element of any tensor is at data + byte_offset.
  const argmin_options o = Opts(1);
  argmin_status st;
  const std::vector<int64_t> want = oracle::Argmin(in_, o, &st);
  ASSERT_EQ(st, ARGMIN_OK);
  for (int bits : {64, 32}) {
    OutputBuffer out({3}, bits);
    const uint64_t offset = 2 * (bits / 8);
    out.tensor()->byte_offset = offset;
    ASSERT_EQ(argmin_compute(&in_, &o, out.tensor()), ARGMIN_OK);
    EXPECT_TRUE(out.SentinelIn(0, offset)) << "written before byte_offset";
    for (int64_t i = 0; i < 3; ++i) EXPECT_EQ(out.Get(i, offset), want[i]);
    EXPECT_TRUE(out.TailUntouched(3, offset));
  }
}

// ---------------------------------------------------------------------------
// Bad inputs and options.

class BadInputTest : public ::testing::Test {
 protected:
  BadInputTest() {
    in_.data = data_;
    in_.device = {kDLCPU, 0};
    in_.ndim = 2;
    in_.dtype = MakeDType(kDLFloat, 32);
    in_.shape = shape_;
    in_.strides = nullptr;
  }
  float data_[6] = {3, 1, 2, 0, 5, 4};
  int64_t shape_[2] = {2, 3};
  DLTensor in_{};
};

TEST_F(BadInputTest, TheFixtureIsValid) {
  const argmin_options o = Opts(1);
  OutputBuffer out({2}, 64);
  ASSERT_EQ(argmin_compute(&in_, &o, out.tensor()), ARGMIN_OK);
  argmin_status st;
  EXPECT_EQ(oracle::Argmin(in_, o, &st),
            (std::vector<int64_t>{out.Get(0), out.Get(1)}));
}

TEST_F(BadInputTest, NullPointers) {
  const argmin_options o = Opts(1);
  ExpectRawError(nullptr, &o, ARGMIN_ERROR_NULL_POINTER, {2});
  ExpectRawError(&in_, nullptr, ARGMIN_ERROR_NULL_POINTER, {2});
  DLTensor no_shape = in_;
  no_shape.shape = nullptr;
  ExpectRawError(&no_shape, &o, ARGMIN_ERROR_NULL_POINTER, {2});
  DLTensor no_data = in_;
  no_data.data = nullptr;
  ExpectRawError(&no_data, &o, ARGMIN_ERROR_NULL_POINTER, {2}, true);
  // A 0-d tensor has one element, so it needs data.
  DLTensor scalar = in_;
  scalar.ndim = 0;
  scalar.data = nullptr;
  const argmin_options none = Opts();
  ExpectRawError(&scalar, &none, ARGMIN_ERROR_NULL_POINTER, {}, true);
  // data NULL but byte_offset nonzero is still no data.
  no_data.byte_offset = 16;
  ExpectRawError(&no_data, &o, ARGMIN_ERROR_NULL_POINTER, {2}, true);
  int32_t ndim;
  EXPECT_EQ(argmin_output_shape(&in_, &o, nullptr, nullptr),
            ARGMIN_ERROR_NULL_POINTER);
  EXPECT_EQ(argmin_output_shape(&in_, &o, &ndim, nullptr), ARGMIN_OK);
}

TEST_F(BadInputTest, BadShapes) {
  const argmin_options o = Opts();
  DLTensor t = in_;
  t.ndim = -1;
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  t.ndim = ARGMIN_MAX_NDIM + 1;
  int64_t ones[ARGMIN_MAX_NDIM + 1];
  std::fill(ones, ones + ARGMIN_MAX_NDIM + 1, 1);
  t.shape = ones;
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  t.ndim = std::numeric_limits<int32_t>::min();
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  // The same ones at the limit are fine.
  t.ndim = ARGMIN_MAX_NDIM;
  OutputBuffer out({}, 64);
  EXPECT_EQ(argmin_compute(&t, &o, out.tensor()), ARGMIN_OK);
  EXPECT_EQ(out.Get(0), 0);

  for (int64_t bad : {int64_t{-1}, std::numeric_limits<int64_t>::min()}) {
    int64_t shape[2] = {2, bad};
    t = in_;
    t.shape = shape;
    ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
    // Even where the other extent is 0, a negative one is wrong.
    shape[0] = 0;
    ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  }
}

TEST_F(BadInputTest, ElementCountOverflow) {
  const argmin_options o = Opts();
  // 2^32 * 2^32 = 2^64 elements; zero strides so no memory could be read.
  int64_t shape[2] = {int64_t{1} << 32, int64_t{1} << 32};
  int64_t strides[2] = {0, 0};
  DLTensor t = in_;
  t.shape = shape;
  t.strides = strides;
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  int64_t shape3[3] = {3, std::numeric_limits<int64_t>::max() / 2, 1};
  int64_t strides3[3] = {0, 0, 0};
  t.ndim = 3;
  t.shape = shape3;
  t.strides = strides3;
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  const argmin_options along = Opts(0);
  ExpectRawError(&t, &along, ARGMIN_ERROR_BAD_SHAPE,
                 {std::numeric_limits<int64_t>::max() / 2, 1});
}

TEST_F(BadInputTest, ByteExtentOverflow) {
  // 2^40 elements 2^40 apart: the last one's byte offset needs 82 bits.
  const argmin_options o = Opts();
  int64_t shape[1] = {int64_t{1} << 40};
  int64_t strides[1] = {int64_t{1} << 40};
  DLTensor t = in_;
  t.ndim = 1;
  t.shape = shape;
  t.strides = strides;
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  strides[0] = -(int64_t{1} << 40);
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
  // float64, 2^61 elements 1 apart: 2^64 bytes.
  shape[0] = int64_t{1} << 61;
  strides[0] = 1;
  t.dtype = MakeDType(kDLFloat, 64);
  ExpectRawError(&t, &o, ARGMIN_ERROR_BAD_SHAPE);
}

TEST_F(BadInputTest, UnsupportedDtypes) {
  const argmin_options o = Opts(1);
  for (DLDataType dtype :
       {MakeDType(kDLFloat, 8), MakeDType(kDLFloat, 128),
        MakeDType(kDLFloat, 32, 2), MakeDType(kDLFloat, 32, 4),
        MakeDType(kDLFloat, 32, 0), MakeDType(kDLInt, 128),
        MakeDType(kDLInt, 1), MakeDType(kDLInt, 24), MakeDType(kDLUInt, 4),
        MakeDType(kDLUInt, 128), MakeDType(kDLBfloat, 32),
        MakeDType(kDLBfloat, 8), MakeDType(kDLComplex, 64),
        MakeDType(kDLOpaqueHandle, 64), MakeDType(ARGMIN_DL_BOOL, 1),
        MakeDType(ARGMIN_DL_BOOL, 16), MakeDType(ARGMIN_DL_BOOL, 8, 2),
        MakeDType(7, 32), MakeDType(255, 8)}) {
    SCOPED_TRACE(std::to_string(dtype.code) + "/" + std::to_string(dtype.bits) +
                 "/" + std::to_string(dtype.lanes));
    DLTensor t = in_;
    t.dtype = dtype;
    ExpectRawError(&t, &o, ARGMIN_ERROR_UNSUPPORTED_DTYPE, {2});
  }
}

TEST_F(BadInputTest, UnsupportedDevices) {
  const argmin_options o = Opts(1);
  for (DLDeviceType device :
       {kDLCUDA, kDLCUDAHost, kDLOpenCL, kDLVulkan, kDLMetal, kDLVPI, kDLROCM,
        kDLROCMHost, kDLExtDev, kDLCUDAManaged}) {
    DLTensor t = in_;
    t.device = {device, 0};
    ExpectRawError(&t, &o, ARGMIN_ERROR_UNSUPPORTED_DEVICE, {2});
  }
}

TEST_F(BadInputTest, BadOptions) {
  for (int32_t bad : {3, -1, 100, std::numeric_limits<int32_t>::min()}) {
    argmin_options o = Opts(1);
    o.nan_policy = bad;
    ExpectRawError(&in_, &o, ARGMIN_ERROR_BAD_OPTION, {2});
    o = Opts(1);
    o.tie_policy = bad == 3 ? 2 : bad;
    ExpectRawError(&in_, &o, ARGMIN_ERROR_BAD_OPTION, {2});
  }
  for (int32_t bad : {-1, -8, std::numeric_limits<int32_t>::min()}) {
    argmin_options o = Opts(1);
    o.num_threads = bad;
    ExpectRawError(&in_, &o, ARGMIN_ERROR_BAD_OPTION, {2});
  }
  // nan_policy is checked even for integers, where it has no effect.
  DLTensor ints = in_;
  int32_t data[6] = {3, 1, 2, 0, 5, 4};
  ints.data = data;
  ints.dtype = MakeDType(kDLInt, 32);
  argmin_options o = Opts(1);
  o.nan_policy = 3;
  ExpectRawError(&ints, &o, ARGMIN_ERROR_BAD_OPTION, {2});
}

}  // namespace
}  // namespace argmin
