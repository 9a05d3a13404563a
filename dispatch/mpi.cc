// The MPI entry point (include/argmin/argmin_mpi.h): each rank checks its own
// call, one MPI_Allgather shows every rank every other's call and block
// extent, each rank reduces its block with argmin_reduce, and one
// MPI_Allreduce (or MPI_Reduce) merges the (value, global index) pairs under
// dispatch/merge.h's rule, carrying the ranks' late errors with them.
#include <mpi.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <vector>

#include "argmin/argmin.h"
#include "argmin/argmin_mpi.h"
#include "dispatch/dtypes.h"
#include "dispatch/merge.h"
#include "dispatch/reduce.h"
#include "dispatch/status.h"
#include "dispatch/targets.h"
#include "dispatch/validate.h"
#include "kernels/keys.h"

namespace argmin {
namespace internal {
namespace {

// The name every message of this entry point starts with.
constexpr const char kCall[] = "argmin_mpi_reduce";

// Returns ARGMIN_ERROR_MPI for an MPI call that failed, with why.
argmin_status MpiFailure(const char* what) {
  return Fail(ARGMIN_ERROR_MPI, "%s: %s failed", kCall, what);
}

// The most output elements one collective carries, so that its buffer stays
// far below MPI's int count of bytes.
constexpr int64_t kPacketElements = int64_t{1} << 24;

// A status code packed with the rank that reported it; the smallest key is
// the lowest rank's error, and kNoError none.
constexpr int64_t kStatusCodes = 64;
constexpr int64_t kNoError = INT64_MAX;

int64_t StatusKey(int rank, argmin_status status) {
  return status == ARGMIN_OK ? kNoError : rank * kStatusCodes + status;
}

argmin_status StatusOfKey(int64_t key) {
  return key == kNoError ? ARGMIN_OK
                         : static_cast<argmin_status>(key % kStatusCodes);
}

// One rank's row of the allgather: its status and block extent, then what
// every rank's call must share (compared as raw int64s).
struct RankCall {
  int64_t status;
  int64_t rows;
  int64_t dtype;  // code | bits << 8 | lanes << 16
  int64_t ndim;
  int64_t axis;  // -1: axis none, 0: axis 0
  int64_t op;
  int64_t nan_policy;
  int64_t tie_policy;
  int64_t root;
  int64_t extents[ARGMIN_MAX_NDIM];  // past dimension 0; 0 beyond ndim - 1
};
constexpr int kRankCallWords = sizeof(RankCall) / sizeof(int64_t);
constexpr size_t kSharedOffset = offsetof(RankCall, dtype);

// The head of each collective's buffer: what the MPI_Op needs to merge it
// (an MPI_Op has no other context), and the lowest failing rank's status.
struct PacketHeader {
  int64_t status_key;
  int64_t dtype;  // a DType
  int64_t op;     // an Op
  int64_t flags;
  int64_t count;  // output elements in this packet
};

// The orders of `op`: one for min or max, min then max for both.
int OrderCount(Op op) { return op == Op::kMinMax ? 2 : 1; }
Op OrderOp(Op op, int o) {
  return op == Op::kMinMax ? (o == 0 ? Op::kMin : Op::kMax) : op;
}

size_t ItemSize(DType dtype) {
  size_t itemsize = 0;
  VisitKeyTraits(dtype, [&](auto traits) {
    itemsize = sizeof(typename decltype(traits)::Key);
  });
  return itemsize;
}

// The bytes of a packet of `count` output elements: header, indices, values.
size_t PacketBytes(int orders, int64_t count, size_t itemsize) {
  return sizeof(PacketHeader) +
         static_cast<size_t>(orders * count) * (sizeof(int64_t) + itemsize);
}

// Merges the packet at `in` into the packet at `inout` (same header fields but
// the status key): the MPI_Op's function, applied per packet.
void CombinePacket(const uint8_t* in, uint8_t* inout) {
  PacketHeader head, offered;
  memcpy(&head, inout, sizeof(head));
  memcpy(&offered, in, sizeof(offered));
  head.status_key = std::min(head.status_key, offered.status_key);
  memcpy(inout, &head, sizeof(head));
  const DType dtype = static_cast<DType>(head.dtype);
  const Op op = static_cast<Op>(head.op);
  const int orders = OrderCount(op);
  const int64_t n = head.count;
  const size_t values_at = sizeof(PacketHeader) + orders * n * sizeof(int64_t);
  const size_t itemsize = ItemSize(dtype);
  for (int o = 0; o < orders; ++o) {
    const size_t indices_at = sizeof(PacketHeader) + o * n * sizeof(int64_t);
    const size_t value_at = values_at + o * n * itemsize;
    MergePartials(
        dtype, OrderOp(op, o), static_cast<uint32_t>(head.flags), n,
        in + value_at, reinterpret_cast<const int64_t*>(in + indices_at),
        inout + value_at, reinterpret_cast<int64_t*>(inout + indices_at));
  }
}

void CombinePackets(void* in, void* inout, int* len, MPI_Datatype* type) {
  int size = 0;
  MPI_Type_size(*type, &size);
  for (int i = 0; i < *len; ++i) {
    CombinePacket(static_cast<const uint8_t*>(in) + int64_t{i} * size,
                  static_cast<uint8_t*>(inout) + int64_t{i} * size);
  }
}

// Returns whether the call reduces across ranks: axis none, or axis 0 as 0
// or -ndim. A call that says neither is local on every rank that makes it.
bool IsCollective(const DLTensor* block, const argmin_options* options) {
  if (options == nullptr || !options->has_axis) return true;
  if (options->axis == 0) return true;
  return block != nullptr && block->ndim > 0 && options->axis == -block->ndim;
}

// Checks this rank's own call (input, op, options, root), fills `call` with
// what the ranks must agree on and *block_plan with the block's plan (of one
// row, for an empty block).
argmin_status CheckOwnCall(const DLTensor* block, int op_value,
                           const argmin_options* options, int root, int ranks,
                           RankCall* call, Plan* block_plan) {
  if (block == nullptr || options == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: %s is NULL", kCall,
                block == nullptr ? "block" : "options");
  }
  if (block->ndim > 0 && block->ndim <= ARGMIN_MAX_NDIM &&
      block->shape == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: block shape is NULL", kCall);
  }
  // A block may be empty while the whole is not: plan it as if it had a row.
  DLTensor probe = *block;
  int64_t shape[ARGMIN_MAX_NDIM];
  if (block->ndim > 0 && block->ndim <= ARGMIN_MAX_NDIM) {
    std::copy(block->shape, block->shape + block->ndim, shape);
    if (shape[0] == 0) shape[0] = 1;
    probe.shape = shape;
  }
  Plan plan;
  argmin_status status = ValidateInput(&probe, options, kCall, &plan);
  if (status != ARGMIN_OK) return status;
  if (block->ndim == 0) {
    return Fail(ARGMIN_ERROR_BAD_SHAPE,
                "%s: the block is 0-d, expected blocks of rows (ndim 1 or "
                "more)",
                kCall);
  }
  Op op;
  status = ParseOp(op_value, kCall, &op);
  if (status != ARGMIN_OK) return status;
  if (options->nan_policy == ARGMIN_NAN_IGNORE_PARTIAL) {
    return Fail(ARGMIN_ERROR_BAD_OPTION,
                "%s: options.nan_policy is ARGMIN_NAN_IGNORE_PARTIAL, which a "
                "collective call does not take",
                kCall);
  }
  if (root < ARGMIN_MPI_ALL_RANKS || root >= ranks) {
    return Fail(ARGMIN_ERROR_BAD_OPTION,
                "%s: root is %d, expected ARGMIN_MPI_ALL_RANKS (-1) or a rank "
                "from 0 to %d",
                kCall, root, ranks - 1);
  }
  const int64_t rows = block->shape[0];
  if (rows > 0 && plan.count > 0 && block->data == nullptr) {
    return Fail(ARGMIN_ERROR_NULL_POINTER, "%s: block data is NULL", kCall);
  }
  status = TargetStatus();
  if (status != ARGMIN_OK) {
    return Fail(status, "%s: %s", kCall, TargetError());
  }
  call->rows = rows;
  call->dtype = block->dtype.code | block->dtype.bits << 8 |
                int64_t{block->dtype.lanes} << 16;
  call->ndim = block->ndim;
  call->axis = plan.axis;
  call->op = op_value;
  call->nan_policy = options->nan_policy;
  call->tie_policy = options->tie_policy;
  call->root = root;
  std::copy(block->shape + 1, block->shape + block->ndim, call->extents);
  *block_plan = plan;
  return ARGMIN_OK;
}

// The partial results of one rank: per order, `count` global indices (-1:
// none) and their values, plus the buffer of one collective.
struct Partials {
  std::vector<int64_t> indices;
  std::vector<uint8_t> values;
  std::vector<uint8_t> packet;
};

// Reduces this rank's non-empty block, planned and checked as `block_plan`,
// into `partials` (indices local): `count` results per order of `op`, an
// all-NaN slice's index -1, for the ranks' merge to judge.
argmin_status ReduceBlock(const Plan& block_plan, Op op, int64_t count,
                          Partials* partials) {
  Plan plan = block_plan;
  plan.all_nan_ok = true;
  const int ndim = plan.axis < 0 ? 0 : plan.ndim - 1;
  DLTensor tensors[4];
  Outputs outputs;
  outputs.count = OrderCount(op);
  for (int o = 0; o < outputs.count; ++o) {
    DLTensor& index = tensors[2 * o];
    DLTensor& value = tensors[2 * o + 1];
    index = DLTensor{};
    index.data = partials->indices.data() + o * count;
    index.device = {kDLCPU, 0};
    index.ndim = ndim;
    index.dtype = {kDLInt, 64, 1};
    value = index;
    value.data = partials->values.data() + o * count * plan.itemsize;
    outputs.indices[o] = &index;
    outputs.values[o] = &value;
  }
  try {
    return ReducePlan(plan, op, outputs);
  } catch (const std::bad_alloc&) {
    return ScratchFailure(kCall);
  }
}

// Writes the merged results to the validated outputs of `checked`.
void WriteOutputs(const Outputs& checked, const Partials& partials,
                  int64_t count, size_t itemsize) {
  if (count == 0) return;  // empty outputs may have no data
  for (int o = 0; o < checked.count; ++o) {
    const DLTensor* index = checked.indices[o];
    uint8_t* at = static_cast<uint8_t*>(index->data) + index->byte_offset;
    const int64_t* from = partials.indices.data() + o * count;
    if (index->dtype.bits == 32) {
      for (int64_t i = 0; i < count; ++i) {
        reinterpret_cast<int32_t*>(at)[i] = static_cast<int32_t>(from[i]);
      }
    } else {
      memcpy(at, from, count * sizeof(int64_t));
    }
    if (const DLTensor* value = checked.values[o]) {
      memcpy(static_cast<uint8_t*>(value->data) + value->byte_offset,
             partials.values.data() + o * count * itemsize, count * itemsize);
    }
  }
}

// The collective call; MPI is usable and the call is collective.
argmin_status CollectiveReduce(const DLTensor* block, int op_value,
                               const argmin_options* options,
                               const argmin_outputs* outputs, int root,
                               MPI_Comm comm) {
  int rank = 0, ranks = 0;
  if (MPI_Comm_rank(comm, &rank) != MPI_SUCCESS ||
      MPI_Comm_size(comm, &ranks) != MPI_SUCCESS) {
    return MpiFailure("MPI_Comm_rank or MPI_Comm_size");
  }

  // This rank's call, and the memory it will need, before anyone talks.
  RankCall own{};
  Plan block_plan;
  argmin_status status =
      CheckOwnCall(block, op_value, options, root, ranks, &own, &block_plan);
  Partials partials;
  const Op op = static_cast<Op>(own.op);
  const int orders = OrderCount(op);
  int64_t count = 1;  // output elements: 1 for axis none
  size_t itemsize = 0;
  if (status == ARGMIN_OK) {
    DType dtype;
    ParseDType(block->dtype, &dtype, &itemsize);
    if (own.axis == 0) {
      // Fits unless an extent is 0 (then the product is 0 and must not be
      // taken through huge extents beside it).
      for (int i = 1; i < block->ndim; ++i) {
        if (block->shape[i] == 0) count = 0;
      }
      for (int i = 1; i < block->ndim && count > 0; ++i) {
        count *= block->shape[i];
      }
    }
    try {
      partials.indices.assign(orders * count, -1);
      partials.values.assign(orders * count * itemsize, 0);
      partials.packet.resize(
          PacketBytes(orders, std::min(count, kPacketElements), itemsize));
    } catch (const std::bad_alloc&) {
      status = Fail(ARGMIN_ERROR_OUT_OF_MEMORY,
                    "%s: out of memory for the partial results", kCall);
    }
  }
  own.status = status;

  // Every rank's call: the first error wins everywhere, then agreement.
  std::vector<RankCall> calls;
  try {
    calls.resize(ranks);
  } catch (const std::bad_alloc&) {
    // Not even room for the others' calls: this rank cannot take part, and
    // the others wait for it.
    return Fail(ARGMIN_ERROR_OUT_OF_MEMORY,
                "%s: out of memory for the ranks' calls", kCall);
  }
  if (MPI_Allgather(&own, kRankCallWords, MPI_INT64_T, calls.data(),
                    kRankCallWords, MPI_INT64_T, comm) != MPI_SUCCESS) {
    return MpiFailure("MPI_Allgather");
  }
  for (int r = 0; r < ranks; ++r) {
    const argmin_status failed = static_cast<argmin_status>(calls[r].status);
    if (failed == ARGMIN_OK) continue;
    // This rank's own failure already said why.
    if (r == rank) return failed;
    return Fail(failed, "%s: rank %d's call failed (%s)", kCall, r,
                argmin_status_name(failed));
  }
  for (int r = 0; r < ranks; ++r) {
    if (memcmp(reinterpret_cast<const uint8_t*>(&calls[r]) + kSharedOffset,
               reinterpret_cast<const uint8_t*>(&own) + kSharedOffset,
               sizeof(RankCall) - kSharedOffset) != 0) {
      return Fail(ARGMIN_ERROR_RANKS_DISAGREE,
                  "%s: rank %d's call differs from rank %d's in dtype, "
                  "extents past dimension 0, axis, op, NaN or tie policy, or "
                  "root",
                  kCall, r, rank);
    }
  }
  int64_t offset = 0, total = 0;
  for (int r = 0; r < ranks; ++r) {
    if (r == rank) offset = total;
    if (__builtin_add_overflow(total, calls[r].rows, &total)) {
      return Fail(ARGMIN_ERROR_BAD_SHAPE,
                  "%s: the ranks' blocks hold more rows than 64 bits count",
                  kCall);
    }
  }

  // The whole tensor's plan, the same on every rank; its data is never read.
  int64_t whole_shape[ARGMIN_MAX_NDIM];
  std::copy(block->shape, block->shape + block->ndim, whole_shape);
  whole_shape[0] = total;
  static const uint8_t kNoData = 0;
  DLTensor whole{};
  whole.data = const_cast<uint8_t*>(&kNoData);
  whole.device = {kDLCPU, 0};
  whole.ndim = block->ndim;
  whole.dtype = block->dtype;
  whole.shape = whole_shape;
  Plan plan;
  status = ValidateInput(&whole, options, kCall, &plan);
  if (status != ARGMIN_OK) return status;

  // This rank's late errors travel in the reduction's header.
  const bool receives = root == ARGMIN_MPI_ALL_RANKS || root == rank;
  Outputs checked;
  if (receives) {
    status = outputs == nullptr
                 ? Fail(ARGMIN_ERROR_NULL_POINTER, "%s: outputs is NULL", kCall)
                 : CheckOutputs(plan, op, *outputs, kCall, &checked);
  }
  if (status == ARGMIN_OK && own.rows > 0 && count > 0) {
    status = ReduceBlock(block_plan, op, count, &partials);
    const int64_t step = plan.axis < 0 ? plan.count / total : 1;
    for (int64_t& index : partials.indices) {
      if (index >= 0) index += offset * step;
    }
  }

  PacketHeader head{StatusKey(rank, status), static_cast<int64_t>(plan.dtype),
                    own.op, plan.flags, 0};
  MPI_Op merge;
  if (MPI_Op_create(&CombinePackets, /*commute=*/1, &merge) != MPI_SUCCESS) {
    return MpiFailure("MPI_Op_create");
  }
  bool mpi_ok = true;
  int64_t start = 0;
  do {  // at least once, so that the status travels when count is 0
    head.count = std::min(count - start, kPacketElements);
    uint8_t* buffer = partials.packet.data();
    memcpy(buffer, &head, sizeof(head));
    const size_t values_at =
        sizeof(PacketHeader) + orders * head.count * sizeof(int64_t);
    // Packs the packet's indices and values from (to, when `out`) partials.
    const auto copy = [&](bool out) {
      for (int o = 0; o < orders; ++o) {
        uint8_t* indices =
            buffer + sizeof(PacketHeader) + o * head.count * sizeof(int64_t);
        uint8_t* values = buffer + values_at + o * head.count * itemsize;
        int64_t* kept = partials.indices.data() + o * count + start;
        uint8_t* kept_values =
            partials.values.data() + (o * count + start) * itemsize;
        const size_t index_bytes = head.count * sizeof(int64_t);
        const size_t value_bytes = head.count * itemsize;
        if (out) {
          memcpy(kept, indices, index_bytes);
          memcpy(kept_values, values, value_bytes);
        } else {
          memcpy(indices, kept, index_bytes);
          memcpy(values, kept_values, value_bytes);
        }
      }
    };
    if (head.count > 0) copy(false);  // no memcpy from an empty vector's NULL
    const int bytes =
        static_cast<int>(PacketBytes(orders, head.count, itemsize));
    MPI_Datatype packet_type;
    mpi_ok =
        MPI_Type_contiguous(bytes, MPI_BYTE, &packet_type) == MPI_SUCCESS &&
        MPI_Type_commit(&packet_type) == MPI_SUCCESS;
    if (!mpi_ok) break;
    if (root == ARGMIN_MPI_ALL_RANKS) {
      mpi_ok = MPI_Allreduce(MPI_IN_PLACE, buffer, 1, packet_type, merge,
                             comm) == MPI_SUCCESS;
    } else {
      mpi_ok = MPI_Reduce(rank == root ? MPI_IN_PLACE : buffer,
                          rank == root ? buffer : nullptr, 1, packet_type,
                          merge, root, comm) == MPI_SUCCESS;
    }
    MPI_Type_free(&packet_type);
    if (!mpi_ok) break;
    if (receives) {
      if (head.count > 0) copy(true);
      if (start == 0) memcpy(&head.status_key, buffer, sizeof(int64_t));
    }
    start += head.count;
  } while (start < count);
  MPI_Op_free(&merge);
  if (!mpi_ok) return MpiFailure("the reduction (MPI_Allreduce or MPI_Reduce)");

  // The answer's status, on the ranks that hold it, then on every rank.
  int final_status = StatusOfKey(head.status_key);
  if (receives && final_status == ARGMIN_OK && !plan.all_nan_ok) {
    for (int64_t index : partials.indices) {
      if (index < 0) {
        final_status = ARGMIN_ERROR_ALL_NAN;
        break;
      }
    }
  }
  if (root != ARGMIN_MPI_ALL_RANKS &&
      MPI_Bcast(&final_status, 1, MPI_INT, root, comm) != MPI_SUCCESS) {
    return MpiFailure("MPI_Bcast");
  }
  if (final_status == ARGMIN_OK && receives) {
    WriteOutputs(checked, partials, count, itemsize);
  }
  if (final_status == ARGMIN_ERROR_ALL_NAN) {
    return AllNaNFailure(kCall);
  }
  if (final_status != ARGMIN_OK && final_status != status) {
    return Fail(static_cast<argmin_status>(final_status),
                "%s: another rank's call failed (%s)", kCall,
                argmin_status_name(static_cast<argmin_status>(final_status)));
  }
  return static_cast<argmin_status>(final_status);
}

}  // namespace
}  // namespace internal
}  // namespace argmin

extern "C" argmin_status argmin_mpi_reduce(const DLTensor* block, int32_t op,
                                           const argmin_options* options,
                                           const argmin_outputs* outputs,
                                           int root, MPI_Comm comm) {
  if (!argmin::internal::IsCollective(block, options)) {
    return argmin_reduce(block, op, options, outputs);
  }
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (!initialized || finalized || comm == MPI_COMM_NULL) {
    return argmin::internal::Fail(
        ARGMIN_ERROR_MPI, "argmin_mpi_reduce: %s",
        !initialized ? "MPI is not initialized (MPI_Init first)"
        : finalized  ? "MPI is already finalized"
                     : "the communicator is MPI_COMM_NULL");
  }
  return argmin::internal::CollectiveReduce(block, op, options, outputs, root,
                                            comm);
}
