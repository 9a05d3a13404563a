// libFuzzer target over the C ABI: each input decodes into one whole call
// (tensor rank, extents, strides, byte offset, dtype, device, options, op,
// target, and output tensors of the right or a wrong dtype and shape) and its
// data. Its first byte picks the call: argmin_reduce (dense),
// argmin_segment_reduce or argmin_group_reduce, whose offsets or keys, group
// count and group options are fuzzed too. The input's elements are laid in
// pages with PROT_NONE pages on both sides, exactly as far as its strides
// reach, so that a read one byte out of bounds faults. Checks: no crash or
// sanitizer report; on success, the indices are the oracle's (Arg, Arg1D or
// SlotArg) and the values the bits of the elements they name; on an error, no
// output byte changed.
//
// Build and run: docs/fuzzing.md.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "argmin/argmin.h"
#include "kernels/oracle.h"
#include "tests/guarded_region.h"

namespace {

constexpr uint8_t kSentinel = 0xC3;

// Stops the run with a message: a finding.
[[noreturn]] void Finding(const std::string& what) {
  std::fprintf(stderr, "finding: %s\n", what.c_str());
  std::abort();
}

// Bytes between guard pages: `size` readable bytes placed at the start or at
// the end of their pages (tests/guarded_region.h).
class Guarded {
 public:
  Guarded(size_t size, bool at_end) : region_(size) {
    if (!region_.ok()) Finding("mmap or mprotect");
    data_ = at_end ? region_.end() - size : region_.begin();
  }
  uint8_t* data() const { return data_; }

