/* Calls the C ABI from C: argmax along the last axis of a 2-D tensor into a
 * 1-D output, and argmin over all elements into a 0-d output; exits non-zero
 * on a wrong answer or a failed call. */
#include <argmin/argmin.h>
#include <stdio.h>

int main(void) {
  const float logits[2][3] = {{0.1f, 2.0f, 0.3f}, {4.0f, 0.5f, -1.0f}};
  int64_t shape[2] = {2, 3};
  DLTensor x = argmin_tensor(logits, (DLDataType){kDLFloat, 32, 1}, 2, shape);

  int64_t best[2];
  int64_t best_shape[1] = {2};
  DLTensor rows =
      argmin_tensor(best, (DLDataType){kDLInt, 64, 1}, 1, best_shape);
  argmin_options options = argmin_default_options();
  options.has_axis = 1;
  options.axis = -1;
  argmin_outputs outputs = {NULL, NULL, &rows, NULL};
  if (argmin_reduce(&x, ARGMIN_OP_MAX, &options, &outputs) != ARGMIN_OK) {
    fprintf(stderr, "argmax failed: %s\n", argmin_last_error());
    return 1;
  }

  /* Axis none: a 0-d output, ndim 0 and shape NULL. */
  int32_t flat = -1;
  DLTensor scalar = argmin_tensor(&flat, (DLDataType){kDLInt, 32, 1}, 0, NULL);
  options.has_axis = 0;
  if (argmin_compute(&x, &options, &scalar) != ARGMIN_OK) {
    fprintf(stderr, "argmin failed: %s\n", argmin_last_error());
    return 1;
  }
  printf("argmax of each row: %lld %lld; argmin of all: %d\n",
         (long long)best[0], (long long)best[1], (int)flat);
  return best[0] == 1 && best[1] == 0 && flat == 5 ? 0 : 1;
}
