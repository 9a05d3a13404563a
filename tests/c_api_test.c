/* The C ABI from plain C11: the header compiles as C, and a C program can
 * call the library and read its results and errors. Exit status 0 is a pass;
 * each failure prints what went wrong and the program returns 1. */
#include <argmin/argmin.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

static DLTensor MakeTensor(void* data, int32_t ndim, int64_t* shape,
                           int64_t* strides, uint8_t code, uint8_t bits) {
  DLTensor t;
  memset(&t, 0, sizeof(t));
  t.data = data;
  t.device.device_type = kDLCPU;
  t.device.device_id = 0;
  t.ndim = ndim;
  t.dtype.code = code;
  t.dtype.bits = bits;
  t.dtype.lanes = 1;
  t.shape = shape;
  t.strides = strides;
  t.byte_offset = 0;
  return t;
}

/* Returns the index argmin_compute gives for `in` under `options` in a 0-d
 * int64 output, or -100 if the call fails. */
static int64_t ComputeIndex(const DLTensor* in, const argmin_options* options) {
  int64_t result = -100;
  DLTensor out = MakeTensor(&result, 0, NULL, NULL, kDLInt, 64);
  if (argmin_compute(in, options, &out) != ARGMIN_OK) return -100;
  return result;
}

/* float32, 1-D, axis none: the first NaN wins by default; NaN ignore skips
 * it; ties go to the first minimum, or the last with ARGMIN_TIES_LAST. */
static void TestFloat32Vector(void) {
  float data[6] = {4.0f, 1.0f, 0.0f, 7.0f, 0.0f, 2.0f};
  int64_t shape[1] = {6};
  DLTensor in = MakeTensor(data, 1, shape, NULL, kDLFloat, 32);
  argmin_options options = argmin_default_options();

  CHECK(ComputeIndex(&in, &options) == 2);
  options.tie_policy = ARGMIN_TIES_LAST;
  CHECK(ComputeIndex(&in, &options) == 4);

  data[3] = NAN;
  options = argmin_default_options();
  CHECK(ComputeIndex(&in, &options) == 3);
  options.nan_policy = ARGMIN_NAN_IGNORE;
  CHECK(ComputeIndex(&in, &options) == 2);
}

/* int32, 2-D, along each axis, into int32 and int64 outputs. */
static void TestInt32Matrix(void) {
  int32_t data[2][3] = {{5, -1, 3}, {-7, 8, 3}};
  int64_t shape[2] = {2, 3};
  int32_t rows[2] = {-1, -1};
  int64_t row_shape[1] = {2};
  int64_t cols[3] = {-1, -1, -1};
  int64_t col_shape[2] = {1, 3};
  DLTensor in = MakeTensor(data, 2, shape, NULL, kDLInt, 32);
  DLTensor out_rows = MakeTensor(rows, 1, row_shape, NULL, kDLInt, 32);
  DLTensor out_cols = MakeTensor(cols, 2, col_shape, NULL, kDLInt, 64);
  argmin_options options = argmin_default_options();
  int32_t ndim = -1;
  int64_t out_shape[ARGMIN_MAX_NDIM];

  options.has_axis = 1;
  options.axis = -1;
  CHECK(argmin_output_shape(&in, &options, &ndim, out_shape) == ARGMIN_OK);
  CHECK(ndim == 1 && out_shape[0] == 2);
  CHECK(argmin_compute(&in, &options, &out_rows) == ARGMIN_OK);
  CHECK(rows[0] == 1 && rows[1] == 0);

  options.axis = 0;
  options.keepdims = 1;
  CHECK(argmin_output_shape(&in, &options, &ndim, out_shape) == ARGMIN_OK);
  CHECK(ndim == 2 && out_shape[0] == 1 && out_shape[1] == 3);
  CHECK(argmin_compute(&in, &options, &out_cols) == ARGMIN_OK);
  CHECK(cols[0] == 1 && cols[1] == 0 && cols[2] == 0);
  options.tie_policy = ARGMIN_TIES_LAST;
  CHECK(argmin_compute(&in, &options, &out_cols) == ARGMIN_OK);
  CHECK(cols[0] == 1 && cols[1] == 0 && cols[2] == 1);
}

/* A strided view: every other element, reversed, with a byte_offset. */
static void TestStrided(void) {
  /* Elements at 7, 5, 3, 1 (values 6, 0, 9, 0); the even positions hold
   * smaller values that must not be read. */
  double data[8] = {-50, 0, -50, 9, -50, 0, -50, 6};
  int64_t shape[1] = {4};
  int64_t strides[1] = {-2};
  DLTensor in = MakeTensor(data, 1, shape, strides, kDLFloat, 64);
  argmin_options options = argmin_default_options();

  in.byte_offset = 7 * sizeof(double);
  CHECK(ComputeIndex(&in, &options) == 1);
  options.tie_policy = ARGMIN_TIES_LAST;
  CHECK(ComputeIndex(&in, &options) == 3);
}