 private:
  argmin::test::GuardedRegion region_;
  uint8_t* data_;
};

struct DTypeChoice {
  uint8_t code, bits;
};
// Every supported dtype (bool as ARGMIN_DL_BOOL), then some that are not.
constexpr DTypeChoice kDTypes[] = {
    {kDLFloat, 16},      {kDLBfloat, 16}, {kDLFloat, 32}, {kDLFloat, 64},
    {kDLInt, 8},         {kDLInt, 16},    {kDLInt, 32},   {kDLInt, 64},
    {kDLUInt, 8},        {kDLUInt, 16},   {kDLUInt, 32},  {kDLUInt, 64},
    {ARGMIN_DL_BOOL, 8}, {kDLFloat, 8},   {kDLInt, 24},   {kDLComplex, 64},
};

// The names argmin_force_target accepts on some machine; those this CPU
// lacks are expected to fail.
constexpr const char* kTargets[] = {"AVX3_DL", "AVX3",   "AVX2",  "SSE4",
                                    "SSSE3",   "EMU128", "SCALAR"};

// a * max(b, 1), or INT64_MAX past it.
int64_t SaturatingProduct(int64_t a, int64_t b) {
  int64_t product;
  return __builtin_mul_overflow(a, std::max<int64_t>(b, 1), &product)
             ? INT64_MAX
             : product;
}

// The tensors of one output slot, as the input chose them.
struct OutputSlot {
  bool present = false;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;
  bool has_strides = false;
  std::vector<uint8_t> bytes;
  DLTensor tensor{};
};

// The input tensor of one call, as the fuzz input chose it, over data laid
// between guard pages.
struct FuzzInput {
  int ndim = 0;  // as given, -1 included
  int n = 0;     // max(ndim, 0)
  std::vector<int64_t> shape, strides;
  bool compact = false;  // strides NULL
  bool sane = false;     // a layout within 64 bits and the address space
  int dtype_index = 0;   // into kDTypes
  size_t item = 1;
  int64_t sitem = 1;
  int64_t count = 1;
  std::unique_ptr<Guarded> buffer;
  const uint8_t* base = nullptr;  // the element at offset 0
  DLTensor tensor{};
};

// Decodes the input tensor and its data from `in` into *x.
void ConsumeInput(FuzzedDataProvider& in, FuzzInput* x) {
  // The input's description. Valid layouts stay small (at most 2^16
  // elements, strides within +-50); a huge extent or stride comes only with
  // a partner that makes the call invalid by the library's own rules (an
  // element count or byte extent past 64 bits), so that no valid call can
  // reach memory that was not laid out.
  const int ndim = in.ConsumeIntegralInRange<int>(-1, 6);
  const int n = std::max(ndim, 0);
  x->ndim = ndim;
  x->n = n;
  std::vector<int64_t>& shape = x->shape;
  std::vector<int64_t>& strides = x->strides;
  shape.resize(n);
  strides.resize(n);
  for (int64_t& e : shape) {
    const int kind = in.ConsumeIntegralInRange<int>(0, 31);
    e = kind == 0   ? 0
        : kind == 1 ? -in.ConsumeIntegralInRange<int64_t>(1, 3)
                    : in.ConsumeIntegralInRange<int64_t>(1, 40);
  }
  for (int64_t& st : strides) {
    st = in.ConsumeIntegralInRange<int>(0, 15) == 0
             ? 0
             : in.ConsumeIntegralInRange<int64_t>(-50, 50);
  }
  for (;;) {  // halve the largest extent until the count is small
    int64_t count = 1;
    int largest = -1;
    for (int d = 0; d < n; ++d) {
      if (shape[d] > 0) count *= shape[d];
      if (shape[d] > 1 && (largest < 0 || shape[d] > shape[largest])) {
        largest = d;
      }
    }
    if (count <= (int64_t{1} << 16) || largest < 0) break;
    shape[largest] /= 2;
  }
  bool& compact = x->compact;
  compact = in.ConsumeBool();
  const int overflow = n > 0 ? in.ConsumeIntegralInRange<int>(0, 23) : 9;
  bool& sane = x->sane;
  sane = ndim >= 0;
  for (int64_t e : shape) sane = sane && e >= 0;
  if (overflow == 0 && n >= 2) {  // two extents whose product passes 2^64
    shape[0] = in.ConsumeIntegralInRange<int64_t>(int64_t{1} << 32, INT64_MAX);
    shape[n - 1] =
        in.ConsumeIntegralInRange<int64_t>(int64_t{1} << 32, INT64_MAX);
    sane = false;
  } else if (overflow == 1) {  // a stride whose reach passes 2^63
    const int d = in.ConsumeIntegralInRange<int>(0, n - 1);
    shape[d] = std::max<int64_t>(shape[d], 3);
    const int64_t huge =
        in.ConsumeIntegralInRange<int64_t>(int64_t{1} << 62, INT64_MAX);
    strides[d] = in.ConsumeBool() ? huge : -huge;
    compact = false;
    sane = false;
  }
  x->dtype_index = in.ConsumeIntegralInRange<int>(0, 15);
  const DTypeChoice dt = kDTypes[x->dtype_index];
  DLTensor& input = x->tensor;
  input.device = {in.ConsumeIntegralInRange<int>(0, 15) == 0 ? kDLCUDA : kDLCPU,
                  0};
  input.ndim = ndim;
  input.dtype = {dt.code, dt.bits,
                 static_cast<uint16_t>(
                     in.ConsumeIntegralInRange<int>(0, 15) == 0 ? 2 : 1)};
  input.shape = ndim > 0 && in.ConsumeIntegralInRange<int>(0, 31) != 0
                    ? shape.data()
                    : nullptr;
  input.strides = compact ? nullptr : strides.data();
  // Any offset: data is set so that data + byte_offset is the element at
  // offset 0, and offsets past INT64_MAX must be refused.
  const uint64_t byte_offset = in.ConsumeIntegralInRange<int>(0, 15) == 0
                                   ? in.ConsumeIntegral<uint64_t>()
                                   : in.ConsumeIntegralInRange<uint64_t>(0, 64);

  // The element offsets the strides reach: the data covers exactly them.
  const size_t item = x->item = std::max<size_t>(1, dt.bits / 8);
  const int64_t sitem = x->sitem = static_cast<int64_t>(item);
  int64_t& count = x->count;
  count = 1;
  int64_t low = 0, high = 0, step = 1;
  for (int d = n - 1; d >= 0 && sane; --d) {
    const int64_t st = compact ? step : strides[d];
    count *= shape[d];
    if (shape[d] > 0) (st > 0 ? high : low) += st * (shape[d] - 1);
    step *= std::max<int64_t>(shape[d], 1);
  }
  if (!sane || count == 0) low = high = 0;
  const size_t span = static_cast<size_t>(high - low + 1) * item;
  x->buffer = std::make_unique<Guarded>(span, in.ConsumeBool());
  const Guarded& buffer = *x->buffer;
  const std::vector<uint8_t> fill =
      in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(1, 64));
  for (size_t i = 0; i < span; ++i) {
    buffer.data()[i] =
        fill.empty() ? static_cast<uint8_t>(i) : fill[i % fill.size()];
  }
  const uint8_t* base = x->base = buffer.data() - low * sitem;
  input.data = reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(base) -
                                       static_cast<uintptr_t>(byte_offset));
  input.byte_offset = byte_offset;
  // An offset past the base's own address makes data + byte_offset wrap
  // around the address space: the library must refuse it.
  if (byte_offset > reinterpret_cast<uintptr_t>(base)) sane = false;
  if (in.ConsumeIntegralInRange<int>(0, 31) == 0) input.data = nullptr;
}

