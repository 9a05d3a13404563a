// Random calls of the C API checked against the oracle, shared by the tests
// of many callers at once (concurrency_test.cc) and of calls in forked
// children (fork_test.cc).
#ifndef ARGMIN_TESTS_RANDOM_CALL_H_
#define ARGMIN_TESTS_RANDOM_CALL_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "argmin/argmin.h"
#include "kernels/oracle.h"
#include "tests/test_util.h"

namespace argmin {
namespace test {

constexpr uint8_t kSentinel = 0x5A;

// The first disagreement any thread saw, and how many there were.
struct Failures {
  std::mutex mutex;
  std::string first;
  std::atomic<int> count{0};

  void Add(const std::string& what) {
    if (count.fetch_add(1) == 0) {
      std::lock_guard<std::mutex> lock(mutex);
      first = what;
    }
  }
};

// The address of element `coords` of `t`.
inline const uint8_t* ElementAt(const DLTensor& t,
                                const std::vector<int64_t>& coords) {
  int64_t offset = 0, compact = 1;
  for (int d = t.ndim - 1; d >= 0; --d) {
    offset += coords[d] * (t.strides ? t.strides[d] : compact);
    compact *= t.shape[d];
  }
  return static_cast<const uint8_t*>(t.data) + t.byte_offset +
         offset * (t.dtype.bits / 8);
}

// Calls argmin_reduce with `op` on `input` (of dtype `dt`) under `options`,
// into index outputs of `index_type` and value outputs, all filled with
// sentinel bytes, and checks it against the oracle: the status (a
// `bad_output` index type must be refused), untouched outputs on error, the
// oracle's indices and the bits of the elements they name. Returns "" or
// what differed, and sets *failed when the call failed as it should have.
inline std::string CheckCall(const DLTensor& input, const DTypeCase& dt,
                             const argmin_options& options, int op,
                             DLDataType index_type, bool bad_output,
                             bool* failed) {
  const int ndim = input.ndim;
  const std::vector<int64_t> shape(input.shape, input.shape + ndim);
  const size_t item = dt.size();
  // The expected answer: the oracle's status and indices, per order.
  argmin_status expected = ARGMIN_OK;
  std::vector<int64_t> want[2];
  const int orders = op == ARGMIN_OP_MINMAX ? 2 : 1;
  for (int o = 0; o < orders; ++o) {
    const bool find_max = op == ARGMIN_OP_MAX || o == 1;
    argmin_status status;
    want[o] = oracle::Arg(input, options, find_max, &status);
    if (status != ARGMIN_OK && expected == ARGMIN_OK) expected = status;
  }
  int32_t out_ndim = 0;
  int64_t out_extents[ARGMIN_MAX_NDIM];
  const argmin_status shape_status =
      argmin_output_shape(&input, &options, &out_ndim, out_extents);
  std::vector<int64_t> out_shape(out_extents, out_extents + out_ndim);
  if (shape_status != ARGMIN_OK) {
    out_shape.clear();
    out_ndim = 0;
  }
  if (bad_output && shape_status == ARGMIN_OK)
    expected = ARGMIN_ERROR_BAD_OUTPUT;
  if (shape_status != ARGMIN_OK) expected = shape_status;

  // The call, into outputs of sentinel bytes.
  int64_t out_count = 1;
  for (int64_t e : out_shape) out_count *= e;
  std::vector<uint8_t> bytes[2][2];  // [order][index, value]
  DLTensor tensors[2][2];
  argmin_outputs outputs{};
  DLTensor** slots[2][2] = {{&outputs.min_indices, &outputs.min_values},
                            {&outputs.max_indices, &outputs.max_values}};
  for (int o = 0; o < orders; ++o) {
    const int side = (op == ARGMIN_OP_MAX || o == 1) ? 1 : 0;
    for (int v = 0; v < 2; ++v) {
      const DLDataType type = v ? dt.dtype : index_type;
      bytes[o][v].assign(out_count * type.bits / 8 + 1, kSentinel);
      DLTensor& t = tensors[o][v];
      t = DLTensor{};
      t.data = bytes[o][v].data();
      t.device = {kDLCPU, 0};
      t.ndim = out_ndim;
      t.dtype = type;
      t.shape = out_shape.data();
      *slots[side][v] = &t;
    }
  }
  const argmin_status status = argmin_reduce(&input, op, &options, &outputs);
  if (status != expected) {
    return std::string("status ") + argmin_status_name(status) + ", expected " +
           argmin_status_name(expected) + " (" + dt.name + ")";
  }
  *failed = status != ARGMIN_OK;
  if (status != ARGMIN_OK) {
    for (const auto& order : bytes) {
      for (const auto& b : order) {
        for (uint8_t x : b) {
          if (x != kSentinel) return "an output written on error";
        }
      }
    }
    return "";
  }

  // Indices as the oracle's; values the bits of the elements they name.
  const int axis = options.has_axis
                       ? static_cast<int>(options.axis < 0 ? options.axis + ndim
                                                           : options.axis)
                       : -1;
  for (int o = 0; o < orders; ++o) {
    for (int64_t j = 0; j < out_count; ++j) {
      const uint8_t* at = bytes[o][0].data();
      const int64_t got = index_type.bits == 32
                              ? reinterpret_cast<const int32_t*>(at)[j]
                              : reinterpret_cast<const int64_t*>(at)[j];
      if (got != want[o][j]) {
        return std::string("index ") + std::to_string(got) + ", oracle " +
               std::to_string(want[o][j]) + " (" + dt.name + ")";
      }
      // The element's coordinates: j over the kept dimensions, the index
      // along the reduced one (or over all of them, for axis none).
      std::vector<int64_t> coords(ndim);
      int64_t rest_j = j, rest_i = got;
      for (int d = ndim - 1; d >= 0; --d) {
        if (axis < 0) {
          coords[d] = rest_i % shape[d];
          rest_i /= shape[d];
        } else if (d == axis) {
          coords[d] = got;
        } else {
          coords[d] = rest_j % shape[d];
          rest_j /= shape[d];
        }
      }
      if (memcmp(bytes[o][1].data() + j * item, ElementAt(input, coords),
                 item) != 0) {
        return std::string("value bits differ (") + dt.name + ")";
      }
    }
  }
  return "";
}

// Returns a 1-D int64 tensor over `values`, with `*extent` (which must
// outlive it) as its shape.
inline DLTensor Int64Vector(std::vector<int64_t>* values, int64_t* extent) {
  *extent = static_cast<int64_t>(values->size());
  DLTensor t{};
  t.data = values->data();
  t.device = {kDLCPU, 0};
  t.ndim = 1;
  t.dtype = MakeDType(kDLInt, 64);
  t.shape = extent;
  return t;
}

// Calls argmin_segment_reduce (`segments`: `slots` are CSR offsets) or
// argmin_group_reduce (`slots` are keys of `num_groups` groups) with `op` on
// `input` (of dtype `dt`) along options.axis, into outputs as CheckCall's,
// and checks it against the oracle's SlotArg: the status, untouched outputs
// on error, every index (empty slots as `group` says, positions within the
// segment with ARGMIN_INDEX_IN_SEGMENT), every value's bits (zero for an
// empty slot, an all-NaN slot's first or, with ARGMIN_TIES_LAST, last
// element). Returns "" or what differed, and sets *failed as CheckCall.
inline std::string CheckSlotCall(const DLTensor& input, const DTypeCase& dt,
                                 const argmin_options& options, int op,
                                 const argmin_group_options& group,
                                 bool segments, std::vector<int64_t> slots,
                                 int64_t num_groups, DLDataType index_type,
                                 bool bad_output, bool* failed) {
  const int ndim = input.ndim;
  const int axis =
      static_cast<int>(options.axis < 0 ? options.axis + ndim : options.axis);
  const int64_t n = input.shape[axis];
  const int64_t num_slots =
      segments ? static_cast<int64_t>(slots.size()) - 1 : num_groups;
  std::vector<int64_t> slot_of(static_cast<size_t>(n), -1);
  for (int64_t s = 0; segments && s < num_slots; ++s) {
    for (int64_t i = slots[s]; i < slots[s + 1]; ++i) slot_of[i] = s;
  }
  for (int64_t i = 0; !segments && i < n; ++i) {
    slot_of[i] = std::max<int64_t>(slots[i], -1);
  }
  std::vector<std::vector<int64_t>> positions(static_cast<size_t>(num_slots));
  for (int64_t i = 0; i < n; ++i) {
    if (slot_of[i] >= 0) positions[slot_of[i]].push_back(i);
  }
  const int64_t empty_index =
      group.empty_policy == ARGMIN_EMPTY_EXTENT ? n : -1;
  const int orders = op == ARGMIN_OP_MINMAX ? 2 : 1;
  argmin_status expected = ARGMIN_OK;
  std::vector<int64_t> want[2];
  for (int o = 0; o < orders; ++o) {
    argmin_status status;
    want[o] =
        oracle::SlotArg(input, axis, slot_of, num_slots, options,
                        op == ARGMIN_OP_MAX || o == 1, empty_index, &status);
    if (status != ARGMIN_OK && expected == ARGMIN_OK) expected = status;
  }
  if (bad_output) expected = ARGMIN_ERROR_BAD_OUTPUT;

  std::vector<int64_t> out_shape(input.shape, input.shape + ndim);
  out_shape[axis] = num_slots;
  int64_t out_count = 1;
  for (int64_t e : out_shape) out_count *= e;
  const size_t item = dt.size();
  std::vector<uint8_t> bytes[2][2];  // [order][index, value]
  DLTensor tensors[2][2];
  argmin_outputs outputs{};
  for (int o = 0; o < orders; ++o) {
    const bool max = op == ARGMIN_OP_MAX || o == 1;
    for (int v = 0; v < 2; ++v) {
      const DLDataType type = v ? dt.dtype : index_type;
      bytes[o][v].assign(out_count * type.bits / 8 + 1, kSentinel);
      tensors[o][v] = DLTensor{};
      DLTensor& t = tensors[o][v];
      t.data = bytes[o][v].data();
      t.device = {kDLCPU, 0};
      t.ndim = ndim;
      t.dtype = type;
      t.shape = out_shape.data();
    }
    (max ? outputs.max_indices : outputs.min_indices) = &tensors[o][0];
    (max ? outputs.max_values : outputs.min_values) = &tensors[o][1];
  }
  int64_t slots_extent;
  const DLTensor slots_tensor = Int64Vector(&slots, &slots_extent);
  const argmin_status status =
      segments ? argmin_segment_reduce(&input, &slots_tensor, op, &options,
                                       &group, &outputs)
               : argmin_group_reduce(&input, &slots_tensor, num_groups, op,
                                     &options, &group, &outputs);
  const std::string call =
      std::string(segments ? "segments" : "groups") + " (" + dt.name + ")";
  if (status != expected) {
    return std::string("status ") + argmin_status_name(status) + ", expected " +
           argmin_status_name(expected) + ", " + call;
  }
  *failed = status != ARGMIN_OK;
  if (status != ARGMIN_OK) {
    for (const auto& order : bytes) {
      for (const auto& b : order) {
        for (uint8_t x : b) {
          if (x != kSentinel) return "an output written on error, " + call;
        }
      }
    }
    return "";
  }
  std::vector<int64_t> coords(ndim);
  for (int o = 0; o < orders; ++o) {
    for (int64_t j = 0; j < out_count; ++j) {
      int64_t rest = j;
      for (int d = ndim - 1; d >= 0; --d) {
        coords[d] = rest % out_shape[d];
        rest /= out_shape[d];
      }
      const std::vector<int64_t>& mine = positions[coords[axis]];
      int64_t index = want[o][j];
      int64_t element = index;  // the element the value must be
      if (index < 0 && !mine.empty()) {
        element =
            options.tie_policy == ARGMIN_TIES_LAST ? mine.back() : mine.front();
      }
      if (index >= 0 && !mine.empty() &&
          group.index_origin == ARGMIN_INDEX_IN_SEGMENT) {
        index -= slots[coords[axis]];
      }
      const uint8_t* at = bytes[o][0].data();
      const int64_t got = index_type.bits == 32
                              ? reinterpret_cast<const int32_t*>(at)[j]
                              : reinterpret_cast<const int64_t*>(at)[j];
      if (got != index) {
        return "index " + std::to_string(got) + ", oracle " +
               std::to_string(index) + ", " + call;
      }
      std::vector<uint8_t> bits(item, 0);
      if (!mine.empty()) {
        coords[axis] = element;
        std::memcpy(bits.data(), ElementAt(input, coords), item);
      }
      if (memcmp(bytes[o][1].data() + j * item, bits.data(), item) != 0) {
        return "value bits differ, " + call;
      }
    }
  }
  return "";
}

// Makes `options` a random segmented or grouped call's along an axis of
// `input` (ndim > 0), with random offsets or keys, group options and NaN
// policy, and checks it (CheckSlotCall); returns as CheckSlotCall.
inline std::string OneSlotCall(std::mt19937_64& rng, const DLTensor& input,
                               const DTypeCase& dt, argmin_options options,
                               int op, DLDataType index_type, bool bad_output,
                               bool* failed) {
  const int ndim = input.ndim;
  options.has_axis = 1;
  options.axis = static_cast<int64_t>(rng() % (2 * ndim)) - ndim;
  options.nan_policy = static_cast<int32_t>(rng() % 3);
  const int64_t n =
      input.shape[options.axis < 0 ? options.axis + ndim : options.axis];
  const bool segments = rng() % 2 == 0;
  argmin_group_options group{};
  group.empty_policy = rng() % 2 ? ARGMIN_EMPTY_EXTENT : ARGMIN_EMPTY_MINUS_ONE;
  if (segments && rng() % 2) group.index_origin = ARGMIN_INDEX_IN_SEGMENT;
  std::vector<int64_t> slots;
  int64_t num_groups = 0;
  if (segments) {  // offsets: empty segments now and then, some long ones
    slots = {0};
    while (slots.back() < n || rng() % 4 == 0) {
      const int64_t length = rng() % 3 == 0 ? 0 : 1 + rng() % 6;
      slots.push_back(std::min(n, slots.back() + length));
    }
  } else {  // keys in [-1, num_groups)
    num_groups = static_cast<int64_t>(rng() % 6);
    slots.resize(static_cast<size_t>(n));
    for (int64_t& key : slots) {
      key = static_cast<int64_t>(rng() % (num_groups + 1)) - 1;
    }
  }
  return CheckSlotCall(input, dt, options, op, group, segments, slots,
                       num_groups, index_type, bad_output, failed);
}

// One random call, checked against the oracle (CheckCall, or for a third of
// the calls on tensors with dimensions a segmented or grouped one,
// OneSlotCall), on `threads` threads (negative: 1 to 3, drawn); returns ""
// or what differed, and sets *failed when the call was meant to fail (and
// did).
inline std::string OneCall(std::mt19937_64& rng, bool* failed,
                           int threads = -1) {
  const auto& dtypes = AllDTypes();
  const DTypeCase& dt = dtypes[rng() % dtypes.size()];
  const size_t item = dt.size();
  const int ndim = static_cast<int>(rng() % 4);
  std::vector<int64_t> shape(ndim);
  int64_t count = 1;
  for (int64_t& e : shape) {
    e = rng() % 12 == 0 ? 0 : 1 + rng() % 24;
    count *= e;
  }
  // Random bits, all NaN now and then, in a buffer read through compact
  // strides, one dimension reversed, or two swapped.
  const int nan_percent = rng() % 8 == 0 ? 100 : static_cast<int>(rng() % 20);
  std::vector<uint8_t> data = RandomBytes(dt, count, rng, nan_percent);
  data.push_back(0);  // never empty, even with no elements
  std::vector<int64_t> strides(ndim);
  int64_t compact = 1;
  for (int d = ndim - 1; d >= 0; --d) {
    strides[d] = compact;
    compact *= shape[d];
  }
  DLTensor input{};
  input.data = data.data();
  input.device = {kDLCPU, 0};
  input.ndim = ndim;
  input.dtype = dt.dtype;
  input.shape = shape.data();
  input.strides = strides.data();
  if (ndim > 0 && count > 0) {
    const int how = static_cast<int>(rng() % 3);
    const int d = static_cast<int>(rng() % ndim);
    if (how == 1) {
      input.byte_offset = (shape[d] - 1) * strides[d] * item;
      strides[d] = -strides[d];
    } else if (how == 2) {
      const int e = static_cast<int>(rng() % ndim);
      std::swap(shape[d], shape[e]);
      std::swap(strides[d], strides[e]);
    }
  }

  argmin_options options = argmin_default_options();
  options.has_axis = rng() % 3 != 0;
  options.axis = static_cast<int64_t>(rng() % (ndim + 3)) - ndim - 1;
  options.keepdims = rng() % 2;
  options.nan_policy = rng() % 2 ? ARGMIN_NAN_IGNORE : ARGMIN_NAN_PROPAGATE;
  options.tie_policy = rng() % 2 ? ARGMIN_TIES_LAST : ARGMIN_TIES_FIRST;
  const int drawn_threads = 1 + static_cast<int>(rng() % 3);
  options.num_threads = threads >= 0 ? threads : drawn_threads;
  const int op = static_cast<int>(rng() % 3);
  const bool bad_output = rng() % 10 == 0;
  const DLDataType index_type = bad_output
                                    ? MakeDType(kDLInt, 16)
                                    : MakeDType(kDLInt, rng() % 2 ? 32 : 64);
  if (ndim > 0 && rng() % 3 == 0) {
    return OneSlotCall(rng, input, dt, options, op, index_type, bad_output,
                       failed);
  }
  return CheckCall(input, dt, options, op, index_type, bad_output, failed);
}

// A rows x cols row-major tensor of random elements of a dtype (3% NaNs for
// floats, ties, both zeros), which owns its bytes.
struct Matrix {
  const DTypeCase& dt;
  int64_t shape[2];
  std::vector<uint8_t> bytes;
  DLTensor tensor;

  Matrix(const DTypeCase& type, int64_t rows, int64_t cols, uint64_t seed)
      : dt(type), shape{rows, cols} {
    std::mt19937_64 rng(seed);
    bytes = RandomBytes(dt, rows * cols, rng, 3);
    tensor = DLTensor{};
    tensor.data = bytes.data();
    tensor.device = {kDLCPU, 0};
    tensor.ndim = 2;
    tensor.dtype = dt.dtype;
    tensor.shape = shape;
  }
  Matrix(const Matrix&) = delete;
  Matrix& operator=(const Matrix&) = delete;
};

// Returns the dtype named `name` ("float32"), or the first one.
inline const DTypeCase& DTypeNamed(const char* name) {
  for (const DTypeCase& dt : AllDTypes()) {
    if (strcmp(dt.name, name) == 0) return dt;
  }
  return AllDTypes().front();
}

}  // namespace test
}  // namespace argmin

#endif  // ARGMIN_TESTS_RANDOM_CALL_H_
