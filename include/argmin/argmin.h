/* argmin: SIMD argmin, argmax, min and max with their indices, and both in
 * one pass, over DLPack tensors, with torch's meaning.
 *
 * C ABI. No function here aborts, throws, prints or allocates memory that the
 * caller must free; every failure is reported as an argmin_status, and on
 * failure nothing is written to any output. docs/semantics.md gives the full
 * rules. */
#ifndef ARGMIN_ARGMIN_H_
#define ARGMIN_ARGMIN_H_

#include <dlpack/dlpack.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Shared-library builds export these symbols; static builds need nothing. */
#if defined(_WIN32) && defined(ARGMIN_SHARED_LIBRARY)
#define ARGMIN_API __declspec(dllexport)
#elif defined(__GNUC__)
#define ARGMIN_API __attribute__((visibility("default")))
#else
#define ARGMIN_API
#endif

/* The most dimensions an input tensor may have (numpy 1.x's limit). */
#define ARGMIN_MAX_NDIM 32

/* DLPack's type code for bool (kDLBool from DLPack 0.8 on; Debian's 0.6
 * header predates it). Bool elements are bytes; zero is false, any other
 * value true, and false < true. */
#define ARGMIN_DL_BOOL 6

typedef enum argmin_status {
  ARGMIN_OK = 0,
  /* A required pointer is NULL: input, options, outputs or an index output
   * the op makes; shape with ndim > 0; data of a tensor that has elements. */
  ARGMIN_ERROR_NULL_POINTER = 1,
  /* The input's dtype is not one of the supported ones (see below). */
  ARGMIN_ERROR_UNSUPPORTED_DTYPE = 2,
  /* A tensor is not on the CPU (kDLCPU). */
  ARGMIN_ERROR_UNSUPPORTED_DEVICE = 3,
  /* ndim < 0 or > ARGMIN_MAX_NDIM, a negative extent, an element count or
   * byte extent that does not fit in 64 bits, or elements whose addresses
   * (data + byte_offset, plus their byte offsets) would wrap around the
   * address space. */
  ARGMIN_ERROR_BAD_SHAPE = 4,
  /* The axis is outside [-ndim, ndim) (a 0-d tensor accepts -1 and 0). */
  ARGMIN_ERROR_BAD_AXIS = 5,
  /* The reduction is over zero elements (axis none on an empty tensor, or an
   * axis of extent 0). */
  ARGMIN_ERROR_EMPTY_REDUCTION = 6,
  /* NaN policy ignore, and a reduced slice holds only NaNs. */
  ARGMIN_ERROR_ALL_NAN = 7,
  /* An output's dtype is not int64 or int32 (an index output) or the
   * input's (a value output), or its ndim, shape or strides are not the ones
   * argmin_output_shape gives; or argmin_reduce was given an output its op
   * does not make, or index outputs of two dtypes. */
  ARGMIN_ERROR_BAD_OUTPUT = 8,
  /* int32 output, and an index could exceed INT32_MAX. */
  ARGMIN_ERROR_INDEX_OVERFLOW = 9,
  /* An option or op has a value outside its enum, or num_threads < 0. */
  ARGMIN_ERROR_BAD_OPTION = 10,
  /* The name given to argmin_force_target, or the environment variable
   * ARGMIN_TARGET, names a target that this build and CPU lack (for
   * ARGMIN_TARGET, every call that computes fails so, until
   * argmin_force_target succeeds: see argmin_target_error). */
  ARGMIN_ERROR_UNKNOWN_TARGET = 11,
  /* Scratch memory could not be allocated. */
  ARGMIN_ERROR_OUT_OF_MEMORY = 12,
  /* argmin_mpi_reduce (argmin/argmin_mpi.h): the ranks' calls disagree on
   * the dtype, the extents past dimension 0, the axis, the op, the NaN or tie
   * policy or the root. */
  ARGMIN_ERROR_RANKS_DISAGREE = 13,
  /* argmin_mpi_reduce: MPI is not initialized or already finalized, the
   * communicator is MPI_COMM_NULL, or an MPI call returned an error. */
  ARGMIN_ERROR_MPI = 14,
  /* argmin_segment_reduce or argmin_group_reduce: the offsets or keys are
   * not 1-D int64 or int32 tensors of the right length, offsets do not
   * start at 0, decrease or do not end at the axis' extent, a key is
   * num_groups or more, or num_groups is negative. */
  ARGMIN_ERROR_BAD_GROUPS = 15
} argmin_status;

