// Segmented and grouped calls (argmin_segment_reduce, argmin_group_reduce)
// against the oracle's SlotArg: every target, dtype and op, the NaN, tie,
// empty-slot and index-origin rules, index outputs of both widths, strided
// inputs, offsets and keys, threads, inputs against a guard page, and every
// bad input refused with no output written.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "argmin/argmin.h"
#include "gtest/gtest.h"
#include "kernels/oracle.h"
#include "tests/api_test_util.h"
#include "tests/guarded_region.h"
#include "tests/random_call.h"
#include "tests/test_util.h"

namespace argmin {
namespace grouped_test {
namespace {

using api_test::NanPool;
using api_test::OutputBuffer;
using api_test::ShapeString;
using api_test::TestTensor;
using api_test::ValuePool;
using test::AllDTypes;
using test::DTypeCase;
using test::ElementAt;
using test::GuardedRegion;
using test::MakeDType;
using test::SupportedTargetNames;

// Listed before main, before any test forces a target: forcing one changes
// what hwy::SupportedTargets() reports.
[[maybe_unused]] const bool kTargetsListed = !SupportedTargetNames().empty();

// One call's slots: CSR offsets (segments) or keys (groups), and how their
// 1-D tensor is laid out.
struct Slots {
  bool segments = true;
  std::vector<int64_t> values;  // the offsets or the keys
  int64_t num_groups = 0;       // groups only
  int bits = 64;                // int64 or int32
  int64_t stride = 1;           // in elements; negative walks backwards
};

// A 1-D int64 or int32 tensor of given values with any stride, over storage
// it owns; the gaps between its elements hold a key that no call accepts.
// With a negative stride, the distance to its first element is byte_offset.
class SlotTensor {
 public:
  // Lays out `slots.values` with `slots.bits` and `slots.stride`.
  explicit SlotTensor(const Slots& slots)
      : shape_{static_cast<int64_t>(slots.values.size())},
        stride_{slots.stride} {
    const int64_t n = shape_[0];
    const int64_t step = std::max<int64_t>(1, std::abs(slots.stride));
    const size_t item = static_cast<size_t>(slots.bits / 8);
    storage_.assign(
        (static_cast<size_t>(std::max<int64_t>(n, 1)) * step) * item, 0x7F);
    const int64_t first = slots.stride < 0 ? (n - 1) * step : 0;
    for (int64_t i = 0; i < n; ++i) {
      const int64_t at = first + i * slots.stride;
      const int64_t v = slots.values[static_cast<size_t>(i)];
      const int32_t narrow = static_cast<int32_t>(v);
      std::memcpy(&storage_[static_cast<size_t>(at) * item],
                  slots.bits == 32 ? static_cast<const void*>(&narrow)
                                   : static_cast<const void*>(&v),
                  item);
    }
    const uint64_t skip = static_cast<uint64_t>(std::max<int64_t>(first, 0)) *
                          static_cast<uint64_t>(item);
    tensor_ = argmin_tensor(storage_.data() + (slots.stride < 0 ? 0 : skip),
                            MakeDType(kDLInt, static_cast<uint8_t>(slots.bits)),
                            1, shape_.data());
    tensor_.byte_offset = slots.stride < 0 ? skip : 0;
    tensor_.strides = &stride_;
  }
  SlotTensor(const SlotTensor&) = delete;
  SlotTensor& operator=(const SlotTensor&) = delete;

  const DLTensor* tensor() const { return &tensor_; }

