// The family's own API: partial results merged by argmin_merge (random
// splits of 1-D and 2-D inputs against one call), ARGMIN_NAN_IGNORE_PARTIAL,
// the new entry points' bad inputs, and the C++ overloads. Every op's answers
// on random tensors, layouts and thread counts are checked by the C ABI's
// tests (CheckFamily, tests/api_test_util.h).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "argmin/argmin.h"
#include "argmin/argmin.hpp"
#include "gtest/gtest.h"
#include "kernels/oracle.h"
#include "tests/test_util.h"

namespace argmin {
namespace {

using test::AllDTypes;
using test::DTypeCase;
using test::MakeDType;
using test::RandomBytes;

argmin_options Options(int32_t nan, int32_t ties) {
  argmin_options o = argmin_default_options();
  o.nan_policy = nan;
  o.tie_policy = ties;
  return o;
}

using test::Tensor;

// Splits [0, n) into 2-17 random pieces, some of them empty; returns the
// cut points, first 0 and last n.
std::vector<int64_t> RandomCuts(int64_t n, std::mt19937_64& rng) {
  const int pieces = 2 + static_cast<int>(rng() % 16);
  std::vector<int64_t> cuts = {0, n};
  for (int i = 1; i < pieces; ++i) {
    cuts.push_back(n == 0 ? 0 : static_cast<int64_t>(rng() % (n + 1)));
  }
  std::sort(cuts.begin(), cuts.end());
  return cuts;
}

// Random 1-D inputs split at random: each piece reduced alone (under
// ARGMIN_NAN_IGNORE_PARTIAL where NaN is ignored, so an all-NaN piece gives
// index -1), its index made global, and the pieces merged in a random order:
// the index and value must be one call's, for min and max, both tie rules.
TEST(MergeTest, RandomSplitsOf1DInputsGiveOneCallsAnswer) {
  std::mt19937_64 rng(2026);
  for (const DTypeCase& dt : AllDTypes()) {
    const size_t item = dt.size();
    for (int round = 0; round < 60; ++round) {
      const int64_t n = 1 + static_cast<int64_t>(rng() % 400);
      const int nan_percent = round % 3 == 0 ? 90 : round % 3 == 1 ? 5 : 0;
      const std::vector<uint8_t> data = RandomBytes(dt, n, rng, nan_percent);
      for (argmin_op op : {ARGMIN_OP_MIN, ARGMIN_OP_MAX}) {
        for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
          for (int32_t ties : {ARGMIN_TIES_FIRST, ARGMIN_TIES_LAST}) {
            const argmin_options whole = Options(nan, ties);
            const int64_t want = oracle::Arg1D(data.data(), dt.dtype, n, 1,
                                               whole, op == ARGMIN_OP_MAX);
            const argmin_options piece_options = Options(
                nan == ARGMIN_NAN_IGNORE ? ARGMIN_NAN_IGNORE_PARTIAL : nan,
                ties);
            std::vector<int64_t> cuts = RandomCuts(n, rng);
            std::vector<size_t> order(cuts.size() - 1);
            for (size_t i = 0; i < order.size(); ++i) order[i] = i;
            std::shuffle(order.begin(), order.end(), rng);
            int64_t best_index = -1;
            std::vector<uint8_t> best_value(item, 0xAB);
            for (size_t p : order) {
              const int64_t begin = cuts[p], len = cuts[p + 1] - cuts[p];
              if (len == 0) continue;  // an empty piece offers nothing
              int64_t index = -7;
              ASSERT_EQ(ARGMIN_OK, argmin_contiguous_reduce(
                                       &data[begin * item], dt.dtype, len, op,
                                       &piece_options,
                                       op == ARGMIN_OP_MIN ? &index : nullptr,
                                       op == ARGMIN_OP_MAX ? &index : nullptr));
              const uint8_t* value =
                  &data[(begin + std::max<int64_t>(index, 0)) * item];
              const int64_t global = index < 0 ? -1 : begin + index;
              ASSERT_EQ(ARGMIN_OK,
                        argmin_merge(dt.dtype, op, &whole, 1, value, &global,
                                     best_value.data(), &best_index));
            }
            SCOPED_TRACE(std::string(dt.name) + " n=" + std::to_string(n) +
                         " op=" + std::to_string(op) + " nan=" +
                         std::to_string(nan) + " ties=" + std::to_string(ties) +
                         " pieces=" + std::to_string(cuts.size() - 1));
            ASSERT_EQ(want, best_index);
            if (want >= 0) {
              ASSERT_EQ(0, memcmp(best_value.data(), &data[want * item], item));
            }
          }
        }
      }
    }
  }
}

// (R, C) inputs split along axis 0: each block reduced along axis 0 with its
// values, and the blocks' rows of results merged elementwise, as a sharded
// reduction would: every column's answer is one call's over the whole.
TEST(MergeTest, BlocksAlongTheReducedAxisMergeElementwise) {
  std::mt19937_64 rng(7);
  for (const DTypeCase& dt : AllDTypes()) {
    const size_t item = dt.size();
    for (int round = 0; round < 12; ++round) {
      const int64_t rows = 1 + static_cast<int64_t>(rng() % 60);
      const int64_t cols = 1 + static_cast<int64_t>(rng() % 40);
      const std::vector<uint8_t> data =
          RandomBytes(dt, rows * cols, rng, round % 2 ? 60 : 3);
      for (argmin_op op : {ARGMIN_OP_MIN, ARGMIN_OP_MAX}) {
        for (int32_t ties : {ARGMIN_TIES_FIRST, ARGMIN_TIES_LAST}) {
          argmin_options whole = Options(ARGMIN_NAN_IGNORE, ties);
          whole.has_axis = 1;
          whole.axis = 0;
          std::vector<int64_t> shape = {rows, cols};
          const DLTensor all = Tensor(data.data(), dt.dtype, shape);
          argmin_status want_status;
          const std::vector<int64_t> want =
              oracle::Arg(all, whole, op == ARGMIN_OP_MAX, &want_status);
          argmin_options piece = whole;
          piece.nan_policy = ARGMIN_NAN_IGNORE_PARTIAL;
          std::vector<int64_t> best_index(cols, -1);
          std::vector<uint8_t> best_value(cols * item);
          const std::vector<int64_t> cuts = RandomCuts(rows, rng);
          for (size_t p = 0; p + 1 < cuts.size(); ++p) {
            std::vector<int64_t> block_shape = {cuts[p + 1] - cuts[p], cols};
            if (block_shape[0] == 0) continue;
            const DLTensor block =
                Tensor(&data[cuts[p] * cols * item], dt.dtype, block_shape);
            std::vector<int64_t> out_shape = {cols};
            std::vector<int64_t> index(cols);
            std::vector<uint8_t> value(cols * item);
            DLTensor index_t =
                Tensor(index.data(), MakeDType(kDLInt, 64), out_shape);
            DLTensor value_t = Tensor(value.data(), dt.dtype, out_shape);
            argmin_outputs outputs = {nullptr, nullptr, nullptr, nullptr};
            if (op == ARGMIN_OP_MIN) {
              outputs.min_indices = &index_t;
              outputs.min_values = &value_t;
            } else {
              outputs.max_indices = &index_t;
              outputs.max_values = &value_t;
            }
            ASSERT_EQ(ARGMIN_OK, argmin_reduce(&block, op, &piece, &outputs));
            for (int64_t& i : index) {
              if (i >= 0) i += cuts[p];
            }
            ASSERT_EQ(ARGMIN_OK,
                      argmin_merge(dt.dtype, op, &whole, cols, value.data(),
                                   index.data(), best_value.data(),
                                   best_index.data()));
          }
          SCOPED_TRACE(std::string(dt.name) + " " + std::to_string(rows) + "x" +
                       std::to_string(cols) + " op=" + std::to_string(op));
          if (want_status == ARGMIN_ERROR_ALL_NAN) {
            // Some column is all NaN: the merge leaves it without an index.
            ASSERT_TRUE(std::count(best_index.begin(), best_index.end(), -1) >
                        0);
            continue;
          }
          ASSERT_EQ(ARGMIN_OK, want_status);
          ASSERT_EQ(want, best_index);
          for (int64_t c = 0; c < cols; ++c) {
            ASSERT_EQ(0, memcmp(&best_value[c * item],
                                &data[(want[c] * cols + c) * item], item))
                << "column " << c;
          }
        }
      }
    }
  }
}

// Under ARGMIN_NAN_IGNORE_PARTIAL an all-NaN slice gets index -1 and its
// first element as value, while ARGMIN_NAN_IGNORE fails the whole call.
TEST(PartialTest, AllNaNSlicesGetNoIndex) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // Column 0 of this (3, 2) input is all NaN; column 1 is {2, nan, 1}.
  float data[6] = {nan, 2.0f, nan, nan, nan, 1.0f};
  std::vector<int64_t> shape = {3, 2};
  const DLTensor in = Tensor(data, MakeDType(kDLFloat, 32), shape);
  std::vector<int64_t> out_shape = {2};
  int64_t index[2] = {-5, -5};
  float values[2] = {0, 0};
  DLTensor index_t = Tensor(index, MakeDType(kDLInt, 64), out_shape);
  DLTensor value_t = Tensor(values, MakeDType(kDLFloat, 32), out_shape);
  argmin_options o = Options(ARGMIN_NAN_IGNORE, ARGMIN_TIES_FIRST);
  o.has_axis = 1;
  argmin_outputs outputs = {nullptr, nullptr, &index_t, &value_t};
  EXPECT_EQ(ARGMIN_ERROR_ALL_NAN,
            argmin_reduce(&in, ARGMIN_OP_MAX, &o, &outputs));
  EXPECT_EQ(-5, index[0]);
  o.nan_policy = ARGMIN_NAN_IGNORE_PARTIAL;
  ASSERT_EQ(ARGMIN_OK, argmin_reduce(&in, ARGMIN_OP_MAX, &o, &outputs));
  EXPECT_EQ(-1, index[0]);
  EXPECT_TRUE(std::isnan(values[0]));
  EXPECT_EQ(0, index[1]);
  EXPECT_EQ(2.0f, values[1]);
  int64_t flat = -5;
  EXPECT_EQ(ARGMIN_OK,
            argmin_contiguous_reduce(data + 2, MakeDType(kDLFloat, 32), 2,
                                     ARGMIN_OP_MIN, &o, &flat, nullptr));
  EXPECT_EQ(-1, flat);
}