/* What a NaN means, for floating-point inputs (ignored for others). */
typedef enum argmin_nan_policy {
  /* NaN is smaller than every number: the first NaN (or the last, with
   * ARGMIN_TIES_LAST) is the result, as in torch.argmin and numpy.argmin. */
  ARGMIN_NAN_PROPAGATE = 0,
  /* NaNs are skipped, as in numpy.nanargmin; a slice of only NaNs is
   * ARGMIN_ERROR_ALL_NAN. */
  ARGMIN_NAN_IGNORE = 1,
  /* As ARGMIN_NAN_IGNORE, except that an all-NaN slice gets index -1 (and
   * its first element as value) instead of failing the call: for the pieces
   * of a reduction whose partial results argmin_merge combines, where a piece
   * may hold only NaNs while the whole does not. */
  ARGMIN_NAN_IGNORE_PARTIAL = 2
} argmin_nan_policy;

/* What a call looks for, passed as an int32_t (as the options' enums are, so
 * that any value a caller passes is defined behaviour and an unknown one is
 * ARGMIN_ERROR_BAD_OPTION). For max, "NaN propagates" means the first NaN wins
 * (a NaN is above every number), and "ignored" that NaNs never win. */
typedef enum argmin_op {
  ARGMIN_OP_MIN = 0,   /* the index of the minimum (argmin, torch.min(x, d)) */
  ARGMIN_OP_MAX = 1,   /* the index of the maximum (argmax, torch.max(x, d)) */
  ARGMIN_OP_MINMAX = 2 /* both, from one read of the data */
} argmin_op;

/* Which index wins among equal minima or maxima (NaNs are equal to each
 * other here). */
typedef enum argmin_tie_policy {
  ARGMIN_TIES_FIRST = 0, /* torch, numpy, MindSpore */
  ARGMIN_TIES_LAST = 1   /* ONNX ArgMin with select_last_index=1 */
} argmin_tie_policy;

/* Options of one call. All zeros is torch.argmin(x) with no dim: axis none,
 * no keepdims, NaN propagates, first index wins, OpenMP's thread count. */
typedef struct argmin_options {
  int32_t has_axis;    /* 0: axis none (reduce over all elements) */
  int64_t axis;        /* used when has_axis != 0; negative wraps */
  int32_t keepdims;    /* nonzero: reduced dimensions stay with extent 1 */
  int32_t nan_policy;  /* an argmin_nan_policy */
  int32_t tie_policy;  /* an argmin_tie_policy */
  int32_t num_threads; /* 0: OpenMP's default (OMP_NUM_THREADS), or one
                          thread inside an active OpenMP parallel region.
                          Calls at once share the cores; docs/threads.md */
} argmin_options;

/* Returns the options that mean torch.argmin(x): all zeros. */
ARGMIN_API argmin_options argmin_default_options(void);

/* Returns a CPU DLTensor over `ndim` dimensions of extents `shape` of compact
 * row-major elements of `dtype` at `data` (strides NULL, byte_offset 0), as
 * input or output of any call here. It points at data and shape, which must
 * outlive it; a 0-d tensor (one element) has ndim 0 and shape NULL. */
static inline DLTensor argmin_tensor(const void* data, DLDataType dtype,
                                     int32_t ndim, int64_t* shape) {
  DLTensor tensor;
  tensor.data = (void*)data; /* DLPack's field is not const */
  tensor.device.device_type = kDLCPU;
  tensor.device.device_id = 0;
  tensor.ndim = ndim;
  tensor.dtype = dtype;
  tensor.shape = shape;
  tensor.strides = NULL;
  tensor.byte_offset = 0;
  return tensor;
}