// Decodes argmin_options and an op from `in` into *out and *op.
void ConsumeOptions(FuzzedDataProvider& in, argmin_options* out, int32_t* op) {
  argmin_options& options = *out;
  options = argmin_default_options();
  options.has_axis = in.ConsumeBool();
  options.axis = in.ConsumeIntegralInRange<int>(0, 15) == 0
                     ? in.ConsumeIntegral<int64_t>()
                     : in.ConsumeIntegralInRange<int64_t>(-7, 6);
  options.keepdims = in.ConsumeBool();
  options.nan_policy = in.ConsumeIntegralInRange<int>(0, 20) == 0
                           ? in.ConsumeIntegral<int32_t>()
                           : in.ConsumeIntegralInRange<int32_t>(0, 2);
  options.tie_policy = in.ConsumeIntegralInRange<int>(0, 20) == 0
                           ? in.ConsumeIntegral<int32_t>()
                           : in.ConsumeIntegralInRange<int32_t>(0, 1);
  options.num_threads = in.ConsumeIntegralInRange<int32_t>(-1, 3);
  *op = in.ConsumeIntegralInRange<int>(0, 20) == 0
            ? in.ConsumeIntegral<int32_t>()
            : in.ConsumeIntegralInRange<int32_t>(0, 2);
}

// Decodes the four output slots of `op` from `in` (min index, min value, max
// index, max value): present or not, of the right shape when shape_ok or
// another, of a right or a wrong dtype, compact or with other strides.
void ConsumeOutputs(FuzzedDataProvider& in, int32_t op, bool shape_ok,
                    int32_t right_ndim, const int64_t* right_shape,
                    DLDataType input_dtype, OutputSlot slots[4]) {
  for (int s = 0; s < 4; ++s) {
    OutputSlot& slot = slots[s];
    const bool is_value = s % 2 == 1;
    const bool op_wants = (s < 2) ? (op == 0 || op == 2) : (op == 1 || op == 2);
    slot.present = in.ConsumeIntegralInRange<int>(0, 15) == 0
                       ? !op_wants
                       : op_wants && (!is_value || in.ConsumeBool());
    if (!slot.present) continue;
    if (shape_ok && in.ConsumeIntegralInRange<int>(0, 7) != 0) {
      slot.shape.assign(right_shape, right_shape + right_ndim);
    } else {
      slot.shape.resize(in.ConsumeIntegralInRange<int>(0, 4));
      for (int64_t& e : slot.shape)
        e = in.ConsumeIntegralInRange<int64_t>(0, 8);
    }
    slot.strides.resize(slot.shape.size());
    int64_t step = 1;
    for (int d = static_cast<int>(slot.shape.size()) - 1; d >= 0; --d) {
      slot.strides[d] = in.ConsumeIntegralInRange<int>(0, 15) == 0
                            ? in.ConsumeIntegralInRange<int64_t>(-3, 3)
                            : step;
      step = SaturatingProduct(step, slot.shape[d]);
    }
    slot.has_strides = in.ConsumeBool();
    DLDataType type;
    if (is_value) {
      type = in.ConsumeIntegralInRange<int>(0, 7) != 0
                 ? input_dtype
                 : DLDataType{kDLInt, 8, 1};
    } else {
      const int pick = in.ConsumeIntegralInRange<int>(0, 9);
      type = pick == 0   ? DLDataType{kDLInt, 16, 1}
             : pick == 1 ? DLDataType{kDLUInt, 64, 1}
             : pick < 5  ? DLDataType{kDLInt, 32, 1}
                         : DLDataType{kDLInt, 64, 1};
    }
    // The right shape of an empty output may hold huge extents beside its
    // zero: it has no elements.
    int64_t elements = 1;
    for (int64_t e : slot.shape) elements = SaturatingProduct(elements, e);
    for (int64_t e : slot.shape) elements = e == 0 ? 0 : elements;
    slot.bytes.assign(elements * std::max(1, type.bits / 8) + 1, kSentinel);
    slot.tensor.data = slot.bytes.data();
    slot.tensor.device = {kDLCPU, 0};
    slot.tensor.ndim = static_cast<int32_t>(slot.shape.size());
    slot.tensor.dtype = type;
    slot.tensor.shape = slot.shape.data();
    slot.tensor.strides = slot.has_strides ? slot.strides.data() : nullptr;
  }
}

// The tensors of `slots` as argmin_outputs.
argmin_outputs OutputsOf(OutputSlot slots[4]) {
  return argmin_outputs{slots[0].present ? &slots[0].tensor : nullptr,
                        slots[1].present ? &slots[1].tensor : nullptr,
                        slots[2].present ? &slots[2].tensor : nullptr,
                        slots[3].present ? &slots[3].tensor : nullptr};
}