// Each new entry point rejects what it must, and writes nothing then.
TEST(FamilyBadInputTest, OutputsOpsAndMergeArguments) {
  float data[6] = {3, 1, 2, 0, 5, 4};
  std::vector<int64_t> shape = {2, 3};
  const DLTensor in = Tensor(data, MakeDType(kDLFloat, 32), shape);
  std::vector<int64_t> out_shape = {3}, wrong_shape = {2};
  const argmin_options o = [] {
    argmin_options x = argmin_default_options();
    x.has_axis = 1;
    return x;
  }();
  int64_t a[3], b[3];
  int32_t c[3];
  float v[3];
  double wrong_v[3];
  DLTensor ia = Tensor(a, MakeDType(kDLInt, 64), out_shape);
  DLTensor ib = Tensor(b, MakeDType(kDLInt, 64), out_shape);
  DLTensor ic = Tensor(c, MakeDType(kDLInt, 32), out_shape);
  DLTensor va = Tensor(v, MakeDType(kDLFloat, 32), out_shape);
  DLTensor vd = Tensor(wrong_v, MakeDType(kDLFloat, 64), out_shape);
  DLTensor vs = Tensor(v, MakeDType(kDLFloat, 32), wrong_shape);
  struct Case {
    int32_t op;  // an argmin_op, or a value outside it
    argmin_outputs outputs;
    argmin_status want;
  };
  const Case cases[] = {
      {ARGMIN_OP_MIN, {&ia, &vd, nullptr, nullptr}, ARGMIN_ERROR_BAD_OUTPUT},
      {ARGMIN_OP_MIN, {&ia, &vs, nullptr, nullptr}, ARGMIN_ERROR_BAD_OUTPUT},
      {ARGMIN_OP_MIN, {&ia, nullptr, nullptr, &va}, ARGMIN_ERROR_BAD_OUTPUT},
      {ARGMIN_OP_MIN, {&ia, nullptr, &ib, nullptr}, ARGMIN_ERROR_BAD_OUTPUT},
      {ARGMIN_OP_MAX, {&ia, nullptr, &ib, nullptr}, ARGMIN_ERROR_BAD_OUTPUT},
      {ARGMIN_OP_MAX,
       {nullptr, nullptr, nullptr, &va},
       ARGMIN_ERROR_NULL_POINTER},
      {ARGMIN_OP_MINMAX,
       {&ia, &va, nullptr, nullptr},
       ARGMIN_ERROR_NULL_POINTER},
      {ARGMIN_OP_MINMAX, {&ia, nullptr, &ic, nullptr}, ARGMIN_ERROR_BAD_OUTPUT},
      {ARGMIN_OP_MINMAX, {&ia, nullptr, &ib, &vd}, ARGMIN_ERROR_BAD_OUTPUT},
      {3, {&ia, nullptr, &ib, nullptr}, ARGMIN_ERROR_BAD_OPTION},
      {-1, {&ia, nullptr, nullptr, nullptr}, ARGMIN_ERROR_BAD_OPTION},
  };
  for (const Case& k : cases) {
    std::fill(a, a + 3, -9);
    std::fill(b, b + 3, -9);
    std::fill(c, c + 3, -9);
    std::fill(v, v + 3, -9.0f);
    std::fill(wrong_v, wrong_v + 3, -9.0);
    EXPECT_EQ(k.want, argmin_reduce(&in, k.op, &o, &k.outputs)) << k.op;
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(-9, a[i]);
      EXPECT_EQ(-9, b[i]);
      EXPECT_EQ(-9, c[i]);
      EXPECT_EQ(-9.0f, v[i]);
      EXPECT_EQ(-9.0, wrong_v[i]);
    }
  }
  EXPECT_EQ(ARGMIN_ERROR_NULL_POINTER,
            argmin_reduce(&in, ARGMIN_OP_MIN, &o, nullptr));

  // The contiguous entry: the op's index pointers are required.
  int64_t i0 = -9, i1 = -9;
  const DLDataType f32 = MakeDType(kDLFloat, 32);
  EXPECT_EQ(
      ARGMIN_ERROR_NULL_POINTER,
      argmin_contiguous_reduce(data, f32, 6, ARGMIN_OP_MAX, &o, &i0, nullptr));
  EXPECT_EQ(ARGMIN_ERROR_NULL_POINTER,
            argmin_contiguous_reduce(data, f32, 6, ARGMIN_OP_MINMAX, &o, &i0,
                                     nullptr));
  EXPECT_EQ(ARGMIN_ERROR_BAD_OPTION,
            argmin_contiguous_reduce(data, f32, 6, 7, &o, &i0, &i1));
  EXPECT_EQ(-9, i0);
  EXPECT_EQ(-9, i1);
  ASSERT_EQ(ARGMIN_OK, argmin_contiguous_reduce(data, f32, 6, ARGMIN_OP_MINMAX,
                                                &o, &i0, &i1));
  EXPECT_EQ(3, i0);
  EXPECT_EQ(4, i1);

  // The merge: the op must be one extreme; pointers and count are checked.
  float best = 7;
  int64_t best_index = 5;
  const int64_t offered = 1;
  const argmin_options plain = argmin_default_options();
  EXPECT_EQ(ARGMIN_ERROR_BAD_OPTION,
            argmin_merge(f32, ARGMIN_OP_MINMAX, &plain, 1, data, &offered,
                         &best, &best_index));
  EXPECT_EQ(ARGMIN_ERROR_NULL_POINTER,
            argmin_merge(f32, ARGMIN_OP_MIN, &plain, 1, nullptr, &offered,
                         &best, &best_index));
  EXPECT_EQ(ARGMIN_ERROR_BAD_SHAPE,
            argmin_merge(f32, ARGMIN_OP_MIN, &plain, -1, data, &offered, &best,
                         &best_index));
  EXPECT_EQ(ARGMIN_ERROR_UNSUPPORTED_DTYPE,
            argmin_merge(MakeDType(kDLFloat, 8), ARGMIN_OP_MIN, &plain, 1, data,
                         &offered, &best, &best_index));
  EXPECT_EQ(7.0f, best);
  EXPECT_EQ(5, best_index);
  EXPECT_EQ(ARGMIN_OK, argmin_merge(f32, ARGMIN_OP_MIN, &plain, 0, nullptr,
                                    nullptr, nullptr, nullptr));
}