/* Computes argmin of `input` under `options` into `output`.
 *
 * input: a CPU DLTensor of dtype float16, bfloat16, float32, float64,
 *   int8/16/32/64, uint8/16/32/64 or bool (code ARGMIN_DL_BOOL, 8 bits), lanes
 *   1. strides count elements; NULL means compact row-major; negative and
 *   zero strides are accepted. byte_offset is added to data. The input is
 *   only read, and only at its elements' addresses.
 * output: a CPU DLTensor the caller allocated, of dtype int64 or int32 (which
 *   selects the index type), whose ndim and shape are argmin_output_shape's
 *   and whose strides are NULL or compact row-major (any stride is accepted
 *   for an extent-1 dimension, and any strides for an output with no
 *   elements); its byte_offset is added to its data. It
 *   must not overlap the input.
 * Indices count along the reduced axis, or, with axis none, in the logical
 * row-major order of the input's shape whatever its strides.
 * Returns ARGMIN_OK, or an error after which the output was not written.
 * Checks run in this order: the input and options (as argmin_output_shape,
 * ending with ARGMIN_ERROR_EMPTY_REDUCTION), the input's data pointer, the
 * output (ending with ARGMIN_ERROR_INDEX_OVERFLOW); ARGMIN_ERROR_ALL_NAN comes
 * from the data itself, last. */
ARGMIN_API argmin_status argmin_compute(const DLTensor* input,
                                        const argmin_options* options,
                                        DLTensor* output);

/* Computes the index of the minimum of the `n` contiguous elements of dtype
 * `dtype` at `data` into *index, under the NaN and tie policies of `options`
 * (its axis and keepdims are not used): the same answer as argmin_compute on
 * a 1-D tensor with axis none, without the cost of a general call, for small
 * inputs. Returns ARGMIN_OK or an error (NULL pointer, unsupported dtype, n
 * < 0 or too large, bad option, n == 0, all NaN), after which *index was not
 * written. */
ARGMIN_API argmin_status argmin_contiguous(const void* data, DLDataType dtype,
                                           int64_t n,
                                           const argmin_options* options,
                                           int64_t* index);

/* The outputs of argmin_reduce; NULL for the ones not wanted. Index outputs
 * are as argmin_compute's output (int64 or int32; both the same dtype when
 * both are given); value outputs have the input's dtype, argmin_output_shape's
 * shape and the same stride rules, and get x[index] bit for bit (the sign of
 * a zero and a NaN's payload kept, as torch.min(x, dim).values). No output
 * may overlap the input or another output. */
typedef struct argmin_outputs {
  DLTensor* min_indices; /* required for ARGMIN_OP_MIN and ARGMIN_OP_MINMAX */
  DLTensor* min_values;  /* optional, for the same ops */
  DLTensor* max_indices; /* required for ARGMIN_OP_MAX and ARGMIN_OP_MINMAX */
  DLTensor* max_values;  /* optional, for the same ops */
} argmin_outputs;

/* Computes `op` of `input` under `options` into the tensors of `outputs`:
 * the index of the minimum, of the maximum, or both from one read of the
 * data, each optionally with its value. argmin_compute(input, options, out)
 * is argmin_reduce with ARGMIN_OP_MIN and only min_indices = out. Every rule
 * of argmin_compute holds for every output; a missing index output that the
 * op makes is ARGMIN_ERROR_NULL_POINTER, and an output that it does not make
 * (max_values for ARGMIN_OP_MIN, say) ARGMIN_ERROR_BAD_OUTPUT. Returns
 * ARGMIN_OK, or an error after which no output was written. */
ARGMIN_API argmin_status argmin_reduce(const DLTensor* input, int32_t op,
                                       const argmin_options* options,
                                       const argmin_outputs* outputs);

/* Computes `op` over the `n` contiguous elements of dtype `dtype` at `data`
 * into *min_index and/or *max_index (the op's; the other may be NULL), as
 * argmin_contiguous does for the minimum. Errors as argmin_contiguous, plus
 * ARGMIN_ERROR_BAD_OPTION for an unknown op and ARGMIN_ERROR_NULL_POINTER for
 * a missing index the op needs; nothing is written on error. Under
 * ARGMIN_NAN_IGNORE_PARTIAL an all-NaN input gives index -1. */
ARGMIN_API argmin_status argmin_contiguous_reduce(
    const void* data, DLDataType dtype, int64_t n, int32_t op,
    const argmin_options* options, int64_t* min_index, int64_t* max_index);