 private:
  std::vector<int64_t> shape_;
  int64_t stride_;
  std::vector<uint8_t> storage_;
  DLTensor tensor_{};
};

// One call beyond its input.
struct Call {
  int op = ARGMIN_OP_MIN;
  argmin_options options = argmin_default_options();
  argmin_group_options group = {};
  Slots slots;
  bool null_group = false;  // group options passed as NULL (all zeros)
  int index_bits = 64;
  bool values = true;             // value outputs too
  bool explicit_strides = false;  // outputs' strides given, not NULL
  int64_t grain = 0;              // argmin_set_parallel_grain's, this call
};

// Returns the number of slots of `slots`: S or G.
int64_t SlotCount(const Slots& slots) {
  return slots.segments ? static_cast<int64_t>(slots.values.size()) - 1
                        : slots.num_groups;
}

// Returns each position's slot for an axis of extent n (-1: none).
std::vector<int64_t> SlotOfPosition(const Slots& slots, int64_t n) {
  std::vector<int64_t> slot(static_cast<size_t>(n), -1);
  if (!slots.segments) {
    for (int64_t i = 0; i < n; ++i) {
      slot[i] = std::max<int64_t>(slots.values[i], -1);
    }
    return slot;
  }
  for (size_t s = 0; s + 1 < slots.values.size(); ++s) {
    for (int64_t i = slots.values[s]; i < slots.values[s + 1]; ++i) {
      slot[i] = static_cast<int64_t>(s);
    }
  }
  return slot;
}

// Describes `call` on `in` for failure messages.
std::string Describe(const DLTensor& in, const Call& call) {
  std::ostringstream os;
  os << "target " << argmin_target_name() << ", dtype code "
     << int{in.dtype.code} << " bits " << int{in.dtype.bits} << ", shape "
     << ShapeString(std::vector<int64_t>(in.shape, in.shape + in.ndim))
     << " strides ";
  if (in.strides == nullptr) {
    os << "NULL";
  } else {
    os << ShapeString(std::vector<int64_t>(in.strides, in.strides + in.ndim));
  }
  os << ", op " << call.op << ", " << api_test::DescribeOptions(call.options)
     << ", empty_policy " << call.group.empty_policy << ", index_origin "
     << call.group.index_origin << ", int" << call.index_bits
     << " indices, grain " << call.grain << ", "
     << (call.slots.segments ? "offsets" : "keys") << " int" << call.slots.bits
     << " stride " << call.slots.stride;
  if (!call.slots.segments) os << ", num_groups " << call.slots.num_groups;
  if (call.slots.values.size() <= 64) {
    os << " [";
    for (int64_t v : call.slots.values) os << v << " ";
    os << "]";
  }
  return os.str();
}

// Makes `call` on `in` (of dtype `dt`, well formed) into outputs of
// sentinel bytes, over `slots_tensor` or, when NULL, a SlotTensor of
// call.slots, and checks it against the oracle: the status, no output
// written on error, else every index, and every value bit for bit: x[index],
// zero for an empty slot, the slot's first element (last under
// ARGMIN_TIES_LAST) for an all-NaN slot. Returns false after a failure.
bool CheckCall(const DLTensor& in, const DTypeCase& dt, const Call& call,
               const DLTensor* slots_tensor = nullptr) {
  const int ndim = in.ndim;
  const int axis = static_cast<int>(
      call.options.axis < 0 ? call.options.axis + ndim : call.options.axis);
  const int64_t n = in.shape[axis];
  const int64_t slots = SlotCount(call.slots);
  const std::vector<int64_t> slot_of = SlotOfPosition(call.slots, n);
  std::vector<std::vector<int64_t>> positions(static_cast<size_t>(slots));
  for (int64_t i = 0; i < n; ++i) {
    if (slot_of[i] >= 0) positions[slot_of[i]].push_back(i);
  }
  const int64_t empty_index =
      call.group.empty_policy == ARGMIN_EMPTY_EXTENT ? n : -1;

  // The oracle's answer per order: [0] the op's first, [1] max of MINMAX.
  const int orders = call.op == ARGMIN_OP_MINMAX ? 2 : 1;
  std::vector<int64_t> want[2];
  argmin_status expected = ARGMIN_OK;
  for (int o = 0; o < orders; ++o) {
    argmin_status status;
    want[o] = oracle::SlotArg(in, axis, slot_of, slots, call.options,
                              call.op == ARGMIN_OP_MAX || o == 1, empty_index,
                              &status);
    if (status != ARGMIN_OK) expected = status;
  }

  std::vector<int64_t> out_shape(in.shape, in.shape + ndim);
  out_shape[axis] = slots;
  const int64_t out_count = api_test::NumElements(out_shape);
  std::unique_ptr<OutputBuffer> indices[2], values[2];
  argmin_outputs outputs = {};
  for (int o = 0; o < orders; ++o) {
    const bool max = call.op == ARGMIN_OP_MAX || o == 1;
    indices[o] = std::make_unique<OutputBuffer>(out_shape, call.index_bits,
                                                call.explicit_strides);
    (max ? outputs.max_indices : outputs.min_indices) = indices[o]->tensor();
    if (call.values) {
      values[o] = std::make_unique<OutputBuffer>(out_shape, dt.dtype,
                                                 call.explicit_strides);
      (max ? outputs.max_values : outputs.min_values) = values[o]->tensor();
    }
  }
  std::unique_ptr<SlotTensor> own;
  if (slots_tensor == nullptr) {
    own = std::make_unique<SlotTensor>(call.slots);
    slots_tensor = own->tensor();
  }
  EXPECT_EQ(argmin_set_parallel_grain(call.grain), ARGMIN_OK);
  const argmin_group_options* group = call.null_group ? nullptr : &call.group;
  const argmin_status got =
      call.slots.segments
          ? argmin_segment_reduce(&in, slots_tensor, call.op, &call.options,
                                  group, &outputs)
          : argmin_group_reduce(&in, slots_tensor, call.slots.num_groups,
                                call.op, &call.options, group, &outputs);
  if (got != expected) {
    ADD_FAILURE() << "status " << argmin_status_name(got) << ", expected "
                  << argmin_status_name(expected) << " (" << argmin_last_error()
                  << "): " << Describe(in, call);
    return false;
  }
  for (int o = 0; o < orders; ++o) {
    if (expected != ARGMIN_OK) {
      if (!indices[o]->Untouched() || (values[o] && !values[o]->Untouched())) {
        ADD_FAILURE() << "an output written on error: " << Describe(in, call);
        return false;
      }
      continue;
    }
    const size_t item = dt.size();
    std::vector<int64_t> coords(ndim);
    for (int64_t j = 0; j < out_count; ++j) {
      int64_t rest = j;
      for (int d = ndim - 1; d >= 0; --d) {
        coords[d] = rest % out_shape[d];
        rest /= out_shape[d];
      }
      const int64_t s = coords[axis];
      const std::vector<int64_t>& mine = positions[s];
      int64_t index = want[o][j];
      // The element the value must be: the winner, or an all-NaN slot's
      // first or last; none for an empty slot.
      int64_t element = index;
      if (index < 0 && !mine.empty()) {
        element = call.options.tie_policy == ARGMIN_TIES_LAST ? mine.back()
                                                              : mine.front();
      }
      if (index >= 0 && !mine.empty() &&
          call.group.index_origin == ARGMIN_INDEX_IN_SEGMENT) {
        index -= call.slots.values[s];
      }
      if (indices[o]->Get(j) != index) {
        ADD_FAILURE() << "order " << o << " output " << j << " (slot " << s
                      << "): index " << indices[o]->Get(j) << ", oracle "
                      << index << ": " << Describe(in, call);
        return false;
      }
      if (!values[o]) continue;
      uint64_t bits = 0;
      if (!mine.empty()) {
        coords[axis] = element;
        std::memcpy(&bits, ElementAt(in, coords), item);
      }
      if (values[o]->Bits(j) != bits) {
        ADD_FAILURE() << "order " << o << " output " << j << " (slot " << s
                      << "): value bits " << std::hex << values[o]->Bits(j)
                      << ", expected " << bits << std::dec << ": "
                      << Describe(in, call);
        return false;
      }
    }
    if (!indices[o]->TailUntouched(out_count) ||
        (values[o] && !values[o]->TailUntouched(out_count))) {
      ADD_FAILURE() << "written past the output's end: " << Describe(in, call);
      return false;
    }
  }
  return true;
}

// Returns random element bits of `dt` from its first `distinct` pool values
// (few: many ties), NaN with `nan_percent` percent chance for floats.
uint64_t DrawBits(const DTypeCase& dt, size_t distinct, int nan_percent,
                  std::mt19937_64& rng) {
  if (dt.is_float && static_cast<int>(rng() % 100) < nan_percent) {
    const std::vector<uint64_t> nans = NanPool(dt);
    return nans[rng() % nans.size()];
  }
  const std::vector<uint64_t> pool = ValuePool(dt);
  return pool[rng() % std::min(distinct, pool.size())];
}

// Returns random CSR offsets over an axis of extent n: many empty and
// one-element segments, some long ones; [0] or a few zeros when n is 0.
std::vector<int64_t> RandomOffsets(int64_t n, std::mt19937_64& rng) {
  std::vector<int64_t> offsets = {0};
  const int64_t longest = 1 + static_cast<int64_t>(rng() % (n + 1));
  while (offsets.back() < n || (n == 0 && rng() % 3 == 0)) {
    const int64_t left = n - offsets.back();
    int64_t length;
    switch (rng() % 4) {
      case 0:
        length = 0;
        break;
      case 1:
        length = 1;
        break;
      default:
        length = 2 + static_cast<int64_t>(rng() % longest);
    }
    offsets.push_back(offsets.back() + std::min(length, left));
  }
  return offsets;
}

// Returns n random keys of groups [0, num_groups), a fifth negative (left
// out), all negative when num_groups is 0.
std::vector<int64_t> RandomKeys(int64_t n, int64_t num_groups,
                                std::mt19937_64& rng) {
  std::vector<int64_t> keys(static_cast<size_t>(n));
  for (int64_t& key : keys) {
    if (num_groups == 0 || rng() % 5 == 0) {
      key = rng() % 2 ? -1 : -1 - static_cast<int64_t>(rng() % 1000);
    } else {
      key = static_cast<int64_t>(rng() % num_groups);
    }
  }
  return keys;
}

// Sets call->slots to random keys of `num_groups` groups for an axis of
// extent n, all one key when their stride is zero.
void SetRandomKeys(int64_t n, int64_t num_groups, std::mt19937_64& rng,
                   Call* call) {
  call->slots.num_groups = num_groups;
  call->slots.values = RandomKeys(n, num_groups, rng);
  if (call->slots.stride == 0 && n > 0) {
    std::fill(call->slots.values.begin(), call->slots.values.end(),
              call->slots.values[0]);
  }
}

// Returns random strides (in elements) for `shape`, gaps between elements,
// dimensions reversed and now and then one broadcast (stride 0) at random.
std::vector<int64_t> RandomStrides(const std::vector<int64_t>& shape,
                                   std::mt19937_64& rng) {
  std::vector<int64_t> strides(shape.size());
  int64_t step = 1 + static_cast<int64_t>(rng() % 2);
  for (size_t d = shape.size(); d-- > 0;) {
    strides[d] = rng() % 3 == 0 ? -step : step;
    if (rng() % 10 == 0) strides[d] = 0;
    step =
        step * std::max<int64_t>(shape[d], 1) + static_cast<int64_t>(rng() % 2);
  }
  return strides;
}

// Returns random options and group options for `op` on an input of `ndim`
// dimensions reduced along `axis`; segments may count within the segment.
Call RandomCall(int op, int ndim, int axis, bool segments,
                std::mt19937_64& rng) {
  Call call;
  call.op = op;
  call.options.has_axis = 1;
  call.options.axis = rng() % 2 ? axis : axis - ndim;
  call.options.keepdims = static_cast<int32_t>(rng() % 2);  // not used
  call.options.nan_policy = static_cast<int32_t>(rng() % 3);
  call.options.tie_policy = static_cast<int32_t>(rng() % 2);
  const int32_t threads[] = {0, 1, 2, 3, 7};
  call.options.num_threads = threads[rng() % 5];
  call.grain = call.options.num_threads > 1 && rng() % 4 != 0 ? 1 : 0;
  call.group.empty_policy = static_cast<int32_t>(rng() % 2);
  call.group.index_origin = segments ? static_cast<int32_t>(rng() % 2) : 0;
  call.null_group = call.group.empty_policy == 0 &&
                    call.group.index_origin == 0 && rng() % 2 == 0;
  call.slots.segments = segments;
  call.slots.bits = rng() % 2 ? 64 : 32;
  // A zero stride (every key the same) only for keys.
  const int64_t strides[] = {1, 1, 2, -1, -3, 0};
  call.slots.stride = strides[rng() % (segments ? 5 : 6)];
  call.index_bits = rng() % 2 ? 64 : 32;
  call.values = rng() % 4 != 0;
  call.explicit_strides = rng() % 4 == 0;
  return call;
}

// Makes one random call of `op` on a random input of `dt` (shape, layout,
// values, slots, options) and checks it; returns false after a failure.
bool RandomCase(const DTypeCase& dt, int op, std::mt19937_64& rng) {
  // The axis' extent: mostly short, now and then empty or thousands long;
  // the other extents small, or now and then more than the segment
  // reducer's batch of 1024 results (with a short axis).
  int64_t n = rng() % 8 == 0   ? 0
              : rng() % 6 == 0 ? 1000 + static_cast<int64_t>(rng() % 4000)
                               : 1 + static_cast<int64_t>(rng() % 150);
  const int64_t widths[] = {1, 3, 17, 64};
  int64_t f =
      n > 1000 ? 1 + static_cast<int64_t>(rng() % 3) : widths[rng() % 4];
  if (rng() % 16 == 0) {
    n = static_cast<int64_t>(rng() % 24);
    f = 1000 + static_cast<int64_t>(rng() % 1100);
  }
  std::vector<int64_t> shape;
  int axis = 0;
  switch (rng() % 4) {
    case 0:
      shape = {n};
      break;
    case 1:
      shape = {n, f};
      break;
    case 2:
      shape = {f, n};
      axis = 1;
      break;
    default:
      shape = {1 + static_cast<int64_t>(rng() % 3), n, f};
      axis = 1;
  }
  const bool segments = rng() % 2 == 0;
  Call call =
      RandomCall(op, static_cast<int>(shape.size()), axis, segments, rng);
  if (segments) {
    call.slots.values = RandomOffsets(n, rng);
  } else {
    // No groups, few, or many more than positions (most empty).
    const int64_t num_groups = rng() % 6 == 0   ? 0
                               : rng() % 8 == 0 ? 3 * n + 50
                                                : 1 + rng() % (n / 2 + 4);
    SetRandomKeys(n, num_groups, rng, &call);
  }

  std::optional<std::vector<int64_t>> strides;
  if (rng() % 2 == 0) strides = RandomStrides(shape, rng);
  TestTensor input(dt, shape, strides, api_test::PoisonBits(dt, rng),
                   static_cast<int64_t>(rng() % 4));
  // Few distinct values for ties; NaNs from none to most, so that some
  // slots are all NaN.
  const size_t distinct = 2 + rng() % 12;
  const int nan_percents[] = {0, 0, 5, 20, 80};
  const int nan_percent = nan_percents[rng() % 5];
  for (int64_t i = 0; i < input.numel(); ++i) {
    input.Set(i, DrawBits(dt, distinct, nan_percent, rng));
  }
  return CheckCall(input.View(), dt, call);
}

// Forces the test's target for its duration, and restores the best one and
// the default grain after.
class GroupedTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_EQ(argmin_force_target(GetParam().c_str()), ARGMIN_OK);
    ASSERT_EQ(std::string(argmin_target_name()), GetParam());
  }
  void TearDown() override {
    EXPECT_EQ(argmin_force_target(nullptr), ARGMIN_OK);
    EXPECT_EQ(argmin_set_parallel_grain(0), ARGMIN_OK);
  }
};

TEST_P(GroupedTest, RandomCallsAgreeWithTheOracle) {
  constexpr int kCasesPerOp = 40;
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(dt.name);
    std::mt19937_64 rng(7000 + dt.dtype.code * 64 + dt.dtype.bits);
    for (int op : {ARGMIN_OP_MIN, ARGMIN_OP_MAX, ARGMIN_OP_MINMAX}) {
      for (int k = 0; k < kCasesPerOp; ++k) {
        if (!RandomCase(dt, op, rng)) return;
      }
    }
  }
}

