// Calls in a forked child. libgomp's thread pool does not survive fork: a
// child that enters it again, after its parent's calls ran OpenMP threads,
// waits forever for threads that do not exist there. Every op must answer
// in the child on 0, 1 and 2 threads, whatever the parent ran on, and so
// must a child forked while another thread is inside a call, a child's
// child, and calls from several threads of a child at once. Each child runs
// under a deadline and is killed past it, so that a hang fails the test
// instead of stalling the run.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "argmin/argmin.h"
#include "dispatch/threads.h"
#include "kernels/oracle.h"
#include "tests/random_call.h"
#include "tests/test_util.h"

namespace argmin {
namespace {

using test::CheckCall;
using test::DTypeNamed;
using test::Failures;
using test::Int64Vector;
using test::MakeDType;
using test::Matrix;
using test::OneCall;

// How long a child may take to answer: its checks take a fifth of a second
// alone and up to a second under CI's load (MPI ranks polling, the parent's
// threads), and a hang is forever.
constexpr auto kChildDeadline = std::chrono::seconds(60);

// Prints every thread's stack of process `pid`, where gdb is installed, so
// that a hang found in CI says where it waits.
void PrintStacks(pid_t pid) {
  const std::string command =
      "command -v gdb >/dev/null && timeout 60 gdb -p " + std::to_string(pid) +
      " -batch -ex 'thread apply all bt' 2>&1";
  fflush(nullptr);
  if (system(command.c_str()) != 0) printf("(no stacks: gdb failed)\n");
  fflush(nullptr);
}

// Runs `body` in a forked child and returns "" if the child exited with
// status 0 within kChildDeadline, or else what went wrong (the child prints
// what `body` returned, when not "", to stderr).
template <class Body>
std::string InChild(const Body& body) {
  fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return "fork failed";
  if (pid == 0) {
    const std::string what = body();
    if (!what.empty()) fprintf(stderr, "in the child: %s\n", what.c_str());
    _exit(what.empty() ? 0 : 1);
  }
  const auto deadline = std::chrono::steady_clock::now() + kChildDeadline;
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) return "waitpid failed";
    if (std::chrono::steady_clock::now() > deadline) {
      PrintStacks(pid);
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return "the child did not answer within 60 s: it hung";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  if (WIFSIGNALED(status)) {
    return "the child died of signal " + std::to_string(WTERMSIG(status));
  }
  return "the child failed (exit status " +
         std::to_string(WEXITSTATUS(status)) + ")";
}

// Checks every op (argmin, argmax, both; each with values) along every axis
// and over all elements, under both NaN and both tie policies, and the 1-D
// contiguous entry point, on `threads` threads, against the oracle. Returns
// "" or the first difference.
std::string EveryOp(int threads) {
  for (const char* name : {"float32", "int8", "bfloat16"}) {
    const Matrix m(DTypeNamed(name), 301, 517, 5 + threads);
    for (int op : {ARGMIN_OP_MIN, ARGMIN_OP_MAX, ARGMIN_OP_MINMAX}) {
      for (int axis : {-1, 0, 1}) {
        for (int32_t nan : {ARGMIN_NAN_PROPAGATE, ARGMIN_NAN_IGNORE}) {
          for (int32_t ties : {ARGMIN_TIES_FIRST, ARGMIN_TIES_LAST}) {
            argmin_options o = argmin_default_options();
            o.has_axis = axis >= 0;
            o.axis = axis;
            o.nan_policy = nan;
            o.tie_policy = ties;
            o.num_threads = threads;
            bool failed = false;
            const std::string what = CheckCall(
                m.tensor, m.dt, o, op, MakeDType(kDLInt, 64), false, &failed);
            if (!what.empty() || failed) {
              return std::string(name) + " op " + std::to_string(op) +
                     " axis " + std::to_string(axis) + " threads " +
                     std::to_string(threads) + ": " +
                     (what.empty() ? "failed" : what);
            }
          }
        }
      }
      argmin_options o = argmin_default_options();
      o.num_threads = threads;
      int64_t got[2] = {-2, -2};
      const int64_t n = m.shape[0] * m.shape[1];
      if (argmin_contiguous_reduce(m.bytes.data(), m.dt.dtype, n, op, &o,
                                   op == ARGMIN_OP_MAX ? nullptr : &got[0],
                                   op == ARGMIN_OP_MIN ? nullptr : &got[1]) !=
          ARGMIN_OK) {
        return std::string(name) + " contiguous op " + std::to_string(op) +
               " failed";
      }
      for (int side = 0; side < 2; ++side) {
        if (side == 0 && op == ARGMIN_OP_MAX) continue;
        if (side == 1 && op == ARGMIN_OP_MIN) continue;
        const int64_t want =
            oracle::Arg1D(m.bytes.data(), m.dt.dtype, n, 1, o, side == 1);
        if (got[side] != want) {
          return std::string(name) + " contiguous op " + std::to_string(op) +
                 ": " + std::to_string(got[side]) + ", oracle " +
                 std::to_string(want);
        }
      }
    }
  }
  return "";
}

// What every child checks: that it knows it is one, that a call asking
// for two threads gets them (threads of its own), every op on 0, 1 and 2
// threads, and random calls on 0 to 2 threads.
std::string ChildChecks() {
  if (!internal::InForkedChild()) return "InForkedChild() is false";
  {
    const internal::ThreadLease lease(2, int64_t{1} << 30);
    if (lease.count() != 2) {
      return "a lease of 2 threads got " + std::to_string(lease.count());
    }
  }
  for (int threads : {0, 1, 2}) {
    const std::string what = EveryOp(threads);
    if (!what.empty()) return what;
  }
  std::mt19937_64 rng(99);
  for (int i = 0; i < 300; ++i) {
    bool failed = false;
    const std::string what = OneCall(rng, &failed, i % 3);
    if (!what.empty()) return "random call " + std::to_string(i) + ": " + what;
  }
  return "";
}

// Four threads of a forked child calling at once, asking for 2 and 4
// threads in turn, so that two calls sometimes hold more than one thread
// each: one runs on the child's team, the other on threads of its own.
std::string ChildConcurrentCalls() {
  Failures failures;
  std::vector<std::thread> callers;
  for (int c = 0; c < 4; ++c) {
    callers.emplace_back([&failures, c] {
      std::mt19937_64 rng(40 + c);
      for (int i = 0; i < 60; ++i) {
        bool failed = false;
        const std::string what = OneCall(rng, &failed, 2 + 2 * ((c + i) % 2));
        if (!what.empty()) failures.Add(what);
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  return failures.count.load() == 0 ? "" : failures.first;
}

// Calls whose work is large enough to run on `threads` threads at the
// tests' grain: a plane reduced along each axis, and a long vector.
void ParentCalls(int threads) {
  const Matrix m(DTypeNamed("float32"), 1024, 1024, 1);
  for (int axis : {0, 1}) {
    argmin_options o = argmin_default_options();
    o.has_axis = 1;
    o.axis = axis;
    o.num_threads = threads;
    std::vector<int64_t> out(1024);
    int64_t extent;
    DLTensor t = Int64Vector(&out, &extent);
    EXPECT_EQ(argmin_compute(&m.tensor, &o, &t), ARGMIN_OK);
  }
  argmin_options o = argmin_default_options();
  o.num_threads = threads;
  int64_t index;
  EXPECT_EQ(
      argmin_contiguous(m.bytes.data(), m.dt.dtype, 1024 * 1024, &o, &index),
      ARGMIN_OK);
}

class ForkTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    ASSERT_EQ(argmin_set_parallel_grain(256), ARGMIN_OK);
  }
  void TearDown() override {
    EXPECT_EQ(argmin_set_parallel_grain(0), ARGMIN_OK);
  }
};

// The parent's threads: 0 (OpenMP's default), 1 and 2.
TEST_P(ForkTest, ChildAnswersEveryOpAfterTheParentsCalls) {
  ParentCalls(GetParam());
  EXPECT_FALSE(internal::InForkedChild());
  EXPECT_EQ(InChild(ChildChecks), "");
  // The parent goes on with its own OpenMP threads.
  ParentCalls(GetParam());
  EXPECT_EQ(EveryOp(2), "");
}

TEST_P(ForkTest, ChildAnswersCallsFromManyThreadsAtOnce) {
  ParentCalls(GetParam());
  EXPECT_EQ(InChild(ChildConcurrentCalls), "");
}

TEST_P(ForkTest, GrandchildAnswersToo) {
  ParentCalls(GetParam());
  EXPECT_EQ(InChild([] {
              const std::string what = EveryOp(2);
              if (!what.empty()) return what;
              return InChild(ChildChecks);
            }),
            "");
}

INSTANTIATE_TEST_SUITE_P(ParentThreads, ForkTest, ::testing::Values(0, 1, 2),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return "parent_threads_" +
                                  std::to_string(info.param);
                         });

// Another thread keeps calling on two threads while this one forks, at
// moments spread over its calls, so that some children are made while the
// caller is inside a parallel region or between two.
TEST_F(ForkTest, ChildForkedWhileAnotherThreadIsInsideACall) {
  ParentCalls(2);  // this thread's own OpenMP team, too
  std::atomic<bool> stop{false};
  std::atomic<int> calls{0};
  std::thread caller([&] {
    while (!stop.load()) {
      ParentCalls(2);
      calls.fetch_add(1);
    }
  });
  while (calls.load() == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::mt19937_64 rng(3);
  for (int i = 0; i < 12; ++i) {
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 3000));
    EXPECT_EQ(InChild(ChildChecks), "") << "fork " << i;
  }
  stop.store(true);
  caller.join();
  EXPECT_GT(calls.load(), 1);
}

}  // namespace
}  // namespace argmin
