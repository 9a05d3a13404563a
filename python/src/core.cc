// argmin._core: the Python extension module, over the C ABI in
// include/argmin/argmin.h. It reads inputs in place through nanobind's ndarray
// (DLPack or the buffer protocol), parses the options, calls the library and
// returns numpy results; the package's __init__.py wraps its functions and
// supplies the numpy objects, the error classes and the conversions of rare
// inputs (_connect).
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>

#include "argmin/argmin.h"
#include "argmin/argmin.hpp"  // the C++ types of the dtype list
#include "argmin/vocabulary.h"

namespace nb = nanobind;

namespace {

// Inputs of at least this many elements are reduced with the GIL released,
// so that other Python threads run meanwhile; below it, releasing and taking
// back the GIL would cost a noticeable share of the call.
constexpr int64_t kReleaseGilElements = int64_t{1} << 15;

// The Python objects the module calls, set by _connect. The last set is never
// freed: the interpreter may still run argmin while it shuts down.
struct PythonSide {
  nb::object numpy_empty;  // numpy.empty
  nb::object numpy_dtype;  // numpy.dtype
  // 0-d int64 and int32 arrays, and their elements: a numpy scalar is made
  // by writing the element and indexing the array with (), several times
  // cheaper than calling numpy.int64(value).
  nb::object int64_slot;
  nb::object int32_slot;
  int64_t* int64_element;
  int32_t* int32_element;
  nb::object empty_tuple;
  nb::object int64_dtype;   // numpy.dtype("int64")
  nb::object int32_dtype;   // numpy.dtype("int32")
  nb::handle ndarray_type;  // numpy.ndarray
  nb::object masked_type;   // numpy.ma.MaskedArray
  nb::object make_error;    // (status, name, message, detail, axis, ndim)
  nb::object as_array;      // (x) -> (numpy array, is bfloat16)
};
PythonSide* g_python = nullptr;

// Returns the objects _connect set; ImportError before it ran.
const PythonSide& Python() {
  if (g_python == nullptr) {
    throw nb::import_error("argmin._core is used through the argmin package");
  }
  return *g_python;
}

// Raises the Python exception that is current (set by a C API call).
[[noreturn]] void RaiseCurrent() { throw nb::python_error(); }

// Raises `type` with a message formatted by PyErr_Format.
template <typename... Args>
[[noreturn]] void Raise(PyObject* type, const char* format, Args... args) {
  PyErr_Format(type, format, args...);
  RaiseCurrent();
}

// Raises the package's exception for a failed library call; `axis` is the
// caller's axis argument and `ndim` the input's rank, for the message.
[[noreturn]] void RaiseStatus(argmin_status status, nb::handle axis,
                              int64_t ndim) {
  nb::object error = Python().make_error(
      static_cast<int>(status), argmin_status_name(status),
      argmin_status_message(status), argmin_last_error(), axis, ndim);
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error.ptr())),
                  error.ptr());
  RaiseCurrent();
}

// Returns operator.index(value) as an int64, with `overflow` set (and the
// value clamped) where it does not fit; raises TypeError naming `what` for a
// non-integer.
int64_t IndexArgument(nb::handle value, const char* what, bool* overflow) {
  nb::object index = nb::steal(PyNumber_Index(value.ptr()));
  if (!index.is_valid()) {
    if (!PyErr_ExceptionMatches(PyExc_TypeError)) RaiseCurrent();
    PyErr_Clear();
    Raise(PyExc_TypeError, "%s must be an integer, not %s", what,
          Py_TYPE(value.ptr())->tp_name);
  }
  int sign = 0;
  const long long result = PyLong_AsLongLongAndOverflow(index.ptr(), &sign);
  if (result == -1 && PyErr_Occurred()) RaiseCurrent();
  *overflow = sign != 0;
  if (sign > 0) return std::numeric_limits<int64_t>::max();
  if (sign < 0) return std::numeric_limits<int64_t>::min();
  return result;
}

// Returns whether the str `value` is `text`, all of it (a NUL inside `value`
// makes it differ).
bool StrEquals(nb::handle value, const char* text) {
  Py_ssize_t size = 0;
  const char* utf8 = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
  if (utf8 == nullptr) RaiseCurrent();
  return static_cast<size_t>(size) == std::strlen(text) &&
         std::memcmp(utf8, text, static_cast<size_t>(size)) == 0;
}

// Returns the position of the str `value` in `names`; raises TypeError for a
// non-str and ValueError for another string, naming the argument `what`.
template <size_t kCount>
int32_t PolicyArgument(nb::handle value, const char* what,
                       const char* const (&names)[kCount]) {
  if (!PyUnicode_Check(value.ptr())) {
    Raise(PyExc_TypeError, "%s must be a str, not %s", what,
          Py_TYPE(value.ptr())->tp_name);
  }
  std::string choices;
  for (size_t i = 0; i < kCount; ++i) {
    if (StrEquals(value, names[i])) return static_cast<int32_t>(i);
    choices += std::string(i ? ", '" : "'") + names[i] + "'";
  }
  Raise(PyExc_ValueError, "%s must be one of %s, not %R", what, choices.c_str(),
        value.ptr());
}