// A finding if any byte of `slots` changed after a call that returned the
// error `status`.
void CheckUntouched(const OutputSlot slots[4], argmin_status status) {
  for (int s = 0; s < 4; ++s) {
    for (uint8_t b : slots[s].bytes) {
      if (b != kSentinel) {
        Finding(std::string("output written on ") + argmin_status_name(status));
      }
    }
  }
}

// Fuzzes argmin_reduce over the input and options that `in` decodes to.
void FuzzDense(FuzzedDataProvider& in) {
  FuzzInput x;
  ConsumeInput(in, &x);
  const DLTensor& input = x.tensor;
  const int ndim = x.ndim, n = x.n;
  const std::vector<int64_t>& shape = x.shape;
  const std::vector<int64_t>& strides = x.strides;
  const bool compact = x.compact, sane = x.sane;
  const uint8_t* base = x.base;
  const size_t item = x.item;
  const int64_t sitem = x.sitem;
  argmin_options options;
  int32_t op;
  ConsumeOptions(in, &options, &op);

  // Outputs: the right shape (when there is one) or another, a right or
  // wrong dtype, present or not.
  int32_t right_ndim = 0;
  int64_t right_shape[ARGMIN_MAX_NDIM];
  const bool shape_ok = argmin_output_shape(&input, &options, &right_ndim,
                                            right_shape) == ARGMIN_OK;
  OutputSlot slots[4];  // min index, min value, max index, max value
  ConsumeOutputs(in, op, shape_ok, right_ndim, right_shape, input.dtype, slots);
  const argmin_outputs outputs = OutputsOf(slots);

  const argmin_status status = argmin_reduce(&input, op, &options, &outputs);

  if (status != ARGMIN_OK) {
    CheckUntouched(slots, status);
    return;
  }

  // Success. Outputs with no elements say nothing more.
  int64_t out_count = 1;
  for (int i = 0; i < right_ndim; ++i) {
    out_count = SaturatingProduct(out_count, right_shape[i]);
  }
  for (int i = 0; i < right_ndim; ++i) out_count *= right_shape[i] != 0;
  if (out_count == 0) return;
  if (!sane) Finding("accepted a layout past 64 bits");
  // The oracle's answer per output element: the whole call's for axis
  // none, each slice's along an axis (so that all-NaN slices under
  // ARGMIN_NAN_IGNORE_PARTIAL get -1 where the others keep their index).
  argmin_options reference = options;
  const bool partial = options.nan_policy == ARGMIN_NAN_IGNORE_PARTIAL;
  if (partial) reference.nan_policy = ARGMIN_NAN_IGNORE;
  const int axis = options.has_axis && ndim > 0
                       ? static_cast<int>(options.axis < 0 ? options.axis + ndim
                                                           : options.axis)
                       : -1;
  std::vector<int64_t> element_strides(n);
  int64_t step = 1;
  for (int d = n - 1; d >= 0; --d) {
    element_strides[d] = compact ? step : strides[d];
    step *= std::max<int64_t>(shape[d], 1);
  }
  const int orders = op == ARGMIN_OP_MINMAX ? 2 : 1;
  for (int o = 0; o < orders; ++o) {
    const bool find_max = op == ARGMIN_OP_MAX || o == 1;
    const OutputSlot& index_slot = slots[find_max ? 2 : 0];
    const OutputSlot& value_slot = slots[find_max ? 3 : 1];
    int64_t whole = -1;
    if (axis < 0) {
      argmin_status oracle_status;
      const std::vector<int64_t> want =
          argmin::oracle::Arg(input, reference, find_max, &oracle_status);
      if (oracle_status == ARGMIN_OK) whole = want[0];
    }
    for (int64_t j = 0; j < out_count; ++j) {
      // The slice's first element (j over the kept dimensions).
      int64_t first = 0, rest = j;
      for (int d = n - 1; d >= 0; --d) {
        if (d == axis || axis < 0) continue;
        first += (rest % shape[d]) * element_strides[d];
        rest /= shape[d];
      }
      const int64_t expected =
          axis < 0 ? whole
                   : argmin::oracle::Arg1D(base + first * sitem, input.dtype,
                                           shape[axis], element_strides[axis],
                                           reference, find_max);
      if (expected < 0 && !partial) Finding("OK over an all-NaN slice");
      const int64_t got =
          index_slot.tensor.dtype.bits == 32
              ? reinterpret_cast<const int32_t*>(index_slot.bytes.data())[j]
              : reinterpret_cast<const int64_t*>(index_slot.bytes.data())[j];
      if (got != expected) {
        Finding("index " + std::to_string(got) + ", oracle " +
                std::to_string(expected));
      }
      if (!value_slot.present || got < 0) continue;
      int64_t offset = first;
      if (axis >= 0) {
        offset += got * element_strides[axis];
      } else {
        int64_t rest_i = got;
        for (int d = n - 1; d >= 0; --d) {
          offset += (rest_i % shape[d]) * element_strides[d];
          rest_i /= shape[d];
        }
      }
      if (std::memcmp(value_slot.bytes.data() + j * item, base + offset * sitem,
                      item) != 0) {
        Finding("value bits differ from the element's");
      }
    }
  }
}

