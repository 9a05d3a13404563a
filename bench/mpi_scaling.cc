// Weak scaling of argmin_mpi_reduce: every rank holds the same float32 block
// (64 Mi elements reduced with axis none; (4096, 1024) reduced along axis 0,
// so that the whole is (N*4096, 1024)), and the whole call is timed against
// argmin_reduce over the rank's block alone, which is the same work without
// the communication. A call over a one-row block times the communication
// nearly alone.
//
// Run: mpirun -np N build/.../bench/argmin_mpi_scaling [rounds]
// Each round times the local call, then the MPI call, after a barrier; a
// round's time is the slowest rank's. Prints medians, on one thread a rank.
#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "argmin/argmin.h"
#include "argmin/argmin_mpi.h"

namespace {

// Seconds that `f` takes on the slowest rank, started together.
template <class F>
double Timed(const F& f) {
  MPI_Barrier(MPI_COMM_WORLD);
  const double start = MPI_Wtime();
  f();
  double mine = MPI_Wtime() - start, slowest = 0;
  MPI_Allreduce(&mine, &slowest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return slowest;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Times one case: argmin over `rows` x `columns` float32 per rank, along
// axis 0 or none.
void RunCase(const char* name, int64_t rows, int64_t columns, bool axis0,
             int rounds) {
  int rank = 0, ranks = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  std::vector<float> data(rows * columns);
  std::mt19937 rng(12345 + rank);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (float& x : data) x = uniform(rng);
  int64_t shape[2] = {rows, columns};
  int64_t tiny_shape[2] = {1, columns};
  DLTensor block{};
  block.data = data.data();
  block.device = {kDLCPU, 0};
  block.ndim = 2;
  block.dtype = {kDLFloat, 32, 1};
  block.shape = shape;
  DLTensor tiny = block;
  tiny.shape = tiny_shape;
  argmin_options options = argmin_default_options();
  options.has_axis = axis0;
  options.axis = 0;
  options.num_threads = 1;
  std::vector<int64_t> index(axis0 ? columns : 1);
  int64_t out_shape[1] = {columns};
  DLTensor out{};
  out.data = index.data();
  out.device = {kDLCPU, 0};
  out.ndim = axis0 ? 1 : 0;
  out.dtype = {kDLInt, 64, 1};
  out.shape = out_shape;
  argmin_outputs outputs{&out, nullptr, nullptr, nullptr};
  std::vector<double> local, whole, communication;
  argmin_status worst = ARGMIN_OK;
  const auto keep = [&](argmin_status s) {
    if (s != ARGMIN_OK) worst = s;
  };
  for (int round = 0; round < rounds; ++round) {
    local.push_back(Timed([&] {
      keep(argmin_reduce(&block, ARGMIN_OP_MIN, &options, &outputs));
    }));
    whole.push_back(Timed([&] {
      keep(argmin_mpi_reduce(&block, ARGMIN_OP_MIN, &options, &outputs,
                             ARGMIN_MPI_ALL_RANKS, MPI_COMM_WORLD));
    }));
    communication.push_back(Timed([&] {
      keep(argmin_mpi_reduce(&tiny, ARGMIN_OP_MIN, &options, &outputs,
                             ARGMIN_MPI_ALL_RANKS, MPI_COMM_WORLD));
    }));
  }
  if (worst != ARGMIN_OK) {
    std::fprintf(stderr, "rank %d: %s\n", rank, argmin_status_name(worst));
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  if (rank == 0) {
    const double l = Median(local), w = Median(whole),
                 c = Median(communication);
    std::printf("| %d | %s | %.2f | %.2f | %.3f | %.3f | %.1f%% |\n", ranks,
                name, l * 1e3, w * 1e3, w / l, c * 1e3, 100 * c / w);
  }
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 21;
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0) {
    std::printf(
        "| ranks | case (per rank) | local ms | MPI call ms | MPI/local | "
        "one-row call ms | its share |\n|---|---|---|---|---|---|---|\n");
  }
  RunCase("64 Mi float32, axis none", int64_t{64} << 20, 1, false, rounds);
  RunCase("(4096,1024) float32, axis 0", 4096, 1024, true, rounds);
  MPI_Finalize();
  return 0;
}
