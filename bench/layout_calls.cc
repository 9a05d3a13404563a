// Calls of ours over a tensor, as the layout and pair benchmarks time them:
// the tensor and options of a layout, the outputs a call writes, and the
// check of every output against the oracle.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "argmin/argmin.h"
#include "bench/argmin_bench.h"
#include "kernels/oracle.h"

namespace argmin_bench {
namespace {

// Returns a compact CPU tensor of `dtype` over `data` with `ndim` extents
// `shape`.
DLTensor OutputTensor(void* data, DLDataType dtype, int32_t ndim,
                      int64_t* shape) {
  DLTensor t{};
  t.data = data;
  t.device = {kDLCPU, 0};
  t.ndim = ndim;
  t.dtype = dtype;
  t.shape = shape;
  return t;
}

// Returns the offset, in elements from in.data, of element `k` of the slice
// that output element `position` (row-major) reduces; with axis none, of
// element `k` of the whole tensor in row-major order.
int64_t ElementOffset(const DLTensor& in, const argmin_options& options,
                      int64_t position, int64_t k) {
  const int64_t axis =
      options.has_axis == 0
          ? -1
          : (options.axis < 0 ? options.axis + in.ndim : options.axis);
  int64_t offset = 0;
  int64_t compact_stride = 1;
  for (int d = in.ndim - 1; d >= 0; --d) {
    const int64_t extent = in.shape[d];
    int64_t coordinate;
    if (axis < 0) {
      coordinate = k % extent;
      k /= extent;
    } else if (d == axis) {
      coordinate = k;
    } else {
      coordinate = position % extent;
      position /= extent;
    }
    offset += coordinate * (in.strides ? in.strides[d] : compact_stride);
    compact_stride *= extent;
  }
  return offset;
}

}  // namespace

DLTensor LayoutTensor(const LayoutCase& c, void* data) {
  DLTensor t{};
  t.data = data;
  t.device = {kDLCPU, 0};
  t.ndim = static_cast<int32_t>(c.shape.size());
  t.dtype = LayoutDType(c).dtype;
  t.shape = const_cast<int64_t*>(c.shape.data());
  t.strides =
      c.strides.empty() ? nullptr : const_cast<int64_t*>(c.strides.data());
  return t;
}

argmin_options LayoutOptions(const LayoutCase& c, int threads) {
  argmin_options o = argmin_default_options();
  o.has_axis = c.axis >= 0;
  o.axis = std::max(c.axis, 0);
  o.num_threads = threads;
  return o;
}

void SetUpCall(const DLTensor& in, const argmin_options& options, argmin_op op,
               bool with_values, LayoutCall* call) {
  call->in = in;
  call->options = options;
  call->op = op;
  call->via_compute = false;
  int32_t out_ndim = 0;
  argmin_output_shape(&call->in, &call->options, &out_ndim, call->out_shape);
  int64_t out_count = 1;
  for (int i = 0; i < out_ndim; ++i) out_count *= call->out_shape[i];
  call->outputs = argmin_outputs{};
  for (int dir = 0; dir < 2; ++dir) {
    call->indices[dir].clear();
    call->values[dir].clear();
    const bool made =
        op == ARGMIN_OP_MINMAX || (op == ARGMIN_OP_MAX) == (dir == 1);
    if (!made) continue;
    call->indices[dir].assign(static_cast<size_t>(out_count), -1);
    call->index_out[dir] =
        OutputTensor(call->indices[dir].data(), DLDataType{kDLInt, 64, 1},
                     out_ndim, call->out_shape);
    (dir == 0 ? call->outputs.min_indices : call->outputs.max_indices) =
        &call->index_out[dir];
    if (!with_values) continue;
    call->values[dir].assign(static_cast<size_t>(out_count), 0.0f);
    call->value_out[dir] =
        OutputTensor(call->values[dir].data(), DLDataType{kDLFloat, 32, 1},
                     out_ndim, call->out_shape);
    (dir == 0 ? call->outputs.min_values : call->outputs.max_values) =
        &call->value_out[dir];
  }
}

std::string CheckCall(LayoutCall* call) {
  const argmin_status got = RunCall(call);
  for (int dir = 0; dir < 2; ++dir) {
    if (call->indices[dir].empty()) continue;  // not made by this op
    const std::string what = dir == 0 ? "ours" : "ours (argmax)";
    argmin_status want = ARGMIN_OK;
    const std::vector<int64_t> expected =
        argmin::oracle::Arg(call->in, call->options, dir == 1, &want);
    if (got != want) {
      return what + " returned " + argmin_status_name(got) +
             " but the oracle " + argmin_status_name(want);
    }
    if (expected != call->indices[dir]) {
      return what + " disagrees with the oracle";
    }
    const float* data = static_cast<const float*>(call->in.data);
    for (size_t o = 0; o < call->values[dir].size(); ++o) {
      const float* element =
          data + ElementOffset(call->in, call->options, static_cast<int64_t>(o),
                               expected[o]);
      if (std::memcmp(element, &call->values[dir][o], sizeof(float)) != 0) {
        return what + ": a value is not the element at its index";
      }
    }
  }
  return std::string();
}

}  // namespace argmin_bench