// The offsets or keys of a segmented or grouped call, laid between guard
// pages, and the values a call reads through them.
struct SlotTensor {
  int64_t shape[2] = {0, 1};
  int64_t stride[2] = {1, 1};
  std::unique_ptr<Guarded> buffer;
  DLTensor tensor{};
  bool well_formed = false;     // a CPU 1-D int32 or int64 tensor with data
  std::vector<int64_t> values;  // what its elements hold, read back
};

// Lays `values` out as the tensor `in` picks into *t: mostly int64 or int32,
// with a stride from -2 to 3 (0 included) or NULL strides, and rarely
// another dtype, rank or device, or NULL data.
void LaySlots(FuzzedDataProvider& in, const std::vector<int64_t>& values,
              SlotTensor* t) {
  const int64_t len = static_cast<int64_t>(values.size());
  const int pick = in.ConsumeIntegralInRange<int>(0, 15);
  const DLDataType type = pick == 0   ? DLDataType{kDLInt, 16, 1}
                          : pick == 1 ? DLDataType{kDLUInt, 64, 1}
                          : pick == 2 ? DLDataType{kDLFloat, 64, 1}
                          : pick < 9  ? DLDataType{kDLInt, 32, 1}
                                      : DLDataType{kDLInt, 64, 1};
  constexpr int64_t kStrides[] = {1, 1, 1, 1, 1, 1, 2, 3, -1, -2, 0, 1};
  const int64_t stride = kStrides[in.ConsumeIntegralInRange<int>(0, 11)];
  const bool has_strides = stride != 1 || in.ConsumeBool();
  const size_t item = type.bits / 8;
  const int64_t step = std::abs(stride);
  const int64_t reach = len > 0 ? (len - 1) * step + 1 : 1;
  t->buffer = std::make_unique<Guarded>(static_cast<size_t>(reach) * item,
                                        in.ConsumeBool());
  uint8_t* const first =
      t->buffer->data() + (stride < 0 ? (reach - 1) * item : 0);
  for (int64_t i = 0; i < len; ++i) {
    uint8_t* at = first + i * stride * static_cast<int64_t>(item);
    const int64_t v = values[static_cast<size_t>(i)];
    if (type.code == kDLFloat) {
      const double d = static_cast<double>(v);
      std::memcpy(at, &d, item);
    } else if (type.bits == 16) {
      const int16_t narrow = static_cast<int16_t>(v);
      std::memcpy(at, &narrow, item);
    } else if (type.bits == 32) {
      const int32_t narrow = static_cast<int32_t>(v);
      std::memcpy(at, &narrow, item);
    } else {
      std::memcpy(at, &v, item);
    }
  }
  t->values.resize(values.size());
  const bool readable = type.code == kDLInt && type.bits != 16;
  for (int64_t i = 0; i < len && readable; ++i) {
    const uint8_t* at = first + i * stride * static_cast<int64_t>(item);
    int32_t narrow;
    int64_t wide;
    std::memcpy(type.bits == 32 ? static_cast<void*>(&narrow) : &wide, at,
                item);
    t->values[static_cast<size_t>(i)] = type.bits == 32 ? narrow : wide;
  }
  const int rank_pick = in.ConsumeIntegralInRange<int>(0, 31);
  const int ndim = rank_pick == 0 ? 0 : rank_pick == 1 ? 2 : 1;
  t->shape[0] = len;
  t->stride[0] = stride;
  const uint64_t byte_offset = in.ConsumeIntegralInRange<uint64_t>(0, 3) * item;
  DLTensor& tensor = t->tensor;
  tensor.data =
      reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(first) - byte_offset);
  tensor.byte_offset = byte_offset;
  tensor.device = {
      in.ConsumeIntegralInRange<int>(0, 31) == 0 ? kDLCUDA : kDLCPU, 0};
  tensor.ndim = ndim;
  tensor.dtype = type;
  tensor.shape = ndim > 0 ? t->shape : nullptr;
  tensor.strides = has_strides && ndim > 0 ? t->stride : nullptr;
  if (len > 0 && in.ConsumeIntegralInRange<int>(0, 31) == 0) {
    tensor.data = nullptr;
  }
  t->well_formed = ndim == 1 && tensor.device.device_type == kDLCPU &&
                   readable && tensor.data != nullptr;
}

