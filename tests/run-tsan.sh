#!/usr/bin/env bash
# ThreadSanitizer over the tests of concurrent calls (concurrency_test: many
# callers, calls inside a user's parallel region and from a user's pool)
# and of calls in forked children (fork_test), built with clang and LLVM's
# OpenMP runtime, libomp, whose Archer tool tells ThreadSanitizer what
# OpenMP's barriers order (libgomp is not instrumented). Only the baseline
# target and the CPU's widest are compiled. Any report fails the run;
# docs/threads.md has the last result. CI runs it after the other sanitizers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
jobs=$(nproc)
disabled="SSSE3;SSE4"
if grep -qw avx512f /proc/cpuinfo; then
  disabled="$disabled;AVX2"
else
  disabled="$disabled;AVX3"
fi
CC=clang CXX=clang++ cmake -S . -B build/tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DARGMIN_TSAN=ON -DARGMIN_BUILD_BENCHMARKS=OFF -DARGMIN_INSTALL=OFF \
  -DARGMIN_DISABLED_TARGETS="$disabled" >/dev/null
cmake --build build/tsan -j "$jobs" --target argmin_concurrency_test \
  argmin_fork_test
archer=$(clang -print-resource-dir)/../../libarcher.so
[[ -f $archer ]] || archer=/usr/lib/llvm-14/lib/libarcher.so
# die_after_fork=0: a child forked from a process with threads may start
# threads of its own (the library's team in a forked child);
# ignore_noninstrumented_modules=1: no reports of accesses made inside
# uninstrumented libraries, libomp's own locks among them (libomp's
# internal mutexes, initialized by one of its threads and taken by another,
# are reported otherwise; Archer's documentation asks for this setting),
# while every access by our code, instrumented, is still checked;
# halt_on_error: the first report fails the run. Archer says when it is
# active (verbose=1), so that a run without it cannot pass unnoticed.
export TSAN_OPTIONS="die_after_fork=0 ignore_noninstrumented_modules=1 \
halt_on_error=1 second_deadlock_stack=1"
export OMP_TOOL_LIBRARIES=$archer ARCHER_OPTIONS=verbose=1
export OMP_WAIT_POLICY=passive
for test in argmin_concurrency_test argmin_fork_test; do
  log=build/tsan/$test.log
  timeout 1200 "build/tsan/tests/$test" 2>&1 | tee "$log" | tail -n 3
  grep -q "Archer detected OpenMP application with TSan" "$log" || {
    echo "$test: Archer was not active" >&2
    exit 1
  }
  ! grep -q "WARNING: ThreadSanitizer" "$log"
  grep -q "\[  PASSED  \]" "$log" && ! grep -q "\[  FAILED  \]" "$log"
done