/* Merges partial results: for each i in [0, count), replaces the candidate
 * (best_values[i], best_indices[i]) by (values[i], indices[i]) when the
 * latter wins under `op` (ARGMIN_OP_MIN or ARGMIN_OP_MAX) and the NaN and tie
 * policies of `options` (its other fields are not used). A negative index is
 * no candidate (an empty piece, or an all-NaN one under
 * ARGMIN_NAN_IGNORE_PARTIAL). Values are `count` contiguous elements of
 * `dtype`. Indices must be global (a piece's indices plus its offset), so
 * that distinct pieces never offer the same one: the winner is then the same
 * whatever the split and the order of merging, and equals one call's answer
 * over the whole. Errors: NULL pointer (any pointer when count > 0),
 * unsupported dtype, bad option (an unknown op or ARGMIN_OP_MINMAX, a bad
 * policy), count < 0 (ARGMIN_ERROR_BAD_SHAPE); nothing is written on error. */
ARGMIN_API argmin_status argmin_merge(DLDataType dtype, int32_t op,
                                      const argmin_options* options,
                                      int64_t count, const void* values,
                                      const int64_t* indices, void* best_values,
                                      int64_t* best_indices);

/* What an empty segment or group (one with no elements) gets: its index
 * outputs hold -1, or the axis' extent as torch_scatter gives it; its value
 * outputs hold zero (all bits zero) under either policy. */
typedef enum argmin_empty_policy {
  ARGMIN_EMPTY_MINUS_ONE = 0, /* index -1 */
  ARGMIN_EMPTY_EXTENT = 1     /* index = the extent of the axis */
} argmin_empty_policy;

/* What an index of a segmented call counts from. */
typedef enum argmin_index_origin {
  ARGMIN_INDEX_ALONG_AXIS = 0, /* the position along the axis (torch_scatter) */
  ARGMIN_INDEX_IN_SEGMENT = 1  /* the position within its segment */
} argmin_index_origin;

/* The options of segmented and grouped calls beyond argmin_options; all
 * zeros (or NULL) is index -1 for empty slots and positions along the axis. */
typedef struct argmin_group_options {
  int32_t empty_policy; /* an argmin_empty_policy */
  int32_t index_origin; /* an argmin_index_origin; segments only */
} argmin_group_options;

/* Computes `op` per segment along an axis: segment s is positions
 * [offsets[s], offsets[s + 1]) of the axis options->axis (options->has_axis
 * must be nonzero; keepdims is not used), and every output has the input's
 * shape with that axis' extent replaced by S, the number of segments.
 *
 * offsets: a CPU 1-D tensor of S + 1 >= 1 int64 or int32 values (any
 *   stride), the first 0, none less than the one before, the last the axis'
 *   extent (CSR offsets, as torch_scatter's segment_csr takes them).
 * outputs: as argmin_reduce's, of the shape above. An index is the winner's
 *   position along the axis, or within its segment with
 *   ARGMIN_INDEX_IN_SEGMENT. Each segment is reduced as argmin_reduce reduces
 *   a slice, by the same NaN and tie rules, except that an empty segment is
 *   no error (group_options' empty_policy says what it gets), and an all-NaN
 *   one under ARGMIN_NAN_IGNORE_PARTIAL gets index -1 and its first element
 *   (its last, under ARGMIN_TIES_LAST) as value.
 * group_options: NULL means all zeros.
 * Returns ARGMIN_OK, or an error after which no output was written:
 * ARGMIN_ERROR_BAD_GROUPS for bad offsets, ARGMIN_ERROR_INDEX_OVERFLOW for
 * int32 indices when an index could exceed INT32_MAX (the axis' extent
 * minus one, or the extent itself under ARGMIN_EMPTY_EXTENT), and otherwise
 * argmin_reduce's. */
ARGMIN_API argmin_status argmin_segment_reduce(
    const DLTensor* input, const DLTensor* offsets, int32_t op,
    const argmin_options* options, const argmin_group_options* group_options,
    const argmin_outputs* outputs);