// The C++ overloads: argmax, min and max with values, argminmax, merge.
TEST(CppFamilyTest, OverloadsFollowTheCAbi) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float x[] = {1.0f, -0.0f, 5.0f, 0.0f, 5.0f, -3.0f};
  EXPECT_EQ(2, argmax(x, 6));
  EXPECT_EQ(4, argmax(x, 6, NanPolicy::kPropagate, Ties::kLast));
  const IndexValue<float> lo = min(x, 6);
  EXPECT_EQ(5, lo.index);
  EXPECT_EQ(-3.0f, lo.value);
  const IndexValue<float> hi = max(x, 6);
  EXPECT_EQ(2, hi.index);
  const MinMaxIndex both = argminmax(x, 6);
  EXPECT_EQ(5, both.min);
  EXPECT_EQ(2, both.max);
  const float y[] = {1.0f, nan, -std::numeric_limits<float>::infinity()};
  EXPECT_EQ(1, argmax(y, 3));
  EXPECT_EQ(2, nanargmin(y, 3));
  EXPECT_EQ(0, nanargmax(y, 3));
  const float zeros[] = {-0.0f, 0.0f};
  EXPECT_TRUE(std::signbit(max(zeros, 2).value));  // x[index], bit for bit
  EXPECT_FALSE(
      std::signbit(max(zeros, 2, NanPolicy::kPropagate, Ties::kLast).value));
  const bool flags[] = {false, true, true};
  EXPECT_EQ(1, argmax(flags, 3));
  float best_value = 2.0f;
  int64_t best_index = 10;
  const float offered = 2.0f;
  const int64_t offered_index = 4;
  merge(Op::kMax, 1, &offered, &offered_index, &best_value, &best_index);
  EXPECT_EQ(4, best_index);  // a tie: the first index wins
  try {
    merge(Op::kMinMax, 1, &offered, &offered_index, &best_value, &best_index);
    ADD_FAILURE() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(ARGMIN_ERROR_BAD_OPTION, e.status());
  }
  try {
    nanargmax(y + 1, 1);
    ADD_FAILURE() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(ARGMIN_ERROR_ALL_NAN, e.status());
  }
  // kIgnorePartial on all NaNs: no index, and data[0] as the value, bit for
  // bit, as argmin_reduce gives.
  uint32_t payload_bits = 0x7FC01234u;
  float nans[2];
  std::memcpy(&nans[0], &payload_bits, sizeof(float));
  nans[1] = nan;
  const IndexValue<float> none = max(nans, 2, NanPolicy::kIgnorePartial);
  EXPECT_EQ(-1, none.index);
  uint32_t got_bits;
  std::memcpy(&got_bits, &none.value, sizeof(float));
  EXPECT_EQ(payload_bits, got_bits);
  EXPECT_EQ(-1, min(nans, 2, NanPolicy::kIgnorePartial).index);
}

