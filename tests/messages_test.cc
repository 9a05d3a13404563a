// What a failed call says (argmin_last_error, argmin::Error::what()): the
// call, the argument at fault by name, and what was expected against what
// was given, for every kind of failure; and that the text is per thread.
#include <cstdint>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "argmin/argmin.h"
#include "argmin/argmin.hpp"
#include "gtest/gtest.h"

namespace {

constexpr DLDataType kFloat32 = {kDLFloat, 32, 1};
constexpr DLDataType kInt64 = {kDLInt, 64, 1};
constexpr DLDataType kInt32 = {kDLInt, 32, 1};

// A 4 x 3 float32 input and outputs for a reduction along axis 1.
struct Call {
  float data[12] = {3, 1, 2, 0, 5, 4, 7, 8, 6, 9, 9, 9};
  int64_t shape[2] = {4, 3};
  DLTensor input = argmin_tensor(data, kFloat32, 2, shape);
  int64_t out_shape[1] = {4};
  int64_t min_index[4], max_index[4];
  float min_value[4], max_value[4];
  DLTensor min_indices = argmin_tensor(min_index, kInt64, 1, out_shape);
  DLTensor max_indices = argmin_tensor(max_index, kInt64, 1, out_shape);
  DLTensor min_values = argmin_tensor(min_value, kFloat32, 1, out_shape);
  DLTensor max_values = argmin_tensor(max_value, kFloat32, 1, out_shape);
  argmin_options options = argmin_default_options();
  Call() {
    options.has_axis = 1;
    options.axis = 1;
  }
};

// A call's status and the message argmin_last_error() gives after it.
using Result = std::pair<argmin_status, std::string>;

// Returns the status of `op` on `call` with `outputs`, and the message.
Result Reduce(const Call& call, int32_t op, const argmin_outputs& outputs) {
  const argmin_status status =
      argmin_reduce(&call.input, op, &call.options, &outputs);
  return {status, argmin_last_error()};
}

// Returns the status of argmin_compute on `input` under `options` into
// call's min_indices, and the message.
Result Compute(Call& call, const DLTensor* input,
               const argmin_options* options) {
  const argmin_status status =
      argmin_compute(input, options, &call.min_indices);
  return {status, argmin_last_error()};
}

TEST(MessagesTest, EmptyReductionNamesTheOp) {
  Call call;
  call.shape[1] = 0;
  argmin_outputs outputs = {nullptr, nullptr, &call.max_indices, nullptr};
  auto [status, message] = Reduce(call, ARGMIN_OP_MAX, outputs);
  EXPECT_EQ(status, ARGMIN_ERROR_EMPTY_REDUCTION);
  EXPECT_EQ(message,
            "argmax of an empty sequence: axis 1 of the input of shape "
            "(4, 0) has extent 0");
  call.options.has_axis = 0;
  std::tie(status, message) = Reduce(call, ARGMIN_OP_MAX, outputs);
  EXPECT_EQ(message,
            "argmax of an empty sequence: the input of shape (4, 0) has no "
            "elements");
  // The generic message names no op: it serves argmin and argmax alike.
  EXPECT_EQ(std::string(argmin_status_message(status)).find("argm"),
            std::string::npos);
  int64_t index = 0;
  EXPECT_EQ(argmin_contiguous_reduce(call.data, kFloat32, 0, ARGMIN_OP_MINMAX,
                                     &call.options, &index, &index),
            ARGMIN_ERROR_EMPTY_REDUCTION);
  EXPECT_STREQ(argmin_last_error(), "argminmax of an empty sequence: n is 0");
}

TEST(MessagesTest, BadOutputsSayWhichAndWhatWasExpected) {
  Call call;
  DLTensor wrong_values = call.min_values;
  wrong_values.dtype = kInt64;
  DLTensor float_indices = call.max_indices;
  float_indices.dtype = kFloat32;
  int64_t kept[2] = {4, 1};
  DLTensor keepdims_shape = argmin_tensor(call.max_index, kInt64, 2, kept);
  int64_t three[1] = {3};
  DLTensor short_output = argmin_tensor(call.max_index, kInt64, 1, three);
  int64_t two[1] = {2};
  DLTensor strided = call.min_indices;
  strided.strides = two;
  int32_t narrow[4];
  DLTensor narrow_indices = argmin_tensor(narrow, kInt32, 1, call.out_shape);
  struct Case {
    int32_t op;
    argmin_outputs outputs;
    const char* message;
  };
  const Case cases[] = {
      // A value output of another dtype than the input's.
      {ARGMIN_OP_MIN,
       {&call.min_indices, &wrong_values, nullptr, nullptr},
       "argmin: output min_values has dtype int64, expected float32, the "
       "input's"},
      // An index output that is neither int64 nor int32.
      {ARGMIN_OP_MAX,
       {nullptr, nullptr, &float_indices, nullptr},
       "argmax: output max_indices has dtype float32, expected int64 or "
       "int32"},
      // An output the op does not make.
      {ARGMIN_OP_MIN,
       {&call.min_indices, nullptr, nullptr, &call.max_values},
       "argmin: output max_values was given, and argmin makes no max output "
       "(NULL expected)"},
      // The wrong shape, rank and strides.
      {ARGMIN_OP_MAX,
       {nullptr, nullptr, &keepdims_shape, nullptr},
       "argmax: output max_indices has ndim 2, expected 1: shape (4) "
       "(argmin_output_shape's)"},
      {ARGMIN_OP_MAX,
       {nullptr, nullptr, &short_output, nullptr},
       "argmax: output max_indices has shape (3), expected (4) "
       "(argmin_output_shape's)"},
      {ARGMIN_OP_MIN,
       {&strided, nullptr, nullptr, nullptr},
       "argmin: output min_indices of shape (4) has strides (2), expected (1) "
       "(compact row-major) or NULL"},
      // Index outputs of two dtypes.
      {ARGMIN_OP_MINMAX,
       {&call.min_indices, nullptr, &narrow_indices, nullptr},
       "argminmax: outputs min_indices (int64) and max_indices (int32) differ "
       "in dtype, expected one dtype for both"},
  };
  for (const Case& c : cases) {
    const auto [status, message] = Reduce(call, c.op, c.outputs);
    EXPECT_EQ(status, ARGMIN_ERROR_BAD_OUTPUT) << c.message;
    EXPECT_EQ(message, c.message);
  }
}

TEST(MessagesTest, NullPointersAreNamed) {
  Call call;
  argmin_outputs outputs = {&call.min_indices, nullptr, nullptr, nullptr};
  EXPECT_EQ(
      argmin_reduce(&call.input, ARGMIN_OP_MINMAX, &call.options, &outputs),
      ARGMIN_ERROR_NULL_POINTER);
  EXPECT_STREQ(argmin_last_error(),
               "argminmax: output max_indices is NULL, and argminmax makes it");
  EXPECT_EQ(Compute(call, nullptr, &call.options),
            Result(ARGMIN_ERROR_NULL_POINTER, "argmin: input is NULL"));
  EXPECT_EQ(Compute(call, &call.input, nullptr),
            Result(ARGMIN_ERROR_NULL_POINTER, "argmin: options is NULL"));
  DLTensor no_data = call.input;
  no_data.data = nullptr;
  EXPECT_EQ(Compute(call, &no_data, &call.options),
            Result(ARGMIN_ERROR_NULL_POINTER,
                   "argmin: input data is NULL, for 12 elements"));
  DLTensor no_shape = call.input;
  no_shape.shape = nullptr;
  EXPECT_EQ(Compute(call, &no_shape, &call.options),
            Result(ARGMIN_ERROR_NULL_POINTER,
                   "argmin: input shape is NULL, with ndim 2"));
  int64_t index;
  EXPECT_EQ(argmin_contiguous_reduce(call.data, kFloat32, 3, ARGMIN_OP_MAX,
                                     &call.options, &index, nullptr),
            ARGMIN_ERROR_NULL_POINTER);
  EXPECT_STREQ(argmin_last_error(),
               "argmax: max_index is NULL, and argmax makes it");
}

TEST(MessagesTest, InputsAndOptionsSayWhatWasGiven) {
  Call call;
  DLTensor vector_dtype = call.input;
  vector_dtype.dtype = {kDLFloat, 32, 4};
  EXPECT_EQ(argmin_compute(&vector_dtype, &call.options, &call.min_indices),
            ARGMIN_ERROR_UNSUPPORTED_DTYPE);
  EXPECT_EQ(std::string(argmin_last_error())
                .rfind("argmin: input has dtype (code 2, bits 32, lanes 4), "
                       "expected float16",
                       0),
            0u)
      << argmin_last_error();
  call.options.axis = -3;
  EXPECT_EQ(Compute(call, &call.input, &call.options),
            Result(ARGMIN_ERROR_BAD_AXIS,
                   "argmin: axis -3 is out of range for an input of ndim 2, "
                   "expected -2 to 1"));
  call.options.axis = 1;
  call.options.tie_policy = 7;
  EXPECT_EQ(Compute(call, &call.input, &call.options),
            Result(ARGMIN_ERROR_BAD_OPTION,
                   "argmin: options.tie_policy is 7, expected "
                   "ARGMIN_TIES_FIRST (0) or ARGMIN_TIES_LAST (1)"));
  call.options.tie_policy = 0;
  argmin_outputs outputs = {&call.min_indices, nullptr, nullptr, nullptr};
  EXPECT_EQ(argmin_reduce(&call.input, 5, &call.options, &outputs),
            ARGMIN_ERROR_BAD_OPTION);
  EXPECT_STREQ(argmin_last_error(),
               "argmin_reduce: op is 5, expected ARGMIN_OP_MIN (0), "
               "ARGMIN_OP_MAX (1) or ARGMIN_OP_MINMAX (2)");
  int64_t negative[2] = {4, -3};
  DLTensor bad_shape = call.input;
  bad_shape.shape = negative;
  EXPECT_EQ(Compute(call, &bad_shape, &call.options),
            Result(ARGMIN_ERROR_BAD_SHAPE,
                   "argmin: input has shape (4, -3), with a negative extent"));
  EXPECT_EQ(argmin_force_target("NOT_A_TARGET"), ARGMIN_ERROR_UNKNOWN_TARGET);
  EXPECT_EQ(std::string(argmin_last_error())
                .rfind("argmin_force_target: NOT_A_TARGET names no target", 0),
            0u)
      << argmin_last_error();
}

TEST(MessagesTest, SuccessKeepsTheLastFailureAndEachThreadHasItsOwn) {
  Call call;
  EXPECT_EQ(argmin_compute(nullptr, &call.options, &call.min_indices),
            ARGMIN_ERROR_NULL_POINTER);
  EXPECT_EQ(argmin_compute(&call.input, &call.options, &call.min_indices),
            ARGMIN_OK);
  EXPECT_STREQ(argmin_last_error(), "argmin: input is NULL");
  std::string other;
  std::thread([&] {
    other = argmin_last_error();
    Call mine;
    argmin_compute(&mine.input, nullptr, &mine.min_indices);
  }).join();
  EXPECT_EQ(other, "");
  EXPECT_STREQ(argmin_last_error(), "argmin: input is NULL");
}

TEST(MessagesTest, CppErrorsCarryTheMessage) {
  Call call;
  argmin::Tensor<float> x(call.data, {4, 3});
  argmin::Options options;
  options.axis = 2;
  try {
    argmin::argmax(x, options);
    ADD_FAILURE() << "a bad axis did not throw";
  } catch (const argmin::Error& e) {
    EXPECT_EQ(e.status(), ARGMIN_ERROR_BAD_AXIS);
    EXPECT_STREQ(e.what(),
                 "argmax: axis 2 is out of range for an input of ndim 2, "
                 "expected -2 to 1");
  }
  // The 2-D API gives what one call per row would.
  options.axis = -1;
  const std::vector<int64_t> rows = argmin::argmax(x, options);
  ASSERT_EQ(rows.size(), 4u);
  for (int r = 0; r < 4; ++r) {
    EXPECT_EQ(rows[r], argmin::argmax(call.data + 3 * r, 3)) << r;
  }
  options.axis.reset();
  EXPECT_EQ(argmin::argmin(x, options), std::vector<int64_t>{3});
  options.keepdims = true;
  EXPECT_EQ(argmin::OutputShape(x, options), (std::vector<int64_t>{1, 1}));
}

}  // namespace