// Returns whether `value` ("int64", "int32", or anything numpy.dtype takes
// for them) asks for int32 indices; ValueError for any other.
bool Int32IndexArgument(nb::handle value) {
  if (PyUnicode_Check(value.ptr())) {
    if (StrEquals(value, "int64")) return false;
    if (StrEquals(value, "int32")) return true;
  }
  const PythonSide& py = Python();
  nb::object dtype =
      nb::steal(PyObject_CallOneArg(py.numpy_dtype.ptr(), value.ptr()));
  if (dtype.is_valid()) {
    if (dtype.equal(py.int64_dtype)) return false;
    if (dtype.equal(py.int32_dtype)) return true;
  } else if (PyErr_ExceptionMatches(PyExc_TypeError)) {
    PyErr_Clear();
  } else {
    RaiseCurrent();
  }
  Raise(PyExc_ValueError, "index_dtype must be 'int64' or 'int32', not %R",
        value.ptr());
}

// The validated arguments of one argmin call.
struct Call {
  argmin_options options;
  bool int32_indices;
  nb::handle axis;  // as given, for messages
};

// Returns the call for the Python arguments, checked in the order the
// signature lists them; a null `nan` means "ignore" (nanargmin). `grouped`
// (segmented and grouped calls) also takes nan "ignore_partial".
Call ParseCall(nb::handle axis, nb::handle keepdims, nb::handle nan,
               nb::handle ties, nb::handle index_dtype, nb::handle threads,
               bool grouped = false) {
  static const char* const kNanPolicies[2] = {"propagate", "ignore"};
  static const char* const kGroupedNanPolicies[3] = {"propagate", "ignore",
                                                     "ignore_partial"};
  static const char* const kTies[2] = {"first", "last"};
  Call call;
  call.options = argmin_default_options();
  call.axis = axis;
  if (!axis.is_none()) {
    bool overflow = false;
    // An axis beyond int64 is out of range for any rank: the library then
    // reports it as such.
    call.options.axis = IndexArgument(axis, "axis", &overflow);
    call.options.has_axis = 1;
  }
  const int truth = PyObject_IsTrue(keepdims.ptr());
  if (truth < 0) RaiseCurrent();
  call.options.keepdims = truth;
  call.options.nan_policy =
      !nan.is_valid() ? ARGMIN_NAN_IGNORE
      : grouped       ? PolicyArgument(nan, "nan", kGroupedNanPolicies)
                      : PolicyArgument(nan, "nan", kNanPolicies);
  call.options.tie_policy = PolicyArgument(ties, "ties", kTies);
  call.int32_indices = Int32IndexArgument(index_dtype);
  bool overflow = false;
  const int64_t count = IndexArgument(threads, "threads", &overflow);
  if (overflow || count < 0 || count > std::numeric_limits<int32_t>::max()) {
    Raise(PyExc_ValueError,
          "threads must be in [0, 2**31) (0: OpenMP's default), not %R",
          threads.ptr());
  }
  call.options.num_threads = static_cast<int32_t>(count);
  return call;
}

// Returns the number of elements of `t`, saturated at INT64_MAX; -1 if an
// extent is negative.
int64_t ElementCount(const DLTensor& t) {
  int64_t n = 1;
  bool zero = false, overflow = false;
  for (int32_t i = 0; i < t.ndim; ++i) {
    if (t.shape[i] < 0) return -1;
    zero = zero || t.shape[i] == 0;
    overflow = overflow || __builtin_mul_overflow(n, t.shape[i], &n);
  }
  if (zero) return 0;
  return overflow ? std::numeric_limits<int64_t>::max() : n;
}

using InputArray = nb::ndarray<nb::ro>;

// An input as the library reads it, and what keeps its memory alive.
struct Input {
  InputArray array;
  nb::object converted;  // the package's conversion of x, when there is one
  DLTensor tensor;
  int64_t elements;  // ElementCount(tensor)
};

// Returns whether `x` is one of the inputs nanobind would read wrongly:
// masked arrays (whose mask it would ignore) and bytes (numpy reads them as
// one string, not as bytes).
bool NeedsConversion(nb::handle x, const PythonSide& py) {
  PyTypeObject* type = Py_TYPE(x.ptr());
  if (reinterpret_cast<PyObject*>(type) == py.ndarray_type.ptr()) return false;
  return PyBytes_Check(x.ptr()) ||
         PyObject_TypeCheck(
             x.ptr(), reinterpret_cast<PyTypeObject*>(py.masked_type.ptr()));
}