/* Errors: a status with a message, and an output left as it was. */
static void TestErrors(void) {
  float data[3] = {1.0f, 2.0f, 3.0f};
  int64_t shape[1] = {3};
  int64_t result = 12345;
  DLTensor in = MakeTensor(data, 1, shape, NULL, kDLFloat, 32);
  DLTensor out = MakeTensor(&result, 0, NULL, NULL, kDLInt, 64);
  argmin_options options = argmin_default_options();
  const char* message;
  int status;

  options.has_axis = 1;
  options.axis = 1;
  CHECK(argmin_compute(&in, &options, &out) == ARGMIN_ERROR_BAD_AXIS);
  CHECK(result == 12345);
  message = argmin_status_message(ARGMIN_ERROR_BAD_AXIS);
  CHECK(message != NULL && message[0] != '\0');
  CHECK(strcmp(message, argmin_status_message(ARGMIN_OK)) != 0);

  options = argmin_default_options();
  in.dtype.code = kDLComplex;
  in.dtype.bits = 64;
  CHECK(argmin_compute(&in, &options, &out) == ARGMIN_ERROR_UNSUPPORTED_DTYPE);
  CHECK(result == 12345);
  CHECK(argmin_compute(NULL, &options, &out) == ARGMIN_ERROR_NULL_POINTER);

  /* Every status, and codes a newer library might add, has a message. */
  for (status = -1; status <= 99; ++status) {
    message = argmin_status_message((argmin_status)status);
    CHECK(message != NULL);
  }

  CHECK(argmin_force_target("NOT_A_TARGET") == ARGMIN_ERROR_UNKNOWN_TARGET);
  CHECK(argmin_target_name() != NULL && argmin_target_name()[0] != '\0');
}

static void TestContiguousEntry(void) {
  const uint16_t values[5] = {7, 3, 9, 3, 4};
  const DLDataType u16 = {kDLUInt, 16, 1};
  argmin_options options = argmin_default_options();
  int64_t index = -1;
  CHECK(argmin_contiguous(values, u16, 5, &options, &index) == ARGMIN_OK);
  CHECK(index == 1);
  options.tie_policy = ARGMIN_TIES_LAST;
  CHECK(argmin_contiguous(values, u16, 5, &options, &index) == ARGMIN_OK);
  CHECK(index == 3);
  index = 12345;
  CHECK(argmin_contiguous(values, u16, 0, &options, &index) ==
        ARGMIN_ERROR_EMPTY_REDUCTION);
  CHECK(index == 12345);
}

/* argmax, values and both extremes through argmin_reduce, and a merge of
 * two pieces' results, from C. */
static void TestFamily(void) {
  float data[6] = {4.0f, -0.0f, 9.0f, 7.0f, 9.0f, 0.0f};
  int64_t shape[2] = {2, 3};
  int64_t out_shape[1] = {2};
  int64_t lo[2] = {-1, -1}, hi[2] = {-1, -1};
  float hi_values[2] = {0, 0};
  DLTensor in = MakeTensor(data, 2, shape, NULL, kDLFloat, 32);
  DLTensor lo_t = MakeTensor(lo, 1, out_shape, NULL, kDLInt, 64);
  DLTensor hi_t = MakeTensor(hi, 1, out_shape, NULL, kDLInt, 64);
  DLTensor hi_v = MakeTensor(hi_values, 1, out_shape, NULL, kDLFloat, 32);
  argmin_outputs outputs = {&lo_t, NULL, &hi_t, &hi_v};
  argmin_options options = argmin_default_options();
  options.has_axis = 1;
  options.axis = 1;
  CHECK(argmin_reduce(&in, ARGMIN_OP_MINMAX, &options, &outputs) == ARGMIN_OK);
  CHECK(lo[0] == 1 && lo[1] == 2);
  CHECK(hi[0] == 2 && hi[1] == 1);
  CHECK(hi_values[0] == 9.0f && hi_values[1] == 9.0f);
  outputs.min_indices = NULL;
  CHECK(argmin_reduce(&in, ARGMIN_OP_MINMAX, &options, &outputs) ==
        ARGMIN_ERROR_NULL_POINTER);

  /* The maximum of data[0, 3) merged with that of data[3, 6). */
  const DLDataType f32 = {kDLFloat, 32, 1};
  int64_t first = -1, second = -1;
  CHECK(argmin_contiguous_reduce(data, f32, 3, ARGMIN_OP_MAX, &options, NULL,
                                 &first) == ARGMIN_OK);
  CHECK(argmin_contiguous_reduce(data + 3, f32, 3, ARGMIN_OP_MAX, &options,
                                 NULL, &second) == ARGMIN_OK);
  second += 3;
  float best = data[first];
  CHECK(argmin_merge(f32, ARGMIN_OP_MAX, &options, 1, &data[second], &second,
                     &best, &first) == ARGMIN_OK);
  CHECK(first == 2 && best == 9.0f); /* the tie goes to the first index */
}

int main(void) {
  TestFloat32Vector();
  TestFamily();
  TestContiguousEntry();
  TestInt32Matrix();
  TestStrided();
  TestErrors();
  if (failures != 0) {
    fprintf(stderr, "argmin_c_test: %d check(s) failed\n", failures);
    return 1;
  }
  printf("argmin_c_test: all checks passed\n");
  return 0;
}
