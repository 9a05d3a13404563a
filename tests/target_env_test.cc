// ARGMIN_TARGET as a user sets it (ctest runs this test under several
// values): a target this build and CPU have is used; any other value makes
// every computing call fail with ARGMIN_ERROR_UNKNOWN_TARGET, writing
// nothing, rather than run on another target, until argmin_force_target
// succeeds. Whether this CPU has the target is asked of Highway, not assumed.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "argmin/argmin.h"
#include "hwy/targets.h"
#include "tests/test_util.h"

namespace argmin {
namespace {

using test::MakeDType;
using test::SupportedTargetNames;

// Whether the target named `name` is compiled here and this CPU has it.
bool RunsHere(const std::string& name) {
  for (const std::string& supported : SupportedTargetNames()) {
    if (supported == name) return true;
  }
  return false;
}

// Calls each computing entry point on three floats; returns their statuses,
// and checks that a failing one wrote nothing.
std::vector<argmin_status> CallEverything(int64_t expected_index) {
  float data[3] = {2.0f, 0.5f, 1.0f};
  int64_t shape[1] = {3};
  const DLTensor input = argmin_tensor(data, MakeDType(kDLFloat, 32), 1, shape);
  const argmin_options options = argmin_default_options();
  std::vector<argmin_status> statuses;

  int64_t index = -7;
  DLTensor output = argmin_tensor(&index, MakeDType(kDLInt, 64), 0, nullptr);
  statuses.push_back(argmin_compute(&input, &options, &output));
  EXPECT_EQ(index, statuses.back() == ARGMIN_OK ? expected_index : -7);

  index = -7;
  const argmin_outputs outputs = {&output, nullptr, nullptr, nullptr};
  statuses.push_back(argmin_reduce(&input, ARGMIN_OP_MIN, &options, &outputs));
  EXPECT_EQ(index, statuses.back() == ARGMIN_OK ? expected_index : -7);

  index = -7;
  statuses.push_back(argmin_contiguous(data, input.dtype, 3, &options, &index));
  EXPECT_EQ(index, statuses.back() == ARGMIN_OK ? expected_index : -7);

  index = -7;
  int64_t max_index = -7;
  statuses.push_back(argmin_contiguous_reduce(
      data, input.dtype, 3, ARGMIN_OP_MINMAX, &options, &index, &max_index));
  EXPECT_EQ(index, statuses.back() == ARGMIN_OK ? expected_index : -7);
  EXPECT_EQ(max_index, statuses.back() == ARGMIN_OK ? 0 : -7);

  // One segment and one group holding all three.
  argmin_options along = options;
  along.has_axis = 1;
  int64_t offsets[2] = {0, 3};
  int64_t two[1] = {2};
  const DLTensor offsets_tensor =
      argmin_tensor(offsets, MakeDType(kDLInt, 64), 1, two);
  int64_t one[1] = {1};
  DLTensor slot_output = argmin_tensor(&index, MakeDType(kDLInt, 64), 1, one);
  const argmin_outputs slot_outputs = {&slot_output, nullptr, nullptr, nullptr};
  index = -7;
  statuses.push_back(argmin_segment_reduce(
      &input, &offsets_tensor, ARGMIN_OP_MIN, &along, nullptr, &slot_outputs));
  EXPECT_EQ(index, statuses.back() == ARGMIN_OK ? expected_index : -7);
  int64_t keys[3] = {0, 0, 0};
  const DLTensor keys_tensor =
      argmin_tensor(keys, MakeDType(kDLInt, 64), 1, shape);
  index = -7;
  statuses.push_back(argmin_group_reduce(&input, &keys_tensor, 1, ARGMIN_OP_MIN,
                                         &along, nullptr, &slot_outputs));
  EXPECT_EQ(index, statuses.back() == ARGMIN_OK ? expected_index : -7);
  return statuses;
}

TEST(TargetEnvironmentTest, NamedTargetRunsOrEveryCallFails) {
  const char* value = std::getenv("ARGMIN_TARGET");
  ASSERT_NE(value, nullptr) << "ctest sets ARGMIN_TARGET for this test";
  if (RunsHere(value)) {
    EXPECT_STREQ(argmin_target_error(), "");
    EXPECT_STREQ(argmin_target_name(), value);
    for (argmin_status s : CallEverything(1)) EXPECT_EQ(s, ARGMIN_OK);
    return;
  }

  // Rejected: every computing call fails, and says why.
  const std::string error = argmin_target_error();
  EXPECT_NE(error.find(std::string("ARGMIN_TARGET=") + value),
            std::string::npos)
      << error;
  for (const std::string& name : SupportedTargetNames()) {
    EXPECT_NE(error.find(" " + name), std::string::npos) << error;
  }
  for (argmin_status s : CallEverything(1)) {
    EXPECT_EQ(s, ARGMIN_ERROR_UNKNOWN_TARGET);
  }
  // Calls that run no kernel are unaffected: shapes and merges.
  int64_t shape[1] = {3};
  const DLTensor input =
      argmin_tensor(nullptr, MakeDType(kDLFloat, 32), 1, shape);
  const argmin_options options = argmin_default_options();
  int32_t out_ndim = -1;
  EXPECT_EQ(argmin_output_shape(&input, &options, &out_ndim, nullptr),
            ARGMIN_OK);
  float best = 2.0f, offered = 1.0f;
  int64_t best_index = 0, offered_index = 1;
  EXPECT_EQ(argmin_merge(input.dtype, ARGMIN_OP_MIN, &options, 1, &offered,
                         &offered_index, &best, &best_index),
            ARGMIN_OK);
  EXPECT_EQ(best_index, 1);

  // A failed force changes nothing; a good one replaces the rejection.
  EXPECT_EQ(argmin_force_target("NOT_A_TARGET_EITHER"),
            ARGMIN_ERROR_UNKNOWN_TARGET);
  EXPECT_EQ(CallEverything(1)[0], ARGMIN_ERROR_UNKNOWN_TARGET);
  EXPECT_EQ(argmin_force_target(nullptr), ARGMIN_OK);
  EXPECT_STREQ(argmin_target_error(), "");
  EXPECT_EQ(std::string(argmin_target_name()), SupportedTargetNames()[0]);
  for (argmin_status s : CallEverything(1)) EXPECT_EQ(s, ARGMIN_OK);
}

}  // namespace
}  // namespace argmin