// Reads `x` in place when nanobind can (numpy arrays and scalars through
// DLPack or the buffer protocol, any __dlpack__ producer), else through the
// package's conversion (numpy.asarray, a uint16 view of ml_dtypes.bfloat16,
// a copy of arrays in another byte order or with strides that are not a
// whole number of elements), which raises TypeError for unsupported types.
void ImportInput(nb::handle x, Input* input) {
  const PythonSide& py = Python();
  bool bfloat16 = false;
  if (NeedsConversion(x, py) || !nb::try_cast(x, input->array, false)) {
    nb::tuple converted = nb::cast<nb::tuple>(py.as_array(x));
    input->converted = converted[0];
    bfloat16 = nb::cast<bool>(converted[1]);
    if (!nb::try_cast(input->converted, input->array, false)) {
      Raise(PyExc_TypeError, "argmin cannot read %R", input->converted.ptr());
    }
  }
  const InputArray& a = input->array;
  DLTensor& t = input->tensor;
  t.data = const_cast<void*>(a.data());
  t.device = {static_cast<DLDeviceType>(a.device_type()), a.device_id()};
  t.ndim = static_cast<int32_t>(a.ndim());
  t.dtype = {a.dtype().code, a.dtype().bits, a.dtype().lanes};
  if (bfloat16) t.dtype = {kDLBfloat, 16, 1};
  t.shape = const_cast<int64_t*>(a.shape_ptr());
  t.strides = const_cast<int64_t*>(a.stride_ptr());
  t.byte_offset = 0;
  input->elements = ElementCount(t);
}

// Returns whether `t`'s elements lie back to back in row-major order.
bool IsCompact(const DLTensor& t) {
  if (t.strides == nullptr) return true;
  int64_t step = 1;
  for (int32_t i = t.ndim - 1; i >= 0; --i) {
    if (t.shape[i] != 1 && t.strides[i] != step) return false;
    step *= t.shape[i];
  }
  return true;
}

// Returns what the library call `run` returns, run without the GIL when the
// input has `elements` >= kReleaseGilElements.
template <class Run>
argmin_status WithoutGilIfLarge(int64_t elements, const Run& run) {
  if (elements < kReleaseGilElements) return run();
  nb::gil_scoped_release release;
  return run();
}

// Returns the DLPack dtype of the index output.
DLDataType IndexDType(bool int32_indices) {
  return {kDLInt, static_cast<uint8_t>(int32_indices ? 32 : 64), 1};
}

// Returns numpy's int64 or int32 scalar for `index`.
nb::object IndexScalar(int64_t index, bool int32_indices) {
  const PythonSide& py = Python();
  if (int32_indices) {
    *py.int32_element = static_cast<int32_t>(index);
  } else {
    *py.int64_element = index;
  }
  nb::object scalar = nb::steal(
      PyObject_GetItem((int32_indices ? py.int32_slot : py.int64_slot).ptr(),
                       py.empty_tuple.ptr()));
  if (!scalar.is_valid()) RaiseCurrent();
  return scalar;
}

// Returns the outputs of `op` with index output `out` (and no values).
argmin_outputs IndexOutputs(argmin_op op, DLTensor* out) {
  argmin_outputs outputs = {nullptr, nullptr, nullptr, nullptr};
  (op == ARGMIN_OP_MAX ? outputs.max_indices : outputs.min_indices) = out;
  return outputs;
}

// Reduces an input whose answer is one index (axis none, or the only axis
// without keepdims) with `op` (argmin or argmax); a numpy scalar.
nb::object ReduceToScalar(const Input& input, const Call& call, argmin_op op) {
  const DLTensor& t = input.tensor;
  const int64_t elements = input.elements;
  const argmin_options& o = call.options;
  int64_t index = 0;
  argmin_status status;
  // The library's cheaper entry point for data back to back, where it gives
  // what argmin_reduce would: an index that fits, and a shape that the
  // general call would not refuse (the other cases go there for its error).
  // argmin_reduce's checks and layout planning would add about a quarter to
  // a small call's time (bench/call_overhead.py, n=16).
  const bool whole_axis = !o.has_axis || o.axis == 0 || o.axis == -1;
  if (whole_axis && t.device.device_type == kDLCPU && elements > 0 &&
      t.ndim <= ARGMIN_MAX_NDIM && IsCompact(t) &&
      (!call.int32_indices || elements <= int64_t{1} << 31)) {
    status = WithoutGilIfLarge(elements, [&] {
      return argmin_contiguous_reduce(t.data, t.dtype, elements, op, &o, &index,
                                      &index);
    });
  } else {
    int32_t index32 = 0;
    DLTensor out = {};
    out.data = call.int32_indices ? static_cast<void*>(&index32) : &index;
    out.device = {kDLCPU, 0};
    out.dtype = IndexDType(call.int32_indices);
    const argmin_outputs outputs = IndexOutputs(op, &out);
    status = WithoutGilIfLarge(
        elements, [&] { return argmin_reduce(&t, op, &o, &outputs); });
    if (call.int32_indices) index = index32;
  }
  if (status != ARGMIN_OK) RaiseStatus(status, call.axis, t.ndim);
  return IndexScalar(index, call.int32_indices);
}