// The C++ segment_reduce and group_reduce pass every argument through: the
// op, the axis, the group options, the outputs, and errors as Error.
TEST(CppFamilyTest, SegmentAndGroupOverloadsFollowTheCAbi) {
  // Rows of 2: {4, 1}, {2, 8}, {2, 0}, {7, 3}.
  const float x[] = {4, 1, 2, 8, 2, 0, 7, 3};
  ::argmin::Tensor<const float> input(x, {4, 2});
  int64_t offsets[] = {0, 2, 2, 4};
  ::argmin::Tensor<int64_t> offsets_tensor(offsets, {4});
  int64_t index[6];
  float value[6];
  ::argmin::Tensor<int64_t> index_out(index, {3, 2});
  ::argmin::Tensor<float> value_out(value, {3, 2});
  ::argmin::Options options;
  options.axis = 0;
  Outputs outputs;
  outputs.max_indices = &index_out.dl();
  outputs.max_values = &value_out.dl();
  segment_reduce(input.dl(), offsets_tensor.dl(), Op::kMax, options, outputs);
  const int64_t segment_index[] = {0, 1, -1, -1, 3, 3};
  const float segment_value[] = {4, 8, 0, 0, 7, 3};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(segment_index[i], index[i]) << i;
    EXPECT_EQ(segment_value[i], value[i]) << i;
  }
  GroupOptions group;
  group.index_in_segment = true;
  group.empty_index_is_extent = true;
  segment_reduce(input.dl(), offsets_tensor.dl(), Op::kMax, options, outputs,
                 group);
  const int64_t within[] = {0, 1, 4, 4, 1, 1};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(within[i], index[i]) << i;

  int32_t keys[] = {1, -1, 1, 0};
  ::argmin::Tensor<int32_t> keys_tensor(keys, {4});
  options.ties = Ties::kLast;
  outputs = {};
  outputs.min_indices = &index_out.dl();
  group_reduce(input.dl(), keys_tensor.dl(), 3, Op::kMin, options, outputs);
  // Row 1 (key -1) is left out, though its 2 ties row 2's.
  const int64_t group_index[] = {3, 3, 2, 2, -1, -1};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(group_index[i], index[i]) << i;
  keys[0] = 3;
  try {
    group_reduce(input.dl(), keys_tensor.dl(), 3, Op::kMin, options, outputs);
    ADD_FAILURE() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(ARGMIN_ERROR_BAD_GROUPS, e.status());
    EXPECT_NE(std::string(e.what()).find("keys[0] is 3"), std::string::npos)
        << e.what();
  }
  for (int i = 0; i < 6; ++i) EXPECT_EQ(group_index[i], index[i]) << i;
}

}  // namespace
}  // namespace argmin
