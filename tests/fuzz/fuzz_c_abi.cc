// libFuzzer target over the C ABI: each input decodes into one whole call
// (tensor rank, extents, strides, byte offset, dtype, device, options, op,
// target, and output tensors of the right or a wrong dtype and shape) and its
// data. The input's elements are laid in pages with PROT_NONE pages on both
// sides, exactly as far as its strides reach, so that a read one byte out of
// bounds faults. Checks: no crash or sanitizer report; on success, the
// indices are the oracle's and the values the bits of the elements they
// name; on an error, no output byte changed.
//
// Build and run: docs/fuzzing.md.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  FuzzedDataProvider in(bytes, size);

  // Target: any name, the machine decides which exist.
  const char* target = kTargets[in.ConsumeIntegralInRange<int>(0, 6)];
  const bool target_ok = argmin_force_target(target) == ARGMIN_OK;
  if (!target_ok) argmin_force_target(nullptr);

  // The input's description. Valid layouts stay small (at most 2^16
  // elements, strides within +-50); a huge extent or stride comes only with
  // a partner that makes the call invalid by the library's own rules (an
  // element count or byte extent past 64 bits), so that no valid call can
  // reach memory that was not laid out.
  const int ndim = in.ConsumeIntegralInRange<int>(-1, 6);
  const int n = std::max(ndim, 0);
  std::vector<int64_t> shape(n), strides(n);
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
  bool compact = in.ConsumeBool();
  const int overflow = n > 0 ? in.ConsumeIntegralInRange<int>(0, 23) : 9;
  bool sane = ndim >= 0;
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
  const DTypeChoice dt = kDTypes[in.ConsumeIntegralInRange<int>(0, 15)];
  DLTensor input{};
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
  const size_t item = std::max<size_t>(1, dt.bits / 8);
  const int64_t sitem = static_cast<int64_t>(item);  // for negative offsets
  int64_t count = 1, low = 0, high = 0, step = 1;
  for (int d = n - 1; d >= 0 && sane; --d) {
    const int64_t st = compact ? step : strides[d];
    count *= shape[d];
    if (shape[d] > 0) (st > 0 ? high : low) += st * (shape[d] - 1);
    step *= std::max<int64_t>(shape[d], 1);
  }
  if (!sane || count == 0) low = high = 0;
  const size_t span = static_cast<size_t>(high - low + 1) * item;
  Guarded buffer(span, in.ConsumeBool());
  const std::vector<uint8_t> fill =
      in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(1, 64));
  for (size_t i = 0; i < span; ++i) {
    buffer.data()[i] =
        fill.empty() ? static_cast<uint8_t>(i) : fill[i % fill.size()];
  }
  const uint8_t* base = buffer.data() - low * sitem;
  input.data = reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(base) -
                                       static_cast<uintptr_t>(byte_offset));
  input.byte_offset = byte_offset;
  // An offset past the base's own address makes data + byte_offset wrap
  // around the address space: the library must refuse it.
  if (byte_offset > reinterpret_cast<uintptr_t>(base)) sane = false;
  if (in.ConsumeIntegralInRange<int>(0, 31) == 0) input.data = nullptr;

  argmin_options options = argmin_default_options();
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
  const int32_t op = in.ConsumeIntegralInRange<int>(0, 20) == 0
                         ? in.ConsumeIntegral<int32_t>()
                         : in.ConsumeIntegralInRange<int32_t>(0, 2);

  // Outputs: the right shape (when there is one) or another, a right or
  // wrong dtype, present or not.
  int32_t right_ndim = 0;
  int64_t right_shape[ARGMIN_MAX_NDIM];
  const bool shape_ok = argmin_output_shape(&input, &options, &right_ndim,
                                            right_shape) == ARGMIN_OK;
  OutputSlot slots[4];  // min index, min value, max index, max value
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
                 ? input.dtype
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
  argmin_outputs outputs{slots[0].present ? &slots[0].tensor : nullptr,
                         slots[1].present ? &slots[1].tensor : nullptr,
                         slots[2].present ? &slots[2].tensor : nullptr,
                         slots[3].present ? &slots[3].tensor : nullptr};

  const argmin_status status = argmin_reduce(&input, op, &options, &outputs);

  if (status != ARGMIN_OK) {
    for (const OutputSlot& slot : slots) {
      for (uint8_t b : slot.bytes) {
        if (b != kSentinel) {
          Finding(std::string("output written on ") +
                  argmin_status_name(status));
        }
      }
    }
    argmin_force_target(nullptr);
    return 0;
  }

  // Success. Outputs with no elements say nothing more.
  int64_t out_count = 1;
  for (int i = 0; i < right_ndim; ++i) {
    out_count = SaturatingProduct(out_count, right_shape[i]);
  }
  for (int i = 0; i < right_ndim; ++i) out_count *= right_shape[i] != 0;
  if (out_count == 0) {
    argmin_force_target(nullptr);
    return 0;
  }
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
  step = 1;
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
  argmin_force_target(nullptr);
  return 0;
}