// The numpy dtype name of values of DLPack dtype `t` (bfloat16 as its uint16
// bits, which the package views as ml_dtypes.bfloat16).
const char* NumpyName(DLDataType t) {
  if (t.code == kDLBfloat) return "uint16";
#define ARGMIN_NUMPY_NAME(Name, code_, bits_, type, name) \
  if (t.code == (code_) && t.bits == (bits_)) return name;
  ARGMIN_FOREACH_DTYPE(ARGMIN_NUMPY_NAME)
#undef ARGMIN_NUMPY_NAME
  return "bool";  // unreachable: the library took the dtype
}

// A new numpy array of shape out_shape[0, ndim) and `dtype`, and its data.
struct NewArray {
  nb::object array;
  DLTensor tensor;
};

// Returns a new numpy array of `ndim` extents `shape` and numpy dtype
// `dtype`, with a DLTensor over its data of DLPack dtype `dl`.
NewArray MakeArray(int32_t ndim, int64_t* shape, nb::handle dtype,
                   DLDataType dl) {
  const PythonSide& py = Python();
  nb::object extents = nb::steal(PyTuple_New(ndim));
  if (!extents.is_valid()) RaiseCurrent();
  for (int32_t i = 0; i < ndim; ++i) {
    PyObject* extent = PyLong_FromLongLong(shape[i]);
    if (extent == nullptr) RaiseCurrent();
    PyTuple_SET_ITEM(extents.ptr(), i, extent);
  }
  NewArray result;
  result.array = py.numpy_empty(extents, dtype);
  Py_buffer view;
  if (PyObject_GetBuffer(result.array.ptr(), &view, PyBUF_WRITABLE) != 0) {
    RaiseCurrent();
  }
  // numpy keeps the memory of an array it made itself in place.
  result.tensor = {};
  result.tensor.data = view.buf;
  PyBuffer_Release(&view);
  result.tensor.device = {kDLCPU, 0};
  result.tensor.ndim = ndim;
  result.tensor.dtype = dl;
  result.tensor.shape = shape;
  return result;
}

// Reduces an input with `op` into new numpy arrays: the index arrays of its
// orders (min first) and, with `values`, each one's values after it.
nb::tuple ReduceToArrays(const Input& input, const Call& call, argmin_op op,
                         bool values) {
  const PythonSide& py = Python();
  int32_t out_ndim = 0;
  int64_t out_shape[ARGMIN_MAX_NDIM];
  argmin_status status =
      argmin_output_shape(&input.tensor, &call.options, &out_ndim, out_shape);
  argmin_outputs outputs = {nullptr, nullptr, nullptr, nullptr};
  if (status != ARGMIN_OK) {
    // The op's own call fails the same check first, with a message that
    // names the op rather than argmin_output_shape.
    status = argmin_reduce(&input.tensor, op, &call.options, &outputs);
    RaiseStatus(status, call.axis, input.tensor.ndim);
  }
  DLTensor** index_slot[2] = {&outputs.min_indices, &outputs.max_indices};
  DLTensor** value_slot[2] = {&outputs.min_values, &outputs.max_values};
  NewArray arrays[4];
  int count = 0;
  for (int e = 0; e < 2; ++e) {
    if ((e == 0 && op == ARGMIN_OP_MAX) || (e == 1 && op == ARGMIN_OP_MIN)) {
      continue;
    }
    NewArray& indices = arrays[count++];
    indices = MakeArray(out_ndim, out_shape,
                        call.int32_indices ? py.int32_dtype : py.int64_dtype,
                        IndexDType(call.int32_indices));
    *index_slot[e] = &indices.tensor;
    if (values) {
      NewArray& v = arrays[count++];
      v = MakeArray(out_ndim, out_shape,
                    py.numpy_dtype(NumpyName(input.tensor.dtype)),
                    input.tensor.dtype);
      *value_slot[e] = &v.tensor;
    }
  }
  status = WithoutGilIfLarge(input.elements, [&] {
    return argmin_reduce(&input.tensor, op, &call.options, &outputs);
  });
  if (status != ARGMIN_OK) RaiseStatus(status, call.axis, input.tensor.ndim);
  nb::tuple result = nb::steal<nb::tuple>(PyTuple_New(count));
  for (int i = 0; i < count; ++i) {
    PyTuple_SET_ITEM(result.ptr(), i, arrays[i].array.release().ptr());
  }
  return result;
}

// The body of argmin, argmax (`op`) and their nan-variants (a null `nan`).
nb::object ArgReduce(argmin_op op, nb::handle x, nb::handle axis,
                     nb::handle keepdims, nb::handle nan, nb::handle ties,
                     nb::handle index_dtype, nb::handle threads) {
  const Call call = ParseCall(axis, keepdims, nan, ties, index_dtype, threads);
  Input input;
  ImportInput(x, &input);
  const int32_t ndim = input.tensor.ndim;
  const bool one_index =
      call.options.keepdims ? ndim == 0 : !call.options.has_axis || ndim <= 1;
  if (one_index) return ReduceToScalar(input, call, op);
  return ReduceToArrays(input, call, op, false)[0];
}

