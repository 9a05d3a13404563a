/* argmin over MPI: the family's reductions over a tensor split into blocks
 * along its first dimension, one block per rank of a communicator, with the
 * answer of one argmin_reduce call over the whole tensor, bit for bit.
 *
 * The optional component argmin::mpi (CMake option ARGMIN_WITH_MPI;
 * find_package(argmin COMPONENTS mpi)). docs/distributed.md gives the model,
 * an example and how it runs on a cluster. */
#ifndef ARGMIN_ARGMIN_MPI_H_
#define ARGMIN_ARGMIN_MPI_H_

#include <mpi.h>

#include "argmin/argmin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The `root` of argmin_mpi_reduce that delivers the answer to every rank. */
#define ARGMIN_MPI_ALL_RANKS (-1)

/* Computes `op` of the tensor whose blocks the ranks of `comm` hold, as
 * argmin_reduce(whole, op, options, outputs) would on one process.
 *
 * block: this rank's part of the tensor, a CPU DLTensor of ndim >= 1 as
 *   argmin_reduce takes it (any strides). The whole tensor is the blocks of
 *   ranks 0, 1, ... concatenated along dimension 0, in rank order: every
 *   block has the same dtype and the same extents past dimension 0; its
 *   extent 0 is its own (zero included).
 * options: as argmin_reduce's, except that ARGMIN_NAN_IGNORE_PARTIAL is
 *   ARGMIN_ERROR_BAD_OPTION (the whole tensor is here: use ARGMIN_NAN_IGNORE).
 *   Axis none and axis 0 (written 0 or -ndim) reduce across ranks and make
 *   the call collective: every rank of `comm` must make it, with the same op,
 *   options (num_threads excepted: each rank's own) and root. Any other axis
 *   reduces within blocks: the call is then argmin_reduce on this rank's
 *   block alone, with no communication, and outputs of this block's shape.
 * outputs: as argmin_reduce's, with argmin_output_shape's shape for the whole
 *   tensor (axis none: a scalar; axis 0: the extents past dimension 0), on
 *   every rank that receives the answer; ignored (and may be NULL) on the
 *   other ranks. Indices are global: the whole tensor's flat index for axis
 *   none, the row of the whole tensor for axis 0.
 * root: ARGMIN_MPI_ALL_RANKS, or the rank of `comm` that alone receives the
 *   answer.
 *
 * A collective call returns the same status on every rank, and on error no
 * rank wrote any output: a bad input, option or output on one rank is that
 * rank's error on all of them (the lowest such rank's, if several), and
 * ranks whose calls disagree (dtype, extents past dimension 0, axis, op, NaN
 * or tie policy, root) get ARGMIN_ERROR_RANKS_DISAGREE. MPI must be
 * initialized and not finalized, and comm not MPI_COMM_NULL, or the call
 * returns ARGMIN_ERROR_MPI at once, without communicating; an MPI call that
 * fails under an error handler that returns is also ARGMIN_ERROR_MPI. The
 * reduction is one MPI_Allreduce (or MPI_Reduce and a broadcast of the
 * status) over (value, global index) pairs with a user-defined MPI_Op that
 * applies argmin_merge's rule, after one MPI_Allgather of each rank's block
 * extent and call. */
ARGMIN_API argmin_status argmin_mpi_reduce(const DLTensor* block, int32_t op,
                                           const argmin_options* options,
                                           const argmin_outputs* outputs,
                                           int root, MPI_Comm comm);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ARGMIN_ARGMIN_MPI_H_ */
