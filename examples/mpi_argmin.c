/* argmin over MPI in one page: each rank holds some rows of one float32
 * matrix, and every rank calls argmin_mpi_reduce; rank 0 prints the whole
 * matrix's minimum and each column's argmax.
 *
 *   mpirun -np 3 ./argmin_mpi_example
 *
 * Row g, column j of the matrix holds (g - 4)^2 + j; rank r holds 2 + r
 * rows, after those of ranks 0 .. r-1. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "argmin/argmin_mpi.h"

enum { kColumns = 4 };

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank, ranks;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);

  /* This rank's block: rows first .. first + rows - 1 of the matrix. */
  const int64_t rows = 2 + rank;
  const int64_t first = 2 * (int64_t)rank + (int64_t)rank * (rank - 1) / 2;
  float* data = malloc(sizeof(float) * rows * kColumns);
  for (int64_t i = 0; i < rows; ++i) {
    for (int j = 0; j < kColumns; ++j) {
      const float g = (float)(first + i);
      data[i * kColumns + j] = (g - 4) * (g - 4) + j;
    }
  }
  int64_t shape[2] = {rows, kColumns};
  DLTensor block = {data, {kDLCPU, 0}, 2, {kDLFloat, 32, 1}, shape, NULL, 0};

  /* Axis none: the flat index of the minimum and its value, to rank 0. */
  int64_t index = -1;
  float value = 0;
  DLTensor index_out = {&index, {kDLCPU, 0}, 0, {kDLInt, 64, 1}, NULL, NULL, 0};
  DLTensor value_out = {&value, {kDLCPU, 0}, 0, {kDLFloat, 32, 1},
                        NULL,   NULL,        0};
  argmin_outputs minimum = {&index_out, &value_out, NULL, NULL};
  argmin_options options = argmin_default_options();
  argmin_status status = argmin_mpi_reduce(&block, ARGMIN_OP_MIN, &options,
                                           &minimum, 0, MPI_COMM_WORLD);
  if (status == ARGMIN_OK && rank == 0) {
    printf("minimum %g at flat index %lld (row %lld, column %lld)\n", value,
           (long long)index, (long long)(index / kColumns),
           (long long)(index % kColumns));
  }

  /* Axis 0: each column's argmax, to every rank (ties: the first row). */
  int64_t argmax[kColumns];
  int64_t columns[1] = {kColumns};
  DLTensor argmax_out = {argmax,  {kDLCPU, 0}, 1, {kDLInt, 64, 1},
                         columns, NULL,        0};
  argmin_outputs maximum = {NULL, NULL, &argmax_out, NULL};
  options.has_axis = 1;
  options.axis = 0;
  if (status == ARGMIN_OK) {
    status = argmin_mpi_reduce(&block, ARGMIN_OP_MAX, &options, &maximum,
                               ARGMIN_MPI_ALL_RANKS, MPI_COMM_WORLD);
  }
  if (status == ARGMIN_OK && rank == 0) {
    printf("column argmax:");
    for (int j = 0; j < kColumns; ++j) printf(" %lld", (long long)argmax[j]);
    printf("\n");
  }
  if (status != ARGMIN_OK && rank == 0) {
    fprintf(stderr, "argmin_mpi_reduce: %s\n", argmin_status_message(status));
  }
  free(data);
  MPI_Finalize();
  return status == ARGMIN_OK ? 0 : 1;
}