// argmin (kOp ARGMIN_OP_MIN) or argmax (ARGMIN_OP_MAX) with every argument
// given.
template <argmin_op kOp>
nb::object Arg(nb::handle x, nb::handle axis, nb::handle keepdims,
               nb::handle nan, nb::handle ties, nb::handle index_dtype,
               nb::handle threads) {
  return ArgReduce(kOp, x, axis, keepdims, nan, ties, index_dtype, threads);
}

// nanargmin (kOp ARGMIN_OP_MIN) or nanargmax (ARGMIN_OP_MAX): NaNs ignored.
template <argmin_op kOp>
nb::object NanArg(nb::handle x, nb::handle axis, nb::handle keepdims,
                  nb::handle ties, nb::handle index_dtype, nb::handle threads) {
  return ArgReduce(kOp, x, axis, keepdims, nb::handle(), ties, index_dtype,
                   threads);
}

// Returns `op` as an argmin_op; ValueError if the library has no such op.
argmin_op OpArgument(int op) {
  if (op != ARGMIN_OP_MIN && op != ARGMIN_OP_MAX && op != ARGMIN_OP_MINMAX) {
    Raise(PyExc_ValueError, "op must be 0 (min), 1 (max) or 2 (both), not %d",
          op);
  }
  return static_cast<argmin_op>(op);
}

// Returns the arrays of op `op` (OP_MIN, OP_MAX or OP_MINMAX) as
// ReduceToArrays makes them: each order's indices, followed by its values
// where `values` is true. 0-d results stay 0-d arrays; the package makes
// them scalars.
nb::tuple Extremes(int op, bool values, nb::handle x, nb::handle axis,
                   nb::handle keepdims, nb::handle nan, nb::handle ties,
                   nb::handle index_dtype, nb::handle threads) {
  const Call call = ParseCall(axis, keepdims, nan, ties, index_dtype, threads);
  Input input;
  ImportInput(x, &input);
  return ReduceToArrays(input, call, OpArgument(op), values);
}

// Returns the group options for the Python arguments `empty` (-1, or
// "extent": the axis' extent, as torch_scatter gives it) and
// `within_segment` (a truth value; segments only).
argmin_group_options ParseGroupOptions(nb::handle empty,
                                       nb::handle within_segment) {
  argmin_group_options g = {ARGMIN_EMPTY_MINUS_ONE, ARGMIN_INDEX_ALONG_AXIS};
  bool minus_one = false;
  if (PyUnicode_Check(empty.ptr())) {
    if (StrEquals(empty, "extent")) g.empty_policy = ARGMIN_EMPTY_EXTENT;
  } else if (!PyBool_Check(empty.ptr()) && PyIndex_Check(empty.ptr())) {
    bool overflow = false;
    minus_one = IndexArgument(empty, "empty", &overflow) == -1 && !overflow;
  }
  if (g.empty_policy != ARGMIN_EMPTY_EXTENT && !minus_one) {
    Raise(PyExc_ValueError, "empty must be -1 or 'extent', not %R",
          empty.ptr());
  }
  if (within_segment.is_valid()) {
    const int truth = PyObject_IsTrue(within_segment.ptr());
    if (truth < 0) RaiseCurrent();
    if (truth) g.index_origin = ARGMIN_INDEX_IN_SEGMENT;
  }
  return g;
}