// Returns CSR offsets over an axis of extent `extent` that `in` picks: valid
// (S from 0 to 12 segments, many empty) mostly, and sometimes not starting
// at 0, decreasing, ending elsewhere, empty or holding any value.
std::vector<int64_t> ConsumeOffsets(FuzzedDataProvider& in, int64_t extent) {
  const int64_t segments = in.ConsumeIntegralInRange<int64_t>(0, 12);
  std::vector<int64_t> offsets = {0};
  for (int64_t s = 1; s < segments; ++s) {
    offsets.push_back(in.ConsumeIntegralInRange<int64_t>(0, extent));
  }
  std::sort(offsets.begin(), offsets.end());
  if (segments > 0) offsets.push_back(extent);
  const size_t k = in.ConsumeIntegralInRange<size_t>(0, offsets.size() - 1);
  switch (in.ConsumeIntegralInRange<int>(0, 15)) {
    case 0:
      offsets[0] += in.ConsumeBool() ? 1 : -1;
      break;
    case 1:
      if (k + 1 < offsets.size()) std::swap(offsets[k], offsets[k + 1]);
      break;
    case 2:
      offsets.back() += in.ConsumeBool() ? 1 : -1;
      break;
    case 3:
      offsets.clear();
      break;
    case 4:
      offsets[k] = in.ConsumeIntegral<int64_t>();
      break;
    default:
      break;
  }
  return offsets;
}

// Returns keys for an axis of extent `extent` and `num_groups` groups that
// `in` picks: mostly in [-1, num_groups), sometimes other negatives, keys
// of num_groups or more, any value, or one key too many or too few.
std::vector<int64_t> ConsumeKeys(FuzzedDataProvider& in, int64_t extent,
                                 int64_t num_groups) {
  int64_t len = extent;
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
    len = std::max<int64_t>(0, extent + (in.ConsumeBool() ? 1 : -1));
  }
  std::vector<int64_t> keys(static_cast<size_t>(len));
  for (int64_t& key : keys) {
    const int pick = in.ConsumeIntegralInRange<int>(0, 31);
    key = pick == 0   ? in.ConsumeIntegral<int64_t>()
          : pick == 1 ? num_groups + in.ConsumeIntegralInRange<int64_t>(0, 2)
          : pick == 2 ? in.ConsumeIntegralInRange<int64_t>(-5, -1)
                      : in.ConsumeIntegralInRange<int64_t>(
                            -1, std::max<int64_t>(num_groups, 0) - 1);
  }
  return keys;
}

// Returns whether `slots` are the outputs that `op` takes for a result of
// shape `right` from an input of dtype `input_dtype`, by argmin_reduce's
// rules.
bool OutputsValid(const OutputSlot slots[4], int32_t op,
                  const std::vector<int64_t>& right, DLDataType input_dtype) {
  if (op < 0 || op > 2) return false;
  for (int s = 0; s < 4; ++s) {
    const OutputSlot& slot = slots[s];
    const bool is_value = s % 2 == 1;
    const bool op_wants = (s < 2) ? (op == 0 || op == 2) : (op == 1 || op == 2);
    if (slot.present != op_wants && (slot.present || !is_value)) return false;
    if (!slot.present) continue;
    if (slot.shape != right) return false;
    const DLDataType t = slot.tensor.dtype;
    if (is_value ? (t.code != input_dtype.code || t.bits != input_dtype.bits ||
                    t.lanes != input_dtype.lanes)
                 : (t.code != kDLInt || (t.bits != 32 && t.bits != 64) ||
                    t.lanes != 1)) {
      return false;
    }
    if (!slot.has_strides) continue;
    int64_t elements = 1, step = 1;
    for (int64_t e : right) elements *= e;
    for (int d = static_cast<int>(right.size()) - 1; d >= 0; --d) {
      if (elements != 0 && right[d] != 1 && slot.strides[d] != step) {
        return false;
      }
      step *= right[d];
    }
  }
  return !(slots[0].present && slots[2].present &&
           slots[0].tensor.dtype.bits != slots[2].tensor.dtype.bits);
}

// Returns index output `slot`'s element j.
int64_t IndexAt(const OutputSlot& slot, int64_t j) {
  return slot.tensor.dtype.bits == 32
             ? reinterpret_cast<const int32_t*>(slot.bytes.data())[j]
             : reinterpret_cast<const int64_t*>(slot.bytes.data())[j];
}