// Long segments that cross the threads' bounds, on 1 to 7 threads, each
// thread's part holding NaNs and ties.
TEST_P(GroupedTest, LongSegmentsAcrossThreads) {
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(dt.name);
    std::mt19937_64 rng(8000 + dt.dtype.code * 64 + dt.dtype.bits);
    for (int threads : {1, 2, 3, 7}) {
      for (const std::vector<int64_t>& shape :
           {std::vector<int64_t>{6007}, std::vector<int64_t>{3001, 2}}) {
        TestTensor input(dt, shape, std::nullopt, 0);
        for (int64_t i = 0; i < input.numel(); ++i) {
          input.Set(i, DrawBits(dt, 3, 10, rng));
        }
        const int64_t n = shape[0];
        for (int op : {ARGMIN_OP_MIN, ARGMIN_OP_MAX, ARGMIN_OP_MINMAX}) {
          for (bool segments : {true, false}) {
            Call call = RandomCall(op, static_cast<int>(shape.size()), 0,
                                   segments, rng);
            call.options.num_threads = threads;
            call.options.nan_policy = static_cast<int32_t>(
                rng() % 2 ? ARGMIN_NAN_PROPAGATE : ARGMIN_NAN_IGNORE_PARTIAL);
            call.grain = 1;
            if (segments) {
              call.slots.values = {0, 1, 2, n / 3, n / 3, n - 2, n};
            } else {
              SetRandomKeys(n, 3, rng, &call);
            }
            if (!CheckCall(input.View(), dt, call)) return;
          }
        }
      }
    }
  }
}