// Reduces an input per segment (offsets `slots`, num_groups < 0) or per
// group (keys `slots`, num_groups groups) with `op`, into new numpy arrays
// as ReduceToArrays makes them: the index arrays of its orders (min first)
// and, with `values`, each one's values after it, all of the input's shape
// with the axis' extent replaced by the number of segments or groups.
nb::tuple GroupedToArrays(const Input& input, const Input& slots,
                          int64_t num_groups, const Call& call,
                          const argmin_group_options& group_options,
                          argmin_op op, bool values) {
  const PythonSide& py = Python();
  const bool grouped = num_groups >= 0;
  const DLTensor& t = input.tensor;
  const auto run = [&](const argmin_outputs* outputs) {
    return grouped ? argmin_group_reduce(&t, &slots.tensor, num_groups, op,
                                         &call.options, &group_options, outputs)
                   : argmin_segment_reduce(&t, &slots.tensor, op, &call.options,
                                           &group_options, outputs);
  };
  // The outputs' shape, where the binding can tell it; otherwise the
  // library's call without outputs reports what is wrong (no axis or a bad
  // one, a 0-d input, offsets that are not a 1-D list of S + 1 >= 1), as its
  // checks of the input, options and offsets come before the outputs'.
  const int64_t axis = call.options.axis;
  const bool shape_known =
      call.options.has_axis && t.ndim >= 1 && t.ndim <= ARGMIN_MAX_NDIM &&
      axis >= -t.ndim && axis < t.ndim &&
      (grouped || (slots.tensor.ndim == 1 && slots.tensor.shape[0] >= 1));
  argmin_outputs outputs = {nullptr, nullptr, nullptr, nullptr};
  if (!shape_known) {
    const argmin_status status = run(&outputs);
    RaiseStatus(status == ARGMIN_OK ? ARGMIN_ERROR_BAD_OUTPUT : status,
                call.axis, t.ndim);
  }
  int64_t out_shape[ARGMIN_MAX_NDIM];
  for (int32_t i = 0; i < t.ndim; ++i) out_shape[i] = t.shape[i];
  out_shape[axis < 0 ? axis + t.ndim : axis] =
      grouped ? num_groups : slots.tensor.shape[0] - 1;
  DLTensor** index_slot[2] = {&outputs.min_indices, &outputs.max_indices};
  DLTensor** value_slot[2] = {&outputs.min_values, &outputs.max_values};
  NewArray arrays[4];
  int count = 0;
  for (int e = 0; e < 2; ++e) {
    if ((e == 0 && op == ARGMIN_OP_MAX) || (e == 1 && op == ARGMIN_OP_MIN)) {
      continue;
    }
    NewArray& indices = arrays[count++];
    indices = MakeArray(t.ndim, out_shape,
                        call.int32_indices ? py.int32_dtype : py.int64_dtype,
                        IndexDType(call.int32_indices));
    *index_slot[e] = &indices.tensor;
    if (values) {
      NewArray& v = arrays[count++];
      v = MakeArray(t.ndim, out_shape, py.numpy_dtype(NumpyName(t.dtype)),
                    t.dtype);
      *value_slot[e] = &v.tensor;
    }
  }
  const argmin_status status =
      WithoutGilIfLarge(input.elements, [&] { return run(&outputs); });
  if (status != ARGMIN_OK) RaiseStatus(status, call.axis, t.ndim);
  nb::tuple result = nb::steal<nb::tuple>(PyTuple_New(count));
  for (int i = 0; i < count; ++i) {
    PyTuple_SET_ITEM(result.ptr(), i, arrays[i].array.release().ptr());
  }
  return result;
}

// The arrays of argmin.segment_reduce: op OP_MIN, OP_MAX or OP_MINMAX per
// segment of `x` along `axis`, segment s being [offsets[s], offsets[s + 1]).
nb::tuple SegmentReduce(int op, bool values, nb::handle x, nb::handle offsets,
                        nb::handle axis, nb::handle nan, nb::handle ties,
                        nb::handle index_dtype, nb::handle empty,
                        nb::handle within_segment, nb::handle threads) {
  const Call call =
      ParseCall(axis, nb::bool_(false), nan, ties, index_dtype, threads, true);
  const argmin_group_options group_options =
      ParseGroupOptions(empty, within_segment);
  const argmin_op checked_op = OpArgument(op);
  Input input, slots;
  ImportInput(x, &input);
  ImportInput(offsets, &slots);
  return GroupedToArrays(input, slots, -1, call, group_options, checked_op,
                         values);
}

// The arrays of argmin.group_reduce: op OP_MIN, OP_MAX or OP_MINMAX per group
// of `x` along `axis`, position i belonging to group keys[i].
nb::tuple GroupReduce(int op, bool values, nb::handle x, nb::handle keys,
                      nb::handle num_groups, nb::handle axis, nb::handle nan,
                      nb::handle ties, nb::handle index_dtype, nb::handle empty,
                      nb::handle threads) {
  bool overflow = false;
  const int64_t groups = IndexArgument(num_groups, "num_groups", &overflow);
  if (overflow) {
    Raise(PyExc_ValueError, "num_groups must be in [0, 2**63), not %R",
          num_groups.ptr());
  }
  const Call call =
      ParseCall(axis, nb::bool_(false), nan, ties, index_dtype, threads, true);
  const argmin_group_options group_options =
      ParseGroupOptions(empty, nb::handle());
  const argmin_op checked_op = OpArgument(op);
  Input input, slots;
  ImportInput(x, &input);
  ImportInput(keys, &slots);
  if (groups < 0) {
    // The library's own check and message.
    const argmin_outputs none = {nullptr, nullptr, nullptr, nullptr};
    RaiseStatus(
        argmin_group_reduce(&input.tensor, &slots.tensor, groups, checked_op,
                            &call.options, &group_options, &none),
        call.axis, input.tensor.ndim);
  }
  return GroupedToArrays(input, slots, groups, call, group_options, checked_op,
                         values);
}

