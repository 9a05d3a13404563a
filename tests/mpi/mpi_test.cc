// argmin_mpi_reduce under mpirun (ctest runs it with 1 to 4 ranks): random
// tensors split into uneven and empty blocks, each rank's answer against one
// argmin_reduce call on the gathered whole; and bad inputs on one rank only,
// which every rank must report alike, with no output written anywhere.
// Every rank runs the same tests in the same order, so the collectives match;
// checks are EXPECTs, never ASSERTs, so that no rank leaves a test early.
#include <gtest/gtest.h>
#include <mpi.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <vector>

#include "argmin/argmin.h"
#include "argmin/argmin_mpi.h"
#include "tests/test_util.h"

namespace argmin {
namespace {

using test::AllDTypes;
using test::DTypeCase;
using test::MakeDType;
using test::RandomBytes;

constexpr uint8_t kSentinel = 0xA5;

int Rank() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

int Ranks() {
  int ranks = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  return ranks;
}

using test::Tensor;

// The output tensors of one call, every byte a sentinel until written: index
// and value tensors for the orders of `op`.
struct Outputs {
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes[4];  // min index, min value, max index, max value
  DLTensor tensors[4];
  argmin_outputs outputs{};

  Outputs(const std::vector<int64_t>& out_shape, int op, DLDataType index_type,
          DLDataType value_type, bool with_values)
      : shape(out_shape) {
    int64_t count = 1;
    for (int64_t e : shape) count *= e;
    DLTensor** slots[4] = {&outputs.min_indices, &outputs.min_values,
                           &outputs.max_indices, &outputs.max_values};
    for (int s = 0; s < 4; ++s) {
      const bool is_min = s < 2, is_value = s % 2 == 1;
      if ((is_min && op == ARGMIN_OP_MAX) || (!is_min && op == ARGMIN_OP_MIN) ||
          (is_value && !with_values)) {
        continue;
      }
      const DLDataType type = is_value ? value_type : index_type;
      bytes[s].assign(count * type.bits / 8 + 1, kSentinel);
      tensors[s] = Tensor(bytes[s].data(), type, shape);
      *slots[s] = &tensors[s];
    }
  }
  Outputs(const Outputs&) = delete;
  Outputs& operator=(const Outputs&) = delete;
};

// Whether every output byte is still the sentinel.
bool Untouched(const Outputs& out) {
  for (const auto& b : out.bytes) {
    for (uint8_t v : b) {
      if (v != kSentinel) return false;
    }
  }
  return true;
}

// Every rank's block, concatenated in rank order (compact blocks of
// `row_bytes` per row).
std::vector<uint8_t> Gather(const std::vector<uint8_t>& block,
                            const std::vector<int64_t>& rows,
                            int64_t row_bytes) {
  std::vector<int> counts(Ranks()), offsets(Ranks());
  int total = 0;
  for (int r = 0; r < Ranks(); ++r) {
    counts[r] = static_cast<int>(rows[r] * row_bytes);
    offsets[r] = total;
    total += counts[r];
  }
  std::vector<uint8_t> whole(total + 1);
  MPI_Allgatherv(block.data(), counts[Rank()], MPI_BYTE, whole.data(),
                 counts.data(), offsets.data(), MPI_BYTE, MPI_COMM_WORLD);
  return whole;
}

// Random calls, the same on every rank, over blocks of random data: each
// rank's status and outputs equal those of argmin_reduce over the whole
// tensor (or over its own block, for an axis other than 0), bit for bit.
TEST(MpiReduce, MatchesOneCallOnTheGatheredTensor) {
  const auto& dtypes = AllDTypes();
  int collective_calls = 0, errors = 0;
  for (int round = 0; round < 400; ++round) {
    std::mt19937_64 rng(1000003 * round + 11);  // the same on every rank
    const DTypeCase& dt = dtypes[rng() % dtypes.size()];
    const int ndim = 1 + static_cast<int>(rng() % 3);
    std::vector<int64_t> trailing;
    for (int i = 1; i < ndim; ++i) {
      trailing.push_back(rng() % 16 == 0 ? 0 : 1 + rng() % 5);
    }
    int64_t row_elements = 1;
    for (int64_t e : trailing) row_elements *= e;
    std::vector<int64_t> rows(Ranks());
    for (int64_t& r : rows) r = rng() % 3 == 0 ? 0 : rng() % 6;
    const int axis_kind = static_cast<int>(rng() % (ndim > 1 ? 4 : 3));
    argmin_options options = argmin_default_options();
    options.has_axis = axis_kind != 0;
    options.axis = axis_kind == 2 ? -ndim : 0;
    if (axis_kind == 3)
      options.axis = 1 + static_cast<int64_t>(rng() % (ndim - 1));
    options.keepdims = rng() % 2;
    options.nan_policy = rng() % 2 ? ARGMIN_NAN_IGNORE : ARGMIN_NAN_PROPAGATE;
    options.tie_policy = rng() % 2 ? ARGMIN_TIES_LAST : ARGMIN_TIES_FIRST;
    const int op = static_cast<int>(rng() % 3);
    const DLDataType index_type = MakeDType(kDLInt, rng() % 2 ? 32 : 64);
    const bool with_values = rng() % 2;
    const int root =
        rng() % 2 ? ARGMIN_MPI_ALL_RANKS : static_cast<int>(rng() % Ranks());
    const bool strided = rng() % 2;
    const int nan_percent = rng() % 3 == 0 ? 70 : 5;
    const bool collective = axis_kind != 3;
    SCOPED_TRACE(::testing::Message()
                 << "round " << round << " " << dt.name << " ndim " << ndim
                 << " axis kind " << axis_kind << " op " << op << " root "
                 << root << " rank " << Rank());

    // This rank's block, compact, and as passed: every other row of a
    // buffer twice its size when strided.
    const int64_t my_rows = rows[Rank()];
    const size_t item = dt.size();
    std::mt19937_64 data_rng(rng() + 7919 * Rank());
    const std::vector<uint8_t> compact =
        RandomBytes(dt, my_rows * row_elements, data_rng, nan_percent);
    std::vector<int64_t> block_shape = {my_rows};
    block_shape.insert(block_shape.end(), trailing.begin(), trailing.end());
    std::vector<uint8_t> spread(2 * compact.size() + 1);
    std::vector<int64_t> strides(ndim);
    int64_t step = 1;
    for (int i = ndim - 1; i >= 1; --i) {
      strides[i] = step;
      step *= trailing[i - 1];
    }
    strides[0] = 2 * row_elements;
    for (int64_t r = 0; r < my_rows && row_elements > 0; ++r) {
      memcpy(spread.data() + 2 * r * row_elements * item,
             compact.data() + r * row_elements * item, row_elements * item);
    }
    DLTensor block =
        strided ? Tensor(spread.data(), dt.dtype, block_shape, strides.data())
                : Tensor(compact.data(), dt.dtype, block_shape);

    // The reference: the gathered whole, or this block alone.
    std::vector<uint8_t> whole = Gather(compact, rows, row_elements * item);
    int64_t total_rows = 0;
    for (int64_t r : rows) total_rows += r;
    std::vector<int64_t> whole_shape = block_shape;
    whole_shape[0] = total_rows;
    std::vector<uint8_t> own = compact;
    own.push_back(0);
    DLTensor reference_input = collective
                                   ? Tensor(whole.data(), dt.dtype, whole_shape)
                                   : Tensor(own.data(), dt.dtype, block_shape);
    int32_t out_ndim = 0;
    int64_t out_extents[ARGMIN_MAX_NDIM];
    std::vector<int64_t> out_shape;
    if (argmin_output_shape(&reference_input, &options, &out_ndim,
                            out_extents) == ARGMIN_OK) {
      out_shape.assign(out_extents, out_extents + out_ndim);
    }
    Outputs expected(out_shape, op, index_type, dt.dtype, with_values);
    const argmin_status expected_status =
        argmin_reduce(&reference_input, op, &options, &expected.outputs);

    Outputs got(out_shape, op, index_type, dt.dtype, with_values);
    const bool receives =
        !collective || root == ARGMIN_MPI_ALL_RANKS || root == Rank();
    // A rank that gets no answer may pass no outputs at all.
    const bool pass_none = !receives && rng() % 2 == 0;
    const argmin_status status = argmin_mpi_reduce(
        &block, op, &options, pass_none ? nullptr : &got.outputs, root,
        MPI_COMM_WORLD);
    EXPECT_EQ(status, expected_status) << argmin_status_name(status);
    if (receives) {
      for (int s = 0; s < 4; ++s) {
        EXPECT_EQ(got.bytes[s], expected.bytes[s]) << "output " << s;
      }
    } else {
      EXPECT_TRUE(Untouched(got));
    }
    collective_calls += collective;
    errors += expected_status != ARGMIN_OK;
  }
  // The rounds reach both answers and errors (all-NaN, empty).
  EXPECT_GT(collective_calls, 200);
  EXPECT_GT(errors, 10);
  EXPECT_LT(errors, 200);
}

// Which rank's call a test spoils, besides a rank number.
constexpr int kLastRank = -1;
constexpr int kEveryRank = -2;

// One rank's call, for a test to spoil.
struct Call {
  DLTensor block;
  argmin_options options;
  int op;
  int root;
  Outputs* out;
  const argmin_outputs* outputs;
};

// A good call (float32 blocks of rank + 1 rows of 3, both extremes with
// values, to every rank or to rank 0), spoiled by `spoil` on `spoiled_rank`
// (the last rank by default): every rank returns `expected`, and no output
// is written anywhere.
void ExpectEveryRankFails(argmin_status expected,
                          const std::function<void(Call&)>& spoil,
                          int spoiled_rank = kLastRank) {
  if (spoiled_rank == kLastRank) spoiled_rank = Ranks() - 1;
  for (int root : {ARGMIN_MPI_ALL_RANKS, 0}) {
    for (bool axis : {false, true}) {
      std::vector<int64_t> shape = {Rank() + 1, 3};
      std::vector<float> data(shape[0] * 3, 1.0f);
      std::vector<int64_t> out_shape;
      if (axis) out_shape = {3};
      Outputs out(out_shape, ARGMIN_OP_MINMAX, MakeDType(kDLInt, 64),
                  MakeDType(kDLFloat, 32), true);
      Call call{Tensor(data.data(), MakeDType(kDLFloat, 32), shape),
                argmin_default_options(),
                ARGMIN_OP_MINMAX,
                root,
                &out,
                &out.outputs};
      call.options.has_axis = axis;
      if (Rank() == spoiled_rank || spoiled_rank == kEveryRank) spoil(call);
      const argmin_status status =
          argmin_mpi_reduce(&call.block, call.op, &call.options, call.outputs,
                            call.root, MPI_COMM_WORLD);
      EXPECT_EQ(status, expected)
          << argmin_status_name(status) << " on rank " << Rank() << ", root "
          << root << ", axis " << axis;
      EXPECT_TRUE(Untouched(out)) << "rank " << Rank();
    }
  }
}

TEST(MpiReduce, BadInputOnOneRankFailsOnEveryRank) {
  ExpectEveryRankFails(ARGMIN_ERROR_NULL_POINTER,
                       [](Call& c) { c.block.data = nullptr; });
  ExpectEveryRankFails(ARGMIN_ERROR_UNSUPPORTED_DTYPE, [](Call& c) {
    c.block.dtype = MakeDType(kDLFloat, 24);
  });
  ExpectEveryRankFails(ARGMIN_ERROR_UNSUPPORTED_DEVICE,
                       [](Call& c) { c.block.device.device_type = kDLCUDA; });
  ExpectEveryRankFails(ARGMIN_ERROR_BAD_SHAPE,
                       [](Call& c) { c.block.shape[0] = -1; });
  ExpectEveryRankFails(ARGMIN_ERROR_BAD_SHAPE, [](Call& c) {
    c.block.ndim = 0;
    c.options.has_axis = 0;
  });
  ExpectEveryRankFails(ARGMIN_ERROR_BAD_OPTION,
                       [](Call& c) { c.options.nan_policy = 9; });
  ExpectEveryRankFails(ARGMIN_ERROR_BAD_OPTION, [](Call& c) {
    c.options.nan_policy = ARGMIN_NAN_IGNORE_PARTIAL;
  });
  ExpectEveryRankFails(ARGMIN_ERROR_BAD_OPTION, [](Call& c) { c.op = 7; });
  ExpectEveryRankFails(ARGMIN_ERROR_BAD_OPTION,
                       [](Call& c) { c.root = Ranks(); });
  // Outputs are checked where the answer goes: every rank with
  // ARGMIN_MPI_ALL_RANKS, rank 0 otherwise, so spoil rank 0's.
  ExpectEveryRankFails(
      ARGMIN_ERROR_BAD_OUTPUT,
      [](Call& c) { c.out->tensors[1].dtype = MakeDType(kDLFloat, 64); }, 0);
  ExpectEveryRankFails(
      ARGMIN_ERROR_NULL_POINTER, [](Call& c) { c.outputs = nullptr; }, 0);
  ExpectEveryRankFails(
      ARGMIN_ERROR_BAD_OUTPUT, [](Call& c) { c.out->tensors[0].ndim += 1; }, 0);
}

// Calls that need two ranks or more (ctest leaves them out with one).
TEST(MpiReduceRanks, DisagreeingCallsFailOnEveryRank) {
  const std::function<void(Call&)> disagreements[] = {
      [](Call& c) { c.block.shape[1] = 2; },
      [](Call& c) { c.block.dtype = MakeDType(kDLFloat, 64); },
      [](Call& c) { c.options.tie_policy = ARGMIN_TIES_LAST; },
      [](Call& c) { c.options.nan_policy = ARGMIN_NAN_IGNORE; },
      [](Call& c) { c.op = ARGMIN_OP_MIN; },
      [](Call& c) { c.root = c.root == 0 ? ARGMIN_MPI_ALL_RANKS : 0; },
      // Axis none against axis 0, both collective.
      [](Call& c) {
        c.options.has_axis = !c.options.has_axis;
        c.options.axis = 0;
      }};
  for (const auto& spoil : disagreements) {
    ExpectEveryRankFails(ARGMIN_ERROR_RANKS_DISAGREE, spoil);
  }
}

TEST(MpiReduceRanks, LowestFailingRankDecides) {
  ExpectEveryRankFails(
      ARGMIN_ERROR_BAD_OPTION, [](Call& c) { c.options.tie_policy = 5; }, 1);
  // Rank 0's error wins over the last rank's.
  ExpectEveryRankFails(
      ARGMIN_ERROR_NULL_POINTER,
      [](Call& c) {
        if (Rank() == 0) c.block.data = nullptr;
        if (Rank() == Ranks() - 1) c.options.tie_policy = 5;
      },
      kEveryRank);
}

// An int32 index that the whole tensor could overflow, though no block
// could: every rank fails alike, before reading anything (zero strides).
TEST(MpiReduce, Int32OverflowOfTheGlobalIndexFailsOnEveryRank) {
  float x = 1.0f;
  for (bool axis : {false, true}) {
    std::vector<int64_t> shape = {(int64_t{1} << 31) / Ranks() + 1, 1};
    int64_t strides[2] = {0, 0};
    DLTensor block = Tensor(&x, MakeDType(kDLFloat, 32), shape, strides);
    argmin_options options = argmin_default_options();
    options.has_axis = axis;
    std::vector<int64_t> out_shape;
    if (axis) out_shape = {1};
    Outputs out(out_shape, ARGMIN_OP_MIN, MakeDType(kDLInt, 32),
                MakeDType(kDLFloat, 32), false);
    EXPECT_EQ(argmin_mpi_reduce(&block, ARGMIN_OP_MIN, &options, &out.outputs,
                                ARGMIN_MPI_ALL_RANKS, MPI_COMM_WORLD),
              ARGMIN_ERROR_INDEX_OVERFLOW);
    EXPECT_TRUE(Untouched(out));
  }
}

// More output elements than one collective carries: several chunks.
TEST(MpiReduce, LargeOutputsTravelInChunks) {
  std::vector<int64_t> shape = {1, (int64_t{1} << 24) + 3};
  std::vector<int8_t> data(shape[1]);
  std::mt19937_64 rng(99 + Rank());
  for (auto& v : data) v = static_cast<int8_t>(rng() % 7);
  DLTensor block = Tensor(data.data(), MakeDType(kDLInt, 8), shape);
  std::vector<uint8_t> bytes(data.begin(), data.end());
  std::vector<int64_t> rows(Ranks(), 1);
  std::vector<uint8_t> whole = Gather(bytes, rows, shape[1]);
  std::vector<int64_t> whole_shape = {Ranks(), shape[1]};
  DLTensor reference = Tensor(whole.data(), MakeDType(kDLInt, 8), whole_shape);
  argmin_options options = argmin_default_options();
  options.has_axis = 1;
  options.tie_policy = ARGMIN_TIES_LAST;
  const std::vector<int64_t> out_shape = {shape[1]};
  Outputs expected(out_shape, ARGMIN_OP_MINMAX, MakeDType(kDLInt, 64),
                   MakeDType(kDLInt, 8), true);
  Outputs got(out_shape, ARGMIN_OP_MINMAX, MakeDType(kDLInt, 64),
              MakeDType(kDLInt, 8), true);
  EXPECT_EQ(
      argmin_reduce(&reference, ARGMIN_OP_MINMAX, &options, &expected.outputs),
      ARGMIN_OK);
  EXPECT_EQ(argmin_mpi_reduce(&block, ARGMIN_OP_MINMAX, &options, &got.outputs,
                              ARGMIN_MPI_ALL_RANKS, MPI_COMM_WORLD),
            ARGMIN_OK);
  for (int s = 0; s < 4; ++s) EXPECT_TRUE(got.bytes[s] == expected.bytes[s]);
}

TEST(MpiReduce, NullCommunicatorIsAnMpiError) {
  std::vector<int64_t> shape = {2};
  float data[2] = {2.0f, 1.0f};
  DLTensor block = Tensor(data, MakeDType(kDLFloat, 32), shape);
  argmin_options options = argmin_default_options();
  Outputs out({}, ARGMIN_OP_MIN, MakeDType(kDLInt, 64), MakeDType(kDLFloat, 32),
              false);
  EXPECT_EQ(argmin_mpi_reduce(&block, ARGMIN_OP_MIN, &options, &out.outputs,
                              ARGMIN_MPI_ALL_RANKS, MPI_COMM_NULL),
            ARGMIN_ERROR_MPI);
  EXPECT_TRUE(Untouched(out));
  // A local axis needs no communicator.
  std::vector<int64_t> shape2 = {1, 2};
  DLTensor row = Tensor(data, MakeDType(kDLFloat, 32), shape2);
  options.has_axis = 1;
  options.axis = 1;
  Outputs local({1}, ARGMIN_OP_MIN, MakeDType(kDLInt, 64),
                MakeDType(kDLFloat, 32), false);
  EXPECT_EQ(argmin_mpi_reduce(&row, ARGMIN_OP_MIN, &options, &local.outputs,
                              ARGMIN_MPI_ALL_RANKS, MPI_COMM_NULL),
            ARGMIN_OK);
  int64_t index;
  memcpy(&index, local.bytes[0].data(), sizeof(index));
  EXPECT_EQ(index, 1);
}

}  // namespace
}  // namespace argmin

// MPI around gtest; the exit status is the worst of every rank's, so that
// mpirun (and ctest) fail when any rank failed.
int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  int failed = RUN_ALL_TESTS() != 0;
  int any_failed = 0;
  MPI_Allreduce(&failed, &any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Finalize();
  return any_failed;
}
