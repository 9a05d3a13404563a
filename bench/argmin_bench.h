// What the parts of the argmin_bench binary share: the test data (dtypes,
// sizes, patterns and the cache that holds each data set once), the
// implementations of the dtype matrix, the layouts and the calls of ours
// over them, and the groups each part registers for the summary tables.
// argmin_bench.cc (main) says what the binary measures and how to run it.
#ifndef ARGMIN_BENCH_ARGMIN_BENCH_H_
#define ARGMIN_BENCH_ARGMIN_BENCH_H_

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "argmin/argmin.h"
#include "kernels/keys.h"

namespace argmin_bench {

// ---------------------------------------------------------------------------
// The test data (test_data.cc): dtypes, sizes and patterns, each data set
// generated once.

// Data patterns; the NaN ones are registered for floating types only.
enum Pattern : int {
  kRandom,
  kDecreasing,
  kEqual,
  kNanNearEnd,  // one NaN at n - n/16
  kNanFirst,    // one NaN at index 0: the answer needs no more reading
  kNanLast,     // one NaN at index n - 1: found only after reading all
  kNumPatterns
};
constexpr const char* kPatternNames[kNumPatterns] = {
    "random", "decreasing", "equal", "nan_near_end", "nan_first", "nan_last"};

// Returns whether `pattern` plants a NaN.
constexpr bool HasNaN(Pattern pattern) {
  return pattern == kNanNearEnd || pattern == kNanFirst || pattern == kNanLast;
}

struct Size {
  size_t n;
  const char* name;
};
constexpr Size kSizes[] = {{size_t{1} << 12, "4Ki"},
                           {size_t{1} << 16, "64Ki"},
                           {size_t{1} << 20, "1Mi"},
                           {size_t{1} << 26, "64Mi"}};
constexpr size_t kDefaultSmallSize = size_t{1} << 16;

// One dtype: its name and DLPack type, and how to make and read its data.
struct DTypeRow {
  const char* name;
  DLDataType dtype;
  size_t element_size;
  bool is_float;
  void (*fill)(void*, size_t, Pattern);
  double (*sum)(const void*, size_t);  // the baseline Sum, as a double
};

// Every dtype the library supports, in the order of the library's one dtype
// list (ARGMIN_FOREACH_DTYPE), which the dtype matrix's loops follow too.
#define ARGMIN_BENCH_COUNT_DTYPE(...) +1
constexpr size_t kNumDTypes = 0 ARGMIN_FOREACH_DTYPE(ARGMIN_BENCH_COUNT_DTYPE);
#undef ARGMIN_BENCH_COUNT_DTYPE
extern const DTypeRow kDTypes[kNumDTypes];

// Returns float32's row in kDTypes: the pairs take their data from the data
// cache, shared with the dtype matrix's float32 random sets.
size_t Float32Row();

constexpr size_t kAlignment = 64;

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

// The one-off comparison of one of ours with the oracle.
struct Check {
  bool done = false;  // compared yet?
  std::string error;  // non-empty: ours failed or disagreed
};

struct DataEntry {
  std::unique_ptr<void, FreeDeleter> data;
  size_t bytes = 0;
  uint64_t last_use = 0;
  Check checks[2];  // [0]: argmin, [1]: argmax
};

// Returns the cached data of (dtype, n, pattern), generating it (64-byte
// aligned) and evicting least recently used entries beyond the budget.
DataEntry& GetData(size_t dtype, size_t n, Pattern pattern);

// ---------------------------------------------------------------------------
// The dtype matrix (dtype_matrix.cc): every implementation on each data set.

// Every implementation timed on each data set; the summary's columns
// (kColumns, in summary.cc) say which is divided by which.
enum Impl : int {
  kOurs,        // the library, through argmin::argmin(ptr, n)
  kMinValue,    // SIMD min without an index (the argmin's speed of light)
  kSum,         // SIMD sum (the speed of reading the data at all)
  kMinElement,  // std::min_element
  kOracle,      // argmin::oracle::Argmin1D, the scalar reference
  kOursLast,    // the library with last-index ties (ONNX select_last_index)
  kOursMax,     // argmax, through argmin::argmax(ptr, n)
  kMaxValue,    // SIMD max without an index (the argmax's speed of light)
  kNumImpls
};

// The data sets registered, in order, for the summary table.
struct Group {
  size_t dtype;
  size_t size;
  Pattern pattern;
  std::string names[kNumImpls];  // benchmark name of each implementation
};

// Registers every (dtype, size, pattern, implementation) of the suite (all
// of them when `full`, else the default suite), timed in wall-clock time when
// `real_time`, else in CPU time; returns the groups.
std::vector<Group> RegisterAll(bool full, bool real_time);

// ---------------------------------------------------------------------------
// Layouts (layouts.cc): tensors reduced along an axis, or transposed views
// reduced whole, and the calls of ours over them.

struct LayoutCase {
  const char* name;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;   // empty: compact row-major
  int axis;                       // -1: axis none
  const char* dtype = "float32";  // a name in kDTypes
};

// Returns the layouts timed against the sum, in their table's order.
const std::vector<LayoutCase>& LayoutCases();

// Returns the number of elements of the layout.
int64_t LayoutElements(const LayoutCase& c);

// Returns the layout's row in kDTypes (ending the process if it names none).
const DTypeRow& LayoutDType(const LayoutCase& c);

// Returns a DLTensor over the layout's data.
DLTensor LayoutTensor(const LayoutCase& c, void* data);

// Returns the options of a reduction of the layout on `threads` threads.
argmin_options LayoutOptions(const LayoutCase& c, int threads);

// Returns the layout's size in bytes.
int64_t LayoutBytes(const LayoutCase& c);

// Returns the median of `v` (non-empty), reordering it.
double MedianOf(std::vector<double>* v);

// One call of ours over a tensor: input, options, op and outputs of its own
// (the DLTensors point into the vectors, so a call is not copied).
// Index outputs are int64; value outputs, when asked for, float32.
struct LayoutCall {
  LayoutCall() = default;
  LayoutCall(const LayoutCall&) = delete;
  LayoutCall& operator=(const LayoutCall&) = delete;