// Restricts dispatch to the target `name` (None: the best one).
void ForceTarget(nb::handle name) {
  const char* text = nullptr;
  if (!name.is_none()) {
    if (!PyUnicode_Check(name.ptr())) {
      Raise(PyExc_TypeError, "name must be a str or None, not %s",
            Py_TYPE(name.ptr())->tp_name);
    }
    Py_ssize_t size = 0;
    text = PyUnicode_AsUTF8AndSize(name.ptr(), &size);
    if (text == nullptr) RaiseCurrent();
    if (std::strlen(text) != static_cast<size_t>(size)) {
      RaiseStatus(ARGMIN_ERROR_UNKNOWN_TARGET, nb::none(), 0);
    }
  }
  const argmin_status status = argmin_force_target(text);
  if (status != ARGMIN_OK) RaiseStatus(status, nb::none(), 0);
}

// Sets the library's least number of elements per thread.
void SetParallelGrain(nb::handle elements) {
  bool overflow = false;
  const int64_t grain = IndexArgument(elements, "elements", &overflow);
  if (overflow || grain < 0) {
    Raise(PyExc_ValueError, "elements must be in [0, 2**63), not %R",
          elements.ptr());
  }
  const argmin_status status = argmin_set_parallel_grain(grain);
  if (status != ARGMIN_OK) RaiseStatus(status, nb::none(), 0);
}

// Returns (data address, DLPack dtype code, bits, shape, element strides) of
// what argmin would read for `x`: for the tests that check that views are
// read in place.
nb::tuple InputView(nb::handle x) {
  Input input;
  ImportInput(x, &input);
  const DLTensor& t = input.tensor;
  nb::list shape, strides;
  for (int32_t i = 0; i < t.ndim; ++i) {
    shape.append(t.shape[i]);
    strides.append(t.strides[i]);
  }
  return nb::make_tuple(reinterpret_cast<uintptr_t>(t.data), t.dtype.code,
                        t.dtype.bits, nb::tuple(shape), nb::tuple(strides));
}

// Returns a new 0-d numpy array of `dtype` (a PythonSide slot) and, in
// *element, the address of its element, which stays where it is.
nb::object ScalarSlot(const PythonSide& py, nb::handle dtype, void** element) {
  nb::object slot = py.numpy_empty(nb::tuple(), dtype);
  Py_buffer view;
  if (PyObject_GetBuffer(slot.ptr(), &view, PyBUF_WRITABLE) != 0) {
    RaiseCurrent();
  }
  *element = view.buf;
  PyBuffer_Release(&view);
  return slot;
}

// Stores numpy's objects and the package's functions for the calls to use.
void Connect(nb::module_ numpy, nb::object make_error, nb::object as_array) {
  auto py = std::make_unique<PythonSide>();
  py->numpy_empty = numpy.attr("empty");
  py->numpy_dtype = numpy.attr("dtype");
  py->empty_tuple = nb::tuple();
  py->int64_dtype = py->numpy_dtype("int64");
  py->int32_dtype = py->numpy_dtype("int32");
  void* element = nullptr;
  py->int64_slot = ScalarSlot(*py, py->int64_dtype, &element);
  py->int64_element = static_cast<int64_t*>(element);
  py->int32_slot = ScalarSlot(*py, py->int32_dtype, &element);
  py->int32_element = static_cast<int32_t*>(element);
  py->ndarray_type = nb::object(numpy.attr("ndarray")).release();
  py->masked_type = numpy.attr("ma").attr("MaskedArray");
  py->make_error = make_error;
  py->as_array = as_array;
  delete g_python;
  g_python = py.release();
}

// Registers `fn` as the module's `name`: argmin, argmax, or their
// nan-variants, which take no nan argument; every argument positional.
template <typename... Params>
void DefArgReduce(nb::module_& m, const char* name,
                  nb::object (*fn)(Params...)) {
  constexpr bool kTakesNan = sizeof...(Params) == 7;
  const std::string signature =
      std::string("def ") + name +
      "(x: typing.Any, axis: typing.SupportsIndex | None, keepdims: bool, " +
      (kTakesNan ? "nan: str, " : "") +
      "ties: str, index_dtype: typing.Any, threads: typing.SupportsIndex) -> "
      "typing.Any";
  const std::string doc =
      std::string("argmin.") + name + ", with every argument given.";
  if constexpr (kTakesNan) {
    m.def(name, fn, nb::arg("x").none(), nb::arg("axis").none(),
          nb::arg("keepdims").none(), nb::arg("nan").none(),
          nb::arg("ties").none(), nb::arg("index_dtype").none(),
          nb::arg("threads").none(), nb::sig(signature.c_str()), doc.c_str());
  } else {
    m.def(name, fn, nb::arg("x").none(), nb::arg("axis").none(),
          nb::arg("keepdims").none(), nb::arg("ties").none(),
          nb::arg("index_dtype").none(), nb::arg("threads").none(),
          nb::sig(signature.c_str()), doc.c_str());
  }
}

}  // namespace