/* Computes `op` per group along an axis: position i of the axis
 * options->axis belongs to group keys[i], and every output has the input's
 * shape with that axis' extent replaced by num_groups, G.
 *
 * keys: a CPU 1-D tensor of int64 or int32 values (any stride), one per
 *   position along the axis, in any order; a negative key leaves its
 *   position out (as pandas' code -1 for a missing key), a key of G or more
 *   is ARGMIN_ERROR_BAD_GROUPS.
 * Indices are positions along the axis (ARGMIN_INDEX_IN_SEGMENT is
 * ARGMIN_ERROR_BAD_OPTION here); every other rule is argmin_segment_reduce's,
 * with "group" for "segment": a group's first element is the one at its
 * first position. */
ARGMIN_API argmin_status argmin_group_reduce(
    const DLTensor* input, const DLTensor* keys, int64_t num_groups, int32_t op,
    const argmin_options* options, const argmin_group_options* group_options,
    const argmin_outputs* outputs);

/* Computes the output's rank and shape for `input` and `options`: that of
 * every output of argmin_compute and argmin_reduce, index and value alike.
 *
 * Writes the rank to *out_ndim and the extents to out_shape[0, *out_ndim);
 * out_shape needs room for ARGMIN_MAX_NDIM values (or may be NULL when only
 * the rank is wanted). Validates the input and options as argmin_compute()
 * does, but not the data pointer. Returns ARGMIN_OK or an error, after which
 * nothing was written. */
ARGMIN_API argmin_status argmin_output_shape(const DLTensor* input,
                                             const argmin_options* options,
                                             int32_t* out_ndim,
                                             int64_t* out_shape);

/* Returns a static, human-readable message for `status` (never NULL). */
ARGMIN_API const char* argmin_status_message(argmin_status status);

/* Returns why the last call on this thread that failed did, in words: the
 * function or op, the argument at fault by name, and what was expected
 * against what was given, for example "argmax: output max_indices has shape
 * (4, 1), expected (4) (argmin_output_shape's)". A thread-local string that
 * this thread's next failed call replaces; calls that succeed leave it as it
 * is; "" before any failure. */
ARGMIN_API const char* argmin_last_error(void);

/* Returns the name of `status` as spelled in this header, for example
 * "ARGMIN_ERROR_ALL_NAN" (a static string, never NULL), for bindings that
 * report it; "ARGMIN_UNKNOWN_STATUS" for a code this header lacks. */
ARGMIN_API const char* argmin_status_name(argmin_status status);

/* Returns the name of the SIMD target that runtime dispatch uses now, for
 * example "AVX2" or "AVX3" (a static string, never NULL); while a rejected
 * ARGMIN_TARGET makes calls fail, the best supported one. */
ARGMIN_API const char* argmin_target_name(void);

/* Restricts dispatch to the named target (as argmin_target_name spells it,
 * for example "AVX2", "SSE4", "EMU128"), for testing and benchmarking; NULL
 * or "" restores the best supported target. ARGMIN_ERROR_UNKNOWN_TARGET, and
 * no change, for a name that this build and CPU lack. Process-wide, and safe
 * to call while other threads compute: each kernel a call runs is one
 * target's, and every target gives the same answers.
 *
 * The environment variable ARGMIN_TARGET, read once at the first call that
 * needs it, forces a target the same way. If it names one this build and CPU
 * lack, nothing runs on another target in its place: argmin_compute,
 * argmin_reduce, argmin_contiguous, argmin_contiguous_reduce,
 * argmin_segment_reduce, argmin_group_reduce and argmin_mpi_reduce return
 * ARGMIN_ERROR_UNKNOWN_TARGET (after their other checks, writing nothing)
 * until a call to this function succeeds. */
ARGMIN_API argmin_status argmin_force_target(const char* name);

/* Returns why calls fail with ARGMIN_ERROR_UNKNOWN_TARGET because of
 * ARGMIN_TARGET, naming its value and the targets this CPU supports (a static
 * string), or "" when they do not. */
ARGMIN_API const char* argmin_target_error(void);

/* Sets the least number of input elements per thread (default 65536, also
 * what 0 restores): a call uses at most one thread per that many elements,
 * whatever num_threads says, so a call over fewer than twice as many runs on
 * one thread. For tests, which need threads on small inputs,
 * and for tuning; process-wide. ARGMIN_ERROR_BAD_OPTION if negative. */
ARGMIN_API argmin_status argmin_set_parallel_grain(int64_t elements);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ARGMIN_ARGMIN_H_ */