  DLTensor in{};
  argmin_options options{};
  argmin_op op = ARGMIN_OP_MIN;
  // argmin_compute instead of argmin_reduce (op MIN, indices only): the
  // entry point the layout rows' argmin has always timed.
  bool via_compute = false;
  int64_t out_shape[ARGMIN_MAX_NDIM] = {};
  std::vector<int64_t> indices[2];  // [0]: min, [1]: max (those op makes)
  std::vector<float> values[2];     // as indices, when values are asked for
  DLTensor index_out[2] = {};
  DLTensor value_out[2] = {};
  argmin_outputs outputs{};
};

// Sets up `call` to compute `op` of `in` under `options` through
// argmin_reduce, with value outputs too when `with_values`.
void SetUpCall(const DLTensor& in, const argmin_options& options, argmin_op op,
               bool with_values, LayoutCall* call);

// Runs `call` once (inline: it is the body of timed loops).
inline argmin_status RunCall(LayoutCall* call) {
  if (call->via_compute) {
    return argmin_compute(&call->in, &call->options, &call->index_out[0]);
  }
  return argmin_reduce(&call->in, call->op, &call->options, &call->outputs);
}

// Runs `call` once and compares its every output with the oracle: indices
// equal, values bit for bit the input's element at the oracle's index.
// Returns "" or what differed.
std::string CheckCall(LayoutCall* call);

// The layout benchmarks registered, in order, for their summary table:
// names[0] is the sum, names[t] argmin on t threads; `max` argmax on one
// thread; `paired` the sum, argmin and argmax on one thread and argmin on
// all, timed in turn.
struct LayoutGroup {
  size_t index;
  std::vector<std::string> names;
  std::string max;
  std::string paired;
};

// Registers every layout's benchmarks; returns their groups.
std::vector<LayoutGroup> RegisterLayouts();

// ---------------------------------------------------------------------------
// Pairs (pairs.cc): two ways to the same answers timed in turn within each
// iteration, on one thread, over random float32 data.

// A pair's tensor (compact; `layout.strides` empty) and how it is reduced:
// through argmin_contiguous_reduce when `contiguous` (1-D, axis none), else
// argmin_reduce.
struct PairCase {
  LayoutCase layout;
  bool contiguous;
};

// A registered pair benchmark, for its summary table.
struct PairGroup {
  const PairCase* c;
  std::string name;
};

// The pair benchmarks of each kind, as registered.
struct PairGroups {
  std::vector<PairGroup> values;     // values/<case>/paired
  std::vector<PairGroup> minmax;     // minmax/<case>/paired
  std::vector<PairGroup> nanignore;  // nanignore/<case>/paired
};

// Registers the values, minmax and nanignore pairs, in that order.
PairGroups RegisterAllPairs();

}  // namespace argmin_bench

#endif  // ARGMIN_BENCH_ARGMIN_BENCH_H_