// The functions take every argument, positionally: argmin/__init__.py wraps
// them in the package's documented functions, whose signatures inspect and
// pickle see and which give the defaults.
NB_MODULE(_core, m) {
  m.doc() = "The compiled part of the argmin package; use it through argmin.";
  DefArgReduce(m, "argmin", &Arg<ARGMIN_OP_MIN>);
  DefArgReduce(m, "nanargmin", &NanArg<ARGMIN_OP_MIN>);
  DefArgReduce(m, "argmax", &Arg<ARGMIN_OP_MAX>);
  DefArgReduce(m, "nanargmax", &NanArg<ARGMIN_OP_MAX>);
  m.def("extremes", &Extremes, nb::arg("op"), nb::arg("values"),
        nb::arg("x").none(), nb::arg("axis").none(), nb::arg("keepdims").none(),
        nb::arg("nan").none(), nb::arg("ties").none(),
        nb::arg("index_dtype").none(), nb::arg("threads").none(),
        nb::sig("def extremes(op: int, values: bool, x: typing.Any, axis: "
                "typing.SupportsIndex | None, keepdims: bool, nan: str, ties: "
                "str, index_dtype: typing.Any, threads: typing.SupportsIndex) "
                "-> tuple"),
        "The index arrays of op OP_MIN, OP_MAX or OP_MINMAX (min's first), "
        "each followed by its values if `values`; every argument given.");
  m.def("segment_reduce", &SegmentReduce, nb::arg("op"), nb::arg("values"),
        nb::arg("x").none(), nb::arg("offsets").none(), nb::arg("axis").none(),
        nb::arg("nan").none(), nb::arg("ties").none(),
        nb::arg("index_dtype").none(), nb::arg("empty").none(),
        nb::arg("within_segment").none(), nb::arg("threads").none(),
        nb::sig("def segment_reduce(op: int, values: bool, x: typing.Any, "
                "offsets: typing.Any, axis: typing.SupportsIndex, nan: str, "
                "ties: str, index_dtype: typing.Any, empty: typing.Any, "
                "within_segment: bool, threads: typing.SupportsIndex) -> "
                "tuple"),
        "The index arrays of op OP_MIN, OP_MAX or OP_MINMAX per segment "
        "(min's first), each followed by its values if `values`; every "
        "argument given.");
  m.def("group_reduce", &GroupReduce, nb::arg("op"), nb::arg("values"),
        nb::arg("x").none(), nb::arg("keys").none(),
        nb::arg("num_groups").none(), nb::arg("axis").none(),
        nb::arg("nan").none(), nb::arg("ties").none(),
        nb::arg("index_dtype").none(), nb::arg("empty").none(),
        nb::arg("threads").none(),
        nb::sig("def group_reduce(op: int, values: bool, x: typing.Any, "
                "keys: typing.Any, num_groups: typing.SupportsIndex, axis: "
                "typing.SupportsIndex, nan: str, ties: str, index_dtype: "
                "typing.Any, empty: typing.Any, threads: "
                "typing.SupportsIndex) -> tuple"),
        "The index arrays of op OP_MIN, OP_MAX or OP_MINMAX per group (min's "
        "first), each followed by its values if `values`; every argument "
        "given.");
  // The C ABI's op codes, named once for the Python side.
  // The dtypes the library takes, by name (argmin/vocabulary.h's list).
  nb::list dtypes;
#define ARGMIN_DTYPE_NAME(Name, code, bits, type, name) dtypes.append(name);
  ARGMIN_FOREACH_DTYPE(ARGMIN_DTYPE_NAME)
#undef ARGMIN_DTYPE_NAME
  m.attr("DTYPES") = nb::tuple(dtypes);
  m.attr("OP_MIN") = static_cast<int>(ARGMIN_OP_MIN);
  m.attr("OP_MAX") = static_cast<int>(ARGMIN_OP_MAX);
  m.attr("OP_MINMAX") = static_cast<int>(ARGMIN_OP_MINMAX);
  m.def(
      "target_name", [] { return argmin_target_name(); },
      "argmin_target_name().");
  m.def(
      "target_error", [] { return argmin_target_error(); },
      "argmin_target_error().");
  m.def("force_target", &ForceTarget, nb::arg("name").none(),
        nb::sig("def force_target(name: str | None) -> None"),
        "argmin.force_target.");
  m.def("set_parallel_grain", &SetParallelGrain, nb::arg("elements").none(),
        nb::sig("def set_parallel_grain(elements: typing.SupportsIndex) -> "
                "None"),
        "argmin.set_parallel_grain.");
  m.def("_input_view", &InputView, nb::arg("x").none(),
        "Returns (data address, DLPack type code, bits, shape, element "
        "strides) of what argmin reads for x; for tests.");
  m.def("_connect", &Connect, nb::arg("numpy"), nb::arg("make_error"),
        nb::arg("as_array"),
        "Hands the module numpy and the package's error and conversion "
        "functions; argmin/__init__.py calls it once.");
}