// Inputs, offsets and keys that end right before a PROT_NONE page (or, with
// a negative stride, start right after one).
TEST_P(GroupedTest, InputsAgainstGuardPages) {
  GuardedRegion data(1 << 16), slots(1 << 16);
  ASSERT_TRUE(data.ok() && slots.ok()) << "mmap/mprotect failed";
  for (const DTypeCase& dt : AllDTypes()) {
    SCOPED_TRACE(dt.name);
    std::mt19937_64 rng(9000 + dt.dtype.code * 64 + dt.dtype.bits);
    const int64_t item = static_cast<int64_t>(dt.size());
    for (int64_t n : {1, 2, 3, 7, 16, 31, 64, 129, 1000}) {
      for (int64_t f : {1, 3}) {
        for (int64_t sign : {1, -1}) {
          const int64_t count = n * f;
          // Element 0 sits at the lowest address for a positive stride.
          uint8_t* first = sign > 0 ? data.end() - count * item
                                    : data.begin() + (count - 1) * item;
          for (int64_t i = 0; i < count; ++i) {
            const uint64_t bits = DrawBits(dt, 4, 10, rng);
            std::memcpy(first + sign * i * item, &bits,
                        static_cast<size_t>(item));
          }
          std::vector<int64_t> shape = {n, f};
          std::vector<int64_t> strides = {sign * f, sign};
          DLTensor in = test::Tensor(first, dt.dtype, shape, strides.data());
          for (bool segments : {true, false}) {
            Call call =
                RandomCall(static_cast<int>(rng() % 3), 2, 0, segments, rng);
            if (call.options.nan_policy == ARGMIN_NAN_IGNORE) {
              call.options.nan_policy = ARGMIN_NAN_IGNORE_PARTIAL;
            }
            if (segments) {
              call.slots.values = RandomOffsets(n, rng);
            } else {
              call.slots.stride = 1;  // laid out below
              SetRandomKeys(n, 1 + static_cast<int64_t>(rng() % 5), rng, &call);
            }
            // The slots' tensor, compact, at the end of its own region.
            const int64_t length =
                static_cast<int64_t>(call.slots.values.size());
            const int64_t slot_item = call.slots.bits / 8;
            uint8_t* at = slots.end() - length * slot_item;
            for (int64_t i = 0; i < length; ++i) {
              const int64_t v = call.slots.values[i];
              const int32_t narrow = static_cast<int32_t>(v);
              std::memcpy(at + i * slot_item,
                          slot_item == 4 ? static_cast<const void*>(&narrow)
                                         : static_cast<const void*>(&v),
                          static_cast<size_t>(slot_item));
            }
            call.slots.stride = 1;
            std::vector<int64_t> slot_shape = {length};
            const DLTensor slot_tensor = test::Tensor(
                at, MakeDType(kDLInt, static_cast<uint8_t>(call.slots.bits)),
                slot_shape);
            if (!CheckCall(in, dt, call, &slot_tensor)) return;
          }
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(SupportedTargets, GroupedTest,
                         ::testing::ValuesIn(SupportedTargetNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// A small case worked by hand, so that the oracle itself is checked: x =
// [3, 1, 2 | - | 5, 5 | 7] as segments [0, 3, 3, 5, 6].
TEST(GroupedByHand, SegmentsOfASmallVector) {
  const float x[] = {3, 1, 2, 5, 5, 7};
  const int64_t offsets_data[] = {0, 3, 3, 5, 6};
  std::vector<int64_t> shape = {6}, offsets_shape = {5}, out_shape = {4};
  const DLTensor in = test::Tensor(x, MakeDType(kDLFloat, 32), shape);
  const DLTensor offsets =
      test::Tensor(offsets_data, MakeDType(kDLInt, 64), offsets_shape);
  argmin_options options = argmin_default_options();
  options.has_axis = 1;
  struct Expectation {
    int32_t ties;
    argmin_group_options group;
    std::vector<int64_t> indices;
  };
  const Expectation expectations[] = {
      {ARGMIN_TIES_FIRST, {ARGMIN_EMPTY_MINUS_ONE, 0}, {1, -1, 3, 5}},
      {ARGMIN_TIES_LAST, {ARGMIN_EMPTY_MINUS_ONE, 0}, {1, -1, 4, 5}},
      {ARGMIN_TIES_FIRST, {ARGMIN_EMPTY_EXTENT, 0}, {1, 6, 3, 5}},
      {ARGMIN_TIES_LAST, {ARGMIN_EMPTY_EXTENT, 1}, {1, 6, 1, 0}},
  };
  for (const Expectation& e : expectations) {
    options.tie_policy = e.ties;
    int64_t got[4];
    float values[4];
    DLTensor indices = test::Tensor(got, MakeDType(kDLInt, 64), out_shape);
    DLTensor value_tensor =
        test::Tensor(values, MakeDType(kDLFloat, 32), out_shape);
    argmin_outputs outputs = {&indices, &value_tensor, nullptr, nullptr};
    ASSERT_EQ(argmin_segment_reduce(&in, &offsets, ARGMIN_OP_MIN, &options,
                                    &e.group, &outputs),
              ARGMIN_OK);
    EXPECT_EQ(std::vector<int64_t>(got, got + 4), e.indices);
    EXPECT_EQ(std::vector<float>(values, values + 4),
              (std::vector<float>{1, 0, 5, 7}));
    // The oracle agrees, along the axis.
    argmin_status status;
    std::vector<int64_t> want = oracle::SlotArg(
        in, 0, {0, 0, 0, 2, 2, 3}, 4, options, false,
        e.group.empty_policy == ARGMIN_EMPTY_EXTENT ? 6 : -1, &status);
    EXPECT_EQ(status, ARGMIN_OK);
    if (e.group.index_origin == ARGMIN_INDEX_ALONG_AXIS) {
      EXPECT_EQ(want, e.indices);
    }
  }
}

// The fixed input of the bad-input tests: 2 x 6 float32, reduced along axis
// 1, with NaNs in row 1 at positions 4 and 5 only.
class GroupedBadInputTest : public ::testing::Test {
 protected:
  GroupedBadInputTest() {
    for (int i = 0; i < 12; ++i) x_[i] = static_cast<float>(i % 5);
    x_[10] = x_[11] = std::numeric_limits<float>::quiet_NaN();
    input_ = test::Tensor(x_, MakeDType(kDLFloat, 32), shape_);
    options_.has_axis = 1;
    options_.axis = 1;
  }
  void TearDown() override {
    EXPECT_EQ(argmin_set_parallel_grain(0), ARGMIN_OK);
  }

  // Calls argmin_segment_reduce (`keys` NULL) or argmin_group_reduce on
  // `input` with ARGMIN_OP_MINMAX into index and value outputs of
  // `out_shape`, all sentinel bytes, and expects `want` with none written.
  void ExpectRefused(argmin_status want, const DLTensor* input,
                     const DLTensor* offsets, const DLTensor* keys,
                     int64_t num_groups, std::vector<int64_t> out_shape,
                     const argmin_options& options,
                     const argmin_group_options* group, int op = 2,
                     DLDataType index_type = MakeDType(kDLInt, 64)) {
    OutputBuffer min_i(out_shape, index_type), max_i(out_shape, index_type);
    OutputBuffer min_v(out_shape, MakeDType(kDLFloat, 32));
    OutputBuffer max_v(out_shape, MakeDType(kDLFloat, 32));
    argmin_outputs outputs = {min_i.tensor(), min_v.tensor(), max_i.tensor(),
                              max_v.tensor()};
    const argmin_status got =
        keys == nullptr ? argmin_segment_reduce(input, offsets, op, &options,
                                                group, &outputs)
                        : argmin_group_reduce(input, keys, num_groups, op,
                                              &options, group, &outputs);
    EXPECT_EQ(got, want) << argmin_status_name(got) << ": "
                         << argmin_last_error();
    EXPECT_TRUE(min_i.Untouched() && max_i.Untouched() && min_v.Untouched() &&
                max_v.Untouched())
        << "an output written on error " << argmin_status_name(want);
  }

  // ExpectRefused for segments with int64 `offsets` (any stride).
  void ExpectOffsetsRefused(argmin_status want, std::vector<int64_t> values,
                            int64_t stride = 1) {
    Slots slots;
    slots.values = std::move(values);
    slots.stride = stride;
    SlotTensor offsets(slots);
    const int64_t segments =
        std::max<int64_t>(static_cast<int64_t>(slots.values.size()) - 1, 0);
    SCOPED_TRACE(ShapeString(slots.values));
    ExpectRefused(want, &input_, offsets.tensor(), nullptr, 0, {2, segments},
                  options_, nullptr);
  }

  // ExpectRefused for groups with `keys` of `bits` and `num_groups`.
  void ExpectKeysRefused(argmin_status want, std::vector<int64_t> values,
                         int64_t num_groups, int bits = 64) {
    Slots slots;
    slots.segments = false;
    slots.values = std::move(values);
    slots.bits = bits;
    SlotTensor keys(slots);
    SCOPED_TRACE(ShapeString(slots.values));
    ExpectRefused(want, &input_, nullptr, keys.tensor(), num_groups,
                  {2, std::max<int64_t>(num_groups, 0)}, options_, nullptr);
  }

  float x_[12];
  std::vector<int64_t> shape_ = {2, 6};
  DLTensor input_{};
  argmin_options options_ = argmin_default_options();
};

TEST_F(GroupedBadInputTest, BadOffsets) {
  ExpectOffsetsRefused(ARGMIN_ERROR_BAD_GROUPS, {1, 3, 6});     // not from 0
  ExpectOffsetsRefused(ARGMIN_ERROR_BAD_GROUPS, {0, 4, 3, 6});  // decreasing
  ExpectOffsetsRefused(ARGMIN_ERROR_BAD_GROUPS, {0, 3, 5});  // last != extent
  ExpectOffsetsRefused(ARGMIN_ERROR_BAD_GROUPS, {0, 3, 7});  // beyond it
  ExpectOffsetsRefused(ARGMIN_ERROR_BAD_GROUPS,
                       {0, 9, 6});  // beyond, then back
  ExpectOffsetsRefused(ARGMIN_ERROR_BAD_GROUPS, {0, -1, 6});
  ExpectOffsetsRefused(ARGMIN_ERROR_BAD_GROUPS, {});   // no S + 1
  ExpectOffsetsRefused(ARGMIN_ERROR_BAD_GROUPS, {0});  // S = 0, n = 6
  ExpectOffsetsRefused(ARGMIN_ERROR_BAD_GROUPS, {0, 4, 3, 6}, -2);
  // Wrong dtypes and rank.
  const float float_offsets[] = {0, 3, 6};
  const int16_t short_offsets[] = {0, 3, 6};
  const int64_t matrix_offsets[] = {0, 3, 6, 6};
  std::vector<int64_t> three = {3}, two_by_two = {2, 2};
  const DLTensor bad[] = {
      test::Tensor(float_offsets, MakeDType(kDLFloat, 32), three),
      test::Tensor(short_offsets, MakeDType(kDLInt, 16), three),
      test::Tensor(matrix_offsets, MakeDType(kDLUInt, 64), three),
      test::Tensor(matrix_offsets, MakeDType(kDLInt, 64), two_by_two)};
  for (const DLTensor& offsets : bad) {
    ExpectRefused(ARGMIN_ERROR_BAD_GROUPS, &input_, &offsets, nullptr, 0,
                  {2, 2}, options_, nullptr);
  }
  ExpectRefused(ARGMIN_ERROR_NULL_POINTER, &input_, nullptr, nullptr, 0, {2, 2},
                options_, nullptr);
}

TEST_F(GroupedBadInputTest, BadKeys) {
  ExpectKeysRefused(ARGMIN_ERROR_BAD_GROUPS, {0, 1, 0, 1, 0}, 2);  // short
  ExpectKeysRefused(ARGMIN_ERROR_BAD_GROUPS, {0, 1, 0, 1, 0, 1, 0}, 2);
  ExpectKeysRefused(ARGMIN_ERROR_BAD_GROUPS, {0, 1, 2, 1, 0, 1}, 2);
  ExpectKeysRefused(ARGMIN_ERROR_BAD_GROUPS, {0, 1, 2, 1, 0, 1}, 2, 32);
  ExpectKeysRefused(ARGMIN_ERROR_BAD_GROUPS, {0, 0, 0, 0, 0, 0}, -1);
  ExpectKeysRefused(ARGMIN_ERROR_BAD_GROUPS, {-1, -1, -1, -1, -1, -1}, -1);
  const float float_keys[] = {0, 1, 0, 1, 0, 1};
  const int64_t matrix_keys[] = {0, 1, 0, 1, 0, 1};
  std::vector<int64_t> six = {6}, two_by_three = {2, 3};
  const DLTensor bad[] = {
      test::Tensor(float_keys, MakeDType(kDLFloat, 32), six),
      test::Tensor(matrix_keys, MakeDType(kDLInt, 64), two_by_three)};
  for (const DLTensor& keys : bad) {
    ExpectRefused(ARGMIN_ERROR_BAD_GROUPS, &input_, nullptr, &keys, 2, {2, 2},
                  options_, nullptr);
  }
}

// A key of num_groups or more when the outputs have no elements: no groups
// at all, or no rows to reduce (input 0 x 6). The header makes such a key
// ARGMIN_ERROR_BAD_GROUPS whatever the outputs' size; the library returns
// ARGMIN_OK before it reads the keys (dispatch/api.cc, ReduceBySlots:
// `if (plan.out_count == 0) return ARGMIN_OK;`), so this fails until fixed.
TEST_F(GroupedBadInputTest, BadKeyWithNoOutputElements) {
  ExpectKeysRefused(ARGMIN_ERROR_BAD_GROUPS, {-1, -1, 0, -1, -1, -1}, 0);
  Slots slots;
  slots.segments = false;
  slots.values = {0, 1, 5, 1, 0, 1};
  SlotTensor big_key(slots);
  std::vector<int64_t> no_rows = {0, 6};
  const DLTensor empty = test::Tensor(x_, MakeDType(kDLFloat, 32), no_rows);
  SCOPED_TRACE("input 0 x 6, key 5 of 2 groups");
  ExpectRefused(ARGMIN_ERROR_BAD_GROUPS, &empty, nullptr, big_key.tensor(), 2,
                {0, 2}, options_, nullptr);
}

// A key of num_groups or more far into a long axis, on several threads: no
// thread may write before every key was read.
TEST_F(GroupedBadInputTest, BadKeyDeepInTheDataOnThreads) {
  const DTypeCase& dt = api_test::DType("float32");
  const int64_t n = 5000;
  std::mt19937_64 rng(11);
  TestTensor input(dt, {n, 3}, std::nullopt, 0);
  for (int64_t i = 0; i < input.numel(); ++i) {
    input.Set(i, DrawBits(dt, 5, 0, rng));
  }
  const DLTensor in = input.View();
  ASSERT_EQ(argmin_set_parallel_grain(1), ARGMIN_OK);
  for (int threads : {1, 2, 3, 7}) {
    for (int64_t bad_at : {int64_t{0}, n / 2 + 1, n - 1}) {
      for (int bits : {64, 32}) {
        Slots slots;
        slots.segments = false;
        slots.bits = bits;
        slots.num_groups = 4;
        slots.values = RandomKeys(n, 4, rng);
        slots.values[bad_at] = 4;
        SlotTensor keys(slots);
        argmin_options options = argmin_default_options();
        options.has_axis = 1;
        options.num_threads = threads;
        SCOPED_TRACE(testing::Message() << threads << " threads, bad key at "
                                        << bad_at << ", int" << bits);
        ExpectRefused(ARGMIN_ERROR_BAD_GROUPS, &in, nullptr, keys.tensor(), 4,
                      {4, 3}, options, nullptr, ARGMIN_OP_MINMAX);
      }
    }
  }
}

TEST_F(GroupedBadInputTest, BadAxisOptionsAndOutputs) {
  Slots slots;
  slots.values = {0, 3, 6};
  SlotTensor offsets(slots);
  Slots key_slots;
  key_slots.segments = false;
  key_slots.values = {0, 1, 0, 1, 0, 1};
  SlotTensor keys(key_slots);
  const DLTensor* slot_tensors[2] = {offsets.tensor(), keys.tensor()};
  for (int g = 0; g < 2; ++g) {
    const DLTensor* off = g ? nullptr : slot_tensors[0];
    const DLTensor* key = g ? slot_tensors[1] : nullptr;
    SCOPED_TRACE(g ? "groups" : "segments");
    argmin_options options = options_;
    options.has_axis = 0;
    ExpectRefused(ARGMIN_ERROR_BAD_AXIS, &input_, off, key, 2, {2, 2}, options,
                  nullptr);
    options = options_;
    options.axis = 2;
    ExpectRefused(ARGMIN_ERROR_BAD_AXIS, &input_, off, key, 2, {2, 2}, options,
                  nullptr);
    // A 0-d input has no axis to segment along.
    DLTensor scalar = argmin_tensor(x_, MakeDType(kDLFloat, 32), 0, nullptr);
    options.axis = 0;
    ExpectRefused(ARGMIN_ERROR_BAD_AXIS, &scalar, off, key, 2, {2}, options,
                  nullptr);
    ExpectRefused(ARGMIN_ERROR_BAD_OPTION, &input_, off, key, 2, {2, 2},
                  options_, nullptr, 3);
    for (argmin_group_options group :
         {argmin_group_options{2, 0}, argmin_group_options{-1, 0},
          argmin_group_options{0, 2}, argmin_group_options{1, -1}}) {
      ExpectRefused(ARGMIN_ERROR_BAD_OPTION, &input_, off, key, 2, {2, 2},
                    options_, &group);
    }
    argmin_options bad_nan = options_;
    bad_nan.nan_policy = 3;
    ExpectRefused(ARGMIN_ERROR_BAD_OPTION, &input_, off, key, 2, {2, 2},
                  bad_nan, nullptr);
    // Outputs of the wrong shape or dtype.
    for (const std::vector<int64_t>& shape :
         {std::vector<int64_t>{2, 3}, std::vector<int64_t>{2, 6},
          std::vector<int64_t>{2}, std::vector<int64_t>{2, 2, 1},
          std::vector<int64_t>{4}}) {
      ExpectRefused(ARGMIN_ERROR_BAD_OUTPUT, &input_, off, key, 2, shape,
                    options_, nullptr);
    }
    ExpectRefused(ARGMIN_ERROR_BAD_OUTPUT, &input_, off, key, 2, {2, 2},
                  options_, nullptr, ARGMIN_OP_MINMAX, MakeDType(kDLInt, 16));
    // Only the max order exists for ARGMIN_OP_MAX: min outputs are refused.
    ExpectRefused(ARGMIN_ERROR_BAD_OUTPUT, &input_, off, key, 2, {2, 2},
                  options_, nullptr, ARGMIN_OP_MAX);
  }
  // Groups have no segment to count within.
  const argmin_group_options in_segment = {ARGMIN_EMPTY_MINUS_ONE,
                                           ARGMIN_INDEX_IN_SEGMENT};
  ExpectRefused(ARGMIN_ERROR_BAD_OPTION, &input_, nullptr, keys.tensor(), 2,
                {2, 2}, options_, &in_segment);
}

// int32 indices are refused when one could exceed INT32_MAX: a position
// along an axis longer than 2^31, or the extent itself as an empty slot's
// index. The input has no rows (0 x n), so that nothing is reduced, and the
// keys a zero stride.
TEST_F(GroupedBadInputTest, Int32IndexOverflow) {
  constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
  struct Case {
    int32_t empty_policy;
    int64_t n;
    argmin_status want;
  };
  const Case cases[] = {
      {ARGMIN_EMPTY_MINUS_ONE, kMax + 2, ARGMIN_ERROR_INDEX_OVERFLOW},
      {ARGMIN_EMPTY_EXTENT, kMax + 1, ARGMIN_ERROR_INDEX_OVERFLOW},
      {ARGMIN_EMPTY_MINUS_ONE, kMax, ARGMIN_OK},
      {ARGMIN_EMPTY_EXTENT, kMax, ARGMIN_OK}};
  for (const Case& c : cases) {
    for (bool segments : {true, false}) {
      SCOPED_TRACE(testing::Message()
                   << "n " << c.n << " empty_policy " << c.empty_policy
                   << " segments " << segments);
      const int64_t offsets_data[] = {0, c.n};
      const int64_t key = -1;
      std::vector<int64_t> shape = {0, c.n}, two = {2}, keys_shape = {c.n};
      int64_t zero_stride = 0;
      const DLTensor input = test::Tensor(x_, MakeDType(kDLFloat, 32), shape);
      const DLTensor offsets =
          test::Tensor(offsets_data, MakeDType(kDLInt, 64), two);
      const DLTensor keys =
          test::Tensor(&key, MakeDType(kDLInt, 64), keys_shape, &zero_stride);
      const argmin_group_options group = {c.empty_policy, 0};
      for (int bits : {32, 64}) {
        OutputBuffer indices({0, 1}, bits);
        argmin_outputs outputs = {indices.tensor(), nullptr, nullptr, nullptr};
        const argmin_status got =
            segments ? argmin_segment_reduce(&input, &offsets, ARGMIN_OP_MIN,
                                             &options_, &group, &outputs)
                     : argmin_group_reduce(&input, &keys, 1, ARGMIN_OP_MIN,
                                           &options_, &group, &outputs);
        EXPECT_EQ(got, bits == 32 ? c.want : ARGMIN_OK)
            << "int" << bits << ": " << argmin_last_error();
      }
    }
  }
}

// An all-NaN segment or group under ARGMIN_NAN_IGNORE fails the call with
// nothing written; under ARGMIN_NAN_IGNORE_PARTIAL it is no error.
TEST_F(GroupedBadInputTest, AllNaNSlotUnderIgnore) {
  Slots segments;
  segments.values = {0, 4, 6};  // row 1's segment 1 is [NaN, NaN]
  Slots groups;
  groups.segments = false;
  groups.num_groups = 3;
  groups.values = {0, 1, 0, 1, 2, 2};  // row 1's group 2 likewise
  for (const Slots& slots : {segments, groups}) {
    for (int threads : {1, 3}) {
      SlotTensor tensor(slots);
      argmin_options options = options_;
      options.nan_policy = ARGMIN_NAN_IGNORE;
      options.num_threads = threads;
      ASSERT_EQ(argmin_set_parallel_grain(1), ARGMIN_OK);
      const int64_t count = SlotCount(slots);
      ExpectRefused(ARGMIN_ERROR_ALL_NAN, &input_,
                    slots.segments ? tensor.tensor() : nullptr,
                    slots.segments ? nullptr : tensor.tensor(), count,
                    {2, count}, options, nullptr);
      // The same call is fine when the all-NaN slot is a partial result.
      Call call;
      call.op = ARGMIN_OP_MINMAX;
      call.options = options;
      call.options.nan_policy = ARGMIN_NAN_IGNORE_PARTIAL;
      call.slots = slots;
      call.grain = 1;
      EXPECT_TRUE(CheckCall(input_, api_test::DType("float32"), call));
    }
  }
}

}  // namespace
}  // namespace grouped_test
}  // namespace argmin