// Fuzzes argmin_segment_reduce (`segments`) or argmin_group_reduce over the
// call that `in` decodes to; on success checks every index against
// SlotArg's and every value against the element it must be.
void FuzzGrouped(FuzzedDataProvider& in, bool segments) {
  FuzzInput x;
  ConsumeInput(in, &x);
  const DLTensor& input = x.tensor;
  argmin_options options;
  int32_t op;
  ConsumeOptions(in, &options, &op);
  options.has_axis = in.ConsumeIntegralInRange<int>(0, 15) != 0;

  // What the library must accept: the input, options and axis.
  const bool input_ok = x.sane && x.dtype_index < 13 &&
                        input.dtype.lanes == 1 &&
                        input.device.device_type == kDLCPU &&
                        (x.ndim == 0 || input.shape != nullptr) &&
                        (input.data != nullptr || x.count == 0);
  const bool options_ok = options.nan_policy >= 0 && options.nan_policy <= 2 &&
                          options.tie_policy >= 0 && options.tie_policy <= 1 &&
                          options.num_threads >= 0 && op >= 0 && op <= 2 &&
                          options.has_axis;
  const bool axis_ok =
      x.ndim >= 1 && options.axis >= -x.ndim && options.axis < x.ndim;
  const int axis =
      axis_ok ? static_cast<int>(options.axis < 0 ? options.axis + x.ndim
                                                  : options.axis)
              : -1;
  const bool extent_known = x.sane && axis_ok;
  const int64_t extent =
      extent_known ? x.shape[axis] : in.ConsumeIntegralInRange<int64_t>(0, 8);

  // The offsets or keys.
  int64_t num_groups = 0;
  if (!segments) {
    num_groups = in.ConsumeIntegralInRange<int>(0, 15) == 0
                     ? in.ConsumeIntegralInRange<int64_t>(-3, -1)
                     : in.ConsumeIntegralInRange<int64_t>(0, 8);
  }
  SlotTensor slot_tensor;
  LaySlots(in,
           segments ? ConsumeOffsets(in, extent)
                    : ConsumeKeys(in, extent, num_groups),
           &slot_tensor);
  const DLTensor* slots_arg = in.ConsumeIntegralInRange<int>(0, 63) == 0
                                  ? nullptr
                                  : &slot_tensor.tensor;
  const std::vector<int64_t>& values = slot_tensor.values;
  bool slots_ok = slots_arg != nullptr && slot_tensor.well_formed;
  if (segments) {
    slots_ok = slots_ok && !values.empty() && values[0] == 0 &&
               values.back() == extent &&
               std::is_sorted(values.begin(), values.end());
  } else {
    slots_ok = slots_ok && num_groups >= 0 &&
               static_cast<int64_t>(values.size()) == extent &&
               std::all_of(values.begin(), values.end(),
                           [&](int64_t k) { return k < num_groups; });
  }
  const int64_t num_slots =
      segments ? static_cast<int64_t>(values.size()) - 1 : num_groups;

  // The group options: NULL, or each field in its enum or anything.
  argmin_group_options group{};
  const bool null_group = in.ConsumeIntegralInRange<int>(0, 15) == 0;
  for (int32_t* field : {&group.empty_policy, &group.index_origin}) {
    *field = in.ConsumeIntegralInRange<int>(0, 15) == 0
                 ? in.ConsumeIntegral<int32_t>()
                 : in.ConsumeIntegralInRange<int32_t>(0, 1);
  }
  if (null_group) group = argmin_group_options{};
  const bool group_ok = group.empty_policy >= 0 && group.empty_policy <= 1 &&
                        group.index_origin >= 0 &&
                        group.index_origin <= (segments ? 1 : 0);
  const argmin_options* options_arg =
      in.ConsumeIntegralInRange<int>(0, 63) == 0 ? nullptr : &options;

  // Outputs: the input's shape with the axis' extent replaced by the slot
  // count (when both are known), or another.
  std::vector<int64_t> right;
  if (extent_known && num_slots >= 0) {
    right = x.shape;
    right[axis] = num_slots;
  }
  OutputSlot slots[4];  // min index, min value, max index, max value
  ConsumeOutputs(in, op, !right.empty(), static_cast<int32_t>(right.size()),
                 right.data(), input.dtype, slots);
  const argmin_outputs outputs = OutputsOf(slots);
  const bool valid = input_ok && options_ok && axis_ok && slots_ok &&
                     group_ok && options_arg != nullptr &&
                     OutputsValid(slots, op, right, input.dtype);

  // The oracle's indices per order ([1]: the maximum of ARGMIN_OP_MINMAX).
  std::vector<int64_t> slot_of(static_cast<size_t>(valid ? extent : 0), -1);
  std::vector<std::vector<int64_t>> positions(
      static_cast<size_t>(valid ? num_slots : 0));
  const int64_t empty_index =
      group.empty_policy == ARGMIN_EMPTY_EXTENT ? extent : -1;
  const int orders = op == ARGMIN_OP_MINMAX ? 2 : 1;
  std::vector<int64_t> want[2];
  argmin_status expected = ARGMIN_OK;
  if (valid) {
    for (int64_t i = 0; i < extent; ++i) {
      if (!segments) slot_of[i] = std::max<int64_t>(values[i], -1);
    }
    for (int64_t s = 0; segments && s < num_slots; ++s) {
      for (int64_t i = values[s]; i < values[s + 1]; ++i) slot_of[i] = s;
    }
    for (int64_t i = 0; i < extent; ++i) {
      if (slot_of[i] >= 0) positions[slot_of[i]].push_back(i);
    }
    for (int o = 0; o < orders; ++o) {
      argmin_status status;
      want[o] = argmin::oracle::SlotArg(input, axis, slot_of, num_slots,
                                        options, op == ARGMIN_OP_MAX || o == 1,
                                        empty_index, &status);
      if (status != ARGMIN_OK) expected = status;
    }
  }

  const argmin_group_options* group_arg = null_group ? nullptr : &group;
  const argmin_status status =
      segments ? argmin_segment_reduce(&input, slots_arg, op, options_arg,
                                       group_arg, &outputs)
               : argmin_group_reduce(&input, slots_arg, num_groups, op,
                                     options_arg, group_arg, &outputs);
  if (status != ARGMIN_OK) {
    CheckUntouched(slots, status);
    if (valid && status != expected) {
      Finding(std::string("refused a valid call: ") +
              argmin_status_name(status) + ", expected " +
              argmin_status_name(expected) + " (" + argmin_last_error() + ")");
    }
    return;
  }
  if (x.ndim == 0) return;  // a 0-d input has no axis to judge by
  if (!valid) Finding("accepted an invalid segmented or grouped call");
  if (expected != ARGMIN_OK) Finding("OK over an all-NaN slot");

  // Every output element against the oracle, by the rules of
  // docs/semantics.md ("Segments and groups").
  const bool in_segment =
      segments && group.index_origin == ARGMIN_INDEX_IN_SEGMENT;
  const int n = x.n;
  std::vector<int64_t> element_strides(n);
  int64_t step = 1, out_count = 1;
  for (int d = n - 1; d >= 0; --d) {
    element_strides[d] = x.compact ? step : x.strides[d];
    step *= std::max<int64_t>(x.shape[d], 1);
    out_count *= right[d];
  }
  for (int o = 0; o < orders; ++o) {
    const bool find_max = op == ARGMIN_OP_MAX || o == 1;
    const OutputSlot& index_slot = slots[find_max ? 2 : 0];
    const OutputSlot& value_slot = slots[find_max ? 3 : 1];
    for (int64_t j = 0; j < out_count; ++j) {
      int64_t first = 0, rest = j, s = 0;
      for (int d = n - 1; d >= 0; --d) {
        const int64_t coord = rest % right[d];
        rest /= right[d];
        if (d == axis) {
          s = coord;
        } else {
          first += coord * element_strides[d];
        }
      }
      const std::vector<int64_t>& mine = positions[s];
      int64_t index = want[o][j];
      int64_t element = index;  // the element the value must be
      if (index < 0 && !mine.empty()) {
        element =
            options.tie_policy == ARGMIN_TIES_LAST ? mine.back() : mine.front();
      }
      if (index >= 0 && !mine.empty() && in_segment) index -= values[s];
      const int64_t got = IndexAt(index_slot, j);
      if (got != index) {
        Finding("slot " + std::to_string(s) + ": index " + std::to_string(got) +
                ", oracle " + std::to_string(index));
      }
      if (!value_slot.present) continue;
      std::vector<uint8_t> bits(x.item, 0);
      if (!mine.empty()) {
        std::memcpy(
            bits.data(),
            x.base + (first + element * element_strides[axis]) * x.sitem,
            x.item);
      }
      if (std::memcmp(value_slot.bytes.data() + j * x.item, bits.data(),
                      x.item) != 0) {
        Finding("slot " + std::to_string(s) + ": value bits differ");
      }
    }
  }
  for (const OutputSlot& slot : slots) {
    if (slot.present && slot.bytes.back() != kSentinel) {
      Finding("written past an output's end");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  // The first byte picks the call; the others decode into it.
  const int call = size > 0 ? bytes[0] % 3 : 0;
  FuzzedDataProvider in(bytes + (size > 0 ? 1 : 0), size - (size > 0 ? 1 : 0));

  // Target: any name, the machine decides which exist.
  const char* target = kTargets[in.ConsumeIntegralInRange<int>(0, 6)];
  const bool target_ok = argmin_force_target(target) == ARGMIN_OK;
  if (!target_ok) argmin_force_target(nullptr);

  if (call == 0) {
    FuzzDense(in);
  } else {
    FuzzGrouped(in, call == 1);
  }
  argmin_force_target(nullptr);
  return 0;
}
